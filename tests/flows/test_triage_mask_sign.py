"""flows/triage.py: the character the normaliser writes for a masked letter ("f*ck")
may also be typed by a citizen (U+2217, the asterisk operator of maths keyboards).

Typed, it is an asterisk like any other: a mask only between letters. Before, a run of
them read as a masked word of their own (five of them after "rating" -> "anjing") and
the citizen was flagged abusive for stars."""

from __future__ import annotations

import pytest

from flows.triage import normalize, rule_verdict


@pytest.mark.parametrize(
    "text",
    [
        "pelayanan polsek \u2217\u2217\u2217\u2217\u2217 mantap",
        "rating \u2217\u2217\u2217\u2217 bagus",
        "\u2217\u2217\u2217",
        "nilai: 5 \u2217 3",
        "terima kasih pak\u2217",
    ],
)
def test_typed_asterisk_operators_are_no_harsh_word(text: str) -> None:
    abuse = rule_verdict(text).abuse
    assert not abuse.flagged, (text, normalize(text), abuse)


def test_a_typed_asterisk_operator_inside_a_word_masks_as_an_asterisk_does() -> None:
    typed = normalize("polisi a\u2217\u2217\u2217g")
    assert typed == normalize("polisi a***g") == ["polisi", "anjing"]
    assert normalize("terima kasih pak\u2217") == ["terima", "kasih", "pak"]
