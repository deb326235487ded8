"""Session 37 (issue 14, item 3: ask where it matters, refuse where nothing is named).

- A kecamatan named like villages of other units, closing a story "... di <name>", is
  asked (the kecamatan first) when the words before the "di" tell an event, even if a
  kind of place or a road word is among them ("jembatan ambruk di X", "pemuda datangi pos
  ronda di X", "akses jalan ditutup di X"): the bridge, post or road lies in some place of
  the name. A kind right beside the name ("mushola X"), a kind with no event ("ponpes di
  X"), a named road ("jalan sudirman di X") and the kab/kota still decide.
- A kab/kota's own bare name closing such a story, borne by a kecamatan or village of
  another unit ("jambret beraksi di depok": Kota Depok, Kec. Depok of Sleman...), is
  asked, the kab/kota first; not an alias of its own ("jogja", "lamteng").
- Jakarta chat spellings are words of the story: "-in" for "-kan" after a verb's prefix
  ("dibubarin"), and the listed chat words ("dateng", "semalem", "ngancem", "sampe",
  "galbay", "emak"); "klitih" (Yogyakarta's street attacks) is a chat word, not Desa
  Klitih of Demak or Jombang.

Every case goes through `Router.resolve_text`.
"""

from __future__ import annotations

import pytest

from bot.routing.place_index import sentence_word
from bot.routing.regions import RegionTree, name_key
from bot.routing.resolver import Router, _a_chat_spelling, _told
from tests.routing.answers import assert_asked_first, assert_decided

REFUSED = ("not_found", "invalid", "outside")

# An event told before "di", a kind or road among its words: asked, the kecamatan first.
# (Tembalang: Kota Semarang, villages in Blitar and Nunukan; Mlati: Sleman, villages in
# Pacitan, Kediri, Lamongan; Kemayoran: Jakarta Pusat, villages in Bangkalan and
# Surabaya; Bantimurung: Maros, villages in Pangkep and Luwu Utara.)
ASKED = [
    ("jembatan ambruk di tembalang", "33.74.10"),
    ("pemuda bawa parang datangi pos ronda di mlati", "34.04.06"),
    ("akses jalan ditutup di kemayoran", "31.71.03"),
    ("wisatawan tenggelam di bantimurung", "73.09.03"),
    ("empat rumah terbakar pas bentrok di tembalang", "33.74.10"),
    # chat words of the story after or before the name
    ("tawuran di tembalang semalem", "33.74.10"),
    ("warga ngamuk di mlati gara2 joget dibubarin polisi", "34.04.06"),
    ("remaja kena bacok klitih di mlati", "34.04.06"),
]

# A kab/kota's own bare name closing a story after "di", borne by a kecamatan or village
# of another unit (Kec. Depok of Sleman and Cirebon, Kec. Wajo of Makassar, Kec. Kendal of
# Ngawi): asked, the kab/kota first.
REGENCY_ASKED = [
    ("jambret beraksi di depok", "32.76"),
    ("remaja balapan liar di wajo", "73.13"),
    ("maling motor beraksi di kendal tadi malam", "33.24"),
]

# The kab/kota stays: typed alone, with its level word or province, a place beside it,
# or an alias of its own (a short form, a nickname).
REGENCY_DECIDED = [
    ("depok", "32.76"),
    ("motor dicuri di depok jawa barat", "32.76"),
    ("tawuran di kabupaten kendal", "33.24"),
    ("motor matic dicuri di jogja", "34.71"),
    ("begal makin merajalela di lamteng", "18.02"),
]

# What still decides: kept as before.
DECIDED = [
    # a kind named after its place right beside the name (a mushola, an everyday spot,
    # no longer decides: session 45, askkec)
    ("motor ilang di spbu lasem", "33.17.14"),
    ("ponpes di kutorejo", "35.16.07"),  # a kind with no event told: an address
    ("jalan sudirman di batu aji", "21.71.12"),  # a named road
    ("jembatan ambruk di pemangkat, sambas", "61.01.05"),  # its kab/kota
    ("jembatan ambruk di tembalang semarang", "33.74.10"),
]

# Chat spellings of the story beside villages so named: nothing is named.
WORDS_ONLY = [
    "dc pinjol dateng ke rumah ngancem, data sy disebar ke tetangga",
    "temen sy ditipu arisan bodong, uang ga balik sampe sekarang",
]

# The same names where they are places.
PLACES = [
    ("desa dateng", "35.24.08.2001"),  # its level word
    ("dateng", "35.24.08.2001"),  # typed alone
    ("desa sampe", "52.04.21.2002"),
]


@pytest.mark.parametrize(("text", "kecamatan"), ASKED)
def test_an_event_before_di_leaves_the_name_undecided(
    router: Router, text: str, kecamatan: str
) -> None:
    assert_asked_first(router.resolve_text(text), text, kecamatan)


@pytest.mark.parametrize(("text", "regency"), REGENCY_ASKED)
def test_a_regency_named_like_places_of_other_units_is_asked_in_a_story(
    router: Router, text: str, regency: str
) -> None:
    assert_asked_first(router.resolve_text(text), text, regency)


@pytest.mark.parametrize(("text", "code"), REGENCY_DECIDED)
def test_a_regency_stays_where_the_text_settles_it(router: Router, text: str, code: str) -> None:
    assert_decided(router.resolve_text(text), text, code)


@pytest.mark.parametrize(("text", "code"), DECIDED)
def test_a_deciding_word_still_decides(router: Router, text: str, code: str) -> None:
    assert_decided(router.resolve_text(text), text, code)


@pytest.mark.parametrize("text", WORDS_ONLY)
def test_chat_spellings_of_the_story_name_nothing(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status in REFUSED, (text, res.status, res.reason, res.chosen)


@pytest.mark.parametrize(("text", "code"), PLACES)
def test_the_same_names_stay_places(router: Router, text: str, code: str) -> None:
    assert_decided(router.resolve_text(text), text, code)


@pytest.mark.parametrize(
    ("word", "told"),
    [
        ("dibubarin", True),
        ("dibeliin", True),
        ("ngebubarin", True),
        ("dateng", True),
        ("semalem", True),
        ("galbay", True),
        ("bungin", False),  # Desa Bungin: no verb's prefix
        ("caringin", False),
    ],
)
def test_chat_spellings_are_told(word: str, told: bool) -> None:
    assert _told(word) is told


def test_no_one_word_place_name_becomes_a_word_of_the_story(tree: RegionTree) -> None:
    """The "-in" rule makes no kecamatan or village of one word a word of the story that
    was not one already (Mendingin and Merangin are dictionary words built with affixes
    anyway); a draft that also read "a" written "e" made 185 such names words, among
    them Ngawi, Kebumen, Tebet and Wates."""
    names = {name_key(name) for level in (3, 4) for _, name in tree.items(level)}
    read = sorted(n for n in names if " " not in n and _a_chat_spelling(n) and not sentence_word(n))
    assert read == []


@pytest.mark.parametrize(
    "text", ["puluhan pelajar bentrok di buladu", "puluhan remaja tawuran di buladu"]
)
def test_a_village_named_like_a_word_gives_way_to_the_name_after_di(
    router: Router, text: str
) -> None:
    """Desa Puluhan (twice in Klaten) tied first; Buladu (Gorontalo Utara, Kota
    Gorontalo) after "di" is what the text names: asked among Buladu's places."""
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (text, res.status, res.reason, res.chosen)
    assert {c.code[:5] for c in res.candidates} == {"75.05", "75.71"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("puluhan motor dicuri di buladu kota gorontalo", "75.71"),
        ("puluhan remaja tawuran di desa puluhan", "33.10"),
    ],
)
def test_the_name_after_di_still_settles(router: Router, text: str, code: str) -> None:
    assert_decided(router.resolve_text(text), text, code)


@pytest.mark.parametrize(
    "text",
    [
        "bentrok warga di belang, ada yg kena panah wayer",
        "tawuran antar kampung di singkil",
        "bentrok antar kampung di singkil pake panah wayer",
    ],
)
def test_a_wire_arrow_and_a_level_word_before_di_name_no_place(router: Router, text: str) -> None:
    """ "panah wayer" (a wire arrow, Sulawesi Utara's weapon of brawls) is a thing the story
    handles, not Distrik Wayer of Kab. Sorong; "antar kampung" before "di" marks no
    village: the name after "di" (Belang, Singkil: kecamatan and villages of several
    units) is asked."""
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (text, res.status, res.reason, res.chosen)
    assert not any(c.code.startswith("96.02.07") for c in res.candidates)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("distrik wayer", "96.02.07"),
        ("kejadian di wayer", "96.02.07"),
        ("kejadian di negeri di atas lumpur", "93.04"),  # a nickname opening with "negeri di"
    ],
)
def test_wayer_and_level_words_stay_places_where_they_name_one(
    router: Router, text: str, code: str
) -> None:
    assert_decided(router.resolve_text(text), text, code)
