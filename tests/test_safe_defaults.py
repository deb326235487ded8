"""Safer defaults (issue 16, item 8): `dumas run` never quietly becomes the demo, the data
directory and its files are private to the service's user, secrets are compared as bytes,
documents reach officers under a neutral name, and one account cannot file unlimited
tickets."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import stat
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from aiohttp import web

from bot.channels.telegram import webhook as telegram_webhook
from bot.http_server import bound_port, start_site
from bot.ingest import Incoming
from bot.settings import load_settings
from tests.e2e.steps import answer_until, state_of
from tests.harness import Clock, Harness, TgCitizen
from tests.pg_cluster import sqlite_only

PDF = b"%PDF-1.4\n" + b"laporan" * 200

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


# ---------------------------------------------------------------- secrets compared as bytes


async def _raw_post(port: int, path: str, headers: list[bytes], body: bytes) -> int:
    """POST with header bytes as given (aiohttp's client would refuse non-UTF-8 ones);
    returns the status code."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = [f"POST {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", *headers]
    head.append(f"Content-Length: {len(body)}".encode())
    head.append(b"Connection: close")
    writer.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    return int(status_line.split()[1])


@contextlib.asynccontextmanager
async def _served(app: web.Application) -> AsyncIterator[int]:
    runner = await start_site(app, "127.0.0.1", 0)
    try:
        yield bound_port(runner)
    finally:
        await runner.cleanup()


async def test_a_non_utf8_telegram_secret_header_is_forbidden_not_an_error() -> None:
    accepted: list[Incoming] = []

    async def accept(items: list[Incoming]) -> int:
        accepted.extend(items)
        return len(items)

    app = web.Application()
    telegram_webhook.add_routes(app, accept, "s3cret")
    body = json.dumps({"update_id": 1}).encode()
    header = telegram_webhook.SECRET_HEADER.encode()
    async with _served(app) as port:
        for value in (b"\xff\xfe\x80", b"s3cret\xff", "s3crét".encode("latin-1")):
            status = await _raw_post(port, telegram_webhook.PATH, [header + b": " + value], body)
            assert status == 403, value
        assert await _raw_post(port, telegram_webhook.PATH, [header + b": s3cret"], body) == 200
    assert [i.external_id for i in accepted] == ["1"]


async def test_a_non_utf8_twilio_signature_is_forbidden_and_a_good_one_passes(
    tmp_path: Path,
) -> None:
    from twilio.request_validator import RequestValidator

    from bot.channels.whatsapp import webhook as whatsapp_webhook

    settings = load_settings(
        {
            "DUMAS_DATA_DIR": str(tmp_path),
            "DUMAS_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
            "DUMAS_TWILIO_AUTH_TOKEN": "token",
            "DUMAS_TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
            "DUMAS_PUBLIC_URL": "https://dumas.example",
        },
        env_file=None,
    )
    accepted: list[Incoming] = []

    async def accept(items: list[Incoming]) -> int:
        accepted.extend(items)
        return len(items)

    app = web.Application()
    whatsapp_webhook.add_message_route(app, accept, settings)
    params = {"MessageSid": "SM1", "From": "whatsapp:+628123", "Body": "halo"}
    body = urlencode(params).encode()
    form = b"Content-Type: application/x-www-form-urlencoded"
    good = RequestValidator("token").compute_signature(
        settings.public_url + whatsapp_webhook.PATH, params
    )
    header = whatsapp_webhook.SIGNATURE_HEADER.encode() + b": "
    async with _served(app) as port:
        for value in (b"\xff\xfe\x80", good.encode() + b"\xff"):
            status = await _raw_post(port, whatsapp_webhook.PATH, [form, header + value], body)
            assert status == 403, value
        status = await _raw_post(port, whatsapp_webhook.PATH, [form, header + good.encode()], body)
        assert status == 200
    assert [i.external_id for i in accepted] == ["SM1"]


# ---------------------------------------------------------------- a private data directory


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@sqlite_only("the modes of the database file")
def test_the_data_directory_is_0700_and_its_files_0600(tmp_path: Path) -> None:
    """Through the CLI under the usual login umask (022): `dumas migrate` creates the
    directory and the database; `dumas chat` then stores the rest."""
    env = _env(tmp_path)
    result = subprocess.run(
        ["/bin/sh", "-c", f"umask 022 && exec {sys.executable} -m bot.cli migrate"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    assert _mode(data) == 0o700
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.name == "dumas.sqlite3" for p in files), files
    assert {str(p.relative_to(data)): _mode(p) for p in files} == {
        str(p.relative_to(data)): 0o600 for p in files
    }


def test_an_existing_world_readable_data_directory_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "migrate"],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert _mode(data) == 0o700


async def test_evidence_and_database_written_by_the_runtime_are_0600(
    harness: Harness,
) -> None:
    from tests.e2e.steps import reach

    citizen = harness.citizen(9301)
    await reach(citizen, "evidence")
    harness.api.add_file("PDF-MODE", PDF)
    await citizen.send(harness.updates.document(9301, file_id="PDF-MODE", file_size=len(PDF)))
    data = harness.runtime.settings.data_dir
    assert _mode(data) == 0o700
    evidence = [p for p in harness.runtime.settings.evidence_dir.rglob("*") if p.is_file()]
    assert evidence
    database = [harness.runtime.settings.db_path] if harness.db.dialect == "sqlite" else []
    for path in [*evidence, *database]:
        assert _mode(path) == 0o600, path


# ---------------------------------------------------------------- per-citizen caps

STORY = "Motor saya dicuri dua orang tak dikenal di parkiran pasar kemarin"
EMERGENCY = "Tolong ada orang bawa pisau mau membunuh saya sekarang di depan rumah"


async def _to_summary(citizen: TgCitizen, story: str = STORY) -> None:
    """From idle to the summary of a new complaint, whatever the flow asks on the way."""
    await citizen.say("/start")
    await answer_until(citizen, "summary", story=story, when="when:today")


async def _tickets(harness: Harness, user_id: int) -> list[dict[str, object]]:
    rows = await harness.rows(
        "SELECT t.id, t.reference, t.priority, t.flags, t.created_at FROM tickets t "
        "JOIN citizens c ON c.id = t.citizen_id WHERE c.external_id = ? ORDER BY t.id",
        str(user_id),
    )
    return [dict(r) for r in rows]


async def _age(harness: Harness, user_id: int, **delta: float) -> None:
    """Move this citizen's tickets into the past (created_at is the wall clock)."""
    rows = await _tickets(harness, user_id)
    async with harness.db.transaction() as conn:
        for row in rows:
            at = datetime.fromisoformat(str(row["created_at"])) - timedelta(**delta)
            await conn.execute(
                "UPDATE tickets SET created_at = ? WHERE id = ?", (at.isoformat(), row["id"])
            )


@pytest.mark.settings(DUMAS_MAX_TICKETS_PER_HOUR="2", DUMAS_MAX_TICKETS_PER_DAY="3")
async def test_tickets_over_the_cap_wait_as_a_draft_and_urgent_ones_pass(
    harness: Harness, clock: Clock
) -> None:
    citizen = harness.citizen(9401)
    for _n in range(2):
        await _to_summary(citizen)
        await citizen.press("sum:confirm")
    assert len(await _tickets(harness, 9401)) == 2

    # the hour's cap: held, the draft kept at its summary, the same buttons offered
    await _to_summary(citizen, STORY + " lagi")
    sent = await citizen.press("sum:confirm")
    assert len(await _tickets(harness, 9401)) == 2
    assert await state_of(citizen) == "summary"
    notice = [c for c in sent if c.text and "110" in c.text]
    assert notice and "menit" in notice[-1].text, [c.text for c in sent]
    assert "sum:confirm" in notice[-1].callback_data()
    draft = (await harness.rows("SELECT draft FROM conversations"))[0]["draft"]
    assert "lagi" in draft  # the story is kept

    # an emergency is never held
    other = harness.citizen(9402)
    for _n in range(2):
        await _to_summary(other)
        await other.press("sum:confirm")
    await _to_summary(other, EMERGENCY)
    await other.press("sum:confirm")
    urgent = await _tickets(harness, 9402)
    assert len(urgent) == 3 and urgent[-1]["priority"] == "urgent"

    # an hour later the kept draft goes with one press (the hour passes on the clock: the
    # draft carries the tickets its start read, bot/dispatcher.py `_carry_filed`)
    clock.advance(minutes=61)
    await citizen.press("sum:confirm")
    filed = await _tickets(harness, 9401)
    assert len(filed) == 3 and await state_of(citizen) == "idle"

    # the day's cap (3) holds the next one for hours, not minutes
    await _age(harness, 9401, hours=2)
    await _to_summary(citizen, STORY + " sekali lagi")
    sent = await citizen.press("sum:confirm")
    assert len(await _tickets(harness, 9401)) == 3
    assert any("jam" in (c.text or "") and "110" in (c.text or "") for c in sent)


async def test_repeated_urgent_tickets_are_marked_for_a_supervisor(harness: Harness) -> None:
    citizen = harness.citizen(9403)
    for _n in range(3):
        await _to_summary(citizen, EMERGENCY)
        await citizen.press("sum:confirm")
    rows = await _tickets(harness, 9403)
    assert [r["priority"] for r in rows] == ["urgent"] * 3
    assert "repeated_urgent" not in str(rows[1]["flags"])
    assert json.loads(str(rows[2]["flags"]))["repeated_urgent"] == 3
    events = await harness.rows(
        "SELECT kind, detail FROM ticket_events WHERE ticket_id = ? AND kind = ?",
        rows[2]["id"],
        "repeated_urgent",
    )
    assert len(events) == 1
