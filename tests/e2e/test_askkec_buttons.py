"""Session 45 (askkec, issue 14): a kecamatan's name that places of other units bear, told
after a story's "di" and an everyday spot ("di warkop barombong": a coffee stall stands in
every village of the name), is asked with buttons naming the kab/kota, the kecamatan
first; a tap gives that place's unit. Through the fake Telegram Bot API."""

from __future__ import annotations

from tests.e2e.steps import reach, said, state_of_user
from tests.harness import Harness


async def test_an_everyday_spot_leaves_the_shared_name_asked(harness: Harness) -> None:
    citizen = harness.citizen(9451)
    await reach(citizen, "where")
    sent = await citizen.say("pemuda dikeroyok di warkop barombong")
    buttons = [b for row in sent[-1].buttons() for b in row]
    places = [b for b in buttons if b["callback_data"].split(":")[-1].isdigit()]
    assert len(places) >= 2, [b["text"] for b in buttons]
    # Kec. Barombong of Gowa first, Kel. Barombong of Makassar among the others
    assert "Barombong" in places[0]["text"] and "Gowa" in places[0]["text"]
    makassar = [b for b in places[1:] if "Makassar" in b["text"]]
    assert makassar, [b["text"] for b in places]
    assert await state_of_user(harness, 9451) == "where_pick"
    sent = await citizen.press(makassar[0]["callback_data"])
    assert "Polrestabes Makassar" in said(sent)
    assert sent[-1].callback_data() == ["place:yes", "place:change"]
