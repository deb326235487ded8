"""What happened: the citizen's story, typed (in one or more messages) or told in a voice
note."""

from __future__ import annotations

from flows.events import Choice, InboundBody, Media, Option, Text
from flows.intake import Intake, Step
from flows.texts import N_, shorten


def prompt(intake: Intake) -> None:
    _ = intake._
    if intake.draft.description:
        # The start is enough to recognise it; the whole story is in the summary.
        intake.say(
            _("Your story so far: “{text}”\nAdd more, or continue.").format(
                text=shorten(intake.draft.description, 80)
            ),
            options=(Option("desc:done", _("Continue ➡️")), intake.back_option()),
        )
        return
    intake.say(
        _("Tell us what happened: what, who was involved, what was lost or damaged."),
        options=(intake.back_option(),),
    )


async def handle(intake: Intake, body: InboundBody) -> None:
    _ = intake._
    draft = intake.draft
    if isinstance(body, Choice) and body.choice_id == "desc:done" and draft.description:
        await intake.trigger("advance")
        return
    if isinstance(body, Media):
        before = len(draft.evidence)
        intake.add_evidence(body)
        if len(draft.evidence) == before:
            return  # refused: add_evidence said why, the step stays
        if body.kind in ("voice", "audio"):
            # Telling it is easier than typing it: the voice note is the story (kept
            # as evidence, where officers play it).
            if not draft.description:
                draft.description = _("(told in a voice note)")
            intake.notes.append(_("Voice note received as your story ✓"))
            await intake.trigger("advance")
            return
        if not draft.description:
            intake.notes.append(_("File saved as evidence. Please also tell us in a text."))
            intake.prompt()
        return
    if not isinstance(body, Text) or not body.text.strip():
        intake.not_understood()
        return
    text = body.text.strip()
    combined = f"{draft.description}\n{text}" if draft.description else text
    if len(combined) > intake.ctx.max_text_chars:
        intake.say(
            _(
                "Your text is too long: at most {limit} characters, and this would be "
                "{length}. Please shorten it and send it again; what you sent before "
                "is kept."
            ).format(limit=intake.ctx.max_text_chars, length=len(combined)),
            options=(Option("desc:done", _("Continue ➡️")),) if draft.description else (),
        )
        return
    draft.description = combined
    intake.take_story(text, told_at_idle=False)
    if len(combined) < intake.ctx.min_description_chars or len(combined.split()) < 4:
        intake.say(
            _(
                "Thank you. Could you tell us a little more, for example what exactly "
                "happened and who was involved? Or choose “Continue” if that is all."
            ),
            options=(Option("desc:done", _("Continue ➡️")),),
        )
        return
    await intake.trigger("advance")


STEP = Step(
    name="description",
    prompt=prompt,
    handle=handle,
    hint=N_("Please describe what happened in a text message."),
    back="category",
    choices=("desc:",),
    from_story=True,
    story=True,
    free_text=True,
    takes_files=True,
    edit_label=N_("What happened"),
)
