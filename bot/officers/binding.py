"""One-time codes that bind a Telegram group to a unit: `dumas staff link --polres ID`
prints one, an officer posts `/daftar CODE` in the group. Only the SHA-256 of a code is
stored; a code works once and expires (DUMAS_STAFF_CODE_HOURS)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from bot.store import staff
from bot.store.database import Database, iso, utcnow

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def normalize(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalize(code).encode()).hexdigest()


async def new_code(db: Database, unit_id: str, role: str, hours: float) -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(10))
    code = f"{raw[:5]}-{raw[5:]}"
    await staff.add_link_code(
        db, code_hash(code), unit_id, role, iso(utcnow() + timedelta(hours=hours))
    )
    return code
