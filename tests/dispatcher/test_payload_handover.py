"""bot/ingest.py hands each stored row's decoded payload to the dispatcher
(`Dispatcher.hand_over`): a row's drain takes it instead of decoding the row's stored
text again (bench/README.md session 32). A row stored without one (before a restart, by
the timers, or dropped from the bounded map) is decoded from the store as before."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from bot import dispatcher as dispatcher_module
from bot.ingest import Incoming, ingest
from tests.e2e.steps import answer_until, state_of
from tests.harness import Harness

USER = 7651
STORY = "Motor saya dicuri dua orang tak dikenal di parkiran pasar kemarin"


def _count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts bot/dispatcher.py decodes with `json.loads` from now on."""
    decoded: list[str] = []

    def loads(text: str, **kwargs: Any) -> Any:
        decoded.append(text)
        return json.loads(text, **kwargs)

    counting = SimpleNamespace(**{**vars(json), "loads": loads})
    monkeypatch.setattr(dispatcher_module, "json", counting)
    return decoded


async def test_a_complaint_decodes_no_update_again(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    citizen = harness.citizen(USER)
    decoded = _count_decodes(monkeypatch)
    await citizen.say("/start")
    await answer_until(citizen, "idle", story=STORY)
    assert await state_of(citizen) == "idle"
    handled = await harness.rows(
        "SELECT COUNT(*) FROM inbox WHERE processed_at IS NOT NULL AND outcome = 'ok'"
    )
    assert handled[0][0] >= 8  # every step of the complaint was handled
    assert decoded == []  # one decode per update before
    assert harness.runtime.dispatcher._payloads == {}  # each taken once


async def test_a_row_without_a_handed_over_payload_is_decoded_from_the_store(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    citizen = harness.citizen(USER)
    await citizen.say("/start")  # known, with a conversation
    decoded = _count_decodes(monkeypatch)
    dispatcher = harness.runtime.dispatcher
    # as after a restart: the row is in the inbox, its decoded payload is not in memory
    monkeypatch.setattr(dispatcher, "hand_over", lambda inbox_id, payload: None)
    answered = await citizen.say("halo")
    assert answered  # handled and answered as any other update
    assert len(decoded) == 1 and json.loads(decoded[0])["message"]["text"] == "halo"


async def test_the_payloads_kept_are_bounded(harness: Harness) -> None:
    dispatcher = harness.runtime.dispatcher
    adapter = harness.runtime.adapters["telegram"]
    limit = dispatcher_module.HANDED_OVER_MAX
    for n in range(limit + 3):
        dispatcher.hand_over(-1 - n, {"n": n})  # ids no row has
    assert len(dispatcher._payloads) == limit
    assert -1 not in dispatcher._payloads and -(limit + 3) in dispatcher._payloads
    # the kept payloads of rows never handled here do not stop the next ones
    update = harness.updates.text(USER, "/start")
    await ingest(harness.db, dispatcher, adapter, [Incoming(str(update["update_id"]), update)])
    await harness.settle()
    assert harness.api.sent(USER)
