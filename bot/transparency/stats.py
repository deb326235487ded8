"""The aggregates of the transparency page, computed from ticket facts, suppressed.

Scopes: the whole country, each Polda and each unit (Polres, or a Polda's Propam). For
each: complaints received, the share claimed within the claim deadline, the median time
to the first claim, the median time to resolution, the share resolved, the average
citizen rating, and the counts by category and by week (weeks start on Monday, in WIB).
Counts go through `suppression.suppress`; a share, median or average is only shown when
it rests on at least five complaints (five ratings for the rating) and the complaint
count it belongs to is visible.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from bot.settings import DATA_ROOT, Settings
from bot.store.database import parse_iso
from bot.store.statistics import TicketFacts
from bot.transparency.suppression import THRESHOLD, Equation, suppress

PERIODS = (30, 90, 365)
LEVELS = ("national", "polda", "polres")
WEEK_ZONE = ZoneInfo("Asia/Jakarta")
NATIONAL = "id"


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: str
    name: str
    polda_id: str


@dataclass
class Scope:
    level: str  # national, polda, polres
    id: str
    name: str
    polda_id: str | None
    received: int = 0
    claimed_in_time: int = 0
    resolved: int = 0
    claim_minutes: list[float] = field(default_factory=list)
    resolve_hours: list[float] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)
    by_category: dict[str, int] = field(default_factory=dict)
    by_week: dict[str, int] = field(default_factory=dict)
    children: list[str] = field(default_factory=list)


@dataclass
class Report:
    period_days: int
    since: datetime
    until: datetime
    weeks: list[str]
    categories: list[str]
    scopes: dict[str, Scope]  # key "national", "polda:<id>", "polres:<id>"
    hidden: dict[Hashable, str]

    def count(self, key: str, dim: str = "received", item: str = "") -> int | str:
        """A count as published: the number, or "<5" / "suppressed"."""
        scope = self.scopes[key]
        cell = (key, dim, item)
        if cell in self.hidden:
            return self.hidden[cell]
        if dim == "received":
            return scope.received
        table = scope.by_category if dim == "category" else scope.by_week
        return table.get(item, 0)

    def metrics(self, key: str) -> dict[str, Any]:
        """Everything published about one scope (None: not enough complaints to show)."""
        s = self.scopes[key]
        visible = (key, "received", "") not in self.hidden
        enough = visible and s.received >= THRESHOLD

        def share(part: int) -> float | None:
            return round(100 * part / s.received, 1) if enough else None

        def median(values: list[float], digits: int = 1) -> float | None:
            if not visible or len(values) < THRESHOLD:
                return None
            return round(statistics.median(values), digits)

        rated = visible and len(s.ratings) >= THRESHOLD
        return {
            "received": self.count(key),
            "claimed_within_deadline_pct": share(s.claimed_in_time),
            "median_minutes_to_claim": median(s.claim_minutes),
            "median_hours_to_resolve": median(s.resolve_hours),
            "resolved_pct": share(s.resolved),
            "average_rating": round(statistics.fmean(s.ratings), 2) if rated else None,
            "ratings": (len(s.ratings) if len(s.ratings) >= THRESHOLD else "<5")
            if visible
            else None,
        }


@cache
def _category_deadlines() -> dict[str, dict[str, Any]]:
    raw = json.loads((DATA_ROOT / "categories.json").read_text(encoding="utf-8"))
    return {c["id"]: c for c in raw["categories"]}


def claim_deadline(settings: Settings, category: str) -> timedelta:
    """As bot/officers/deadlines: the category's own minutes, half for high priority."""
    config = _category_deadlines().get(category, {})
    own = config.get("deadlines") or {}
    factor = 0.5 if config.get("priority") == "high" else 1.0
    return timedelta(
        minutes=float(own.get("claim_minutes", settings.claim_deadline_minutes * factor))
    )


def week_of(moment: datetime) -> str:
    local = moment.astimezone(WEEK_ZONE).date()
    monday = local - timedelta(days=local.weekday())
    return monday.isoformat()


def weeks_between(since: datetime, until: datetime) -> list[str]:
    """Mondays (ISO dates) of the weeks the period touches, oldest first."""
    day = date.fromisoformat(week_of(since))
    last = date.fromisoformat(week_of(until - timedelta(microseconds=1)))
    weeks = []
    while day <= last:
        weeks.append(day.isoformat())
        day += timedelta(days=7)
    return weeks


def build_report(
    facts: list[TicketFacts],
    period_days: int,
    until: datetime,
    unit_info: Callable[[str], UnitInfo | None],
    settings: Settings,
    categories: list[str],
    national_name: str,
) -> Report:
    since = until - timedelta(days=period_days)
    weeks = weeks_between(since, until)
    scopes: dict[str, Scope] = {"national": Scope("national", NATIONAL, national_name, None)}
    for fact in facts:
        unit = unit_info(fact.unit_id) if fact.unit_id else None
        polda_id = unit.polda_id if unit else fact.polda_id
        polda = unit_info(polda_id) if polda_id else None
        keys = ["national"]
        if polda_id:
            pkey = f"polda:{polda_id}"
            if pkey not in scopes:
                scopes[pkey] = Scope("polda", polda_id, polda.name if polda else polda_id, polda_id)
                scopes["national"].children.append(pkey)
            keys.append(pkey)
            if fact.unit_id and fact.unit_id != polda_id:
                ukey = f"polres:{fact.unit_id}"
                if ukey not in scopes:
                    scopes[ukey] = Scope(
                        "polres", fact.unit_id, unit.name if unit else fact.unit_id, polda_id
                    )
                    scopes[pkey].children.append(ukey)
                keys.append(ukey)
        created = parse_iso(fact.created_at)
        assert created is not None
        claimed = parse_iso(fact.claimed_at)
        resolved = parse_iso(fact.resolved_at)
        due = parse_iso(fact.claim_due_at) or created + claim_deadline(settings, fact.category)
        week = week_of(created)
        for key in keys:
            s = scopes[key]
            s.received += 1
            s.by_category[fact.category] = s.by_category.get(fact.category, 0) + 1
            s.by_week[week] = s.by_week.get(week, 0) + 1
            if claimed is not None:
                s.claim_minutes.append((claimed - created).total_seconds() / 60)
                if claimed <= due:
                    s.claimed_in_time += 1
            if resolved is not None:
                s.resolved += 1
                s.resolve_hours.append((resolved - created).total_seconds() / 3600)
            if fact.rating is not None:
                s.ratings.append(fact.rating)
    hidden = _suppress(scopes, weeks, categories)
    return Report(period_days, since, until, weeks, categories, scopes, hidden)


def _suppress(
    scopes: dict[str, Scope], weeks: list[str], categories: list[str]
) -> dict[Hashable, str]:
    values: dict[Hashable, int] = {}
    equations: list[Equation] = []
    for key, s in scopes.items():
        values[(key, "received", "")] = s.received
        for dim, items in (("category", categories), ("week", weeks)):
            table = s.by_category if dim == "category" else s.by_week
            cells = []
            for item in items:
                values[(key, dim, item)] = table.get(item, 0)
                cells.append((key, dim, item))
            equations.append(Equation((key, "received", ""), tuple(cells)))
    for key, s in scopes.items():
        # A parent equals the sum of its children only when every complaint of the parent
        # has a child (a Polda's complaints without a unit make no equation).
        if not s.children or sum(scopes[c].received for c in s.children) != s.received:
            continue
        equations.append(
            Equation((key, "received", ""), tuple((c, "received", "") for c in s.children))
        )
        for dim, items in (("category", categories), ("week", weeks)):
            for item in items:
                equations.append(
                    Equation((key, dim, item), tuple((c, dim, item) for c in s.children))
                )
    return suppress(values, equations)
