"""bot/routing/kinship.py over the shipped tree: which places a text names with their own
kecamatan or kab/kota (session 44)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.routing.kinship import an_ancestor_beside, kin_codes, named_with_its_own
from bot.routing.place_words import normalise
from bot.routing.regions import RegionTree


@dataclass
class _Said:
    """A mention as the gazetteer makes one (story_places.Mentioned)."""

    entries: dict[str, float]
    start: int
    end: int
    street: bool = False
    exact: bool = True
    marked: bool = False
    landmarks: dict[str, str] = field(default_factory=dict)
    after_street: int = 0


def _codes(tree: RegionTree, name: str, level: int) -> dict[str, float]:
    return {c: 100.0 for c, n in tree.items(level) if n.lower() == name}


def test_a_village_beside_its_kecamatan(tree: RegionTree) -> None:
    words = normalise("desa pemuteran, kec gerokgak")
    village = _Said(_codes(tree, "pemuteran", 4), 1, 2)
    district = _Said(_codes(tree, "gerokgak", 3), 4, 5)
    assert kin_codes(village, [village, district], words) == {"51.08.01.2004"}
    assert an_ancestor_beside(district, [village, district], words)
    assert not an_ancestor_beside(village, [village, district], words)


def test_a_name_apart_is_no_address(tree: RegionTree) -> None:
    """A word of the story between them: the kecamatan is not written as the address."""
    words = normalise("desa pemuteran dekat gerokgak")
    village = _Said(_codes(tree, "pemuteran", 4), 1, 2)
    district = _Said(_codes(tree, "gerokgak", 3), 3, 4)
    assert kin_codes(village, [village, district], words) == set()


def test_a_kecamatan_of_another_kab_kota_is_no_ancestor(tree: RegionTree) -> None:
    words = normalise("desa pemuteran negara")
    village = _Said(_codes(tree, "pemuteran", 4), 1, 2)
    district = _Said(_codes(tree, "negara", 3), 2, 3)  # Kec. Negara is in Jembrana
    assert kin_codes(village, [village, district], words) == set()


def test_named_with_its_own_reads_the_text(tree: RegionTree) -> None:
    words = normalise("kel cipare, kota serang")
    assert named_with_its_own("36.73.01.1002", words, (1, 2), tree)
    assert not named_with_its_own("36.73.01.1002", normalise("kel cipare kebon jahe"), (1, 2), tree)
