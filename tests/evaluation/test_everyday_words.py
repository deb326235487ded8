"""The everyday-words probe (bot/evaluation/everyday_words.py, session 41): which words it
takes for a citizen's words, and how it counts."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.evaluation.everyday_words import (
    EverydayProbeResult,
    a_citizens_word,
    everyday_names,
    probe,
    unknown_names,
)
from bot.evaluation.story_words import _zipf
from bot.routing.resolver import Router

needs_wordfreq = pytest.mark.skipif(_zipf() is None, reason="wordfreq (the test extra)")


@needs_wordfreq
def test_dictionary_derived_and_chat_words_are_a_citizens_words() -> None:
    # a root ("sawit"), a derived word ("puluhan", "petani"), chat's "e" for "a" ("sampe",
    # "dapet") and its bare nasal ("ngumpul")
    for word in ("sawit", "tambang", "puluhan", "petani", "kenalan", "sampe", "dapet", "ngumpul"):
        assert a_citizens_word(word), word
    # a place's own name no sentence uses, and a rare dictionary word
    for word in ("mbinime", "semandang", "kijing"):
        assert not a_citizens_word(word), word


@needs_wordfreq
def test_the_names_are_one_word_keys_of_a_kecamatan_or_village(router: Router) -> None:
    names = {n.word: n for n in everyday_names(router)}
    assert names["sawit"].kind == "district"  # Kec. Sawit of Boyolali
    assert names["sampe"].chat  # Desa Sampe of Sumbawa, chat's "sampai"
    assert all(" " not in w for w in names)
    assert "jawa" not in names  # a province's name is never a word of the story


def test_the_probe_fails_on_guesses_only() -> None:
    result = EverydayProbeResult(
        outcomes=Counter(
            {
                ("residents", "district", "right"): 5,
                ("residents", "district", "guessed"): 2,
                ("residents", "district", "asked"): 3,
                ("app", "village", "guessed"): 1,
                ("comma", "village", "lost"): 4,
            }
        )
    )
    assert result.defects() == 3
    assert result.count("asked") == 3
    assert result.cases() == 15
    assert any(
        line.startswith("cases 15: right 5, guessed 3, asked 3, lost 4") for line in result.lines()
    )


def test_the_made_up_places_name_nothing(router: Router) -> None:
    names = unknown_names(router, 4)
    assert len(names) == 4
    for name in names:
        assert router.resolve_text(f"banjir di {name}").status == "not_found"


@needs_wordfreq
def test_a_sample_of_the_probe_runs_every_frame(router: Router) -> None:
    result = probe(router, every=60)
    frames = {f for f, _, _ in result.outcomes}
    assert {"before", "quantity", "app"} <= frames
    # session 42: the word where citizens put it, with no place, and a place we lack
    assert {"opens", "verb", "opens-", "unknown-after", "unknown-before"} <= frames
    assert result.cases() > 0 and not result.dropped_frames
