"""Session 45 (askkec, issue 14: asking where it matters): an everyday spot after a story's
"di" ("... di warkop ladongi", "... di kebun sawit telawang", "... di pondok kebun sawit
gelumbang") stands in every village of the name as much as in the kecamatan of that name,
so a kecamatan's name that places of other units bear is asked, the kecamatan first, as
"... di <name>" is (`bot/routing/everyday_spots.py`, `Router._an_everyday_spot`).

Still decided: the kab/kota named, a kind named after its place (a petrol station, as
sessions 35-44 read it), an estate's numbered division ("kebun iv"), and a spot typed with no story
("mushola lasem", "kebun sawit lasem dibakar": no "di" before it). The generated probe
is `tests/routing/askkec_forms.py`; here a fixed share of it.
"""

from __future__ import annotations

import pytest

from bot.routing.everyday_spots import spot_phrase_before
from bot.routing.resolver import Router, _told
from tests.routing.answers import assert_asked_first, assert_decided
from tests.routing.askkec_forms import SPOT_SENTENCES
from tests.routing.askshared_forms import cases, score

# Kec. Lasem of Rembang, Desa Lasem of Gresik; Kec. Barombong of Gowa, Kel. Barombong of
# Makassar and Desa Barombong of Bantaeng.
UNDECIDED = [
    ("motor ilang di warkop lasem", "33.17.14"),
    ("pemuda dikeroyok di warkop lasem", "33.17.14"),
    ("mayat ditemukan di kebun sawit lasem", "33.17.14"),
    ("ada tengkorak di pondok kebun sawit barombong", "73.06.12"),
    ("kotak amal dibobol di mushola barombong", "73.06.12"),
    ("motor ilang di gubuk sawah barombong", "73.06.12"),
]

DECIDED = [
    ("motor ilang di warkop lasem rembang", "33.17.14"),  # its kab/kota
    ("ribut di warkop barombong gowa", "73.06.12"),
    ("orang asing tinggal di kebun iv lasem", "33.17.14"),  # an estate's division
    ("mushola lasem", "33.17.14"),  # no story, no "di": a place's address
    ("kebun sawit lasem dibakar", "33.17.14"),
    ("motor ilang di spbu lasem", "33.17.14"),  # a kind named after its place
]


@pytest.mark.parametrize(("text", "kecamatan"), UNDECIDED)
def test_an_everyday_spot_leaves_the_shared_name_asked(
    router: Router, text: str, kecamatan: str
) -> None:
    assert_asked_first(router.resolve_text(text), text, kecamatan)


@pytest.mark.parametrize(("text", "code"), DECIDED)
def test_a_deciding_word_still_keeps_the_place(router: Router, text: str, code: str) -> None:
    assert_decided(router.resolve_text(text), text, code)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("mayat di kebun sawit lawang", "kebun sawit"),
        ("tengkorak di pondok kebun sawit gelumbang", "pondok kebun sawit"),
        ("dikeroyok di warkop ladongi", "warkop"),
        ("motor ilang di mushola lasem", "mushola"),
    ],
)
def test_the_spots_phrase_runs_from_the_di_to_the_name(text: str, phrase: str) -> None:
    words = text.split()
    at = len(words) - 1
    found = spot_phrase_before(words, at, _told, {"di"}, {"desa", "warga"})
    assert found is not None and " ".join(words[found.start : found.stop]) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "tinggal di kebun iv lasem",  # a numbered division: an estate's name of its own
        "mushola lasem",  # no preposition before it
        "ribut di pasar lasem",  # no everyday spot
        "mayat di kebun desa lasem",  # a level word: its own rule
    ],
)
def test_no_spots_phrase_without_a_di_a_spot_and_told_words(text: str) -> None:
    words = text.split()
    assert spot_phrase_before(words, len(words) - 1, _told, {"di"}, {"desa", "warga"}) is None


def test_the_probe_never_answers_a_shared_name_with_its_kecamatan(router: Router) -> None:
    """One kecamatan name in 60 of the tree, in each spot sentence: a name other units'
    places bear is never answered as the kecamatan it was taken from, and a name of one
    unit is not asked."""
    guesses, unneeded, shared = [], [], 0
    for case in cases(router, every=60, sentences=SPOT_SENTENCES):
        outcome, got = score(router, case)
        if len(case.units) > 1:
            shared += 1
            if outcome == "guessed" and got.split()[1] == case.kecamatan:
                guesses.append((case.text, got))
        elif outcome == "asked_unneeded":
            unneeded.append((case.text, got))
    assert shared > 20
    assert guesses == []
    assert unneeded == []
