"""Three real `dumas run` processes on one PostgreSQL database, the polling leader
SIGKILLed mid-load (issue 19, item 4).

The processes poll the fake Bot API in this test process; exactly one polls and sends at a
time (the leader, bot/leadership.py). Citizens file complaints; while their updates are
being handled the leader is killed with SIGKILL. Another process must lead within 5 s
(issue 19's target; measured from the kill to the first /healthz of a survivor that says
`leader: true`). At the end: every update Telegram considers delivered is in the inbox
exactly once, every citizen has exactly one ticket with one card, every reply reached its
chat once and in order -- except a request that was on the wire at the kill, which
Telegram (no idempotency key) may show twice -- and Telegram's limits were kept by the
bot as a whole (the fake counts every excess, https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).

Skipped without PostgreSQL's server binaries.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import pytest

from bot.routing.resolver import Router
from flows.events import reply_from_dict
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN
from tests.pg_cluster import Cluster, ClusterUnavailable
from tests.reliability.test_crash_safety import GROUP, _unit_for_cilandak, script
from tests.test_leadership import new_database

ROOT = Path(__file__).resolve().parents[2]
INSTANCES = 3
CITIZENS = 12


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    try:
        with Cluster() as started:
            yield started
    except ClusterUnavailable as exc:
        pytest.skip(str(exc))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def env_for(data: Path, api: FakeBotAPI, url: str, name: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    env.update(
        {
            "DUMAS_DATA_DIR": str(data),
            "DUMAS_DATABASE_URL": url,
            "DUMAS_INSTANCE_ID": name,
            "DUMAS_TELEGRAM_TOKEN": TOKEN,
            "DUMAS_TELEGRAM_API_URL": api.url,
            "DUMAS_HTTP_PORT": str(port),
            "DUMAS_FLOOD_MESSAGES": "10000",
            "DUMAS_LOG_LEVEL": "warning",
        }
    )
    return env


async def healthz(session: aiohttp.ClientSession, port: int) -> dict[str, Any] | None:
    try:
        async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
            report: dict[str, Any] = await response.json()
            return report
    except (aiohttp.ClientError, OSError, ValueError):
        return None  # not listening yet, or killed


async def leaders(session: aiohttp.ClientSession, ports: dict[str, int]) -> list[str]:
    reports = {name: await healthz(session, port) for name, port in ports.items()}
    return [name for name, report in reports.items() if report and report.get("leader")]


async def wait_for(check: Any, timeout: float) -> Any:
    """Poll an async check until it returns something truthy, within a generous bound."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        found = await check()
        if found:
            return found
        await asyncio.sleep(0.1)
    raise TimeoutError("condition not reached")


async def test_the_polling_leader_killed_mid_load_another_takes_over(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    url = new_database(cluster)
    db = await asyncpg.connect(url)
    async with FakeBotAPI(token=TOKEN) as api, aiohttp.ClientSession() as session:
        ports = {f"i{n}": free_port() for n in range(1, INSTANCES + 1)}
        envs = {n: env_for(tmp_path / n, api, url, n, port) for n, port in ports.items()}
        link = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "staff", "link", "--polres",
            _unit_for_cilandak(router), "--chat-id", str(GROUP),
            env=envs["i1"], cwd=ROOT, stdout=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        assert await link.wait() == 0
        processes = {
            name: await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.cli",
                "run",
                env=env,
                cwd=ROOT,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )  # fmt: skip
            for name, env in envs.items()
        }
        try:

            async def all_up() -> bool:
                reports = [await healthz(session, port) for port in ports.values()]
                return all(r is not None for r in reports)

            await wait_for(all_up, 180)
            first = await wait_for(lambda: leaders(session, ports), 60)
            assert len(first) == 1, first
            leader = first[0]

            f = UpdateFactory()
            scripts = {2_000 + n: script(f, 2_000 + n) for n in range(CITIZENS)}
            queue = [u for step in zip(*scripts.values(), strict=True) for u in step]
            half = len(queue) // 2
            pushed = [
                api.push_update({k: v for k, v in u.items() if k != "update_id"})
                for u in queue[:half]
            ]
            # mid-load: wait until the leader has taken some of it and is sending
            await wait_for(
                lambda: db.fetchval("SELECT COUNT(*) > 5 FROM outbox WHERE status = 'sent'"), 120
            )
            processes[leader].send_signal(signal.SIGKILL)
            killed_at = time.monotonic()
            await processes[leader].wait()
            in_flight = {
                r[0] for r in await db.fetch("SELECT id FROM outbox WHERE status = 'sending'")
            }
            survivors = {name: port for name, port in ports.items() if name != leader}
            second = await wait_for(lambda: leaders(session, survivors), 60)
            takeover = time.monotonic() - killed_at
            assert len(second) == 1, second
            pushed += [
                api.push_update({k: v for k, v in u.items() if k != "update_id"})
                for u in queue[half:]
            ]

            async def finished() -> bool:
                tickets = await db.fetchval("SELECT COUNT(*) FROM tickets")
                unsent = await db.fetchval(
                    "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')"
                )
                unhandled = await db.fetchval(
                    "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL"
                )
                return tickets == CITIZENS and not unsent and not unhandled and not api.updates

            await wait_for(finished, 300)
        finally:
            for process in processes.values():
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes.values():
                try:
                    await asyncio.wait_for(process.wait(), 20)
                except TimeoutError:
                    process.kill()

        stored = Counter(
            int(r[0])
            for r in await db.fetch("SELECT external_id FROM inbox WHERE channel = 'telegram'")
        )
        assert set(stored) == set(pushed) and set(stored.values()) == {1}
        tickets = await db.fetch(
            "SELECT t.reference, z.external_id FROM tickets t JOIN citizens z "
            "ON z.id = t.citizen_id"
        )
        assert sorted(int(t[1]) for t in tickets) == sorted(scripts)  # one each
        cards = Counter(
            reference
            for call in api.sent(GROUP)
            for reference, _ in tickets
            if call.method == "sendMessage"
            and call.text
            and reference
            in "\n".join(line for line in call.text.split("\n") if not line.startswith("🔗"))
        )
        card_rows = {
            r[0]: r[1]
            for r in await db.fetch(
                "SELECT t.reference, o.id FROM outbox o JOIN tickets t ON t.id = o.ticket_id "
                "WHERE o.kind = 'card'"
            )
        }
        for reference, _ in tickets:
            assert cards[reference] == 1 or (cards[reference] and card_rows[reference] in in_flight)

        rows = await db.fetch(
            "SELECT id, chat_id, payload FROM outbox WHERE kind = 'reply' ORDER BY id"
        )
        repeated = 0
        for user in scripts:
            mine = [
                (r[0], reply_from_dict(json.loads(r[2])).text) for r in rows if r[1] == str(user)
            ]
            delivered = [c.text for c in api.sent(user)]
            expected: list[str | None] = []
            for row_id, text in mine:  # drop the re-sends of rows on the wire at the kill
                expected.append(text)
                while row_id in in_flight and delivered[len(expected) : len(expected) + 1] == [
                    text
                ]:
                    delivered.pop(len(expected))
                    repeated += 1
            assert delivered == expected, user  # once each, in order
        assert api.limit_violations == 0, api.limit_violation_log[:5]
        await db.close()
        # The takeover time is printed, not asserted (no timed assertions on a shared
        # machine): issue 19's target is 5 s; README "More than one instance" records it.
        print(
            f"\nfailover: {INSTANCES} instances, leader {leader} SIGKILLed mid-load, "
            f"{second[0]} led {takeover:.2f} s later; updates: {len(pushed)} stored once "
            f"each; tickets: {len(tickets)}; replies: {len(rows)}; requests on the wire at "
            f"the kill: {len(in_flight)}, sent twice: {repeated}; limit excesses: 0"
        )
