"""bot/triage/training.py: retraining is deterministic and the model file round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.triage import training
from bot.triage.model_file import read_model, write_model
from flows.triage_model import REQUIRED_HEADS


def test_training_twice_gives_the_same_file_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(training, "C_GRID", (100.0,))  # one C: the test stays quick
    items = training.read_lines(training.EVAL_DIR / "dev.jsonl")[::4][:240]  # every kind
    report: list[str] = []
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    write_model(training.train(items, report), first)
    write_model(training.train(items), second)
    assert first.read_bytes() == second.read_bytes()
    model = read_model(first)
    assert set(REQUIRED_HEADS) <= set(model.heads)
    assert model.meta["trained_on"] == 240 and model.meta["rule_signals"] is True
    assert any(line.startswith("cross-validated") for line in report)
    # the policy is chosen, not left at its defaults
    assert 0.0 < model.policy.emergency_threshold < 1.0


def test_a_different_corpus_gives_a_different_hash() -> None:
    items = training.read_lines(training.EVAL_DIR / "dev.jsonl")[:10]
    assert training.corpus_hash(items) != training.corpus_hash(items[:9])
    assert training.corpus_hash(items) == training.corpus_hash(list(items))
