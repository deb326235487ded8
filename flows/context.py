"""What a flow step gets besides the event: the step's inputs and what it hands back.

`FlowContext` carries the citizen's translator, reference data and pure services (place
resolution, unit routing, reference generation) and the clock; `StepResult` is the
flow's whole answer: the new state and draft, the replies to send and the actions the
runtime must apply in the same transaction. Nothing here does I/O.

`FollowupTicket` is a narrow read-only view of a ticket, not `bot.tickets.Ticket`, on
purpose: bot/tickets is pure (no SQL, no platform), so importing it would be safe, but
ARCHITECTURE.md's invariant 1 keeps flows/ free of every bot/ import, so a flow stays a
transcript-testable function of its own types. The officers' service builds the view
from a `Ticket` (bot/officers/service.py `followup_tickets`); `status` holds the stored
string, which a `TicketStatus` member equals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from flows.events import Draft, Reply
from flows.ports import Category, KnowledgeBase, PlaceResolver, Translator, UnitRouter
from flows.triage_model import TriageModel


@dataclass(frozen=True, slots=True)
class SubmitComplaint:
    """Create a ticket from this draft with this reference (one transaction with the reply)."""

    reference: str
    draft: Draft
    unit_id: str | None
    polda_id: str | None
    timezone: str
    occurred_at_utc: str | None


@dataclass(frozen=True, slots=True)
class SetLocale:
    locale: str


@dataclass(frozen=True, slots=True)
class ShowStatus:
    """Answer /status (with an optional reference) from the citizen's own tickets."""

    argument: str = ""


@dataclass(frozen=True, slots=True)
class FollowupTicket:
    """One of the citizen's own tickets the follow-up flow may act on: open, or resolved or
    rejected within the follow-up window. `feedback_state` is None, "confirm" (asked
    whether it is solved), "rating", "comment" or "done"."""

    id: int
    reference: str
    status: str
    contact: str
    feedback_state: str | None
    resolved_at: datetime | None = None
    unit_name: str | None = None


@dataclass(frozen=True, slots=True)
class AttachMessage:
    """A citizen's message about an open ticket: store it and pass it to the officers;
    `reopen` when the ticket was resolved and the message reopens it."""

    ticket_id: int
    text: str
    media_kind: str | None = None
    file_ref: str | None = None
    reopen: bool = False


@dataclass(frozen=True, slots=True)
class TicketFeedback:
    """The citizen's answer after a resolution: kind "confirmed", "reopen", "rating" (value
    "1".."5"), "comment" (value the text) or "skip_comment"."""

    ticket_id: int
    kind: str
    value: str = ""


@dataclass(frozen=True, slots=True)
class RecordConsent:
    """The citizen answered the privacy notice of this version (UU PDP: proof of consent)."""

    version: str
    granted: bool


@dataclass(frozen=True, slots=True)
class FlagMessage:
    """A message with harsh language (kinds: profanity, insult, threat, sara): recorded for
    the officers and for the cooldown of repeated abuse."""

    kinds: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ShowMyData:
    """/dataku: what Dumas stores about this citizen."""


@dataclass(frozen=True, slots=True)
class EraseMyData:
    """/hapusdata, confirmed: erase the citizen's personal data where the law allows."""


@dataclass(frozen=True, slots=True)
class AnswerGiven:
    """A question answered from the knowledge base (counted for the transparency page)."""

    article_id: str
    score: float


Action = (
    SubmitComplaint
    | SetLocale
    | ShowStatus
    | AttachMessage
    | TicketFeedback
    | RecordConsent
    | FlagMessage
    | ShowMyData
    | EraseMyData
    | AnswerGiven
)


@dataclass(slots=True)
class FlowContext:
    tr: Translator
    translator_for: Callable[[str], Translator]
    categories: Sequence[Category]
    places: PlaceResolver
    route_unit: UnitRouter
    new_reference: Callable[[], str]
    now: datetime  # aware, UTC
    default_timezone: str = "Asia/Jakarta"
    max_text_chars: int = 4000
    max_files_per_ticket: int = 20
    min_description_chars: int = 20
    expiry_hours: float = 24.0
    max_file_mb: float = 20.0
    retention_days: int = 730
    # the sentence (untranslated msgid) saying who carries the messages, in the privacy
    # notice: the channel's (bot/privacy/carriers.py), filled by the runtime
    carriers: str = ""
    # the citizen's tickets the follow-up flow may act on (filled when idle)
    followup_tickets: tuple[FollowupTicket, ...] = ()
    followup_days: float = 7.0
    # triage: flagged messages from this citizen in the last 24 h, tickets filed in 24 h
    abuse_recent: int = 0
    recent_tickets: int = 0
    # the statistical half of triage (data/triage/model.json.gz); None: word lists only
    triage_model: TriageModel | None = None
    # the knowledge base (bot/knowledge/); None: questions go straight to the officers
    knowledge: KnowledgeBase | None = None

    def category(self, category_id: str | None) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def now_local(self, tz: str) -> datetime:
        """Now as a naive wall-clock time in `tz` (what flows/when.py reads against)."""
        return self.now.astimezone(ZoneInfo(tz)).replace(tzinfo=None)


@dataclass(slots=True)
class StepResult:
    state: str
    draft: Draft
    replies: list[Reply] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    # A short popup on the pressed button (Telegram's answerCallbackQuery text) instead
    # of a message: a stale button whose question is already answered.
    toast: str | None = None
