"""Questions answered in the conversation, on the fake Bot API and the fake Twilio, with
the shipped articles: an answered question, a weak match handed off, `/tanya`, and a
complaint that mentions a topic word still taking the complaint path."""

from __future__ import annotations

from bot.i18n import translator
from tests.e2e.steps import state_of
from tests.harness import Harness
from tests.whatsapp.harness import WaHarness, options_of

ID = translator("id").gettext


async def test_a_question_is_answered_with_its_article(harness: Harness) -> None:
    citizen = harness.citizen(7501)
    sent = await citizen.say("Selamat pagi pak, syarat perpanjang SIM apa saja ya?")
    answer = sent[-1]
    assert answer.text.startswith("📘") and "SIM" in answer.text
    assert ID("Source: {url}").split("{")[0] in answer.text  # the source is named
    assert answer.callback_data() == ["ask:answered", "ask:officer", "ask:complaint"]
    sent = await citizen.press("ask:answered")
    assert "menu:new" in sent[-1].callback_data()  # settled: the menu, nothing kept
    assert await harness.rows("SELECT id FROM tickets") == []


async def test_asking_an_officer_after_an_answer_files_the_question(harness: Harness) -> None:
    citizen = harness.citizen(7502)
    await citizen.say("syarat bikin skck apa aja?")
    sent = await citizen.press("ask:officer")
    assert "consent:yes" in sent[-1].callback_data()
    await citizen.press("consent:yes")
    sent = await citizen.press("cat:information")
    assert await state_of(citizen) == "when"  # the question is the story


async def test_a_weak_match_goes_to_the_officers(harness: Harness) -> None:
    citizen = harness.citizen(7503)
    sent = await citizen.say("pak, kalau mau daftar jadi anggota polisi syaratnya apa?")
    assert not sent[-1].text.startswith("📘")
    assert sent[-1].callback_data()[:2] == ["ask:officer", "ask:complaint"]


async def test_tanya_at_any_time(harness: Harness) -> None:
    citizen = harness.citizen(7504)
    await citizen.say("/aduan")
    await citizen.press("consent:yes")
    sent = await citizen.say("/tanya syarat skck")
    assert sent[0].text.startswith("📘") and "SKCK" in sent[0].text
    assert "cat:crime" in sent[-1].callback_data()  # and the step goes on
    assert await state_of(citizen) == "category"


async def test_a_complaint_with_a_topic_word_takes_the_complaint_path(harness: Harness) -> None:
    citizen = harness.citizen(7505)
    sent = await citizen.say("SIM dan dompet saya dirampas orang di jalan tadi malam")
    assert not any((c.text or "").startswith("📘") for c in sent)
    assert "consent:yes" in sent[-1].callback_data()


async def test_a_question_on_whatsapp(wa: WaHarness) -> None:
    citizen = wa.citizen("+6281234569101")
    sent = await citizen.say("pak, cara bikin skck gimana?")
    assert sent[-1].startswith("📘")
    assert options_of(sent[-1]) == [
        ID("✅ Answered"),
        ID("🙋 Ask an officer"),
        ID("📝 File a complaint"),
    ]
    sent = await citizen.say("1")
    assert ID("Glad it helped. Stay safe!") in "\n".join(sent)
