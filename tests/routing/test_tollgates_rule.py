"""Session 44 (issue 14, "tollgates"): how a toll km between two known points is read
(bot/routing/toll_roads.py, `TollRoads.at_km`; the resolver's `_on_the_toll_road`),
checked on the table's own rows before it is trusted (tests/routing/tollgates_forms.py),
and the gate and km rows added for the roads with the widest gaps
(data/routing/toll_places.csv).

Leaving each row out and reading its km from the others showed: between two rows of one
kab/kota the reading was right every time, whatever the gap; between rows of two kab/kota
the question of the two left the row's own kab/kota out 5 times, every time across 20 km
or more (a third kab/kota between). Since then such a km (ASK_GAP_KM or more between the
two) is read "km_far", and the resolver adds the question the rest of the text raises
(the road's towns): the row's own kab/kota was offered 18 times of 19 instead of 14."""

from __future__ import annotations

from bot.routing.resolver import Router
from bot.routing.toll_roads import ASK_GAP_KM, RoadPlace, TollRoads
from tests.routing.tollgates_forms import (
    far_questions,
    leave_one_out,
    probe_forms,
    probe_outcome,
)

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


def test_between_two_regencies_far_apart_the_reading_is_marked_far() -> None:
    """A third kab/kota may lie between rows of two that are far apart: the two are
    still read, marked "km_far", so that the resolver widens the question."""
    toll = _road((10, "11.01"), (10 + ASK_GAP_KM + 5, "11.02"))
    assert toll.at_km("r", 20) == (("11.01", "11.02"), "km_far")


def test_between_rows_of_one_regency_any_gap_is_that_regency() -> None:
    toll = _road((10, "11.01"), (80, "11.01"), (90, "11.02"))
    assert toll.at_km("r", 45) == (("11.01",), "km")


# --- the rule measured on the table ------------------------------------------------------


def test_no_row_close_between_known_points_is_read_wrong() -> None:
    """Each row with a km, read from the other rows of its road: between rows of one
    kab/kota it is that kab/kota, at any gap; a question among two kab/kota less than
    ASK_GAP_KM apart always names the row's own. The rows read wrong lie far between
    two kab/kota (widened by the resolver: the next test) or at a road's known end (a
    km read within END_MARGIN_KM of the last row: Padaleunyi km 124, Kab. Bandung
    Barat, next to rest area km 125 of Kota Cimahi)."""
    found = leave_one_out(TollRoads.load())
    assert len(found) > 150
    same = [left for left in found if left.sides == 1]
    assert same and all(left.outcome == "right" for left in same)
    close = [left for left in found if left.sides == 2 and (left.gap or 0) < ASK_GAP_KM]
    assert close and all(left.outcome in ("asked", "right") for left in close)


def test_a_km_far_between_two_regencies_gets_the_wider_question(router: Router) -> None:
    """The rows far between two kab/kota, each left out and its km asked through the
    resolver: the question keeps both kab/kota around the km and offers the row's own
    more often than the question of the two alone did (18 of 19 against 14 when
    measured in session 44)."""
    found = far_questions(router)
    assert found
    assert all({c[:5] for c in left.codes} <= offered for left, offered in found)
    two = sum(1 for left, _ in found if left.outcome == "asked")
    wide = sum(1 for left, offered in found if left.row.code[:5] in offered)
    assert wide > two


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


def test_tangerang_merak_between_balaraja_and_kragilan_is_asked_wider(router: Router) -> None:
    """Between the Kab. Tangerang stretch (to km 40) and Kragilan (km 62), 22 km: both
    are offered and the road's towns with them (Kota Serang, Kota Cilegon...), never
    one kab/kota guessed."""
    res = router.resolve_text("tabrakan di tol tangerang merak km 50")
    assert res.status == "ambiguous"
    assert {"36.03", KAB_SERANG, KOTA_SERANG} <= {c.code[:5] for c in res.candidates}


def test_ngawi_kertosono_between_madiun_rows_is_madiun() -> None:
    """GT Wilangan at KM 631 in Kec. Saradan, Kab. Madiun: km 620 lies between rows of
    Kab. Madiun (610-611 and 631), and km 635 between Madiun and Nganjuk (638.4)."""
    toll = TollRoads.load()
    assert _codes(toll, "truk terguling di tol ngawi kertosono km 620") == {KAB_MADIUN}
    assert _codes(toll, "truk terguling di tol ngawi kertosono km 635") == {
        KAB_MADIUN,
        KAB_NGANJUK,
    }
