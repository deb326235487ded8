"""Session 43 (issue 14): km rows read on public pages for the toll roads whose boundaries
were least known (data/routing/toll_places.csv, notes "session 43:"). Each new row answers
its own km with the kab/kota its page names; a km between rows of two kab/kota is still
asked between those two, never guessed (bot/routing/toll_roads.py, unchanged rules)."""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router
from bot.routing.table_rows import csv_rows
from bot.routing.toll_roads import PLACES_PATH
from tests.routing.answers import chosen_code

KAB_MOJOKERTO, GRESIK, BOYOLALI, KARANGANYAR = "35.16", "35.25", "33.09", "33.13"
LANGKAT, KAB_BOGOR, SUBANG = "12.05", "32.01", "32.13"

SESSION_ROWS = [row for row in csv_rows(PLACES_PATH) if row["note"].startswith("session 43:")]


def test_the_session_rows_are_there() -> None:
    assert len(SESSION_ROWS) == 6


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("bus pariwisata tabrak tiang vms di tol sumo km 712+400", KAB_MOJOKERTO),
        ("innova tabrak tronton di tol surabaya mojokerto km 727.600", GRESIK),
        ("elf tabrak truk di tol solo ngawi km 498+800 jalur b", BOYOLALI),
        ("pajero tabrak truk di tol binjai langsa km 28 a", LANGKAT),
        ("tabrakan beruntun di tol jagorawi km 33", KAB_BOGOR),
        ("dua bus tabrakan di km 117 tol cipali", SUBANG),
    ],
)
def test_a_new_row_answers_its_km(router: Router, text: str, regency: str) -> None:
    assert chosen_code(router, text).startswith(regency)


@pytest.mark.parametrize(
    ("text", "regencies"),
    [
        # between km 716.6 (Jetis, Kab. Mojokerto) and 726 (Wringinanom, Gresik)
        ("truk terguling di tol sumo km 720", {KAB_MOJOKERTO, GRESIK}),
        # between the new km 498.8 (Ngemplak, Boyolali) and km 512 (Gondangrejo, Karanganyar)
        ("mobil terbakar di tol solo ngawi km 505", {BOYOLALI, KARANGANYAR}),
    ],
)
def test_a_km_between_two_regencies_is_still_asked(
    router: Router, text: str, regencies: set[str]
) -> None:
    res = router.resolve_text(text)
    assert res.status == "ambiguous"
    assert {c.code[:5] for c in res.candidates} == regencies
