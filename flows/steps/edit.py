"""What to change: from the summary, any step with an `edit_label`; after it the citizen
comes straight back to the summary (Draft.editing)."""

from __future__ import annotations

from flows.events import Choice, InboundBody, Option
from flows.intake import Intake, Step
from flows.texts import N_


def prompt(intake: Intake) -> None:
    _ = intake._
    intake.say(
        _("What would you like to change?"),
        options=tuple(
            Option(f"edit:{step.name}", _(step.edit_label))
            for step in intake.steps.values()
            if step.edit_label
        )
        + (intake.back_option(),),
        columns=2,
    )


async def handle(intake: Intake, body: InboundBody) -> None:
    if isinstance(body, Choice) and body.choice_id.startswith("edit:"):
        name = body.choice_id[5:]
        step = intake.steps.get(name)
        if step is not None and step.edit_label:
            intake.draft.editing = True
            await intake.trigger(f"to_{name}")
            return
    intake.not_understood()


STEP = Step(
    name="edit",
    prompt=prompt,
    handle=handle,
    hint=N_("Please choose what you want to change."),
    back="summary",
    choices=("edit:",),
    on_path=False,
)
