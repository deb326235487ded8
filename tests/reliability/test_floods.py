"""Floods and abuse: one citizen flooding is slowed and told so; nobody else waits."""

from __future__ import annotations

import json

import pytest

from bot.i18n import translator
from tests.e2e.steps import reach
from tests.harness import Harness

ID = translator("id").gettext
NOTICE = ID(
    "You are sending messages very quickly, Sir/Madam. Everything you sent is kept; "
    "please wait a moment, then send your next message."
)


pytestmark = pytest.mark.settings(DUMAS_FLOOD_MESSAGES="15", DUMAS_FLOOD_WINDOW_SECONDS="10")


async def test_flood_is_slowed_kept_and_others_are_served(harness: Harness) -> None:
    flooder, other = harness.citizen(9401), harness.citizen(9402)
    await reach(flooder, "evidence")
    await reach(other, "description")
    before = len(flooder.messages())
    for n in range(50):  # 50 messages at once, as from a stuck keyboard or a script
        harness.api.push_update(harness.updates.text(9401, f"tambahan keterangan {n}"))
    answer = await other.say("Ada orang mencurigakan mondar-mandir di depan rumah kosong")
    assert answer and "when:now" in answer[-1].callback_data()  # served at once
    await harness.settle()

    flood_replies = [c.text for c in flooder.messages()[before:]]
    assert flood_replies.count(NOTICE) == 1
    assert len(flood_replies) <= 15  # not one answer per message
    rows = await harness.rows(
        "SELECT c.draft FROM conversations c JOIN citizens z ON "
        "z.id = c.citizen_id WHERE z.external_id = '9401'"
    )
    description = json.loads(rows[0]["draft"])["description"]
    for n in range(50):  # nothing the citizen sent was lost
        assert f"tambahan keterangan {n}\n" in description + "\n"
    outcomes = await harness.rows("SELECT outcome FROM inbox")
    assert all(r["outcome"] == "ok" for r in outcomes)


async def test_after_a_flood_the_conversation_goes_on(harness: Harness) -> None:
    flooder = harness.citizen(9403)
    await reach(flooder, "evidence")
    for n in range(20):
        harness.api.push_update(harness.updates.text(9403, f"pesan {n}"))
    await harness.settle()
    # wait out the window by moving the stored receive times back
    await harness.db.conn.execute("UPDATE inbox SET received_at = '2000-01-01T00:00:00+00:00'")
    sent = await flooder.press("ev:done")
    assert sent and "sum:confirm" in sent[-1].callback_data()
