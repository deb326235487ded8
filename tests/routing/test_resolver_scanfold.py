"""The kecamatan after its village (Router._the_kecamatan_after_its_village) reads the
names after that kecamatan in both spellings, as it reads the village's and the
kecamatan's own (session 43, the one word-window scan)."""

from __future__ import annotations

import pytest

from bot.routing.gazetteer import Gazetteer
from bot.routing.resolver import Router


@pytest.mark.parametrize(
    "frame", ["desa kunden mandrehe {}", "desa kunden kec mandrehe {}", "desa kunden, mandrehe, {}"]
)
def test_a_later_name_written_apart_lies_with_the_village(
    router: Router, gazetteer: Gazetteer, frame: str
) -> None:
    """Desa Kunden lies in Kec. Wirosari (Grobogan), which the text names last; Mandrehe is
    a kecamatan of Nias Barat. "wiro sari" is the name "wirosari" written apart (the tree
    keys it together only): it says where the village is as the joined spelling does, so
    the village is kept rather than moved to Kec. Mandrehe (before: Mandrehe when apart,
    the village when together)."""
    assert "wiro sari" not in gazetteer.keys
    (wirosari,) = [c for c in gazetteer.keys.get("wirosari", ()) if len(c) == 8]
    together = router.resolve_text(frame.format("wirosari"))
    apart = router.resolve_text(frame.format("wiro sari"))
    assert together.chosen is not None and together.chosen.code.startswith(wirosari + ".")
    assert apart.chosen is not None and apart.chosen.code == together.chosen.code
