"""Names written with other spacing than the tables write them (session 40, issue 14):
bot/routing/name_spacing.py and where the gazetteer reads its forms."""

from __future__ import annotations

import pytest

from bot.routing.gazetteer import KIND_NAMES, KIND_PHRASES, Gazetteer
from bot.routing.name_spacing import glued_short_forms, joined_pair_forms
from bot.routing.place_words import name_key
from bot.routing.resolver import Router


def test_glued_short_forms_of_a_names_first_word() -> None:
    assert glued_short_forms("sungai beduk") == ["seibeduk"]
    assert set(glued_short_forms("tanjung balai")) >= {"tgbalai", "tjbalai"}
    assert glued_short_forms("kampung melayu") == ["kpmelayu"]
    assert glued_short_forms("beduk") == []  # one word: nothing to glue
    assert glued_short_forms("sungai ar") == []  # "seiar": too short a rest


def test_joined_pairs_only_after_a_kind_word() -> None:
    names = {"air terjun jambuara"}
    forms = list(
        joined_pair_forms(["air", "terjun", "jambu", "ara"], names, {}, KIND_NAMES, KIND_PHRASES)
    )
    assert "air terjun jambuara" in forms
    # no kind word: two bare words are not joined
    assert list(joined_pair_forms(["jambu", "ara"], names, {}, KIND_NAMES, KIND_PHRASES)) == []
    # the two words as written are a name: left apart
    assert list(joined_pair_forms(["pantai", "jambu", "ara"], names, {"jambu ara": ()})) == []


def test_the_glued_short_form_is_keyed(gazetteer: Gazetteer) -> None:
    assert gazetteer.keys["seibeduk"] == ("21.71.07",)  # Kec. Sei Beduk, Batam


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # glued, the first word short (the full glued form "sungaiapit" was read already)
        ("seibeduk", "21.71.07"),  # Kec. Sei Beduk, Kota Batam
        ("motor saya hilang di seibeduk kemarin", "21.71.07"),
        ("sungaiapit", "14.08.02"),
        # a landmark's one-word name in two parts after its kind: Air Terjun Jambuara of
        # Kab. Karo (data/places/landmarks/nature.csv), not Kec. Jambu of Kab. Semarang
        ("tiga remaja hanyut di air terjun jambu ara", "12.08"),
        ("stasiun mangga rai", "31.74"),  # Stasiun Manggarai, not Kab. Manggarai (NTT)
    ],
)
def test_a_name_whatever_its_spacing(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok"
    assert result.chosen is not None and result.chosen.code.startswith(code)


def test_no_glued_short_form_is_an_indonesian_word(gazetteer: Gazetteer) -> None:
    """Generated over the whole tree: "seiring", "seimbang" are words, and no region
    name glued after "sei", "tg", "kp"... spells one (wordfreq's Indonesian list)."""
    wordfreq = pytest.importorskip("wordfreq")
    keyed = {
        short
        for _code, name in gazetteer.tree.items()
        for short in glued_short_forms(name_key(name))
        if short in gazetteer.keys
    }
    assert len(keyed) > 1000
    words = [k for k in keyed if wordfreq.zipf_frequency(k, "id") >= 1.5]
    assert words == []
