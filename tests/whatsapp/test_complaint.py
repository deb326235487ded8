"""A whole complaint from WhatsApp, /status, and an officer's reply back to WhatsApp."""

from __future__ import annotations

import hashlib
import json

from bot.outbox.messages import CitizenReply
from bot.routing.resolver import Router
from bot.store import outbox as outbox_store
from bot.store import staff_groups
from bot.tickets.reference import check
from flows.events import Reply
from tests.whatsapp.conftest import WaFactory
from tests.whatsapp.harness import BOT_NUMBER, ID, PUBLIC_URL, WaHarness, hint, options_of

MONAS = (-6.1754, 106.8272)
JPEG = b"\xff\xd8\xff\xe0" + b"photo of the scene " * 200 + b"\xff\xd9"
PDF = b"%PDF-1.4\n" + b"receipt " * 300 + b"\n%%EOF\n"
GROUP = "-1001234567890"


async def test_whole_complaint_from_whatsapp(wa_factory: WaFactory, gps_router: Router) -> None:
    wa = await wa_factory(use_router=gps_router, redirect_media=True)
    place = gps_router.resolve_point(*MONAS)
    unit = gps_router.unit_for(place.chosen or place.candidates[0])
    await staff_groups.bind(wa.runtime.db, GROUP, unit.id, title="Staf Polres")
    citizen = wa.citizen("+6281234567001", "Budi")

    sent = await citizen.say("Halo")
    assert options_of(sent[-1]) == [
        ID("📝 File a complaint"),
        ID("🔎 Check my complaints"),
        ID("❓ Help"),
    ]
    assert sent[-1].endswith(hint(3))

    sent = await citizen.choose("📝 File a complaint")
    assert "110" in sent[-1]
    sent = await citizen.say("setuju")  # a close spelling of the option's label
    categories = options_of(sent[-1])
    assert len(categories) >= 5 and sent[-1].endswith(hint(len(categories)))

    crime = next(i for i, label in enumerate(categories, 1) if "kejahatan" in label.lower())
    sent = await citizen.say(str(crime))
    sent = await citizen.say("Dompet saya dicopet di halte busway kemarin, pelakunya dua orang")
    # "kemarin" answered "when?": the next question is where. WhatsApp has no location
    # button: the prompt says how to share one.
    assert "📎" in sent[-1]

    sent = await citizen.share_location(*MONAS, address="Jl. Medan Merdeka", label="Monas")
    assert "Jakarta Pusat" in "\n".join(sent)
    assert options_of(sent[-1])[:2] == [ID("✅ Yes, that's right"), ID("✏️ Change")]
    await citizen.choose("✅ Yes, that's right")

    await citizen.send_file(JPEG, "image/jpeg", caption="pelaku")
    sent = await citizen.send_file(PDF, "application/pdf")
    assert ID("✅ Done") in options_of(sent[-1])
    sent = await citizen.choose("✅ Done")
    assert "Dompet saya dicopet" in sent[-1]
    sent = await citizen.choose("✅ Send complaint")

    tickets = await wa.rows(
        "SELECT id, reference, unit_id, latitude, longitude, contact, citizen_id FROM tickets"
    )
    assert len(tickets) == 1
    ticket = dict(tickets[0])
    assert check(ticket["reference"]) == (ticket["reference"], "ok")
    assert ticket["reference"] in sent[-1]
    assert ticket["unit_id"] == unit.id
    assert (ticket["latitude"], ticket["longitude"]) == MONAS
    citizen_row = (
        await wa.rows(
            "SELECT channel, external_id, chat_id, display_name FROM citizens WHERE id = ?",
            ticket["citizen_id"],
        )
    )[0]
    assert tuple(citizen_row) == ("whatsapp", "+6281234567001", "whatsapp:+6281234567001", "Budi")

    # Both files were fetched from Twilio with the account's credentials (following the
    # redirect to the CDN) and stored by their SHA-256 with the ticket.
    evidence = await wa.rows(
        "SELECT kind, mime_type, sha256, size, caption, ticket_id FROM evidence ORDER BY id"
    )
    assert [
        (e["kind"], e["mime_type"], e["sha256"], e["size"], e["ticket_id"]) for e in evidence
    ] == [
        ("photo", "image/jpeg", hashlib.sha256(JPEG).hexdigest(), len(JPEG), ticket["id"]),
        ("document", "application/pdf", hashlib.sha256(PDF).hexdigest(), len(PDF), ticket["id"]),
    ]
    assert evidence[0]["caption"] == "pelaku"
    stored = wa.runtime.settings.evidence_dir
    assert (stored / f"{evidence[1]['sha256'][:2]}/{evidence[1]['sha256']}.pdf").read_bytes() == PDF
    assert [status for _sid, status in wa.twilio.media_requests] == [307, 307]

    # The card reached the unit's Telegram staff group.
    cards = [c for c in wa.h.api.sent(int(GROUP)) if ticket["reference"] in (c.text or "")]
    assert cards, "the ticket's card was not sent to the staff group"
    status = await wa.rows("SELECT status FROM tickets")
    assert status[0]["status"] == "forwarded"

    # Everything went out from the bot's number, with a status callback on the public URL;
    # every inbound message was stored once and handled.
    for message in citizen.received():
        assert message.from_ == BOT_NUMBER
        assert (message.status_callback or "").startswith(f"{PUBLIC_URL}/whatsapp/status?")
    inbox = await wa.rows("SELECT channel, outcome FROM inbox")
    assert inbox and all((r["channel"], r["outcome"]) == ("whatsapp", "ok") for r in inbox)
    assert not await wa.rows("SELECT id FROM outbox WHERE status != 'sent'")


async def file_quick_complaint(wa: WaHarness, number: str) -> str:
    """A complaint with a typed place; returns its reference."""
    citizen = wa.citizen(number)
    await citizen.say("/aduan")
    await citizen.choose("✅ I agree")
    sent = await citizen.say("1")
    await citizen.say("Motor saya dicuri dua orang tak dikenal di parkiran pasar")
    await citizen.choose("Just now")
    await citizen.say("kec cilandak jaksel")
    await citizen.choose("✅ Yes, that's right")
    await citizen.choose("Skip")
    sent = await citizen.choose("✅ Send complaint")
    rows = await wa.rows(
        "SELECT t.reference FROM tickets t JOIN citizens c ON "
        "c.id = t.citizen_id WHERE c.external_id = ?",
        number,
    )
    assert rows and rows[-1][0] in sent[-1]
    return str(rows[-1][0])


async def test_status_from_whatsapp(wa: WaHarness) -> None:
    reference = await file_quick_complaint(wa, "+6281234567002")
    other = await file_quick_complaint(wa, "+6281234567003")
    citizen = wa.citizen("+6281234567002")
    sent = await citizen.say("/status")
    assert reference in sent[-1] and other not in sent[-1]
    sent = await citizen.say(f"/status {reference}")
    assert reference in sent[0]
    sent = await citizen.say(f"/status {other}")  # someone else's ticket: not found
    assert other in sent[-1] and "Cilandak" not in sent[-1]


async def enqueue_notice(
    wa: WaHarness, reference: str, text: str, notice: str = "officer_reply"
) -> int:
    """Write the outbox row the officers' code writes for a reply to the citizen."""
    async with wa.runtime.db.transaction() as conn:
        async with conn.execute(
            "SELECT t.id, c.chat_id FROM tickets t JOIN citizens c ON "
            "c.id = t.citizen_id WHERE t.reference = ?",
            (reference,),
        ) as cur:
            found = await cur.fetchone()
        assert found is not None
        ticket_id, chat_id = found
        row_id = await outbox_store.enqueue(
            conn,
            channel="whatsapp",
            chat_id=chat_id,
            message=CitizenReply(Reply(text), "id", notice=notice, ticket_id=ticket_id),
            ticket_id=ticket_id,
        )
    wa.runtime.wake_outbox()
    await wa.settle()
    return row_id


async def test_officer_reply_reaches_whatsapp_and_delivery_is_recorded(wa: WaHarness) -> None:
    reference = await file_quick_complaint(wa, "+6281234567004")
    citizen = wa.citizen("+6281234567004")
    before = len(citizen.received())
    row_id = await enqueue_notice(wa, reference, "💬 Pesan dari polisi: motor sudah ditemukan.")
    [message] = citizen.received()[before:]
    assert message.body == "💬 Pesan dari polisi: motor sudah ditemukan."
    assert message.content_sid is None  # inside the 24-hour window: free text

    row = (await wa.rows("SELECT status, external_id FROM outbox WHERE id = ?", row_id))[0]
    assert tuple(row) == ("sent", message.sid)
    assert await wa.status_callback(message, "sent") == 204
    assert await wa.status_callback(message, "delivered") == 204
    assert await wa.status_callback(message, "sent") == 204  # late and out of order
    part = (await wa.rows("SELECT status FROM whatsapp_parts WHERE message_sid = ?", message.sid))[
        0
    ]
    assert part["status"] == "delivered"

    # A message Twilio could not deliver is visible to officers on the ticket.
    row_id = await enqueue_notice(wa, reference, "Mohon datang ke Polres besok.")
    failed = citizen.received()[-1]
    assert await wa.status_callback(failed, "undelivered", error_code=63024) == 204
    row = (await wa.rows("SELECT status, last_error FROM outbox WHERE id = ?", row_id))[0]
    assert row["status"] == "failed" and "63024" in row["last_error"]
    events = await wa.rows(
        "SELECT e.kind, e.detail FROM ticket_events e JOIN tickets t ON "
        "t.id = e.ticket_id WHERE t.reference = ? AND "
        "e.kind = 'delivery_failed'",
        reference,
    )
    assert len(events) == 1 and json.loads(events[0]["detail"])["outbox_id"] == row_id


async def test_rejected_recipient_fails_for_good_and_shows_on_the_ticket(wa: WaHarness) -> None:
    reference = await file_quick_complaint(wa, "+6281234567005")
    citizen = wa.citizen("+6281234567005")
    wa.twilio.fail_recipient(citizen.address, code=21211)
    before = len(wa.twilio.requests)
    row_id = await enqueue_notice(wa, reference, "Pesan dari petugas")
    creates = [r for r in wa.twilio.requests[before:] if r.method == "create_message"]
    assert [r.status for r in creates] == [400]  # a 4xx is not retried
    row = (await wa.rows("SELECT status, last_error FROM outbox WHERE id = ?", row_id))[0]
    assert row["status"] == "failed" and "21211" in row["last_error"]
    events = await wa.rows(
        "SELECT e.kind FROM ticket_events e JOIN tickets t ON "
        "t.id = e.ticket_id WHERE t.reference = ?",
        reference,
    )
    assert "delivery_failed" in [e["kind"] for e in events]
