"""What the flows need from the outside world, as protocols and plain result types.

The flows stay free of SQL, HTTP and platform types; the runtime (bot/) hands them
objects that satisfy these protocols. Place resolution is pure in-memory work (a
gazetteer and a boundary index), so it is called synchronously from a flow step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

PlaceLevel = Literal["province", "regency", "district", "village", "postal_code", "landmark"]
ResolutionStatus = Literal[
    "ok",  # exactly one place fits clearly: `chosen` is set
    "ambiguous",  # several places fit about equally well: show `candidates`, never pick
    "not_found",  # nothing fits: ask for district and regency
    "outside",  # a point or a named place outside Indonesia
    "no_boundaries",  # a GPS pin but no boundary file imported: ask to type the place
    "invalid",  # empty, emoji only, NaN, out of range...
]


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """One place the citizen may mean, with the units responsible for it."""

    code: str  # Kemendagri code, e.g. "31.74.05" (dotted) for a district
    level: PlaceLevel
    name: str  # e.g. "Cilandak"
    path: str  # e.g. "Kec. Cilandak, Kota Jakarta Selatan, DKI Jakarta"
    score: float  # 0..100
    polres_id: str | None = None
    polres_name: str | None = None
    polda_id: str | None = None
    polda_name: str | None = None
    timezone: str | None = None  # IANA name, e.g. "Asia/Jakarta"
    site: str | None = None  # a landmark with a unit of its own (an airport's Polresta)

    def to_json(self) -> dict[str, Any]:
        """`dataclasses.asdict`'s dict, written out: every field is a str, float or None,
        which asdict deep-copies one by one (~40 us a candidate, made for each place
        resolved; bench/README.md, session 32). tests/flows/test_place_candidate_json.py"""
        return {
            "code": self.code,
            "level": self.level,
            "name": self.name,
            "path": self.path,
            "score": self.score,
            "polres_id": self.polres_id,
            "polres_name": self.polres_name,
            "polda_id": self.polda_id,
            "polda_name": self.polda_name,
            "timezone": self.timezone,
            "site": self.site,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlaceCandidate:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True, slots=True)
class PlaceResolution:
    """The answer to "where is this?": a status, the ranked candidates, the choice."""

    status: ResolutionStatus
    candidates: tuple[PlaceCandidate, ...] = ()
    chosen: PlaceCandidate | None = None
    reason: str = ""  # machine-readable detail for operators (`dumas routing resolve`)


class PlaceResolver(Protocol):
    """Turns typed text or a GPS pin into Kemendagri regions and the responsible Polres."""

    def resolve_text(self, text: str) -> PlaceResolution: ...

    def resolve_point(self, latitude: float, longitude: float) -> PlaceResolution: ...


@dataclass(frozen=True, slots=True)
class Category:
    """A complaint category from data/categories.json."""

    id: str
    labels: dict[str, str]  # locale -> label
    emoji: str = ""
    route_to: str = "polres"  # "polres" or "propam" (the Polda's Propam unit)
    keywords: tuple[str, ...] = field(default_factory=tuple)
    sensitive: bool = False  # reporter details hidden on the staff card until claimed
    next_steps: dict[str, str] = field(default_factory=dict)  # locale -> what to do now

    def next_step(self, locale: str) -> str:
        """One line shown with the ticket number (block the SIM after a phone theft...)."""
        return self.next_steps.get(locale) or self.next_steps.get("id") or ""

    def label(self, locale: str) -> str:
        return self.labels.get(locale) or self.labels.get("id") or self.id


@dataclass(frozen=True, slots=True)
class HandlingUnit:
    """The unit whose queue a complaint joins: a Polres, or a Polda's Propam unit."""

    id: str
    name: str
    polda_id: str
    polda_name: str
    timezone: str


class UnitRouter(Protocol):
    """Which unit handles a complaint of this category at this place."""

    def __call__(self, place: PlaceCandidate, route_to: str) -> HandlingUnit | None: ...


class Translator(Protocol):
    """gettext for one locale, plus date/time rendering in a given zone."""

    locale: str

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...

    def format_datetime(self, moment: datetime, tz: str) -> str: ...

    def format_date(self, moment: datetime, tz: str) -> str: ...


KnowledgeStatus = Literal["answered", "handoff"]


@dataclass(frozen=True, slots=True)
class KnowledgeMatch:
    """The knowledge base's answer to a question (bot/knowledge/): the best article when
    its score clears the calibrated threshold ("answered"), else "handoff" (the question
    goes to the officers). `score` is comparable across questions (0..1)."""

    status: KnowledgeStatus
    article_id: str | None = None
    topic: str | None = None
    title: str = ""
    answer: str = ""
    sources: tuple[str, ...] = ()
    score: float = 0.0
    runner_up: str | None = None
    runner_up_score: float = 0.0


class KnowledgeBase(Protocol):
    """Answers questions about police services from the reviewed articles in data/."""

    def ask(self, text: str, locale: str) -> KnowledgeMatch: ...
