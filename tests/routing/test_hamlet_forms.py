"""Places below the village and villages in regional words (session 34, issue 14).

A sample of the forms `tests/routing/hamlet_forms.py` generates from the Kemendagri tree
(the full audit runs as `python -m tests.routing.hamlet_forms`): a hamlet named like a
village, district or kab/kota elsewhere, its village after a level word; "kampung" and
"banjar" as a hamlet's word before a village; "lembang", "nagori", "tiyuh", "huta" as
a village's word of their region.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.hamlet_forms import generate, score


def _resolved(router: Router, text: str) -> tuple[str, str]:
    result = router.resolve_text(text)
    return result.status, result.chosen.code if result.chosen else ""


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # a hamlet's word before a village's level word (audit forms)
        ("kampung siharjulu desa tsinga", "94.04.10.2004"),  # not Desa Siharjulu elsewhere
        ("banjar tamping desa bun bun alas", "11.02.16.2004"),  # not Kab. Banjar
        ("kampung melayu kelurahan pematang tanah jawa", "12.08.11.1018"),
        # a hamlet's name is no kab/kota stated ("batang": Kab. Batang)
        ("dusun 3 batang desa meunasah drang", "11.08.06.2002"),
        # a village's word of one region
        ("lembang randan batu", "73.18.29.2005"),  # Tana Toraja
        ("tiyuh pulung kencana", "18.12.01.2009"),  # Tulang Bawang Barat
        ("dusun 2 binanga bolon nagori purba pasir", "12.08.15.2004"),  # Simalungun
        # a hamlet word of one region: the Cinta Maju of Samosir, not of Aceh Tamiang
        ("huta gambir simiak dusun ii desa cinta maju", "12.17.09.2006"),
    ],
)
def test_a_hamlet_and_its_village(router: Router, text: str, code: str) -> None:
    assert _resolved(router, text) == ("ok", code)


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("ruko terbakar di pasar pagi nagori perlanaan", "12.08"),  # not Samarinda
        ("mayat di kebun sawit dusun ii bah kuningan desa hutagaluh", "12.18"),  # not Kuningan
    ],
)
def test_a_hamlets_name_is_not_the_place(router: Router, text: str, regency: str) -> None:
    status, code = _resolved(router, text)
    assert (status, code[:5]) == ("ok", regency)


def test_a_hamlets_misspelt_name_is_no_guess(router: Router) -> None:
    # "sampyang" is a hamlet of Desa Jasri (Karangasem), not a misspelt Sampang
    _status, code = _resolved(router, "massa berkumpul di banjar sampyang desa adat jasri")
    assert not code.startswith("35.27")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kab banjar", "63.03"),  # the regency's name stays one
        ("lembang bandung barat", "32.17.01"),  # Kec. Lembang: no Toraja village follows
    ],
)
def test_the_words_stay_names_elsewhere(router: Router, text: str, code: str) -> None:
    assert _resolved(router, text) == ("ok", code)


def test_kecamatan_lembang_is_not_read_as_a_village_word(router: Router) -> None:
    result = router.resolve_text("kec lembang")
    offered = {c.code[:5] for c in result.candidates} | (
        {result.chosen.code[:5]} if result.chosen else set()
    )
    assert offered <= {"32.17", "73.15"}  # Bandung Barat, Pinrang: no Toraja village


def test_a_sample_of_the_audit(router: Router, tree: RegionTree) -> None:
    """One form in 25 of the full audit (about 290): at least 93% right or asked rightly,
    and none resolved to a kab/kota holding no village of that name (before session 34:
    83% and about 3% wrong)."""
    counts: Counter[str] = Counter()
    for k, form in enumerate(generate(tree)):
        if k % 25 == 0:
            counts[score(router, form)[0]] += 1
    n = sum(counts.values())
    assert (counts["right"] + counts["asked_ok"]) / n >= 0.93, counts
    assert counts["wrong"] <= n // 100, counts
