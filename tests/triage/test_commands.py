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


def test_eval_of_a_labelled_file_lists_its_misses_and_never_reads_the_held_out_half(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`dumas triage eval --file`: a fresh check is measured so before its lines join
    dev.jsonl (tests/eval/triage/README.md)."""
    fresh = tmp_path / "fresh.jsonl"
    lines = [
        {"text": "tolong ada begal di depan gang, teman saya dikejar", "intent": "emergency",
         "category": "crime", "emergency": True, "abusive": False, "criticism": False},
        # labelled wrongly on purpose: the table counts it and --failures names it
        {"text": "syarat perpanjang sim apa saja?", "intent": "greeting", "category": None,
         "emergency": False, "abusive": False, "criticism": False},
    ]  # fmt: skip
    fresh.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, out = _run(capsys, "triage", "eval", "--file", str(fresh), "--failures", "--compare")
    assert code == 0
    rows = [line.split() for line in out.splitlines() if line.startswith("fresh ")]
    assert [row[1] for row in rows] == ["rules", "combined"] and all(r[2] == "2" for r in rows)
    assert all(row[3] == "0.500" for row in rows)  # intent: the question is not a greeting
    misses = [line for line in out.splitlines() if "MISS" in line]
    assert len(misses) == 1 and "syarat perpanjang sim" in misses[0]
    held_out = Path(__file__).parents[1] / "eval" / "triage" / "heldout.jsonl"
    code, out = _run(capsys, "triage", "eval", "--file", str(held_out), "--failures")
    assert code == 2 and "MISS" not in out
