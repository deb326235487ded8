"""bot/channels/telegram/sender.py: a citizen's reply goes out through `_send_raw` (the
answer read as JSON): the request is the one python-telegram-bot's `send_message` made,
and its failures are classified as before."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.channels.base import PermanentFailure, RetryLater
from bot.channels.telegram.client import make_bot
from bot.channels.telegram.sender import TelegramSender
from bot.outbox.messages import CallbackAnswer, CitizenReply
from bot.store.outbox import OutboxRow
from flows.events import Option, Reply
from tests.fakes.telegram_api import FakeBotAPI
from tests.harness import TOKEN, settings_for

CHAT = 5001


def ptb_markup(reply: Reply) -> Any:
    """The keyboard as python-telegram-bot's objects, as sender.py built it until
    2026-12-05: the oracle of its JSON."""
    if reply.options:
        columns = max(1, reply.columns)
        rows = [
            [
                InlineKeyboardButton(o.label[:64], callback_data=o.id[:64])
                for o in reply.options[i : i + columns]
            ]
            for i in range(0, len(reply.options), columns)
        ]
        rows += [
            [InlineKeyboardButton(label, url=url)]
            for label, url in reply.links
            if url.startswith("http")
        ]
        return InlineKeyboardMarkup(rows)
    if reply.request_location:
        return ReplyKeyboardMarkup(
            [[KeyboardButton(reply.request_location, request_location=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    if reply.remove_keyboard:
        return ReplyKeyboardRemove()
    return None


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def sender(api: FakeBotAPI, tmp_path: Any) -> AsyncIterator[TelegramSender]:
    bot = make_bot(settings_for(tmp_path, api.url))
    async with bot:
        yield TelegramSender(bot)


def _row(reply: Reply, chat: int = CHAT) -> OutboxRow:
    return OutboxRow(1, "telegram", str(chat), CitizenReply(reply, "id"), None, "", "sending", 0)


REPLIES = {
    "text": Reply("Terima kasih."),
    "buttons": Reply(
        "Pilih kategori:",
        options=(Option("cat:crime", "Kejahatan"), Option("cat:traffic", "Lalu lintas")),
        columns=2,
    ),
    "buttons and links": Reply(
        "Baca:",
        options=(Option("ok", "OK"), Option("no", "Tidak " * 20)),
        links=(("Situs", "https://polri.go.id"), ("Lain", "tel:110")),
    ),
    "location button": Reply("Kirim lokasi", request_location="📍 Kirim lokasi"),
    "remove keyboard": Reply("Baik.", remove_keyboard=True),
}


@pytest.mark.parametrize("kind", sorted(REPLIES))
async def test_the_request_is_send_messages(
    kind: str, api: FakeBotAPI, sender: TelegramSender
) -> None:
    reply = REPLIES[kind]
    message_id = await sender.deliver(_row(reply))
    await sender.bot.send_message(str(CHAT), reply.text, reply_markup=ptb_markup(reply))
    raw, ptb = [c for c in api.calls if c.method == "sendMessage"]
    assert raw.params == ptb.params
    assert message_id == str(raw.result["message_id"])


async def test_a_blocked_citizen_fails_for_good(api: FakeBotAPI, sender: TelegramSender) -> None:
    api.block_chat(CHAT)
    with pytest.raises(PermanentFailure, match="forbidden"):
        await sender.deliver(_row(REPLIES["text"]))


async def test_a_rejected_token_waits(api: FakeBotAPI, tmp_path: Any) -> None:
    """404 on a rejected token: python-telegram-bot names it EndPointNotFound when the
    request goes through do_api_request; the outbox waits as for InvalidToken."""
    bot = make_bot(settings_for(tmp_path, api.url))
    async with bot:
        bot._token = "999:rejected"  # the fake answers 404 to another token
        bot._base_url = bot._base_url.replace(TOKEN, "999:rejected")
        with pytest.raises(RetryLater):
            await TelegramSender(bot).deliver(_row(REPLIES["text"]))


@pytest.mark.parametrize(
    "answer",
    [
        CallbackAnswer("q1"),
        CallbackAnswer("q2", text="Sudah dicatat."),
        CallbackAnswer("q3", text="Tiket ditutup.", alert=True),
    ],
    ids=["bare", "text", "alert"],
)
async def test_a_button_answer_is_answer_callback_query(
    answer: CallbackAnswer, api: FakeBotAPI, sender: TelegramSender
) -> None:
    """A button press's answer goes out through `_send_raw` (its JSON built once, no
    `Bot` method in between): the request python-telegram-bot's `answer_callback_query`
    makes with the same values, field for field."""
    row = OutboxRow(2, "telegram", f"{CHAT}#cb", answer, None, "", "sending", 0)
    assert await sender.deliver(row) is None
    await sender.bot.answer_callback_query(
        answer.callback_id, text=answer.text or None, show_alert=answer.alert
    )
    raw, ptb = [c for c in api.calls if c.method == "answerCallbackQuery"]
    assert raw.params == ptb.params
    assert list(raw.params) == list(ptb.params)


async def test_a_reply_to_a_rejected_request_is_ptbs_error(
    api: FakeBotAPI, sender: TelegramSender
) -> None:
    """The raw path's failures are python-telegram-bot's own (`_request_wrapper`): a
    Telegram 400 is a permanent failure with Telegram's words."""
    with pytest.raises(PermanentFailure, match="bad request"):
        await sender.deliver(_row(Reply(""), chat=CHAT))
