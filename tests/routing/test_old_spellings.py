"""Texts in the spelling of before 1972 ("oe", "dj", "tj"): bot/routing/place_words.py
`modern_spelling` and bot/routing/resolver.py `_in_modern_spelling`.

Session 29 respelt 400 kab/kota and district names the old way ("kec moeara batang
toroe"): 133 resolved to the right place before, 371 after.
"""

from __future__ import annotations

import pytest

from bot.routing.place_words import modern_spelling
from bot.routing.resolver import Router


@pytest.mark.parametrize(
    ("old", "today"),
    [
        ("kab soemedang", "kab sumedang"),
        ("Soerabaja", "surabaya"),  # Van Ophuijsen: "oe" is "u" and "j" is "y"
        ("tjiandjur", "cianjur"),
        ("djambi loear kota", "jambi luar kota"),
        ("jl letjen suprapto", "jl letjen suprapto"),  # an abbreviation of today
        ("tj morawa", "tj morawa"),  # "tj" alone is Tanjung
        ("kramatjati", "kramatjati"),
    ],
)
def test_modern_spelling(old: str, today: str) -> None:
    assert modern_spelling(old) == today


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kec pitjoeng", "36.01.11"),  # Kec. Picung, Pandeglang: nothing named before
        ("kab kepoelaoean talaoed", "71.04"),
        ("tjilamaya wetan", "32.15.15"),  # not Kec. Bandung Wetan from "wetan"
        ("djambi loear kota", "15.05.01"),  # not Kota Jambi from "kota"
    ],
)
def test_a_text_in_the_old_spelling_is_read_in_todays(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", result
    assert result.chosen is not None and result.chosen.code == code
    assert result.reason.endswith("modern_spelling")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("rsud djasamen saragih", "12.72"),  # a name that keeps the old spelling
        ("desa oesao kupang timur", "53.01"),
        ("jl letjen suprapto galur", "31.71"),
        # a street keeps its hero's old spelling; the kelurahan beside it (Bengkulu) stands
        # although "jl sukarno solo baru" would be a street of Surakarta
        ("jl soekarno solo baru kandang limun", "17.71"),
    ],
)
def test_names_that_keep_the_old_spelling_are_kept(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", result
    assert result.chosen is not None and result.chosen.code.startswith(code)
    assert "modern_spelling" not in result.reason


@pytest.mark.parametrize("text", ["oebobo", "kuta meuligoe", "hp saya dicopet di parang loe"])
def test_a_name_several_units_share_in_the_old_spelling_is_still_asked(
    router: Router, text: str
) -> None:
    # names of today that keep "oe" and that places of several units bear: respelt
    # ("kuta meuligu", "parang lu") they would name Kec. Kuta of Badung, Kec. Parang of
    # Magetan by their first word only; the question stays
    assert router.resolve_text(text).status == "ambiguous"


def test_a_place_abroad_is_not_respelt(router: Router) -> None:
    # "faroe" respelt "faru" would be a village of Maluku
    assert router.resolve_text("kepulauan faroe").status == "outside"
