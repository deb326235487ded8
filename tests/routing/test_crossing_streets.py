"""Where two named streets cross (session 36, issue 14; bot/routing/road_places.py
`where_the_streets_cross`, read by the resolver's `_where_the_streets_cross`): a text that
would be asked about names two streets, and exactly one kab/kota holds both in
data/places/streets.csv. Also the two street rows read on pages this session. Routing
through data/ as shipped."""

from __future__ import annotations

import pytest

from bot.routing.place_words import normalise
from bot.routing.resolver import Router
from bot.routing.road_places import streets_named, where_the_streets_cross

DEPOK, MEDAN, PEKANBARU = "32.76", "12.71", "14.71"

STREETS = {
    "margonda raya": ("32.76.06",),
    "margonda": ("32.76.06",),
    "juanda": ("12.71", "32.76", "31.71"),
    "raya juanda": ("35.15.17", "35.78"),
    "sudirman": ("12.71", "32.76", "31.71"),
}


def test_a_street_is_read_with_and_without_its_raya() -> None:
    named = streets_named(normalise("jl raya juanda"), STREETS)
    assert named == [frozenset({"35.15", "35.78", "12.71", "32.76", "31.71"})]


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("simpang jl raya margonda jl raya juanda", DEPOK),
        ("jl juanda jl margonda", DEPOK),
        ("jl sudirman jl juanda", None),  # three kab/kota hold both: no answer
        ("jl margonda", None),  # one street is no crossing
        ("jl margonda jl pattimura", None),  # a street the table does not hold
    ],
)
def test_the_one_kab_kota_holding_both_streets(text: str, regency: str | None) -> None:
    assert where_the_streets_cross(normalise(text), STREETS) == regency


def test_a_crossing_asked_before_is_answered(router: Router) -> None:
    """Raya Juanda of Sidoarjo and Surabaya was asked about; Margonda is Depok's only."""
    res = router.resolve_text("simpang jl raya margonda jl raya juanda")
    assert res.status == "ok" and res.chosen is not None
    assert res.chosen.code.startswith(DEPOK)
    assert res.chosen.polres_name == "Polres Metro Depok"


def test_two_hero_streets_everywhere_are_still_asked(router: Router) -> None:
    res = router.resolve_text("perempatan jl sudirman jl diponegoro")
    assert res.status == "ambiguous"


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("jalan sei belutu", MEDAN),  # not found before: no row
        ("jl tengku bey simpang tiga", PEKANBARU),  # asked among Kec. Simpang Tiga of Aceh
    ],
)
def test_street_rows_read_on_pages(router: Router, text: str, regency: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.code.startswith(regency)
