"""A toll road's km is confirmed with its kab/kota and serving unit (session 35, issue 14),
through the fake Bot API.

On the base of session 35 "kecelakaan di tol cipali km 102" was asked among ten kab/kota
named after the road's towns (Cikopo, Palimanan and more): km 102 of Tol Cipali is the
rest area in Kabupaten Subang (data/routing/toll_places.csv), whose Polres takes the
complaint. The confirmation names the road and km read, so a wrong reading is caught.
"""

from __future__ import annotations

from tests.e2e.steps import reach, said, state_of_user
from tests.harness import Harness


async def test_a_toll_road_km_is_confirmed_with_its_regency_and_unit(harness: Harness) -> None:
    citizen = harness.citizen(9351)
    await reach(citizen, "where")
    sent = await citizen.say("kecelakaan di tol cipali km 102")
    text = said(sent)
    assert "Tol Cipali km 102" in text
    assert "Kab. Subang" in text
    assert "Polres Subang" in text  # the serving unit
    assert await state_of_user(harness, 9351) == "where_confirm"


async def test_a_km_between_two_regencies_is_asked_naming_both(harness: Harness) -> None:
    citizen = harness.citizen(9352)
    await reach(citizen, "where")
    sent = await citizen.say("truk terguling di tol semarang solo km 460")
    labels = " | ".join(b["text"] for row in sent[-1].buttons() for b in row)
    assert "Kab. Semarang" in labels and "Kab. Boyolali" in labels
    assert await state_of_user(harness, 9352) != "where_confirm"
