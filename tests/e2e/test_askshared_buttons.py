"""Session 44 (askshared, issue 14): a kecamatan's name that places of other units bear,
told in a story whose other words decide nothing (a clause after a comma with words no
table knows), is asked with buttons naming the kab/kota, the kecamatan first; a tap gives
that place's unit. Through the fake Telegram Bot API."""

from __future__ import annotations

from tests.e2e.steps import reach, said, state_of_user
from tests.harness import Harness


async def test_a_story_clause_after_a_comma_leaves_the_shared_name_asked(
    harness: Harness,
) -> None:
    citizen = harness.citizen(9441)
    await reach(citizen, "where")
    sent = await citizen.say("ribut di barombong, videonya viral")
    buttons = [b for row in sent[-1].buttons() for b in row]
    places = [b for b in buttons if b["callback_data"].split(":")[-1].isdigit()]
    assert len(places) >= 2, [b["text"] for b in buttons]
    # Kec. Barombong of Gowa first, Kel. Barombong of Makassar among the others
    assert "Barombong" in places[0]["text"] and "Gowa" in places[0]["text"]
    assert any("Makassar" in b["text"] for b in places[1:])
    assert await state_of_user(harness, 9441) == "where_pick"
    sent = await citizen.press(places[0]["callback_data"])
    assert "Polres Gowa" in said(sent)
    assert sent[-1].callback_data() == ["place:yes", "place:change"]
