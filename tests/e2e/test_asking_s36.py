"""Session 36 (issue 14, item 3): through the fake Telegram Bot API, a shared kecamatan
closing a story told in slang ("ada kreak bawa sajam di tembalang") is asked with buttons
naming the kab/kota, the kecamatan first, and the citizen's pick of another place gives
that place's unit; a complaint of online fraud whose words are only villages' names
elsewhere ("kena investasi bodong puluhan juta") is asked again, never routed; a scam
compound abroad is answered "outside Indonesia"."""

from __future__ import annotations

from tests.e2e.steps import reach, said, state_of_user
from tests.harness import Harness


async def test_a_shared_kecamatan_in_a_slang_story_is_asked_and_the_pick_routes(
    harness: Harness,
) -> None:
    citizen = harness.citizen(9361)
    await reach(citizen, "where")
    sent = await citizen.say("ada kreak bawa sajam di tembalang")
    buttons = [b for row in sent[-1].buttons() for b in row]
    places = [b for b in buttons if b["callback_data"].split(":")[-1].isdigit()]
    assert len(places) >= 2, [b["text"] for b in buttons]
    assert "Tembalang" in places[0]["text"] and "Semarang" in places[0]["text"]
    blitar = next(b for b in places if "Blitar" in b["text"])  # Desa Tembalang, Kab. Blitar
    assert await state_of_user(harness, 9361) == "where_pick"
    sent = await citizen.press(blitar["callback_data"])
    assert "Polres Blitar" in said(sent)
    assert sent[-1].callback_data() == ["place:yes", "place:change"]


async def test_online_fraud_naming_no_place_is_asked_again(harness: Harness) -> None:
    citizen = harness.citizen(9362)
    await reach(citizen, "where")
    sent = await citizen.say("kena investasi bodong puluhan juta")
    assert "Kec." in said(sent)  # asked again with the example
    assert await state_of_user(harness, 9362) == "where"


async def test_a_scam_compound_abroad_is_outside_indonesia(harness: Harness) -> None:
    citizen = harness.citizen(9363)
    await reach(citizen, "where")
    sent = await citizen.say("abang sy dipaksa kerja online scam di kk park")
    assert "Indonesia" in said(sent)
    assert await state_of_user(harness, 9363) == "where"
