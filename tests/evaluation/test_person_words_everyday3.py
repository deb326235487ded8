"""The persons' and chat words probe (bot/evaluation/person_words.py, session 43): which
words it takes for each class, and that it runs every frame."""

from __future__ import annotations

import pytest

from bot.evaluation.person_words import class_names, probe
from bot.evaluation.story_words import _zipf
from bot.routing.resolver import Router

needs_wordfreq = pytest.mark.skipif(_zipf() is None, reason="wordfreq (the test extra)")


@needs_wordfreq
def test_agent_nouns_and_chat_words_of_the_tree_are_taken(router: Router) -> None:
    names = {n.word: n for n in class_names(router)}
    # agent nouns: Kec. Penarik of Mukomuko, Desa Pemuda, Desa Petani, Desa Tukang
    for word in ("penarik", "pemuda", "petani", "tukang"):
        assert word in names and not names[word].chat, word
    assert names["penarik"].kind == "district"
    # the chat table's: Desa Sampe of Sumbawa ("sampai"), Kec. Deket of Lamongan
    assert names["sampe"].chat and names["sampe"].kind == "village"
    assert names["deket"].chat and names["deket"].kind == "district"
    # a place's own name, no person's word nor chat ("pesanggrahan": "-an" is a place)
    assert "pesanggrahan" not in names and "cilandak" not in names


@needs_wordfreq
def test_the_probe_runs_each_class_in_its_frames(router: Router) -> None:
    result = probe(router, every=4)
    frames = {f for f, _, _ in result.outcomes}
    assert {"p-opens", "p-count", "p-para", "p-opens-", "p-count-", "p-para-"} <= frames
    assert {"c-between", "c-time", "c-verb", "c-between-", "c-verb-"} <= frames
    assert all(kind.startswith("chat") for f, kind, _ in result.outcomes if f.startswith("c-"))
    assert not any(kind.startswith("chat") for f, kind, _ in result.outcomes if f.startswith("p-"))
