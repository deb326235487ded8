"""A citizen's message the inbox cannot take is not lost: Twilio's fallback URL.

Twilio does not send an incoming message again after a 5xx: it makes one request to the
fallback URL ("Primary handler fails"), adding ErrorCode and ErrorUrl
(https://www.twilio.com/docs/usage/security/availability-reliability). Dumas answers
200 only once the message is durable: in the inbox, or in the spill file that goes into
the inbox when space is back.
"""

from __future__ import annotations

import json

import pytest

from bot.channels.whatsapp import webhook
from tests.pg_cluster import sqlite_only
from tests.whatsapp.harness import PUBLIC_URL, WEBHOOK, WaHarness

FALLBACK = "/whatsapp/fallback"


def fallback_params(params: dict[str, str]) -> dict[str, str]:
    return {**params, "ErrorCode": "11200", "ErrorUrl": WEBHOOK}


async def stored(wa: WaHarness, sid: str) -> list[dict[str, str]]:
    rows = await wa.rows(
        "SELECT payload FROM inbox WHERE channel = 'whatsapp' AND external_id = ?", sid
    )
    return [json.loads(r["payload"]) for r in rows]


async def fill_the_store(wa: WaHarness) -> dict[str, str]:
    """Let the database not grow (SQLite answers SQLITE_FULL as on a full disk) and post
    long messages until the webhook answers 503; returns the refused message."""
    row = await wa.runtime.db.fetchone("PRAGMA page_count")
    assert row is not None
    pages = row[0]
    await wa.runtime.db.conn.execute(f"PRAGMA max_page_count = {pages}")
    for n in range(40):
        params = wa.factory.text(f"+62812345630{n:02d}", "halo " + "x" * 3000)
        status, _ = await wa.post("/whatsapp/webhook", params)
        if status == 503:
            return params
    raise AssertionError("the store never filled up")


@sqlite_only("the full disk is simulated with PRAGMA max_page_count")
async def test_the_fallback_keeps_a_message_the_inbox_refused(
    wa: WaHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webhook, "FALLBACK_WAIT", 0.05)
    refused = await fill_the_store(wa)
    sid = refused["MessageSid"]
    assert not await stored(wa, sid)

    status, text = await wa.post(FALLBACK, fallback_params(refused))
    assert status == 200 and "<Response" in text  # durable: in the spill file
    spill = wa.runtime.settings.data_dir / webhook.SPILL_FILE
    assert sid in spill.read_text()
    assert oct(spill.stat().st_mode & 0o777) == "0o600"

    await wa.runtime.db.conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
    citizen = wa.citizen("+6281234563999")
    await citizen.say("Halo")  # the next message stored moves the spill file in
    payloads = await stored(wa, sid)
    assert len(payloads) == 1
    assert payloads[0]["Body"] == refused["Body"]
    assert "ErrorCode" not in payloads[0]  # stored as the webhook would have stored it
    assert not spill.exists()
    await wa.settle()
    assert wa.twilio.messages_to(refused["From"]), "the citizen was never answered"


async def test_the_fallback_stores_directly_when_it_can(wa: WaHarness) -> None:
    params = wa.factory.text("+6281234563100", "Halo")
    status, _ = await wa.post(FALLBACK, fallback_params(params))
    assert status == 200
    assert len(await stored(wa, params["MessageSid"])) == 1
    # Twilio's own retry of the primary afterwards changes nothing.
    status, _ = await wa.post("/whatsapp/webhook", params)
    assert status == 200
    assert len(await stored(wa, params["MessageSid"])) == 1


async def test_the_fallback_checks_twilios_signature(wa: WaHarness) -> None:
    params = fallback_params(wa.factory.text("+6281234563101", "Halo"))
    # signed for the primary URL, not the fallback's
    status, _ = await wa.post(FALLBACK, params, sign_url=PUBLIC_URL + "/whatsapp/webhook")
    assert status == 403
    assert not await stored(wa, params["MessageSid"])
