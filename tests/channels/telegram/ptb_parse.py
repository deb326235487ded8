"""The test oracle: bot/channels/telegram/parse.py as it was until 2026-12-05, on
python-telegram-bot's objects (`Update.de_json`). parse.py now reads the update's JSON
directly; tests/channels/telegram/test_parse.py checks that both give the same events.
Not to be changed, except to follow a change of the events both must give.

Its original docstring follows.

Turning a stored Telegram update into a normalized event (python-telegram-bot types).

Private chats are citizens; group and supergroup chats may be staff groups (the officers
layer decides); everything else (channel posts, edits, others' membership changes) is
ignored. Two group events concern the chat itself and become StaffEvents: the group
upgraded to a supergroup (kind "migrated", extra {"from", "to"}) and the bot's own
membership changing (`my_chat_member`, kind "bot_status", extra {"status", ...}); a
member's status changing (`chat_member`) becomes kind "member_status", an edited group
message (`edited_message`) kind "edited". A message posted as
a chat (an anonymous admin) carries extra {"sender_chat"}; one written in a forum topic
extra {"thread"} (its message_thread_id).
`lane()` reads only the raw JSON, so the webhook can file an update under its citizen
without parsing it fully.
"""

from __future__ import annotations

from typing import Any

from telegram import Message, Update

from bot.channels.base import (
    CitizenEvent,
    Ignored,
    MediaRef,
    ParsedEvent,
    StaffEvent,
    command_of,
    text_or_command,
)
from flows.events import Choice, Contact, InboundBody, Location, Unsupported

CHANNEL = "telegram"

# Message types we cannot take, by the attribute python-telegram-bot sets for them.
_UNSUPPORTED = (
    "sticker",
    "animation",
    "poll",
    "dice",
    "game",
    "video_note",
    "story",
    "invoice",
    "paid_media",
    "giveaway",
    "checklist",
)


def lane(payload: dict[str, Any]) -> str:
    """The processing lane: one per private user, one per group chat."""
    for key in (
        "message",
        "edited_message",
        "callback_query",
        "my_chat_member",
        "chat_member",
        "message_reaction",
    ):
        part = payload.get(key)
        if not isinstance(part, dict):
            continue
        message = part.get("message") if key == "callback_query" else part
        chat = (message or {}).get("chat") or {}
        user = part.get("from") or {}
        if chat.get("type") in ("group", "supergroup"):
            return f"tg:g:{chat.get('id')}"
        if user.get("id") is not None:
            return f"tg:{user['id']}"
        if chat.get("id") is not None:
            return f"tg:c:{chat['id']}"
    return "tg:misc"


def parse(payload: dict[str, Any]) -> ParsedEvent:
    update = Update.de_json(payload, None)
    if update.callback_query is not None:
        return _callback(update)
    if update.my_chat_member is not None:
        return _bot_status(update)
    if update.chat_member is not None:
        return _member_status(update)
    edited = update.edited_message
    if edited is not None and edited.chat.type in ("group", "supergroup"):
        return _staff_edit(edited)
    message = update.message
    if message is None:
        return Ignored("not a new message")
    if message.chat.type in ("group", "supergroup"):
        migrated = _migration(message)
        if migrated is not None:
            return migrated
        return _staff_message(message)
    if message.chat.type != "private" or message.from_user is None:
        return Ignored(f"chat type {message.chat.type}")
    user = message.from_user
    return CitizenEvent(
        channel=CHANNEL,
        user_id=str(user.id),
        chat_id=str(message.chat.id),
        body=_body(message),
        display_name=user.full_name,
        language_code=user.language_code,
        message_id=str(message.message_id),
    )


def _callback(update: Update) -> ParsedEvent:
    query = update.callback_query
    assert query is not None
    message = query.message
    chat = message.chat if message is not None else None
    if chat is not None and chat.type in ("group", "supergroup"):
        return StaffEvent(
            channel=CHANNEL,
            chat_id=str(chat.id),
            user_id=str(query.from_user.id),
            user_name=query.from_user.full_name,
            kind="callback",
            callback_id=query.id,
            callback_data=query.data or "",
            message_id=str(message.message_id) if message else None,
            chat_title=chat.title,
        )
    return CitizenEvent(
        channel=CHANNEL,
        user_id=str(query.from_user.id),
        chat_id=str(chat.id if chat is not None else query.from_user.id),
        body=Choice(query.data or "", str(message.message_id) if message else None),
        display_name=query.from_user.full_name,
        language_code=query.from_user.language_code,
        callback_id=query.id,
    )


def _body(message: Message) -> InboundBody | MediaRef:
    for kind in _UNSUPPORTED:
        if getattr(message, kind, None):
            return Unsupported(kind)
    if message.text is not None:
        return text_or_command(message.text)
    if message.venue is not None:
        loc = message.venue.location
        return Location(loc.latitude, loc.longitude, address=message.venue.address)
    if message.location is not None:
        if message.location.live_period:
            # A live location keeps updating; we take its first position as the pin.
            pass
        return Location(message.location.latitude, message.location.longitude)
    if message.contact is not None:
        return Contact(phone=message.contact.phone_number, name=message.contact.first_name)
    media = _media(message)
    if media is not None:
        return media
    return Unsupported("other")


def _media(message: Message) -> MediaRef | None:
    caption, album = message.caption, message.media_group_id
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.file_size or 0, p.width * p.height))
        return MediaRef(
            "photo",
            largest.file_id,
            largest.file_unique_id,
            largest.file_size,
            "image/jpeg",
            caption,
            album,
        )
    for kind in ("video", "voice", "audio", "document"):
        item = getattr(message, kind, None)
        if item is not None:
            return MediaRef(
                kind,
                item.file_id,
                item.file_unique_id,
                item.file_size,
                getattr(item, "mime_type", None),
                caption,
                album,
            )
    return None


def _staff_message(message: Message) -> ParsedEvent:
    user = message.from_user
    chat = message.chat
    extra: dict[str, Any] = {}
    common: dict[str, Any] = {
        "channel": CHANNEL,
        "chat_id": str(chat.id),
        "user_id": str(user.id) if user else None,
        "user_name": user.full_name if user else None,
        "message_id": str(message.message_id),
        "chat_title": chat.title,
        "reply_to_message_id": _replied(message),
        "extra": extra,
    }
    if message.is_topic_message and message.message_thread_id is not None:
        # Written in a forum topic: answers go to the same topic, and /topik chooses it
        # for the cards (https://core.telegram.org/bots/api#message is_topic_message).
        # Only with is_topic_message: replies in a plain supergroup carry a
        # message_thread_id too, naming the reply thread, not a topic.
        extra["thread"] = str(message.message_thread_id)
    if message.sender_chat is not None:
        # Posted as a chat, not as a person: an admin with "Remain anonymous" (sender_chat
        # is the group itself, from is GroupAnonymousBot) or a linked channel
        # (https://core.telegram.org/bots/api#message sender_chat). The officer's own id
        # is not in the update; the officers layer refuses it visibly.
        extra["sender_chat"] = str(message.sender_chat.id)
    if message.new_chat_members or message.left_chat_member:
        if message.left_chat_member is not None:
            # who left: their cached membership is dropped at once
            extra["left"] = str(message.left_chat_member.id)
        return StaffEvent(kind="member", **common)
    if message.text is not None:
        command = command_of(message.text)
        if command is not None:
            return StaffEvent(
                kind="command", command=command.name, args=command.args, text=message.text, **common
            )
        return StaffEvent(kind="text", text=message.text, **common)
    media = _media(message)
    if media is not None:
        return StaffEvent(kind="media", media=media, text=message.caption or "", **common)
    return Ignored("unsupported group message")


def _replied(message: Message) -> str | None:
    """The message this one answers. In a forum topic a message that answers nothing
    still carries the topic's opening service message (forum_topic_created, whose id is
    the topic's message_thread_id) as reply_to_message: that is not a reply."""
    replied = message.reply_to_message
    if replied is None:
        return None
    if message.is_topic_message and (
        replied.forum_topic_created is not None or replied.message_id == message.message_thread_id
    ):
        return None
    return str(replied.message_id)


def _migration(message: Message) -> StaffEvent | None:
    """The service messages of a group upgraded to a supergroup: `migrate_to_chat_id` in
    the old group, `migrate_from_chat_id` in the new supergroup
    (https://core.telegram.org/bots/api#message). Both name the same move (old -> new)."""
    chat = message.chat
    if message.migrate_to_chat_id:
        old, new = chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, chat.id
    else:
        return None
    return StaffEvent(
        channel=CHANNEL,
        chat_id=str(chat.id),
        user_id=None,
        user_name=None,
        kind="migrated",
        message_id=str(message.message_id),
        chat_title=chat.title,
        extra={"from": str(old), "to": str(new)},
    )


def _bot_status(update: Update) -> ParsedEvent:
    """`my_chat_member`: the bot's own status in a chat changed
    (https://core.telegram.org/bots/api#chatmemberupdated). In a group it may mean the bot
    was removed ("left"), banned ("kicked"), restricted, added back or made an admin; in a
    private chat, a citizen blocked or unblocked the bot (ignored here)."""
    changed = update.my_chat_member
    assert changed is not None
    chat = changed.chat
    if chat.type not in ("group", "supergroup"):
        return Ignored(f"my_chat_member in a {chat.type} chat")
    new = changed.new_chat_member
    extra: dict[str, Any] = {"status": str(new.status)}
    if new.status == "restricted":
        extra["can_send_messages"] = bool(getattr(new, "can_send_messages", False))
    return StaffEvent(
        channel=CHANNEL,
        chat_id=str(chat.id),
        user_id=str(changed.from_user.id),
        user_name=changed.from_user.full_name,
        kind="bot_status",
        chat_title=chat.title,
        extra=extra,
    )


def _member_status(update: Update) -> ParsedEvent:
    """`chat_member`: another member's status changed (left, banned, restricted, promoted;
    https://core.telegram.org/bots/api#chatmemberupdated). Telegram sends it only to a bot
    that is an administrator of the group and asks for it in allowed_updates
    (https://core.telegram.org/bots/api#update). Kind "member_status": `user_id` is the
    member whose status changed, extra {"status"}; the officers layer forgets what it
    remembered about that member."""
    changed = update.chat_member
    assert changed is not None
    chat = changed.chat
    if chat.type not in ("group", "supergroup"):
        return Ignored(f"chat_member in a {chat.type} chat")
    new = changed.new_chat_member
    return StaffEvent(
        channel=CHANNEL,
        chat_id=str(chat.id),
        user_id=str(new.user.id),
        user_name=new.user.full_name,
        kind="member_status",
        chat_title=chat.title,
        extra={"status": str(new.status), "by": str(changed.from_user.id)},
    )


def _staff_edit(message: Message) -> ParsedEvent:
    """`edited_message` in a group: a member changed an earlier message
    (https://core.telegram.org/bots/api#update). Kind "edited", with the edited message's
    id and the message it replies to; the officers layer tells an officer whose relayed
    reply was edited that the edit did not reach the citizen."""
    user = message.from_user
    if user is None or message.sender_chat is not None:
        return Ignored("edit posted as a chat")
    return StaffEvent(
        channel=CHANNEL,
        chat_id=str(message.chat.id),
        user_id=str(user.id),
        user_name=user.full_name,
        kind="edited",
        text=message.text or message.caption or "",
        message_id=str(message.message_id),
        chat_title=message.chat.title,
        reply_to_message_id=_replied(message),
    )
