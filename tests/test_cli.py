"""The `dumas` command: help lists commands and settings; a bad setting is one clear line."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

from bot.evaluation.places import EVAL_DIR
from bot.settings import SETTINGS
from tests.built_once import second_start
from tests.pg_cluster import sqlite_only


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        cwd=cwd,
        timeout=120,
    )


def _chat(data: Path, *lines: str) -> str:
    """`dumas chat` on the data directory `data`, the lines typed one by one; its output."""
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")},
            "DUMAS_DATA_DIR": str(data),
        },
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_help_lists_every_command_and_setting() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("run", "chat", "check", "migrate", "staff", "i18n", "routing", "geo"):
        assert f"    {command}" in result.stdout
    for setting in SETTINGS:
        assert setting.name in result.stdout


def test_invalid_setting_stops_with_one_line_naming_it(tmp_path: Path) -> None:
    result = run("migrate", env={"DUMAS_DATA_DIR": str(tmp_path), "DUMAS_HTTP_PORT": "abc"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DUMAS_HTTP_PORT" in lines[0]
    secret = run(
        "migrate",
        env={
            "DUMAS_DATA_DIR": str(tmp_path),
            "DUMAS_TELEGRAM_TOKEN": "x",
            "DUMAS_TELEGRAM_MODE": "webhook",
        },
    )
    assert secret.returncode == 2 and "DUMAS_TELEGRAM_WEBHOOK_SECRET" in secret.stderr


@sqlite_only("the store's file shows where DUMAS_DATA_DIR from .env points")
def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"DUMAS_DATA_DIR={tmp_path / 'from-dotenv'}\n")
    result = run("migrate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-dotenv" / "dumas.sqlite3").is_file()


def test_try_out_chat_files_a_complaint_without_a_token(tmp_path: Path) -> None:
    lines = [
        "/start",
        "1",
        "1",
        "Motor saya dicuri orang tak dikenal di parkiran pasar",
        "kemarin sore",
        "kec cilandak jaksel",
        "1",
        "1",
        "1",
        "1",
        "/status",
    ]
    out = _chat(tmp_path, *lines)
    assert "DMS-" in out and "Polres Metro Jakarta Selatan" in out


def test_try_out_chat_answers_again_on_the_same_data_directory(
    tmp_path: Path, gazetteer_cache: Path
) -> None:
    # Each run numbered its lines from 1, and the inbox took them for repeats of the last
    # run's: a second `dumas chat` got no answer at all until past the first's count.
    first = _chat(second_start(tmp_path, gazetteer_cache), "/status", "/bantuan")
    assert "/aduan" in first
    second = _chat(tmp_path, "/status")
    assert second.count("/aduan") >= 1, second


def test_try_out_chat_answers_english_in_english(tmp_path: Path, gazetteer_cache: Path) -> None:
    # Only WhatsApp guessed the language from the words: the console answered a tourist's
    # English in Indonesian.
    out = _chat(
        second_start(tmp_path, gazetteer_cache),
        "my phone was stolen yesterday at the market, please help",
    )
    assert "Do you agree?" in out, out
    assert "Setuju?" not in out


def test_try_out_chat_notice_names_this_computer_not_telegram(
    tmp_path: Path, gazetteer_cache: Path
) -> None:
    # The console's privacy notice and /dataku said the messages pass through Telegram
    # (abroad): the table of who carries a channel's messages had no "console" row.
    out = _chat(
        second_start(tmp_path, gazetteer_cache), "hp saya dicuri di pasar tadi malam", "/dataku"
    )
    assert "Setuju?" in out, out
    notice, dataku = out.split("Data Bapak/Ibu yang disimpan Dumas:")
    assert "Pesan hanya tersimpan di komputer ini, tanpa pihak ketiga." in notice, notice
    assert "Pesan hanya tersimpan di komputer ini, tanpa pihak ketiga." in dataku, dataku
    assert "Telegram" not in out and "luar negeri" not in out


def test_output_cut_short_by_the_reader_ends_quietly(tmp_path: Path, gazetteer_cache: Path) -> None:
    """`dumas routing eval | head -2`: the reader has gone when the report is written;
    the command stops without a traceback (it printed two, on session 35's machine)."""
    # What is checked is the write to a pipe nobody reads, not the figures: three lines of
    # the development half make a report as the whole half does (the half took ~25 s of
    # CPU here, 58-115 s of wall time in CI), and the data directory starts with the run's
    # gazetteer cache (tests/conftest.py), as an installation's second start does.
    labelled = tmp_path / "three.jsonl"
    with (EVAL_DIR / "places" / "dev.jsonl").open(encoding="utf-8") as dev:
        labelled.write_text("".join(itertools.islice(dev, 3)), encoding="utf-8")
    second_start(tmp_path, gazetteer_cache)
    base = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    command = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "routing", "eval", "--file", str(labelled)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**base, "DUMAS_DATA_DIR": str(tmp_path)},
    )
    assert command.stdout is not None and command.stderr is not None
    # closed before the child has even imported the CLI (the report comes after it has
    # loaded the router and measured the file), so its first write finds no reader, as
    # after `head` has its lines
    command.stdout.close()
    errors = command.stderr.read().decode()
    assert command.wait(timeout=120) == 141
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
