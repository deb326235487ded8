"""Outside the 24-hour window: template variables WhatsApp accepts, and rate limits retried.

The fake's rules (tests/fakes/twilio_api.py, `_template_failure`):
https://www.twilio.com/docs/api/errors/63013 (newlines, more than 4 spaces in a row),
https://www.twilio.com/docs/api/errors/63021 (template and variables over 1,024),
https://www.twilio.com/docs/api/errors/21656 (an empty variable),
https://www.twilio.com/docs/api/errors/63018 (rate limit for the sender: wait, retry).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException

from bot.channels.base import PermanentFailure, RetryLater
from bot.channels.whatsapp.client import TwilioRateLimited, make_client
from bot.channels.whatsapp.sender import MAX_PHRASE, classify, template_phrase
from bot.outbox.messages import FULL_TEXT
from bot.store.database import iso, parse_iso
from tests.fakes.twilio_api import FakeTwilio, FaultPlan
from tests.whatsapp.conftest import WaFactory
from tests.whatsapp.harness import WaHarness
from tests.whatsapp.test_complaint import enqueue_notice, file_quick_complaint
from tests.whatsapp.test_delivery import TEMPLATE_REPLY, TEMPLATE_STATUS, last_wrote

TO, FROM = "whatsapp:+6281234567890", "whatsapp:+14155238886"
APPROVED = "HX" + "d" * 32


@pytest.fixture
async def fake_client() -> AsyncIterator[tuple[FakeTwilio, Any]]:
    async with FakeTwilio() as fake:
        fake.add_template(APPROVED, "Aduan {{1}}: {{2}} Ketik /status.")
        client = make_client(fake.account_sid, fake.auth_token, fake.url, 5.0)
        try:
            yield fake, client
        finally:
            await client.http_client.close()


async def send(client: Any, variables: dict[str, str]) -> Any:
    return await client.messages.create_async(
        to=TO, from_=FROM, content_sid=APPROVED, content_variables=json.dumps(variables)
    )


# ---------------------------------------------------------------- the strict fake


async def test_the_fake_fails_template_variables_whatsapp_refuses(fake_client: Any) -> None:
    fake, client = fake_client
    refused = {
        "a newline": ("DMS-1", "Motor ditemukan.\n\nSilakan datang."),
        "one newline": ("DMS-1", "baris satu\nbaris dua"),
        "a tab": ("DMS-1", "kolom\tkolom"),
        "five spaces": ("DMS-1", "kata     kata"),
    }
    for value in refused.values():
        answer = await send(client, {"1": value[0], "2": value[1]})
        assert answer.status == "queued"  # Twilio takes it; WhatsApp refuses it later
    assert [m.error_code for m in fake.messages] == [63013] * 4
    assert {m.status for m in fake.messages} == {"failed"}

    await send(client, {"1": "DMS-1", "2": "x" * 1010})  # 1,010 + the template > 1,024
    assert fake.messages[-1].error_code == 63021

    fine = await send(client, {"1": "DMS-1", "2": "Motor ditemukan.    Silakan datang."})
    assert fine.status == "queued" and fake.messages[-1].error_code is None
    assert fake.messages[-1].rendered == (
        "Aduan DMS-1: Motor ditemukan.    Silakan datang. Ketik /status."
    )

    with pytest.raises(TwilioRestException) as empty:
        await send(client, {"1": "DMS-1", "2": ""})
    assert empty.value.code == 21656


async def test_the_fake_can_fail_a_message_with_63018(fake_client: Any) -> None:
    fake, client = fake_client
    fake.faults = FaultPlan(script=["63018"])
    answer = await client.messages.create_async(to=TO, from_=FROM, body="Halo")
    assert answer.status == "queued"
    assert fake.messages[0].status == "failed" and fake.messages[0].error_code == 63018
    await client.messages.create_async(to=TO, from_=FROM, body="Halo")
    assert fake.messages[1].error_code is None


# ---------------------------------------------------------------- the product


def test_a_template_phrase_is_one_short_line() -> None:
    text = "💬 Pesan polisi:\n\n\tMotor   ditemukan.\n\n" + "kata " * 200
    phrase = template_phrase(text)
    assert "\n" not in phrase and "\t" not in phrase and "  " not in phrase
    assert len(phrase) <= MAX_PHRASE and phrase.endswith("…")
    assert phrase.startswith("💬 Pesan polisi: Motor ditemukan. kata")
    assert template_phrase("  \n ") == "-"


def long_reply(reference: str) -> str:
    """An officer's reply as bot/officers/notices.py words it: blank lines, a signature."""
    details = " ".join(
        f"Langkah {n}: petugas memeriksa rekaman CCTV dan saksi di sekitar lokasi."
        for n in range(1, 12)
    )
    return (
        f"💬 Pesan dari polisi tentang aduan Anda {reference}:\n\n"
        f"Motor Bapak sudah ditemukan.\n\n{details}\n\n— Petugas Polres Metro Jakarta Selatan"
    )


async def test_an_officers_long_reply_days_later_reaches_the_citizen(
    wa_factory: WaFactory,
) -> None:
    wa = await wa_factory(
        env={
            "DUMAS_TWILIO_TEMPLATE_OFFICER_REPLY": TEMPLATE_REPLY,
            "DUMAS_TWILIO_TEMPLATE_STATUS": TEMPLATE_STATUS,
        }
    )
    number = "+6281234562001"
    reference = await file_quick_complaint(wa, number)
    citizen = wa.citizen(number)
    await last_wrote(wa, number, hours=72)
    text = long_reply(reference)
    await enqueue_notice(wa, reference, text)
    template = citizen.received()[-1]
    assert template.content_sid == TEMPLATE_REPLY
    # WhatsApp took it: no newline, no run of spaces, within 1,024 with the template
    assert template.error_code is None, template.error_code
    variables = template.content_variables
    assert variables["1"] == reference
    assert "\n" not in variables["2"] and len(variables["2"]) <= MAX_PHRASE
    assert variables["2"].startswith(f"💬 Pesan dari polisi tentang aduan Anda {reference}:")
    held = await wa.rows("SELECT payload FROM outbox WHERE status = 'held'")
    assert len(held) == 1 and json.loads(held[0]["payload"])[FULL_TEXT] is True

    # A short status notice goes whole in its template: nothing waits for it.
    await enqueue_notice(wa, reference, "Status: sedang ditangani", notice="status_change")
    assert citizen.received()[-1].content_variables == {
        "1": reference,
        "2": "Status: sedang ditangani",
    }
    assert len(await wa.rows("SELECT id FROM outbox WHERE status = 'held'")) == 1

    # The template asks to type /status: the whole reply comes first, then the list.
    sent = await citizen.say("/status")
    assert sent[0] == text
    assert reference in sent[1]
    assert not await wa.rows("SELECT id FROM outbox WHERE status = 'held'")


async def test_a_63018_rate_limit_is_retried_not_dropped(wa: WaHarness) -> None:
    number = "+6281234562002"
    reference = await file_quick_complaint(wa, number)
    citizen = wa.citizen(number)
    wa.twilio.faults = FaultPlan(script=["63018"])
    row_id = await enqueue_notice(wa, reference, "Mohon datang ke Polsek besok.")
    first = citizen.received()[-1]
    assert first.error_code == 63018
    assert await wa.status_callback(first, "failed", error_code=63018) == 204
    row = (await wa.rows("SELECT status, not_before FROM outbox WHERE id = ?", row_id))[0]
    assert row["status"] == "pending"  # not 'failed': it waits
    not_before = parse_iso(row["not_before"])
    assert not_before is not None
    wait = not_before - datetime.now(not_before.tzinfo)
    assert timedelta(seconds=2) < wait <= timedelta(seconds=3600)

    async with wa.runtime.db.transaction() as conn:  # the wait is over
        await conn.execute(
            "UPDATE outbox SET not_before = ? WHERE id = ?", (iso(wa.runtime.clock()), row_id)
        )
    wa.runtime.wake_outbox()
    await wa.settle()
    again = citizen.received()[-1]
    assert again.sid != first.sid and again.body == "Mohon datang ke Polsek besok."
    row = (await wa.rows("SELECT status FROM outbox WHERE id = ?", row_id))[0]
    assert row["status"] == "sent"


async def test_a_429_waits_as_long_as_retry_after_says(wa: WaHarness) -> None:
    number = "+6281234562003"
    reference = await file_quick_complaint(wa, number)
    wa.twilio.faults = FaultPlan(script=["429"], retry_after=40)
    row_id = await enqueue_notice(wa, reference, "Kabar terbaru.")
    row = (await wa.rows("SELECT status, not_before FROM outbox WHERE id = ?", row_id))[0]
    assert row["status"] == "pending"
    not_before = parse_iso(row["not_before"])
    assert not_before is not None
    wait = not_before - datetime.now(not_before.tzinfo)
    assert timedelta(seconds=35) < wait <= timedelta(seconds=40)


def test_rate_limits_are_retried_with_backoff() -> None:
    uri = "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages.json"
    sync_63018 = TwilioRestException(400, uri, "Rate limit exceeded for Channel", 63018, "POST")
    first, third = classify(sync_63018, 1), classify(sync_63018, 3)
    assert isinstance(first, RetryLater) and isinstance(third, RetryLater)
    assert first.seconds == 5 and third.seconds == 20
    assert classify(sync_63018, 40).seconds == 3600  # type: ignore[attr-defined]
    no_header = TwilioRateLimited(uri, "POST", 20429, "Too Many Requests", None)
    assert classify(no_header, 2).seconds == 10  # type: ignore[attr-defined]
    told = TwilioRateLimited(uri, "POST", 20429, "Too Many Requests", 7.0)
    assert classify(told, 5).seconds == 7  # type: ignore[attr-defined]
    invalid = TwilioRestException(400, uri, "invalid number", 21211, "POST")
    assert isinstance(classify(invalid), PermanentFailure)
