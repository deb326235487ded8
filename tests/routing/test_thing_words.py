"""Things of a story whose words name a kecamatan or villages, and places abroad where
migrant workers live (issue 14, session 35).

"petani dibacok parang" is a machete, not Kec. Parang of Magetan; "curi sawit" oil palm,
not Kec. Sawit of Boyolali; "paspor ibu saya hilang di jeddah" a mother, not Kec. Ibu of
Halmahera Barat, so Jeddah decides ("outside Indonesia"). The rule is
bot/routing/story_places.things_of_the_story with the words of
bot/routing/place_words.THING_WORDS; places abroad are data/places/foreign*.csv. Here:
the sentences of the development half that were guessed, the same words where they are
the place (with a level word, beside their kab/kota, after "di" or typed alone), a
sample of the words audit (bot/evaluation/story_words.word_audit) and of the abroad
audit (abroad_audit).
"""

from __future__ import annotations

import hashlib

import pytest

from bot.evaluation.story_words import (
    MIGRANT_COUNTRIES,
    WORD_FRAMES,
    a_things_name,
    frames_naming_nothing,
    story_names,
)
from bot.routing.resolver import Router

REFUSED = ("not_found", "outside", "invalid")


@pytest.mark.parametrize(
    "text",
    [
        "odgj ngamuk bawa parang masuk kantor polsek",
        "tiga pencuri sawit diamuk massa, mobil pikapnya ringsek",
        "empat karyawan curi buah sawit di kebun sendiri, bawa angkong sama egrek",
        "pemuda kesetrum pas benerin pompa air di sumur samping rumah",
        "suami ditemukan tergeletak kesetrum kabel pompa air yang terkelupas",
        "sapi ditemukan diikat di pohon jati dekat jalan aspal",
        "pemotor tewas ketimpa dahan pohon angsana di jalan",
        "enam pencuri pintu air tambak dihajar warga",
        "nemu tulang belulang di tengah lahan tebu",
        "dua pencuri tbs kelapa sawit hampir diamuk massa",
        "petani dibacok arit tetangga gara gara rebutan air sawah",
        "oknum kades bawa mandau nebas warga pas acara organ tunggal",  # session 37
        "pemuda dibacok pake kujang sama geng motor",
    ],
)
def test_a_thing_of_the_story_is_no_place(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status in REFUSED, (text, res.status, res.chosen, res.reason)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kec parang", "35.20.02"),
        ("di parang magetan", "35.20"),
        ("curi sawit di boyolali", "33.09.08"),  # its kab/kota stated: the place
        ("kecamatan sumur pandeglang", "36.01.01"),
        ("kec kelapa bangka barat", "19.05.04"),
        ("desa tebing kec kelapa", "19.05.04"),
        ("tulang bawang", "18.05"),
        ("medan selayang", "12.71.21"),
        ("kec mandau", "14.03.09"),
    ],
)
def test_the_same_words_where_they_are_the_place(router: Router, text: str, code: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.code.startswith(code), (text, res.chosen.code)


@pytest.mark.parametrize("text", ["parang", "di sawit", "sumur", "ibu"])
def test_typed_alone_the_word_is_still_a_place(router: Router, text: str) -> None:
    """Typed alone or after "di", the word is read as the places it names (asked where
    several share it), as before: only a word of a story is a thing."""
    res = router.resolve_text(text)
    assert res.status in ("ok", "ambiguous"), (text, res.status, res.reason)


@pytest.mark.parametrize(
    "text",
    [
        "paspor ibu saya hilang di jeddah",
        "ibu saya kabur dari rumah majikan pindah-pindah di jeddah",
        "disiram air panas majikan di batu caves",
        "habis dipukul majikan dirawat di rs selayang",
        "kerja di abha",  # a town of the world list beside words of a sentence
        "majikan saya di kota belud",  # GeoNames above 5,000 (foreign_migrant_towns.csv)
    ],
)
def test_a_place_abroad_is_outside(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "outside", (text, res.status, res.chosen, res.reason)


def test_unknown_words_still_keep_a_world_town_from_deciding(router: Router) -> None:
    """ "lorem ipsum dolor sit amet": Amet is a town in India, but the words beside it
    are no words of a sentence (session 31)."""
    assert router.resolve_text("lorem ipsum dolor sit amet").status != "outside"


def test_things_in_the_word_frames(router: Router) -> None:
    """Every kecamatan's or village's story-word name of a thing (one or two words, the
    first a thing's word: `a_things_name`), in the frames that use it as
    a word ("korban dibacok {X} oleh tetangga", "tiga orang curi {X} semalam", "anak jatuh di
    {X} samping rumah"), names no place."""
    frames, dropped = frames_naming_nothing(router, WORD_FRAMES)
    assert not dropped
    names = [n for n in story_names(router) if n.kind != "regency"]
    things = [n for n in names if a_things_name(n.key) and n.kind != "landmark"]
    assert {"parang", "sawit", "sumur", "ibu", "pompa air"} <= {n.key for n in things}
    guessed = []
    for name in things:
        for _, frame in frames:
            text = frame.replace("{X}", name.key)
            res = router.resolve_text(text)
            if res.status == "ok":
                guessed.append(f"{text}: {res.chosen.code if res.chosen else ''}")
    assert not guessed, guessed[:20]


def test_a_sample_of_towns_abroad(router: Router) -> None:
    """1 in 5 of the towns of the migrant workers' countries that data/places/foreign*.csv
    ship (foreign_migrant_towns.csv among them), in "kerja di {X}" and "majikan saya di
    {X}": "outside Indonesia", never a place here nor "no place found"."""
    gaz = router.gazetteer
    keys = [k for k, c in gaz.foreign.items() if c in MIGRANT_COUNTRIES and k not in gaz.countries]
    picked = [k for k in keys if int(hashlib.sha1(k.encode()).hexdigest()[:8], 16) % 5 == 0]
    assert len(picked) > 400
    missed = []
    for key in picked:
        for frame in ("kerja di {X}", "majikan saya di {X}"):
            res = router.resolve_text(frame.replace("{X}", key))
            if res.status != "outside":
                missed.append(f"{frame.replace('{X}', key)}: {res.status}")
    assert not missed, missed[:20]
