"""Sundanese "kamari" (yesterday) says a theft is over, as "kemarin" and Javanese "wingi"
do: with the shipped model, "motor abdi leungit di parkiran kamari" was an emergency
(the model alone, no emergency word; session 32's walk-through). Real emergencies told
in Sundanese, and Manado's "kamari" ("come here": "cepat kamari"), still are."""

from __future__ import annotations

import pytest

from flows.triage import normalize
from tests.triage.shipped import shipped_verdict as _verdict


@pytest.mark.parametrize(
    "text",
    [
        "motor abdi leungit di parkiran kamari",
        "punten, abdi kaleungitan motor di payun pasar baru bandung kamari",
        "hp abdi dipaling kamari di angkot, ayeuna bade lapor",
    ],
)
def test_a_theft_told_the_day_after_in_sundanese_is_not_an_emergency(text: str) -> None:
    verdict = _verdict(text)
    assert not verdict.emergency.flagged, (normalize(text), verdict.emergency)
    assert verdict.intent.label.value == "complaint", verdict.intent


@pytest.mark.parametrize(
    "text",
    [
        # Sundanese: a house on fire now; a child gone a moment ago
        "tulung pak, imah tatangga kahuruan ayeuna, seuneuna gede pisan",
        "budak abdi leungit di pasar nembe pisan, umurna opat taun, tulung",
        # Manado: "come here quickly", a man beating his wife in the street
        "pak polisi cepat kamari, ada laki-laki mabo pukul dia pe bini sampe babak belur",
    ],
)
def test_emergencies_told_in_sundanese_or_with_manado_kamari_still_are(text: str) -> None:
    verdict = _verdict(text)
    assert verdict.emergency.flagged, (normalize(text), verdict.emergency)
