"""Session 36 (issue 14, item 3: ask where it matters, refuse where nothing is named).

- A kecamatan named like villages of other units, closing a story after "di", is asked
  (the kecamatan first) even when the story holds words we do not know: slang and short
  forms before the "di" ("kreak", "ppsu", "odgj", "nongkrong") tell who and what, not
  which place. A word we do not know beside the name may still be a local name and
  decides, as session 35 measured.
- A text whose only places are villages named like words of the sentence ("puluhan",
  "kenalan", "dapet", "random", "nya", "barang ga" for Barangga, "teriak2"), with no level
  word, preposition or kind of place beside them, names nothing: refused, however many
  such villages tie or share one Polres.
- The towns of the online-scam compounds abroad (GeoNames' towns of Myanmar, Cambodia,
  Laos, the Philippines and Thailand; hand rows for Clark, Pampanga and KK Park) are
  outside Indonesia; "abang sy" is a brother, not Kec. Abang.

Every case goes through `Router.resolve_text`.
"""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router
from tests.routing.answers import assert_asked_first, assert_decided

REFUSED = ("not_found", "invalid", "outside")

# Unknown words of the story before "di": asked, the kecamatan first.
ASKED = [
    ("ada kreak bawa sajam di tembalang", "33.74.10"),  # Kota Semarang; villages Blitar, Nunukan
    ("petugas ppsu dijambret di kemayoran", "31.71.03"),  # Jakarta Pusat; Bangkalan, Surabaya
    ("nongkrong bawa sajam di mlati", "34.04.06"),  # Sleman; Pacitan, Kediri, Lamongan
    ("pria odgj ngamuk diikat warga di bantimurung", "73.09.03"),  # Maros; Pangkep, Luwu Utara
]

# Words that still decide: kept as before.
DECIDED = [
    ("ada kreak bawa sajam di tembalang semarang", "33.74.10"),  # its kab/kota
    ("kutasari pbg", "33.03.07"),  # a short form after the name (Purbalingga)
    ("hotel le man banjar agung", "18.05.08"),  # a hotel's name before it, no "di"
    ("ribut di depan sma 20 barombong", "73.06.12"),  # a kind beside it (sessions 27/33)
]

# Villages named like words of the sentence, nothing else named: refused.
WORDS_ONLY = [
    "kena investasi bodong puluhan juta",
    "sy diperas pake video setelah kenalan di dunia maya",
    "sering dapet chat random dari debt collector",
    "ketipu transfer, cuma ada no rekening sama no wa nya",
    "barang ga dikirim padahal udah bayar",
    "pemuda mabuk teriak2 terus lempar batu ke rumah",
    # session 37: told in the first person, the text may open with such a verb; chat
    # forms and words of online fraud (tests/routing/test_first_person_stories.py)
    "kenalan di fb terus ngajak vc, videonya dipake buat meras sy",
    "kenalan lewat aplikasi, sy disuruh klik apk terus saldo ilang",
    "sy beli hp di berniaga.com, barang ga pernah dateng",
    "sy jadi member investasi bodong, rugi puluhan juta",
]

# The same names where they are places: not refused.
PLACES = [
    "motor ilang di desa puluhan",  # its level word
    "motor ilang di kenalan",  # after "di": where it happened
    "pasar puluhan",  # a kind of place beside it
    "puluhan",  # typed alone
    "cabean wetan karang duren tengaran",  # a list of places' names
    "pelajar pakem dibegal",  # a kecamatan's name after a story word (asked, session 35)
    "kena tipu investasi di dapet",
    "puluhan rawan begal tolong ditindak",  # a name opening the text is its subject
    "kenalan rawan begal",  # so without a first person (session 37)
    "motor sy ilang di kenalan",
]

SCAM_PLACES = [
    "myawaddy",
    "shwe kokko",
    "kk park",
    "sihanoukville",
    "poipet",
    "bavet",
    "clark",
    "pampanga",
    "manila",
    "mae sot",
    "tachilek",
]


@pytest.mark.parametrize(("text", "kecamatan"), ASKED)
def test_unknown_story_words_before_di_do_not_decide(
    router: Router, text: str, kecamatan: str
) -> None:
    assert_asked_first(router.resolve_text(text), text, kecamatan)


@pytest.mark.parametrize(("text", "code"), DECIDED)
def test_a_deciding_word_still_decides(router: Router, text: str, code: str) -> None:
    assert_decided(router.resolve_text(text), text, code)


@pytest.mark.parametrize("text", WORDS_ONLY)
def test_villages_named_like_sentence_words_name_nothing(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status in REFUSED, (text, res.status, res.reason, res.chosen)


@pytest.mark.parametrize("text", PLACES)
def test_the_same_names_stay_places_where_they_are_places(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status in ("ok", "ambiguous"), (text, res.status, res.reason)


@pytest.mark.parametrize("town", SCAM_PLACES)
def test_scam_compound_towns_are_abroad(router: Router, town: str) -> None:
    res = router.resolve_text(f"kerja di {town}")
    assert res.status == "outside", (town, res.status, res.reason, res.chosen)
    told = router.resolve_text(f"abang sy dipaksa kerja online scam di {town}")
    assert told.status in REFUSED, (town, told.status, told.reason, told.chosen)


def test_clark_pampanga_is_abroad_not_a_village(router: Router) -> None:
    res = router.resolve_text("diselamatkan dari clark pampanga")
    assert res.status == "outside", (res.status, res.reason, res.chosen)
