"""WhatsApp without dead ends (issue 17): every menu entry works typed as its number or
its words, a free-text step offers no numbered "Back" that a typed 1 would press, an
English tourist is answered in English, a voice note can be the story."""

from __future__ import annotations

from bot.i18n import translator
from tests.whatsapp.conftest import WaFactory
from tests.whatsapp.harness import options_of

ID = translator("id").gettext
EN = translator("en").gettext
OGG = b"OggS" + b"voice" * 50


async def state_of(wa, number: str) -> str:
    rows = await wa.rows(
        "SELECT c.state FROM conversations c JOIN citizens z ON z.id = c.citizen_id"
        " WHERE z.external_id = ?",
        number,
    )
    return str(rows[0]["state"]) if rows else "idle"


async def test_every_welcome_menu_entry_leads_somewhere(wa_factory: WaFactory) -> None:
    wa = await wa_factory()
    earlier = ID("That button belongs to an earlier conversation.")
    for number, typed, expect in [
        ("+6281234568001", "2", "/status"),  # "Cek aduan saya" by its number
        ("+6281234568002", "cek aduan saya", "/status"),  # and by its words
        ("+6281234568003", "3", "/aduan"),  # "Bantuan": the help
        ("+6281234568004", "bantuan", "/aduan"),
    ]:
        citizen = wa.citizen(number)
        sent = await citizen.say("halo")
        assert options_of(sent[-1]) == [
            ID("📝 File a complaint"),
            ID("🔎 Check my complaints"),
            ID("❓ Help"),
        ]
        sent = await citizen.say(typed)
        text = "\n".join(sent)
        assert earlier not in text and sent, (typed, text)
        if typed in ("2", "cek aduan saya"):
            assert ID("You have no complaints yet. Type /aduan to file one.") in text, text
        else:
            assert expect in text, (typed, text)


async def test_a_free_text_step_has_no_numbered_back(wa_factory: WaFactory) -> None:
    wa = await wa_factory()
    citizen = wa.citizen("+6281234568010")
    await citizen.say("/aduan")
    await citizen.choose("✅ I agree")
    sent = await citizen.say("1")  # the first category
    prompt = sent[-1]
    assert options_of(prompt) == [] and ID("Type *back* to go back.") in prompt
    assert ID("Reply with the number.") not in prompt
    sent = await citizen.say("1")  # obeying an old habit: not "back"
    assert await state_of(wa, "+6281234568010") == "description"
    sent = await citizen.say("kembali")  # the word does go back
    assert await state_of(wa, "+6281234568010") == "category"


async def test_a_voice_note_as_the_story_on_whatsapp(wa_factory: WaFactory) -> None:
    wa = await wa_factory()
    citizen = wa.citizen("+6281234568020")
    await citizen.say("/aduan")
    await citizen.choose("✅ I agree")
    await citizen.say("1")
    sent = await citizen.send_file(OGG, "audio/ogg")
    assert ID("Voice note received as your story ✓") in "\n".join(sent)
    assert await state_of(wa, "+6281234568020") == "when"


async def test_an_english_tourist_is_answered_in_english(wa_factory: WaFactory) -> None:
    wa = await wa_factory()
    citizen = wa.citizen("+447700900123", "Sam")
    sent = await citizen.say(
        "Hello, my phone was snatched by two men on a scooter yesterday afternoon in Ubud"
    )
    text = "\n".join(sent)
    assert EN("✅ I agree") in text and "/erasemydata" in text
    assert "Meta/Twilio" in text  # the notice names who carries WhatsApp messages abroad
    assert "Bapak/Ibu" not in text
    await citizen.say("1")  # I agree
    sent = await citizen.say("1")  # yes, the proposed category
    assert await state_of(wa, "+447700900123") == "evidence"  # time and place were given
    sent = await citizen.say("1")  # Skip
    summary = sent[-1]
    assert "Ubud" in summary and "Gianyar" in summary and "afternoon" in summary
    sent = await citizen.say("1")  # Send complaint
    assert "Complaint received" in "\n".join(sent)
    tickets = await wa.rows("SELECT locale, timezone FROM tickets")
    assert tuple(tickets[0]) == ("en", "Asia/Makassar")


async def test_a_number_not_on_screen_or_a_misspelt_option(wa_factory: WaFactory) -> None:
    wa = await wa_factory()
    citizen = wa.citizen("+6281234568030")
    await citizen.say("/aduan")
    # "setujuu" is as close to "Saya tidak setuju" as to "Saya setuju": not guessed, asked
    sent = await citizen.say("setujuu")
    assert await state_of(wa, "+6281234568030") == "consent"
    assert ID("Please choose one of the options below.") in "\n".join(sent)
    await citizen.say("1")
    assert await state_of(wa, "+6281234568030") == "category"
    sent = await citizen.say("15")  # there are 11 options
    assert await state_of(wa, "+6281234568030") == "category"
    hint = ID("Please choose one of the categories below, or tell what happened.")
    assert hint in "\n".join(sent)
    sent = await citizen.say("narkobaa")  # misspelt label
    assert await state_of(wa, "+6281234568030") == "description"
