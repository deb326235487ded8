"""The complaint intake conversation, as one shared `transitions` state machine.

A citizen walks through: consent -> category -> description -> when -> where (confirm or
pick a place) -> evidence -> summary -> ticket. A story told up front (at idle, or at the
category step) answers description, and where and when when flows/story.py is sure of
them: those steps are passed (`Draft.prefilled`) and the summary shows what was taken.
The summary sends with replies in this chat or anonymously (the "contact" step is only
reached to change it). From any step "/batal" cancels (after a confirmation once
something was written), "kembali" goes one step back, and from the summary any field
can be edited, after which the citizen comes straight back to the summary.

The machine is built once (`MACHINE`); each step attaches a short-lived `Intake` model,
fires triggers, and detaches it, so nothing about a citizen lives in memory between
messages: state and draft come from the store and go back to it (`handle`). Entering a
state renders that step's prompt (`on_enter_<state>`); the per-state `on_<state>`
handlers read the citizen's input and fire triggers. Short acknowledgements collected
during a step are put in front of the next prompt so that one step sends one message,
which matters under Telegram's one-message-per-second limit per chat.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process
from transitions.extensions.asyncio import AsyncMachine

from flows import followup, question, safety
from flows.context import (
    Action,
    EraseMyData,
    FlowContext,
    RecordConsent,
    SetLocale,
    ShowMyData,
    ShowStatus,
    StepResult,
    SubmitComplaint,
)
from flows.events import (
    Choice,
    Command,
    Contact,
    Draft,
    Inbound,
    InboundBody,
    Location,
    Media,
    Option,
    Reply,
    Text,
    Tick,
    Unsupported,
)
from flows.intent import Intent
from flows.ports import PlaceCandidate, PlaceResolution
from flows.story import find_place, find_when
from flows.texts import N_, shorten, unsupported_name
from flows.triage import Triage
from flows.when import FutureTimeError, WhenAnswer, parse_when

IDLE = "idle"
STATES = [
    IDLE,
    "consent",
    "category",
    "description",
    "when",
    "when_other",
    "where",
    "where_pick",
    "where_confirm",
    "evidence",
    "contact",
    "summary",
    "edit",
]
# One step back from each state ("kembali").
BACK = {
    "category": "consent",
    "description": "category",
    "when": "description",
    "when_other": "when",
    "where": "when",
    "where_pick": "where",
    "where_confirm": "where",
    "evidence": "where",
    "contact": "evidence",
    "summary": "evidence",
    "edit": "summary",
}
# The order of the main path; "advance" goes to the next one, or back to the summary
# when the citizen came to the step to edit it.
# The contact choice is no step of its own: the summary sends with replies in this chat,
# or anonymously ("🕶️ Send anonymously"); "contact" stays reachable from "edit".
_PATH = ["consent", "category", "description", "when", "where", "evidence", "summary"]
_FROM = {
    "when_other": "where",
    "where_pick": "evidence",
    "where_confirm": "evidence",
    "contact": "summary",
}


def _transitions() -> list[dict[str, object]]:
    rules: list[dict[str, object]] = [
        {"trigger": "start", "source": IDLE, "dest": "consent"},
        {"trigger": "cancel", "source": "*", "dest": IDLE},
        {"trigger": "finish", "source": "summary", "dest": IDLE},
        {"trigger": "expire", "source": "*", "dest": IDLE},
        {"trigger": "ask_date", "source": "when", "dest": "when_other"},
        {
            "trigger": "pick_place",
            "source": ["where", "where_pick", "where_confirm"],
            "dest": "where_pick",
        },
        {
            "trigger": "confirm_place",
            "source": ["where", "where_pick", "where_confirm"],
            "dest": "where_confirm",
        },
        {
            "trigger": "retype_place",
            "source": ["where", "where_pick", "where_confirm"],
            "dest": "where",
        },
        {"trigger": "edit_field", "source": "summary", "dest": "edit"},
    ]
    for current, following in zip(_PATH, _PATH[1:], strict=False):
        if current != "consent":
            rules.append(
                {
                    "trigger": "advance",
                    "source": current,
                    "dest": "summary",
                    "conditions": "is_editing",
                }
            )
        rules.append({"trigger": "advance", "source": current, "dest": following})
    for source, dest in _FROM.items():
        rules.append(
            {"trigger": "advance", "source": source, "dest": "summary", "conditions": "is_editing"}
        )
        rules.append({"trigger": "advance", "source": source, "dest": dest})
    for source, dest in BACK.items():
        rules.append({"trigger": "back", "source": source, "dest": dest})
    return rules


CANCEL_YES, CANCEL_NO = "cancel:yes", "cancel:no"
ALL_CATEGORIES = "cat:*"  # "another category" under a proposed one
SEND_ANONYMOUSLY = "sum:anonymous"
_SUMMARY_CHOICES = ("sum:confirm", SEND_ANONYMOUSLY)
CANCEL_WORDS = {"batal", "batalkan", "cancel", "/batal", "stop"}
BACK_WORDS = {"kembali", "back", "balik", "sebelumnya", "mundur"}
YES_WORDS = {"ya", "iya", "y", "yes", "setuju", "ok", "oke", "okay", "benar", "betul", "siap"}
DONE_WORDS = {
    "selesai",
    "lewati",
    "skip",
    "done",
    "cukup",
    "tidak ada",
    "gak ada",
    "ga ada",
    "nggak ada",
    "tidak",
    "no",
    "lanjut",
}

# Choice ids (they come back in `Choice.choice_id`; short for Telegram's 64-byte limit).
EDITABLE = {
    "category": "category",
    "description": "description",
    "when": "when",
    "where": "where",
    "evidence": "evidence",
    "contact": "contact",
}


class Intake:
    """One citizen's conversation while one event is being handled."""

    state: str

    def __init__(self, draft: Draft, ctx: FlowContext) -> None:
        self.draft = draft
        self.ctx = ctx
        self.replies: list[Reply] = []
        self.actions: list[Action] = []
        self.notes: list[str] = []  # acknowledgements put in front of the next prompt
        self.toast: str | None = None  # see StepResult.toast
        self.triaged: Triage | None = None  # of this event's text, if any

    # `trigger(name)`, `to_<state>()` and the trigger methods are bound by the machine in
    # add_model; declaring them here would stop transitions from binding them.
    trigger: Callable[[str], Awaitable[bool]]

    @property
    def _(self):  # noqa: ANN202 - the gettext function of this citizen's language
        return self.ctx.tr.gettext

    # ---------------------------------------------------------------- conditions

    def is_editing(self) -> bool:
        return self.draft.editing

    # ---------------------------------------------------------------- output

    def say(self, text: str, **kwargs: object) -> None:
        if self.notes:
            text = "\n".join(self.notes) + "\n\n" + text
            self.notes.clear()
        self.replies.append(Reply(text=text, **kwargs))  # type: ignore[arg-type]

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
        getattr(self, f"prompt_{self.state}")()

    async def on_enter_idle(self) -> None:
        self.draft = Draft()

    def prompt_idle(self) -> None:
        _ = self._
        self.say(
            _("Welcome to Dumas, the complaint service of Polri. What would you like to do?"),
            options=(
                Option("menu:new", _("📝 File a complaint")),
                Option("cmd:status", _("🔎 Check my complaints")),
                Option("cmd:bantuan", _("❓ Help")),
            ),
        )

    async def on_enter_consent(self) -> None:
        self.draft.pending_text = None  # a question kept at idle is now this complaint
        self.prompt()

    def prompt_consent(self) -> None:
        _ = self._
        # The notice names the service, puts 110 first, and says what is kept, why, for
        # how long and how to see or erase it, in about 400 characters: a phone screen.
        self.say(
            _(
                "Dumas: the complaint service of Polri (data controller). In danger? Call "
                "110 (free, 24 hours).\n\n"
                "We keep your report, place, time, files and chat account only for this "
                "complaint and anonymous statistics, until it is closed and {period} after. "
                "Messages pass through {processors} (abroad). See/erase: /dataku, "
                "/hapusdata.\n\n"
                "Do you agree?"
            ).format(period=self.retention_period(), processors=self.ctx.processors),
            options=(
                Option("consent:yes", _("✅ I agree")),
                Option("consent:no", _("✖️ I do not agree")),
            ),
        )

    def retention_period(self) -> str:
        """ "2 years" when the retention is whole years (people think in years)."""
        days = self.ctx.retention_days
        if days >= 365 and days % 365 == 0:
            years = days // 365
            return self.ctx.tr.ngettext("{n} year", "{n} years", years).format(n=years)
        return self.ctx.tr.ngettext("{n} day", "{n} days", days).format(n=days)

    async def on_enter_category(self) -> None:
        self.prompt()

    def prompt_category(self) -> None:
        _ = self._
        options = tuple(
            Option(f"cat:{c.id}", f"{c.emoji} {c.label(self.ctx.tr.locale)}".strip())
            for c in self.ctx.categories
        )
        suggested, first = safety.suggestion_options(self)
        if suggested and not self.draft.all_categories:
            # The proposal once, as a yes or "another": two lines to read, not eleven.
            self.say(
                suggested,
                options=first
                + (Option(ALL_CATEGORIES, _("📋 Another category")),)
                + (self.back_option(),),
            )
            return
        self.say(
            _("What is your complaint about? Not sure? Just tell us what happened."),
            options=options + (self.back_option(),),
        )

    async def on_enter_description(self) -> None:
        if await self.skip_prefilled("description"):
            return
        self.prompt()

    def prompt_description(self) -> None:
        _ = self._
        if self.draft.description:
            # The start is enough to recognise it; the whole story is in the summary.
            self.say(
                _("Your story so far: “{text}”\nAdd more, or continue.").format(
                    text=shorten(self.draft.description, 80)
                ),
                options=(Option("desc:done", _("Continue ➡️")), self.back_option()),
            )
            return
        self.say(
            _("Tell us what happened: what, who was involved, what was lost or damaged."),
            options=(self.back_option(),),
        )

    async def on_enter_when(self) -> None:
        if await self.skip_prefilled("when"):
            return
        self.prompt()

    def prompt_when(self) -> None:
        _ = self._
        self.say(
            _("When did it happen? Choose, or type it (e.g. “tadi malam”, “23/11”)."),
            options=(
                Option("when:now", _("Just now")),
                Option("when:today", _("Today")),
                Option("when:yesterday", _("Yesterday")),
                Option("when:other", _("Another date")),
                self.back_option(),
            ),
            columns=2,
        )

    async def on_enter_when_other(self) -> None:
        self.prompt()

    def prompt_when_other(self) -> None:
        _ = self._
        self.say(
            _("Type the date, and the time if you know it (e.g. “20/11 jam 20.00”)."),
            options=(Option("when:unsure", _("Not sure")), self.back_option()),
        )

    async def on_enter_where(self) -> None:
        if await self.skip_prefilled("where"):
            return
        self.prompt()

    def prompt_where(self) -> None:
        _ = self._
        # How to share a location is the channel's to say (a 📍 button on Telegram, the
        # 📎 menu on WhatsApp): `request_location` asks for it, the text only for a name.
        self.say(
            _("Where did it happen? Type the place (e.g. “Kec. Cilandak, Jakarta Selatan”)."),
            request_location=self.location_label(),
        )

    async def on_enter_where_pick(self) -> None:
        self.prompt()

    def prompt_where_pick(self) -> None:
        _ = self._
        options = tuple(
            Option(f"place:{i}", c["path"]) for i, c in enumerate(self.draft.place_candidates)
        )
        self.say(
            _("Several places match. Which one do you mean?"),
            options=options + (Option("place:none", _("None of these")), self.back_option()),
            remove_keyboard=True,
        )

    async def on_enter_where_confirm(self) -> None:
        self.prompt()

    def prompt_where_confirm(self) -> None:
        _ = self._
        chosen = self.chosen_place()
        if chosen is None:  # defensive: no place to confirm, ask again
            self.say(_("Please type the place again."), request_location=self.location_label())
            return
        unit = self.handling_unit(chosen)
        if unit is not None:
            text = _("📍 Place of the incident: {place}\n👮 Handled by: {unit}").format(
                place=short_path(chosen), unit=unit.name
            )
        else:
            text = _("📍 Place of the incident: {place}").format(place=short_path(chosen))
        # The place is given: the "share location" keyboard goes away now, or it would be
        # taken for an answer to the next question. A Telegram message carries either
        # inline buttons or a keyboard removal, so the statement and the question are two.
        self.say(text, remove_keyboard=True)
        self.say(
            _("Is that right?"),
            options=(
                Option("place:yes", _("✅ Yes, that's right")),
                Option("place:change", _("✏️ Change")),
            ),
        )

    async def on_enter_evidence(self) -> None:
        self.prompt()

    def prompt_evidence(self) -> None:
        _ = self._
        count = len(self.draft.evidence)
        # The file limits are said when one is reached (media_error), not up front.
        if count:
            text = self.ctx.tr.ngettext(
                "{n} file received. Send more, or choose “Done”.",
                "{n} files received. Send more, or choose “Done”.",
                count,
            ).format(n=count)
            options = (Option("ev:done", _("✅ Done")), self.back_option())
        else:
            text = _("Any photos, videos or documents as evidence? Send them now.")
            options = (Option("ev:skip", _("Skip")), self.back_option())
        self.say(text, options=options, columns=2, remove_keyboard=True)

    async def on_enter_contact(self) -> None:
        self.prompt()

    def prompt_contact(self) -> None:
        _ = self._
        self.say(
            _(
                "May officers reply to you in this chat? Anonymous: they will not know who "
                "you are, nor can they ask you anything."
            ),
            options=(
                Option("contact:chat", _("💬 Yes, reply here")),
                Option("contact:anonymous", _("🕶️ Anonymous")),
                self.back_option(),
            ),
        )

    async def on_enter_summary(self) -> None:
        self.draft.editing = False
        if self.draft.contact is None:
            self.draft.contact = "chat"
        self.prompt()

    def prompt_summary(self) -> None:
        _ = self._
        self.say(
            self.summary_text(),
            options=(
                Option("sum:confirm", _("✅ Send complaint")),
                *(
                    (Option(SEND_ANONYMOUSLY, _("🕶️ Send anonymously")),)
                    if self.draft.contact != "anonymous"
                    else ()
                ),
                Option("sum:edit", _("✏️ Change something")),
                Option("sum:cancel", _("✖️ Cancel")),
            ),
        )

    async def on_enter_edit(self) -> None:
        self.prompt()

    def prompt_edit(self) -> None:
        _ = self._
        labels = {
            "category": _("Category"),
            "description": _("What happened"),
            "when": _("When"),
            "where": _("Where"),
            "evidence": _("Evidence"),
            "contact": _("Contact"),
        }
        self.say(
            _("What would you like to change?"),
            options=tuple(Option(f"edit:{key}", labels[key]) for key in EDITABLE)
            + (self.back_option(),),
            columns=2,
        )

    # ---------------------------------------------------------------- summary

    def summary_text(self) -> str:
        _ = self._
        d = self.draft
        category = self.ctx.category(d.category)
        chosen = self.chosen_place()
        unit = self.handling_unit(chosen) if chosen else None
        contact = {"chat": _("Reply in this chat"), "anonymous": _("Anonymous")}.get(
            d.contact or "", "-"
        )
        lines = [
            _("Check your complaint:"),
            _("Category: {value}").format(
                value=category.label(self.ctx.tr.locale) if category else "-"
            ),
            # The citizen wrote it: its start recognises it (the officers get it all).
            _("What happened: {value}").format(value=shorten(d.description or "-", 80)),
            _("When: {value}").format(value=self.when_label()),
            _("Where: {value}").format(value=self.place_label()),
        ]
        if unit is not None:
            lines.append(_("Handled by: {unit}").format(unit=unit.name))
        if d.evidence:
            lines.append(
                self.ctx.tr.ngettext(
                    "Evidence: {n} file", "Evidence: {n} files", len(d.evidence)
                ).format(n=len(d.evidence))
            )
        else:
            lines.append(_("Evidence: none"))
        if d.contact != "chat":  # replies in this chat go without saying (the buttons say it)
            lines.append(_("Contact: {value}").format(value=contact))
        return "\n".join(lines)

    def when_label(self) -> str:
        d = self.draft
        if not d.occurred_at:
            return d.occurred_text or "-"
        local = datetime.fromisoformat(d.occurred_at)
        tz = self.timezone()
        aware = local.replace(tzinfo=ZoneInfo(tz))
        if d.occurred_precision == "day":
            shown = self.ctx.tr.format_date(aware, tz)
        elif d.occurred_precision == "part_of_day":
            # "kemarin sore": the day and the part of it, never a clock time nobody gave
            shown = f"{self.ctx.tr.format_date(aware, tz)}, {self._(_part_of_day(local.hour))}"
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
                return PlaceCandidate.from_json(data)
        return None

    def handling_unit(self, place: PlaceCandidate | None):  # noqa: ANN201
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

    # ---------------------------------------------------------------- input handlers

    async def on_consent(self, body: InboundBody) -> None:
        _ = self._
        answer = _choice_or_word(body, {"consent:yes": YES_WORDS})
        if answer == "consent:yes":
            self.actions.append(RecordConsent(safety.PRIVACY_NOTICE_VERSION, True))
            await self.trigger("advance")
        elif answer == "consent:no" or _text_in(body, {"tidak", "no", "tidak setuju"}):
            self.actions.append(RecordConsent(safety.PRIVACY_NOTICE_VERSION, False))
            self.notes.append(
                _(
                    "We understand. Without your consent we cannot record a "
                    "complaint here. You can still report at the nearest police "
                    "station, or call 110 in an emergency."
                )
            )
            await self.trigger("cancel")
            self.flush_notes()
        else:
            self.not_understood()

    async def on_category(self, body: InboundBody) -> None:
        if isinstance(body, Choice) and body.choice_id == ALL_CATEGORIES:
            self.draft.all_categories = True
            self.prompt()
            return
        category = None
        if isinstance(body, Choice) and body.choice_id.startswith("cat:"):
            category = self.ctx.category(body.choice_id[4:])
        elif isinstance(body, Text):
            category = self.category_from_text(body.text)
            if category is None and safety.is_story(body.text, self.triaged):
                # The citizen tells the story here: keep it, and suggest a category.
                safety.keep_story(self, body.text, self.triaged)
                self.take_story(body.text, told_at_idle=True)
                self.notes.append(self._("Thank you, your story is saved."))
                self.prompt()
                return
        if category is None:
            self.not_understood()
            return
        self.draft.category = category.id
        self.notes.append(
            self._("Category: {value} ✓").format(value=category.label(self.ctx.tr.locale))
        )
        await self.trigger("advance")

    def category_from_text(self, text: str):  # noqa: ANN201
        cleaned = text.strip().lower()
        if cleaned.isdigit() and 1 <= int(cleaned) <= len(self.ctx.categories):
            return self.ctx.categories[int(cleaned) - 1]
        for category in self.ctx.categories:
            for label in category.labels.values():
                if cleaned and (cleaned == label.lower() or cleaned == category.id):
                    return category
        return None

    async def on_description(self, body: InboundBody) -> None:
        _ = self._
        if isinstance(body, Choice) and body.choice_id == "desc:done" and self.draft.description:
            await self.trigger("advance")
            return
        if isinstance(body, Media):
            before = len(self.draft.evidence)
            self.add_evidence(body)
            if len(self.draft.evidence) == before:
                return  # refused: add_evidence said why, the step stays
            if body.kind in ("voice", "audio"):
                # Telling it is easier than typing it: the voice note is the story (kept
                # as evidence, where officers play it).
                if not self.draft.description:
                    self.draft.description = _("(told in a voice note)")
                self.notes.append(_("Voice note received as your story ✓"))
                await self.trigger("advance")
                return
            if not self.draft.description:
                self.notes.append(_("File saved as evidence. Please also tell us in a text."))
                self.prompt()
            return
        if not isinstance(body, Text) or not body.text.strip():
            self.not_understood()
            return
        text = body.text.strip()
        combined = f"{self.draft.description}\n{text}" if self.draft.description else text
        if len(combined) > self.ctx.max_text_chars:
            self.say(
                _(
                    "Your text is too long: at most {limit} characters, and this would be "
                    "{length}. Please shorten it and send it again; what you sent before "
                    "is kept."
                ).format(limit=self.ctx.max_text_chars, length=len(combined)),
                options=(Option("desc:done", _("Continue ➡️")),) if self.draft.description else (),
            )
            return
        self.draft.description = combined
        self.take_story(text, told_at_idle=False)
        if len(combined) < self.ctx.min_description_chars or len(combined.split()) < 4:
            self.say(
                _(
                    "Thank you. Could you tell us a little more, for example what exactly "
                    "happened and who was involved? Or choose “Continue” if that is all."
                ),
                options=(Option("desc:done", _("Continue ➡️")),),
            )
            return
        await self.trigger("advance")

    async def on_when(self, body: InboundBody) -> None:
        now_local = self.ctx.now.astimezone(ZoneInfo(self.timezone())).replace(tzinfo=None)
        if isinstance(body, Choice):
            picked = {
                "when:now": WhenAnswer(now_local.replace(second=0, microsecond=0), "moment"),
                "when:today": WhenAnswer(now_local.replace(second=0, microsecond=0), "day"),
                "when:yesterday": WhenAnswer(
                    (now_local - timedelta(days=1)).replace(
                        hour=12, minute=0, second=0, microsecond=0
                    ),
                    "day",
                ),
            }.get(body.choice_id)
            if body.choice_id == "when:other":
                await self.trigger("ask_date")
                return
            if body.choice_id == "when:unsure":
                await self.when_unsure()
                return
            if picked is None:
                self.not_understood()
                return
            self.draft.occurred_text = None
            await self.set_when(picked)
            return
        if isinstance(body, Text):
            await self.when_from_text(body.text, now_local)
            return
        self.not_understood()

    async def when_unsure(self) -> None:
        """ "Not sure": no time is recorded; the officers see that the citizen was unsure."""
        d = self.draft
        d.when_misses = 0
        d.occurred_at = d.occurred_precision = None
        d.occurred_text = self._("not sure")
        self.notes.append(self._("When: not sure ✓"))
        await self.trigger("advance")

    async def on_when_other(self, body: InboundBody) -> None:
        if isinstance(body, Choice) and body.choice_id in ("when:unsure", "when:yesterday"):
            await self.on_when(body)
            return
        if isinstance(body, Text):
            now_local = self.ctx.now.astimezone(ZoneInfo(self.timezone())).replace(tzinfo=None)
            await self.when_from_text(body.text, now_local)
        else:
            self.not_understood()

    async def when_from_text(self, text: str, now_local) -> None:  # noqa: ANN001
        _ = self._
        try:
            answer = parse_when(text[:200], now_local)
        except FutureTimeError:
            self.say(
                _(
                    "That time is still in the future. Please type when it happened, for "
                    "example “tadi pagi” or “20/11”."
                ),
                options=(self.back_option(),),
            )
            return
        if answer is None:
            self.draft.when_misses += 1
            if self.draft.when_misses >= 2:
                # Asked twice: the citizen's own words go to the officer as written.
                self.draft.when_misses = 0
                self.draft.occurred_at = self.draft.occurred_precision = None
                self.draft.occurred_text = text.strip()[:200]
                self.notes.append(
                    _("When: “{value}” (kept as you wrote it) ✓").format(
                        value=self.draft.occurred_text
                    )
                )
                await self.trigger("advance")
                return
            self.say(
                _(
                    "Sorry, we did not understand that time. Please type the date with "
                    "numbers, e.g. “4/12 jam 20.00”, or choose “Not sure”."
                ),
                options=(
                    Option("when:yesterday", _("Yesterday")),
                    Option("when:unsure", _("Not sure")),
                    self.back_option(),
                ),
                columns=2,
            )
            return
        self.draft.when_misses = 0
        self.draft.occurred_text = text.strip()[:200]
        await self.set_when(answer)

    async def set_when(self, answer: WhenAnswer) -> None:
        self.draft.occurred_at = answer.local.isoformat()
        self.draft.occurred_precision = answer.precision
        self.notes.append(self._("When: {value} ✓").format(value=self.when_label()))
        await self.trigger("advance")

    async def on_where(self, body: InboundBody) -> None:
        _ = self._
        if isinstance(body, Location):
            self.draft.latitude, self.draft.longitude = body.latitude, body.longitude
            resolution = self.ctx.places.resolve_point(body.latitude, body.longitude)
            if body.address:
                self.draft.place_text = body.address[:300]
            await self.apply_resolution(resolution, from_pin=True)
        elif isinstance(body, Text):
            self.draft.place_text = body.text.strip()[:300]
            resolution = self.ctx.places.resolve_text(body.text[:500])
            await self.apply_resolution(resolution, from_pin=False)
        else:
            self.not_understood()

    async def apply_resolution(self, resolution: PlaceResolution, from_pin: bool) -> None:
        _ = self._
        status = resolution.status
        if status == "ok" and resolution.chosen is not None:
            self.draft.place_candidates = [resolution.chosen.to_json()]
            self.draft.place_code = resolution.chosen.code
            await self.trigger("confirm_place")
        elif status == "ambiguous" and resolution.candidates:
            self.draft.place_candidates = [c.to_json() for c in resolution.candidates[:6]]
            self.draft.place_code = None
            await self.trigger("pick_place")
        elif status == "outside":
            self.say(
                _(
                    "That location is outside Indonesia. Dumas can only take complaints "
                    "about incidents in Indonesia. Please share or type the place of the "
                    "incident."
                ),
                request_location=self.location_label(),
            )
        elif status == "no_boundaries" or (from_pin and status == "not_found"):
            self.say(
                _(
                    "Thank you, your location is saved. To send the complaint to the right "
                    "police office, please also type the district and regency or city, "
                    "for example “Kec. Cilandak, Jakarta Selatan”."
                )
            )
        elif status == "invalid":
            self.say(
                _(
                    "Please type the name of the place (village, district, regency or "
                    "city), for example “Kec. Cilandak, Jakarta Selatan”, or share your "
                    "location."
                ),
                request_location=self.location_label(),
            )
        else:
            self.say(
                _(
                    "Sorry, we could not find that place. Please type the district "
                    "(kecamatan) and the regency or city, for example “Kec. Cilandak, "
                    "Jakarta Selatan” or “Kec. Cibinong, Kab. Bogor”."
                ),
                request_location=self.location_label(),
            )

    async def on_where_pick(self, body: InboundBody) -> None:
        if isinstance(body, Choice) and body.choice_id.startswith("place:"):
            key = body.choice_id[6:]
            if key == "none":
                self.notes.append(
                    self._(
                        "Please type the district (kecamatan) and the regency "
                        "or city, for example “Kec. Cibinong, Kab. Bogor”."
                    )
                )
                await self.trigger("retype_place")
                return
            if key.isdigit() and int(key) < len(self.draft.place_candidates):
                chosen = self.draft.place_candidates[int(key)]
                self.draft.place_candidates = [chosen]
                self.draft.place_code = chosen["code"]
                await self.trigger("confirm_place")
                return
            self.not_understood()
            return
        if isinstance(body, Text) and body.text.strip().isdigit():
            index = int(body.text.strip()) - 1
            if 0 <= index < len(self.draft.place_candidates):
                await self.on_where_pick(Choice(f"place:{index}"))
                return
        await self.on_where(body)

    async def on_where_confirm(self, body: InboundBody) -> None:
        answer = _choice_or_word(body, {"place:yes": YES_WORDS})
        if answer == "place:yes":
            # No echo: the place and its unit were on screen one message ago.
            await self.trigger("advance")
        elif answer == "place:change" or _text_in(
            body, {"ubah", "ganti", "change", "tidak", "bukan", "salah", "no"}
        ):
            self.draft.place_code = None
            self.draft.place_candidates = []
            await self.trigger("retype_place")
        else:
            await self.on_where(body)

    async def on_evidence(self, body: InboundBody) -> None:
        _ = self._
        if isinstance(body, Media):
            first_of_album = self.add_evidence(body)
            if first_of_album:
                self.prompt()
            return
        if isinstance(body, Choice) and body.choice_id in {"ev:done", "ev:skip"}:
            await self.trigger("advance")
            return
        if isinstance(body, Text):
            if body.text.strip().lower() in DONE_WORDS:
                await self.trigger("advance")
                return
            self.add_to_description(body.text)
            return
        if isinstance(body, Location):
            self.draft.latitude, self.draft.longitude = body.latitude, body.longitude
            self.say(
                _("Location saved with your complaint."), options=(Option("ev:done", _("✅ Done")),)
            )
            return
        self.not_understood()

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

    async def on_contact(self, body: InboundBody) -> None:
        if isinstance(body, Choice) and body.choice_id in {"contact:chat", "contact:anonymous"}:
            self.draft.contact = body.choice_id.split(":")[1]
            await self.trigger("advance")
        elif _text_in(body, {"anonim", "anonymous", "rahasia"}):
            await self.on_contact(Choice("contact:anonymous"))
        else:
            self.not_understood()

    async def on_summary(self, body: InboundBody) -> None:
        answer = _choice_or_word(body, {"sum:confirm": {"kirim", "send", "ya", "yes"}})
        if answer == "sum:confirm":
            await self.submit()
        elif answer == SEND_ANONYMOUSLY:
            self.draft.contact = "anonymous"
            await self.submit()
        elif answer == "sum:edit" or _text_in(body, {"ubah", "edit", "ganti"}):
            await self.trigger("edit_field")
        elif answer == "sum:cancel":
            self.ask_cancel()
        else:
            self.not_understood()

    async def on_edit(self, body: InboundBody) -> None:
        if isinstance(body, Choice) and body.choice_id.startswith("edit:"):
            field = body.choice_id[5:]
            if field in EDITABLE:
                self.draft.editing = True
                await self.trigger(f"to_{EDITABLE[field]}")
                return
        self.not_understood()

    async def submit(self) -> None:
        _ = self._
        d = self.draft
        chosen = self.chosen_place()
        missing = [
            name
            for name, value in (
                ("category", d.category),
                ("description", d.description),
                ("where", chosen),
                ("contact", d.contact),
            )
            if not value
        ]
        if missing:  # only reachable with a tampered/old draft; send the citizen to it
            self.draft.editing = True
            await self.trigger(f"to_{missing[0]}")
            return
        assert chosen is not None
        unit = self.handling_unit(chosen)
        tz = unit.timezone if unit else self.timezone()
        occurred_utc = None
        if d.occurred_at:
            occurred_utc = (
                datetime.fromisoformat(d.occurred_at)
                .replace(tzinfo=ZoneInfo(tz))
                .astimezone(UTC)
                .isoformat()
            )
        reference = self.ctx.new_reference()
        self.actions.append(
            SubmitComplaint(
                reference=reference,
                draft=Draft.from_json(d.to_json()),
                unit_id=unit.id if unit else None,
                polda_id=unit.polda_id if unit else None,
                timezone=tz,
                occurred_at_utc=occurred_utc,
            )
        )
        unit_name = unit.name if unit else _("the police")
        lines = [
            _(
                "✅ Complaint received. Number: {reference}\nHandled by {unit}. Updates come "
                "in this chat, or type /status."
            ).format(reference=reference, unit=unit_name)
        ]
        category = self.ctx.category(d.category)
        next_step = category.next_step(self.ctx.tr.locale) if category else ""
        if next_step:
            lines.append(f"👉 {next_step}")
        self.notes.append("\n\n".join(lines))
        await self.trigger("finish")
        self.flush_notes()

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

    async def skip_prefilled(self, step: str) -> bool:
        """On the way forward, a step the story already answered is passed (once)."""
        if step in self.draft.prefilled and not self.is_editing():
            self.draft.prefilled.remove(step)
            await self.trigger("advance")
            return True
        return False

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

    async def cancel_draft(self) -> None:
        self.notes.append(
            self._(
                "Your complaint has been cancelled and nothing was sent. "
                "Type /aduan whenever you want to file a complaint."
            )
        )
        await self.trigger("cancel")
        self.flush_notes()

    # ---------------------------------------------------------------- misc

    def not_understood(self) -> None:
        """Repeat the step with a hint of what it needs (and keep the draft as it is)."""
        hints = {
            "consent": N_("Please choose one of the options below."),
            "category": N_("Please choose one of the categories below, or tell what happened."),
            "description": N_("Please describe what happened in a text message."),
            "when": N_("Please choose an option or type when it happened."),
            "when_other": N_("Please type the date as text, for example “20/11”."),
            "where": N_("Please share your location or type the name of the place."),
            "where_pick": N_("Please choose one of the places below."),
            "where_confirm": N_("Please choose one of the options below."),
            "evidence": N_(
                "Please send photos, videos, documents or voice notes, or choose “Done”."
            ),
            "contact": N_("Please choose one of the options below."),
            "summary": N_("Please choose one of the options below."),
            "edit": N_("Please choose what you want to change."),
        }
        hint = hints.get(self.state)
        if hint:
            self.notes.append(self._(hint))
        self.prompt()


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


def _part_of_day(hour: int) -> str:
    return next(name for first, name in reversed(_PARTS_OF_DAY) if hour >= first)


def _text_in(body: InboundBody, words: set[str]) -> bool:
    return isinstance(body, Text) and body.text.strip().lower().rstrip(".!") in words


def _choice_or_word(body: InboundBody, words: dict[str, set[str]]) -> str | None:
    if isinstance(body, Choice):
        return body.choice_id
    if isinstance(body, Text):
        lowered = body.text.strip().lower().rstrip(".!")
        for choice_id, accepted in words.items():
            if lowered in accepted:
                return choice_id
    return None


MACHINE = AsyncMachine(
    model=None,
    states=STATES,
    transitions=_transitions(),
    initial=None,
    queued="model",
    auto_transitions=True,  # to_<state>: used by "edit" and "kembali"
)


async def handle(state: str, draft: Draft, inbound: Inbound, ctx: FlowContext) -> StepResult:
    """One event of one citizen: the new state, draft, replies and actions. Pure."""
    if state not in STATES:
        state = IDLE  # a state from an older version of the flow: start over politely
    intake = Intake(Draft.from_json(draft.to_json()), ctx)
    MACHINE.add_model(intake, initial=state)
    try:
        # Triage first: the 110 advice comes before anything else the step says.
        intake.triaged = safety.before_step(intake, inbound.body)
        await _dispatch(intake, inbound.body)
    finally:
        MACHINE.remove_model(intake)
    intake.flush_notes()
    if intake.state == IDLE:
        # idle carries no draft (nor a stale "urgent"), only the last list shown and a
        # question waiting for "Ask an officer"
        intake.draft = Draft(
            last_options=intake.draft.last_options, pending_text=intake.draft.pending_text
        )
    _remember_last_list(intake)
    return StepResult(
        state=intake.state,
        draft=intake.draft,
        replies=intake.replies,
        actions=intake.actions,
        toast=intake.toast,
    )  # type: ignore[arg-type]


async def _dispatch(intake: Intake, body: InboundBody) -> None:
    _ = intake._
    active = intake.state != IDLE
    if isinstance(body, Tick):
        await _on_tick(intake, body)
        return
    if isinstance(body, Choice) and body.choice_id.startswith("cmd:"):
        # A menu option that runs a command ("🔎 Cek aduan saya" -> /status), pressed or
        # typed as its number or label (WhatsApp has no buttons): the command itself.
        name, _sep, args = body.choice_id[4:].partition(" ")
        body = Command(name, args)
    if isinstance(body, Command):
        await _on_command(intake, body)
        return
    if isinstance(body, Text):
        # A typed number or label answers the last list shown, wherever that list came
        # from, before anything else reads the text.
        typed_choice = _typed_option(intake, body.text)
        if typed_choice is not None:
            await _dispatch(intake, typed_choice)
            return
    if not active and intake.ctx.followup_tickets:
        # Idle: a message about an open or just-resolved ticket goes to the follow-up flow.
        handled = followup.handle(body, intake.ctx)
        if handled is not None:
            intake.replies.extend(handled.replies)
            intake.actions.extend(handled.actions)
            return
    if isinstance(body, Choice):
        if body.choice_id.startswith("lang:"):
            _switch_language(intake, body.choice_id[5:])
            return
        if body.choice_id == "nav:back":
            await _go_back(intake)
            return
        if body.choice_id == CANCEL_YES and active:
            await intake.cancel_draft()
            return
        if body.choice_id == CANCEL_NO and active:
            intake.prompt()
            return
        if body.choice_id == "menu:new":
            await _on_command(intake, Command("aduan"))
            return
        if body.choice_id.startswith("privacy:"):
            await _on_privacy_choice(intake, body.choice_id)
            return
    if isinstance(body, Text):
        word = body.text.strip().lower().rstrip(".!")
        if word in CANCEL_WORDS and active:
            await intake.cancel_or_ask()
            return
        if word in BACK_WORDS and active:
            await _go_back(intake)
            return
    if not active:
        if isinstance(body, Choice) and body.choice_id in (
            question.ASK_OFFICER,
            question.ASK_COMPLAINT,
        ):
            await _from_pending_text(intake, body.choice_id)
            return
        if isinstance(body, Choice) and body.choice_id == question.ANSWERED:
            question.answered(intake)
            return
        if isinstance(body, Text) and safety.starts_complaint(body.text, intake.triaged):
            # A first message that tells the story: keep it and start the complaint.
            await _start_with_story(intake, body.text, intake.triaged)
            return
        if isinstance(body, Text) and intake.triaged is not None:
            if intake.triaged.intent.label is Intent.QUESTION:
                question.answer_question(intake, body.text, intake.triaged)
                return
            if intake.triaged.intent.label is Intent.GREETING:
                question.greet(intake, body.text)
                return
        if isinstance(body, Choice) and body.choice_id.startswith(_SUMMARY_CHOICES):
            # "Kirim aduan" tapped twice: the complaint is sent; a popup says so, the
            # number stays the last thing in the chat.
            intake.toast = _("Your complaint was already sent ✓")
            return
        if isinstance(body, Choice):
            intake.notes.append(_("That button belongs to an earlier conversation."))
        intake.prompt()
        return
    if isinstance(body, Unsupported):
        intake.notes.append(
            _("Sorry, {kind} cannot be processed here.").format(kind=_(unsupported_name(body.kind)))
        )
        intake.not_understood()
        return
    if isinstance(body, Media) and intake.state not in ("description", "evidence"):
        # A photo sent while another question waits: kept as evidence, nothing lost (not
        # before the consent, which is what allows keeping it).
        if intake.state == "consent":
            intake.not_understood()
            return
        before = len(intake.draft.evidence)
        first_of_album = intake.add_evidence(body)
        if len(intake.draft.evidence) > before and first_of_album:
            intake.notes.append(_("File saved as evidence ✓"))
            intake.prompt()
        return
    if isinstance(body, Contact):
        intake.notes.append(
            _("Thank you, but a contact card is not needed: officers reply to you in this chat.")
        )
        intake.not_understood()
        return
    if isinstance(body, Choice) and not _choice_fits(intake.state, body.choice_id):
        # A button of a step already answered (a double tap, an old message): its answer
        # is recorded; resending the current question would only scroll it away.
        intake.toast = _("Already answered ✓ Please continue below.")
        return
    handler = getattr(intake, f"on_{intake.state}")
    await handler(body)


async def _start_with_story(
    intake: Intake, text: str, result: Triage | None, category: str | None = None
) -> None:
    """Keep the story (and the likely category) and start the complaint."""
    _ = intake._
    urgent = intake.draft.priority == "urgent"
    if safety.may_start(intake, urgent):
        safety.keep_story(intake, text, result)
        intake.take_story(text, told_at_idle=True)
        if category is not None:
            intake.draft.suggested_category = category
            intake.draft.category_evidence = []
        intake.notes.append(_("Thank you, your story is saved."))
        await intake.trigger("start")


async def _from_pending_text(intake: Intake, choice_id: str) -> None:
    """ "Ask an officer" or "File a complaint" under a question kept at idle."""
    _ = intake._
    text = intake.draft.pending_text
    if not text:
        intake.notes.append(_("That button belongs to an earlier conversation."))
        intake.prompt()
        return
    intake.draft.pending_text = None
    if choice_id == question.ASK_OFFICER:
        # a question for the officers, not a complaint: counted apart, a shorter deadline
        intake.draft.kind = "question"
        await _start_with_story(intake, text, None, category=question.INFORMATION)
    else:
        await _start_with_story(intake, text, safety.triage_of(intake, text))


# States where the citizen types free text: there only a bare number or the exact label of
# a shown option counts as pressing it, never a fuzzy match.
_FREE_TEXT_STATES = {"description", "when", "when_other", "where", "where_confirm", "evidence"}


def _typed_option(intake: Intake, text: str) -> Choice | None:
    """Text that names an option of the current prompt, as on WhatsApp ("2", "Lewati",
    "lewat") or when a Telegram user types a button's label: treat it as the press."""
    typed = text.strip().lower().rstrip(".!")
    if not typed or len(typed) > 60:
        return None
    if intake.draft.last_options:
        options = [Option(choice_id, label) for choice_id, label in intake.draft.last_options]
    else:  # a conversation stored before lists were remembered: the step's own prompt
        scratch = Intake(Draft.from_json(intake.draft.to_json()), intake.ctx)
        scratch.state = intake.state
        scratch.prompt()
        options = [o for reply in scratch.replies for o in reply.options]
    if not options:
        return None
    if typed.isdigit():
        if all(o.id == "nav:back" for o in options):
            return None  # WhatsApp shows no number for a lone "Back" (a word instead)
        index = int(typed) - 1
        return Choice(options[index].id) if 0 <= index < len(options) else None
    labels = {_plain(o.label): o.id for o in options}
    if typed in labels:
        return Choice(labels[typed])
    if intake.state in _FREE_TEXT_STATES or len(typed) < 4 or len(typed.split()) > 3:
        return None
    # A mistyped label ("lewatin", "kirim adu"), never a sentence that contains a label's
    # word: "terima kasih atas bantuannya" is no press of "Bantuan". So the whole text is
    # compared (ratio), not its best-matching part (WRatio), and only short texts.
    best = process.extractOne(typed, list(labels), scorer=fuzz.ratio, score_cutoff=80)
    return Choice(labels[best[0]]) if best else None


def _remember_last_list(intake: Intake) -> None:
    """Keep the buttons of the last list this step showed (see Draft.last_options); a step
    that answered without any list makes the earlier one stale; a silent step keeps it."""
    if not intake.replies:
        return
    lists = [reply.options for reply in intake.replies if reply.options]
    intake.draft.last_options = [[o.id, o.label] for o in lists[-1]] if lists else []


def _plain(label: str) -> str:
    """A button label without its emoji and punctuation, lower case."""
    return "".join(ch for ch in label.lower() if ch.isalnum() or ch in " /-").strip()


# Which choice ids each state takes; a press on an old message's button is answered with
# the current step instead of being applied to the wrong question.
_CHOICE_PREFIXES = {
    "consent": ("consent:",),
    "category": ("cat:",),
    "description": ("desc:",),
    "when": ("when:",),
    "when_other": ("when:",),
    "where": (),
    "where_pick": ("place:",),
    "where_confirm": ("place:",),
    "evidence": ("ev:",),
    "contact": ("contact:",),
    "summary": ("sum:",),
    "edit": ("edit:",),
}


def _choice_fits(state: str, choice_id: str) -> bool:
    return choice_id.startswith(_CHOICE_PREFIXES.get(state, ()))


async def _on_tick(intake: Intake, tick: Tick) -> None:
    _ = intake._
    if intake.state == IDLE:
        return
    if tick.timer == "reminder":
        intake.notes.append(
            _(
                "Are you still there, Sir/Madam? Your complaint is not sent yet. "
                "You can continue where you left off:"
            )
        )
        intake.prompt()
    elif tick.timer == "expiry":
        intake.notes.append(
            _(
                "Your unfinished complaint has expired after {hours:g} hours "
                "without reply and was deleted. Type /aduan to start again."
            ).format(hours=intake.ctx.expiry_hours)
        )
        await intake.trigger("expire")
        intake.flush_notes()


async def _on_command(intake: Intake, command: Command) -> None:
    _ = intake._
    name = command.name
    active = intake.state != IDLE
    if name in {"start", "aduan", "lapor", "new"}:
        if active:
            intake.notes.append(
                _(
                    "You are in the middle of a complaint. Continue below, or "
                    "type /batal to cancel it."
                )
            )
            intake.prompt()
        elif safety.may_start(intake, intake.draft.priority == "urgent"):
            await intake.trigger("start")
    elif name in {"tanya", "ask"}:
        text = command.args.strip()
        if not text:
            intake.say(_("Type your question after the command, e.g. /tanya syarat SKCK"))
        elif active:
            # Mid-complaint: the answer only, then the step goes on (nothing replaced).
            question.answer_in_passing(intake, text)
            intake.prompt()
        else:
            result = safety.triage_of(intake, text)
            if result.emergency.flagged:  # emergencies first, whatever the command
                intake.replies.append(safety.emergency_advice(intake, result))
            question.answer_question(intake, text, result)
    elif name in {"dataku", "mydata"}:
        intake.actions.append(ShowMyData())
        if active:
            intake.prompt()
    elif name in {"hapusdata", "erasemydata"}:
        intake.say(
            _(
                "Erase your personal data? Dumas will delete what you told us and your "
                "evidence files from your closed complaints, and your name and chat "
                "account once no complaint of yours is open. Complaints still open are "
                "kept until they are closed. Only anonymous statistics remain. This cannot "
                "be undone."
            ),
            options=(
                Option("privacy:erase", _("🗑️ Yes, erase my data")),
                Option("privacy:keep", _("✖️ No, keep it")),
            ),
        )
    elif name in {"batal", "cancel"}:
        if active:
            await intake.cancel_or_ask()
        else:
            intake.say(_("There is no complaint in progress. Type /aduan to file one."))
    elif name in {"bantuan", "help"}:
        intake.say(_help_text(intake))
        if active:
            intake.prompt()
    elif name in {"bahasa", "language"}:
        intake.say(
            _("Choose your language / Pilih bahasa:"),
            options=(Option("lang:id", "🇮🇩 Bahasa Indonesia"), Option("lang:en", "🇬🇧 English")),
        )
    elif name == "status":
        intake.actions.append(ShowStatus(command.args))
    else:
        intake.notes.append(_("Unknown command /{name}.").format(name=name[:32]))
        intake.say(_help_text(intake))
        if active:
            intake.prompt()


def _help_text(intake: Intake) -> str:
    return intake._(
        "Dumas takes complaints for the Indonesian National Police.\n"
        "/aduan – file a new complaint\n"
        "/status – your complaints and their progress; /status NUMBER for one ticket\n"
        "/batal – cancel the complaint you are filling in\n"
        "“kembali” – go back one step\n"
        "/bahasa – change language\n"
        "/bantuan – this help\n\n"
        "In an emergency, call 110 (free, 24 hours)."
    )


async def _on_privacy_choice(intake: Intake, choice_id: str) -> None:
    if choice_id == "privacy:erase":
        intake.actions.append(EraseMyData())  # the runtime answers with what it erased
        if intake.state != IDLE:
            await intake.trigger("cancel")
        return
    intake.say(intake._("Nothing was erased."))
    if intake.state != IDLE:
        intake.prompt()


def _switch_language(intake: Intake, locale: str) -> None:
    if locale not in {"id", "en"}:
        return
    intake.actions.append(SetLocale(locale))
    intake.ctx.tr = intake.ctx.translator_for(locale)
    intake.notes.append(intake._("Language set to English."))
    if intake.state != IDLE:
        intake.prompt()
    else:
        intake.flush_notes()


async def _go_back(intake: Intake) -> None:
    target = BACK.get(intake.state)
    if intake.draft.editing and intake.state not in {"summary", "edit"}:
        target = "summary"
    if target is None:
        intake.prompt()
        return
    await intake.trigger("back") if target == BACK.get(intake.state) else await intake.trigger(
        f"to_{target}"
    )


__all__ = ["IDLE", "MACHINE", "STATES", "handle"]
