"""The summary: what the citizen told, to check; send it (in this chat or anonymously),
change something, or cancel. Sending hands the draft to the runtime (SubmitComplaint)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flows.context import SubmitComplaint
from flows.events import Draft, InboundBody, Option
from flows.intake import CHOOSE_AN_OPTION, IDLE, Intake, Step, choice_or_word, text_in
from flows.texts import shorten

SEND_ANONYMOUSLY = "sum:anonymous"
# The summary's buttons: pressed again once the complaint is sent, they get a popup.
CHOICES = ("sum:confirm", SEND_ANONYMOUSLY)


def enter(intake: Intake) -> None:
    intake.draft.editing = False
    if intake.draft.contact is None:
        intake.draft.contact = "chat"


def prompt(intake: Intake) -> None:
    _ = intake._
    intake.say(
        summary_text(intake),
        options=(
            Option("sum:confirm", _("✅ Send complaint")),
            *(
                (Option(SEND_ANONYMOUSLY, _("🕶️ Send anonymously")),)
                if intake.draft.contact != "anonymous"
                else ()
            ),
            Option("sum:edit", _("✏️ Change something")),
            Option("sum:cancel", _("✖️ Cancel")),
        ),
    )


def summary_text(intake: Intake) -> str:
    _ = intake._
    d = intake.draft
    category = intake.ctx.category(d.category)
    chosen = intake.chosen_place()
    unit = intake.handling_unit(chosen) if chosen else None
    contact = {"chat": _("Reply in this chat"), "anonymous": _("Anonymous")}.get(
        d.contact or "", "-"
    )
    lines = [
        _("Check your complaint:"),
        _("Category: {value}").format(
            value=category.label(intake.ctx.tr.locale) if category else "-"
        ),
        # The citizen wrote it: its start recognises it (the officers get it all).
        _("What happened: {value}").format(value=shorten(d.description or "-", 80)),
        _("When: {value}").format(value=intake.when_label()),
        _("Where: {value}").format(value=intake.place_label()),
    ]
    if unit is not None:
        lines.append(_("Handled by: {unit}").format(unit=unit.name))
    if d.evidence:
        lines.append(
            intake.ctx.tr.ngettext(
                "Evidence: {n} file", "Evidence: {n} files", len(d.evidence)
            ).format(n=len(d.evidence))
        )
    else:
        lines.append(_("Evidence: none"))
    if d.contact != "chat":  # replies in this chat go without saying (the buttons say it)
        lines.append(_("Contact: {value}").format(value=contact))
    return "\n".join(lines)


async def handle(intake: Intake, body: InboundBody) -> None:
    answer = choice_or_word(body, {"sum:confirm": {"kirim", "send", "ya", "yes"}})
    if answer == "sum:confirm":
        await submit(intake)
    elif answer == SEND_ANONYMOUSLY:
        intake.draft.contact = "anonymous"
        await submit(intake)
    elif answer == "sum:edit" or text_in(body, {"ubah", "edit", "ganti"}):
        await intake.trigger("edit_field")
    elif answer == "sum:cancel":
        intake.ask_cancel()
    else:
        intake.not_understood()


async def submit(intake: Intake) -> None:
    _ = intake._
    d = intake.draft
    chosen = intake.chosen_place()
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
        d.editing = True
        await intake.trigger(f"to_{missing[0]}")
        return
    assert chosen is not None
    unit = intake.handling_unit(chosen)
    tz = unit.timezone if unit else intake.timezone()
    occurred_utc = None
    if d.occurred_at:
        occurred_utc = (
            datetime.fromisoformat(d.occurred_at)
            .replace(tzinfo=ZoneInfo(tz))
            .astimezone(UTC)
            .isoformat()
        )
    reference = intake.ctx.new_reference()
    intake.actions.append(
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
    category = intake.ctx.category(d.category)
    next_step = category.next_step(intake.ctx.tr.locale) if category else ""
    if next_step:
        lines.append(f"👉 {next_step}")
    intake.notes.append("\n\n".join(lines))
    await intake.trigger("finish")
    intake.flush_notes()


STEP = Step(
    name="summary",
    prompt=prompt,
    handle=handle,
    hint=CHOOSE_AN_OPTION,
    back="evidence",
    choices=("sum:",),
    triggers={"edit_field": "edit", "finish": IDLE},
    enter=enter,
)
