"""May officers reply in this chat, or is the complaint anonymous? Only reached from the
summary's "change something": the summary itself sends either way."""

from __future__ import annotations

from flows.events import Choice, InboundBody, Option
from flows.intake import CHOOSE_AN_OPTION, Intake, Step, text_in
from flows.texts import N_


def prompt(intake: Intake) -> None:
    _ = intake._
    intake.say(
        _(
            "May officers reply to you in this chat? Anonymous: they will not know who "
            "you are, nor can they ask you anything."
        ),
        options=(
            Option("contact:chat", _("💬 Yes, reply here")),
            Option("contact:anonymous", _("🕶️ Anonymous")),
            intake.back_option(),
        ),
    )


async def handle(intake: Intake, body: InboundBody) -> None:
    if isinstance(body, Choice) and body.choice_id in {"contact:chat", "contact:anonymous"}:
        intake.draft.contact = body.choice_id.split(":")[1]
        await intake.trigger("advance")
    elif text_in(body, {"anonim", "anonymous", "rahasia"}):
        await handle(intake, Choice("contact:anonymous"))
    else:
        intake.not_understood()


STEP = Step(
    name="contact",
    prompt=prompt,
    handle=handle,
    hint=CHOOSE_AN_OPTION,
    back="evidence",
    choices=("contact:",),
    on_path=False,
    then="summary",
    edit_label=N_("Contact"),
)
