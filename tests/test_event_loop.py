"""DUMAS_EVENT_LOOP: `dumas run` runs on the loop the setting names and says which (the
start-up line and /healthz); a wrong value stops start-up with one line naming it; a
process on either loop stops cleanly on SIGTERM (bench/README.md, session 36)."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.event_loop import run, running_loop_name
from bot.settings import Settings, SettingsError, load_settings
from tests.built_once import second_start
from tests.fakes.telegram_api import FakeBotAPI
from tests.harness import TOKEN
from tests.pg_cluster import ON_POSTGRESQL
from tests.reliability.instances import free_port

ROOT = Path(__file__).resolve().parents[1]


def _env(data: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    return {**env, "DUMAS_DATA_DIR": str(data), **settings}


async def _healthz(port: int, process: asyncio.subprocess.Process) -> dict[str, object]:
    """/healthz's report once the process answers it (a generous bound, no timing)."""
    async with aiohttp.ClientSession() as session:
        for _ in range(1200):
            if process.returncode is not None:
                raise AssertionError(f"dumas run stopped with {process.returncode}")
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as answer:
                    report: dict[str, object] = await answer.json()
                    if report.get("ok"):
                        return report
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("dumas run never answered /healthz")


@pytest.mark.parametrize("setting", ["asyncio", "uvloop", ""])
async def test_run_reports_the_loop_it_runs_on_and_stops_on_sigterm(
    tmp_path: Path, setting: str, gazetteer_cache: Path
) -> None:
    # "": the default, by the database (on the PostgreSQL run the tests' conftest gives
    # the process a postgresql:// URL)
    loop = setting or ("uvloop" if ON_POSTGRESQL else "asyncio")
    port = free_port()
    # not a first start: the gazetteer's build (~3.5 s of CPU) is not this test's subject
    data = second_start(tmp_path / "data", gazetteer_cache)
    async with FakeBotAPI(token=TOKEN) as api:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            cwd=ROOT,
            env=_env(
                data,
                DUMAS_TELEGRAM_TOKEN=TOKEN,
                DUMAS_TELEGRAM_API_URL=api.url,
                DUMAS_HTTP_PORT=str(port),
                DUMAS_LOG_LEVEL="info",
                DUMAS_EVENT_LOOP=setting,
            ),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            report = await _healthz(port, process)
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert report["event_loop"] == loop
    started = [line for line in stderr.decode().splitlines() if "Dumas is running" in line]
    assert len(started) == 1 and started[0].endswith(f"event loop: {loop}"), stderr.decode()
    # SIGTERM stopped it through the runtime's `finally` (the loop's signal handler), not
    # by the default action (which would be -15)
    assert process.returncode == 0, stderr.decode()


def test_a_wrong_loop_stops_start_up_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        capture_output=True,
        text=True,
        env=_env(tmp_path, DUMAS_TELEGRAM_TOKEN=TOKEN, DUMAS_EVENT_LOOP="trio"),
        cwd=ROOT,
        timeout=120,
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2
    assert lines == ["dumas: DUMAS_EVENT_LOOP='trio' is invalid: must be one of asyncio, uvloop"], (
        result.stderr
    )


def test_uvloop_asked_for_but_not_installed_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvloop" else real(name, *a)
    )
    with pytest.raises(SettingsError, match=r"^DUMAS_EVENT_LOOP='uvloop' is invalid: .*pip"):
        load_settings({"DUMAS_DATA_DIR": str(tmp_path), "DUMAS_EVENT_LOOP": "uvloop"}, None)


def test_by_default_uvloop_on_postgresql_and_asyncio_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the settings themselves, not load_settings: on the PostgreSQL run the tests' conftest
    # gives DUMAS_DATABASE_URL a default of its own
    def loop(database_url: str = "", event_loop: str = "") -> str:
        return Settings(tmp_path, database_url=database_url, event_loop=event_loop).loop

    url = "postgresql://dumas@127.0.0.1/dumas"
    assert loop() == "asyncio"
    assert loop(url) == "uvloop"
    assert loop(url, "asyncio") == "asyncio"
    assert loop("", "uvloop") == "uvloop"
    # and the empty setting is what load_settings reads by default
    assert load_settings({"DUMAS_DATA_DIR": str(tmp_path)}, None).event_loop == ""
    # where uvloop cannot be installed (Windows), the default falls back to asyncio's
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvloop" else real(name, *a)
    )
    assert loop(url) == "asyncio"


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_run_runs_the_coroutine_on_the_named_loop(loop: str) -> None:
    async def which() -> tuple[str, str]:
        return running_loop_name(), type(asyncio.get_running_loop()).__module__

    name, module = run(which(), loop)
    assert name == loop
    assert module.split(".")[0] == loop
