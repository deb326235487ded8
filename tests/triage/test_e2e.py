"""Triage end to end on the fake Bot API: the 110 advice first, urgent cards first,
category suggestion from the story, harsh language on the card, provocation, duplicates,
the professional-reply check and the cooldown."""

from __future__ import annotations

import json

from tests.harness import texts
from tests.officers.conftest import GROUP, OFFICER, Desk


async def _finish(citizen, place: str = "kec cilandak jaksel") -> None:  # noqa: ANN001
    await citizen.press("when:now")
    await citizen.say(place)
    await citizen.press("place:yes")
    await citizen.press("ev:skip")
    await citizen.press("contact:chat")
    await citizen.press("sum:confirm")


async def test_emergency_first_message_gets_110_first_and_an_urgent_card(desk: Desk) -> None:
    citizen = desk.h.citizen(6101)
    sent = await citizen.say("tolong ada begal, teman saya lagi dikejar bawa golok")
    assert "110" in sent[0].text and "tel:110" in sent[0].text  # the advice comes first
    assert "consent:yes" in sent[-1].callback_data()  # then the conversation goes on
    sent = await citizen.press("consent:yes")
    assert sent[-1].callback_data()[0] == "cat:crime"  # suggested from the story
    await citizen.press("cat:crime")
    sent = await citizen.press("desc:done")  # the story is the description
    await _finish(citizen)
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
    from bot.store import outbox as outbox_store

    group, other = str(GROUP), "-43"
    async with desk.h.db.transaction() as conn:
        for text in ("first", "second"):
            await outbox_store.enqueue(conn, channel="telegram", chat_id=group,
                                       kind="message", payload={"text": text})
        await outbox_store.enqueue(conn, channel="telegram", chat_id=other, kind="message",
                                   payload={"text": "other one"})
        await outbox_store.enqueue(conn, channel="telegram", chat_id=group, kind="message",
                                   payload={"text": "urgent"}, priority=1)
        await outbox_store.enqueue(conn, channel="telegram", chat_id=other, kind="message",
                                   payload={"text": "other two"})
    desk.h.runtime.wake_outbox()
    await desk.h.settle()
    assert desk.api.texts(GROUP)[-3:] == ["urgent", "first", "second"]
    assert desk.api.texts(-43) == ["other one", "other two"]


async def test_harsh_language_flagged_on_card_but_criticism_is_not(desk: Desk) -> None:
    rude = desk.h.citizen(6103)
    ref = await desk.file(rude, description="polisi g0bl0k semua, laporan saya dicuekin "
                          "4nj1ng", category="crime")
    card = desk.card_of(ref)
    assert "⚠️" in card.text and "goblok" in card.text
    critic = desk.h.citizen(6104)
    ref2 = await desk.file(critic, description="polisi lambat sekali, oknum minta uang damai "
                           "200 ribu waktu ditilang", category="crime",
                           place="kec tebet jaksel")
    assert "⚠️" not in desk.card_of(ref2).text
    flags = await desk.h.rows("SELECT COUNT(*) FROM citizen_flags c JOIN citizens z ON "
                              "z.id = c.citizen_id WHERE z.external_id = '6104'")
    assert flags[0][0] == 0


async def test_provocation_button_and_command(desk: Desk) -> None:
    citizen = desk.h.citizen(6105)
    ref = await desk.file(citizen, description="dasar kafir laknat kalian semua, usir cina "
                          "dari kampung ini")
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
    ref1 = await desk.file(a, description="Motor saya dicuri dua orang tak dikenal di parkiran "
                           "pasar Cilandak")
    ref2 = await desk.file(a, description="Motor saya dicuri dua orang di parkiran pasar "
                           "Cilandak, saya lapor lagi")
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
    await desk.say(OFFICER, "dasar goblok, laporan begini saja", reply_to=card.result[
        "message_id"])
    assert len(citizen.messages()) == before  # held
    warning = desk.group_calls()[-1]
    assert f"t:rsend:{tid}" in warning.callback_data()
    await desk.press(OFFICER, f"t:rsend:{tid}")
    assert "goblok" in citizen.messages()[-1].text
    await desk.say(OFFICER, "Baik, laporan Bapak kami proses.", reply_to=card.result[
        "message_id"])
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
