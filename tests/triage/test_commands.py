"""`dumas triage ...` (bot/triage/commands.py): the verdict as JSON, a text that is a
verb, the evaluation's table and exit status, and the export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_the_verdict_has_intent_category_and_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "triage", "tolong ada begal di depan gang, teman saya dikejar")
    verdict = json.loads(out)
    assert code == 0
    assert verdict["intent"]["label"] == "emergency" and verdict["emergency"]["flagged"]
    assert verdict["category"]["suggested"] == "crime"
    assert set(verdict) == {"intent", "category", "emergency", "abusive"}
    code, out = _run(capsys, "triage", "--rules-only", "syarat perpanjang sim apa saja?")
    assert json.loads(out)["intent"] == {"label": "question", "score": 0.7, "source": "rules"}


def test_a_text_that_is_a_verb_is_judged_with_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "triage", "--text", "eval")
    assert code == 0 and json.loads(out)["intent"]["label"] == "other"


def test_eval_prints_both_halves_and_lists_only_development_misses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = _run(capsys, "triage", "eval", "--set", "dev", "--failures", "--compare")
    assert "dev  rules" in out and "dev  combined" in out and "heldout" not in out
    assert code == 0  # only the held-out half decides the exit status


def test_export_of_a_fresh_database_is_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DUMAS_DATA_DIR", str(tmp_path))
    assert main(["migrate"]) == 0
    capsys.readouterr()
    out_file = tmp_path / "corrections.jsonl"
    code, _out = _run(capsys, "triage", "export", "--out", str(out_file))
    assert code == 0 and out_file.read_text(encoding="utf-8") == ""
