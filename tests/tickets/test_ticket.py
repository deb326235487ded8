"""bot/tickets: the statuses, the moves between them, and times parsed once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.tickets.status import CLOSED, MOVES, OPEN, TicketStatus, can_move, is_open
from bot.tickets.ticket import Ticket, parse_utc, parse_utc_or_none

S = TicketStatus

# (from, to, allowed): every move the code makes, and the ones it must not.
MOVE_CASES = [
    (S.RECEIVED, S.FORWARDED, True),  # the card reached the staff group
    (S.RECEIVED, S.IN_PROGRESS, True),  # claimed from a digest before a card arrived
    (S.RECEIVED, S.REJECTED, True),  # the purge closes a ticket nobody could take up
    (S.FORWARDED, S.IN_PROGRESS, True),
    (S.FORWARDED, S.RESOLVED, True),  # resolved without a claim
    (S.IN_PROGRESS, S.IN_PROGRESS, True),  # a supervisor takes it over
    (S.IN_PROGRESS, S.TRANSFERRED, True),
    (S.TRANSFERRED, S.TRANSFERRED, True),  # on to a third unit
    (S.TRANSFERRED, S.IN_PROGRESS, True),
    (S.REOPENED, S.RESOLVED, True),
    (S.RESOLVED, S.REOPENED, True),  # the citizen says it is not solved
    (S.FORWARDED, S.FORWARDED, False),
    (S.TRANSFERRED, S.FORWARDED, False),  # stays "transferred" until claimed
    (S.IN_PROGRESS, S.RECEIVED, False),
    (S.IN_PROGRESS, S.REOPENED, False),  # only a resolved ticket reopens
    (S.RESOLVED, S.IN_PROGRESS, False),
    (S.RESOLVED, S.RESOLVED, False),
    (S.REJECTED, S.REOPENED, False),  # a rejection is final
    (S.REJECTED, S.IN_PROGRESS, False),
]


@pytest.mark.parametrize(("current", "to", "allowed"), MOVE_CASES)
def test_moves(current: TicketStatus, to: TicketStatus, allowed: bool) -> None:
    assert can_move(current, to) is allowed
    assert can_move(str(current), str(to)) is allowed  # the stored strings too


def test_the_table_covers_every_status_and_closed_tickets_move_only_to_reopened() -> None:
    assert set(MOVES) == set(TicketStatus)
    for status in CLOSED:
        assert MOVES[status] <= {S.REOPENED}
    assert all(S.RECEIVED not in targets for targets in MOVES.values())  # only at creation


def test_values_are_the_stored_strings() -> None:
    assert [s.value for s in TicketStatus] == [
        "received",
        "forwarded",
        "in_progress",
        "resolved",
        "rejected",
        "transferred",
        "reopened",
    ]
    assert TicketStatus("in_progress") is S.IN_PROGRESS
    assert "resolved" in CLOSED  # a stored string finds its member


@pytest.mark.parametrize(
    ("status", "open_"),
    [(S.RECEIVED, True), (S.REOPENED, True), (S.RESOLVED, False), ("rejected", False)],
)
def test_open_and_closed(status: TicketStatus | str, open_: bool) -> None:
    assert is_open(status) is open_
    assert OPEN.isdisjoint(CLOSED)


def test_an_unknown_status_moves_nowhere() -> None:
    assert not can_move("archived", S.RESOLVED)
    assert not can_move(S.RECEIVED, "archived")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what bot/store/database.py `iso` writes
        ("2026-03-01T02:03:04.000005+00:00", datetime(2026, 3, 1, 2, 3, 4, 5, tzinfo=UTC)),
        # no offset: stored times are UTC
        ("2026-03-01T02:03:04", datetime(2026, 3, 1, 2, 3, 4, tzinfo=UTC)),
        # another offset is brought to UTC (WIB is +07:00)
        ("2026-03-01T09:03:04+07:00", datetime(2026, 3, 1, 2, 3, 4, tzinfo=UTC)),
    ],
)
def test_parse_utc(text: str, expected: datetime) -> None:
    parsed = parse_utc(text)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)
    assert parsed.tzinfo is UTC


def test_parse_utc_or_none() -> None:
    assert parse_utc_or_none(None) is None
    assert parse_utc_or_none("") is None
    wita = timezone(timedelta(hours=8))
    assert parse_utc_or_none("2026-03-01T10:00:00+08:00") == datetime(2026, 3, 1, 10, tzinfo=wita)


def test_ticket_is_frozen_and_knows_whether_it_is_open() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    ticket = Ticket(
        id=1,
        reference="DMS-K7QM-XP4C",
        citizen_id=2,
        kind="complaint",
        category="theft",
        priority="normal",
        status=S.RESOLVED,
        unit_id="u",
        polda_id="p",
        timezone="Asia/Jakarta",
        description="x",
        occurred_at=None,
        occurred_text=None,
        place_text=None,
        place_code=None,
        place_label=None,
        latitude=None,
        longitude=None,
        contact="chat",
        locale="id",
        created_at=now,
        updated_at=now,
    )
    assert not ticket.is_open
    with pytest.raises(AttributeError):
        ticket.status = S.REOPENED  # type: ignore[misc]
