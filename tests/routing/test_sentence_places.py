"""Places with one right answer told inside complaint sentences (session 33, issue 14).

A sample of the sentences `tests/routing/sentence_places.py` builds from the Kemendagri
tree and data/places/landmarks (the full audit: `python -m tests.routing.sentence_places`):
each place resolves right alone, and must stay right inside the sentence. Each case failed
before session 33's fixes, for the reason in its comment.
"""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router
from tests.routing.sentence_places import FRAMES, Place, places, score, sentences


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # "ibu ibu" (mothers, a plural) was Kec. Ibu of Halmahera Barat
        ("tadi siang ada jambret di kab jember korbannya ibu ibu", "35.09"),
        ("tadi siang ada jambret di kota balikpapan korbannya ibu ibu", "64.71"),
        ("ibu ibu nyuri di minimarket kota makassar", "73.71"),
        # "sabu" (the drug) was the village Sabu of Sumatera Barat
        ("mohon ditindak pengedar sabu di rsud balaraja tangerang", "36.03"),
        ("mohon ditindak pengedar sabu di bandara pattimura ambon", "81.71"),
        # "sering" (often), "rawan" (prone) are villages: they moved the landmark away
        ("pemuda pasar curug tangerang sering tawuran", "36.03"),
        ("terminal terboyo semarang rawan begal malam hari", "33.74"),
        # "tual ada" glued into the village Tualada of Aceh
        ("jam 7 pagi di kota tual ada tabrakan", "81.72"),
        ("di jalan dekat kota tual ada pungli", "81.72"),
        # "batang hari minggu" was Kab. Batanghari
        ("saya dipukul orang tak dikenal di rsud batang hari minggu tgl 3", "33.25"),
        # the heading district's kab/kota after it was read as the place instead
        ("bapak saya kecopetan di angkot arah salam, magelang", "33.08.04"),
        ("bapak saya kecopetan di angkot arah prigen, pasuruan", "35.14.10"),
    ],
)
def test_a_place_inside_a_sentence(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", (text, result.status, result.reason)
    assert result.chosen is not None
    assert result.chosen.code.startswith(code), (text, result.chosen.code)


@pytest.mark.parametrize("word", ["sabu", "ibu ibu"])
def test_the_story_word_alone_names_no_other_place(router: Router, word: str) -> None:
    # alone, "sabu" is still left to the gazetteer (a village), "ibu ibu" is nothing
    result = router.resolve_text(word)
    assert result.status == ("ok" if word == "sabu" else "not_found")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("murhum bau bau", "74.72.06"),  # a doubled name is a name: Kota Baubau
        ("pulau sabu kupang", "53.20"),  # a longer name starting with the drug's word
        ("batang hari", "15.04"),  # no day after "hari": Kab. Batanghari
        ("tualada", "11.18.06.2024"),
    ],
)
def test_names_that_look_like_story_words_stay_names(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.chosen is not None and result.chosen.code == code, (text, result)


def test_a_sample_of_the_audit_stays_right(router: Router) -> None:
    # 12 places of each kind, right alone, each in 3 frames: every sentence right
    tree = router.gazetteer.tree
    kept = [p for p in places(tree, per_kind=12) if score(router, p.text, p)[0] == "right"]
    assert len(kept) >= 40
    missed = [
        (s.text, score(router, s.text, s.place)[1])
        for s in sentences(kept, per_place=3)
        if score(router, s.text, s.place)[0] != "right"
    ]
    assert missed == []


def test_the_audit_counts_a_wrong_kecamatan_wrong(router: Router) -> None:
    # Kec. Salam of Kab. Magelang read as Kota Magelang is wrong, not right
    place = Place("salam, magelang", "kecamatan", "33.08.04")
    assert score(router, "kota magelang", place)[0] == "wrong"
    assert score(router, "salam, magelang", place)[0] == "right"
    assert len(FRAMES) == 60
