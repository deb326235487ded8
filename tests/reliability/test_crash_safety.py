"""Crash safety: the bot process is killed with SIGKILL again and again while citizens
file complaints; after each restart nothing acknowledged is lost or doubled.

The bot runs as a real `dumas run` process (long polling) against the fake Bot API in
this test process. Every kill is followed by PRAGMA integrity_check on the database. At
the end: every update Telegram considers delivered (its offset passed) is in the inbox
exactly once; every confirmed complaint has exactly one ticket and one card in its staff
group; every reply reached its chat, in order, and a message reached a chat twice only if
its request was in flight at the moment of a kill (Telegram has no idempotency key).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sqlite3
import sys
from collections import Counter
from pathlib import Path

from bot.routing.resolver import Router
from flows.events import reply_from_dict
from tests.built_once import second_start
from tests.e2e.steps import DESCRIPTION
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN
from tests.pg_cluster import sqlite_only
from tests.reliability.outcomes import assert_each_card_once, cards_sent

GROUP = -1009000
OFFICER = 4242
CITIZENS = 24
KILLS = 6


def script(f: UpdateFactory, user: int) -> list[dict]:
    """A whole complaint as the updates Telegram would send, buttons pressed by data."""
    return [
        f.command(user, "/aduan"),
        f.callback(user, "consent:yes", 1),
        f.callback(user, "cat:crime", 2),
        f.text(user, DESCRIPTION),
        f.callback(user, "when:yesterday", 3),
        f.text(user, "kec cilandak jaksel"),
        f.callback(user, "place:yes", 4),
        f.callback(user, "ev:skip", 5),
        f.callback(user, "contact:chat", 6),
        f.callback(user, "sum:confirm", 7),
    ]


def env_for(data: Path, api: FakeBotAPI) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    env.update(
        {
            "DUMAS_DATA_DIR": str(data),
            "DUMAS_TELEGRAM_TOKEN": TOKEN,
            "DUMAS_TELEGRAM_API_URL": api.url,
            "DUMAS_HTTP_PORT": "0",
            "DUMAS_FLOOD_MESSAGES": "10000",
            "DUMAS_LOG_LEVEL": "warning",
        }
    )
    return env


async def start_bot(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        return list(conn.execute(sql, params).fetchall())


async def wait_until(predicate, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.1)
    raise TimeoutError("condition not reached")


@sqlite_only("reads the SQLite file; on PostgreSQL: test_failover.py, test_webhook_*.py")
async def test_sigkill_again_and_again(
    tmp_path: Path, router: Router, gazetteer_cache: Path
) -> None:
    # not a first start: the gazetteer's build (~3.5 s of CPU) is not this test's subject
    data = second_start(tmp_path / "data", gazetteer_cache)
    db = data / "dumas.sqlite3"
    rng = random.Random(1123)
    async with FakeBotAPI(token=TOKEN) as api:
        env = env_for(data, api)
        link = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "staff",
            "link",
            "--polres",
            _unit_for_cilandak(router),
            "--chat-id",
            str(GROUP),
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
        )
        assert await link.wait() == 0

        f = UpdateFactory()
        scripts = {1_000 + n: script(f, 1_000 + n) for n in range(CITIZENS)}
        pushed: list[int] = []
        # interleave the citizens' updates, a few steps at a time, as real traffic would
        queue = [u for step in zip(*scripts.values(), strict=True) for u in step]
        in_flight_at_kill: set[int] = set()
        claimed: set[int] = set()
        api.set_member(GROUP, OFFICER, "member")
        kills = 0
        bot = await start_bot(env)
        try:
            while queue or kills < KILLS:
                size = rng.randint(10, 40)
                batch, queue = queue[:size], queue[size:]
                # Telegram numbers updates in the order it delivers them
                pushed += [
                    api.push_update({k: v for k, v in update.items() if k != "update_id"})
                    for update in batch
                ]
                # officers claim the tickets that exist so far; a press is sometimes doubled
                if db.exists():
                    for ticket_id, message_id in query(
                        db,
                        "SELECT t.id, c.message_id FROM tickets t LEFT JOIN "
                        "ticket_cards c ON c.ticket_id = t.id",
                    ):
                        if ticket_id in claimed:
                            continue
                        claimed.add(ticket_id)
                        press = f.callback(
                            OFFICER, f"t:claim:{ticket_id}", int(message_id or 1), chat_id=GROUP
                        )
                        for _ in range(rng.choice((1, 1, 2))):
                            pushed.append(
                                api.push_update(
                                    {k: v for k, v in press.items() if k != "update_id"}
                                )
                            )
                await asyncio.sleep(rng.uniform(0.3, 1.2))
                if kills < KILLS:
                    bot.send_signal(signal.SIGKILL)
                    await bot.wait()
                    kills += 1
                    assert query(db, "PRAGMA integrity_check") == [("ok",)]
                    in_flight_at_kill |= {
                        row[0]
                        for row in query(db, "SELECT id FROM outbox WHERE status = 'sending'")
                    }
                    bot = await start_bot(env)
            # claims for the last tickets, then let it finish: every update confirmed,
            # handled, and everything sent
            await wait_until(lambda: query(db, "SELECT COUNT(*) FROM tickets") == [(CITIZENS,)], 60)
            for (ticket_id,) in query(db, "SELECT id FROM tickets"):
                if ticket_id not in claimed:
                    claimed.add(ticket_id)
                    pushed.append(
                        api.push_update(
                            {
                                k: v
                                for k, v in f.callback(
                                    OFFICER, f"t:claim:{ticket_id}", 1, chat_id=GROUP
                                ).items()
                                if k != "update_id"
                            }
                        )
                    )
            await wait_until(lambda: not api.updates, 60)
            await wait_until(
                lambda: (
                    query(db, "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')")
                    == [(0,)]
                    and query(db, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL") == [(0,)]
                ),
                90,
            )
        finally:
            bot.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(bot.wait(), 10)
            except TimeoutError:
                bot.kill()
        assert kills == KILLS
        assert query(db, "PRAGMA integrity_check") == [("ok",)]

        stored = Counter(
            int(r[0]) for r in query(db, "SELECT external_id FROM inbox WHERE channel = 'telegram'")
        )
        assert set(stored) == set(pushed) and set(stored.values()) == {1}

        tickets = query(
            db,
            "SELECT t.reference, z.external_id FROM tickets t "
            "JOIN citizens z ON z.id = t.citizen_id",
        )
        assert sorted(int(t[1]) for t in tickets) == sorted(scripts)  # one each

        references = [str(t[0]) for t in tickets]
        card_rows = {
            r[0]: r[1]
            for r in query(
                db,
                "SELECT t.reference, o.id FROM outbox o JOIN tickets t ON t.id = o.ticket_id "
                "WHERE o.kind = 'card'",
            )
        }
        cards = cards_sent(api, GROUP, references)
        assert_each_card_once(cards, card_rows, references, in_flight_at_kill)

        # every ticket was claimed exactly once, by the officer, however often pressed
        claims = query(
            db,
            "SELECT ticket_id, COUNT(*) FROM ticket_events WHERE status = "
            "'in_progress' AND actor_kind = 'officer' AND actor_id = ? "
            "GROUP BY ticket_id",
            str(OFFICER),
        )
        assert sorted(c[0] for c in claims) == sorted(claimed)
        assert {c[1] for c in claims} == {1}

        duplicates = 0
        rows = query(db, "SELECT id, chat_id, payload FROM outbox WHERE kind = 'reply' ORDER BY id")
        for user in scripts:
            mine = [
                (r[0], reply_from_dict(json.loads(r[2])).text) for r in rows if r[1] == str(user)
            ]
            delivered = [c.text for c in api.sent(user)]
            # remove re-sends of rows that were in flight at a kill, then compare exactly
            expected = []
            for row_id, text in mine:
                expected.append(text)
                extra = 0
                while row_id in in_flight_at_kill and delivered[
                    len(expected) : len(expected) + 1
                ] == [text]:
                    delivered.pop(len(expected))
                    extra += 1
                duplicates += extra
            assert delivered == expected, user
        print(
            f"\nkills survived: {kills}; officers' claims: {len(claims)} (once each); "
            f"updates acknowledged: {len(pushed)} (stored once "
            f"each); tickets: {len(tickets)}; replies delivered: {len(rows)}; cards: "
            f"{sum(cards.values())}; requests in flight at a kill: {len(in_flight_at_kill)};"
            f" duplicates from those: {duplicates + sum(cards.values()) - len(tickets)}; "
            "other duplicates: 0"
        )


def _unit_for_cilandak(router: Router) -> str:
    result = router.resolve_text("kec cilandak jaksel")
    assert result.chosen is not None
    return router.unit_for(result.chosen, "polres").id
