"""An insult the writer reports someone else said is not harsh language (README, "Harsh
language": words between quotation marks, "dia bilang 'anjing lu'", are kept apart, not
flagged). The word lists kept that promise since session 31, but with the shipped model
a short report was flagged by the model alone, on the quoted words ("kamu", "anjing"):
the model's flag now stands only when a word that weighed is the writer's own.

A message that is only the quoted insult ('"goblok lu"', a citizen telling what was
said) is words between quotation marks too: not flagged, before and after."""

from __future__ import annotations

import pytest

from flows.triage import normalize
from tests.triage.shipped import shipped_verdict as _verdict


@pytest.mark.parametrize(
    "text",
    [
        "dia bilang 'anjing lu'",
        'dia bilang "goblok lu"',
        'petugasnya bilang "goblok lu" ke saya',
        'saya dibilang "goblok lu" sama petugas di loket',
        '"goblok lu"',
    ],
)
def test_an_insult_someone_else_said_is_not_flagged(text: str) -> None:
    verdict = _verdict(text)
    assert not verdict.abuse.flagged, (normalize(text), verdict.abuse)


@pytest.mark.parametrize(
    "text",
    [
        # the writer's own insult beside a quote, or after it
        "disuruh 'ikhlasin aja'. polisi bangsat",
        "gara2 komen 'mampus' doang akun gw diblokir humas. dasar badut semua lu",
        "saya bilang polisi anjing",
        "goblok lu",
    ],
)
def test_the_writers_own_insult_is_still_flagged(text: str) -> None:
    verdict = _verdict(text)
    assert verdict.abuse.flagged, (normalize(text), verdict.abuse)
