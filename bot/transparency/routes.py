"""HTTP routes of the transparency page and its open data (CSV, JSON).

`/statistik?period=30|90|365&polda=ID&unit=ID&lang=id|en`, `/statistik.csv` and
`/statistik.json` with `period` and `level` (national, polda, polres). Reports are cached
for a minute per period: the page is public and the figures move slowly.
"""

from __future__ import annotations

import asyncio
import csv
import io
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from aiohttp import web

from bot.catalog import load_categories
from bot.i18n import translator
from bot.routing.resolver import Router
from bot.settings import Settings
from bot.store.database import Database, iso, utcnow
from bot.store.knowledge import answer_facts, question_facts
from bot.store.statistics import ticket_facts
from bot.transparency import page
from bot.transparency.stats import LEVELS, PERIODS, Report, UnitInfo, build_report

CACHE_SECONDS = 60.0
DEMO_MARKER = "demo.json"  # written by `dumas demo` into its data directory


class StatisticsSource(Protocol):
    """What the statistics read: the store, the settings (data directory, small-count
    rules), the clock and the units. `bot.app.Runtime` is one; naming only these keeps
    this module from importing the runtime that mounts it."""

    @property
    def settings(self) -> Settings: ...

    @property
    def db(self) -> Database: ...

    @property
    def clock(self) -> Callable[[], datetime]: ...

    @property
    def router(self) -> Router | None: ...


class Statistics:
    def __init__(self, runtime: StatisticsSource, cache_seconds: float = CACHE_SECONDS) -> None:
        self.runtime = runtime
        self.cache_seconds = cache_seconds
        self._cache: dict[int, tuple[float, Report]] = {}
        self._lock = asyncio.Lock()

    def unit_info(self, unit_id: str) -> UnitInfo | None:
        router = self.runtime.router
        unit = router.unit(unit_id) if router else None
        return UnitInfo(unit.id, unit.name, unit.polda_id) if unit else None

    async def report(self, period: int) -> Report:
        async with self._lock:
            cached = self._cache.get(period)
            if cached and time.monotonic() - cached[0] < self.cache_seconds:
                return cached[1]
            until = self.runtime.clock()
            since = until - timedelta(days=period)
            db = self.runtime.db
            questions = await question_facts(db, since, until)
            asked = {q.id for q in questions}
            # the complaint figures leave out the questions passed to the officers
            facts = [f for f in await ticket_facts(db, since, until) if f.id not in asked]
            answers = await answer_facts(db, since, until)
            categories = [c.id for c in load_categories()]
            report = await asyncio.to_thread(
                build_report,
                facts,
                period,
                until,
                self.unit_info,
                self.runtime.settings,
                categories,
                "Indonesia",
                questions,
                answers,
            )
            self._cache[period] = (time.monotonic(), report)
            return report

    @property
    def demo(self) -> bool:
        return (self.runtime.settings.data_dir / DEMO_MARKER).is_file()


def _period(request: web.Request) -> int:
    try:
        value = int(request.query.get("period", "90"))
    except ValueError:
        value = 0
    if value not in PERIODS:
        raise web.HTTPBadRequest(text=f"period must be one of {PERIODS}")
    return value


def _level(request: web.Request) -> str:
    level = request.query.get("level", "polda")
    if level not in LEVELS:
        raise web.HTTPBadRequest(text=f"level must be one of {LEVELS}")
    return level


def rows(report: Report, level: str, locale: str = "id") -> list[dict[str, Any]]:
    """The open-data rows of one level: metrics, and counts by category and by week."""
    out = []
    for key, scope in sorted(
        report.scopes.items(), key=lambda kv: (kv[1].polda_id or "", kv[1].id)
    ):
        if scope.level != level:
            continue
        out.append(
            {
                "level": scope.level,
                "id": scope.id,
                "name": scope.name,
                "polda_id": scope.polda_id,
                **report.metrics(key),
                "by_category": {c: report.count(key, "category", c) for c in report.categories},
                "by_week": {w: report.count(key, "week", w) for w in report.weeks},
            }
        )
    return out


def _meta(report: Report, level: str) -> dict[str, Any]:
    return {
        "period_days": report.period_days,
        "from": iso(report.since),
        "to": iso(report.until),
        "level": level,
        "generated_at": iso(utcnow()),
        "suppression": "counts under 5 are '<5'; counts that would reveal one are "
        "'suppressed'; shares, medians and averages need 5 complaints "
        "(ratings: 5 ratings), else null; questions: the same rules, counted apart from "
        "complaints (questions_answered: from the knowledge base, by unit only when the "
        "unit was known; questions_handed_off: passed to the officers)",
    }


def to_csv(report: Report, level: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["period_days", "from", "to", "level", "id", "name", "polda_id", "measure", "item", "value"]
    )
    for row in rows(report, level):
        common = [
            report.period_days,
            iso(report.since),
            iso(report.until),
            row["level"],
            row["id"],
            row["name"],
            row["polda_id"] or "",
        ]
        for measure, value in row.items():
            if measure in ("level", "id", "name", "polda_id"):
                continue
            if isinstance(value, dict):
                for item, count in value.items():
                    writer.writerow([*common, measure.removeprefix("by_"), item, count])
            else:
                writer.writerow([*common, measure, "", "" if value is None else value])
    return buffer.getvalue()


def add_routes(app: web.Application, runtime: StatisticsSource) -> None:
    stats = Statistics(runtime)

    async def html_page(request: web.Request) -> web.Response:
        period = _period(request)
        lang = request.query.get("lang", "id")
        tr = translator(lang if lang in ("id", "en") else "id")
        report = await stats.report(period)
        unit, polda = request.query.get("unit"), request.query.get("polda")
        key = f"polres:{unit}" if unit else f"polda:{polda}" if polda else "national"
        params = {
            k: v for k, v in request.query.items() if k in ("period", "lang", "polda", "unit")
        }
        body = page.render(tr, report, key, params, stats.demo)
        return web.Response(
            text=body,
            content_type="text/html",
            charset="utf-8",
            headers={"Cache-Control": "public, max-age=60"},
        )

    async def csv_data(request: web.Request) -> web.Response:
        level = _level(request)
        report = await stats.report(_period(request))
        return web.Response(
            text=to_csv(report, level),
            content_type="text/csv",
            charset="utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="dumas-statistik-{level}-'
                f'{report.period_days}d.csv"'
            },
        )

    async def json_data(request: web.Request) -> web.Response:
        level = _level(request)
        report = await stats.report(_period(request))
        return web.json_response(
            {**_meta(report, level), "rows": rows(report, level)}, dumps=_dumps
        )

    app.router.add_get("/statistik", html_page)
    app.router.add_get("/statistik.csv", csv_data)
    app.router.add_get("/statistik.json", json_data)


def _dumps(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
