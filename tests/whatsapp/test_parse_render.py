"""Twilio webhook fields -> normalized events, and replies -> WhatsApp text."""

from __future__ import annotations

from bot.channels.base import CitizenEvent, Ignored, MediaRef
from bot.channels.whatsapp.parse import lane, parse
from bot.channels.whatsapp.sender import MAX_BODY, render_reply, split_body
from bot.i18n import translator
from bot.outbox.messages import CitizenReply
from bot.store import outbox as outbox_store
from flows.events import Choice, Command, Location, Option, Reply, Text, Unsupported
from tests.fakes.twilio_api import TwilioWebhookFactory
from tests.whatsapp.conftest import WaFactory

F = TwilioWebhookFactory()
NUMBER = "+6281234569999"


def body_of(payload: dict[str, str]) -> object:
    event = parse(payload)
    assert isinstance(event, CitizenEvent)
    assert (event.channel, event.user_id, event.chat_id) == (
        "whatsapp",
        NUMBER,
        f"whatsapp:{NUMBER}",
    )
    return event.body


def test_parsing_webhook_fields() -> None:
    assert body_of(F.text(NUMBER, "2")) == Text("2")
    assert body_of(F.text(NUMBER, "/status DMS-1")) == Command("status", "DMS-1")
    assert body_of(F.button(NUMBER, "Ya", "consent:yes")) == Choice("consent:yes")
    assert body_of(
        F.location(NUMBER, -6.2, 106.8, address="Jl. Sudirman", label="Kantor")
    ) == Location(-6.2, 106.8, "Kantor, Jl. Sudirman")
    assert body_of(F.location(NUMBER, -6.2, 106.8)) == Location(-6.2, 106.8)
    voice = body_of(F.media(NUMBER, [("https://api.twilio.com/m/ME1", "audio/ogg")]))
    assert isinstance(voice, MediaRef) and (voice.kind, voice.mime_type) == ("voice", "audio/ogg")
    document = body_of(
        F.media(NUMBER, [("https://api.twilio.com/m/ME2", "application/pdf")], body="kuitansi")
    )
    assert isinstance(document, MediaRef)
    assert (document.kind, document.caption) == ("document", "kuitansi")
    video = body_of(F.media(NUMBER, [("https://api.twilio.com/m/ME3", "video/mp4")]))
    assert isinstance(video, MediaRef) and video.kind == "video"
    sticker = F.message(
        NUMBER, media=[("https://api.twilio.com/m/ME4", "image/webp")], message_type="sticker"
    )
    assert body_of(sticker) == Unsupported("sticker")
    assert body_of(F.message(NUMBER, "", message_type="reaction")) == Unsupported("reaction")
    assert lane(F.text(NUMBER, "x")) == f"wa:{NUMBER}"
    assert isinstance(parse({"From": "+6281", "Body": "sms"}), Ignored)


def test_rendering_numbered_lists_and_location_requests() -> None:
    tr = translator("id")
    reply = Reply(
        "Kapan kejadiannya?",
        options=(Option("when:now", "Baru saja"), Option("when:today", "Hari ini")),
        request_location="📍 Bagikan lokasi",
        links=(("Darurat", "tel:110"),),
        location=(-6.2, 106.8),
    )
    text = render_reply(reply, tr)
    assert text.startswith("Kapan kejadiannya?\n\n1. Baru saja\n2. Hari ini\n\n")
    assert tr.gettext("Reply with the number.") in text
    assert "📎" in text and "Darurat: 110" in text
    assert "https://maps.google.com/?q=-6.200000,106.800000" in text
    assert render_reply(Reply("Terima kasih."), tr) == "Terima kasih."


def test_long_bodies_are_split_at_line_breaks() -> None:
    text = "\n".join(f"Baris {i}: " + "x" * 90 for i in range(60))
    parts = split_body(text)
    assert len(parts) > 1 and all(len(p) <= MAX_BODY for p in parts)
    assert "\n".join(parts) == text
    assert split_body("y" * (MAX_BODY * 2 + 5)) == ["y" * MAX_BODY] * 2 + ["y" * 5]
    assert split_body("") == [""]


async def test_a_long_message_arrives_in_parts(wa_factory: WaFactory) -> None:
    """A reply longer than Twilio's 1,600 characters (an officer's long answer, queued in
    the middle of a conversation) goes out in parts, and the conversation goes on."""
    wa = await wa_factory()
    citizen = wa.citizen("+6281234569001")
    await citizen.say("/aduan")
    await citizen.choose("✅ I agree")
    await citizen.say("1")
    await citizen.say("Motor saya dicuri di parkiran pasar.")
    await citizen.choose("Just now")
    await citizen.say("kec cilandak jaksel")
    await citizen.choose("✅ Yes, that's right")
    await citizen.choose("Skip")
    async with wa.runtime.db.transaction() as conn:  # an officer's long answer
        await outbox_store.enqueue(
            conn,
            channel="whatsapp",
            chat_id=citizen.address,
            message=CitizenReply(Reply("Keterangan petugas. " * 120), "id"),
        )
    await wa.settle()
    sent = [body for body in citizen.bodies() if "Keterangan petugas" in body]
    assert len(sent) == 2 and all(len(s) <= MAX_BODY for s in citizen.bodies())
    parts = await wa.rows(
        "SELECT part FROM whatsapp_parts WHERE outbox_id = (SELECT MAX(id) FROM outbox)"
    )
    assert [p[0] for p in parts] == [0, 1]
    sent = await citizen.choose("✅ Send complaint")  # the numbers still work after a split
    assert await wa.rows("SELECT id FROM tickets")


async def test_a_file_over_the_limit_is_refused_without_storing(wa_factory: WaFactory) -> None:
    wa = await wa_factory(env={"DUMAS_MAX_FILE_MB": "0.01"})  # about 10 kB
    citizen = wa.citizen("+6281234569002")
    await citizen.say("/aduan")
    await citizen.choose("✅ I agree")
    await citizen.say("1")
    await citizen.say("Motor saya dicuri dua orang tak dikenal di parkiran pasar")
    await citizen.choose("Just now")
    await citizen.say("kec cilandak jaksel")
    await citizen.choose("✅ Yes, that's right")
    sent = await citizen.send_file(b"\xff\xd8" + b"z" * 50_000, "image/jpeg")
    assert sent and await wa.rows("SELECT id FROM evidence") == []
    assert [s for _sid, s in wa.twilio.media_requests] == [200]  # fetched with credentials
