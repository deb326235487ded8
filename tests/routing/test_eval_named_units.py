"""The labelled sets' scorer reads a unit named by a source even when it belongs to another
Polda than the labelled regency's (bot/evaluation/places.py, `_unit_named`): Polres Metro
Tangerang Kota and Polres Tangerang Selatan (Polda Metro Jaya) serve districts of Kab.
Tangerang (Polda Banten). Before session 35 the name search, limited to the regency's
Polda, swapped them for Polresta Tangerang, so a right answer was scored wrong."""

from __future__ import annotations

import pytest

from bot.evaluation.places import score_place
from bot.routing.resolver import Router


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        (
            "motor dicuri di perumahan vila taman bandara dadap kosambi",
            "Polres Metro Tangerang Kota",
        ),
        ("ricuh pilkades di desa ciangir legok", "Polres Tangerang Selatan"),
        ("kec bojonggede", "Polres Metro Depok"),
    ],
)
def test_a_unit_of_another_polda_is_read_by_its_name(router: Router, text: str, unit: str) -> None:
    """The labelled unit serves the district but belongs to another Polda than the
    regency: the scorer must not swap it for the regency's Polda's unit."""
    res = router.resolve_text(text)
    assert res.chosen is not None, res
    item = {
        "text": text,
        "expect": "place",
        "form": "desa",
        "regency": res.chosen.code[:5],
        "unit": unit,
    }
    outcome = score_place(router, item)
    assert outcome.right, outcome.got


def test_a_wrong_unit_of_another_polda_is_still_wrong(router: Router) -> None:
    item = {
        "text": "ricuh pilkades di desa ciangir legok",
        "expect": "place",
        "form": "desa",
        "regency": "36.03",
        "unit": "Polres Metro Tangerang Kota",  # Legok is Polres Tangerang Selatan's
    }
    assert not score_place(router, item).right
