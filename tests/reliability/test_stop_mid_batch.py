"""Stopping Dumas (PostgreSQL) while a gathered batch of steps is on the server.

Several citizens' conversational steps wait for the store's one connection at once and
go as ONE statement (bot/store/gathering.py, `steps.apply_many`). Here that statement is
held on the server (another session locks one of its inbox rows, as a slow server or a
long lock would) while the runtime stops gracefully: the stop waits its 10 s for the
drains (bot/app.py), closes the store with the statement still waiting, and exits.
The server then finishes the statement (committed: the client that sent it is gone) or
cancels it (nothing of it written). Either way, once a new runtime has started on the
same database, every citizen's steps are done exactly once: the replies in the outbox,
the conversations and the inbox are those of a run that was never stopped.

PostgreSQL only (the gathering is PostgreSQL's): on the suite's cluster with
`DUMAS_TEST_DATABASE=postgresql`, otherwise on the throwaway one of
tests/dispatcher/pg_database.py.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.app import Runtime
from bot.channels.console import ConsoleAdapter
from bot.ingest import Incoming, ingest
from bot.routing.resolver import Router
from bot.settings import load_settings
from bot.store import steps
from bot.store.connection import Connection
from tests.dispatcher.pg_database import fresh_database_url
from tests.pg_cluster import Cluster

CITIZENS = [f"warga{n}" for n in range(6)]
# Conversational steps only (each the one-statement kind), and no clock in any reply,
# so that two runs write the same rows.
SCRIPT = (
    {"text": "/aduan"},
    {"choice": "consent:yes"},
    {"choice": "cat:crime"},
    {"text": "cerita kejadian cukup panjang milik {user}"},
)
# Each wait bounds a failure only (the machine is shared and slow).
WAIT = 120.0


def _events(prefix: str) -> list[Incoming]:
    """Every citizen's script, the citizens' events interleaved as they arrive."""
    return [
        Incoming(
            f"{prefix}-{user}-{n}",
            {key: value.format(user=user) for key, value in step.items()} | {"user": user},
        )
        for n, step in enumerate(SCRIPT)
        for user in CITIZENS
    ]


def _runtime(url: str, data: Path, router: Router) -> tuple[Runtime, ConsoleAdapter]:
    settings = load_settings(
        {"DUMAS_DATA_DIR": str(data), "DUMAS_DATABASE_URL": url, "DUMAS_FLOOD_MESSAGES": "1000"},
        env_file=None,
    )
    console = ConsoleAdapter(out=io.StringIO())
    runtime = Runtime(
        settings, router=router, serve_http=False, extra_channels=[(console, console.sender)]
    )
    return runtime, console


async def _outcome(runtime: Runtime) -> dict[str, Any]:
    """What the steps wrote, comparable across runs: each citizen's replies in order,
    conversations, inbox outcomes."""
    db = runtime.db
    replies = await db.fetchall("SELECT o.chat_id, o.kind, o.payload FROM outbox o ORDER BY o.id")
    by_chat: dict[str, list[tuple[str, str]]] = {}
    for chat, kind, payload in replies:
        by_chat.setdefault(chat, []).append((kind, payload))
    states = await db.fetchall(
        "SELECT z.external_id, c.state, c.draft FROM conversations c "
        "JOIN citizens z ON z.id = c.citizen_id ORDER BY z.external_id"
    )
    outcomes = await db.fetchall("SELECT outcome, COUNT(*) FROM inbox GROUP BY outcome")
    return {
        "replies": by_chat,
        "conversations": [tuple(r) for r in states],
        "inbox": sorted(tuple(r) for r in outcomes),
    }


async def _settled(runtime: Runtime) -> None:
    """Every inbox row processed and every reply sent (the lanes a stopped runtime's
    server session still held are taken by the sweep once it ends)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while loop.time() < deadline:
        left = await runtime.db.fetchone(
            "SELECT (SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL) + "
            "(SELECT COUNT(*) FROM outbox WHERE status != 'sent')"
        )
        if left[0] == 0 and not runtime.dispatcher._running:
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("the restarted runtime did not finish the citizens' steps")


async def _uninterrupted(url: str, data: Path, router: Router) -> dict[str, Any]:
    runtime, console = _runtime(url, data, router)
    await runtime.start()
    try:
        await ingest(runtime.db, runtime.dispatcher, console, _events("e"))
        await _settled(runtime)
        return await _outcome(runtime)
    finally:
        await runtime.stop()


@pytest.mark.timeout(600)
async def test_a_stop_while_a_gathered_batch_is_on_the_server_loses_and_repeats_nothing(
    tmp_path: Path, router: Router, pg_cluster: Cluster | None
) -> None:
    expected = await _uninterrupted(await fresh_database_url(pg_cluster), tmp_path / "a", router)
    # every citizen answered at each step: a comparison that cannot pass on nothing
    assert sorted(expected["replies"]) == CITIZENS
    assert all(len(replies) >= len(SCRIPT) for replies in expected["replies"].values())
    url = await fresh_database_url(pg_cluster)
    runtime, console = _runtime(url, tmp_path / "b", router)
    locker = await asyncpg.connect(url)
    held: asyncio.Future[Sequence[steps.ConversationalStep]] = (
        asyncio.get_running_loop().create_future()
    )
    apply_many = steps.apply_many

    async def held_on_the_server(
        conn: Connection, batch: Sequence[steps.ConversationalStep]
    ) -> list[bool]:
        # the first batch of several lanes: one of its inbox rows locked by another
        # session first, so the statement waits on the server
        if len(batch) > 1 and not held.done():
            await locker.execute("BEGIN")
            await locker.execute("SELECT id FROM inbox WHERE id = $1 FOR UPDATE", batch[0].inbox_id)
            held.set_result(batch)
        return await apply_many(conn, batch)

    try:
        await runtime.start()
        runtime.dispatcher._conversational._send_many = held_on_the_server
        await ingest(runtime.db, runtime.dispatcher, console, _events("e"))
        batch = await asyncio.wait_for(held, WAIT)
        await _until(locker, "the batch's statement waits on the server", waiting=True)

        await runtime.stop()  # graceful: the drains get 10 s, then the store closes

        # closing the store ended its server session, and the statement with it: the
        # locked row was never had, so nothing of the batch was written
        await _until(locker, "the stopped runtime's statement ended", waiting=False)
        await locker.execute("ROLLBACK")
        processed = await locker.fetchval(
            "SELECT COUNT(*) FROM inbox WHERE id = ANY($1::bigint[]) AND processed_at IS NOT NULL",
            [step.inbox_id for step in batch],
        )
        assert (len(batch) > 1, processed) == (True, 0)

        restarted, _console = _runtime(url, tmp_path / "b", router)
        await restarted.start()
        try:
            await _settled(restarted)
            assert await _outcome(restarted) == expected
        finally:
            await restarted.stop()
    finally:
        await locker.close()


async def _until(locker: Any, what: str, *, waiting: bool) -> None:
    """Until a server session of this database (not the locker's) waits on a lock, or
    until none does."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while True:
        count = await locker.fetchval(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid != pg_backend_pid() AND wait_event_type = 'Lock'"
        )
        if bool(count) == waiting:
            return
        assert loop.time() < deadline, f"never: {what}"
        await asyncio.sleep(0.05)
