"""The privacy notice and the citizen's consent: the first step of every complaint."""

from __future__ import annotations

from flows import safety
from flows.context import RecordConsent
from flows.events import InboundBody, Location, Media, Option, Text
from flows.intake import CHOOSE_AN_OPTION, YES_WORDS, Intake, Step, choice_or_word, text_in


def enter(intake: Intake) -> None:
    intake.draft.pending_text = None  # a question kept at idle is now this complaint


def prompt(intake: Intake) -> None:
    _ = intake._
    # The notice names the service, puts 110 first, and says what is kept, why, for
    # how long and how to see or erase it, in about 400 characters: a phone screen.
    # Change safety.PRIVACY_NOTICE_VERSION with its wording.
    intake.say(
        _(
            "Dumas: the complaint service of Polri (data controller). In danger? Call "
            "110 (free, 24 hours).\n\n"
            "We keep your report, place, time, files and chat account only for this "
            "complaint and anonymous statistics, until it is closed and {period} after. "
            "{carriers} See/erase: /dataku, /hapusdata.\n\n"
            "Do you agree?"
        ).format(period=retention_period(intake), carriers=carried_by(intake)),
        options=(
            Option("consent:yes", _("✅ I agree")),
            Option("consent:no", _("✖️ I do not agree")),
        ),
    )


def carried_by(intake: Intake) -> str:
    """Who carries this channel's messages, in the citizen's language ("" when unset:
    gettext("") would be the catalog's header)."""
    return intake._(intake.ctx.carriers) if intake.ctx.carriers else ""


def retention_period(intake: Intake) -> str:
    """ "2 years" when the retention is whole years (people think in years)."""
    days = intake.ctx.retention_days
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return intake.ctx.tr.ngettext("{n} year", "{n} years", years).format(n=years)
    return intake.ctx.tr.ngettext("{n} day", "{n} days", days).format(n=days)


async def handle(intake: Intake, body: InboundBody) -> None:
    _ = intake._
    answer = choice_or_word(body, {"consent:yes": YES_WORDS})
    if answer == "consent:yes":
        intake.actions.append(RecordConsent(safety.PRIVACY_NOTICE_VERSION, True))
        await intake.trigger("advance")
    elif answer == "consent:no" or text_in(body, {"tidak", "no", "tidak setuju"}):
        intake.actions.append(RecordConsent(safety.PRIVACY_NOTICE_VERSION, False))
        intake.notes.append(
            _(
                "We understand. Without your consent we cannot record a "
                "complaint here. You can still report at the nearest police "
                "station, or call 110 in an emergency."
            )
        )
        await intake.trigger("cancel")
        intake.flush_notes()
    elif isinstance(body, Location):
        note_not_kept(intake, body)
        intake.prompt()
    elif isinstance(body, Text) and keep_story_told(intake, body.text):
        # The citizen tells the story instead of answering (Telegram's START button has
        # just sent /start): kept as a story told first is kept; the notice asked again.
        intake.prompt()
    else:
        intake.not_understood()


def keep_story_told(intake: Intake, text: str | None) -> bool:
    """A story told before the consent (typed under the notice, or a file's caption) is
    kept as a story told first is kept: the citizen's words, which the consent then
    covers, unlike the file itself. Whether `text` was a story."""
    if not text or not safety.is_story(text, intake.triaged):
        return False
    safety.keep_story(intake, text, intake.triaged)
    intake.take_story(text, told_at_idle=True)
    intake.notes.append(intake._("Thank you, your story is saved."))
    return True


def note_not_kept(intake: Intake, body: Media | Location) -> bool:
    """Say why a file or pin sent before the consent is not kept: once per album (an
    album of photos comes as one update per photo). Whether the line was added."""
    album = body.album_id if isinstance(body, Media) else None
    if album is not None and album == intake.draft.unkept_album:
        return False
    intake.draft.unkept_album = album
    intake.notes.append(not_kept_before_consent(intake, body))
    return True


def not_kept_before_consent(intake: Intake, body: Media | Location) -> str:
    """Why a file or pin sent before the consent is not kept, and what to do."""
    _ = intake._
    if isinstance(body, Location):
        return _(
            "Your location is not saved yet: we can keep it only after you agree to the "
            "notice below. Please agree, then send the location again."
        )
    return _(
        "Your file is not saved yet: we can keep files only after you agree to the "
        "notice below. Please agree, then send the file again."
    )


STEP = Step(
    name="consent",
    prompt=prompt,
    handle=handle,
    hint=CHOOSE_AN_OPTION,
    choices=("consent:",),
    enter=enter,
    # a file sent before the consent is not kept: the consent is what allows keeping it
    keeps_stray_files=False,
)
