"""A complaint filed through the bot (fake Bot API, a staff group bound to its unit):
the statements of the ticket's transaction on PostgreSQL, from the ticket's INSERT to
the inbox row's mark (bench/README.md "Session 36: the ticket's transaction on
PostgreSQL"), and the rows it writes on both backends (DUMAS_TEST_DATABASE)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.routing.resolver import Router
from bot.store import staff_groups
from bot.store.postgres import PgConnection
from tests.e2e.steps import answer_until, reach
from tests.harness import Clock, Harness, telegram_harness

UNIT = "polres-metro-jakarta-selatan"
GROUP = -1001000000001
USER = 7701
JPEG = b"\xff\xd8\xff\xe0" + b"photo-bytes" * 100


@pytest.fixture
async def bound(tmp_path: Path, router: Router, clock: Clock) -> AsyncIterator[Harness]:
    async with telegram_harness(tmp_path / "data", router, clock=clock, timer_interval=3600) as h:
        await staff_groups.bind(h.db, str(GROUP), UNIT, "unit")
        yield h


def _record(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL run on a connection from the statement that inserts a ticket to the inbox
    row's mark (excluded), as the server executes it (an `executemany`: once per row)."""
    seen: list[str] = []
    state: dict[str, Any] = {"conn": None}
    run, executemany = PgConnection._run, PgConnection.executemany

    def note(conn: PgConnection, sql: str, times: int) -> None:
        if "INSERT INTO tickets" in sql:
            state["conn"] = conn
        elif sql.startswith("UPDATE inbox SET processed_at") and conn is state["conn"]:
            state["conn"] = None
        if conn is state["conn"]:
            seen.extend([sql] * times)

    async def recording_run(self: PgConnection, sql: str, parameters: Any) -> Any:
        note(self, sql, 1)
        return await run(self, sql, parameters)

    async def recording_many(self: PgConnection, sql: str, parameters: Any) -> Any:
        rows = list(parameters)
        note(self, sql, len(rows))
        return await executemany(self, sql, rows)

    monkeypatch.setattr(PgConnection, "_run", recording_run)
    monkeypatch.setattr(PgConnection, "executemany", recording_many)
    return seen


async def test_the_tickets_transaction_reads_no_ticket_back(
    bound: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = bound
    citizen = h.citizen(USER)
    await reach(citizen, "evidence")
    h.api.add_file("PHOTO1", JPEG)
    await citizen.send(h.updates.photo(USER, file_id="PHOTO1", file_size=len(JPEG)))
    await citizen.press("ev:done")
    await answer_until(citizen, "summary")
    seen = _record(monkeypatch)
    await citizen.press("sum:confirm")

    (ticket,) = await h.rows("SELECT id, status, unit_id, kind FROM tickets")
    assert ticket["unit_id"] == UNIT
    events = await h.rows(
        "SELECT kind, status FROM ticket_events WHERE ticket_id = ? ORDER BY id", ticket["id"]
    )
    # received in the ticket's transaction; forwarded when its card was sent
    assert [(e["kind"], e["status"]) for e in events][0] == ("status", "received")
    files = await h.rows("SELECT ticket_id FROM evidence")
    assert [f["ticket_id"] for f in files] == [ticket["id"]]
    deadlines = await h.rows(
        "SELECT kind FROM ticket_deadlines WHERE ticket_id = ? ORDER BY kind", ticket["id"]
    )
    assert [d["kind"] for d in deadlines] == ["claim", "resolve"]
    cards = await h.rows(
        "SELECT chat_id FROM outbox WHERE ticket_id = ? AND kind = 'card'", ticket["id"]
    )
    assert [c["chat_id"] for c in cards] == [str(GROUP)]

    if h.db.dialect != "postgresql":
        return
    shapes = [" ".join(sql.split()) for sql in seen]
    # the ticket, its event and its file: one statement; never read back by id
    assert sum("INSERT INTO tickets" in s for s in shapes) == 1
    assert not any(s.startswith("INSERT INTO ticket_events") for s in shapes)
    assert not any(s.startswith("UPDATE evidence SET ticket_id") for s in shapes)
    read_back = re.compile(r"^SELECT (id, reference, .*|kind) FROM tickets WHERE id = \?$")
    assert not any(read_back.match(s) for s in shapes), shapes
    # both deadlines in one execution
    assert sum("INSERT INTO ticket_deadlines" in s for s in shapes) == 1
    # the draft's files are the ticket's now: no look for files a draft left behind
    # (session 39: it could find none, the citizen having an open ticket)
    assert not any(s.startswith("SELECT stored_name FROM evidence") for s in shapes), shapes
    # the unit's groups read with their cards waiting, not each group's count apart
    assert not any(s.startswith("SELECT COUNT(*) FROM outbox WHERE chat_id") for s in shapes)
    # 16 now (a card with its file, no digest, no duplicate); 8 more before: the event
    # and the file apart from the ticket, the ticket read back twice, its kind, a deadline,
    # the draft's leftover files, the group's cards waiting
    assert len(shapes) <= 16, shapes
