"""Fixtures for the officers' tests: a runtime on the fake Bot API with a controllable
clock, a staff group bound to Polres Metro Jakarta Selatan, and helpers that play the
officers (button presses, replies in the group) and file complaints as citizens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.routing.resolver import Router
from bot.store import staff_groups
from bot.store.connection import Connection
from bot.store.database import Database, open_store
from bot.tickets.status import INITIAL, can_move
from tests import harness
from tests.e2e.steps import answer_until
from tests.fakes.telegram_api import Call, FakeBotAPI
from tests.harness import Clock, Harness, TgCitizen, telegram_harness

JAKSEL = "polres-metro-jakarta-selatan"
JAKTIM = "polres-metro-jakarta-timur"
POLDA = "polda-metro-jaya"
GROUP = -1001000000001
GROUP_TIMUR = -1001000000002
SUPERVISORS = -1001000000009
OFFICER = 9001
OFFICER_2 = 9002
OUTSIDER = 6666
STORED_AT = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # far from the wall clock on purpose


@pytest.fixture
async def store(tmp_path: Path, test_database: str | None) -> AsyncIterator[Database]:
    """A migrated store alone (SQLite; PostgreSQL with DUMAS_TEST_DATABASE=postgresql),
    for the unit tests that need no runtime."""
    db = await open_store(test_database or "", tmp_path / "t.sqlite3").open()
    try:
        yield db
    finally:
        await db.close()


async def stored_ticket(
    conn: Connection, unit: str = JAKSEL, at: datetime = STORED_AT
) -> tuple[int, str]:
    """A ticket of `unit` (in Polda Metro Jaya) filed by one citizen: its id and number."""
    return await harness.stored_ticket(conn, unit=unit, polda=POLDA, at=at)


def reply_target(call: Call) -> int | None:
    """The message a sent message replies to (PTB sends reply_parameters)."""
    params = call.params.get("reply_parameters")
    if isinstance(params, dict):
        return params.get("message_id")
    value = call.params.get("reply_to_message_id")
    return int(value) if value is not None else None


@dataclass
class Desk:
    h: Harness
    clock: Clock

    @property
    def api(self) -> FakeBotAPI:
        return self.h.api

    def group_calls(self, chat: int = GROUP) -> list[Call]:
        return self.api.sent(chat)

    async def bind(self, chat: int, unit: str, role: str = "unit") -> None:
        await staff_groups.bind(self.h.db, str(chat), unit, role)

    def card_of(self, reference: str, chat: int = GROUP) -> Call:
        for call in self.group_calls(chat):
            if (
                call.method == "sendMessage"
                and call.text
                and reference in call.text
                and any(
                    d.startswith("t:claim:") or d.startswith("t:reply:")
                    for d in call.callback_data()
                )
            ):
                return call
        raise AssertionError(f"no card for {reference} in {chat}")

    async def press(
        self, user: int, data: str, chat: int = GROUP, message_id: int | None = None
    ) -> list[Call]:
        if message_id is None:
            message_id = next(
                c.result["message_id"]
                for c in reversed(self.group_calls(chat))
                if data in c.callback_data()
            )
        before = len(self.api.calls)
        await self.h.deliver(self.h.updates.callback(user, data, message_id, chat_id=chat))
        return self.api.calls[before:]

    async def say(
        self, user: int, text: str, chat: int = GROUP, reply_to: int | None = None
    ) -> list[Call]:
        before = len(self.api.calls)
        await self.h.deliver(
            self.h.updates.group_text(chat, user, text, reply_to_message_id=reply_to)
        )
        return self.api.calls[before:]

    async def file(
        self,
        citizen: TgCitizen,
        description: str = "Motor saya dicuri dua orang tak dikenal di parkiran pasar",
        place: str = "kec cilandak jaksel",
        contact: str = "chat",
        category: str = "crime",
    ) -> str:
        await citizen.say("/start")
        await answer_until(
            citizen,
            "summary",
            story=description,
            place=place,
            category=category,
            when="when:today",
        )
        await citizen.press("sum:anonymous" if contact == "anonymous" else "sum:confirm")
        rows = await self.h.rows(
            "SELECT reference FROM tickets t JOIN citizens c ON "
            "c.id = t.citizen_id WHERE c.external_id = ? ORDER BY t.id "
            "DESC LIMIT 1",
            str(citizen.user_id),
        )
        return str(rows[0][0])

    async def ticket(self, reference: str) -> dict[str, Any]:
        rows = await self.h.rows("SELECT * FROM tickets WHERE reference = ?", reference)
        return dict(rows[0])

    async def events(self, reference: str) -> list[dict[str, Any]]:
        rows = await self.h.rows(
            "SELECT e.* FROM ticket_events e JOIN tickets t ON "
            "t.id = e.ticket_id WHERE t.reference = ? ORDER BY e.id",
            reference,
        )
        return [dict(r) for r in rows]


@pytest.fixture
async def desk(tmp_path: Path, router: Router) -> AsyncIterator[Desk]:
    clock = Clock(datetime.now(UTC))
    async with telegram_harness(tmp_path / "data", router, clock=clock, timer_interval=3600) as h:
        d = Desk(h, clock)
        for user in (OFFICER, OFFICER_2):
            h.api.set_member(GROUP, user, "member")
            h.api.set_member(GROUP_TIMUR, user, "member")
            h.api.set_member(SUPERVISORS, user, "administrator")
        await d.bind(GROUP, JAKSEL)
        yield d
        await moves_are_allowed(d)


async def moves_are_allowed(desk: Desk) -> None:
    """Every status history the test produced follows bot/tickets/status.py's table: each
    officers' test checks the table against the moves the code really makes."""
    rows = await desk.h.rows(
        "SELECT ticket_id, status FROM ticket_events WHERE kind = 'status' ORDER BY ticket_id, id"
    )
    history: dict[int, list[str]] = {}
    for row in rows:
        history.setdefault(int(row[0]), []).append(str(row[1]))
    for ticket_id, statuses in history.items():
        assert statuses[0] == INITIAL, (ticket_id, statuses)
        for current, to in zip(statuses, statuses[1:], strict=False):
            assert can_move(current, to), (ticket_id, statuses)
