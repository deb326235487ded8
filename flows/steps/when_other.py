"""Another date: the citizen types the date (and time) after choosing "Another date"."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flows.events import Choice, InboundBody, Option, Text
from flows.intake import Intake, Step
from flows.steps import when
from flows.texts import N_


def prompt(intake: Intake) -> None:
    _ = intake._
    intake.say(
        _("Type the date, and the time if you know it (e.g. “20/11 jam 20.00”)."),
        options=(Option("when:unsure", _("Not sure")), intake.back_option()),
    )


async def handle(intake: Intake, body: InboundBody) -> None:
    if isinstance(body, Choice) and body.choice_id in ("when:unsure", "when:yesterday"):
        await when.handle(intake, body)
        return
    if isinstance(body, Text):
        now_local = intake.ctx.now.astimezone(ZoneInfo(intake.timezone())).replace(tzinfo=None)
        await when.when_from_text(intake, body.text, now_local)
    else:
        intake.not_understood()


STEP = Step(
    name="when_other",
    prompt=prompt,
    handle=handle,
    hint=N_("Please type the date as text, for example “20/11”."),
    back="when",
    choices=("when:",),
    on_path=False,
    part_of="when",
    free_text=True,
)
