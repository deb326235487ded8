"""The intake process (DUMAS_INTAKE_PROCESS=true): webhooks answered by a second process.

Real processes: the Runtime spawns `python -m bot.intake.process`, which listens on the
public port; the tests post real webhooks to it and follow them into the main process's
inbox and the replies at the fake Bot API.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.http_server import bound_port
from bot.ingest import Incoming
from bot.intake.journal import JOURNAL_FILE, IntakeJournal
from bot.intake.process import build_intake_app
from bot.routing.resolver import Router
from tests.built_once import second_start
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN, Clock, Harness, make_runtime, settings_for
from tests.pg_cluster import sqlite_only
from tests.reliability.test_crash_safety import env_for, query, start_bot, wait_until

SECRET = "s3cret-token-value"
GOOD = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


def intake_settings(data: Path, api_url: str, **extra: str):
    return settings_for(
        data,
        api_url,
        DUMAS_TELEGRAM_MODE="webhook",
        DUMAS_TELEGRAM_WEBHOOK_SECRET=SECRET,
        DUMAS_PUBLIC_URL="https://dumas.example.go.id",
        DUMAS_HTTP_PORT="0",
        DUMAS_INTAKE_PROCESS="true",
        **extra,
    )


@asynccontextmanager
async def running(
    data: Path, api: FakeBotAPI, router: Router, clock: Clock
) -> AsyncIterator[Harness]:
    """A Runtime with the intake process, started and (whatever happens) stopped."""
    runtime = make_runtime(
        intake_settings(data, api.url), router, clock=clock, poll=False, serve_http=True
    )
    await runtime.start()
    try:
        yield Harness(api, runtime)
    finally:
        await runtime.stop()


def public_base(h: Harness) -> str:
    """Where the platforms post: the intake process's port (taken again after a restart)."""
    return f"http://127.0.0.1:{h.runtime.http_port}"


def journal_rows(data: Path) -> int:
    with sqlite3.connect(data / JOURNAL_FILE) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM journal").fetchone()[0])


async def test_webhooks_go_through_the_intake_process(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    data = tmp_path / "data"
    async with FakeBotAPI(token=TOKEN) as api:
        async with running(data, api, router, clock) as h:
            intake = h.runtime.intake
            assert intake is not None and intake.pid != os.getpid()
            base = public_base(h)
            update = h.updates.command(9105, "/start")
            async with aiohttp.ClientSession() as session:
                for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                    async with session.post(
                        f"{base}/telegram/webhook", json=update, headers=headers
                    ) as response:
                        assert response.status == 403
                async with session.post(
                    f"{base}/telegram/webhook", data=b"{not json", headers=GOOD
                ) as response:
                    assert response.status == 400
                assert journal_rows(data) == 0
                for _ in range(2):  # Telegram retries: stored and answered once
                    async with session.post(
                        f"{base}/telegram/webhook", json=update, headers=GOOD
                    ) as response:
                        assert response.status == 200
                        assert await response.json() == {"ok": True}
                await until(lambda: len(api.sent(9105)) == 1)
                await h.settle()
                assert len(await h.rows("SELECT * FROM inbox")) == 1
                assert len(api.sent(9105)) == 1
                # other paths are served by the main process, through the intake process
                async with session.get(f"{base}/healthz") as response:
                    report = await response.json()
                    assert response.status == 200 and report["ok"] is True
                    assert "intake_backlog" in report
        assert journal_rows(data) == 0  # everything moved, the journal trimmed


async def until(condition, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.02)


async def post(session: aiohttp.ClientSession, base: str, update: dict) -> int:  # type: ignore[type-arg]
    async with session.post(f"{base}/telegram/webhook", json=update, headers=GOOD) as response:
        return response.status


async def test_a_conversation_goes_on_after_the_journal_was_trimmed(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    """Each message waits until the journal rows before it were moved and deleted (a
    journal whose ids came back after a trim once stalled the second message)."""
    data = tmp_path / "data"
    async with FakeBotAPI(token=TOKEN) as api, running(data, api, router, clock) as h:
        async with aiohttp.ClientSession() as session:
            for n, text in enumerate(["/aduan", "halo", "/bantuan", "/status"], 1):
                update = h.updates.text(9106, text)
                assert await post(session, public_base(h), update) == 200
                await until(lambda n=n: len(api.sent(9106)) >= n)
                await h.settle()
                await until(lambda: journal_rows(data) == 0)  # trimmed by the intake
        assert [r[0] for r in await h.rows("SELECT outcome FROM inbox ORDER BY id")] == ["ok"] * 4


async def test_a_killed_intake_process_is_restarted_and_nothing_acknowledged_is_lost(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    async with FakeBotAPI(token=TOKEN) as api, running(tmp_path / "data", api, router, clock) as h:
        intake = h.runtime.intake
        assert intake is not None and intake.pid is not None
        acknowledged = []
        async with aiohttp.ClientSession() as session:
            for user in range(9200, 9210):
                update = h.updates.command(user, "/start")
                if await post(session, public_base(h), update) == 200:
                    acknowledged.append(update["update_id"])
            first = intake.pid
            os.kill(first, signal.SIGKILL)
            await until(lambda: intake.starts == 2 and intake.ready.is_set(), 15)
            assert intake.pid != first
            for user in range(9210, 9220):
                update = h.updates.command(user, "/start")
                assert await post(session, public_base(h), update) == 200
                acknowledged.append(update["update_id"])
        await until(lambda: all(api.sent(u) for u in range(9210, 9220)))
        await h.settle()
        stored = {
            int(r[0])
            for r in await h.rows("SELECT external_id FROM inbox WHERE channel = 'telegram'")
        }
        assert set(acknowledged) <= stored and len(acknowledged) == 20
        for user in range(9200, 9220):
            assert len(api.sent(user)) == 1  # answered once each


async def test_rows_acknowledged_before_a_crash_are_moved_at_the_next_start(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    """The intake process acknowledged updates, then the main process died before moving
    them: the next start moves them into the inbox and answers them."""
    data = tmp_path / "data"
    async with FakeBotAPI(token=TOKEN) as api:
        async with running(data, api, router, clock) as h:
            pass  # a first run creates the data directory and the journal
        journal = await IntakeJournal(data).open(writer=True)
        updates = [h.updates.command(user, "/start") for user in (9301, 9302)]
        await journal.append("telegram", [Incoming(str(u["update_id"]), u) for u in updates])
        await journal.close()
        async with running(data, api, router, clock) as h:
            await h.settle()
            assert len(api.sent(9301)) == 1 and len(api.sent(9302)) == 1
            assert journal_rows(data) == 0


@sqlite_only("reads the store's SQLite file after the kill")
async def test_dumas_run_with_the_intake_process_survives_sigkill_and_stops_on_sigterm(
    tmp_path: Path, free_tcp_port: int, gazetteer_cache: Path
) -> None:
    """Real `dumas run` processes: the main process is SIGKILLed while updates arrive;
    its intake process notices and exits (the port is free again), updates it had
    acknowledged are handled after the restart, each once; SIGTERM stops both cleanly."""
    # not a first start: the gazetteer's build (~3.5 s of CPU) is not this test's subject
    data = second_start(tmp_path / "data", gazetteer_cache)
    port = free_tcp_port
    base = f"http://127.0.0.1:{port}"
    async with FakeBotAPI(token=TOKEN) as api:
        env = env_for(data, api) | {
            "DUMAS_TELEGRAM_MODE": "webhook",
            "DUMAS_TELEGRAM_WEBHOOK_SECRET": SECRET,
            "DUMAS_PUBLIC_URL": "https://dumas.example.go.id",
            "DUMAS_HTTP_PORT": str(port),
            "DUMAS_INTAKE_PROCESS": "true",
        }
        f = UpdateFactory()
        acknowledged: list[int] = []
        async with aiohttp.ClientSession() as session:

            async def post_all(users: range) -> None:
                for user in users:
                    update = f.command(user, "/start")
                    with contextlib.suppress(aiohttp.ClientError):
                        if await post(session, base, update) == 200:
                            acknowledged.append(user)

            async def healthy() -> None:
                # Generous: a start imports and loads the routing data, which takes
                # long on two cores shared with the parallel suite (30 s was too short).
                loop = asyncio.get_running_loop()
                deadline = loop.time() + 120
                while loop.time() < deadline:
                    with contextlib.suppress(aiohttp.ClientError):
                        async with session.get(f"{base}/healthz") as response:
                            if response.status == 200:
                                return
                    await asyncio.sleep(0.1)
                raise TimeoutError("dumas run did not come up")

            bot = await start_bot(env)
            await healthy()
            await post_all(range(9400, 9410))
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
            # A reply whose request was in flight at the kill is sent again after the
            # restart (Telegram has no idempotency key; docs/reliability.md): its chat may
            # see it twice, every other chat exactly once.
            in_flight = {
                int(r[0])
                for r in query(
                    data / "dumas.sqlite3",
                    "SELECT chat_id FROM outbox WHERE status = 'sending' AND kind = 'reply'",
                )
            }
            await post_all(range(9410, 9415))  # the orphaned intake may still take these
            await wait_until(lambda: not port_open(port), 60)  # it exits by itself
            bot = await start_bot(env)
            await healthy()
            await post_all(range(9415, 9420))

            def answered(user: int) -> bool:
                return len(api.sent(user)) in ((1, 2) if user in in_flight else (1,))

            await wait_until(lambda: all(answered(u) for u in acknowledged), 120)
            bot.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(bot.wait(), 30) == 0
        assert not port_open(port)  # the intake process stopped with it
        assert set(range(9400, 9410)) | set(range(9415, 9420)) <= set(acknowledged)
        stored = Counter(
            int(r[0])
            for r in query(
                data / "dumas.sqlite3",
                "SELECT json_extract(payload, '$.message.from.id') FROM inbox",
            )
        )
        assert set(acknowledged) <= set(stored) and set(stored.values()) == {1}
        assert all(answered(u) for u in acknowledged)


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def test_the_pass_through_answers_503_when_the_main_process_is_down(
    tmp_path: Path, free_tcp_port: int
) -> None:
    """Health checks and delivery reports reach the main process through the intake
    process; while it is away they get a clear 503, not a hang or a crash."""
    settings = intake_settings(tmp_path / "data", "http://127.0.0.1:1")
    journal = await IntakeJournal(settings.data_dir).open(writer=True)
    dead_upstream = f"http://127.0.0.1:{free_tcp_port}"  # nothing listens there
    runner = web.AppRunner(build_intake_app(settings, journal, dead_upstream))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        url = f"http://127.0.0.1:{bound_port(runner)}/healthz"
        async with aiohttp.ClientSession() as session, session.get(url) as r:
            assert r.status == 503
            assert await r.json() == {"ok": False, "error": "main process unavailable"}
    finally:
        await runner.cleanup()
        await journal.close()
