"""bot/routing/story_places.py, session 42 (issue 14): an everyday word that is also a
place's name, where citizens put it in a sentence: opening the text as the subject of a
verb ("babakan dicuri orang ..."), between two words of the story as a verb or its
object ("bawa sajam serang sekuriti": Kota and Kab. Serang), or before a road the story
tells ("tolak tambang di jalan ..."). It gives way to the place the text states
elsewhere; after "di", a people's word or alone it is still the place."""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router

# Desa Bintangmas (Kubu Raya): a village no other key names, no dictionary word.
BINTANGMAS = "61.12.07.2005"


@pytest.mark.parametrize(
    "text",
    [
        # the subject of a verb opening the text: Kec. Babakan of Cirebon was answered
        "babakan dicuri orang di bintangmas",
        # a chat word after it: Desa Kenalan of Magelang (two) were asked with Bintangmas
        "kenalan online ngajak ketemuan di bintangmas",
        # a verb between two words of the story: Kota and Kab. Serang were asked
        "orang bawa sajam serang sekuriti di bintangmas",
        # the road the story tells is where: Kec. Tambang of Kampar was answered
        "demo tolak tambang di jalan raya pelita bintangmas",
    ],
)
def test_a_word_in_a_verbs_place_gives_way_to_the_stated_place(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert (result.status, result.chosen.code if result.chosen else "") == ("ok", BINTANGMAS)


def test_a_road_told_after_the_word_decides_for_it(router: Router) -> None:
    # Maba: Kec. Maba of Halmahera Timur, or Desa Maba of Halmahera Tengah (asked)
    result = router.resolve_text("warga demo tolak tambang di jalan raya maba")
    assert result.status == "ambiguous"
    assert {c.code for c in result.candidates} == {"82.06.02", "82.07.04.2011"}


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # after "di" it is the place
        ("motor dicuri di babakan", {"32.09.05"}),
        # a people's word before it: the people of Serang, still asked (session 43: with a
        # scene after "di" in another kab/kota, "... di bintangmas", the scene is the place:
        # test_home_towns_origin2.py)
        ("warga serang ribut", {"36.04", "36.73"}),
        # two words are no story: the name is still offered
        ("babakan dicuri", {"32.09.05"}),
    ],
)
def test_the_name_after_a_place_cue_or_alone_is_still_offered(
    router: Router, text: str, codes: set[str]
) -> None:
    result = router.resolve_text(text)
    assert result.status == "ambiguous"
    assert codes <= {c.code for c in result.candidates}
