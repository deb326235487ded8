"""bot/routing/resolver.py `_only_words_of_the_sentence`, session 42 (issue 14): a text
naming no place whose one place-like word is the subject of a verb opening it
("babakan dicuri orang tadi malam": Kec. Babakan of Cirebon), or whose story holds a few
English or chat words we do not know ("invest crypto", "withdraw"), or a place the tree
lacks after "di", names nothing: not the word's kecamatan or village."""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router


@pytest.mark.parametrize(
    "text",
    [
        # a kecamatan's name opening the text before a verb built from a root
        "babakan dicuri orang tadi malam",
        # English words of online fraud further off than the word beside the name
        "kenalan online ngajak trading crypto terus withdraw ga bisa",
        # a made-up place after "di" (none of ours): not Kec. Bayang of Pesisir Selatan
        "bayang diikat perampok di baduweb",
    ],
)
def test_a_story_naming_no_place_of_ours_is_refused(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert (result.status, result.chosen) == ("not_found", None), result.reason


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # words we do not know as many as those we know: a list of names (Legian)
        ("ground zero legian", "ok"),
        # a root after the opening name tells of the place ("rawan": prone to)
        ("puluhan rawan begal tolong ditindak", "ok"),
        # a people's word before a kecamatan: asked (session 35)
        ("pelajar pakem dibegal", "ambiguous"),
    ],
)
def test_the_place_of_a_list_or_of_a_root_is_kept(router: Router, text: str, status: str) -> None:
    assert router.resolve_text(text).status == status
