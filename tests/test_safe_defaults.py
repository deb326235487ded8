"""Safer defaults (issue 16, item 8): `dumas run` never quietly becomes the demo, the data
directory and its files are private to the service's user, secrets are compared as bytes,
documents reach officers under a neutral name, and one account cannot file unlimited
tickets."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    return {**base, "DUMAS_DATA_DIR": str(tmp_path / "data"), **extra}


# ---------------------------------------------------------------- `dumas run` and the demo


def test_run_without_a_channel_stops_with_the_settings_to_set(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        capture_output=True,
        text=True,
        env=_env(tmp_path, DUMAS_HTTP_PORT="0"),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "DUMAS_TELEGRAM_TOKEN" in lines[0] and "DUMAS_TWILIO_ACCOUNT_SID" in lines[0]
    assert "demo" not in result.stdout.lower()  # nothing was served


def test_make_run_still_starts_the_demo_when_nothing_is_configured(tmp_path: Path) -> None:
    """The quick start is `make run`: its target asks for the demo fallback, and that
    fallback starts the demo."""
    target = re.search(r"^run:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    assert target is not None
    command = target.group(1).strip().split()
    assert command[0] == "$(VENV)/bin/dumas" and command[1] == "run", command
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *command[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path, DUMAS_HTTP_PORT="0"),
        cwd=tmp_path,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Dumas demo"), first
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
