"""bot/dispatcher.py: on SQLite a known citizen whose chat, language and name did not
change is refreshed (its last contact) by the step's own transaction, not by one of its
own; a change is written first, as before. (PostgreSQL's arrival is always one statement
of its own, the upsert with the conversation's read: tests/store/test_conversations.py.)"""

from __future__ import annotations

import sys
from typing import Any

import pytest

import bot.dispatcher as dispatcher_module
from tests.harness import Harness
from tests.pg_cluster import sqlite_only

USER = 7301


def _count_upserts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Who writes the citizen's row from now on: the arrival (`_arrive`, an upsert of its
    own before the step) or the step's transaction (`_apply`: its last contact only,
    "touch", bench/README.md session 31)."""
    callers: list[str] = []
    real, real_touch = dispatcher_module.citizens.upsert, dispatcher_module.citizens.touch

    async def counted(*args: Any, **kwargs: Any) -> Any:
        # the caller of the dispatcher's `_upsert_citizen`, the one place that upserts
        callers.append(sys._getframe(2).f_code.co_name)
        return await real(*args, **kwargs)

    async def touched(*args: Any, **kwargs: Any) -> Any:
        callers.append(f"touch:{sys._getframe(1).f_code.co_name}")
        return await real_touch(*args, **kwargs)

    monkeypatch.setattr(dispatcher_module.citizens, "upsert", counted)
    monkeypatch.setattr(dispatcher_module.citizens, "touch", touched)
    return callers


async def _citizen(harness: Harness) -> Any:
    rows = await harness.rows(
        "SELECT id, chat_id, platform_locale, display_name, last_inbound_at FROM citizens "
        "WHERE external_id = ?",
        str(USER),
    )
    assert len(rows) == 1
    return rows[0]


@sqlite_only("PostgreSQL's arrival is one statement with the upsert in it")
async def test_a_known_citizen_is_refreshed_by_the_steps_transaction(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    citizen = harness.citizen(USER)
    upserts = _count_upserts(monkeypatch)
    await citizen.say("/aduan")
    assert upserts == ["_arrive"]  # a new citizen: written first, before its step
    first = await _citizen(harness)
    before = len(citizen.messages())
    await citizen.press("consent:yes")
    assert len(citizen.messages()) > before  # the step was answered
    # known and unchanged: no write of its own, the step's transaction refreshes it
    assert upserts == ["_arrive", "touch:_apply"]
    after = await _citizen(harness)
    assert after["id"] == first["id"]
    assert after["last_inbound_at"] > first["last_inbound_at"]  # refreshed all the same


async def test_a_new_name_and_language_are_written(harness: Harness) -> None:
    citizen = harness.citizen(USER)
    await citizen.say("/aduan")
    first = await _citizen(harness)
    update = harness.updates.text(USER, "halo", language_code="en", first_name="Siti")
    harness.updates.users[USER]["first_name"] = "Siti"
    await citizen.send(update)
    after = await _citizen(harness)
    assert after["id"] == first["id"]
    assert after["platform_locale"] == "en"
    assert after["display_name"] == "Siti"
    assert after["last_inbound_at"] > first["last_inbound_at"]
