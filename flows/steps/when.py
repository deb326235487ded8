"""When it happened: a button (just now, today, yesterday) or a time typed in the
citizen's words (read by flows/when.py); "Another date" asks for it (when_other)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flows.events import Choice, InboundBody, Option, Text
from flows.intake import Intake, Step
from flows.texts import N_
from flows.when import FutureTimeError, WhenAnswer, parse_when


def prompt(intake: Intake) -> None:
    _ = intake._
    intake.say(
        _("When did it happen? Choose, or type it (e.g. “tadi malam”, “23/11”)."),
        options=(
            Option("when:now", _("Just now")),
            Option("when:today", _("Today")),
            Option("when:yesterday", _("Yesterday")),
            Option("when:other", _("Another date")),
            intake.back_option(),
        ),
        columns=2,
    )


async def handle(intake: Intake, body: InboundBody) -> None:
    now_local = intake.ctx.now.astimezone(ZoneInfo(intake.timezone())).replace(tzinfo=None)
    if isinstance(body, Choice):
        picked = {
            "when:now": WhenAnswer(now_local.replace(second=0, microsecond=0), "moment"),
            "when:today": WhenAnswer(now_local.replace(second=0, microsecond=0), "day"),
            "when:yesterday": WhenAnswer(
                (now_local - timedelta(days=1)).replace(hour=12, minute=0, second=0, microsecond=0),
                "day",
            ),
        }.get(body.choice_id)
        if body.choice_id == "when:other":
            await intake.trigger("ask_date")
            return
        if body.choice_id == "when:unsure":
            await when_unsure(intake)
            return
        if picked is None:
            intake.not_understood()
            return
        intake.draft.occurred_text = None
        await set_when(intake, picked)
        return
    if isinstance(body, Text):
        await when_from_text(intake, body.text, now_local)
        return
    intake.not_understood()


async def when_unsure(intake: Intake) -> None:
    """ "Not sure": no time is recorded; the officers see that the citizen was unsure."""
    d = intake.draft
    d.when_misses = 0
    d.occurred_at = d.occurred_precision = None
    d.occurred_text = intake._("not sure")
    intake.notes.append(intake._("When: not sure ✓"))
    await intake.trigger("advance")


async def when_from_text(intake: Intake, text: str, now_local: datetime) -> None:
    _ = intake._
    draft = intake.draft
    try:
        answer = parse_when(text[:200], now_local)
    except FutureTimeError:
        intake.say(
            _(
                "That time is still in the future. Please type when it happened, for "
                "example “tadi pagi” or “20/11”."
            ),
            options=(intake.back_option(),),
        )
        return
    if answer is None:
        draft.when_misses += 1
        if draft.when_misses >= 2:
            # Asked twice: the citizen's own words go to the officer as written.
            draft.when_misses = 0
            draft.occurred_at = draft.occurred_precision = None
            draft.occurred_text = text.strip()[:200]
            intake.notes.append(
                _("When: “{value}” (kept as you wrote it) ✓").format(value=draft.occurred_text)
            )
            await intake.trigger("advance")
            return
        intake.say(
            _(
                "Sorry, we did not understand that time. Please type the date with "
                "numbers, e.g. “4/12 jam 20.00”, or choose “Not sure”."
            ),
            options=(
                Option("when:yesterday", _("Yesterday")),
                Option("when:unsure", _("Not sure")),
                intake.back_option(),
            ),
            columns=2,
        )
        return
    draft.when_misses = 0
    draft.occurred_text = text.strip()[:200]
    await set_when(intake, answer)


async def set_when(intake: Intake, answer: WhenAnswer) -> None:
    intake.draft.occurred_at = answer.local.isoformat()
    intake.draft.occurred_precision = answer.precision
    intake.notes.append(intake._("When: {value} ✓").format(value=intake.when_label()))
    await intake.trigger("advance")


STEP = Step(
    name="when",
    prompt=prompt,
    handle=handle,
    hint=N_("Please choose an option or type when it happened."),
    back="description",
    choices=("when:",),
    triggers={"ask_date": "when_other"},
    from_story=True,
    free_text=True,
    edit_label=N_("When"),
)
