"""bot/officers/pending.py: the stored kinds keep their values (rows written by a running
installation are read after an upgrade), a value no version writes is no kind, and a
question expires an hour after it was asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.officers.pending import PENDING_TTL, PendingKind, expired, kind_of
from bot.store import staff_pending
from bot.store.database import iso

ASKED = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)


def pending(action: str, at: datetime = ASKED) -> staff_pending.Pending:
    return staff_pending.Pending(action, 1, None, iso(at))


def test_the_stored_values_never_change() -> None:
    assert {k.name: k.value for k in PendingKind} == {
        "REPLY": "reply",
        "CONFIRM_REPLY": "confirm_reply",
        "TRANSFER": "transfer",
        "RESOLVE": "resolve",
        "REJECT": "reject",
    }


@pytest.mark.parametrize("kind", list(PendingKind))
def test_a_stored_kind_is_read_back(kind: PendingKind) -> None:
    assert kind_of(pending(kind.value)) is kind


@pytest.mark.parametrize("action", ["", "edit_reply", "REPLY"])
def test_a_value_no_version_writes_is_no_kind(action: str) -> None:
    assert kind_of(pending(action)) is None


@pytest.mark.parametrize(
    ("after", "is_expired"),
    [
        (timedelta(0), False),
        (PENDING_TTL - timedelta(seconds=1), False),
        (PENDING_TTL, False),
        (PENDING_TTL + timedelta(seconds=1), True),
        (timedelta(days=2), True),
    ],
)
def test_a_question_expires_an_hour_after_it_was_asked(after: timedelta, is_expired: bool) -> None:
    assert expired(pending("reply"), ASKED + after) is is_expired
