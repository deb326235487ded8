"""Sending to WhatsApp: retries without duplicates, and the 24-hour window."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.store.database import iso
from tests.fakes.twilio_api import FaultPlan
from tests.whatsapp.conftest import WaFactory
from tests.whatsapp.harness import WaHarness
from tests.whatsapp.test_complaint import enqueue_notice, file_quick_complaint

TEMPLATE_REPLY = "HX" + "a" * 32
TEMPLATE_STATUS = "HX" + "b" * 32


def creates(wa: WaHarness) -> list[str | None]:
    return [r.fault for r in wa.twilio.requests if r.method == "create_message"]


async def test_429_5xx_and_dropped_connections_are_retried_without_duplicates(
    wa: WaHarness,
) -> None:
    wa.twilio.faults = FaultPlan(script=["429", "5xx", "drop"], retry_after=1)
    citizen = wa.citizen("+6281234561001")
    sent = await citizen.say("Halo")
    assert len(sent) == 1 and len(wa.twilio.messages) == 1
    assert creates(wa) == ["429", "5xx", "drop", None]
    # After the dropped connection nobody knew whether Twilio had made the message: it was
    # looked up (and not found) before being sent again.
    assert [r.method for r in wa.twilio.requests].count("list_messages") == 1
    row = (await wa.rows("SELECT status, attempts, external_id FROM outbox"))[0]
    assert tuple(row) == ("sent", 4, wa.twilio.messages[0].sid)


async def test_a_timed_out_message_that_twilio_made_is_not_sent_again(wa: WaHarness) -> None:
    wa.twilio.faults = FaultPlan(script=["timeout"], timeout_seconds=3)  # client waits 0.5 s
    citizen = wa.citizen("+6281234561002")
    sent = await citizen.say("Halo")
    assert len(sent) == 1, "the citizen got the menu twice"
    assert creates(wa) == ["timeout"]
    assert [r.method for r in wa.twilio.requests] == ["create_message", "list_messages"]
    row = (await wa.rows("SELECT status, attempts, external_id FROM outbox"))[0]
    assert tuple(row) == ("sent", 2, wa.twilio.messages[0].sid)


async def test_a_timed_out_message_that_twilio_did_not_make_is_sent_again(wa: WaHarness) -> None:
    wa.twilio.faults = FaultPlan(script=["timeout"], timeout_seconds=3, timeout_delivers=False)
    citizen = wa.citizen("+6281234561003")
    sent = await citizen.say("Halo")
    assert len(sent) == 1
    assert [r.method for r in wa.twilio.requests] == [
        "create_message",
        "list_messages",
        "create_message",
    ]


async def test_a_status_callback_names_the_message_of_a_timed_out_request(
    wa_factory: WaFactory,
) -> None:
    wa = await wa_factory(backoff_base=60.0)  # the retry waits: the callback comes first
    wa.twilio.faults = FaultPlan(script=["timeout"], timeout_seconds=3)
    citizen = wa.citizen("+6281234561004")
    await citizen.say("Halo")
    [message] = wa.twilio.messages
    row = (await wa.rows("SELECT status, external_id FROM outbox"))[0]
    assert tuple(row) == ("pending", None)
    assert await wa.status_callback(message, "delivered") == 204
    async with wa.runtime.db.transaction() as conn:  # the retry is due now
        await conn.execute("UPDATE outbox SET not_before = ?", (iso(wa.runtime.clock()),))
    wa.runtime.wake_outbox()
    await wa.settle()
    assert len(wa.twilio.messages) == 1
    assert "list_messages" not in [r.method for r in wa.twilio.requests]
    row = (await wa.rows("SELECT status, external_id FROM outbox"))[0]
    assert tuple(row) == ("sent", message.sid)


async def last_wrote(wa: WaHarness, number: str, hours: float) -> None:
    async with wa.runtime.db.transaction() as conn:
        await conn.execute(
            "UPDATE citizens SET last_inbound_at = ? WHERE external_id = ?",
            (iso(wa.runtime.clock() - timedelta(hours=hours)), number),
        )


async def ticket_events(wa: WaHarness, reference: str) -> list[str]:
    rows = await wa.rows(
        "SELECT e.kind FROM ticket_events e JOIN tickets t ON "
        "t.id = e.ticket_id WHERE t.reference = ? ORDER BY e.id",
        reference,
    )
    return [r["kind"] for r in rows]


async def test_a_notice_outside_the_window_is_held_until_the_citizen_writes(wa: WaHarness) -> None:
    number = "+6281234561005"
    reference = await file_quick_complaint(wa, number)
    citizen = wa.citizen(number)
    await last_wrote(wa, number, hours=25)
    before = len(citizen.received())
    row_id = await enqueue_notice(wa, reference, "Balasan petugas: motor ditemukan.")
    assert len(citizen.received()) == before  # not sent: no template for it
    row = (await wa.rows("SELECT status FROM outbox WHERE id = ?", row_id))[0]
    assert row["status"] == "held"
    assert (await ticket_events(wa, reference))[-1] == "held_outside_window"

    # A plain reply outside the window (no notice) cannot reach anyone: dropped, not sent.
    async with wa.runtime.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before) "
            "VALUES ('whatsapp', ?, 'reply', ?, ?, ?)",
            (
                citizen.address,
                json.dumps({"text": "Draft expired", "locale": "id"}),
                iso(wa.runtime.clock()),
                iso(wa.runtime.clock()),
            ),
        )
    wa.runtime.wake_outbox()
    await wa.settle()
    assert len(citizen.received()) == before
    assert (await wa.rows("SELECT status FROM outbox ORDER BY id DESC"))[0][0] == "failed"

    sent = await citizen.say("Halo")  # the window opens again: the held reply goes first
    assert sent[0] == "Balasan petugas: motor ditemukan."
    assert len(sent) >= 2
    row = (await wa.rows("SELECT status FROM outbox WHERE id = ?", row_id))[0]
    assert row["status"] == "sent"
    assert "released" in await ticket_events(wa, reference)


async def test_notices_outside_the_window_use_the_approved_templates(wa_factory: WaFactory) -> None:
    wa = await wa_factory(
        env={
            "DUMAS_TWILIO_TEMPLATE_OFFICER_REPLY": TEMPLATE_REPLY,
            "DUMAS_TWILIO_TEMPLATE_STATUS": TEMPLATE_STATUS,
        }
    )
    number = "+6281234561006"
    reference = await file_quick_complaint(wa, number)
    citizen = wa.citizen(number)
    inside = await enqueue_notice(wa, reference, "Di dalam jendela")
    assert citizen.received()[-1].body == "Di dalam jendela"
    assert citizen.received()[-1].content_sid is None
    await last_wrote(wa, number, hours=30)
    await enqueue_notice(wa, reference, "Motor Bapak sudah ditemukan.")
    await enqueue_notice(wa, reference, "Status: sedang ditangani", notice="status_change")
    await enqueue_notice(wa, reference, "Diteruskan ke Polres", notice="ticket_update")
    reply, status, update = citizen.received()[-3:]
    assert update.content_sid == TEMPLATE_STATUS
    assert reply.content_sid == TEMPLATE_REPLY and reply.body is None
    assert reply.content_variables == {"1": reference, "2": "Motor Bapak sudah ditemukan."}
    assert status.content_sid == TEMPLATE_STATUS
    assert status.content_variables == {"1": reference, "2": "Status: sedang ditangani"}
    assert not await wa.rows("SELECT id FROM outbox WHERE status != 'sent'")
    assert inside


async def test_a_notice_refused_by_whatsapp_for_the_window_is_held(wa: WaHarness) -> None:
    number = "+6281234561007"
    reference = await file_quick_complaint(wa, number)
    citizen = wa.citizen(number)
    row_id = await enqueue_notice(wa, reference, "Mohon hubungi kami.")
    first = citizen.received()[-1]
    # Twilio accepted it but WhatsApp refused it: the window had closed meanwhile.
    assert await wa.status_callback(first, "failed", error_code=63016) == 204
    row = (await wa.rows("SELECT status FROM outbox WHERE id = ?", row_id))[0]
    assert row["status"] == "held"
    sent = await citizen.say("Halo")
    assert sent[0] == "Mohon hubungi kami."
    again = citizen.received()[-len(sent)]
    assert again.sid != first.sid  # a new message, not the old one
    assert await wa.status_callback(again, "delivered") == 204
    parts = await wa.rows(
        "SELECT message_sid, status FROM whatsapp_parts WHERE outbox_id = ?", row_id
    )
    assert [tuple(p) for p in parts] == [(again.sid, "delivered")]
