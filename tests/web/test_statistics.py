"""Transparency figures without a browser: suppression, and the CSV/JSON exports."""

from __future__ import annotations

import csv
import html
import io
import itertools
from datetime import timedelta

import aiohttp
import pytest

from bot.app import Runtime
from bot.transparency.suppression import PRIMARY, SECONDARY, Equation, suppress
from tests.ticket_history import Event, add_past_ticket


def _consistent(values: dict, equations: list[Equation], hidden: dict, cell) -> set[int]:
    """Every value `cell` can take given what is published (brute force, small tables)."""
    cells = sorted(hidden)
    ranges = [range(0, 5) if hidden[c] == PRIMARY else range(5, 40) for c in cells]
    seen = set()
    for combo in itertools.product(*ranges):
        trial = {**values, **dict(zip(cells, combo, strict=True))}
        if all(trial[e.parent] == sum(trial[c] for c in e.children) for e in equations):
            seen.add(trial[cell])
    return seen


def test_one_small_count_in_a_total_hides_a_second_one() -> None:
    values = {"total": 12, "a": 9, "b": 3}
    eq = [Equation("total", ("a", "b"))]
    hidden = suppress(values, eq)
    assert hidden == {"b": PRIMARY, "a": SECONDARY}
    assert (
        _consistent(values, eq, hidden, "b")
        == {0, 1, 2, 3, 4} & {12 - a for a in range(5, 40)} | set()
    )


@pytest.mark.parametrize(
    "children",
    [(9, 3, 2), (4, 4, 7), (1, 6, 6, 6), (4, 4), (0, 3, 8, 12), (5, 5, 2, 2), (2,), (30, 1, 1, 1)],
)
def test_no_hidden_count_can_be_worked_out(children: tuple[int, ...]) -> None:
    values = {"total": sum(children), **{f"c{i}": v for i, v in enumerate(children)}}
    eq = [Equation("total", tuple(f"c{i}" for i in range(len(children))))]
    hidden = suppress(values, eq)
    for cell, value in values.items():
        if value < 5:
            assert hidden.get(cell) == PRIMARY
    for cell in hidden:
        possible = _consistent(values, eq, hidden, cell)
        assert values[cell] in possible
        assert len(possible) > 1 or possible == {0}, (cell, possible)


def test_two_level_hierarchy_is_not_undone_through_the_parent() -> None:
    # National = Polda A + Polda B; Polda A = units a1 + a2; Polda B has one unit b1.
    values = {"n": 15, "A": 12, "B": 3, "a1": 6, "a2": 6, "b1": 3}
    eq = [Equation("n", ("A", "B")), Equation("A", ("a1", "a2")), Equation("B", ("b1",))]
    hidden = suppress(values, eq)
    for cell in ("B", "b1"):
        possible = _consistent(values, eq, hidden, cell)
        assert len(possible) > 1, (cell, possible, hidden)


async def _add_ticket(
    runtime: Runtime,
    unit: str,
    polda: str,
    category: str,
    days_ago: float,
    claim_minutes: float | None = None,
    resolve_hours: float | None = None,
) -> None:
    events: list[Event] = []
    if claim_minutes is not None:
        events.append((claim_minutes, "status", "in_progress"))
    if resolve_hours is not None:
        events.append((resolve_hours * 60, "status", "resolved"))
    created = runtime.clock() - timedelta(days=days_ago)
    await add_past_ticket(runtime, unit, polda, created, category, events=events)


async def test_exports_and_page_suppress_small_counts(demo: Runtime) -> None:
    # The demo seeded its invented history; add a Polda with two units: 9 and 3.
    for i in range(9):
        await _add_ticket(
            demo,
            "polres-bogor",
            "polda-jabar-test",
            "crime",
            3 + i,
            claim_minutes=20 + i,
            resolve_hours=10 + i,
        )
    for i in range(3):
        await _add_ticket(demo, "polresta-bogor-kota", "polda-jabar-test", "traffic", 2 + i)
    base = f"http://127.0.0.1:{demo.http_port}"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/statistik.json?period=30&level=polres") as resp:
            assert resp.status == 200
            data = await resp.json()
        async with http.get(f"{base}/statistik.csv?period=30&level=polres") as resp:
            assert resp.status == 200
            assert resp.headers["Content-Type"].startswith("text/csv")
            table = list(csv.DictReader(io.StringIO(await resp.text())))
        async with http.get(f"{base}/statistik.json?period=7&level=polres") as resp:
            assert resp.status == 400
        async with http.get(f"{base}/statistik.json?period=30&level=street") as resp:
            assert resp.status == 400
        async with http.get(f"{base}/statistik?period=30&lang=en") as resp:
            assert resp.status == 200
            page = await resp.text()
    rows = {r["id"]: r for r in data["rows"]}
    assert data["period_days"] == 30
    assert rows["polresta-bogor-kota"]["received"] == "<5"
    assert rows["polresta-bogor-kota"]["resolved_pct"] is None
    # With one hidden unit, the Polda's published total would give it away: another
    # unit of the Polda is hidden too (the smallest visible one).
    jabar = [r for r in data["rows"] if r["polda_id"] == "polda-jabar"]
    assert any(r["received"] == "suppressed" for r in jabar), jabar
    assert all(r["median_minutes_to_claim"] is None for r in jabar if r["received"] == "suppressed")
    for row in data["rows"]:
        for value in [row["received"], *row["by_category"].values(), *row["by_week"].values()]:
            assert value in ("<5", "suppressed") or (isinstance(value, int) and value >= 5)
    csv_rows = [r for r in table if r["id"] == "polresta-bogor-kota" and r["measure"] == "received"]
    assert csv_rows and csv_rows[0]["value"] == "<5"
    assert {r["measure"] for r in table} >= {"received", "category", "week", "resolved_pct"}
    assert "&lt;5" in page and "<script" not in page  # works without JavaScript
    assert "//" not in page.replace("http://www.w3.org/2000/svg", "")  # nothing external
    assert "How complaints are answered" in page


async def test_statistics_page_is_off_unless_enabled(tmp_path, router) -> None:
    from bot.settings import load_settings

    settings = load_settings(
        {"DUMAS_DATA_DIR": str(tmp_path), "DUMAS_HTTP_PORT": "0"}, env_file=None
    )
    runtime = Runtime(settings, router=router)
    await runtime.start()
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{runtime.http_port}/statistik") as resp,
        ):
            assert resp.status == 404
    finally:
        await runtime.stop()


async def test_pages_are_fully_in_indonesian_by_default(demo: Runtime) -> None:
    """Every template string of both pages reaches the Indonesian catalog (a string inside
    an f-string was once invisible to the extractor and stayed English)."""
    from bot.channels.web import pages as demo_pages
    from bot.i18n import translator
    from bot.transparency import page as statistics_page

    tr = translator("id")
    base = f"http://127.0.0.1:{demo.http_port}"
    async with aiohttp.ClientSession() as http:
        for path, module in (("/statistik?period=90", statistics_page), ("/demo", demo_pages)):
            async with http.get(base + path) as resp:
                assert resp.status == 200
                body = html.unescape(await resp.text())
            for msgid in module._TEMPLATE_STRINGS:
                translated = tr.gettext(msgid)
                if msgid not in ("DEMO", "Indonesia"):  # the same in both languages
                    assert translated != msgid, f"not in the Indonesian catalog: {msgid}"
                assert translated in body, msgid
