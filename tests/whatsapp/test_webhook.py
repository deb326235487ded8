"""Webhook security and deduplication: signatures over the public URL, MessageSid once."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from bot.app import Runtime
from bot.routing.resolver import Router
from tests.fakes.twilio_api import FakeTwilio, signed_webhook
from tests.whatsapp.harness import PUBLIC_URL, WEBHOOK, WaHarness, make_wa_runtime, wa_settings


async def nothing_stored(wa: WaHarness) -> None:
    for table in ("inbox", "citizens", "outbox", "conversations"):
        assert await wa.rows(f"SELECT * FROM {table}") == [], table
    assert wa.twilio.messages == []


@pytest.mark.parametrize(
    "case", ["missing", "forged", "changed_body", "internal_url", "other_token"]
)
async def test_unsigned_or_wrongly_signed_webhooks_are_refused(wa: WaHarness, case: str) -> None:
    params = wa.factory.text("+6281234560001", "Halo")
    headers = signed_webhook(WEBHOOK, params, wa.twilio.auth_token)
    if case == "missing":
        del headers["X-Twilio-Signature"]
    elif case == "forged":
        headers["X-Twilio-Signature"] = "bm90IGEgc2lnbmF0dXJl"
    elif case == "changed_body":  # a replayed request with another text
        params = {**params, "Body": "Halo, ganti isi"}
    elif case == "internal_url":  # signed for the address behind the proxy, not the public
        headers = signed_webhook(f"{wa.local}/whatsapp/webhook", params, wa.twilio.auth_token)
    elif case == "other_token":
        headers = signed_webhook(WEBHOOK, params, "another-accounts-token")
    status, _ = await wa.post("/whatsapp/webhook", params, headers=headers)
    assert status == 403
    await wa.settle()
    await nothing_stored(wa)


async def test_forged_status_callback_is_refused(wa: WaHarness) -> None:
    citizen = wa.citizen("+6281234560002")
    [_menu] = await citizen.say("Halo")
    message = citizen.received()[0]
    params = wa.factory.status(message.sid, "failed", error_code=63016, to=citizen.address)
    path = "/whatsapp/status?outbox=1&part=0"
    status, _ = await wa.post(
        path, params, headers=signed_webhook(PUBLIC_URL + path, params, "wrong-token")
    )
    assert status == 403
    status, _ = await wa.post(
        path,
        {**params, "MessageStatus": "delivered"},
        headers=signed_webhook(PUBLIC_URL + path, params, wa.twilio.auth_token),
    )
    assert status == 403
    rows = await wa.rows("SELECT status FROM outbox")
    assert [r["status"] for r in rows] == ["sent"]
    assert [r["status"] for r in await wa.rows("SELECT status FROM whatsapp_parts")] == ["queued"]


async def test_a_retried_webhook_changes_nothing(wa: WaHarness) -> None:
    citizen = wa.citizen("+6281234560003")
    await citizen.say("/aduan")
    params = wa.factory.text(citizen.number, "1")  # "I agree"
    first = await citizen.send(params)
    assert len(first) == 1
    again = await citizen.send(params)  # Twilio did not get our 200 in time and retries
    assert again == []
    inbox = await wa.rows("SELECT external_id FROM inbox ORDER BY id")
    assert len(inbox) == 2 and inbox[1][0] == params["MessageSid"]
    state = await wa.rows("SELECT state FROM conversations")
    assert state[0]["state"] == "category"  # one step, not two


async def test_whatsapp_alone_shares_the_one_http_server_with_health(
    tmp_path: Path, router: Router
) -> None:
    async with FakeTwilio() as twilio:
        settings = wa_settings(tmp_path / "wa-only", twilio, None)
        runtime: Runtime = make_wa_runtime(settings, router)
        await runtime.start()
        try:
            assert sorted(runtime.adapters) == ["whatsapp"]
            assert runtime.http_port > 0
            async with aiohttp.ClientSession() as session:
                base = f"http://127.0.0.1:{runtime.http_port}"
                async with session.get(f"{base}/healthz") as response:
                    assert response.status == 200
                    assert (await response.json())["channels"] == ["whatsapp"]
                params = {
                    "From": "whatsapp:+6281234560004",
                    "Body": "Halo",
                    "MessageSid": "SM" + "1" * 32,
                    "AccountSid": twilio.account_sid,
                }
                async with session.post(
                    f"{base}/whatsapp/webhook",
                    data=params,
                    headers=signed_webhook(WEBHOOK, params, twilio.auth_token),
                ) as response:
                    assert response.status == 200
                async with session.post(f"{base}/telegram/webhook", json={}) as response:
                    assert response.status == 404  # Telegram is not configured
            await runtime.dispatcher.wait_idle()
            await runtime.senders["whatsapp"].drain(5)
            assert len(twilio.messages_to("whatsapp:+6281234560004")) == 1
        finally:
            await runtime.stop()
