"""A ticket's status and the moves allowed between statuses.

The values are the strings stored in `tickets.status` and `ticket_events.status` (SQL
keeps the literals; Python code names the members). The table `MOVES` writes down the
moves the code makes today:

- created "received"; the card reaching a staff group makes it "forwarded" (only from
  "received": a transferred ticket stays "transferred" until claimed);
- while open, officers claim ("in_progress", again by a supervisor taking it over),
  resolve, reject or transfer it (again, to a third unit);
- the purge rejects a ticket nobody could take up ("received" -> "rejected");
- the citizen reopens a resolved ticket; a rejected one stays closed.

The store does not refuse a move off the table (the card actions' preconditions are the
checks that run); `can_move` is the single statement of the lifecycle that those checks
and the tests read.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class TicketStatus(StrEnum):
    RECEIVED = "received"
    FORWARDED = "forwarded"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    TRANSFERRED = "transferred"
    REOPENED = "reopened"


INITIAL = TicketStatus.RECEIVED
CLOSED: frozenset[TicketStatus] = frozenset({TicketStatus.RESOLVED, TicketStatus.REJECTED})
OPEN: frozenset[TicketStatus] = frozenset(TicketStatus) - CLOSED

# What officers can do to any open ticket.
_WORKED = frozenset(
    {
        TicketStatus.IN_PROGRESS,
        TicketStatus.RESOLVED,
        TicketStatus.REJECTED,
        TicketStatus.TRANSFERRED,
    }
)

MOVES: Mapping[TicketStatus, frozenset[TicketStatus]] = {
    TicketStatus.RECEIVED: _WORKED | {TicketStatus.FORWARDED},
    TicketStatus.FORWARDED: _WORKED,
    TicketStatus.IN_PROGRESS: _WORKED,
    TicketStatus.TRANSFERRED: _WORKED,
    TicketStatus.REOPENED: _WORKED,
    TicketStatus.RESOLVED: frozenset({TicketStatus.REOPENED}),
    TicketStatus.REJECTED: frozenset(),
}


def can_move(current: TicketStatus | str, to: TicketStatus | str) -> bool:
    """Whether a ticket in status `current` may get status `to` (stored strings accepted;
    an unknown status moves nowhere)."""
    try:
        return TicketStatus(to) in MOVES[TicketStatus(current)]
    except ValueError:
        return False


def is_open(status: TicketStatus | str) -> bool:
    return status in OPEN
