"""What the complaint is about: the categories, or the one suggested by the story."""

from __future__ import annotations

from flows import safety
from flows.events import Choice, InboundBody, Option, Text
from flows.intake import Intake, Step
from flows.ports import Category
from flows.texts import N_

ALL_CATEGORIES = "cat:*"  # "another category" under a proposed one


def prompt(intake: Intake) -> None:
    _ = intake._
    options = tuple(
        Option(f"cat:{c.id}", f"{c.emoji} {c.label(intake.ctx.tr.locale)}".strip())
        for c in intake.ctx.categories
    )
    suggested, first = safety.suggestion_options(intake)
    if suggested and not intake.draft.all_categories:
        # The proposal once, as a yes or "another": two lines to read, not eleven.
        intake.say(
            suggested,
            options=first
            + (Option(ALL_CATEGORIES, _("📋 Another category")),)
            + (intake.back_option(),),
        )
        return
    intake.say(
        _("What is your complaint about? Not sure? Just tell us what happened."),
        options=options + (intake.back_option(),),
    )


async def handle(intake: Intake, body: InboundBody) -> None:
    if isinstance(body, Choice) and body.choice_id == ALL_CATEGORIES:
        intake.draft.all_categories = True
        intake.prompt()
        return
    category = None
    if isinstance(body, Choice) and body.choice_id.startswith("cat:"):
        category = intake.ctx.category(body.choice_id[4:])
    elif isinstance(body, Text):
        category = category_from_text(intake, body.text)
        if category is None and safety.is_story(body.text, intake.triaged):
            # The citizen tells the story here: keep it, and suggest a category.
            safety.keep_story(intake, body.text, intake.triaged)
            intake.take_story(body.text, told_at_idle=True)
            intake.notes.append(intake._("Thank you, your story is saved."))
            intake.prompt()
            return
    if category is None:
        intake.not_understood()
        return
    intake.draft.category = category.id
    intake.notes.append(
        intake._("Category: {value} ✓").format(value=category.label(intake.ctx.tr.locale))
    )
    await intake.trigger("advance")


def category_from_text(intake: Intake, text: str) -> Category | None:
    """A category typed by its number, label or id."""
    categories = intake.ctx.categories
    cleaned = text.strip().lower()
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(categories):
        return categories[int(cleaned) - 1]
    for category in categories:
        for label in category.labels.values():
            if cleaned and (cleaned == label.lower() or cleaned == category.id):
                return category
    return None


STEP = Step(
    name="category",
    prompt=prompt,
    handle=handle,
    hint=N_("Please choose one of the categories below, or tell what happened."),
    back="consent",
    choices=("cat:",),
    story=True,
    edit_label=N_("Category"),
)
