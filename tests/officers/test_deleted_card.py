"""A card an officer deleted in the Telegram app: what replies to it still arrives.

Telegram refuses a reply to a message that no longer exists unless the request says
allow_sending_without_reply (https://core.telegram.org/bots/api#replyparameters), and
bots get no update when a user deletes a message; the fake follows both rules."""

from __future__ import annotations

from tests.officers.conftest import GROUP, Desk, reply_target


async def test_a_follow_up_to_a_deleted_card_still_reaches_the_group(desk: Desk) -> None:
    citizen = desk.h.citizen(6201)
    ref = await desk.file(citizen)
    card = desk.card_of(ref)
    desk.api.delete_in_app(GROUP, card.result["message_id"])
    await citizen.say("Pak, plat nomor motornya B 4321 KLM")
    posted = [c for c in desk.group_calls() if c.text and "B 4321 KLM" in c.text]
    assert posted and posted[-1].error is None, "the follow-up was refused"
    assert reply_target(posted[-1]) == card.result["message_id"]  # still meant as a reply
    failed = await desk.h.rows("SELECT COUNT(*) FROM outbox WHERE status = 'failed'")
    assert failed[0][0] == 0
