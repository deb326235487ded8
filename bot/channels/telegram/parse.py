"""Turning a stored Telegram update (its JSON, as a dict) into a normalized event.

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

The update is read as the dict Telegram sent (https://core.telegram.org/bots/api#update),
not through python-telegram-bot's `Update.de_json`: building its objects (every message,
chat, user, keyboard button; each attribute set through a guarded `__setattr__`) was
~5 % of the bot's CPU per update, for the dozen fields read here (bench/README.md, issue
21). The events are the same as those objects gave (tests/channels/telegram/test_parse.py
compares the two on every kind of update): absent fields read as None, `full_name` is
python-telegram-bot's (first name, then the last name if any; None without a first name).
"""

from __future__ import annotations

from typing import Any

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

# Message types we cannot take, by their field in Telegram's Message.
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


Json = dict[str, Any]


def _full_name(user: Json) -> str | None:
    """python-telegram-bot's `User.full_name` (telegram/_utils/usernames.py)."""
    first = user.get("first_name")
    if not first:
        return None
    last = user.get("last_name")
    return f"{first} {last}" if last else first


def _in_group(chat: Json) -> bool:
    return chat.get("type") in ("group", "supergroup")


def parse(payload: Json) -> ParsedEvent:
    query = payload.get("callback_query")
    if query is not None:
        return _callback(query)
    changed = payload.get("my_chat_member")
    if changed is not None:
        return _bot_status(changed)
    changed = payload.get("chat_member")
    if changed is not None:
        return _member_status(changed)
    edited = payload.get("edited_message")
    if edited is not None and _in_group(edited["chat"]):
        return _staff_edit(edited)
    message = payload.get("message")
    if message is None:
        return Ignored("not a new message")
    chat = message["chat"]
    if _in_group(chat):
        migrated = _migration(message)
        if migrated is not None:
            return migrated
        return _staff_message(message)
    user = message.get("from")
    if chat["type"] != "private" or user is None:
        return Ignored(f"chat type {chat['type']}")
    return CitizenEvent(
        channel=CHANNEL,
        user_id=str(user["id"]),
        chat_id=str(chat["id"]),
        body=_body(message),
        display_name=_full_name(user),
        language_code=user.get("language_code"),
        message_id=str(message["message_id"]),
    )


def _callback(query: Json) -> ParsedEvent:
    # An inaccessible message (too old, https://core.telegram.org/bots/api#inaccessiblemessage)
    # still has its chat and message_id.
    message = query.get("message")
    chat = message["chat"] if message is not None else None
    user = query["from"]
    data = query.get("data") or ""
    if chat is not None and _in_group(chat):
        return StaffEvent(
            channel=CHANNEL,
            chat_id=str(chat["id"]),
            user_id=str(user["id"]),
            user_name=_full_name(user),
            kind="callback",
            callback_id=query["id"],
            callback_data=data,
            message_id=str(message["message_id"]) if message else None,
            chat_title=chat.get("title"),
        )
    return CitizenEvent(
        channel=CHANNEL,
        user_id=str(user["id"]),
        chat_id=str(chat["id"] if chat is not None else user["id"]),
        body=Choice(data, str(message["message_id"]) if message else None),
        display_name=_full_name(user),
        language_code=user.get("language_code"),
        callback_id=query["id"],
    )


def _body(message: Json) -> InboundBody | MediaRef:
    for kind in _UNSUPPORTED:
        if message.get(kind):
            return Unsupported(kind)
    text = message.get("text")
    if text is not None:
        return text_or_command(text)
    venue = message.get("venue")
    if venue is not None:
        loc = venue["location"]
        return Location(loc["latitude"], loc["longitude"], address=venue["address"])
    loc = message.get("location")
    if loc is not None:
        # A live location keeps updating (live_period); we take its first position as the pin.
        return Location(loc["latitude"], loc["longitude"])
    contact = message.get("contact")
    if contact is not None:
        return Contact(phone=contact["phone_number"], name=contact["first_name"])
    media = _media(message)
    if media is not None:
        return media
    return Unsupported("other")


def _media(message: Json) -> MediaRef | None:
    caption, album = message.get("caption"), message.get("media_group_id")
    photo = message.get("photo")
    if photo:
        largest = max(photo, key=lambda p: (p.get("file_size") or 0, p["width"] * p["height"]))
        return MediaRef(
            "photo",
            largest["file_id"],
            largest["file_unique_id"],
            largest.get("file_size"),
            "image/jpeg",
            caption,
            album,
        )
    for kind in ("video", "voice", "audio", "document"):
        item = message.get(kind)
        if item is not None:
            return MediaRef(
                kind,
                item["file_id"],
                item["file_unique_id"],
                item.get("file_size"),
                item.get("mime_type"),
                caption,
                album,
            )
    return None


def _staff_message(message: Json) -> ParsedEvent:
    user = message.get("from")
    chat = message["chat"]
    extra: dict[str, Any] = {}
    common: dict[str, Any] = {
        "channel": CHANNEL,
        "chat_id": str(chat["id"]),
        "user_id": str(user["id"]) if user else None,
        "user_name": _full_name(user) if user else None,
        "message_id": str(message["message_id"]),
        "chat_title": chat.get("title"),
        "reply_to_message_id": _replied(message),
        "extra": extra,
    }
    thread = message.get("message_thread_id")
    if message.get("is_topic_message") and thread is not None:
        # Written in a forum topic: answers go to the same topic, and /topik chooses it
        # for the cards (https://core.telegram.org/bots/api#message is_topic_message).
        # Only with is_topic_message: replies in a plain supergroup carry a
        # message_thread_id too, naming the reply thread, not a topic.
        extra["thread"] = str(thread)
    sender_chat = message.get("sender_chat")
    if sender_chat is not None:
        # Posted as a chat, not as a person: an admin with "Remain anonymous" (sender_chat
        # is the group itself, from is GroupAnonymousBot) or a linked channel
        # (https://core.telegram.org/bots/api#message sender_chat). The officer's own id
        # is not in the update; the officers layer refuses it visibly.
        extra["sender_chat"] = str(sender_chat["id"])
    left = message.get("left_chat_member")
    if message.get("new_chat_members") or left:
        if left is not None:
            # who left: their cached membership is dropped at once
            extra["left"] = str(left["id"])
        return StaffEvent(kind="member", **common)
    text = message.get("text")
    if text is not None:
        command = command_of(text)
        if command is not None:
            return StaffEvent(
                kind="command", command=command.name, args=command.args, text=text, **common
            )
        return StaffEvent(kind="text", text=text, **common)
    media = _media(message)
    if media is not None:
        return StaffEvent(kind="media", media=media, text=message.get("caption") or "", **common)
    return Ignored("unsupported group message")


def _replied(message: Json) -> str | None:
    """The message this one answers. In a forum topic a message that answers nothing
    still carries the topic's opening service message (forum_topic_created, whose id is
    the topic's message_thread_id) as reply_to_message: that is not a reply."""
    replied = message.get("reply_to_message")
    if replied is None:
        return None
    if message.get("is_topic_message") and (
        replied.get("forum_topic_created") is not None
        or replied["message_id"] == message.get("message_thread_id")
    ):
        return None
    return str(replied["message_id"])


def _migration(message: Json) -> StaffEvent | None:
    """The service messages of a group upgraded to a supergroup: `migrate_to_chat_id` in
    the old group, `migrate_from_chat_id` in the new supergroup
    (https://core.telegram.org/bots/api#message). Both name the same move (old -> new)."""
    chat = message["chat"]
    if message.get("migrate_to_chat_id"):
        old, new = chat["id"], message["migrate_to_chat_id"]
    elif message.get("migrate_from_chat_id"):
        old, new = message["migrate_from_chat_id"], chat["id"]
    else:
        return None
    return StaffEvent(
        channel=CHANNEL,
        chat_id=str(chat["id"]),
        user_id=None,
        user_name=None,
        kind="migrated",
        message_id=str(message["message_id"]),
        chat_title=chat.get("title"),
        extra={"from": str(old), "to": str(new)},
    )


def _bot_status(changed: Json) -> ParsedEvent:
    """`my_chat_member`: the bot's own status in a chat changed
    (https://core.telegram.org/bots/api#chatmemberupdated). In a group it may mean the bot
    was removed ("left"), banned ("kicked"), restricted, added back or made an admin; in a
    private chat, a citizen blocked or unblocked the bot (ignored here)."""
    chat = changed["chat"]
    if not _in_group(chat):
        return Ignored(f"my_chat_member in a {chat['type']} chat")
    new = changed["new_chat_member"]
    extra: dict[str, Any] = {"status": str(new["status"])}
    if new["status"] == "restricted":
        extra["can_send_messages"] = bool(new.get("can_send_messages", False))
    user = changed["from"]
    return StaffEvent(
        channel=CHANNEL,
        chat_id=str(chat["id"]),
        user_id=str(user["id"]),
        user_name=_full_name(user),
        kind="bot_status",
        chat_title=chat.get("title"),
        extra=extra,
    )


def _member_status(changed: Json) -> ParsedEvent:
    """`chat_member`: another member's status changed (left, banned, restricted, promoted;
    https://core.telegram.org/bots/api#chatmemberupdated). Telegram sends it only to a bot
    that is an administrator of the group and asks for it in allowed_updates
    (https://core.telegram.org/bots/api#update). Kind "member_status": `user_id` is the
    member whose status changed, extra {"status"}; the officers layer forgets what it
    remembered about that member."""
    chat = changed["chat"]
    if not _in_group(chat):
        return Ignored(f"chat_member in a {chat['type']} chat")
    new = changed["new_chat_member"]
    member = new["user"]
    return StaffEvent(
        channel=CHANNEL,
        chat_id=str(chat["id"]),
        user_id=str(member["id"]),
        user_name=_full_name(member),
        kind="member_status",
        chat_title=chat.get("title"),
        extra={"status": str(new["status"]), "by": str(changed["from"]["id"])},
    )


def _staff_edit(message: Json) -> ParsedEvent:
    """`edited_message` in a group: a member changed an earlier message
    (https://core.telegram.org/bots/api#update). Kind "edited", with the edited message's
    id and the message it replies to; the officers layer tells an officer whose relayed
    reply was edited that the edit did not reach the citizen."""
    user = message.get("from")
    if user is None or message.get("sender_chat") is not None:
        return Ignored("edit posted as a chat")
    return StaffEvent(
        channel=CHANNEL,
        chat_id=str(message["chat"]["id"]),
        user_id=str(user["id"]),
        user_name=_full_name(user),
        kind="edited",
        text=message.get("text") or message.get("caption") or "",
        message_id=str(message["message_id"]),
        chat_title=message["chat"].get("title"),
        reply_to_message_id=_replied(message),
    )
