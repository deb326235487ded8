"""Two adjacent letters swapped in a name after its level word ("kec gebkrong"):
bot/routing/resolver.py `_with_letters_swapped`.

Session 29 swapped two letters of the district in 400 generated texts: "desa <village>
kec <district>" right 154 of 200 before, 198 after; "kec <district>" alone 69 of 200
before (112 not understood), 168 after.
"""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kampung pajagan kec gebkrong", "32.03.27"),  # from a news page: Kec. Gekbrong
        ("kec gebkrong", "32.03.27"),
        ("desa cibodas kec pacte", "32.03.10.2003"),  # the Cibodas of Kec. Pacet, Cianjur
    ],
)
def test_a_name_with_two_letters_swapped_after_its_level_word_is_read(
    router: Router, text: str, code: str
) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", result
    assert result.chosen is not None and result.chosen.code == code
    assert result.reason.endswith("letters_swapped")


def test_a_swapped_name_several_units_share_is_asked_not_guessed(router: Router) -> None:
    result = router.resolve_text("kec sukloilo")
    assert result.status == "ambiguous", result
    assert {c.code for c in result.candidates} >= {"35.78.09", "33.18.01"}


def test_a_word_that_is_a_name_as_typed_is_not_swapped(router: Router) -> None:
    # "pace" is Kec. Pace (Nganjuk) as typed; shorter words are never respelt
    result = router.resolve_text("kec pace")
    assert "letters_swapped" not in result.reason
