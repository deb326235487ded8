"""Landmarks written as a kind word and an administrative name (session 33, issue 14).

A sample of the forms `tests/routing/kind_name_forms.py` generates from the Kemendagri tree
(the full audit runs as `python -m tests.routing.kind_name_forms`): a town square, hospital,
filling station, army or prison post, roundabout or toll gate is named after the kecamatan
it is in, even when that name is also a dictionary word ("porong", "lawang"); a toll gate's
town is no road's end; "pkm" is a puskesmas.
"""

from __future__ import annotations

import pytest

from bot.routing.place_index import everyday_word
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.kind_name_forms import Form, Names, score


def _resolved(router: Router, text: str) -> tuple[str, str, str]:
    result = router.resolve_text(text)
    chosen = result.chosen.code if result.chosen else ""
    unit = router.unit_for(result.chosen, "polres").id if result.chosen else ""
    return result.status, chosen, unit


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("alun-alun porong", "35.15.04"),  # Kec. Porong, Sidoarjo
        ("pkm porong", "35.15.04"),
        # with its kab/kota: bare, a filling station decides nothing between Kec. Lawang and
        # the villages Lawang of Aceh and Agam (session 35: asked, tests/routing/test_asking_s35.py)
        ("spbu lawang malang", "35.07.25"),  # Kec. Lawang, Kab. Malang
        ("rsud lawang", "35.07.25"),
        ("gerbang tol sipispis kab serdang bedagai", "12.18.08"),
        ("exit tol kamang magek kab agam", "13.06.15"),
        ("exit tol kuta kab badung", "51.03.01"),
        ("gerbang tol medan", "12.71"),  # not Binjai, the other end of Tol Medan-Binjai
        ("gerbang tol pekanbaru", "14.71"),  # not Dumai
    ],
)
def test_a_kind_and_an_admin_name(router: Router, text: str, code: str) -> None:
    status, chosen, _unit = _resolved(router, text)
    assert (status, chosen) == ("ok", code)


def test_the_serving_unit_of_a_toll_gates_district(router: Router) -> None:
    # Kec. Kuta of Badung is served by Polresta Denpasar (data/routing/districts.csv)
    assert _resolved(router, "exit tol kuta kab badung")[2] == "polresta-denpasar"


def test_a_road_between_towns_keeps_its_towns(router: Router) -> None:
    # without a gate word the towns after "tol" are still the road's ends (session 31)
    status, _chosen, _unit = _resolved(router, "tol jakarta cikampek")
    assert status == "ambiguous"


def test_descriptions_after_a_kind_stay_words(router: Router) -> None:
    # a bridge or a beach is often described, not named: no kecamatan Gantung guessed
    assert _resolved(router, "jembatan gantung")[0] != "ok"


def test_kecamatan_named_by_a_dictionary_word_sweep(router: Router, tree: RegionTree) -> None:
    """Every third kecamatan whose name is a dictionary word and no other region's name,
    after eight kinds named after the place they are in: answered with that kecamatan
    (on e1ef0b6 most were "not found": the word was read as one of the sentence)."""
    names = Names(tree)
    picked = [
        (code, key)
        for code, key in ((c, name_key(n)) for c, n in tree.items(3))
        if everyday_word(key) and names.holders(key) == {code[:5]}
    ][::3]
    assert len(picked) >= 50
    kinds = ("alun-alun", "spbu", "rsud", "pkm", "koramil", "lapas", "bundaran", "gerbang tol")
    misses = []
    for code, key in picked:
        for kind in kinds:
            form = Form(f"{kind} {key}", kind, "kecamatan", code, names.holders(key), False)
            outcome, got = score(router, form)
            if outcome != "right":
                misses.append((form.text, code, got))
    # a few names are also words no place is read from ("mau", "jorong") or lie beside
    # a village of another unit that shares the kecamatan's name in other spelling
    assert len(misses) <= len(picked) * len(kinds) // 20, misses


@pytest.mark.parametrize(
    ("text", "code", "unit"),
    [
        # Pasar Jombang (Tangerang Selatan) and Stasiun Jombang (Kab. Jombang) lie outside
        # the kab/kota the text names, which holds a Kec. Jombang
        ("psr jombang kota cilegon", "36.72.05", ""),
        ("stasiun jombang kab jember", "35.09.01", ""),
        # "kab" is Lampung Timur's level word, not Pekalongan's suffix
        ("lapas pekalongan kab lampung timur", "18.07.04", ""),
        ("kantor camat sukabumi kota bandar lampung", "18.71.12", ""),
        ("gerbang tol bandung kab tulungagung", "35.04.17", ""),
        # an estate named after its district: the district's unit
        ("perumahan legok kab tangerang", "36.03.20", "polres-tangerang-selatan"),
        ("perumahan kuta kab badung", "51.03.01", "polresta-denpasar"),
    ],
)
def test_the_kab_kota_after_the_name(router: Router, text: str, code: str, unit: str) -> None:
    status, chosen, served = _resolved(router, text)
    assert (status, chosen) == ("ok", code)
    assert not unit or served == unit


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("pasar jombang", "36.74.04"),  # the landmark, when no other kab/kota is named
        ("pekalongan kab", "33.26"),  # the suffix form alone is still Kab. Pekalongan
        ("bogor kota", "32.71"),
    ],
)
def test_what_the_stated_kab_kota_rules_leave(router: Router, text: str, code: str) -> None:
    assert _resolved(router, text)[:2] == ("ok", code)
