"""The probe of words of kab/kota names that are story words (bot/evaluation/
regency_words.py, session 44): which words it takes from the tree, and that it runs
every frame."""

from __future__ import annotations

import pytest

from bot.evaluation.regency_words import probe, regency_words
from bot.evaluation.story_words import _zipf
from bot.routing.resolver import Router

needs_wordfreq = pytest.mark.skipif(_zipf() is None, reason="wordfreq (the test extra)")


@needs_wordfreq
def test_the_words_of_kab_kota_names_are_taken_from_the_tree(router: Router) -> None:
    words = {w.word: w for w in regency_words(router)}
    # shared first words: Tanah Datar / Laut / Bumbu, Pegunungan Arfak / Bintang
    assert words["tanah"].kind == "head" and set(words["tanah"].codes) == {
        "13.04",
        "63.01",
        "63.10",
    }
    assert words["pegunungan"].kind == "head"
    # a kab/kota's own one-word name that is also the first word of another's (Batu Bara)
    assert words["batu"].kind == "name" and words["batu"].codes == ("35.79",)
    # words of kab/kota names the gazetteer does not read as a kab/kota alone
    assert "tanjung" not in words and "timur" not in words


@needs_wordfreq
def test_the_probe_runs_every_frame(router: Router) -> None:
    result = probe(router, every=3)
    frames = {f for f, _, _ in result.outcomes}
    assert {"alone", "di", "mafia-", "with-", "with", "opens", "app"} <= frames
    # typed alone or after "di", every word of the sample still names its kab/kota
    kept = [o for (f, _, o), n in result.outcomes.items() for _ in range(n) if f in ("alone", "di")]
    assert kept and set(kept) == {"right"}
