"""`dumas when`: JSON for a typed time, and `--eval`'s exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.evaluation import when as evaluation


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "when", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Minggu (29/11) pukul 19.00 WIB",
            {
                "status": "ok",
                "local": "2026-11-29T19:00",
                "precision": "moment",
                "phrase": "Minggu (29/11) pukul 19.00",
            },
        ),
        (
            "antara jam 10 dan 11 tadi malam",
            {
                "status": "ok",
                "local": "2026-12-04T22:00",
                "precision": "range",
                "phrase": "antara jam 10 dan 11 tadi malam",
            },
        ),
        ("besok pagi", {"status": "future", "local": None, "precision": None, "phrase": None}),
        ("31 Februari", {"status": "unknown", "local": None, "precision": None, "phrase": None}),
    ],
)
def test_prints_json(text: str, expected: dict[str, object]) -> None:
    result = run(text, "--now", "2026-12-05T10:00")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


def test_now_defaults_to_the_zone_clock() -> None:
    result = run("baru saja", "--zone", "Asia/Jayapura")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "ok"


def _write_set(directory: Path, name: str, rows: list[dict[str, str | None]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8"
    )


GOOD = {
    "text": "kemarin sore",
    "now": "2026-12-05T10:00",
    "expect": "ok",
    "date": "2026-12-04",
    "hour": None,
    "minute": None,
    "form": "relative",
}
BAD = {
    "text": "kemarin sore",
    "now": "2026-12-05T10:00",
    "expect": "ok",
    "date": "2026-12-01",
    "hour": None,
    "minute": None,
    "form": "relative",
}
FUTURE = {
    "text": "besok",
    "now": "2026-12-05T10:00",
    "expect": "future",
    "date": None,
    "hour": None,
    "minute": None,
    "form": "future",
}


def test_eval_exit_code_follows_the_held_out_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_set(tmp_path, "dev", [GOOD, BAD])
    _write_set(tmp_path, "heldout", [GOOD, FUTURE])
    assert evaluation.run_eval("all", directory=tmp_path) == 0
    out = capsys.readouterr().out
    assert "== dev ==" in out and "== heldout ==" in out and "50.0%" in out
    _write_set(tmp_path, "heldout", [GOOD, BAD])
    assert evaluation.run_eval("all", directory=tmp_path) == 1
    assert "is below the target" in capsys.readouterr().out


def test_eval_command_without_sets_reports_and_exits() -> None:
    result = run("--eval", "--set", "dev")
    assert result.returncode in (0, 1)
    assert result.stdout.strip()
