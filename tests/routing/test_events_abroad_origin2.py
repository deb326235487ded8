"""Myanmar is named as news writes it (session 43: data/places/foreign.csv held only CLDR's
"Myanmar (Burma)", so "di myanmar" found no country and a home town told before it was
taken for the place). Routing through data/ as shipped."""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router


@pytest.mark.parametrize(
    "text",
    [
        "warga buleleng dijanjikan kerja malah disekap di myanmar",
        "tki asal indramayu dipaksa kerja scam di myanmar",
        "wni disekap di myawaddy",
    ],
)
def test_an_event_in_myanmar_is_abroad(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "outside", (text, res.status, res.chosen)
    assert res.reason == "foreign:MM"
