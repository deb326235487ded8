"""Who may act in a staff group beyond being a member: the optional allow-list.

Membership is checked with getChatMember (reliable only when the bot is an administrator
of the group, which the README asks for). A unit may also list the officers allowed to
act in its group (`dumas staff allow GROUP USER`, `deny`, `allowed`): once a group has a
list, a member who is not on it is refused like an outsider (the attempt is logged). A
group without a list lets every member act, as before. The SQL is in bot/store/staff_allowed.py.
"""

from __future__ import annotations

from bot.store import staff_allowed
from bot.store.database import Database


def _id(value: str | int, what: str) -> str:
    text = str(value).strip()
    if not text.lstrip("-").isdigit():
        raise ValueError(f"{what} must be a Telegram numeric id, not {value!r}")
    return text


async def allow(db: Database, chat_id: str | int, user_id: str | int) -> bool:
    """Put the user on the group's list; False when already there."""
    return await staff_allowed.allow(db, _id(chat_id, "GROUP_ID"), _id(user_id, "USER_ID"))


async def deny(db: Database, chat_id: str | int, user_id: str | int) -> bool:
    """Take the user off the group's list; False when not on it. Removing the last one
    ends the list: every member may act again."""
    return await staff_allowed.deny(db, _id(chat_id, "GROUP_ID"), _id(user_id, "USER_ID"))


async def listed(db: Database, chat_id: str | int) -> list[str]:
    return await staff_allowed.allowed(db, _id(chat_id, "GROUP_ID"))


async def may_act(db: Database, chat_id: str, user_id: str) -> bool:
    """True without a list, else only for the users on it."""
    has_list, on_it = await staff_allowed.allow_status(db, chat_id, user_id)
    return on_it or not has_list
