"""The place as understood, with the unit that will handle it: right, or change it."""

from __future__ import annotations

from flows.events import InboundBody, Option
from flows.intake import (
    CHOOSE_AN_OPTION,
    YES_WORDS,
    Intake,
    Step,
    choice_or_word,
    short_path,
    text_in,
)
from flows.steps import where


def prompt(intake: Intake) -> None:
    _ = intake._
    chosen = intake.chosen_place()
    if chosen is None:  # defensive: no place to confirm, ask again
        intake.say(_("Please type the place again."), request_location=intake.location_label())
        return
    unit = intake.handling_unit(chosen)
    if unit is not None:
        text = _("📍 Place of the incident: {place}\n👮 Handled by: {unit}").format(
            place=short_path(chosen), unit=unit.name
        )
    else:
        text = _("📍 Place of the incident: {place}").format(place=short_path(chosen))
    # The place is given: the "share location" keyboard goes away now, or it would be
    # taken for an answer to the next question. A Telegram message carries either
    # inline buttons or a keyboard removal, so the statement and the question are two.
    intake.say(text, remove_keyboard=True)
    intake.say(
        _("Is that right?"),
        options=(
            Option("place:yes", _("✅ Yes, that's right")),
            Option("place:change", _("✏️ Change")),
        ),
    )


async def handle(intake: Intake, body: InboundBody) -> None:
    answer = choice_or_word(body, {"place:yes": YES_WORDS})
    if answer == "place:yes":
        # No echo: the place and its unit were on screen one message ago.
        await intake.trigger("advance")
    elif answer == "place:change" or text_in(
        body, {"ubah", "ganti", "change", "tidak", "bukan", "salah", "no"}
    ):
        intake.draft.place_code = None
        intake.draft.place_candidates = []
        await intake.trigger("retype_place")
    else:
        await where.handle(intake, body)


STEP = Step(
    name="where_confirm",
    prompt=prompt,
    handle=handle,
    hint=CHOOSE_AN_OPTION,
    back="where",
    choices=("place:",),
    on_path=False,
    part_of="where",
    triggers=where.PLACE_TRIGGERS,
    free_text=True,
)
