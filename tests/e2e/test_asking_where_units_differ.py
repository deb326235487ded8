"""Session 35 (issue 14, item 3): a kecamatan's name that villages of other units bear, typed
with nothing that decides, is asked with buttons naming the kab/kota, the kecamatan
first; a tap gives that place's unit in the confirmation. "polsek X" names the kecamatan
and is confirmed without a question. Through the fake Telegram Bot API."""

from __future__ import annotations

from tests.e2e.steps import reach, said, state_of_user
from tests.harness import Harness


async def test_a_shared_kecamatan_name_is_asked_kecamatan_first(harness: Harness) -> None:
    citizen = harness.citizen(9351)
    await reach(citizen, "where")
    sent = await citizen.say("motor ilang di lasem")
    buttons = [b for row in sent[-1].buttons() for b in row]
    places = [b for b in buttons if b["callback_data"].split(":")[-1].isdigit()]
    assert len(places) >= 2, [b["text"] for b in buttons]
    # the kecamatan first, each button naming its kab/kota
    assert "Lasem" in places[0]["text"] and "Rembang" in places[0]["text"]
    assert any("Gresik" in b["text"] for b in places[1:])
    assert await state_of_user(harness, 9351) == "where_pick"
    sent = await citizen.press(places[0]["callback_data"])
    assert "Polres Rembang" in said(sent)
    assert sent[-1].callback_data() == ["place:yes", "place:change"]


async def test_after_polsek_the_kecamatan_is_confirmed(harness: Harness) -> None:
    citizen = harness.citizen(9352)
    await reach(citizen, "where")
    sent = await citizen.say("pencuri ayam dibawa ke polsek blimbing")
    assert await state_of_user(harness, 9352) == "where_confirm"
    assert "Blimbing" in said(sent) and "Malang Kota" in said(sent)
    assert sent[-1].callback_data() == ["place:yes", "place:change"]
