"""Factory for REAL Telegram update JSON dicts, as Telegram sends them.

Every method returns a plain ``dict`` following the Bot API schema, so that
``telegram.Update.de_json(d, bot)`` parses it and it can be fed to
``FakeBotAPI.push_update`` or POSTed to a webhook. ``update_id`` and ``message_id`` are
numbered by the factory (monotonic, message ids per chat), ``date`` is now. As in Telegram,
the private chat id equals the user id; group chats are supergroups (negative ids).

Example::

    f = UpdateFactory()
    api.push_update(f.text(1001, "halo"))
    api.push_update(f.callback(1001, "menu:lapor", message_id=5))
"""

from __future__ import annotations

import itertools
import time
from typing import Any

JSONDict = dict[str, Any]

# Required fields of ChatMemberAdministrator / ChatMemberRestricted
# (https://core.telegram.org/bots/api#chatmemberadministrator, #chatmemberrestricted).
ADMIN_RIGHTS = (
    "can_be_edited",
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)
RESTRICTED_RIGHTS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
    "can_edit_tag",
)


class UpdateFactory:
    """Builds update dicts.

    Args:
        bot_id: id of the bot user (``from`` of the messages that callback queries carry).
        bot_username: bot username (used for ``/cmd@bot`` and as callback message author).
        first_update_id: first ``update_id`` handed out.
    """

    def __init__(
        self,
        bot_id: int = 123,
        bot_username: str = "dumas_test_bot",
        first_update_id: int = 1,
    ) -> None:
        self.bot_id = bot_id
        self.bot_username = bot_username
        self._update_ids = itertools.count(first_update_id)
        self._message_ids: dict[int, int] = {}
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._poll_ids = itertools.count(1)
        self.users: dict[int, JSONDict] = {}

    # ------------------------------------------------------------------ building blocks
    def next_update_id(self) -> int:
        return next(self._update_ids)

    def next_message_id(self, chat_id: int) -> int:
        mid = self._message_ids.get(chat_id, 1)
        self._message_ids[chat_id] = mid + 1
        return mid

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        language_code: str | None = "id",
        *,
        last_name: str | None = None,
        username: str | None = None,
    ) -> JSONDict:
        """User JSON. Names given once are remembered for later updates of that user."""
        known = self.users.get(user_id, {})
        u: JSONDict = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name or known.get("first_name") or f"Warga{user_id}",
        }
        last = last_name or known.get("last_name")
        if last:
            u["last_name"] = last
        uname = username or known.get("username")
        if uname:
            u["username"] = uname
        if language_code:
            u["language_code"] = language_code
        self.users[user_id] = u
        return u

    def bot_user(self) -> JSONDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Dumas",
            "username": self.bot_username,
        }

    @staticmethod
    def private_chat(user: JSONDict) -> JSONDict:
        chat: JSONDict = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        if "last_name" in user:
            chat["last_name"] = user["last_name"]
        if "username" in user:
            chat["username"] = user["username"]
        return chat

    @staticmethod
    def group_chat(chat_id: int, title: str | None = None) -> JSONDict:
        return {"id": chat_id, "type": "supergroup", "title": title or f"Grup {chat_id}"}

    def file_id(self, prefix: str = "AgAC") -> str:
        """A fresh Telegram-looking file_id."""
        return f"{prefix}AgIAAxkBAAI{next(self._file_ids):08d}"

    @staticmethod
    def unique_id(file_id: str) -> str:
        return "AQAD" + file_id[-8:]

    def message(
        self,
        user_id: int,
        chat_id: int | None = None,
        *,
        language_code: str | None = "id",
        first_name: str | None = None,
        chat: JSONDict | None = None,
        reply_to_message_id: int | None = None,
        **content: Any,
    ) -> JSONDict:
        """A Message dict from ``user_id`` in ``chat_id`` (default: the private chat)."""
        user = self.user(user_id, first_name, language_code)
        if chat is None:
            chat = (
                self.private_chat(user)
                if chat_id is None or chat_id == user_id
                else (
                    self.group_chat(chat_id)
                    if chat_id < 0
                    else {"id": chat_id, "type": "private", "first_name": "?"}
                )
            )
        msg: JSONDict = {
            "message_id": self.next_message_id(chat["id"]),
            "from": user,
            "chat": chat,
            "date": int(time.time()),
        }
        if reply_to_message_id is not None:
            msg["reply_to_message"] = {
                "message_id": reply_to_message_id,
                "from": self.bot_user(),
                "chat": chat,
                "date": int(time.time()) - 1,
                "text": "...",
            }
        msg.update(content)
        return msg

    def wrap(self, message: JSONDict, kind: str = "message") -> JSONDict:
        """Wrap a Message dict into an update (``kind``: message/edited_message/...)."""
        return {"update_id": self.next_update_id(), kind: message}

    # ------------------------------------------------------------------ private chat updates
    def text(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        language_code: str | None = "id",
        first_name: str | None = None,
        *,
        entities: list[JSONDict] | None = None,
    ) -> JSONDict:
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        return self.wrap(
            self.message(
                user_id, chat_id, language_code=language_code, first_name=first_name, **content
            )
        )

    def edited_text(
        self, user_id: int, text: str, message_id: int, chat_id: int | None = None
    ) -> JSONDict:
        """``edited_message`` update for an earlier message of the user."""
        msg = self.message(user_id, chat_id, text=text)
        msg["message_id"] = message_id
        msg["edit_date"] = msg["date"]
        return self.wrap(msg, "edited_message")

    def command(
        self,
        user_id: int,
        command: str,
        chat_id: int | None = None,
        language_code: str | None = "id",
        first_name: str | None = None,
    ) -> JSONDict:
        """``command("/status ABC")``: text with a ``bot_command`` entity on the command."""
        if not command.startswith("/"):
            command = "/" + command
        cmd_len = len(command.split(maxsplit=1)[0].encode("utf-16-le")) // 2
        return self.text(
            user_id,
            command,
            chat_id,
            language_code,
            first_name,
            entities=[{"type": "bot_command", "offset": 0, "length": cmd_len}],
        )

    def callback(
        self,
        user_id: int,
        data: str,
        message_id: int,
        chat_id: int | None = None,
        *,
        message_text: str = "Pilih:",
        reply_markup: JSONDict | None = None,
        language_code: str | None = "id",
    ) -> JSONDict:
        """A ``callback_query`` pressed on bot message ``message_id`` (which it carries)."""
        user = self.user(user_id, None, language_code)
        chat = (
            self.private_chat(user)
            if chat_id is None or chat_id == user_id
            else self.group_chat(chat_id)
        )
        message: JSONDict = {
            "message_id": message_id,
            "from": self.bot_user(),
            "chat": chat,
            "date": int(time.time()) - 1,
            "text": message_text,
            "reply_markup": reply_markup
            or {"inline_keyboard": [[{"text": data, "callback_data": data}]]},
        }
        query: JSONDict = {
            "id": f"{user_id}{next(self._callback_ids):010d}",
            "from": user,
            "message": message,
            "chat_instance": str(abs(hash((chat["id"], self.bot_id))) % 10**18),
            "data": data,
        }
        return {"update_id": self.next_update_id(), "callback_query": query}

    def location(
        self,
        user_id: int,
        lat: float,
        lon: float,
        chat_id: int | None = None,
        *,
        horizontal_accuracy: float | None = None,
    ) -> JSONDict:
        loc: JSONDict = {"latitude": lat, "longitude": lon}
        if horizontal_accuracy is not None:
            loc["horizontal_accuracy"] = horizontal_accuracy
        return self.wrap(self.message(user_id, chat_id, location=loc))

    def venue(self, user_id: int, lat: float, lon: float, title: str, address: str) -> JSONDict:
        """Venue: Telegram sends both ``venue`` and ``location``."""
        loc = {"latitude": lat, "longitude": lon}
        return self.wrap(
            self.message(
                user_id, location=loc, venue={"location": loc, "title": title, "address": address}
            )
        )

    def file_fields(self, file_id: str, **fields: Any) -> JSONDict:
        """A file object (Document, Video, Voice...): its id and unique id, then its own fields."""
        return {"file_id": file_id, "file_unique_id": self.unique_id(file_id), **fields}

    def photo_sizes(self, file_id: str, file_size: int) -> list[JSONDict]:
        """PhotoSize list as Telegram sends it: thumbnails first, the largest (``file_id``) last."""
        uid = self.unique_id(file_id)
        sizes = [(90, 67, "s"), (320, 240, "m"), (800, 600, "x"), (1280, 960, "")]
        out = []
        for w, h, suffix in sizes:
            out.append(
                {
                    "file_id": file_id if not suffix else f"{file_id}-{suffix}",
                    "file_unique_id": uid + suffix,
                    "file_size": max(1, file_size * w * h // (1280 * 960)),
                    "width": w,
                    "height": h,
                }
            )
        return out

    def _media_update(
        self,
        user_id: int,
        chat_id: int | None,
        caption: str | None,
        media_group_id: str | None,
        **content: Any,
    ) -> JSONDict:
        if caption is not None:
            content["caption"] = caption
        if media_group_id is not None:
            content["media_group_id"] = media_group_id
        return self.wrap(self.message(user_id, chat_id, **content))

    def photo(
        self,
        user_id: int,
        file_id: str | None = None,
        file_size: int = 120_000,
        caption: str | None = None,
        media_group_id: str | None = None,
        chat_id: int | None = None,
    ) -> JSONDict:
        file_id = file_id or self.file_id("AgAC")
        return self._media_update(
            user_id, chat_id, caption, media_group_id, photo=self.photo_sizes(file_id, file_size)
        )

    def document(
        self,
        user_id: int,
        file_id: str | None = None,
        file_name: str = "bukti.pdf",
        mime_type: str = "application/pdf",
        file_size: int = 50_000,
        caption: str | None = None,
        media_group_id: str | None = None,
        chat_id: int | None = None,
    ) -> JSONDict:
        file_id = file_id or self.file_id("BQAC")
        doc = self.file_fields(
            file_id,
            file_name=file_name,
            mime_type=mime_type,
            file_size=file_size,
        )
        return self._media_update(user_id, chat_id, caption, media_group_id, document=doc)

    def video(
        self,
        user_id: int,
        file_id: str | None = None,
        file_size: int = 2_000_000,
        duration: int = 10,
        caption: str | None = None,
        media_group_id: str | None = None,
        chat_id: int | None = None,
        mime_type: str = "video/mp4",
    ) -> JSONDict:
        file_id = file_id or self.file_id("BAAC")
        vid = self.file_fields(
            file_id,
            width=1280,
            height=720,
            duration=duration,
            mime_type=mime_type,
            file_size=file_size,
            file_name="video.mp4",
        )
        return self._media_update(user_id, chat_id, caption, media_group_id, video=vid)

    def voice(
        self,
        user_id: int,
        file_id: str | None = None,
        file_size: int = 20_000,
        duration: int = 5,
        chat_id: int | None = None,
    ) -> JSONDict:
        file_id = file_id or self.file_id("AwAC")
        v = self.file_fields(file_id, duration=duration, mime_type="audio/ogg", file_size=file_size)
        return self.wrap(self.message(user_id, chat_id, voice=v))

    def audio(
        self,
        user_id: int,
        file_id: str | None = None,
        file_size: int = 900_000,
        duration: int = 60,
        chat_id: int | None = None,
    ) -> JSONDict:
        file_id = file_id or self.file_id("CQAC")
        a = self.file_fields(
            file_id,
            duration=duration,
            mime_type="audio/mpeg",
            file_size=file_size,
            file_name="rekaman.mp3",
        )
        return self.wrap(self.message(user_id, chat_id, audio=a))

    def video_note(
        self, user_id: int, file_id: str | None = None, file_size: int = 300_000, duration: int = 5
    ) -> JSONDict:
        file_id = file_id or self.file_id("DQAC")
        vn = self.file_fields(file_id, length=240, duration=duration, file_size=file_size)
        return self.wrap(self.message(user_id, video_note=vn))

    def sticker(
        self,
        user_id: int,
        file_id: str | None = None,
        emoji: str = "👍",
        chat_id: int | None = None,
    ) -> JSONDict:
        file_id = file_id or self.file_id("CAAC")
        st = self.file_fields(
            file_id,
            type="regular",
            width=512,
            height=512,
            is_animated=False,
            is_video=False,
            emoji=emoji,
            set_name="DumasStickers",
            file_size=20_000,
        )
        return self.wrap(self.message(user_id, chat_id, sticker=st))

    def animation(
        self,
        user_id: int,
        file_id: str | None = None,
        file_size: int = 400_000,
        file_name: str = "lucu.gif.mp4",
        chat_id: int | None = None,
        caption: str | None = None,
    ) -> JSONDict:
        """GIF: Telegram sends both ``animation`` and ``document`` with the same file."""
        file_id = file_id or self.file_id("CgAC")
        anim = self.file_fields(
            file_id,
            width=320,
            height=240,
            duration=3,
            file_name=file_name,
            mime_type="video/mp4",
            file_size=file_size,
        )
        doc = self.file_fields(
            file_id,
            file_name=file_name,
            mime_type="video/mp4",
            file_size=file_size,
        )
        return self._media_update(user_id, chat_id, caption, None, animation=anim, document=doc)

    def poll(
        self,
        user_id: int,
        question: str = "Setuju?",
        options: tuple[str, ...] | list[str] = ("Ya", "Tidak"),
        chat_id: int | None = None,
    ) -> JSONDict:
        """A message carrying a poll the user created (``message.poll``)."""
        p = {
            "id": str(5_000_000_000 + next(self._poll_ids)),
            "question": question,
            # persistent_id: required since Bot API 9.6 (PTB 22.8 enforces it)
            "options": [
                {"text": o, "voter_count": 0, "persistent_id": str(i)}
                for i, o in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,  # required since Bot API 9.6
            "members_only": False,  # required since Bot API 10.0
        }
        return self.wrap(self.message(user_id, chat_id, poll=p))

    def contact(
        self,
        user_id: int,
        phone_number: str = "+6281234567890",
        first_name: str | None = None,
        contact_user_id: int | None = None,
        chat_id: int | None = None,
    ) -> JSONDict:
        """Shared contact; ``contact_user_id=user_id`` for "share my phone number"."""
        user = self.user(user_id)
        c: JSONDict = {"phone_number": phone_number, "first_name": first_name or user["first_name"]}
        if contact_user_id is not None:
            c["user_id"] = contact_user_id
        return self.wrap(self.message(user_id, chat_id, contact=c))

    # ------------------------------------------------------------------ groups
    def group_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        reply_to_message_id: int | None = None,
        *,
        title: str | None = None,
    ) -> JSONDict:
        entities = None
        if text.startswith("/"):
            cmd_len = len(text.split(maxsplit=1)[0].encode("utf-16-le")) // 2
            entities = [{"type": "bot_command", "offset": 0, "length": cmd_len}]
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        return self.wrap(
            self.message(
                user_id,
                chat=self.group_chat(chat_id, title),
                reply_to_message_id=reply_to_message_id,
                **content,
            )
        )

    def group_photo(
        self,
        chat_id: int,
        user_id: int,
        file_id: str | None = None,
        file_size: int = 120_000,
        caption: str | None = None,
        reply_to_message_id: int | None = None,
        media_group_id: str | None = None,
    ) -> JSONDict:
        file_id = file_id or self.file_id("AgAC")
        content: JSONDict = {"photo": self.photo_sizes(file_id, file_size)}
        if caption is not None:
            content["caption"] = caption
        if media_group_id is not None:
            content["media_group_id"] = media_group_id
        return self.wrap(
            self.message(
                user_id,
                chat=self.group_chat(chat_id),
                reply_to_message_id=reply_to_message_id,
                **content,
            )
        )

    def new_chat_members(
        self, chat_id: int, user_ids: list[int] | int, by_user_id: int | None = None
    ) -> JSONDict:
        """Service message: users (or the bot, pass ``self.bot_id``) added to a group."""
        ids = [user_ids] if isinstance(user_ids, int) else list(user_ids)
        members = [self.bot_user() if uid == self.bot_id else self.user(uid) for uid in ids]
        actor = by_user_id if by_user_id is not None else ids[0]
        return self.wrap(
            self.message(actor, chat=self.group_chat(chat_id), new_chat_members=members)
        )

    def left_chat_member(self, chat_id: int, user_id: int) -> JSONDict:
        member = self.bot_user() if user_id == self.bot_id else self.user(user_id)
        return self.wrap(
            self.message(user_id, chat=self.group_chat(chat_id), left_chat_member=member)
        )

    def migrate_to_supergroup(self, old_chat_id: int, new_chat_id: int, user_id: int) -> JSONDict:
        chat = {"id": old_chat_id, "type": "group", "title": f"Grup {old_chat_id}"}
        return self.wrap(self.message(user_id, chat=chat, migrate_to_chat_id=new_chat_id))

    def migrate_from_group(self, new_chat_id: int, old_chat_id: int, user_id: int) -> JSONDict:
        """The second service message of an upgrade, in the new supergroup
        (``migrate_from_chat_id``, https://core.telegram.org/bots/api#message)."""
        return self.wrap(
            self.message(
                user_id, chat=self.group_chat(new_chat_id), migrate_from_chat_id=old_chat_id
            )
        )

    def my_chat_member(
        self, chat_id: int, user_id: int, old_status: str = "member", new_status: str = "kicked"
    ) -> JSONDict:
        """``my_chat_member``: e.g. the user blocked the bot (private chat -> "kicked"), or
        an admin removed ("left") or banned ("kicked") it from a group
        (https://core.telegram.org/bots/api#chatmemberupdated)."""
        user = self.user(user_id)
        chat = self.private_chat(user) if chat_id == user_id else self.group_chat(chat_id)

        def member(status: str) -> JSONDict:
            # each ChatMember kind has its own required fields
            # (https://core.telegram.org/bots/api#chatmember)
            m: JSONDict = {"user": self.bot_user(), "status": status}
            if status == "kicked":
                m["until_date"] = 0
            if status == "administrator":
                m.update(dict.fromkeys(ADMIN_RIGHTS, False), can_manage_chat=True)
            if status == "restricted":  # a member who may not post
                m.update(dict.fromkeys(RESTRICTED_RIGHTS, False), is_member=True, until_date=0)
            return m

        return {
            "update_id": self.next_update_id(),
            "my_chat_member": {
                "chat": chat,
                "from": user,
                "date": int(time.time()),
                "old_chat_member": member(old_status),
                "new_chat_member": member(new_status),
            },
        }

    # Telegram's account for "Remain anonymous" admins: their messages in a group come
    # from this user with ``sender_chat`` = the group itself
    # (https://core.telegram.org/bots/api#message, sender_chat: "the supergroup itself
    # for messages from anonymous group administrators").
    GROUP_ANONYMOUS_BOT: JSONDict = {
        "id": 1087968824,
        "is_bot": True,
        "first_name": "Group",
        "username": "GroupAnonymousBot",
    }

    def anonymous_admin_text(
        self, chat_id: int, text: str, reply_to_message_id: int | None = None
    ) -> JSONDict:
        """A message of an admin who "Remains anonymous": ``from`` is GroupAnonymousBot,
        ``sender_chat`` the group; the real user's id is not in the update."""
        update = self.group_text(chat_id, 1, text, reply_to_message_id)
        message = update["message"]
        message["from"] = dict(self.GROUP_ANONYMOUS_BOT)
        message["sender_chat"] = dict(message["chat"])
        return update

    def group_edited_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        message_id: int,
        reply_to_message_id: int | None = None,
    ) -> JSONDict:
        """``edited_message``: a member edited their earlier group message ``message_id``.
        Telegram sends the whole new version with ``edit_date``, and the reply it was
        (https://core.telegram.org/bots/api#message); a bot receives it only when
        "edited_message" is in allowed_updates (https://core.telegram.org/bots/api#update)."""
        update = self.group_text(chat_id, user_id, text, reply_to_message_id)
        message = update.pop("message")
        message["message_id"] = message_id
        message["edit_date"] = message["date"]
        update["edited_message"] = message
        return update

    def topic_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        thread_id: int,
        reply_to_message_id: int | None = None,
        *,
        topic_name: str = "Aduan",
    ) -> JSONDict:
        """A message written in a topic of a forum supergroup (``chat.is_forum``):
        ``message_thread_id`` is the topic's id and ``is_topic_message`` is true
        (https://core.telegram.org/bots/api#message). As Telegram does, a message that
        answers nothing still carries the topic's opening service message
        (``forum_topic_created``, whose message_id is the thread id) as
        ``reply_to_message``; a reply carries the message it answers."""
        update = self.group_text(chat_id, user_id, text, reply_to_message_id)
        message = update["message"]
        message["chat"]["is_forum"] = True
        message["message_thread_id"] = thread_id
        message["is_topic_message"] = True
        if reply_to_message_id is None:
            message["reply_to_message"] = {
                "message_id": thread_id,
                "from": self.user(user_id),
                "chat": dict(message["chat"]),
                "date": int(time.time()) - 60,
                "message_thread_id": thread_id,
                "forum_topic_created": {"name": topic_name, "icon_color": 7322096},
            }
        else:
            message["reply_to_message"]["message_thread_id"] = thread_id
            message["reply_to_message"]["is_topic_message"] = True
        return update

    def forum_general_text(self, chat_id: int, user_id: int, text: str) -> JSONDict:
        """A message in the "General" topic of a forum supergroup: ``chat.is_forum`` but no
        ``message_thread_id``/``is_topic_message`` (https://core.telegram.org/bots/api#message)."""
        update = self.group_text(chat_id, user_id, text)
        update["message"]["chat"]["is_forum"] = True
        return update

    def chat_member(
        self,
        chat_id: int,
        user_id: int,
        old_status: str = "member",
        new_status: str = "left",
        by_user_id: int | None = None,
    ) -> JSONDict:
        """``chat_member``: another member's status changed (left, banned, promoted). Only a
        bot that is an administrator of the group and lists "chat_member" in
        allowed_updates receives it (https://core.telegram.org/bots/api#update)."""

        def member(status: str) -> JSONDict:
            m: JSONDict = {"user": self.user(user_id), "status": status}
            if status == "kicked":
                m["until_date"] = 0
            return m

        return {
            "update_id": self.next_update_id(),
            "chat_member": {
                "chat": self.group_chat(chat_id),
                "from": self.user(by_user_id if by_user_id is not None else user_id),
                "date": int(time.time()),
                "old_chat_member": member(old_status),
                "new_chat_member": member(new_status),
            },
        }


__all__ = ["UpdateFactory"]
