"""A ticket's life in the staff group, end to end on the fake Bot API: card, claim,
replies both ways, standard replies, transfer, resolve, the citizen's answer and rating,
reopening, and refused presses by non-members."""

from __future__ import annotations

import json

from tests.harness import texts
from tests.officers.conftest import (
    GROUP,
    GROUP_TIMUR,
    JAKTIM,
    OFFICER,
    OFFICER_2,
    OUTSIDER,
    Desk,
    reply_target,
)


async def test_card_claim_reply_both_ways_resolve_and_rating(desk: Desk) -> None:
    citizen = desk.h.citizen(5101)
    ref = await desk.file(citizen)
    ticket = await desk.ticket(ref)
    tid = ticket["id"]
    card = desk.card_of(ref)
    assert card.params.get("parse_mode") == "HTML"
    assert "Cilandak" in card.text and "Motor saya dicuri" in card.text
    assert "WIB" in card.text  # time in the unit's zone
    assert card.callback_data()[:3] == [f"t:claim:{tid}", f"t:reply:{tid}", f"t:std:{tid}"]
    assert all(len(d.encode()) <= 64 for d in card.callback_data())
    assert "5101" not in card.text  # the reporter is masked
    assert ticket["status"] == "forwarded"
    # the citizen got the acknowledgement with the expected response time
    ack = citizen.messages()[-1].text
    assert ref in ack and "WIB" in ack

    sent = await desk.press(OFFICER, f"t:claim:{tid}")
    edits = [c for c in sent if c.method == "editMessageText"]
    assert edits and edits[0].params["message_id"] == card.result["message_id"]
    assert f"t:claim:{tid}" not in edits[0].callback_data()
    assert "Warga9001" in edits[0].text  # who holds it
    answers = [c for c in sent if c.method == "answerCallbackQuery"]
    assert answers and ref in answers[0].params["text"]
    ticket = await desk.ticket(ref)
    assert ticket["status"] == "in_progress" and ticket["holder_id"] == str(OFFICER)
    notice = citizen.messages()[-1]
    assert ref in notice.text
    events = await desk.events(ref)
    claim = [e for e in events if e["status"] == "in_progress"][0]
    assert claim["actor_kind"] == "officer" and claim["actor_id"] == str(OFFICER)
    assert claim["actor_name"] == "Warga9001"

    # officer -> citizen: a Telegram reply to the card
    before = len(citizen.messages())
    await desk.say(
        OFFICER, "Selamat siang, mohon kirim foto motor Anda.", reply_to=card.result["message_id"]
    )
    relayed = citizen.messages()[before:]
    assert len(relayed) == 1
    assert "mohon kirim foto motor" in relayed[0].text
    assert (
        "Petugas Polres Metro Jakarta Selatan" in relayed[0].text
        or "Polres Metro Jakarta Selatan" in relayed[0].text
    )
    row = (
        await desk.h.rows(
            "SELECT payload FROM outbox WHERE chat_id = ? AND kind = 'reply' "
            "ORDER BY id DESC LIMIT 1",
            str(citizen.user_id),
        )
    )[0]
    payload = json.loads(row[0])
    assert payload["notice"] == "officer_reply" and payload["ticket_id"] == tid
    assert payload["type"] == "Reply" and payload["locale"] == "id"

    # citizen -> group: a further message is attached and posted as a reply to the card
    sent = await citizen.say("Baik pak, plat nomornya B 1234 XYZ")
    assert ref in sent[-1].text
    posted = [c for c in desk.group_calls() if c.text and "B 1234 XYZ" in c.text]
    assert posted and reply_target(posted[0]) == card.result["message_id"]
    assert [e for e in await desk.events(ref) if e["kind"] == "message_in"]

    # Reply button: ForceReply prompt, pending action in the store, then the text
    await desk.press(OFFICER, f"t:reply:{tid}")
    prompt = desk.group_calls()[-1]
    assert prompt.reply_markup and prompt.reply_markup.get("force_reply") is True
    assert await desk.h.rows("SELECT action FROM staff_pending")
    before = len(citizen.messages())
    await desk.say(OFFICER, "Terima kasih, kami cek CCTV.", reply_to=prompt.result["message_id"])
    assert "kami cek CCTV" in citizen.messages()[before].text
    assert not await desk.h.rows("SELECT action FROM staff_pending")

    # a standard reply: draft shown, then sent as is in the citizen's language
    await desk.press(OFFICER, f"t:std:{tid}")
    await desk.press(OFFICER, f"t:sr:{tid}:ack")
    draft = desk.group_calls()[-1]
    assert "Terima kasih atas laporan" in draft.text
    before = len(citizen.messages())
    await desk.press(OFFICER, f"t:send:{tid}:ack")
    assert "Terima kasih atas laporan" in citizen.messages()[before].text

    # resolve with a closing note
    await desk.press(OFFICER, f"t:done:{tid}")
    before = len(citizen.messages())
    await desk.say(
        OFFICER,
        "Motor ditemukan dan dikembalikan.",
        reply_to=desk.group_calls()[-1].result["message_id"],
    )
    out = citizen.messages()[before:]
    assert "Motor ditemukan" in texts(out)
    question = out[-1]
    assert question.callback_data() == [f"fb:yes:{tid}", f"fb:no:{tid}"]
    ticket = await desk.ticket(ref)
    assert ticket["status"] == "resolved" and ticket["feedback_state"] == "confirm"
    last_edit = [c for c in desk.group_calls() if c.method == "editMessageText"][-1]
    assert last_edit.callback_data() == []  # a closed ticket has no buttons

    # the citizen: yes, 5 stars, a comment
    sent = await citizen.press(f"fb:yes:{tid}")
    assert sent[-1].callback_data() == [f"fb:r:{tid}:{n}" for n in range(1, 6)]
    sent = await citizen.press(f"fb:r:{tid}:5")
    await citizen.say("Pelayanan cepat, terima kasih")
    ticket = await desk.ticket(ref)
    assert ticket["rating"] == 5 and ticket["rating_comment"] == "Pelayanan cepat, terima kasih"
    assert ticket["feedback_state"] == "done" and ticket["status"] == "resolved"
    assert any("5/5" in (c.text or "") for c in desk.group_calls())


async def test_no_reopens_and_message_within_window_reopens(desk: Desk) -> None:
    citizen = desk.h.citizen(5102)
    ref = await desk.file(citizen)
    tid = (await desk.ticket(ref))["id"]
    await desk.press(OFFICER, f"t:claim:{tid}")
    await desk.press(OFFICER, f"t:done:{tid}")
    await desk.say(
        OFFICER, "Sudah ditangani.", reply_to=desk.group_calls()[-1].result["message_id"]
    )
    sent = await citizen.press(f"fb:no:{tid}")
    assert ref in sent[-1].text
    ticket = await desk.ticket(ref)
    assert ticket["status"] == "reopened"
    assert any(
        "reopened" in (c.text or "") or "dibuka kembali" in (c.text or "") or ref in (c.text or "")
        for c in desk.group_calls()[-2:]
    )
    # resolved again, then (3 days later) any message reopens it
    await desk.press(OFFICER, f"t:done:{tid}")
    await desk.say(
        OFFICER, "Sudah ditangani lagi.", reply_to=desk.group_calls()[-1].result["message_id"]
    )
    assert (await desk.ticket(ref))["status"] == "resolved"
    desk.clock.advance(days=3)
    await citizen.say("Pak, pelakunya datang lagi tadi malam")
    assert (await desk.ticket(ref))["status"] == "reopened"
    assert any("pelakunya datang lagi" in (c.text or "") for c in desk.group_calls())
    # after the window a message no longer reopens
    await desk.press(OFFICER, f"t:done:{tid}")
    await desk.say(OFFICER, "Selesai.", reply_to=desk.group_calls()[-1].result["message_id"])
    desk.clock.advance(days=8)
    sent = await citizen.say("halo")
    assert (await desk.ticket(ref))["status"] == "resolved"
    assert "menu:new" in sent[-1].callback_data()  # the usual menu


async def test_transfer_to_another_polres_group(desk: Desk) -> None:
    await desk.bind(GROUP_TIMUR, JAKTIM)
    citizen = desk.h.citizen(5103)
    ref = await desk.file(citizen)
    tid = (await desk.ticket(ref))["id"]
    await desk.press(OFFICER, f"t:tx:{tid}")
    await desk.say(OFFICER, "jakarta timur", reply_to=desk.group_calls()[-1].result["message_id"])
    choices = desk.group_calls()[-1]
    assert f"t:to:{tid}:{JAKTIM}" in choices.callback_data()
    await desk.press(OFFICER, f"t:to:{tid}:{JAKTIM}")
    ticket = await desk.ticket(ref)
    assert ticket["unit_id"] == JAKTIM and ticket["status"] == "transferred"
    assert ticket["holder_id"] is None
    new_card = desk.card_of(ref, GROUP_TIMUR)
    assert "Jakarta Timur" in new_card.text
    frozen = [c for c in desk.group_calls(GROUP) if c.method == "editMessageText"][-1]
    assert "Jakarta Timur" in frozen.text and frozen.callback_data() == []
    assert "Jakarta Timur" in citizen.messages()[-1].text
    # the old group can no longer act on it
    sent = await desk.press(
        OFFICER_2, f"t:claim:{tid}", chat=GROUP, message_id=desk.card_of(ref).result["message_id"]
    )
    answer = [c for c in sent if c.method == "answerCallbackQuery"][0]
    assert answer.params.get("show_alert") is True
    # the new group claims it
    await desk.press(OFFICER_2, f"t:claim:{tid}", chat=GROUP_TIMUR)
    assert (await desk.ticket(ref))["status"] == "in_progress"


async def test_non_members_are_refused_and_logged(desk: Desk) -> None:
    citizen = desk.h.citizen(5104)
    ref = await desk.file(citizen)
    tid = (await desk.ticket(ref))["id"]
    before = len(citizen.messages())
    sent = await desk.press(OUTSIDER, f"t:claim:{tid}")
    answer = [c for c in sent if c.method == "answerCallbackQuery"]
    assert answer and answer[0].params.get("show_alert") is True
    assert not [c for c in sent if c.method == "editMessageText"]
    assert (await desk.ticket(ref))["status"] == "forwarded"
    assert len(citizen.messages()) == before
    refused = [e for e in await desk.events(ref) if e["kind"] == "refused"]
    assert refused and refused[0]["actor_id"] == str(OUTSIDER)
    log = await desk.h.rows("SELECT user_id, outcome FROM staff_log")
    assert [tuple(r) for r in log] == [(str(OUTSIDER), "refused:not a member")]
    # a reply to the card by an outsider is not relayed either
    await desk.say(OUTSIDER, "saya bukan polisi", reply_to=desk.card_of(ref).result["message_id"])
    assert len(citizen.messages()) == before
    # a user who left the group is refused too (after the cache)
    desk.api.set_member(-1001000000001, OFFICER_2, "left")
    sent = await desk.press(OFFICER_2, f"t:claim:{tid}")
    assert [c for c in sent if c.method == "answerCallbackQuery"][0].params["show_alert"]
    # getChatMember was asked once per user, then cached
    await desk.press(OUTSIDER, f"t:claim:{tid}")
    asked = [c.params["user_id"] for c in desk.api.calls_to("getChatMember")]
    assert asked.count(OUTSIDER) == 1
