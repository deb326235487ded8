"""An officer edits a reply that was already relayed to the citizen. Telegram sends the
edit as an `edited_message` update (https://core.telegram.org/bots/api#update); the
citizen's copy cannot change, so Dumas tells the officer, in the group, that the edit was
not sent, instead of dropping it unseen (issue 16)."""

from __future__ import annotations

from tests.officers.conftest import GROUP, OFFICER, Desk


async def test_an_edited_relayed_reply_is_answered_not_dropped(desk: Desk) -> None:
    citizen = desk.h.citizen(7601)
    ref = await desk.file(citizen)
    card = desk.card_of(ref).result["message_id"]
    await desk.say(OFFICER, "Kami datang jam 3 sore", reply_to=card)
    assert [c for c in desk.api.sent(7601) if "jam 3" in (c.text or "")]
    officer_message = desk.h.updates._message_ids[GROUP] - 1

    before = len(desk.api.calls)
    await desk.h.deliver(
        desk.h.updates.group_edited_text(
            GROUP, OFFICER, "Kami datang jam 4 sore", officer_message, card
        )
    )
    said = [c for c in desk.api.calls[before:] if c.method == "sendMessage"]
    assert len(said) == 1 and said[0].chat_id == GROUP
    assert "tidak" in (said[0].text or "").lower()  # "... tidak dikirim ..."
    assert not [c for c in desk.api.sent(7601) if "jam 4" in (c.text or "")]
    events = [e["kind"] for e in await desk.events(ref)]
    assert "reply_edit_not_sent" in events


async def test_an_edited_group_chat_message_is_left_alone(desk: Desk) -> None:
    await desk.say(OFFICER, "selamat pagi")
    mid = desk.h.updates._message_ids[GROUP] - 1
    before = len(desk.api.calls)
    await desk.h.deliver(desk.h.updates.group_edited_text(GROUP, OFFICER, "selamat siang", mid))
    assert not [c for c in desk.api.calls[before:] if c.method == "sendMessage"]


async def test_edited_messages_are_asked_for(harness) -> None:
    """Telegram sends only the update types a bot asks for (getUpdates/setWebhook
    allowed_updates, https://core.telegram.org/bots/api#getupdates): without
    "edited_message" the handling above would never run in production."""
    await harness.citizen(8801).say("/start")  # the poller has asked by now
    polls = harness.api.calls_to("getUpdates")
    assert polls and "edited_message" in polls[-1].params["allowed_updates"]
