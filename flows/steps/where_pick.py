"""Several places match what the citizen typed: they pick one (a button or its number),
say none fits, or type the place again."""

from __future__ import annotations

from flows.events import Choice, InboundBody, Option, Text
from flows.intake import Intake, Step
from flows.steps import where
from flows.texts import N_


def prompt(intake: Intake) -> None:
    _ = intake._
    options = tuple(
        Option(f"place:{i}", c["path"]) for i, c in enumerate(intake.draft.place_candidates)
    )
    intake.say(
        _("Several places match. Which one do you mean?"),
        options=options + (Option("place:none", _("None of these")), intake.back_option()),
        remove_keyboard=True,
    )


async def handle(intake: Intake, body: InboundBody) -> None:
    draft = intake.draft
    if isinstance(body, Choice) and body.choice_id.startswith("place:"):
        key = body.choice_id[6:]
        if key == "none":
            intake.notes.append(
                intake._(
                    "Please type the district (kecamatan) and the regency "
                    "or city, for example “Kec. Cibinong, Kab. Bogor”."
                )
            )
            await intake.trigger("retype_place")
            return
        if key.isdigit() and int(key) < len(draft.place_candidates):
            chosen = draft.place_candidates[int(key)]
            draft.place_candidates = [chosen]
            draft.place_code = chosen["code"]
            await intake.trigger("confirm_place")
            return
        intake.not_understood()
        return
    if isinstance(body, Text) and body.text.strip().isdigit():
        index = int(body.text.strip()) - 1
        if 0 <= index < len(draft.place_candidates):
            await handle(intake, Choice(f"place:{index}"))
            return
    await where.handle(intake, body)


STEP = Step(
    name="where_pick",
    prompt=prompt,
    handle=handle,
    hint=N_("Please choose one of the places below."),
    back="where",
    choices=("place:",),
    on_path=False,
    part_of="where",
    triggers=where.PLACE_TRIGGERS,
)
