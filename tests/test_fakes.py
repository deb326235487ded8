"""The platform fakes work with the REAL python-telegram-bot and twilio clients."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
import telegram
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from tests.fakes.telegram_api import FakeBotAPI, FaultPlan, RateLimits
from tests.fakes.twilio_api import (
    FakeTwilio,
    TwilioWebhookFactory,
    make_twilio_client,
    signed_webhook,
)
from tests.fakes.updates import UpdateFactory

TOKEN = "123:ABC"

# PTB 22.2+ warns whenever RetryAfter.retry_after is read as int (future: timedelta).
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")


def make_bot(api: FakeBotAPI, token: str = TOKEN, read_timeout: float = 2.0) -> telegram.Bot:
    # The connect timeout only bounds a failure (no test here times out a connect): 1 s
    # was too short on two cores shared with the parallel suite.
    return telegram.Bot(
        token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        request=HTTPXRequest(read_timeout=read_timeout, connect_timeout=30.0),
        get_updates_request=HTTPXRequest(read_timeout=read_timeout, connect_timeout=30.0),
    )


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[telegram.Bot]:
    b = make_bot(api)
    async with b:
        yield b


# ---------------------------------------------------------------------- Telegram
async def test_get_me_and_urls(api: FakeBotAPI, bot: telegram.Bot) -> None:
    assert api.base_url == api.url + "/bot"
    assert api.base_file_url == api.url + "/file/bot"
    me = await bot.get_me()
    assert me.id == 123 and me.is_bot and me.username == "dumas_test_bot"


async def test_wrong_token_is_401(api: FakeBotAPI) -> None:
    with pytest.raises(InvalidToken):
        await make_bot(api, token="999:WRONG").get_me()
    assert api.calls == []


async def test_send_edit_delete_and_records(api: FakeBotAPI, bot: telegram.Bot) -> None:
    markup = telegram.InlineKeyboardMarkup(
        [[telegram.InlineKeyboardButton("Lapor", callback_data="menu:lapor")]]
    )
    m1 = await bot.send_message(42, "Selamat datang", reply_markup=markup)
    m2 = await bot.send_message(42, "123")
    assert (m1.message_id, m2.message_id) == (1, 2)
    assert m1.chat.id == 42 and m1.from_user is not None and m1.from_user.is_bot
    assert m1.reply_markup == markup
    call = api.sent(42)[0]
    assert call.method == "sendMessage"
    assert call.params["chat_id"] == 42
    assert call.params["reply_markup"] == markup.to_dict()
    assert call.callback_data() == ["menu:lapor"]
    assert api.sent(42)[1].params["text"] == "123"  # string params stay strings

    edited = await m1.edit_text("Diubah")
    assert isinstance(edited, telegram.Message) and edited.text == "Diubah"
    assert edited.reply_markup is None  # editMessageText without markup drops the keyboard
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await m1.edit_text("Diubah")
    edited2 = await bot.edit_message_reply_markup(42, m2.message_id, reply_markup=markup)
    assert isinstance(edited2, telegram.Message) and edited2.reply_markup == markup
    assert await bot.delete_message(42, m2.message_id) is True
    assert api.texts(42) == ["Selamat datang", "123", "Diubah"]
    assert [c.method for c in api.sent()] == [
        "sendMessage",
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
    ]
    assert await bot.answer_callback_query("cbq-1", text="OK") is True
    assert api.calls_to("answerCallbackQuery")[0].params["callback_query_id"] == "cbq-1"
    assert api.calls[-1].time >= api.calls[0].time


async def test_validation_errors(api: FakeBotAPI, bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)too long"):
        await bot.send_message(1, "x" * 4097)
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(1, "a <b>b", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)reserved"):
        await bot.send_message(1, "No. 1", parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(
            1,
            "x",
            reply_markup=telegram.InlineKeyboardMarkup(
                [[telegram.InlineKeyboardButton("b", callback_data="d" * 65)]]
            ),
        )
    assert await bot.send_message(1, "<b>ok</b> &lt;", parse_mode="HTML")
    assert api.sent(1)[0].text == "<b>ok</b> &lt;"


async def test_replies_need_their_target_or_allow_sending_without_reply(
    api: FakeBotAPI, bot: telegram.Bot
) -> None:
    """https://core.telegram.org/bots/api#replyparameters: a reply to a message that is not
    in the chat (never sent, or deleted in the app) is refused unless
    allow_sending_without_reply is set; replies to users' messages are fine."""
    card = await bot.send_message(-5, "card")
    assert await bot.send_message(-5, "under the card", reply_to_message_id=card.message_id)
    with pytest.raises(BadRequest, match="(?i)replied not found"):
        await bot.send_message(-5, "x", reply_to_message_id=987654)
    api.delete_in_app(-5, card.message_id)
    with pytest.raises(BadRequest, match="(?i)replied not found"):
        await bot.send_message(-5, "x", reply_to_message_id=card.message_id)
    sent = await bot.send_message(
        -5, "still sent", reply_to_message_id=card.message_id, allow_sending_without_reply=True
    )
    assert sent.reply_to_message is None
    api.push_update(UpdateFactory().group_text(-5, 77, "pesan officer"))
    user_message_id = api.updates[-1]["message"]["message_id"]
    assert await bot.send_message(-5, "answer", reply_to_message_id=user_message_id)


async def test_an_upgraded_group_answers_with_its_new_id(
    api: FakeBotAPI, bot: telegram.Bot
) -> None:
    # https://core.telegram.org/bots/api#responseparameters (migrate_to_chat_id) and the
    # two service messages of https://core.telegram.org/bots/api#message
    await bot.send_message(-4001, "sebelum")
    new = api.migrate_group(-4001, by_user_id=7)
    assert new == -1004001
    with pytest.raises(telegram.error.ChatMigrated) as caught:
        await bot.send_message(-4001, "sesudah")
    assert caught.value.new_chat_id == new
    assert api.calls[-1].status == 400 and "upgraded to a supergroup" in (api.calls[-1].error or "")
    with pytest.raises(telegram.error.ChatMigrated):
        await bot.edit_message_text("x", chat_id=-4001, message_id=1)
    sent = await bot.send_message(new, "sesudah")
    assert sent.chat.type == "supergroup" and sent.message_id == 2  # after the service message
    updates = await bot.get_updates(timeout=1)
    old_msg, new_msg = (u.message for u in updates)
    assert old_msg is not None and old_msg.chat.id == -4001 and old_msg.chat.type == "group"
    assert old_msg.migrate_to_chat_id == new
    assert old_msg.from_user is not None and old_msg.from_user.id == 7
    assert new_msg is not None and new_msg.chat.id == new and new_msg.migrate_from_chat_id == -4001


async def test_a_removed_bot_is_refused_until_added_back(
    api: FakeBotAPI, bot: telegram.Bot
) -> None:
    # https://core.telegram.org/bots/api#chatmemberupdated
    api.set_chat(-1007, type="supergroup", title="Piket")
    api.kick_bot(-1007, by_user_id=7)
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await bot.send_message(-1007, "halo")
    with pytest.raises(Forbidden):
        await bot.get_chat_member(-1007, 7)
    api.set_chat(-4002, type="group", title="Piket lama")
    api.kick_bot(-4002, status="left")  # removed, not banned, from a basic group
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.send_message(-4002, "halo")
    api.add_bot(-1007, by_user_id=7)
    await bot.send_message(-1007, "kembali")
    updates = await bot.get_updates(timeout=1)
    kicked = updates[0].my_chat_member
    assert kicked is not None and kicked.chat.id == -1007 and kicked.from_user.id == 7
    assert kicked.old_chat_member.status == "member"
    assert kicked.new_chat_member.status == "kicked"
    assert kicked.new_chat_member.user.id == api.bot_user["id"]
    left = updates[1].my_chat_member
    assert left is not None and left.new_chat_member.status == "left"
    back = updates[2].my_chat_member
    assert back is not None and back.new_chat_member.status == "member"
    added = updates[3].message
    assert added is not None and added.new_chat_members[0].id == api.bot_user["id"]


async def test_media_and_files(api: FakeBotAPI, bot: telegram.Bot) -> None:
    api.add_file("FID1", b"hello-bytes", file_path="photos/file_9.jpg")
    f = await bot.get_file("FID1")
    assert f.file_path is not None and f.file_path.endswith("photos/file_9.jpg")
    assert await f.download_as_bytearray() == bytearray(b"hello-bytes")
    with pytest.raises(BadRequest, match="(?i)invalid file_id"):
        await bot.get_file("nope")
    api.add_file("BIG", b"", file_size=21 * 1024 * 1024)
    with pytest.raises(BadRequest, match="(?i)too big"):
        await bot.get_file("BIG")

    p = await bot.send_photo(7, b"\x89PNG....", caption="bukti")
    assert p.photo and p.caption == "bukti"
    assert api.sent(7)[0].files["photo"].content == b"\x89PNG...."
    got = await (await bot.get_file(p.photo[-1].file_id)).download_as_bytearray()
    assert got == bytearray(b"\x89PNG....")
    d = await bot.send_document(7, b"%PDF", filename="tiket.pdf")
    assert d.document is not None and d.document.file_name == "tiket.pdf"
    assert (await bot.send_video(7, b"mp4")).video is not None
    assert (await bot.send_voice(7, b"ogg")).voice is not None
    assert (await bot.send_audio(7, b"mp3")).audio is not None
    loc = await bot.send_location(7, -6.2, 106.8)
    assert loc.location is not None and loc.location.latitude == -6.2
    album = await bot.send_media_group(
        7, [telegram.InputMediaPhoto(b"a", caption="1"), telegram.InputMediaPhoto("FID1")]
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    assert await bot.send_chat_action(7, "typing") is True
    assert len(api.sent(7)) == 7  # chat actions are not "sent" messages


async def test_members_chat_commands_webhook(api: FakeBotAPI, bot: telegram.Bot) -> None:
    assert (await bot.get_chat_member(-100, 5)).status == "left"
    for status in ("member", "administrator", "creator", "kicked", "restricted"):
        api.set_member(-100, 5, status)
        assert (await bot.get_chat_member(-100, 5)).status == status
    chat = await bot.get_chat(-100)
    assert chat.type == "supergroup"
    assert (await bot.get_chat(5)).type == "private"
    cmds = [telegram.BotCommand("start", "Mulai"), telegram.BotCommand("status", "Cek tiket")]
    assert await bot.set_my_commands(cmds)
    assert await bot.get_my_commands() == tuple(cmds)
    assert await bot.set_webhook("https://example.invalid/hook", secret_token="s3cret")
    assert (await bot.get_webhook_info()).url == "https://example.invalid/hook"
    assert await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""


async def test_long_polling(api: FakeBotAPI, bot: telegram.Bot) -> None:
    f = UpdateFactory()
    start = time.monotonic()
    assert await bot.get_updates(timeout=dt.timedelta(seconds=0.3)) == ()
    assert time.monotonic() - start >= 0.25

    async def push_later() -> None:
        await asyncio.sleep(0.1)
        api.push_update(f.text(1001, "halo"))

    task = asyncio.create_task(push_later())
    updates = await bot.get_updates(timeout=3)
    await task
    assert len(updates) == 1 and updates[0].effective_message is not None
    assert updates[0].effective_message.text == "halo"
    first = updates[0].update_id
    assert api.push_update({"message": f.text(1, "x")["message"]}) == first + 1
    assert len(await bot.get_updates(offset=first)) == 2
    again = await bot.get_updates(offset=first + 1)  # confirms `first`
    assert [u.update_id for u in again] == [first + 1]
    assert all(u["update_id"] > first for u in api.updates)


def all_factory_updates(f: UpdateFactory) -> list[dict[str, Any]]:
    return [
        f.text(1, "halo"),
        f.command(1, "/status ABC"),
        f.callback(1, "menu:lapor", message_id=5),
        f.location(1, -6.2, 106.8),
        f.venue(1, -6.2, 106.8, "Polda Metro Jaya", "Jl. Jend. Sudirman"),
        f.photo(1, "PHOTO1", 100_000, caption="bukti", media_group_id="G1"),
        f.document(1, "DOC1", "laporan.pdf", "application/pdf", 12_000),
        f.video(1),
        f.voice(1),
        f.audio(1),
        f.video_note(1),
        f.sticker(1),
        f.animation(1),
        f.poll(1),
        f.contact(1, contact_user_id=1),
        f.edited_text(1, "halo (edit)", message_id=1),
        f.group_text(-1001, 1, "/lapor@dumas_test_bot", reply_to_message_id=3),
        f.group_photo(-1001, 1, caption="foto"),
        f.new_chat_members(-1001, [2, f.bot_id]),
        f.left_chat_member(-1001, 2),
        f.migrate_to_supergroup(-5, -1001, 1),
        f.migrate_from_group(-1001, -5, 1),
        f.my_chat_member(1, 1),
        f.my_chat_member(-1001, 1, "administrator", "left"),
    ]


async def test_factory_updates_parse_and_poll(api: FakeBotAPI, bot: telegram.Bot) -> None:
    f = UpdateFactory()
    dicts = all_factory_updates(f)
    for d in dicts:
        u = telegram.Update.de_json(d, bot)
        assert u is not None and not u.api_kwargs, d
        msg = u.effective_message
        assert msg is None or not msg.api_kwargs, d
        api.push_update(d)
    ids = [d["update_id"] for d in dicts]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    got = await bot.get_updates(timeout=1)
    assert [u.update_id for u in got] == ids

    cmd = telegram.Update.de_json(f.command(9, "/status ABC"), bot).effective_message
    assert cmd is not None and cmd.entities[0].type == "bot_command"
    assert cmd.entities[0].length == len("/status")
    cb = telegram.Update.de_json(f.callback(9, "x", message_id=7), bot).callback_query
    assert cb is not None and cb.message is not None and cb.message.message_id == 7
    gif = telegram.Update.de_json(f.animation(9), bot).effective_message
    assert gif is not None and gif.animation is not None and gif.document is not None
    photo = telegram.Update.de_json(f.photo(9, "P", 1000), bot).effective_message
    assert photo is not None and photo.photo[-1].file_id == "P" and len(photo.photo) > 1
    grp = telegram.Update.de_json(f.group_text(-1002, 9, "hai"), bot).effective_chat
    assert grp is not None and grp.type == "supergroup"
    priv = telegram.Update.de_json(f.text(9, "hai"), bot).effective_chat
    assert priv is not None and priv.id == 9 and priv.type == "private"


async def test_faults(api: FakeBotAPI) -> None:
    bot = make_bot(api, read_timeout=0.3)
    async with bot:
        api.faults = FaultPlan(
            script=["429", "5xx", "drop", "timeout"], retry_after=7, timeout_seconds=1.0
        )
        with pytest.raises(RetryAfter) as exc:
            await bot.send_message(42, "a")
        assert exc.value.retry_after in (7, dt.timedelta(seconds=7))
        with pytest.raises(NetworkError):
            await bot.send_message(42, "b")
        with pytest.raises(NetworkError) as dropped:
            await bot.send_message(42, "c")
        assert not isinstance(dropped.value, TimedOut)
        with pytest.raises(TimedOut):
            await bot.send_message(42, "d")
        assert await bot.get_me()  # getMe is not fault-eligible
        await bot.send_message(42, "e")
        # 429/5xx/drop not delivered; the timed-out one was delivered (duplicate risk)
        assert api.texts(42) == ["d", "e"]
        assert [c.fault for c in api.calls_to("sendMessage")] == [
            "429",
            "5xx",
            "drop",
            "timeout",
            None,
        ]
        assert api.faults.injected == [
            ("sendMessage", k) for k in ("429", "5xx", "drop", "timeout")
        ]

        api.faults = FaultPlan(rate=0.5, seed=1, kinds=("5xx",))
        ok = 0
        for i in range(20):
            try:
                await bot.send_message(43, str(i))
                ok += 1
            except NetworkError:
                pass
        assert 0 < ok < 20 and len(api.sent(43)) == ok

        api.faults = None
        api.block_chat(44)
        with pytest.raises(Forbidden, match="(?i)blocked by the user"):
            await bot.send_message(44, "x")
        assert api.sent(44) == []


async def test_rate_limits() -> None:
    limits = RateLimits(private_burst=3, group_per_minute=5)
    async with FakeBotAPI(token=TOKEN, enforce_limits=True, limits=limits) as api:
        bot = make_bot(api)
        async with bot:
            for i in range(3):
                await bot.send_message(1, str(i))
            with pytest.raises(RetryAfter):
                await bot.send_message(1, "burst")
            assert api.limit_violations == 1
            await bot.send_message(2, "other chat is fine")
            for i in range(5):
                await bot.send_message(-100, str(i))
            with pytest.raises(RetryAfter):
                await bot.send_message(-100, "too many")
            assert api.limit_violations == 2
            assert api.limit_violation_log[-1][2] == "group"


async def test_wait_helpers(api: FakeBotAPI, bot: telegram.Bot) -> None:
    async def later() -> None:
        await asyncio.sleep(0.05)
        await bot.send_message(5, "one")
        await bot.send_message(5, "two")

    task = asyncio.create_task(later())
    call = await api.wait_for(lambda c: c.text == "two", timeout=2)
    assert call.chat_id == 5
    assert [c.text for c in await api.wait_sent(5, 2, timeout=2)] == ["one", "two"]
    await task
    with pytest.raises(TimeoutError):
        await api.wait_sent(5, 3, timeout=0.1)


@asynccontextmanager
async def webhook_receiver(
    hook: Callable[[aiohttp.web.Request], Awaitable[aiohttp.web.StreamResponse]],
) -> AsyncIterator[str]:
    """A local server whose POST /hook is `hook`, for the fake's webhook deliveries;
    yields the URL to give setWebhook."""
    app = aiohttp.web.Application()
    app.router.add_post("/hook", hook)
    runner = aiohttp.web.AppRunner(app)
    await runner.setup()
    site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}/hook"
    finally:
        await runner.cleanup()


async def test_webhook_delivery(api: FakeBotAPI, bot: telegram.Bot) -> None:
    received: list[tuple[dict[str, Any], str | None]] = []

    async def hook(request: aiohttp.web.Request) -> aiohttp.web.Response:
        received.append(
            (await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        return aiohttp.web.Response()

    async with webhook_receiver(hook) as url:
        await bot.set_webhook(url, secret_token="tok")
        with pytest.raises(telegram.error.Conflict):
            await bot.get_updates()
        uid = api.push_update(UpdateFactory().text(1, "via webhook"))
        # the fake notes a delivery once the receiver's answer is back, a moment after
        # the receiver has the update: wait for both (CI read the list empty under load)
        for _ in range(3000):
            if received and api.webhook_deliveries:
                break
            await asyncio.sleep(0.01)
        assert received[0][0]["update_id"] == uid and received[0][1] == "tok"
        assert api.webhook_deliveries[0].status == 200


async def test_webhook_redelivery_until_accepted() -> None:
    """An update the webhook answers 503 (or does not answer) is POSTed again, as
    Telegram does (https://core.telegram.org/bots/api#setwebhook); one answered 2xx is
    not; one never accepted is given up after `webhook_attempts`."""
    answers = {1: [503, 0, 200], 2: [200], 3: [500] * 10}  # 0: the connection is cut
    received: list[int] = []

    async def hook(request: aiohttp.web.Request) -> aiohttp.web.StreamResponse:
        update_id = int((await request.json())["update_id"])
        received.append(update_id)
        status = answers[update_id].pop(0)
        if status == 0:
            assert request.transport is not None
            request.transport.abort()
        return aiohttp.web.Response(status=status or 200)

    async with webhook_receiver(hook) as url:
        fake = FakeBotAPI(token=TOKEN, webhook_retry_seconds=0.05, webhook_attempts=4)
        async with fake as api:
            api.webhook = {"url": url, "secret_token": None, "allowed_updates": None}
            for update_id in (1, 2, 3):
                api.push_update({**UpdateFactory().text(1, "x"), "update_id": update_id})
            await api.wait_until(lambda: len(api.webhook_deliveries) == 3 + 1 + 4, timeout=30)
        by_update = {
            u: [(d.attempt, d.status) for d in api.webhook_deliveries if d.update_id == u]
            for u in (1, 2, 3)
        }
        assert by_update[1] == [(1, 503), (2, None), (3, 200)]
        assert by_update[2] == [(1, 200)]
        assert by_update[3] == [(1, 500), (2, 500), (3, 500), (4, 500)]  # then given up
        assert sorted(received) == [1, 1, 1, 2, 3, 3, 3, 3]


# ---------------------------------------------------------------------- Twilio
SID = "AC" + "1" * 32
AUTH = "secret-token"


async def test_twilio_create_fetch_and_errors() -> None:
    async with FakeTwilio(account_sid=SID, auth_token=AUTH) as fake:
        client = make_twilio_client(fake.url, SID, AUTH, timeout=0.5)
        try:
            msg = await client.messages.create_async(
                to="whatsapp:+6281234567890",
                from_="whatsapp:+14155238886",
                body="Halo",
                status_callback="https://example.invalid/status",
            )
            assert msg.sid is not None and msg.sid.startswith("SM") and len(msg.sid) == 34
            assert msg.status == "queued" and msg.to == "whatsapp:+6281234567890"
            tmpl = await client.messages.create_async(
                to="whatsapp:+6281234567890",
                from_="whatsapp:+14155238886",
                content_sid="HX" + "0" * 32,
                content_variables='{"1": "ABC-123"}',
            )
            media = await client.messages.create_async(
                to="whatsapp:+6281234567890",
                from_="whatsapp:+14155238886",
                media_url=["https://example.invalid/a.jpg"],
            )
            assert media.sid is not None and media.sid.startswith("MM")
            m0, m1, m2 = fake.messages
            assert (m0.to, m0.from_, m0.body) == (
                "whatsapp:+6281234567890",
                "whatsapp:+14155238886",
                "Halo",
            )
            assert m0.status_callback == "https://example.invalid/status"
            assert m1.content_sid == "HX" + "0" * 32 and m1.content_variables == {"1": "ABC-123"}
            assert m2.media_urls == ["https://example.invalid/a.jpg"]
            assert tmpl.sid == m1.sid
            fake.set_status(msg.sid, "delivered")
            assert (await client.messages(msg.sid).fetch_async()).status == "delivered"

            with pytest.raises(TwilioRestException) as exc:
                await client.messages.create_async(to="whatsapp:+62", from_="+1415", body="x")
            assert exc.value.status == 400 and exc.value.code == 21910

            fake.faults = FaultPlan(
                script=["429", "5xx", "drop", "timeout"], retry_after=3, timeout_seconds=1.0
            )
            with pytest.raises(TwilioRestException) as exc:
                await client.messages.create_async(to="+62", from_="+1", body="a")
            assert exc.value.status == 429 and exc.value.code == 20429
            with pytest.raises(TwilioRestException) as exc:
                await client.messages.create_async(to="+62", from_="+1", body="b")
            assert exc.value.status == 502
            with pytest.raises(aiohttp.ClientError):  # twilio does not wrap transport errors
                await client.messages.create_async(to="+62", from_="+1", body="c")
            with pytest.raises(TimeoutError):
                await client.messages.create_async(to="+62", from_="+1", body="d")
            assert fake.bodies("+62") == ["d"]  # timeout: accepted by Twilio anyway
        finally:
            await client.http_client.close()

        bad = make_twilio_client(fake.url, SID, "wrong")
        try:
            with pytest.raises(TwilioRestException) as exc:
                await bad.messages.create_async(to="+62", from_="+1", body="x")
            assert exc.value.status == 401
        finally:
            await bad.http_client.close()


async def test_twilio_429_retry_after_header() -> None:
    async with FakeTwilio(account_sid=SID, auth_token=AUTH) as fake:
        fake.faults = FaultPlan(script=["429"], retry_after=5)
        async with aiohttp.ClientSession() as s:
            auth = aiohttp.encode_basic_auth(SID, AUTH)
            async with s.post(
                f"{fake.url}/2010-04-01/Accounts/{SID}/Messages.json",
                data={"To": "+62", "From": "+1", "Body": "x"},
                headers={"Authorization": auth},
            ) as r:
                assert r.status == 429 and r.headers["Retry-After"] == "5"
                assert await r.json() == {
                    "code": 20429,
                    "message": "Too Many Requests",
                    "status": 429,
                    "more_info": "https://www.twilio.com/docs/errors/20429",
                }


async def test_twilio_media_hosting() -> None:
    async with FakeTwilio(account_sid=SID, auth_token=AUTH) as fake:
        url = fake.add_media(b"JPEGDATA", "image/jpeg")
        async with aiohttp.ClientSession() as s:
            async with s.get(url) as r:
                assert r.status == 401
            auth = {"Authorization": aiohttp.encode_basic_auth(SID, AUTH)}
            async with s.get(url, headers=auth) as r:
                assert r.status == 200 and r.content_type == "image/jpeg"
                assert await r.read() == b"JPEGDATA"
            fake.redirect_media = True
            async with s.get(url, headers=auth) as r:
                assert r.status == 200 and await r.read() == b"JPEGDATA"
                assert r.history and r.history[0].status == 307


async def test_signed_webhooks_validate() -> None:
    f = TwilioWebhookFactory(account_sid=SID)
    url = "https://dumas.example/twilio/whatsapp"
    forms = [
        f.text("+6281234567890", "halo", profile_name="Budi"),
        f.media("6281234567890", [("https://api.twilio.com/x/ME1", "image/jpeg")]),
        f.location("+6281234567890", -6.2, 106.8, address="Jl. Sudirman", label="Kantor"),
        f.button("+6281234567890", "Ya", "confirm:yes"),
        f.status("SM" + "a" * 32, "undelivered", error_code=63016),
    ]
    validator = RequestValidator(AUTH)
    for form in forms:
        assert all(isinstance(v, str) for v in form.values())
        headers = signed_webhook(url, form, AUTH)
        assert validator.validate(url, form, headers["X-Twilio-Signature"])
        assert not validator.validate(
            url, {**form, "Body": "tampered"}, headers["X-Twilio-Signature"]
        )
    text, media, loc, button, status = forms
    assert text["From"] == "whatsapp:+6281234567890" and text["WaId"] == "6281234567890"
    assert text["MessageSid"].startswith("SM") and text["NumMedia"] == "0"
    assert media["MessageSid"].startswith("MM") and media["NumMedia"] == "1"
    assert media["MediaContentType0"] == "image/jpeg"
    assert loc["Latitude"] == "-6.2" and loc["Label"] == "Kantor"
    assert button["ButtonPayload"] == "confirm:yes"
    assert status["MessageStatus"] == "undelivered" and status["ErrorCode"] == "63016"


async def test_twilio_status_callback_delivery() -> None:
    got: list[tuple[dict[str, str], str]] = []

    async def cb(request: aiohttp.web.Request) -> aiohttp.web.Response:
        got.append(
            (
                {k: str(v) for k, v in (await request.post()).items()},
                request.headers["X-Twilio-Signature"],
            )
        )
        return aiohttp.web.Response()

    app = aiohttp.web.Application()
    app.router.add_post("/status", cb)
    runner = aiohttp.web.AppRunner(app)
    await runner.setup()
    site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    cb_url = f"http://127.0.0.1:{port}/status"
    try:
        async with FakeTwilio(account_sid=SID, auth_token=AUTH) as fake:
            client = make_twilio_client(fake.url, SID, AUTH)
            try:
                msg = await client.messages.create_async(
                    to="whatsapp:+62811", from_="whatsapp:+1415", body="x", status_callback=cb_url
                )
            finally:
                await client.http_client.close()
            assert msg.sid is not None
            assert await fake.send_status_callback(msg.sid, "failed", error_code=63016) == 200
            form, sig = got[0]
            assert form["MessageStatus"] == "failed" and form["MessageSid"] == msg.sid
            assert RequestValidator(AUTH).validate(cb_url, form, sig)
    finally:
        await runner.cleanup()


# ------------------------------------------------- Telegram: HTML and length (issue 16)
@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("é <b", "Unclosed start tag at byte offset 3"),  # byte offsets, UTF-8
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ],
)
async def test_html_is_parsed_as_telegram_does(
    api: FakeBotAPI, bot: telegram.Bot, text: str, error: str
) -> None:
    """https://core.telegram.org/bots/api#html-style: only the listed tags, every tag
    closed in order; anything else is 400 "can't parse entities"."""
    with pytest.raises(BadRequest, match="(?i)can't parse entities") as raised:
        await bot.send_message(1, text, parse_mode="HTML")
    assert error.lower() in raised.value.message.lower()


async def test_html_that_telegram_accepts(api: FakeBotAPI, bot: telegram.Bot) -> None:
    accepted = [
        '<a href="https://polri.go.id">x</a> <tg-spoiler>s</tg-spoiler>',
        '<span class="tg-spoiler">s</span> <blockquote expandable>q</blockquote>',
        '<pre><code class="language-python">x = 1</code></pre> <u>u</u> <ins>i</ins>',
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> <s>s</s><del>d</del>',
        "Tom & Jerry, &nbsp; stays, &lt;&gt;&amp;&quot; &#65;&#x42;",  # bare & is kept
    ]
    for text in accepted:
        assert await bot.send_message(1, text, parse_mode="HTML")


async def test_length_is_counted_on_the_visible_text(api: FakeBotAPI, bot: telegram.Bot) -> None:
    """ "1-4096 characters after entities parsing"
    (https://core.telegram.org/bots/api#sendmessage), counted in UTF-16 code units
    (https://core.telegram.org/api/entities#entity-length)."""
    from tests.fakes.telegram_api import visible_length

    ampersands = "&amp;" * 4096  # 20,480 raw characters, 4,096 visible
    assert await bot.send_message(1, f"<b>{ampersands}</b>", parse_mode="HTML")
    assert visible_length(f"<b>{ampersands}</b>", "HTML") == 4096
    with pytest.raises(BadRequest, match="(?i)^message is too long"):
        await bot.send_message(1, ampersands + "x", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)^message is too long"):
        await bot.send_message(1, "😀" * 2049)  # 2,049 code points, 4,098 UTF-16 units
    with pytest.raises(BadRequest, match="(?i)^message text is empty"):
        await bot.send_message(1, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)^message caption is too long"):
        await bot.send_photo(1, b"\x89PNG fake", caption="y" * 1025)
    assert await bot.send_photo(
        1, b"\x89PNG fake", caption="<i>" + "&lt;" * 1024 + "</i>", parse_mode="HTML"
    )
    sent = await bot.send_message(1, "x")
    with pytest.raises(BadRequest, match="(?i)^message is too long"):
        await bot.edit_message_text("z" * 4097, 1, sent.message_id)
