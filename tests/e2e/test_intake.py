"""A citizen files a complaint on Telegram from /start to ticket number, end to end."""

from __future__ import annotations

import json

from bot.i18n import translator
from bot.tickets.reference import check
from tests.e2e.steps import said
from tests.harness import Harness, texts

ID = translator("id").gettext


async def test_whole_complaint_from_start_to_ticket(harness: Harness) -> None:
    citizen = harness.citizen(5001)
    sent = await citizen.say("/start")
    assert len(sent) == 1
    assert sent[0].callback_data() == ["consent:yes", "consent:no"]
    assert "110" in sent[0].text  # the privacy notice names the emergency line
    assert "Polri" in sent[0].text and "Telegram" in sent[0].text  # controller, processor

    sent = await citizen.press("consent:yes")
    assert "cat:crime" in sent[-1].callback_data()
    assert harness.api.calls_to("answerCallbackQuery"), "the button press was answered"

    sent = await citizen.press("cat:crime")
    sent = await citizen.say("Motor saya dicuri dua orang tak dikenal di parkiran pasar")
    assert "when:now" in sent[-1].callback_data()

    sent = await citizen.say("kemarin sore")
    assert sent[-1].reply_markup["keyboard"][0][0]["request_location"] is True

    sent = await citizen.say("kec cilandak jaksel")
    assert "Polres Metro Jakarta Selatan" in said(sent)
    assert sent[-1].callback_data() == ["place:yes", "place:change"]

    await citizen.press("place:yes")
    sent = await citizen.press("ev:skip")
    summary = sent[-1].text
    assert "Motor saya dicuri" in summary and "Cilandak" in summary
    assert sent[-1].callback_data() == ["sum:confirm", "sum:anonymous", "sum:edit", "sum:cancel"]

    sent = await citizen.press("sum:confirm")
    rows = await harness.rows(
        "SELECT reference, status, unit_id, polda_id, category, "
        "description, occurred_text, place_code, contact, timezone "
        "FROM tickets"
    )
    assert len(rows) == 1
    ticket = dict(rows[0])
    assert check(ticket["reference"]) == (ticket["reference"], "ok")
    assert ticket["reference"] in sent[-1].text
    assert ticket["status"] == "received"
    assert ticket["category"] == "crime"
    assert ticket["unit_id"] and ticket["polda_id"]
    assert ticket["place_code"].startswith("31.74")  # Kota Jakarta Selatan
    assert ticket["occurred_text"] == "kemarin sore"
    assert ticket["contact"] == "chat"
    assert ticket["timezone"] == "Asia/Jakarta"
    events = await harness.rows("SELECT kind, status, actor_kind FROM ticket_events")
    assert [tuple(e) for e in events] == [("status", "received", "citizen")]
    state = await harness.rows("SELECT state, draft, reminder_due_at FROM conversations")
    assert state[0]["state"] == "idle" and state[0]["reminder_due_at"] is None
    assert json.loads(state[0]["draft"])["description"] is None  # the draft is cleared
    # every inbound update was stored once and handled
    inbox = await harness.rows("SELECT outcome FROM inbox")
    assert inbox and all(r["outcome"] == "ok" for r in inbox)
    assert texts(citizen.messages())  # everything went through the outbox to the fake API
