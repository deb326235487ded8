"""Session 44 (issue 14, "tollgates"): how a toll km between two known points is read
(bot/routing/toll_roads.py, `TollRoads.at_km`), checked on the table's own rows before it
is trusted (tests/routing/tollgates_forms.py), and the gate and km rows added for the
roads with the widest gaps (data/routing/toll_places.csv).

Leaving each row out and reading its km from the others showed: between two rows of one
kab/kota the reading was right every time, whatever the gap; between rows of two kab/kota
the question left the row's own kab/kota out 5 times, every time across 20 km or more (a
third kab/kota between). Since then a km between rows of two kab/kota at least
ASK_GAP_KM apart has no toll reading, as a km beyond a road's last known row has none."""

from __future__ import annotations

from bot.routing.toll_roads import ASK_GAP_KM, RoadPlace, TollRoads
from tests.routing.tollgates_forms import leave_one_out, probe_forms, probe_outcome

KAB_SERANG, KOTA_SERANG = "36.04", "36.73"
KAB_MADIUN, KAB_NGANJUK = "35.19", "35.18"


def _road(*rows: tuple[float, str]) -> TollRoads:
    places = {"r": [RoadPlace("r", "km", km, None, "", code) for km, code in rows]}
    return TollRoads({"r": [("r", True)]}, places, {"r": "Tol R"})


def _codes(toll: TollRoads, text: str) -> set[str] | None:
    reading = toll.reading(text)
    return None if reading is None else {c[:5] for c in reading.codes}


# --- the rule --------------------------------------------------------------------------


def test_between_two_regencies_close_together_both_are_asked() -> None:
    toll = _road((10, "11.01"), (10 + ASK_GAP_KM - 5, "11.02"))
    assert toll.at_km("r", 12) == (("11.01", "11.02"), "km")


def test_between_two_regencies_far_apart_there_is_no_reading() -> None:
    """A third kab/kota may lie between rows of two that are far apart: a question among
    the two could leave the right one out, so the km is read as unknown."""
    toll = _road((10, "11.01"), (10 + ASK_GAP_KM + 5, "11.02"))
    assert toll.at_km("r", 20) == ((), "")


def test_between_rows_of_one_regency_any_gap_is_that_regency() -> None:
    toll = _road((10, "11.01"), (80, "11.01"), (90, "11.02"))
    assert toll.at_km("r", 45) == (("11.01",), "km")


# --- the rule measured on the table ------------------------------------------------------


def test_no_row_between_known_points_is_read_wrong() -> None:
    """Each row with a km, read from the other rows of its road: between rows of one
    kab/kota it is that kab/kota, and no question among two leaves its own kab/kota out
    (5 did before session 44). Only a row at a road's known end may be misread: a km
    read within END_MARGIN_KM of the last row (Padaleunyi km 124, Kab. Bandung Barat,
    next to rest area km 125 of Kota Cimahi)."""
    found = leave_one_out(TollRoads.load())
    assert len(found) > 150
    wrong = [str(left) for left in found if left.outcome == "wrong" and left.gap is not None]
    assert not wrong
    same = [left for left in found if left.sides == 1]
    assert same and all(left.outcome == "right" for left in same)


def test_the_generated_probe_between_and_beyond_known_points() -> None:
    """ "tol X km N" halfway between each pair of neighbouring points and 5 and 20 km
    beyond a road's ends (tests/routing/tollgates_forms.py)."""
    toll = TollRoads.load()
    forms = list(probe_forms(toll))
    assert {f.shape for f in forms} == {"between_same", "between_two", "between_two_far", "beyond"}
    wrong = [f.text for f in forms if probe_outcome(toll, f) == "wrong"]
    assert not wrong


# --- the rows added in session 44 ------------------------------------------------------


def test_tangerang_merak_between_kragilan_and_kota_serang_asks_those_two() -> None:
    """KM 62 (Kragilan, Kab. Serang) and KM 69 (Bogeg, Kota Serang): km 65 is asked
    between Kab. and Kota Serang; before, Kab. Tangerang (km 40) was offered instead of
    Kab. Serang, which the road crosses between them."""
    assert _codes(TollRoads.load(), "tabrakan di tol tangerang merak km 65") == {
        KAB_SERANG,
        KOTA_SERANG,
    }


def test_tangerang_merak_between_balaraja_and_kragilan_is_unknown() -> None:
    """Between the Kab. Tangerang stretch (to km 40) and Kragilan (km 62): 22 km, no
    toll reading rather than a question that may miss a kab/kota."""
    assert _codes(TollRoads.load(), "tabrakan di tol tangerang merak km 50") is None


def test_ngawi_kertosono_between_madiun_rows_is_madiun() -> None:
    """GT Wilangan at KM 631 in Kec. Saradan, Kab. Madiun: km 620 lies between rows of
    Kab. Madiun (610-611 and 631), and km 635 between Madiun and Nganjuk (638.4)."""
    toll = TollRoads.load()
    assert _codes(toll, "truk terguling di tol ngawi kertosono km 620") == {KAB_MADIUN}
    assert _codes(toll, "truk terguling di tol ngawi kertosono km 635") == {
        KAB_MADIUN,
        KAB_NGANJUK,
    }
