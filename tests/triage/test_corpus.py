"""The labelled triage corpus (tests/eval/triage) and the training-only messages
(data/triage/training): well-formed, every line sourced, the halves apart."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.catalog import load_categories
from bot.triage.training import EVAL_DIR, INTENTS, TRAINING_DIR, read_lines

FILES = [EVAL_DIR / "dev.jsonl", EVAL_DIR / "heldout.jsonl", *sorted(TRAINING_DIR.glob("*.jsonl"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_line_is_labelled_and_sourced(path: Path) -> None:
    categories = {c.id for c in load_categories()}
    for item in read_lines(path):
        where = f"{path.name}: {item.get('text', '')[:60]!r}"
        assert str(item["text"]).strip(), where
        assert item["intent"] in INTENTS, where
        if item["intent"] in ("emergency", "complaint"):
            assert item["category"] in categories, where
        assert item["emergency"] == (item["intent"] == "emergency"), where
        assert isinstance(item["abusive"], bool) and isinstance(item["criticism"], bool), where
        assert not (item["criticism"] and item["abusive"]), where
        assert str(item["source"]).strip(), where


def test_the_halves_share_no_message_and_are_big_enough() -> None:
    dev = [i["text"].strip().lower() for i in read_lines(EVAL_DIR / "dev.jsonl")]
    held = [i["text"].strip().lower() for i in read_lines(EVAL_DIR / "heldout.jsonl")]
    assert len(dev) + len(held) >= 1500
    assert not set(dev) & set(held)
    training = [i["text"].strip().lower() for path in FILES[2:] for i in read_lines(path)]
    # (counts only: a test must not print the held-out half's lines)
    repeated = len(set(training) & set(held))
    assert not repeated, f"{repeated} training-only messages repeat held-out ones"
    # nor may it come from a page the evaluation corpus used (same facts, other words)
    eval_sources = {i["source"].strip() for path in FILES[:2] for i in read_lines(path)}
    reused = {i["source"].strip() for path in FILES[2:] for i in read_lines(path)} & eval_sources
    assert not reused, f"{len(reused)} training sources were used by the evaluation corpus"
    intents = Counter(
        json.loads(line)["intent"]
        for line in (EVAL_DIR / "heldout.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    assert all(intents[label] >= 40 for label in INTENTS), intents
