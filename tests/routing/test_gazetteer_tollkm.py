"""Session 43 (issue 14): "jalan tol X Y" is a toll road named after the towns at its ends,
not a street followed by the city it lies in (bot/routing/gazetteer.py, the street word
before "tol"). Checked over every name of data/routing/toll_roads.csv: with "jalan" before
"tol" the text reads as it does without it (34 of 180 forms differed before, most of them
a guess of the road's last town: "jalan tol binjai langsa" was Kota Langsa)."""

from __future__ import annotations

import pytest

from bot.routing.place_words import name_key
from bot.routing.resolver import Router
from bot.routing.table_rows import csv_rows
from bot.routing.toll_roads import ROADS_PATH
from flows.ports import PlaceResolution

KOTA_LANGSA, KOTA_BINJAI = "11.74", "12.75"

ROAD_NAMES = sorted({name_key(row["name"]) for row in csv_rows(ROADS_PATH)})


def _answer(res: PlaceResolution) -> tuple[str, str | None]:
    return res.status, res.chosen.code if res.chosen is not None else None


def test_a_toll_road_after_jalan_is_no_street_in_its_last_town(router: Router) -> None:
    """The development line's form: the road runs from Binjai towards Langsa; naming it
    says neither town, so both are offered, and Kota Langsa is no longer guessed."""
    res = router.resolve_text("jalan tol binjai langsa km 62 bergelombang bahaya")
    assert res.status == "ambiguous"
    assert {KOTA_LANGSA, KOTA_BINJAI} <= {c.code for c in res.candidates}


@pytest.mark.parametrize("name", ROAD_NAMES)
@pytest.mark.parametrize("km", ["", " km 5"])
def test_jalan_before_tol_changes_no_reading(router: Router, name: str, km: str) -> None:
    assert _answer(router.resolve_text(f"jalan tol {name}{km}")) == _answer(
        router.resolve_text(f"tol {name}{km}")
    )


def test_a_street_and_its_city_are_still_read(router: Router) -> None:
    """Without "tol" the street rule stands: "jalan binjai langsa" is Jalan Binjai of Kota
    Langsa (the last name after the street's own is its city)."""
    res = router.resolve_text("jalan binjai langsa")
    assert res.status == "ok" and res.chosen is not None
    assert res.chosen.code == KOTA_LANGSA
