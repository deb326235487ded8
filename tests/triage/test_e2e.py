"""Triage end to end on the fake Bot API: the 110 advice first, urgent cards first,
category suggestion from the story, harsh language on the card, provocation, duplicates,
the professional-reply check and the cooldown."""

from __future__ import annotations

import json

import pytest

from tests.e2e.steps import finish
from tests.harness import texts
from tests.officers.conftest import GROUP, OFFICER, Desk


async def test_emergency_first_message_gets_110_first_and_an_urgent_card(desk: Desk) -> None:
    citizen = desk.h.citizen(6101)
    sent = await citizen.say("tolong ada begal, teman saya lagi dikejar bawa golok")
    assert "110" in sent[0].text and "tel:" not in sent[0].text  # the advice comes first
    assert "consent:yes" in sent[-1].callback_data()  # then the conversation goes on
    sent = await citizen.press("consent:yes")
    assert sent[-1].callback_data()[0] == "cat:crime"  # suggested from the story
    await citizen.press("cat:crime")  # the story is the description: that step is passed
    await finish(citizen)
    ticket = dict((await desk.h.rows("SELECT * FROM tickets"))[0])
    assert ticket["priority"] == "urgent" and "begal" in ticket["description"]
    assert "golok" in json.loads(ticket["flags"])["emergency"]
    card = desk.card_of(ticket["reference"])
    assert "🆘" in card.text and "110" in card.text


async def test_emergency_in_the_middle_of_a_step_and_fire_numbers(desk: Desk) -> None:
    citizen = desk.h.citizen(6102)
    await citizen.say("/aduan")
    await citizen.press("consent:yes")
    await citizen.press("cat:other")
    sent = await citizen.say("rumah tetangga kebakaran, apinya sudah besar sekali")
    assert "110" in sent[0].text and "113" in sent[0].text
    assert "when:now" in sent[-1].callback_data()  # the normal next step follows


async def test_urgent_card_jumps_the_group_queue(desk: Desk) -> None:
    """Rows waiting for a busy group go in creation order, except an urgent card (priority
    1), which the outbox sender delivers before the older rows of the same group; other
    chats keep their own order."""
    from bot.outbox.messages import StaffMessage
    from bot.store import outbox as outbox_store

    group, other = str(GROUP), "-43"
    async with desk.h.db.transaction() as conn:
        for text in ("first", "second"):
            await outbox_store.enqueue(
                conn, channel="telegram", chat_id=group, message=StaffMessage(text, html=False)
            )
        await outbox_store.enqueue(
            conn, channel="telegram", chat_id=other, message=StaffMessage("other one", html=False)
        )
        await outbox_store.enqueue(
            conn,
            channel="telegram",
            chat_id=group,
            message=StaffMessage("urgent", html=False),
            priority=1,
        )
        await outbox_store.enqueue(
            conn, channel="telegram", chat_id=other, message=StaffMessage("other two", html=False)
        )
    desk.h.runtime.wake_outbox()
    await desk.h.settle()
    assert desk.api.texts(GROUP)[-3:] == ["urgent", "first", "second"]
    assert desk.api.texts(-43) == ["other one", "other two"]


async def test_harsh_language_flagged_on_card_but_criticism_is_not(desk: Desk) -> None:
    rude = desk.h.citizen(6103)
    ref = await desk.file(
        rude, description="polisi g0bl0k semua, laporan saya dicuekin 4nj1ng", category="crime"
    )
    card = desk.card_of(ref)
    assert "⚠️" in card.text and "goblok" in card.text
    critic = desk.h.citizen(6104)
    ref2 = await desk.file(
        critic,
        description="polisi lambat sekali, oknum minta uang damai 200 ribu waktu ditilang",
        category="crime",
        place="kec tebet jaksel",
    )
    assert "⚠️" not in desk.card_of(ref2).text
    flags = await desk.h.rows(
        "SELECT COUNT(*) FROM citizen_flags c JOIN citizens z ON "
        "z.id = c.citizen_id WHERE z.external_id = '6104'"
    )
    assert flags[0][0] == 0


async def test_provocation_button_and_command(desk: Desk) -> None:
    citizen = desk.h.citizen(6105)
    ref = await desk.file(
        citizen, description="dasar kafir laknat kalian semua, usir cina dari kampung ini"
    )
    tid = (await desk.ticket(ref))["id"]
    before = len(citizen.messages())
    await desk.press(OFFICER, f"t:prov:{tid}")
    assert "sopan" in citizen.messages()[before].text  # the standard professional reply
    assert json.loads((await desk.ticket(ref))["flags"])["provocation"]["by"]
    assert any(e["kind"] == "provocation" for e in await desk.events(ref))
    sent = await desk.say(OFFICER, f"/provokasi {ref}")
    assert "sudah" in texts(sent).lower() or "already" in texts(sent).lower()


async def test_duplicates_are_linked_and_shown(desk: Desk) -> None:
    a = desk.h.citizen(6106)
    ref1 = await desk.file(
        a, description="Motor saya dicuri dua orang tak dikenal di parkiran pasar Cilandak"
    )
    ref2 = await desk.file(
        a, description="Motor saya dicuri dua orang di parkiran pasar Cilandak, saya lapor lagi"
    )
    t1, t2 = (await desk.ticket(ref1))["id"], (await desk.ticket(ref2))["id"]
    links = await desk.h.rows("SELECT ticket_id, other_id, reason FROM ticket_links")
    assert (t2, t1, "same_citizen") in [tuple(r) for r in links]
    card = desk.card_of(ref2)
    assert ref1 in card.text and f"t:dup:{t1}" in card.callback_data()
    sent = await desk.press(OFFICER, f"t:dup:{t1}", message_id=card.result["message_id"])
    assert any(c.text and ref1 in c.text for c in sent if c.method == "sendMessage")


async def test_insulting_reply_is_held_until_confirmed(desk: Desk) -> None:
    citizen = desk.h.citizen(6107)
    ref = await desk.file(citizen)
    card = desk.card_of(ref)
    tid = (await desk.ticket(ref))["id"]
    before = len(citizen.messages())
    await desk.say(OFFICER, "dasar goblok, laporan begini saja", reply_to=card.result["message_id"])
    assert len(citizen.messages()) == before  # held
    warning = desk.group_calls()[-1]
    assert f"t:rsend:{tid}" in warning.callback_data()
    await desk.press(OFFICER, f"t:rsend:{tid}")
    assert "goblok" in citizen.messages()[-1].text
    await desk.say(OFFICER, "Baik, laporan Bapak kami proses.", reply_to=card.result["message_id"])
    assert "kami proses" in citizen.messages()[-1].text  # a polite reply goes straight out


async def test_cooldown_after_repeated_abuse(desk: Desk) -> None:
    citizen = desk.h.citizen(6108)
    await desk.file(citizen, description="bangsat polisi anjing goblok tidak becus semua")
    for _ in range(2):
        await citizen.say("bangsat kalian semua")
    sent = await citizen.say("/aduan")
    assert "one new complaint a day" in texts(sent) or "satu" in texts(sent)
    tickets = await desk.h.rows("SELECT COUNT(*) FROM tickets")
    assert tickets[0][0] == 1


async def test_officer_marks_an_emergency_flag_wrong_and_the_export_has_it(desk: Desk) -> None:
    """One tap on "✖️ Not an emergency": stored with the officer and time, the flag leaves
    the card (which names who corrected it), a second tap is refused, and `dumas triage
    export` gives the ticket's text as a labelled line with the flag false."""
    from bot.triage.corrections import export_lines

    citizen = desk.h.citizen(6110)
    ref = await desk.file(
        citizen, description="tolong ada maling lagi masuk rumah saya sekarang, dia bawa pisau"
    )
    ticket = await desk.ticket(ref)
    tid = ticket["id"]
    assert "emergency" in json.loads(ticket["flags"])
    card = desk.card_of(ref)
    assert f"t:fw:{tid}:emergency" in card.callback_data()
    assert f"t:fw:{tid}:abusive" not in card.callback_data()  # only flags that are there
    sent = await desk.press(OFFICER, f"t:fw:{tid}:emergency")
    answers = [c for c in sent if c.method == "answerCallbackQuery"]
    assert (
        answers
        and "correction" in (answers[0].params.get("text") or "").lower()
        or "koreksi" in (answers[0].params.get("text") or "").lower()
    )
    flags = json.loads((await desk.ticket(ref))["flags"])
    assert "emergency" not in flags and flags["corrected"]["emergency"]["by"]
    rows = await desk.h.rows(
        "SELECT flag, officer_id, officer_name, at FROM triage_corrections WHERE ticket_id = ?", tid
    )
    assert [tuple(r)[:2] for r in rows] == [("emergency", str(OFFICER))] and rows[0][3]
    edits = [c for c in sent if c.method == "editMessageText" and ref in (c.text or "")]
    assert edits, "the card is redrawn"
    assert f"t:fw:{tid}:emergency" not in edits[-1].callback_data()
    assert "🆘" not in edits[-1].text and "✖️" in edits[-1].text
    assert any(e["kind"] == "triage_corrected" for e in await desk.events(ref))
    sent = await desk.press(OFFICER, f"t:fw:{tid}:emergency", message_id=card.result["message_id"])
    again = [c for c in sent if c.method == "answerCallbackQuery"]
    assert again and ref in (again[0].params.get("text") or "")  # "no longer on DMS-..."
    lines = await export_lines(desk.h.db)
    assert len(lines) == 1 and lines[0]["text"].startswith("tolong ada maling")
    assert lines[0]["emergency"] is False and lines[0]["intent"] == "complaint"
    assert lines[0]["category"] == "crime" and ref in lines[0]["source"]


async def test_question_at_idle_is_kept_and_can_go_to_an_officer(desk: Desk) -> None:
    """A question is not pushed into the complaint form: it is kept, the citizen is
    offered the hand-off, and "Ask an officer" files it as "information" with the
    question as the story."""
    citizen = desk.h.citizen(6111)
    question = "Selamat siang pak, mau tanya syarat perpanjang SKCK apa saja ya?"
    sent = await citizen.say(question)
    # the knowledge base answers it (its article on SKCK), with the hand-off beside it
    assert "📘" in sent[-1].text and "SKCK" in sent[-1].text
    assert sent[-1].callback_data() == ["ask:answered", "ask:officer", "ask:complaint"]
    assert not any("consent:yes" in c.callback_data() for c in sent)
    sent = await citizen.press("ask:officer")
    assert "consent:yes" in sent[-1].callback_data()  # the intake starts
    sent = await citizen.press("consent:yes")
    assert sent[-1].callback_data()[0] == "cat:information"  # proposed first
    await citizen.press("cat:information")  # the question is the description
    await finish(citizen)
    ticket = dict((await desk.h.rows("SELECT * FROM tickets"))[0])
    assert ticket["category"] == "information" and ticket["description"] == question
    sent = await citizen.press("ask:officer")  # pressed again: the question is used up
    assert "ask:officer" not in (sent[-1].callback_data() if sent else [])


async def test_a_question_about_ones_own_case_told_with_the_incident_is_a_question(
    desk: Desk,
) -> None:
    """The story comes first and the question last (issue 15, session 30): the citizen
    asks what to do, so the answering path with its hand-off is offered, not the form."""
    citizen = desk.h.citizen(6114)
    sent = await citizen.say(
        "hp ku ilang di angkot td siang, ada yg bilang bisa dilacak pake imei lewat polisi. "
        "beneran bisa ga pak? harus lapor kemana"
    )
    assert not any("consent:yes" in c.callback_data() for c in sent)
    assert "ask:complaint" in sent[-1].callback_data()


async def test_complaint_at_idle_starts_the_intake_with_the_story(desk: Desk) -> None:
    citizen = desk.h.citizen(6112)
    sent = await citizen.say(
        "motor saya dicuri orang di parkiran pasar kemarin sore, kuncinya sudah saya cabut"
    )
    assert not any("🚨" in c.text for c in sent if c.text)  # no emergency advice
    assert "consent:yes" in sent[-1].callback_data()
    sent = await citizen.press("consent:yes")
    assert sent[-1].callback_data()[0] == "cat:crime"


async def test_greeting_at_idle_is_greeted_back_with_the_menu(desk: Desk) -> None:
    citizen = desk.h.citizen(6113)
    sent = await citizen.say("terima kasih banyak pak polisi 🙏")
    assert "menu:new" in sent[-1].callback_data()
    assert "sama-sama" in sent[-1].text.lower()
    assert not any("consent:yes" in c.callback_data() for c in sent)


async def test_the_model_reads_messages_not_answers_to_structured_steps(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model that calls everything an emergency: the first message gets the advice,
    the typed place and time of a running report do not (there the word lists decide)."""
    from bot import dispatcher
    from tests.fakes.triage_model import hand_model

    alarmist = hand_model(emergency_bias=9.0)
    monkeypatch.setattr(dispatcher, "load_model", lambda: alarmist)
    citizen = desk.h.citizen(6114)
    sent = await citizen.say("selamat pagi pak saya mau melapor sesuatu ya")
    assert "🚨" in sent[0].text  # idle: the model is read
    await citizen.press("consent:yes")
    await citizen.press("cat:crime")
    await citizen.say("Motor saya dicuri orang di parkiran pasar kemarin sore")
    sent = await citizen.say("kemarin sekitar pukul 19.30 WIB")
    assert not any("🚨" in (c.text or "") for c in sent)
    sent = await citizen.say("kec cilandak kota jakarta selatan")
    assert not any("🚨" in (c.text or "") for c in sent)


async def test_a_sensitive_cases_story_is_never_exported(desk: Desk) -> None:
    """Corrections on a case of violence against women and children stay out of
    `dumas triage export`: its story is hidden from most officers until claimed, and it
    does not leave the system as a training line."""
    from datetime import UTC, datetime

    from bot.store import triage_corrections
    from bot.triage.corrections import export_lines

    ref = await desk.file(
        desk.h.citizen(6120),
        description="tolong suami saya memukul anak saya sekarang, dia mengamuk bawa pisau",
        category="violence_women_children",
    )
    tid = (await desk.ticket(ref))["id"]
    async with desk.h.db.transaction() as conn:
        await triage_corrections.add(
            conn, tid, "emergency", str(OFFICER), "Petugas", datetime.now(UTC)
        )
    assert await desk.h.rows("SELECT id FROM triage_corrections WHERE ticket_id = ?", tid)
    assert await export_lines(desk.h.db) == []
