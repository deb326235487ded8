"""bot/channels/telegram/parse.py reads the update's JSON itself: for every kind of update
Dumas receives it gives the events python-telegram-bot's objects gave (ptb_parse.py, the
parser before, kept as the oracle)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from bot.channels.base import CitizenEvent, Ignored, StaffEvent
from bot.channels.telegram import parse
from tests.channels.telegram import ptb_parse
from tests.fakes.updates import UpdateFactory

USER = 5001
OFFICER = 6001
GROUP = -100777
OLD_GROUP = -4242


def _drop(update: dict[str, Any], *path: str) -> dict[str, Any]:
    """The update without the field at `path` (what Telegram leaves out when empty)."""
    update = copy.deepcopy(update)
    part = update
    for key in path[:-1]:
        part = part[key]
    part.pop(path[-1], None)
    return update


def _set(update: dict[str, Any], value: Any, *path: str) -> dict[str, Any]:
    update = copy.deepcopy(update)
    part = update
    for key in path[:-1]:
        part = part[key]
    part[path[-1]] = value
    return update


Make = Callable[[UpdateFactory], dict[str, Any]]

KINDS: dict[str, Make] = {
    # citizens
    "text": lambda f: f.text(USER, "Motor saya dicuri di pasar"),
    "text, no language, two names": lambda f: f.text(
        USER + 1, "halo", language_code=None, first_name="Siti"
    ),
    "command": lambda f: f.command(USER, "/aduan"),
    "command with bot and args": lambda f: f.command(USER, "/status@dumas_bot DMS-1"),
    "callback": lambda f: f.callback(USER, "cat:crime", 7),
    "callback without data": lambda f: _drop(f.callback(USER, "x", 7), "callback_query", "data"),
    "callback on an inaccessible message": lambda f: _set(
        f.callback(USER, "consent:yes", 3), 0, "callback_query", "message", "date"
    ),
    "callback without message": lambda f: _drop(
        f.callback(USER, "consent:yes", 3), "callback_query", "message"
    ),
    "location": lambda f: f.location(USER, -6.2915, 106.7991),
    "live location": lambda f: _set(
        f.location(USER, -6.29, 106.79), 900, "message", "location", "live_period"
    ),
    "venue": lambda f: f.venue(USER, -6.29, 106.79, "Pasar", "Jl. Fatmawati 1"),
    "contact": lambda f: f.contact(USER),
    "photo": lambda f: f.photo(USER, caption="bukti", media_group_id="album-1"),
    "photo without sizes' file_size": lambda f: _set(
        f.photo(USER),
        [
            {"file_id": "a", "file_unique_id": "ua", "width": 90, "height": 60},
            {"file_id": "b", "file_unique_id": "ub", "width": 1280, "height": 960},
            {"file_id": "c", "file_unique_id": "uc", "width": 320, "height": 240},
        ],
        "message",
        "photo",
    ),
    "document": lambda f: f.document(USER),
    "video": lambda f: f.video(USER),
    "voice": lambda f: f.voice(USER),
    "audio": lambda f: f.audio(USER),
    "video note": lambda f: f.video_note(USER),
    "sticker": lambda f: f.sticker(USER),
    "animation": lambda f: f.animation(USER),
    "poll": lambda f: f.poll(USER),
    "nothing we know": lambda f: _drop(f.text(USER, "x"), "message", "text"),
    "edited private message": lambda f: f.edited_text(USER, "diubah", 4),
    "channel post": lambda f: {"update_id": 1, "channel_post": f.text(USER, "x")["message"]},
    "message from a channel chat": lambda f: _set(
        f.text(USER, "x"), {"id": -1009, "type": "channel", "title": "C"}, "message", "chat"
    ),
    "private message without from": lambda f: _drop(f.text(USER, "x"), "message", "from"),
    "blocked the bot": lambda f: f.my_chat_member(USER, USER, "member", "kicked"),
    # staff groups
    "group text": lambda f: f.group_text(GROUP, OFFICER, "sudah ditangani"),
    "group reply": lambda f: f.group_text(GROUP, OFFICER, "ok", reply_to_message_id=12),
    "group command": lambda f: f.group_text(GROUP, OFFICER, "/topik aduan"),
    "group photo": lambda f: f.group_photo(GROUP, OFFICER, caption="foto", reply_to_message_id=9),
    "group button": lambda f: f.callback(OFFICER, "a:1:take", 12, GROUP),
    "members added": lambda f: f.new_chat_members(GROUP, [OFFICER, OFFICER + 1]),
    "bot added": lambda f: f.new_chat_members(GROUP, f.bot_id),
    "member left": lambda f: f.left_chat_member(GROUP, OFFICER),
    "migrated to": lambda f: f.migrate_to_supergroup(OLD_GROUP, GROUP, OFFICER),
    "migrated from": lambda f: f.migrate_from_group(GROUP, OLD_GROUP, OFFICER),
    "bot removed": lambda f: f.my_chat_member(GROUP, OFFICER, "member", "left"),
    # python-telegram-bot 22.8 requires can_react_to_messages of a restricted member,
    # which the fake leaves out
    "bot restricted": lambda f: _set(
        f.my_chat_member(GROUP, OFFICER, "member", "restricted"),
        False,
        "my_chat_member",
        "new_chat_member",
        "can_react_to_messages",
    ),
    "bot made admin": lambda f: f.my_chat_member(GROUP, OFFICER, "member", "administrator"),
    "anonymous admin": lambda f: f.anonymous_admin_text(GROUP, "dari admin", 5),
    "group edit": lambda f: f.group_edited_text(GROUP, OFFICER, "koreksi", 30, 12),
    "group edit of a photo": lambda f: _set(
        _drop(f.group_edited_text(GROUP, OFFICER, "x", 30), "edited_message", "text"),
        "keterangan",
        "edited_message",
        "caption",
    ),
    "group edit as a chat": lambda f: _set(
        f.group_edited_text(GROUP, OFFICER, "x", 30),
        {"id": GROUP, "type": "supergroup", "title": "G"},
        "edited_message",
        "sender_chat",
    ),
    "topic text": lambda f: f.topic_text(GROUP, OFFICER, "di topik", 44),
    "topic reply": lambda f: f.topic_text(GROUP, OFFICER, "balas", 44, reply_to_message_id=50),
    "general topic": lambda f: f.forum_general_text(GROUP, OFFICER, "umum"),
    "member banned": lambda f: f.chat_member(GROUP, OFFICER, "member", "kicked", OFFICER + 5),
    "member status in a private chat": lambda f: f.chat_member(USER, USER),
    "group sticker": lambda f: _set(
        _drop(f.group_text(GROUP, OFFICER, "x"), "message", "text"),
        {
            "file_id": "s",
            "file_unique_id": "us",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        },
        "message",
        "sticker",
    ),
    "officer without a first name": lambda f: _set(
        f.group_text(GROUP, OFFICER, "x"), "", "message", "from", "first_name"
    ),
    "empty update": lambda f: {"update_id": 9},
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_json_gives_the_events_the_objects_gave(kind: str) -> None:
    update = KINDS[kind](UpdateFactory(bot_id=1234))
    expected = ptb_parse.parse(copy.deepcopy(update))
    assert parse.parse(update) == expected


def test_the_kinds_cover_every_outcome() -> None:
    """The corpus reaches citizens' events, staff events of every kind, and ignored ones."""
    events = [parse.parse(make(UpdateFactory(bot_id=1234))) for make in KINDS.values()]
    staff_kinds = {e.kind for e in events if isinstance(e, StaffEvent)}
    assert staff_kinds == {
        "text",
        "command",
        "media",
        "callback",
        "member",
        "migrated",
        "bot_status",
        "edited",
        "member_status",
    }
    assert sum(isinstance(e, CitizenEvent) for e in events) >= 20
    assert sum(isinstance(e, Ignored) for e in events) >= 5
