"""A staff group that is a forum (topics enabled) chooses one topic for its cards.

`/topik` sent inside a topic makes it the group's card topic: cards, their pins and
files, digests and notices go there with message_thread_id
(https://core.telegram.org/bots/api#sendmessage); answers to an officer go to the topic
the officer wrote in; `/topik` outside a topic explains how. The strict fake refuses a
topic the forum does not have (400 "message thread not found") and builds topic messages
as Telegram does (is_topic_message, the topic's opening message as reply_to_message).
"""

from __future__ import annotations

import pytest
import telegram
from telegram.error import BadRequest

from bot.channels.base import StaffEvent
from bot.channels.telegram.parse import parse
from bot.store import staff_groups
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN
from tests.officers.conftest import GROUP, OFFICER, Desk, reply_target


def _thread(call: telegram.Message | object) -> int | None:
    value = getattr(call, "params", {}).get("message_thread_id")
    return int(value) if value is not None else None


async def _choose_topic(desk: Desk, name: str = "Aduan masuk") -> int:
    thread = desk.api.create_topic(GROUP, name)
    await desk.h.deliver(desk.h.updates.topic_text(GROUP, OFFICER, "/topik", thread))
    return thread


# ---------------------------------------------------------------------- the strict fake


async def test_the_fake_refuses_a_topic_the_forum_does_not_have() -> None:
    async with FakeBotAPI(token=TOKEN) as api:
        thread = api.create_topic(GROUP, "Aduan")
        bot = telegram.Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url)
        async with bot:
            sent = await bot.send_message(GROUP, "di topik", message_thread_id=thread)
            assert sent.message_thread_id == thread and sent.is_topic_message
            with pytest.raises(BadRequest, match="thread not found"):
                await bot.send_message(GROUP, "topik lain", message_thread_id=thread + 50)
            api.delete_topic(GROUP, thread)
            with pytest.raises(BadRequest, match="thread not found"):
                await bot.send_message(GROUP, "topik dihapus", message_thread_id=thread)
            general = await bot.send_message(GROUP, "umum")
            assert general.message_thread_id is None


def test_a_topic_message_is_parsed_with_its_thread_and_without_a_false_reply() -> None:
    f = UpdateFactory()
    event = parse(f.topic_text(GROUP, OFFICER, "/topik", 77))
    assert isinstance(event, StaffEvent) and event.command == "topik"
    assert event.extra.get("thread") == "77"
    # the topic's opening message rides along as reply_to_message: not a reply
    assert event.reply_to_message_id is None
    reply = parse(f.topic_text(GROUP, OFFICER, "siap", 77, reply_to_message_id=5))
    assert isinstance(reply, StaffEvent) and reply.reply_to_message_id == "5"
    general = parse(f.forum_general_text(GROUP, OFFICER, "/topik"))
    assert isinstance(general, StaffEvent) and "thread" not in general.extra


# ---------------------------------------------------------------------- the product


async def test_topik_inside_a_topic_sends_the_cards_there(desk: Desk) -> None:
    thread = await _choose_topic(desk)
    async with desk.h.db.reading() as conn:
        assert await staff_groups.topic_of(conn, str(GROUP)) == str(thread)
    confirmation = desk.group_calls()[-1]
    assert _thread(confirmation) == thread and confirmation.error is None
    ref = await desk.file(desk.h.citizen(6301))
    card = desk.card_of(ref)
    assert _thread(card) == thread
    assert card.result["message_thread_id"] == thread and card.result["is_topic_message"]
    failed = await desk.h.rows("SELECT COUNT(*) FROM outbox WHERE status = 'failed'")
    assert failed[0][0] == 0


async def test_every_send_for_a_ticket_goes_to_the_topic(desk: Desk) -> None:
    thread = await _choose_topic(desk)
    before = len(desk.group_calls())
    citizen = desk.h.citizen(6302)
    ref = await desk.file(citizen)
    card = desk.card_of(ref)
    await citizen.say("Pak, plat nomor motornya B 4321 KLM")  # relayed under the card
    await desk.press(OFFICER, f"t:claim:{(await desk.ticket(ref))['id']}")
    sent = [c for c in desk.group_calls()[before:] if c.method.startswith("send")]
    assert len(sent) >= 2  # the card and the relayed follow-up
    assert all(_thread(c) == thread for c in sent), [(c.method, c.params) for c in sent]
    follow_up = next(c for c in sent if c.text and "B 4321 KLM" in c.text)
    assert reply_target(follow_up) == card.result["message_id"]


async def test_a_reply_to_a_card_inside_the_topic_reaches_the_citizen(desk: Desk) -> None:
    thread = await _choose_topic(desk)
    citizen = desk.h.citizen(6303)
    ref = await desk.file(citizen)
    card = desk.card_of(ref)
    before = len(citizen.messages())
    await desk.h.deliver(
        desk.h.updates.topic_text(
            GROUP,
            OFFICER,
            "Laporan diterima, kami cek ke lokasi hari ini.",
            thread,
            reply_to_message_id=card.result["message_id"],
        )
    )
    relayed = [c.text or "" for c in citizen.messages()[before:]]
    assert any("kami cek ke lokasi" in t for t in relayed), relayed


async def test_topik_outside_a_topic_explains_how(desk: Desk) -> None:
    await desk.h.deliver(desk.h.updates.forum_general_text(GROUP, OFFICER, "/topik"))
    answer = desk.group_calls()[-1]
    assert answer.text and "/topik" in answer.text
    assert _thread(answer) is None
    async with desk.h.db.reading() as conn:
        assert await staff_groups.topic_of(conn, str(GROUP)) is None
    ref = await desk.file(desk.h.citizen(6304))
    assert _thread(desk.card_of(ref)) is None


async def test_an_answer_goes_to_the_topic_the_officer_wrote_in(desk: Desk) -> None:
    cards = await _choose_topic(desk, "Aduan")
    other = desk.api.create_topic(GROUP, "Rapat")
    await desk.h.deliver(desk.h.updates.topic_text(GROUP, OFFICER, "/antrian", other))
    answer = desk.group_calls()[-1]
    assert _thread(answer) == other and answer.error is None
    assert other != cards


async def test_topik_umum_sends_the_cards_to_the_main_chat_again(desk: Desk) -> None:
    await _choose_topic(desk)
    await desk.h.deliver(desk.h.updates.forum_general_text(GROUP, OFFICER, "/topik umum"))
    async with desk.h.db.reading() as conn:
        assert await staff_groups.topic_of(conn, str(GROUP)) is None
    ref = await desk.file(desk.h.citizen(6305))
    assert _thread(desk.card_of(ref)) is None


async def test_a_digest_keeps_its_topic_when_it_grows(desk: Desk) -> None:
    thread = await _choose_topic(desk)
    refs = [await desk.file(desk.h.citizen(6310 + i)) for i in range(2)]
    officers = desk.h.runtime.officers
    assert officers is not None
    ids = [int((await desk.ticket(ref))["id"]) for ref in refs]
    async with desk.h.db.transaction() as conn:
        for ticket_id in ids:  # as when the group is busy: the tickets go into one digest
            await officers.digests.add(conn, ticket_id, str(GROUP))
        # the digest window is not waited out here
        await conn.execute(
            "UPDATE outbox SET not_before = created_at WHERE kind = 'digest' AND status = 'pending'"
        )
    desk.h.runtime.wake_outbox()
    await desk.h.settle()
    digests = [c for c in desk.group_calls() if c.text and "tiket baru" in c.text.lower()]
    assert digests and all(_thread(c) == thread for c in digests), digests


async def test_cards_go_to_the_main_chat_when_the_topic_was_deleted(desk: Desk) -> None:
    thread = await _choose_topic(desk)
    desk.api.delete_topic(GROUP, thread)
    ref = await desk.file(desk.h.citizen(6320))
    card = desk.card_of(ref)  # delivered: refused in the topic, sent to the main chat
    assert _thread(card) is None and card.error is None
    failed = await desk.h.rows("SELECT COUNT(*) FROM outbox WHERE status = 'failed'")
    assert failed[0][0] == 0
