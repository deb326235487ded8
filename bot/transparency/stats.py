"""The aggregates of the transparency page, computed from ticket facts, suppressed.

Scopes: the whole country, each Polda and each unit (Polres, or a Polda's Propam). For
each: complaints received, the share claimed within the claim deadline, the median time
to the first claim, the median time to resolution, the share resolved, the average
citizen rating, and the counts by category and by week (weeks start on Monday, in WIB).
Counts go through `suppression.suppress`; a share, median or average is only shown when
it rests on at least five complaints (five ratings for the rating) and the complaint
count it belongs to is visible.

Questions are counted apart (issue 20): the questions answered from the knowledge base
(per unit only when the conversation knew the unit, otherwise in the national figure
alone), the questions passed to the officers ("Tanya petugas", tickets of kind
"question", which the complaint figures leave out), and the median time to an officer's
first answer to those, under the same suppression rules.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from bot.settings import DATA_ROOT, Settings
from bot.store.database import parse_iso
from bot.store.knowledge import AnswerFacts, QuestionFacts
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
    answered: int = 0  # questions answered from the knowledge base
    handed_off: int = 0  # questions passed to the officers
    first_answer_hours: list[float] = field(default_factory=list)


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
        asked_visible = (key, "handed_off", "") not in self.hidden
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
            "questions_answered": self.hidden.get((key, "answered", ""), s.answered),
            "questions_handed_off": self.hidden.get((key, "handed_off", ""), s.handed_off),
            "median_hours_to_first_answer": round(statistics.median(s.first_answer_hours), 1)
            if asked_visible and len(s.first_answer_hours) >= THRESHOLD
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
    questions: Sequence[QuestionFacts] = (),
    answers: Sequence[AnswerFacts] = (),
) -> Report:
    """`facts` are the complaints (question tickets left out); `questions` the question
    tickets; `answers` the questions answered from the knowledge base."""
    since = until - timedelta(days=period_days)
    weeks = weeks_between(since, until)
    scopes: dict[str, Scope] = {"national": Scope("national", NATIONAL, national_name, None)}

    def keys_of(unit_id: str | None, fact_polda: str | None) -> list[str]:
        """The scopes a fact counts in (created on first use): national, its Polda, its unit."""
        unit = unit_info(unit_id) if unit_id else None
        polda_id = unit.polda_id if unit else fact_polda
        polda = unit_info(polda_id) if polda_id else None
        keys = ["national"]
        if polda_id:
            pkey = f"polda:{polda_id}"
            if pkey not in scopes:
                scopes[pkey] = Scope("polda", polda_id, polda.name if polda else polda_id, polda_id)
                scopes["national"].children.append(pkey)
            keys.append(pkey)
            if unit_id and unit_id != polda_id:
                ukey = f"polres:{unit_id}"
                if ukey not in scopes:
                    scopes[ukey] = Scope(
                        "polres", unit_id, unit.name if unit else unit_id, polda_id
                    )
                    scopes[pkey].children.append(ukey)
                keys.append(ukey)
        return keys

    for fact in facts:
        keys = keys_of(fact.unit_id, fact.polda_id)
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
    for asked in questions:
        created = parse_iso(asked.created_at)
        answered = parse_iso(asked.first_answer_at)
        assert created is not None
        for key in keys_of(asked.unit_id, asked.polda_id):
            scopes[key].handed_off += 1
            if answered is not None:
                scopes[key].first_answer_hours.append((answered - created).total_seconds() / 3600)
    for answer in answers:
        # the unit when the conversation knew one; otherwise the national figure alone
        for key in keys_of(answer.unit_id, None):
            scopes[key].answered += 1
    hidden = _suppress(scopes, weeks, categories)
    return Report(period_days, since, until, weeks, categories, scopes, hidden)


def _suppress(
    scopes: dict[str, Scope], weeks: list[str], categories: list[str]
) -> dict[Hashable, str]:
    values: dict[Hashable, int] = {}
    equations: list[Equation] = []
    for key, s in scopes.items():
        values[(key, "received", "")] = s.received
        values[(key, "answered", "")] = s.answered
        values[(key, "handed_off", "")] = s.handed_off
        for dim, items in (("category", categories), ("week", weeks)):
            table = s.by_category if dim == "category" else s.by_week
            cells = []
            for item in items:
                values[(key, dim, item)] = table.get(item, 0)
                cells.append((key, dim, item))
            equations.append(Equation((key, "received", ""), tuple(cells)))
    for key, s in scopes.items():
        # Questions: a parent's count is the sum of its children's only when each of its
        # questions has a child scope (answers without a unit count nationally alone).
        for dim in ("answered", "handed_off"):
            if s.children and sum(getattr(scopes[c], dim) for c in s.children) == getattr(s, dim):
                equations.append(Equation((key, dim, ""), tuple((c, dim, "") for c in s.children)))
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
