"""What every step of the complaint intake shares: the `Step` declaration and the `Intake`.

A step (flows/steps/) is declared once, as a `Step`: its name, its prompt, its input
handler, the choice ids it takes, where "kembali" goes from it and what happens when it
is answered. The engine (flows/complaint.py) builds the state machine from the table of
steps (flows/steps/__init__.py) and dispatches each event to the current step.

An `Intake` is one citizen's conversation while one event is handled: the draft, the
context, the replies and actions collected so far, and the machinery the steps share
(saying things, the place and time as understood, evidence, the story). It holds no
state between events; the engine attaches it to the machine for one event only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flows.context import Action, FlowContext
from flows.events import Choice, Draft, InboundBody, Media, Option, Reply, Text
from flows.ports import HandlingUnit, PlaceCandidate, Translator
from flows.story import find_place, find_when
from flows.texts import N_
from flows.triage import Triage

IDLE = "idle"

YES_WORDS = {"ya", "iya", "y", "yes", "setuju", "ok", "oke", "okay", "benar", "betul", "siap"}
# The hint most steps with buttons give when the answer does not fit (`not_understood`).
CHOOSE_AN_OPTION = N_("Please choose one of the options below.")

Prompt = Callable[["Intake"], None]
Handler = Callable[["Intake", InboundBody], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the intake, declared once (a module of flows/steps/).

    The steps of the main path ("advance" goes to the next one in the table) have
    `on_path`; a side step of one of them (a date typed, a place picked) names it in
    `part_of` and goes on from there as it does, any other side step names where it goes
    on in `then`. While the citizen edits from the summary, "advance" goes back to the
    summary from every step but the first.
    """

    name: str
    prompt: Prompt  # render the question (also to repeat it)
    handle: Handler  # read the citizen's answer; fire triggers
    hint: str  # said (translated) before the prompt when an answer does not fit
    back: str | None = None  # where "kembali" goes
    choices: tuple[str, ...] = ()  # the choice-id prefixes this step's buttons carry
    on_path: bool = True
    part_of: str | None = None  # a side step's path step: "advance" goes on as from it
    then: str | None = None  # where "advance" goes from a side step of no path step
    triggers: Mapping[str, str] = field(default_factory=dict)  # trigger -> destination
    enter: Callable[[Intake], None] | None = None  # before the prompt, on entering
    from_story: bool = False  # passed once when the story answered it (Draft.prefilled)
    free_text: bool = False  # typed text is an answer: only exact labels press a button
    takes_files: bool = False  # its handler reads files itself
    # the citizen writes a message here (the story) rather than answers a question: the
    # triage model reads it (flows/safety.py)
    story: bool = False
    keeps_stray_files: bool = True  # a file sent here is kept as evidence
    edit_label: str | None = None  # offered on the summary's "change something" menu


class Intake:
    """One citizen's conversation while one event is being handled."""

    state: str

    def __init__(self, draft: Draft, ctx: FlowContext, steps: Mapping[str, Step]) -> None:
        self.draft = draft
        self.ctx = ctx
        self.steps = steps
        self.replies: list[Reply] = []
        self.actions: list[Action] = []
        self.notes: list[str] = []  # acknowledgements put in front of the next prompt
        self.toast: str | None = None  # see StepResult.toast
        self.triaged: Triage | None = None  # of this event's text, if any
        # the last chosen place made (chosen_place): the stored dict and its candidate
        self._chosen: tuple[dict[str, Any], PlaceCandidate] | None = None

    # `trigger(name)`, `to_<state>()` and the trigger methods are bound by the machine in
    # add_model; declaring them here would stop transitions from binding them.
    trigger: Callable[[str], Awaitable[bool]]

    @property
    def _(self) -> Callable[[str], str]:
        """The gettext function of this citizen's language."""
        return self.ctx.tr.gettext

    @property
    def step(self) -> Step:
        return self.steps[self.state]

    # ---------------------------------------------------------------- conditions

    def is_editing(self) -> bool:
        return self.draft.editing

    # ---------------------------------------------------------------- output

    def say(
        self,
        text: str,
        *,
        options: tuple[Option, ...] = (),
        columns: int = 1,
        request_location: str = "",
        remove_keyboard: bool = False,
    ) -> None:
        if self.notes:
            text = "\n".join(self.notes) + "\n\n" + text
            self.notes.clear()
        self.replies.append(
            Reply(
                text=text,
                options=options,
                columns=columns,
                request_location=request_location,
                remove_keyboard=remove_keyboard,
            )
        )

    def flush_notes(self) -> None:
        if self.notes:
            text = "\n".join(self.notes)
            self.notes.clear()
            self.replies.append(Reply(text=text))

    def location_label(self) -> str:
        return self._("📍 Share location")

    def back_option(self) -> Option:
        return Option("nav:back", self._("⬅️ Back"))

    # ---------------------------------------------------------------- prompts

    def prompt(self) -> None:
        """Render the prompt of the current state (also used to repeat a step)."""
        if self.state == IDLE:
            self.welcome()
        else:
            self.step.prompt(self)

    def welcome(self) -> None:
        """Idle's prompt: the menu."""
        _ = self._
        self.say(
            _("Welcome to Dumas, the complaint service of Polri. What would you like to do?"),
            options=(
                Option("menu:new", _("📝 File a complaint")),
                Option("cmd:status", _("🔎 Check my complaints")),
                Option("cmd:bantuan", _("❓ Help")),
            ),
        )

    async def enter_step(self) -> None:
        """The machine's on_enter of every step: prepare, pass it if the story answered
        it, else ask its question."""
        step = self.step
        if step.enter is not None:
            step.enter(self)
        if step.from_story and await self.skip_prefilled(step.name):
            return
        self.prompt()

    async def enter_idle(self) -> None:
        self.draft = Draft()

    def not_understood(self) -> None:
        """Repeat the step with a hint of what it needs (and keep the draft as it is)."""
        if self.state != IDLE:
            self.notes.append(self._(self.step.hint))
        self.prompt()

    async def skip_prefilled(self, step: str) -> bool:
        """On the way forward, a step the story already answered is passed (once)."""
        if step in self.draft.prefilled and not self.is_editing():
            self.draft.prefilled.remove(step)
            await self.trigger("advance")
            return True
        return False

    # ---------------------------------------------------------------- place and time

    def when_label(self) -> str:
        d = self.draft
        if not d.occurred_at:
            return d.occurred_text or "-"
        local = datetime.fromisoformat(d.occurred_at)
        tz = self.timezone()
        aware = local.replace(tzinfo=ZoneInfo(tz))
        if d.occurred_precision == "day":
            shown = _date_text(self.ctx.tr, aware, tz)
        elif d.occurred_precision == "part_of_day":
            # "kemarin sore": the day and the part of it, never a clock time nobody gave
            shown = f"{_date_text(self.ctx.tr, aware, tz)}, {self._(part_of_day(local.hour))}"
        else:
            shown = self.ctx.tr.format_datetime(aware, tz)
            if self.chosen_place() is None:
                # The zone is the place's (WITA in Bali): until the place is known, the
                # wall-clock time the citizen gave, without a zone name that may be wrong.
                shown = shown.rsplit(" ", 1)[0]
        # The citizen's own words are not repeated: they wrote them a moment ago (or in
        # the story); the date as understood is what they check.
        return shown

    def place_label(self) -> str:
        """The place as understood (no coordinates: they mean nothing to a reader)."""
        chosen = self.chosen_place()
        if chosen:
            return short_path(chosen)
        if self.draft.place_text:
            return f"“{self.draft.place_text}”"
        if self.draft.latitude is not None:
            return self._("📍 the location you shared")
        return "-"

    def chosen_place(self) -> PlaceCandidate | None:
        if not self.draft.place_code:
            return None
        for data in self.draft.place_candidates:
            if data.get("code") == self.draft.place_code:
                # Asked ~8 times a complaint (the zone, the unit, the labels): the
                # candidate made from the same stored dict is kept. The steps replace
                # the list of candidates, never change one (bench/README.md, issue 21
                # session 29); the dict is held, so `is` cannot meet a reused id.
                if self._chosen is not None and self._chosen[0] is data:
                    return self._chosen[1]
                chosen = PlaceCandidate.from_json(data)
                self._chosen = (data, chosen)
                return chosen
        return None

    def handling_unit(self, place: PlaceCandidate | None) -> HandlingUnit | None:
        if place is None:
            return None
        category = self.ctx.category(self.draft.category)
        return self.ctx.route_unit(place, category.route_to if category else "polres")

    def timezone(self) -> str:
        chosen = self.chosen_place()
        if chosen is not None:
            unit = self.handling_unit(chosen)
            if unit is not None:
                return unit.timezone
            if chosen.timezone:
                return chosen.timezone
        return self.ctx.default_timezone

    # ---------------------------------------------------------------- evidence and story

    def add_evidence(self, media: Media) -> bool:
        """Keep a stored file on the draft; False when the runtime refused it (told why)."""
        _ = self._
        if media.error:
            self.say(self.media_error(media))
            return False
        if len(self.draft.evidence) >= self.ctx.max_files_per_ticket:
            self.say(
                _(
                    "You have already sent {n} files, the most one complaint can hold. "
                    "Choose “Done” to continue."
                ).format(n=self.ctx.max_files_per_ticket),
                options=(Option("ev:done", _("✅ Done")),),
            )
            return False
        previous_album = self.draft.evidence[-1].get("album_id") if self.draft.evidence else None
        self.draft.evidence.append(
            {
                "kind": media.kind,
                "file_ref": media.file_ref,
                "mime_type": media.mime_type,
                "size": media.size,
                "sha256": media.sha256,
                "stored_name": media.stored_name,
                "caption": media.caption,
                "album_id": media.album_id,
            }
        )
        if media.caption:
            self.add_to_description(media.caption, quiet=True)
        # One answer per album: Telegram delivers an album as one update per file.
        return media.album_id is None or media.album_id != previous_album

    def media_error(self, media: Media) -> str:
        _ = self._
        if media.error == "too_large":
            mb = (media.limit_bytes or 0) / (1024 * 1024)
            return _(
                "This file is too large: the limit is {mb:g} MB per file. Please send a "
                "smaller file (for a video: a shorter clip)."
            ).format(mb=round(mb, 1))
        if media.error == "type":
            return _(
                "This type of file cannot be accepted. Please send photos, videos, PDF "
                "or office documents, or voice notes."
            )
        if media.error == "quota":
            return _(
                "You have sent the most evidence we can store for you today. Please "
                "continue without more files, or try again tomorrow."
            )
        return _("This file could not be received. Please try sending it again.")

    def add_to_description(self, text: str, quiet: bool = False) -> None:
        addition = text.strip()
        if not addition:
            return
        combined = f"{self.draft.description or ''}\n{addition}".strip()
        if len(combined) > self.ctx.max_text_chars:
            self.say(
                self._(
                    "This note is too long to add: the description can hold at most "
                    "{limit} characters."
                ).format(limit=self.ctx.max_text_chars)
            )
            return
        self.draft.description = combined
        if not quiet:
            self.say(
                self._("Added to your description. Send more files, or choose “Done”."),
                options=(Option("ev:done", self._("✅ Done")),),
            )

    def take_story(self, text: str, *, told_at_idle: bool) -> None:
        """Place and time from the story where sure (flows/story.py); the steps they
        answer are skipped and the summary shows them to confirm."""
        d = self.draft
        if told_at_idle:
            d.prefilled.append("description")
        place = find_place(text, self.ctx.places)
        if place is not None and not d.place_code and d.latitude is None:
            chosen = place.resolution.chosen
            assert chosen is not None
            d.place_text = place.phrase[:300]
            d.place_candidates = [chosen.to_json()]
            d.place_code = chosen.code
            d.prefilled.append("where")
        if not d.occurred_at:
            # read against the clock of the place (WITA in Bali), once it is known
            now_local = self.ctx.now_local(self.timezone())
            when = find_when(text, now_local, place.phrase if place else None)
            if when is not None:
                d.occurred_at = when.local.isoformat()
                d.occurred_precision = when.precision
                d.occurred_text = when.phrase[:200] or None
                d.prefilled.append("when")

    # ---------------------------------------------------------------- cancelling

    def has_content(self) -> bool:
        d = self.draft
        return bool(d.category or d.description or d.evidence or d.place_text or d.occurred_at)

    def ask_cancel(self) -> None:
        """One mistyped "3" must not lose a story: a draft with content asks first."""
        _ = self._
        self.say(
            _("Cancel this complaint? What you wrote will be deleted."),
            options=(
                Option(CANCEL_YES, _("✖️ Yes, cancel")),
                Option(CANCEL_NO, _("↩️ No, continue")),
            ),
        )

    async def cancel_or_ask(self) -> None:
        if self.has_content():
            self.ask_cancel()
        else:
            await self.cancel_draft()

    async def cancel_draft(self) -> None:
        self.notes.append(
            self._(
                "Your complaint has been cancelled and nothing was sent. "
                "Type /aduan whenever you want to file a complaint."
            )
        )
        await self.trigger("cancel")
        self.flush_notes()


CANCEL_YES, CANCEL_NO = "cancel:yes", "cancel:no"

_PARTS_OF_DAY = (  # (first hour, name): the representative hours flows/when.py gives
    (0, N_("early morning")),
    (5, N_("dawn")),
    (7, N_("morning")),
    (11, N_("midday")),
    (15, N_("afternoon")),
    (18, N_("dusk")),
    (19, N_("evening")),
)


def short_path(place: PlaceCandidate) -> str:
    """ "Kec. Cilandak, Kota Jakarta Selatan": the province adds length, not certainty (the
    regency names it, and the unit's line follows)."""
    parts = place.path.split(", ")
    return ", ".join(parts[:-1]) if len(parts) > 2 else place.path


def part_of_day(hour: int) -> str:
    return next(name for first, name in reversed(_PARTS_OF_DAY) if hour >= first)


def text_in(body: InboundBody, words: set[str]) -> bool:
    """The body is one of these words, typed (case and a final "." or "!" aside)."""
    return isinstance(body, Text) and body.text.strip().lower().rstrip(".!") in words


def choice_or_word(body: InboundBody, words: dict[str, set[str]]) -> str | None:
    """The choice id pressed, or the one whose words were typed."""
    if isinstance(body, Choice):
        return body.choice_id
    if isinstance(body, Text):
        lowered = body.text.strip().lower().rstrip(".!")
        for choice_id, accepted in words.items():
            if lowered in accepted:
                return choice_id
    return None


__all__ = [
    "CANCEL_NO",
    "CANCEL_YES",
    "CHOOSE_AN_OPTION",
    "IDLE",
    "YES_WORDS",
    "Handler",
    "Intake",
    "Prompt",
    "Step",
    "choice_or_word",
    "part_of_day",
    "short_path",
    "text_in",
]


def _date_text(tr: Translator, moment: datetime, tz: str) -> str:
    """`tr.format_date`, kept: babel formats a date from its pattern every time (~0.1 ms),
    and the same day is shown when the time is set and again on the summary; most
    complaints are about today or yesterday (bench/README.md, issue 21 session 29).
    Keyed by the translator's locale: a locale's dates read the same whoever asks."""
    key = (tr.locale, moment, tz)
    text = _DATE_TEXTS.get(key)
    if text is None:
        if len(_DATE_TEXTS) >= 512:
            _DATE_TEXTS.clear()  # a bound; days told are a handful at any time
        text = _DATE_TEXTS[key] = tr.format_date(moment, tz)
    return text


_DATE_TEXTS: dict[tuple[str, datetime, str], str] = {}
