"""Stories told in the first person, of villages named like words of the sentence (issue
14, session 37: the fresh set's no-place texts).

- A story told in the first person ("sy", "saya", "gw") drops its subject and may open
  with a verb named like a village ("kenalan di aplikasi ... meras sy": Desa Kenalan);
  only without one is a name opening the text its subject ("puluhan rawan begal").
- Chat forms of dictionary words that no place bears ("ngajak" for mengajak, "dipake"
  for dipakai, "ngancem") and the words of online fraud ("vc", "apk", a web address's
  "com", "member") are no local name we lack, so they leave such a text naming nothing.

Every case goes through `Router.resolve_text`; none is a line of the evaluation sets.
"""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router, _a_chat_form

REFUSED = ("not_found", "invalid", "outside")

WORDS_ONLY = [
    "kenalan di fb terus ngajak vc, videonya dipake buat meras sy",
    "kenalan lewat aplikasi, sy disuruh klik apk terus saldo ilang",
    "sy beli hp di berniaga.com, barang ga pernah dateng",
    "sy jadi member investasi bodong, rugi puluhan juta",
]

PLACES = [
    "puluhan rawan begal tolong ditindak",  # no first person: the name is the subject
    "kenalan rawan begal",
    "motor sy ilang di kenalan",  # after "di": where it happened
    "kenalan",  # typed alone
]


@pytest.mark.parametrize("text", WORDS_ONLY)
def test_a_first_person_story_of_sentence_words_names_nothing(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status in REFUSED, (text, res.status, res.reason, res.chosen)


@pytest.mark.parametrize("text", PLACES)
def test_the_same_names_stay_places_where_they_are_places(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status in ("ok", "ambiguous"), (text, res.status, res.reason)


@pytest.mark.parametrize(
    ("word", "chat"),
    [
        ("ngajak", True),  # mengajak
        ("ngancem", True),  # mengancam
        ("dipake", True),  # dipakai
        ("dapet", True),  # dapat
        ("ngaji", False),  # a root of three letters: too short to say
        ("bawa", False),  # a dictionary word as written, no chat form
        ("nganjuk", False),  # no dictionary word under it
    ],
)
def test_chat_forms_of_dictionary_words(word: str, chat: bool) -> None:
    assert _a_chat_form(word) is chat, word


def test_a_chat_form_a_village_bears_is_still_a_name_we_know_of(router: Router) -> None:
    """ "wates" reads as a chat form (of "watas") but is the name of Kec. Wates and of
    villages: beside a village named like a word it may be where that village lies."""
    assert not router._a_word_we_know("wates")
    assert router._a_word_we_know("ngajak")
