"""Session 41 (issue 14: shared names no longer lost).

A one-word name that is also a dictionary word (PySastrawi's roots hold many regional and
old words: "wosi", "bende", "sadai", "kecik", "bangkal") was read by the gazetteer as a
word of the sentence, so a story naming it where a sentence puts a name ("kios dijarah di
wosi", "warga bangkal ditahan polisi", "kotak amal masjid dusun kembang hilang tiga
kali", "bayi ditemukan di ladang dusun banyusari": the hamlet's name gave way to Desa
Bayi, then "bayi" was dropped as a word) found nothing and the citizen was told to type
the place again. When its places lie in different units it is now asked, as the name
alone is; a name of one unit, and a word that is a kind of place, spot, thing, direction
or time, stay words of the sentence (`Router._a_word_or_a_shared_name`).

Every case goes through `Router.resolve_text`; the generated checks run over the tree.
"""

from __future__ import annotations

import hashlib

import pytest

from bot.routing.place_index import sentence_word
from bot.routing.regions import level_of
from bot.routing.resolver import WORDS_THAT_SAY_WHAT_THEY_MEAN, Router

# Where a story puts a name: after "di" closing the text, before "ada", after the people
# word, after a hamlet word in the middle of a story.
FRAMES = (
    "kios yg kebakaran dijarah di {X}",
    "ada maling dikejar di {X} tadi malam",
    "tolong pak di {X} ada begal",
    "warga {X} ditahan polisi abis bentrok",
    "kotak amal masjid dusun {X} hilang tiga kali",
)
SHARE = 8  # 1 name in 8 of the generated names (by a hash of the name)


@pytest.mark.parametrize(
    ("text", "regencies"),
    [
        # Desa Wosi of Manokwari and of Halmahera Selatan (Kel. Wosi)
        ("hp dicuri di wosi", {"82.04", "92.02"}),
        ("tolong pak, di wosi ada begal", {"82.04", "92.02"}),
        # Bende of Kolaka, Konawe Selatan and Kota Kendari
        ("demo ricuh di bende tadi malam", {"74.01", "74.09", "74.71"}),
        # Rajawali of Jambi, Lampung Utara, Maluku Tengah
        ("penduduk rajawali mengungsi", {"15.71", "18.02", "81.01"}),
        ("warga bangkal resah ada maling", {"33.01", "35.29", "62.07"}),
        # a hamlet Kembang, as likely near one of the villages Kembang
        ("rumah dusun kembang dibobol maling tiga kali", {"33.09", "33.12", "34.01"}),
        # a hamlet's name of no dictionary word that gave way to Desa Bayi, then dropped
        ("bayi ditemukan di ladang dusun banyusari", {"32.04", "32.10", "32.15"}),
        ("bayi ditemukan di ladang dusun alue gajah", {"11.14", "11.15"}),
    ],
)
def test_a_dictionary_word_shared_by_places_is_asked(
    router: Router, text: str, regencies: set[str]
) -> None:
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (text, res.reason, res.chosen)
    assert regencies <= {c.code[:5] for c in res.candidates}


@pytest.mark.parametrize(
    "text",
    [
        "motor hilang di kandang",  # a spot: the pen
        "hp ketinggalan di kapal",  # aboard a ship (Desa Kapal, Badung: one unit)
        "ada maling di atas",  # a direction
        "warga sekitar resah",  # the people around
        "orang sentosa",  # "orang" is no people-of word here: a person of a kind
        "motor saya di curi",  # the passive written apart
        "di wosi dekat pasar ada copet di medan",  # another place is named: not this rule
        "bayi ditemukan di dusun 3",  # a hamlet's number
    ],
)
def test_words_that_mean_what_they_say_stay_words(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.reason != "a_word_or_a_shared_name", (text, res.status, res.candidates)


def _dictionary_village_names(router: Router) -> tuple[list[str], list[str]]:
    """(shared, single): one-word names that are dictionary words, borne only by villages,
    of 2+ serving units or of one; no kind, spot, thing or time word."""
    shared: list[str] = []
    single: list[str] = []
    for key, codes in router.gazetteer.keys.items():
        if " " in key or key.isdigit() or key in WORDS_THAT_SAY_WHAT_THEY_MEAN:
            continue
        if key in router.gazetteer.foreign:
            continue  # "paris": the town abroad, refused by design
        if not sentence_word(key) or not all(level_of(c) == 4 for c in codes):
            continue
        if int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % SHARE:
            continue
        units = {u.id if (u := router.table.polres_for(c)) else "" for c in codes}
        if "" in units:
            continue
        (shared if len(units) > 1 else single).append(key)
    return sorted(shared), sorted(single)


@pytest.fixture(scope="module")
def names(router: Router) -> tuple[list[str], list[str]]:
    return _dictionary_village_names(router)


def test_shared_dictionary_names_are_asked_in_every_frame(
    router: Router, names: tuple[list[str], list[str]]
) -> None:
    """Generated over the tree: every such name of several units, in every frame, is
    found (asked: 623 of 625 cases on 125 names; "dusun pampang", "dusun semayang" are
    guessed as they were before, by rules of their own)."""
    shared, _ = names
    assert len(shared) >= 100
    lost = [
        (text, res.reason)
        for name in shared
        for frame in FRAMES
        if (res := router.resolve_text(text := frame.replace("{X}", name))).status == "not_found"
    ]
    assert not lost, lost[:10]


def test_dictionary_names_of_one_unit_are_not_asked_by_the_rule(
    router: Router, names: tuple[list[str], list[str]]
) -> None:
    """Generated over the tree: a name of one unit in the same frames is no question of
    this rule: it stays the sentence's word, or the place the gazetteer found."""
    _, single = names
    assert len(single) >= 100
    wrong = [
        (text, res.status)
        for name in single
        for frame in FRAMES
        if (res := router.resolve_text(text := frame.replace("{X}", name))).reason
        == "a_word_or_a_shared_name"
    ]
    assert not wrong, wrong[:10]
