"""Session 42: words that say the level of the name after them (bot/routing/level_words.py).

A village's head, office or election ("kades X", "kantor lurah X", "pilkades X", "geuchik
X"), a kecamatan's ("camat X") and a kab/kota's ("bupati X", "kantor dprd X") say which of
the places bearing a name is meant. Before, the gazetteer's preference for the higher
level decided: "kades sukamaju diduga gelapin dana desa" went to Kec. Sukamaju of Luwu
Utara although 46 villages Sukamaju lie in other kab/kota, and "kantor dprd karanganyar"
to Kec. Karanganyar of Demak. Every case goes through `Router.resolve_text`; the
generated checks run over names the tree holds at two levels.
"""

from __future__ import annotations

import pytest

from bot.evaluation.level_probe import names_by_level
from bot.routing.level_words import LevelWords
from bot.routing.regions import kind_of, level_of
from bot.routing.resolver import Router


@pytest.mark.parametrize(
    ("text", "regencies"),
    [
        # dev lines: villages of several kab/kota, a kecamatan of one of them
        ("kades pagar gunung jd tersangka fee proyek irigasi", {"12.13", "16.03", "17.02"}),
        ("rumah kades babakan juga dibobol maling pas rame pilkades", {"32.01", "36.04"}),
        (
            "kades sukamaju diduga gelapin dana desa 2021 sampe 2024, warga minta mundur",
            {"11.02", "11.09", "12.06", "32.01", "75.01"},
        ),
        # generated forms: a village's election and secretary
        ("pilkades sukamaju ricuh", {"11.02", "11.09", "12.06", "32.01"}),
        ("sekdes babakan ditahan", {"32.01", "36.04"}),
        # a village named with a level word: "kampung" is part of the name
        ("kades kampung melayu diduga gelapin dana desa", {"14.71", "17.02", "31.75"}),
    ],
)
def test_a_village_head_asks_among_the_villages(
    router: Router, text: str, regencies: set[str]
) -> None:
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (text, res.reason, res.chosen)
    offered = {c.code[:5] for c in res.candidates}
    assert len(regencies & offered) >= 2, (text, sorted(offered))
    assert all(level_of(c.code) == 4 for c in res.candidates), text


def test_a_council_of_a_kota_and_kabupaten_pair_asks_which(router: Router) -> None:
    """ "dprd blitar": DPRD Kota Blitar or DPRD Kabupaten Blitar; "dprd" was read as a
    local name beside the city ("city_beside_a_street_or_local_name") and guessed it."""
    res = router.resolve_text("demo di depan kantor dprd blitar")
    assert res.status == "ambiguous", (res.reason, res.chosen)
    assert {"35.05", "35.72"} <= {c.code[:5] for c in res.candidates}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # dev line: Desa Lurah of Cirebon tied with Kel. Amban of Manokwari
        ("tabrak lari depan kantor lurah amban", "92.02.12.1004"),
        # dev line: Kab. Karanganyar, not Kec. Karanganyar of Demak
        (
            "35 pelajar bawa sarung isi batu mau perang sarung di belakang kantor dprd karanganyar",
            "33.13",
        ),
        ("bupati karanganyar dilaporkan ke polisi", "33.13"),
        ("lapor ke kejari karanganyar", "33.13"),
    ],
)
def test_the_level_word_picks_the_place(router: Router, text: str, code: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.reason)
    assert res.chosen.code == code, (text, res.chosen.code)


@pytest.mark.parametrize(
    "text",
    [
        "kades ditangkap polisi",  # a cue before a word of the story
        "bupati marah sama warga",
        "kades desa sukamaju",  # the text says the level itself
        "dprd kota magelang",
        "walikota bekasi",  # no name of its level after it: Kota Bekasi keeps "kota"
    ],
)
def test_a_cue_before_no_name_of_its_level_is_left(router: Router, text: str) -> None:
    words = LevelWords(router.gazetteer.keys, lambda c: kind_of(c, router.tree.name(c) or ""))
    if text == "walikota bekasi":
        assert words.read(text) == "wali kota bekasi"
    else:
        assert words.read(text) == text


def test_a_cue_inside_a_name_is_the_name(router: Router) -> None:
    """Desa Lurah Ampalu of Padang Pariaman, Kec. Tigo Lurah of Solok: their "lurah" is
    no cue (a cue and the words after or before it make up a name)."""
    words = LevelWords(router.gazetteer.keys, lambda c: kind_of(c, router.tree.name(c) or ""))
    assert words.read("motor saya hilang di lurah ampalu") == "motor saya hilang di lurah ampalu"
    res = router.resolve_text("motor saya hilang di lurah ampalu")
    assert res.chosen is not None and res.chosen.code == "13.05.05.2003", res.reason
    # Kec. Tigo Lurah of Solok ends with the word, before Kel. Rappojawa's name
    text = "kotak amal masjid tigo lurah rappojawa dibobol"
    assert words.read(text) == text


def test_a_cue_is_written_as_its_level_word(router: Router) -> None:
    words = LevelWords(router.gazetteer.keys, lambda c: kind_of(c, router.tree.name(c) or ""))
    assert words.read("Rumah Kades Babakan dibobol") == "Rumah kepala desa Babakan dibobol"
    assert words.read("demo di kantor DPRD karanganyar") == (
        "demo di kantor dprd kabupaten karanganyar"
    )
    assert words.read("geuchik meunasah baro ditahan").startswith("kepala gampong ")


@pytest.fixture(scope="module")
def two_levels(router: Router) -> dict[str, dict[int, list[str]]]:
    return names_by_level(router)


def test_a_village_head_never_gets_the_kecamatan(
    router: Router, two_levels: dict[str, dict[int, list[str]]]
) -> None:
    """Generated over the tree: 1 in 15 of the names a kecamatan and villages bear, after
    "kades": never the kecamatan (a village of the name, or a question among them)."""
    names = sorted(k for k, levels in two_levels.items() if 3 in levels and 4 in levels)
    wrong = []
    for key in names[::15]:
        res = router.resolve_text(f"kades {key} diduga gelapin dana desa")
        if res.status == "ok" and res.chosen is not None and level_of(res.chosen.code) == 3:
            wrong.append((key, res.chosen.code))
    assert len(names[::15]) > 50
    assert not wrong, wrong[:10]


def test_a_council_gets_the_regency_of_its_name(
    router: Router, two_levels: dict[str, dict[int, list[str]]]
) -> None:
    """Generated over the tree: every name one kab/kota bears (in the tree and in the
    alias tables) and a kecamatan or village too, after "kantor dprd": that kab/kota, not
    the smaller place."""
    names = sorted(
        k
        for k, levels in two_levels.items()
        if len(levels.get(2, ())) == 1
        # not a name the tables give two kab/kota ("pariaman": Kota Pariaman and Kab.
        # Padang Pariaman), which is asked as it was
        and len({c for c in router.gazetteer.keys.get(k, ()) if level_of(c) == 2}) == 1
    )
    wrong = []
    for key in names:
        regency = two_levels[key][2][0]
        res = router.resolve_text(f"demo di depan kantor dprd {key}")
        if res.chosen is None or res.chosen.code[:5] != regency:
            wrong.append((key, res.status, res.chosen.code if res.chosen else None))
    assert len(names) > 100
    assert not wrong, wrong[:10]
