"""bench/bench_closed_loop.py's `--backend both`: one invocation runs the reference bot,
a real `dumas run` on SQLite and one on a throwaway PostgreSQL cluster, over the fake
Bot API, with a few citizens. The figures are not checked (nothing here is timed): that
each bot served every citizen, that each Dumas wrote its tickets into the store it was
given, that the server's CPU is read only for PostgreSQL, and that the table has the
three columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import bench_closed_loop as loop
from tests.pg_cluster import ClusterUnavailable, server_bin

CITIZENS = 2


def test_backend_names_the_columns() -> None:
    assert loop.bot_names(loop.parse_args([])) == ["reference", "dumas"]
    assert loop.bot_names(loop.parse_args(["--backend", "postgresql"])) == [
        "reference",
        loop.PG_NAME,
    ]
    both = ["--backend", "both", "--only", "dumas"]
    assert loop.bot_names(loop.parse_args(both)) == ["dumas", loop.PG_NAME]
    with pytest.raises(SystemExit):  # --limits compares two SQLite runs
        loop.parse_args(["--backend", "both", "--limits"])


async def test_both_backends_in_one_run(gazetteer_cache: Path) -> None:
    try:
        server_bin()
    except ClusterUnavailable as exc:
        pytest.skip(str(exc))
    # the run's gazetteer (built once for the suite's workers): the bench's template
    # would build it again
    args = loop.parse_args(
        [
            *("--backend", "both", "--citizens", str(CITIZENS), "--timeout", "60"),
            *("--gazetteer-cache", str(gazetteer_cache)),
        ]
    )
    by_bot = await loop.measure(args)
    assert list(by_bot) == ["reference", "dumas", loop.PG_NAME]
    for name, (outcome,) in by_bot.items():
        assert (outcome.finished, outcome.stalled, outcome.api_errors) == (CITIZENS, 0, 0), name
        assert outcome.updates == CITIZENS * len(outcome.updates_per_step), name
    # the warm-up citizen's ticket too: each Dumas wrote into the store it was given
    assert by_bot["dumas"][0].tickets == CITIZENS + 1
    assert by_bot[loop.PG_NAME][0].tickets == CITIZENS + 1
    assert by_bot["reference"][0].tickets is None
    assert by_bot["dumas"][0].server_cpu_s == 0.0
    assert by_bot[loop.PG_NAME][0].server_cpu_s > 0.0
    table = loop.report(by_bot)
    head = table.splitlines()[0]
    assert "| reference | dumas (SQLite) | dumas (PostgreSQL) |" in " ".join(head.split())
    assert "CPU ms/update (bot + server)" in table


def test_profile_layers_charge_helpers_to_their_caller() -> None:
    from bench.profile_layers import layer_of_stack

    loop_frames = ["<module> (bot/cli.py:1)", "run_forever (asyncio/base_events.py:608)"]
    parse = [
        *loop_frames,
        "parse (bot/channels/telegram/parse.py:40)",
        "loads (json/__init__.py:346)",
    ]
    assert layer_of_stack(parse) == "Bot API: parse updates, build calls"
    insert = [
        *loop_frames,
        "handle (bot/dispatcher.py:80)",
        "claim (bot/store/inbox.py:120)",
        "execute (bot/store/connection.py:200)",
    ]
    assert layer_of_stack(insert) == "durable inbox"
    assert layer_of_stack([*loop_frames, "select (selectors.py:468)"]) == "asyncio (event loop)"
    assert layer_of_stack(["loads (json/__init__.py:346)"]) == "JSON"
    ptb = [
        "<module> (bench/reference_bot.py:230)",
        "process_update (telegram/ext/_application.py:1300)",
        "check_update (telegram/ext/_handlers/conversationhandler.py:700)",
    ]
    assert layer_of_stack(ptb) == "conversation engine"
