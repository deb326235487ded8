"""Session 41 (issue 14): Polsek named as citizens and news name them.

- data/routing/polsek_names.csv (bot/routing/sector_names.py): the Polsek not named after
  their kecamatan as the tree writes it; every row's code exists, every name reaches its
  area after a sector's word, and a name another unit's kecamatan bears is asked;
- data/routing/polsek_lists.csv (bot/evaluation/polsek_probe.py): Polsek lists read on
  Polda and Polres pages; every name typed "polsek X" and "lapor ke polsek X" reaches
  the listed Polres, or is asked with it among the choices;
- the general readings after a sector's word: a number in Roman numerals ("polsek
  seberang ulu i": Kec. Seberang Ulu Satu), "pulo" for "pulau", "polsekta" (a town's
  Polsek) as a sector's word, and "polsek metro X" for Polda Metro Jaya's units only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation.polsek_probe import FORMS, ListedPolsek, probe, read_polsek_lists
from bot.routing.place_words import normalise
from bot.routing.regions import RegionTree, is_within, level_of
from bot.routing.resolver import Router
from bot.routing.sector_names import SECTOR_NAMES_PATH, SectorNames, read_sector_names
from bot.routing.unit_names import unit_phrases
from tests.routing.answers import assert_decided

LISTED = read_polsek_lists()
# Listed names no row reads yet, each for a reason written down (the probe prints them):
# no page read ties Polsek Bupon of Polres Luwu to a kecamatan (Bua Ponrang by its letters)
# nor Polsek Siso of Polres TTS to any; "Siau" is also Kab. Siau Tagulandang Biaro's name,
# answered before any Polsek (Polsek Siau of Merangin serves Kec. Muara Siau, not read on a
# page); Kec. Kebar lies in Tambrauw (Polda Papua
# Barat Daya since 2022), the 2021 page puts its Polsek in Polres Manokwari (the routing
# table's question, not a name's); "Pelabuhan A Yani" is Ternate's port, no table holds it.
KNOWN_GAPS = {"Bupon", "Siso", "Siau", "Kebar", "Pelabuhan A Yani"}


def test_every_row_names_a_region_of_the_tree_and_cites_a_page(tree: RegionTree) -> None:
    sectors = read_sector_names(tree)
    assert sectors.problems == ()
    assert sectors.names, "the table is read"


def test_a_bad_row_is_reported_not_read(tree: RegionTree, tmp_path: Path) -> None:
    path = tmp_path / "polsek_names.csv"
    path.write_text(
        "# a comment line above the header, as the shipped tables have\n"
        "polsek,area,source,as_of,note\n"
        "Nowhere,99.99.99,https://example.org/a,2025-01-01,no such code\n"
        "Village,35.07.04.2001,https://example.org/b,2025-01-01,a village\n"
        "No Page,35.07.04,,2025-01-01,no source\n"
        "Sumawe,35.07.04,https://example.org/c,2025-01-01,kept\n",
        encoding="utf-8",
    )
    sectors = read_sector_names(tree, path)
    assert len(sectors.problems) == 3
    # each problem names the row's line in the file, comment lines counted (session 42)
    assert [p.split(" ")[0] for p in sectors.problems] == [
        "polsek_names.csv:3",
        "polsek_names.csv:4",
        "polsek_names.csv:5",
    ]
    assert sectors.names == {"sumawe": ("35.07.04",)}


def test_every_row_reaches_its_area_or_is_asked_with_it(router: Router, tree: RegionTree) -> None:
    """Generated over the table: "polsek X" for each row; a name that a kecamatan of
    another unit also bears (or another row) is asked, its area among the choices."""
    sectors = read_sector_names(tree, SECTOR_NAMES_PATH)
    for name, areas in sectors.names.items():
        for text in (f"polsek {name}", f"lapor ke mapolsek {name}"):
            res = router.resolve_text(text)
            units = {router.table.polres_for(a) for a in areas}
            if res.status == "ok":
                assert res.chosen is not None
                assert any(is_within(res.chosen.code, a) for a in areas), (text, res.chosen)
            else:
                assert res.status == "ambiguous", (text, res.reason)
                codes = [c.code for c in res.candidates]
                assert any(is_within(c, a) for c in codes for a in areas), (text, codes)
                assert len({router.table.polres_for(c) for c in codes} | units) > 1


def test_a_name_two_units_share_is_asked(router: Router) -> None:
    """A Polsek name two kab/kota of different units share gives both areas, and the
    resolver asks (session 35's rule for kecamatan names, applied to table names)."""
    sectors = SectorNames({"sumawe": ("35.07.04", "12.09.14")})
    words = normalise("lapor ke polsek sumawe")
    phrases = unit_phrases(
        words, router.gazetteer.keys, router.resort_names, router._regency_codes, sectors
    )
    assert [p.codes for p in phrases] == [("35.07.04", "12.09.14")]


@pytest.mark.parametrize(
    "polsek", [p for p in LISTED if p.name not in KNOWN_GAPS], ids=lambda p: p.name
)
def test_a_listed_polsek_reaches_its_polres(router: Router, polsek: ListedPolsek) -> None:
    for form in FORMS:
        answer = probe(router, polsek, form)
        assert answer.outcome in ("right", "asked"), (answer.text, answer.outcome, answer.answer)


def test_the_known_gaps_are_still_listed() -> None:
    """The gaps above are names of the list, so the exception cannot outlive them."""
    assert {p.name for p in LISTED} >= KNOWN_GAPS


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # rows of the table (each failed before session 41: not found or elsewhere)
        ("pemalak sopir truk diserahkan ke polsek pulo raja", "12.09.14"),  # Asahan
        ("mayat tanpa busana ditemukan, kapolsek sumawe", "35.07.04"),
        ("mapolsek balai berkuak dibakar massa", "61.04.08"),  # not Kec. Balai, Sanggau
        ("lapor ke polsek nongkojajar", "35.14.02"),  # Kec. Tutur, Pasuruan
        ("kapolsek pangkalan balai", "16.07.03"),  # Banyuasin III, not Pangkalan, Karawang
        # the tree's numbers in Roman numerals after a sector's word
        ("lapor polsek seberang ulu i", "16.71.02"),
        ("kapolsek ilir timur ii", "16.71.06"),
        ("pelajar dibegal di jalan majapahit, lapor polsek su i", "16.71.02"),
        # "polsek metro X": Polda Metro Jaya's units (Kec. Tanah Abang is also PALI's)
        ("lapor ke polsek metro tanah abang", "31.71"),
        # a port's Polsek: past the port's words, the kecamatan (Kec. Lembar, Lombok Barat)
        ("kapolsek kawasan pelabuhan laut lembar", "52.01.13"),
        # ... unless the text's own reading found the port (Teluk Bayur is Padang's port,
        # Kec. Teluk Bayur Berau's)
        ("lapor ke polsek kawasan pelabuhan teluk bayur", "13.71"),
    ],
)
def test_a_polsek_named_as_people_write_it(router: Router, text: str, code: str) -> None:
    assert_decided(router.resolve_text(text), text, code)


def test_without_metro_a_shared_kecamatan_name_is_still_asked(router: Router) -> None:
    res = router.resolve_text("lapor ke polsek tanah abang")
    assert res.status == "ambiguous", res.reason
    assert {c.code[:5] for c in res.candidates} >= {"31.71"}
    assert len({c.code[:5] for c in res.candidates}) > 1


def test_polsekta_is_a_sector_word(router: Router) -> None:
    words = normalise("kapolsekta pakis")
    phrases = unit_phrases(words, router.gazetteer.keys, router.resort_names, router._regency_codes)
    assert phrases and phrases[0].kind == "sector"
    assert all(level_of(c) == 3 for c in phrases[0].codes)
