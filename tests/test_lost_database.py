"""The PostgreSQL server goes away mid-run and comes back (issue 19, "Bad input").

A runtime takes Telegram updates by webhook. The server is stopped (`pg_ctl stop -m fast`,
which ends every session as a restart or failover does): webhooks answer 503 (Telegram
then sends the update again, https://core.telegram.org/bots/api#setwebhook: "In case of
an unsuccessful request, we will repeat the request"), /healthz answers 503 naming the
database unreachable, and the instance stops being the leader. The server is started
again: the store reconnects by itself (a new `connection_epoch`), the instance leads
again, the update Telegram repeats is stored and answered, and what was acknowledged
before the loss is neither lost nor handled twice.

Twilio's webhook gets the same 503; Twilio does not retry a failed webhook by itself, it
calls the number's fallback URL once, and that keeps the message until the store is back.

Runs on a cluster of its own (tests/pg_cluster.py), skipped without PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.channels.telegram.webhook import PATH, SECRET_HEADER
from bot.channels.whatsapp.webhook import FALLBACK_PATH, SPILL_FILE
from bot.channels.whatsapp.webhook import PATH as WHATSAPP_PATH
from bot.routing.resolver import Router
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.twilio_api import FakeTwilio, TwilioWebhookFactory, signed_webhook
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN, make_runtime, settings_for, webhook_env
from tests.pg_cluster import Cluster, own_cluster
from tests.reliability.instances import free_port
from tests.test_leadership import new_database, wait_until
from tests.whatsapp.harness import BOT_NUMBER, PUBLIC_URL, make_wa_runtime, wa_settings

SECRET = "lost-database-secret"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A cluster of this test's own: it is stopped and started mid-test."""
    yield from own_cluster()


async def post(session: aiohttp.ClientSession, base: str, update: dict[str, Any]) -> int:
    async with session.post(base + PATH, json=update, headers={SECRET_HEADER: SECRET}) as response:
        return response.status


async def health(session: aiohttp.ClientSession, base: str) -> tuple[int, dict[str, Any]]:
    async with session.get(base + "/healthz") as response:
        return response.status, await response.json()


async def test_webhooks_answer_503_while_the_database_is_gone_and_all_resumes(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    url = new_database(cluster)
    f = UpdateFactory()
    async with FakeBotAPI(token=TOKEN) as api, aiohttp.ClientSession() as session:
        runtime = make_runtime(
            settings_for(tmp_path / "data", api.url, DUMAS_DATABASE_URL=url, **webhook_env(SECRET)),
            router,
            poll=False,
            serve_http=True,
        )
        await runtime.start()
        try:
            base = f"http://127.0.0.1:{runtime.http_port}"
            await wait_until(lambda: runtime.is_leader)
            before = f.command(7101, "/start")
            assert await post(session, base, before) == 200
            await wait_until(lambda: len(api.sent(7101)) == 1)
            assert runtime.db.connection_epoch == 1

            await asyncio.to_thread(cluster.stop_server)
            during = f.command(7102, "/start")
            assert await post(session, base, during) == 503  # not stored: Telegram repeats
            status, report = await health(session, base)
            assert status == 503
            assert report["database"] == {"status": "unreachable", "dialect": "postgresql"}
            await wait_until(lambda: not runtime.is_leader)  # its duties stop with the server
            assert not runtime._duties
            assert await post(session, base, during) == 503  # Telegram's next try, still down

            await asyncio.to_thread(cluster.start_server)
            # Telegram keeps repeating the update; once the store is back it is taken
            statuses = []
            while not statuses or statuses[-1] != 200:
                statuses.append(await post(session, base, during))
                await asyncio.sleep(0.2)
                assert len(statuses) < 600, statuses
            assert set(statuses[:-1]) <= {503}
            await wait_until(lambda: runtime.is_leader)
            await wait_until(lambda: len(api.sent(7102)) == 1)
            assert runtime.db.connection_epoch >= 2  # a new connection, counted
            status, report = await health(session, base)
            assert status == 200 and report["database"]["status"] == "ok"
            assert report["leader"] is True

            inbox = await runtime.db.fetchall("SELECT external_id, outcome FROM inbox ORDER BY id")
            assert [r[0] for r in inbox] == [str(before["update_id"]), str(during["update_id"])]
            assert not [r[1] for r in inbox if str(r[1]).startswith("error:")]
            # nothing left to send, and each reply went out once
            unsent = "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')"
            for _ in range(600):
                if (await runtime.db.fetchone(unsent))[0] == 0:
                    break
                await asyncio.sleep(0.05)
            assert (await runtime.db.fetchone(unsent))[0] == 0
            assert len(api.sent(7101)) == 1 and len(api.sent(7102)) == 1
        finally:
            await runtime.stop()


async def test_telegram_delivers_again_an_update_answered_503_and_it_is_processed_once(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    """The same, with Telegram's side played by the fake Bot API itself: the runtime
    sets its webhook there, the fake POSTs each update and delivers again one that was
    not answered 2xx, as Telegram does; the update that arrived while the server was gone
    is taken once it is back, stored once and answered once."""
    url = new_database(cluster)
    port = free_port()
    f = UpdateFactory()
    async with FakeBotAPI(token=TOKEN, webhook_retry_seconds=0.5, webhook_attempts=100) as api:
        runtime = make_runtime(
            settings_for(
                tmp_path / "data",
                api.url,
                DUMAS_DATABASE_URL=url,
                **{
                    **webhook_env(SECRET),
                    "DUMAS_PUBLIC_URL": f"http://127.0.0.1:{port}",
                    "DUMAS_HTTP_PORT": str(port),
                },
            ),
            router,
            poll=False,
            serve_http=True,
        )
        await runtime.start()
        try:
            assert api.webhook is not None  # the runtime set it, to itself
            await wait_until(lambda: runtime.is_leader)

            def deliveries(update_id: int) -> list[int | None]:
                return [d.status for d in api.webhook_deliveries if d.update_id == update_id]

            before = api.push_update({"message": f.command(7301, "/start")["message"]})
            await wait_until(lambda: len(api.sent(7301)) == 1)
            assert deliveries(before) == [200]

            await asyncio.to_thread(cluster.stop_server)
            during = api.push_update({"message": f.command(7302, "/start")["message"]})
            # refused while the server is gone, and delivered again by the fake
            await wait_until(lambda: len(deliveries(during)) >= 3, timeout=60)
            assert set(deliveries(during)) == {503}

            await asyncio.to_thread(cluster.start_server)
            await wait_until(lambda: 200 in deliveries(during), timeout=120)
            await wait_until(lambda: len(api.sent(7302)) == 1, timeout=60)
            statuses = deliveries(during)
            assert statuses[-1] == 200 and set(statuses[:-1]) == {503}, statuses

            inbox = await runtime.db.fetchall(
                "SELECT external_id, processed_at, outcome FROM inbox ORDER BY id"
            )
            assert [r[0] for r in inbox] == [str(before), str(during)]  # once each
            assert all(r[1] is not None for r in inbox)
            assert not [r[2] for r in inbox if str(r[2]).startswith("error:")]
            await asyncio.sleep(1.0)  # a second reply would have arrived by now
            assert len(api.sent(7301)) == 1 and len(api.sent(7302)) == 1
        finally:
            await runtime.stop()
    print(
        f"\nlost database, Telegram's redelivery: update {during} answered "
        f"{statuses} ({len(statuses) - 1} refusals while the server was gone), stored "
        "once, answered once"
    )


async def test_the_poller_waits_while_the_database_is_gone_and_confirms_nothing_unstored(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    """Long polling: with the server gone the instance stops leading, so nothing polls
    and no offset is confirmed; an update Telegram holds meanwhile stays with Telegram
    and is taken, once, when the server is back."""
    url = new_database(cluster)
    f = UpdateFactory()
    async with FakeBotAPI(token=TOKEN) as api:
        runtime = make_runtime(
            settings_for(tmp_path / "data", api.url, DUMAS_DATABASE_URL=url), router, poll=True
        )
        await runtime.start()
        try:
            await wait_until(lambda: runtime.is_leader)
            api.push_update(f.command(7401, "/start"))
            await wait_until(lambda: len(api.sent(7401)) == 1)

            await asyncio.to_thread(cluster.stop_server)
            await wait_until(lambda: not runtime.is_leader)
            await wait_until(lambda: not runtime._duties)  # the poller among them
            during = api.push_update(f.command(7402, "/start"))
            polls = len([c for c in api.calls if c.method == "getUpdates"])
            await asyncio.sleep(3.0)
            # still Telegram's: not confirmed (no getUpdates with a later offset) ...
            assert [u["update_id"] for u in api.updates] == [during]
            # ... and nobody polls while the store is gone
            assert len([c for c in api.calls if c.method == "getUpdates"]) == polls

            await asyncio.to_thread(cluster.start_server)
            await wait_until(lambda: runtime.is_leader, timeout=120)
            await wait_until(lambda: len(api.sent(7402)) == 1, timeout=60)
            await wait_until(lambda: not api.updates)  # confirmed once stored
            inbox = await runtime.db.fetchall("SELECT external_id FROM inbox ORDER BY id")
            assert [r[0] for r in inbox] == ["1", str(during)]
            await asyncio.sleep(1.0)
            assert len(api.sent(7401)) == 1 and len(api.sent(7402)) == 1
        finally:
            await runtime.stop()


async def test_twilio_webhooks_answer_503_while_the_database_is_gone(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    """Twilio does not send a failed webhook again; the 503 sends it to the number's
    fallback URL (https://www.twilio.com/docs/usage/security/availability-reliability),
    which keeps it in the spill file until the inbox takes it (bot/channels/whatsapp)."""
    url = new_database(cluster)
    async with FakeTwilio() as twilio, aiohttp.ClientSession() as session:
        runtime = make_wa_runtime(
            wa_settings(tmp_path / "data", twilio, None, DUMAS_DATABASE_URL=url), router
        )
        await runtime.start()
        try:
            base = f"http://127.0.0.1:{runtime.http_port}"
            factory = TwilioWebhookFactory(twilio.account_sid, BOT_NUMBER)

            async def post(path: str, params: dict[str, str]) -> int:
                headers = signed_webhook(PUBLIC_URL + path, params, twilio.auth_token)
                async with session.post(base + path, data=params, headers=headers) as response:
                    return response.status

            await asyncio.to_thread(cluster.stop_server)
            message = factory.text("+6281200001", "halo", "Warga")
            assert await post(WHATSAPP_PATH, message) == 503
            # Twilio's one request to the fallback URL: kept in the spill file, answered 200
            fallback = {**message, "ErrorCode": "11200", "ErrorUrl": PUBLIC_URL + WHATSAPP_PATH}
            assert await post(FALLBACK_PATH, fallback) == 200
            assert (tmp_path / "data" / SPILL_FILE).exists()

            await asyncio.to_thread(cluster.start_server)
            await wait_until(lambda: runtime.db.reachable)
            # the next message stored moves the spilled one into the inbox too
            later = factory.text("+6281200002", "halo", "Warga")
            assert await post(WHATSAPP_PATH, later) == 200
            await wait_until(lambda: not (tmp_path / "data" / SPILL_FILE).exists())
            stored = await runtime.db.fetchall("SELECT external_id FROM inbox ORDER BY id")
            assert sorted(r[0] for r in stored) == sorted(
                [message["MessageSid"], later["MessageSid"]]
            )
            await wait_until(lambda: bool(twilio.messages_to("whatsapp:+6281200001")))
            await wait_until(lambda: bool(twilio.messages_to("whatsapp:+6281200002")))
        finally:
            await runtime.stop()
