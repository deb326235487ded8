"""Transcripts of the pure intake (flows/complaint.py `handle`) without a server.

A `Transcript` holds one citizen's state and draft and feeds `handle()` one event at a
time, keeping the replies and actions of the last step. The context is the real one
where it is pure data (categories, the English and Indonesian catalogs) and fakes where
the runtime would be (places: a small table of typed names; the unit router; the clock;
references), so a transcript runs in milliseconds and says exactly which step answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from bot.catalog import load_categories
from bot.i18n import translator
from flows import complaint
from flows.context import Action, FlowContext, StepResult
from flows.events import Choice, Command, Draft, Inbound, InboundBody, Reply, Text
from flows.ports import HandlingUnit, PlaceCandidate, PlaceResolution

NOW = datetime(2026, 12, 5, 5, 0, tzinfo=UTC)  # Saturday noon in Jakarta

CILANDAK = PlaceCandidate(
    code="31.74.05",
    level="district",
    name="Cilandak",
    path="Kec. Cilandak, Kota Jakarta Selatan, DKI Jakarta",
    score=100.0,
    polres_id="polres-jaksel",
    polres_name="Polres Metro Jakarta Selatan",
    timezone="Asia/Jakarta",
)
CIBINONG = replace(
    CILANDAK, code="32.01.01", name="Cibinong", path="Kec. Cibinong, Kab. Bogor, Jawa Barat"
)


class FakePlaces:
    """A PlaceResolver over a few names: "cilandak" is sure, "cib" is ambiguous, anything
    else is not found, and a pin resolves to Cilandak."""

    def resolve_text(self, text: str) -> PlaceResolution:
        key = text.strip().lower()
        if "cilandak" in key:
            return PlaceResolution("ok", (CILANDAK,), CILANDAK)
        if key == "cib":
            return PlaceResolution("ambiguous", (CIBINONG, CILANDAK))
        return PlaceResolution("not_found")

    def resolve_point(self, latitude: float, longitude: float) -> PlaceResolution:
        return PlaceResolution("ok", (CILANDAK,), CILANDAK)


def route_unit(place: PlaceCandidate, route_to: str) -> HandlingUnit:
    return HandlingUnit(
        id=place.polres_id or "polres",
        name=place.polres_name or "Polres",
        polda_id="polda-metro",
        polda_name="Polda Metro Jaya",
        timezone=place.timezone or "Asia/Jakarta",
    )


def context(locale: str = "en", **overrides: Any) -> FlowContext:
    """The flow's context with fakes for the runtime's parts (no triage model, no
    knowledge base: questions go straight to the hand-off)."""
    values: dict[str, Any] = {
        "tr": translator(locale),
        "translator_for": translator,
        "categories": load_categories(),
        "places": FakePlaces(),
        "route_unit": route_unit,
        "new_reference": lambda: "ADU-TEST-0001",
        "now": NOW,
    }
    values.update(overrides)
    return FlowContext(**values)


def as_body(event: InboundBody | str) -> InboundBody:
    """ "choice:id" style shorthands: a string with a known prefix is a button, "/name" a
    command, any other string typed text."""
    if not isinstance(event, str):
        return event
    if event.startswith("/"):
        name, _sep, args = event[1:].partition(" ")
        return Command(name, args)
    prefix = event.split(":", 1)[0]
    if ":" in event and " " not in event and prefix.isalpha():
        return Choice(event)
    return Text(event)


@dataclass
class Transcript:
    """One citizen's conversation with the pure flow."""

    state: str = complaint.IDLE
    draft: Draft = field(default_factory=Draft)
    ctx: FlowContext = field(default_factory=context)
    last: StepResult | None = None

    async def send(self, event: InboundBody | str) -> StepResult:
        result = await complaint.handle(
            self.state, self.draft, Inbound(as_body(event), language_code="en"), self.ctx
        )
        self.state, self.draft, self.last = result.state, result.draft, result
        return result

    async def walk(self, *events: InboundBody | str) -> StepResult:
        result = None
        for event in events:
            result = await self.send(event)
        assert result is not None
        return result

    @property
    def replies(self) -> list[Reply]:
        return self.last.replies if self.last else []

    @property
    def actions(self) -> list[Action]:
        return self.last.actions if self.last else []

    @property
    def text(self) -> str:
        """All reply texts of the last step, one after the other."""
        return "\n---\n".join(reply.text for reply in self.replies)

    @property
    def options(self) -> list[str]:
        """The choice ids of the last step's buttons."""
        return [option.id for reply in self.replies for option in reply.options]


# The events that take a citizen from idle to each step: the main walk (a story long
# enough to pass the description step), its first n events reach the n-th step named;
# the side steps branch off it.
STORY = "My motorbike was stolen from the market parking lot"
_WALK = (
    ("consent", "/aduan"),
    ("category", "consent:yes"),
    ("description", "cat:crime"),
    ("when", STORY),
    ("where", "when:yesterday"),
    ("where_confirm", "Kec. Cilandak"),
    ("evidence", "place:yes"),
    ("summary", "ev:skip"),
    ("edit", "sum:edit"),
    ("contact", "edit:contact"),
)
TO_STEP: dict[str, tuple[str, ...]] = {
    name: tuple(event for _name, event in _WALK[: n + 1]) for n, (name, _event) in enumerate(_WALK)
}
TO_STEP["when_other"] = (*TO_STEP["when"], "when:other")
TO_STEP["where_pick"] = (*TO_STEP["where"], "cib")


async def at_step(name: str, **context_overrides: Any) -> Transcript:
    """A transcript that has walked to step `name` (asserting it got there)."""
    transcript = Transcript(ctx=context(**context_overrides))
    await transcript.walk(*TO_STEP[name])
    assert transcript.state == name, (name, transcript.state, transcript.text)
    return transcript
