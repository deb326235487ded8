"""What an officer was asked to type next: the kinds of pending text, and their expiry.

A button that needs words from the officer (Reply, Resolve's closing note, Reject's
"other" reason, Transfer's unit name) asks with a ForceReply (`Turn.ask`) and stores
what it asked in `staff_pending` (bot/store/staff_pending.py), one row per officer and group, so
the officer's next text in the group is read as that answer even after a restart. The
table of what each kind does with the text is bot/officers/follow_ups.py.

The kinds' values are stored: they never change, as rows written by a running
installation must still be read after an upgrade.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from bot.store import staff_pending
from bot.store.database import iso

# An answer typed long after the question is more likely chatter than an answer.
PENDING_TTL = timedelta(hours=1)


class PendingKind(StrEnum):
    REPLY = "reply"  # the reply to relay to the citizen (text, photo or document)
    CONFIRM_REPLY = "confirm_reply"  # a reply held for harsh language ("Send anyway")
    TRANSFER = "transfer"  # the name of the unit to transfer to (asked again until chosen)
    RESOLVE = "resolve"  # the closing note
    REJECT = "reject"  # the reason for rejecting, in the officer's words


def kind_of(pending: staff_pending.Pending) -> PendingKind | None:
    """The stored kind, or None for a value no version of Dumas writes any more."""
    try:
        return PendingKind(pending.action)
    except ValueError:
        return None


def expired(pending: staff_pending.Pending, now: datetime) -> bool:
    """True when the question was asked more than `PENDING_TTL` before `now` (the store
    stamps `created_at` as an ISO string in UTC, so the strings compare as times)."""
    return iso(now - PENDING_TTL) > pending.created_at
