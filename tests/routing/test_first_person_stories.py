"""Stories told in the first person, of villages named like words of the sentence (issue
14, session 37: the fresh set's no-place texts).

- A story told in the first person ("sy", "saya", "gw") drops its subject and may open
  with a verb named like a village ("kenalan di aplikasi ... meras sy": Desa Kenalan);
  only without one is a name opening the text its subject ("puluhan rawan begal").
- Chat forms of dictionary words that no place bears ("ngajak" for mengajak, "dipake"
  for dipakai, "ngancem") and the words of online fraud ("vc", "apk", a web address's
  "com", "member") are no local name we lack, so they leave such a text naming nothing.

The texts so told are among tests/routing/test_asking_s36.py's (the rule is session 36's
`Router._only_words_of_the_sentence`); here the chat forms. None is a line of the
evaluation sets.
"""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router, _a_chat_form


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


def test_a_chat_form_a_place_bears_may_still_be_a_local_name(router: Router) -> None:
    """ "wates" reads as a chat form (of "watas") but is the name of Kec. Wates and of
    villages: beside a village named like a word it may be where that village lies."""
    assert not router._a_word_we_know("wates")
    assert router._a_word_we_know("ngajak")
