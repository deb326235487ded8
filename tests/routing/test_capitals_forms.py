"""Every kabupaten's capital town, typed alone, in a story and with its regency (session 42).

The whole list `data/places/lists/regency_capitals.tsv` (416 kabupaten) goes through
`tests/routing/capital_forms.py`: each capital must reach its kab/kota and unit, or be asked
among kab/kota of different units holding a place of that name with its own kab/kota among
them. The few capitals that cannot are listed below with the reason; a new miss fails.
"""

from __future__ import annotations

import pytest

from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.capital_forms import (
    Capital,
    JoinedNames,
    forms_of,
    read_capitals,
)
from tests.routing.kind_name_forms import Names, score

# (capital as the list writes it, kabupaten code, shape) -> why it is not answered. Each is
# a reading of the whole vocabulary, not of this town: a name no row should claim.
KNOWN = {
    # "raya" is the everyday word of "jalan raya"; people write the seat Pematang Raya,
    # which resolves (tests below)
    ("Raya", "12.08", "alone"): "nothing",
    ("Raya", "12.08", "story"): "nothing",
    # the list writes "Pinang"; the seat is Kotapinang, a kecamatan the tree knows, and bare
    # "pinang" stays asked (Kec. Pinang of Kota Tangerang and villages)
    ("Pinang", "12.22", "alone"): "asked_unneeded",
    ("Pinang", "12.22", "story"): "asked_unneeded",
    # the name of Kota Tebing Tinggi: the kota wins alone; "di tebing tinggi" reads as "on a
    # high cliff" (reported, not changed here)
    ("Tebing Tinggi", "16.11", "alone"): "other_holder",
    ("Tebing Tinggi", "16.11", "story"): "nothing",
    # "tanjung" (a cape) alone names no place; Kec. Tanjung of both regencies answers with
    # the regency written
    ("Tanjung", "52.08", "alone"): "nothing",
    ("Tanjung", "52.08", "story"): "nothing",
    ("Tanjung", "63.09", "alone"): "nothing",
    ("Tanjung", "63.09", "story"): "nothing",
    # Kabupaten Sambas and its Kec. Sambas: the regency-or-its-place question of session 38
    ("Sambas", "61.01", "story"): "asked_unneeded",
    # the name of Kabupaten Banggai wins over Banggai Laut's seat
    ("Banggai", "72.11", "alone"): "other_holder",
}


@pytest.fixture(scope="module")
def outcomes(router: Router, tree: RegionTree) -> dict[tuple[str, str, str], tuple[str, str]]:
    names = Names(tree)
    joined = JoinedNames(names)
    found: dict[tuple[str, str, str], tuple[str, str]] = {}
    for capital in read_capitals():
        for shape, form in forms_of(tree, names, joined, capital):
            found[(capital.name, capital.code, shape)] = score(router, form)
    return found


def test_the_list_holds_every_kabupaten_once(tree: RegionTree) -> None:
    kabupaten = {code for code, name in tree.items(2) if not name.startswith("Kota")}
    listed = [capital.code for capital in read_capitals()]
    # Kepulauan Tanimbar's ibu kota was not read on the list's page (Saumlaki resolves: below)
    assert set(listed) | {"81.03"} == kabupaten
    assert len(listed) == len(set(listed))


def test_every_capital_reaches_its_regency_or_is_asked(
    outcomes: dict[tuple[str, str, str], tuple[str, str]],
) -> None:
    misses = {
        key: f"{outcome}: {got}"
        for key, (outcome, got) in outcomes.items()
        if outcome not in ("right", "asked_ok") and KNOWN.get(key) != outcome
    }
    assert misses == {}


def test_the_known_misses_are_still_misses(
    outcomes: dict[tuple[str, str, str], tuple[str, str]],
) -> None:
    # a known miss that is now answered should leave KNOWN (and the README's count)
    mended = {key for key, outcome in KNOWN.items() if outcomes[key][0] != outcome}
    assert mended == set()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ada begal di moanemani", "94.06"),  # Dogiyai's seat in fact (aliases_capitals.csv)
        ("motor hilang di sumohai", "95.03"),  # Yahukimo's seat by law
        ("dekai", "95.03"),
        ("saumlaki", "81.03"),
        ("pematang raya", "12.08"),
        ("kotapinang", "12.22"),
        ("rantau, tapin", "63.05"),
        ("tanah merah boven digoel", "93.02"),
    ],
)
def test_seats_people_name(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok"
    assert result.chosen is not None
    assert result.chosen.code[:5] == code


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # a seat sharing its name with a kecamatan of another unit is asked, both offered
        ("ada begal di rantau", {"63.05", "11.16"}),
        ("tanah merah", {"93.02", "14.04", "35.26"}),
    ],
)
def test_a_seat_sharing_a_kecamatans_name_is_asked(
    router: Router, text: str, codes: set[str]
) -> None:
    result = router.resolve_text(text)
    assert result.status == "ambiguous"
    assert codes <= {candidate.code[:5] for candidate in result.candidates}


def test_the_list_reads_its_rows() -> None:
    first = read_capitals()[0]
    assert first == Capital("11.01", "Tapak Tuan")
