"""Citizen queries: one row per (channel, platform user id), the identity of invariant 4."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.store.connection import Connection
from bot.store.database import fetch_first, iso, utcnow


@dataclass(frozen=True, slots=True)
class Citizen:
    id: int
    channel: str
    external_id: str
    chat_id: str
    locale: str | None
    platform_locale: str | None
    display_name: str | None
    last_inbound_at: str | None
    # When the citizen asked for erasure while a complaint was open (migration 0021): the
    # platform's profile name is not stored for this account again (`name_unless_erased`).
    name_erased_at: str | None = None


COLUMNS = (
    "id, channel, external_id, chat_id, locale, platform_locale, display_name, last_inbound_at, "
    "name_erased_at"
)


def name_unless_erased(row: str, given: str) -> str:
    """The SQL for an upsert's new `display_name`: the name the platform sends now (`given`,
    e.g. `excluded.display_name`), else the stored one; NULL for ever once the citizen
    asked for erasure (`row`: the stored row's alias). Telegram, WhatsApp, the web page
    and the console send the profile name with every message, and /hapusdata with an open
    complaint (the chat account kept for the officers) promises the name is erased at
    once (README, "Personal data"): the next message must not store it again."""
    return f"CASE WHEN {row}.name_erased_at IS NULL THEN COALESCE({given}, {row}.display_name) END"


# Find or create the citizen, refreshing chat, platform language and last contact
# (`last_inbound_at` only when the last parameter, `touch`, is true). RETURNING: the row
# as stored, in the same statement. bot/store/conversations.py `arrive` writes the same
# row on PostgreSQL as an UPDATE first (no ON CONFLICT lock for a known citizen) and reads
# the conversation with it: the function `dumas_arrive` (migration 0025), where
# `name_unless_erased`'s rule is written out (a change here is a migration there).
UPSERT = (
    "INSERT INTO citizens (channel, external_id, chat_id, platform_locale, display_name, "
    "last_inbound_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (channel, external_id) DO UPDATE SET chat_id = excluded.chat_id, "
    "platform_locale = COALESCE(excluded.platform_locale, citizens.platform_locale), "
    f"display_name = {name_unless_erased('citizens', 'excluded.display_name')}, "
    "last_inbound_at = CASE WHEN ? THEN excluded.last_inbound_at "
    "ELSE citizens.last_inbound_at END "
    f"RETURNING {COLUMNS}"
)


def upsert_parameters(
    channel: str,
    external_id: str,
    chat_id: str,
    platform_locale: str | None,
    display_name: str | None,
    touch: bool = True,
) -> tuple[object, ...]:
    """UPSERT's parameters, in its order."""
    now = iso(utcnow())
    return (channel, external_id, chat_id, platform_locale, display_name, now, now, touch)


async def upsert(
    conn: Connection,
    channel: str,
    external_id: str,
    chat_id: str,
    platform_locale: str | None,
    display_name: str | None,
    touch: bool = True,
) -> Citizen:
    """Find or create the citizen, refreshing chat, platform language and last contact."""
    found = await fetch_first(
        conn,
        UPSERT,
        upsert_parameters(channel, external_id, chat_id, platform_locale, display_name, touch),
    )
    assert found is not None
    return Citizen(*found)


async def touch(conn: Connection, citizen_id: int) -> None:
    """The citizen wrote now: its last contact, nothing else (what `upsert` writes for a
    citizen whose chat, language and name are unchanged, without finding it by its
    identity again or reading its row back).

    It always finds the row: nothing deletes a citizen (an erasure, /hapusdata or the
    retention purge, replaces the identity and keeps the row for the tickets' foreign
    keys), and the purge does not erase a citizen whose message is waiting or being
    handled (bot/store/privacy.py `still_idle`; tests/privacy/test_purge_in_flight.py
    fails without it), so the identity read at arrival is still the citizen's here."""
    await conn.execute(
        "UPDATE citizens SET last_inbound_at = ? WHERE id = ?", (iso(utcnow()), citizen_id)
    )


async def forget_name(conn: Connection, citizen_id: int, at: str) -> None:
    """The citizen asked for erasure and keeps the chat account (a complaint is open): the
    name and the platform's language go now, and the name stays NULL from here on
    (`name_unless_erased`); `at` is the time of the request (ISO)."""
    await conn.execute(
        "UPDATE citizens SET display_name = NULL, platform_locale = NULL, name_erased_at = ? "
        "WHERE id = ?",
        (at, citizen_id),
    )


async def by_identity(conn: Connection, channel: str, external_id: str) -> Citizen | None:
    row = await fetch_first(
        conn,
        f"SELECT {COLUMNS} FROM citizens WHERE channel = ? AND external_id = ?",
        (channel, external_id),
    )
    return Citizen(*row) if row else None


async def by_id(conn: Connection, citizen_id: int) -> Citizen | None:
    row = await fetch_first(conn, f"SELECT {COLUMNS} FROM citizens WHERE id = ?", (citizen_id,))
    return Citizen(*row) if row else None


async def by_ids(conn: Connection, citizen_ids: Sequence[int]) -> dict[int, Citizen]:
    """`by_id` of several citizens in one statement; the ones found, by id."""
    unique = list(dict.fromkeys(citizen_ids))
    if conn.dialect == "postgresql":
        # one array parameter: one statement text (one prepared statement) for any count
        rows = await conn.execute_fetchall(
            f"SELECT {COLUMNS} FROM citizens WHERE id = ANY(?::bigint[])", (unique,)
        )
    else:
        rows = []
        for start in range(0, len(unique), 500):  # within SQLite's parameter limit
            chunk = unique[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows += await conn.execute_fetchall(
                f"SELECT {COLUMNS} FROM citizens WHERE id IN ({marks})", chunk
            )
    return {int(r[0]): Citizen(*r) for r in rows}


async def set_locale(conn: Connection, citizen_id: int, locale: str) -> None:
    await conn.execute("UPDATE citizens SET locale = ? WHERE id = ?", (locale, citizen_id))
