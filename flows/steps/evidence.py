"""Evidence: photos, videos, documents and voice notes, until the citizen is done; a text
sent here is added to the description."""

from __future__ import annotations

from flows.events import Choice, InboundBody, Location, Media, Option, Text
from flows.intake import Intake, Step
from flows.texts import N_

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


def prompt(intake: Intake) -> None:
    _ = intake._
    count = len(intake.draft.evidence)
    # The file limits are said when one is reached (media_error), not up front.
    if count:
        text = intake.ctx.tr.ngettext(
            "{n} file received. Send more, or choose “Done”.",
            "{n} files received. Send more, or choose “Done”.",
            count,
        ).format(n=count)
        options = (Option("ev:done", _("✅ Done")), intake.back_option())
    else:
        text = _("Any photos, videos or documents as evidence? Send them now.")
        options = (Option("ev:skip", _("Skip")), intake.back_option())
    intake.say(text, options=options, columns=2, remove_keyboard=True)


async def handle(intake: Intake, body: InboundBody) -> None:
    _ = intake._
    if isinstance(body, Media):
        first_of_album = intake.add_evidence(body)
        if first_of_album:
            intake.prompt()
        return
    if isinstance(body, Choice) and body.choice_id in {"ev:done", "ev:skip"}:
        await intake.trigger("advance")
        return
    if isinstance(body, Text):
        if body.text.strip().lower() in DONE_WORDS:
            await intake.trigger("advance")
            return
        intake.add_to_description(body.text)
        return
    if isinstance(body, Location):
        intake.draft.latitude, intake.draft.longitude = body.latitude, body.longitude
        intake.say(
            _("Location saved with your complaint."), options=(Option("ev:done", _("✅ Done")),)
        )
        return
    intake.not_understood()


STEP = Step(
    name="evidence",
    prompt=prompt,
    handle=handle,
    hint=N_("Please send photos, videos, documents or voice notes, or choose “Done”."),
    back="where",
    choices=("ev:",),
    free_text=True,
    takes_files=True,
    edit_label=N_("Evidence"),
)
