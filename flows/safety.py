"""The conversation's side of triage and privacy (pure, like every flow).

* `before_step`: every typed text (and caption) is triaged before the step handles it.
  An emergency gets the 110 advice at once, as the first reply of the step, in any state
  (also idle and the very first message); the draft becomes "urgent". Harsh language is
  recorded on the draft (for the officers' card) and as a `FlagMessage` action (for the
  cooldown); the message itself is handled as usual.
* `story_in_idle`: a first message that tells a story starts a complaint with the story
  kept as the description and a suggested category.
* Cooldown: after `COOLDOWN_FLAGS` flagged messages in 24 hours, a citizen may still file
  one new complaint per 24 hours (emergencies are never limited), with a polite notice.
* The privacy notice's version (`PRIVACY_NOTICE_VERSION`) is recorded with the consent.
"""

from __future__ import annotations

from flows.context import FlagMessage
from flows.events import Draft, InboundBody, Media, Option, Reply, Text
from flows.intake import IDLE, Intake
from flows.intent import Intent
from flows.texts import N_
from flows.triage import Triage, triage

# Change this whenever the wording of the privacy notice (flows/steps/consent.py,
# prompt) changes: every consent is stored with the version the citizen saw.
PRIVACY_NOTICE_VERSION = "2026-12-pdp-4"  # pdp-4: who carries the messages, per channel
COOLDOWN_FLAGS = 3
COOLDOWN_TICKETS_PER_DAY = 1
STORY_MIN_WORDS = 6

_NUMBERS = {  # plain numbers: every phone app makes them tappable, "tel:" is noise
    "113": N_("🚒 Fire brigade (Damkar): 113"),
    "119": N_("🚑 Ambulance: 119"),
    "112": N_("☎️ General emergency number: 112"),
}


def emergency_advice(intake: Intake, result: Triage) -> Reply:
    _ = intake._
    lines = [_("🚨 In danger right now? Call the police at 110 now (free, 24 hours).")]
    lines += [_(_NUMBERS[n]) for n in result.emergency.numbers if n in _NUMBERS]
    lines.append(
        _("Stay safe first. Your report continues below and is marked urgent for the officers.")
    )
    return Reply("\n".join(lines))


def _text_of(body: InboundBody) -> str | None:
    if isinstance(body, Text):
        return body.text
    if isinstance(body, Media) and body.caption:
        return body.caption
    return None


def before_step(intake: Intake, body: InboundBody) -> Triage | None:
    """Triage a typed text; the advice is the step's first reply. Returns the triage."""
    text = _text_of(body)
    if not text or len(text.strip()) < 3 or text.strip().isdigit():
        return None
    # The model reads messages (it was trained on them); the answers to structured steps
    # ("kab purbalingga jateng", "pukul 19.30 WITA") are no messages, and on them its
    # probabilities mean nothing (measured: 91 of the 1,322 typed places of
    # tests/eval/places/dev.jsonl looked like emergencies to it), so there the word lists
    # decide alone.
    # Where the citizen writes a message rather than answers a structured question: the
    # first message (idle), the story (the steps declared `story`: category, description).
    reads_message = intake.state == IDLE or intake.step.story
    model = intake.ctx.triage_model if reads_message else None
    result = triage(text, intake.ctx.categories, model)
    d = intake.draft
    if result.emergency.flagged:
        intake.replies.append(emergency_advice(intake, result))
        d.priority = "urgent"
        d.emergency_words = list(dict.fromkeys([*d.emergency_words, *result.emergency.words]))[:20]
        d.emergency_rules = list(dict.fromkeys([*d.emergency_rules, *result.emergency.rules]))
    if result.abuse.flagged:
        d.abuse_words = list(dict.fromkeys([*d.abuse_words, *result.abuse.words]))[:20]
        d.abuse_kinds = list(dict.fromkeys([*d.abuse_kinds, *result.abuse.kinds]))
        intake.actions.append(FlagMessage(result.abuse.kinds, result.abuse.words))
    return result


def triage_of(intake: Intake, text: str) -> Triage:
    """The verdict on a text kept earlier (a question at idle), with no advice or flags:
    those were given when it was first sent."""
    return triage(text, intake.ctx.categories, intake.ctx.triage_model)


def is_story(text: str, result: Triage | None) -> bool:
    """A text typed at the category step tells the story (an emergency, a text long
    enough, or a short one with a clear category); at idle `starts_complaint` decides,
    by intent, and falls back on this only for texts too short to triage."""
    if result is not None and result.emergency.flagged:
        return True
    words = text.split()
    return len(words) >= STORY_MIN_WORDS or (
        len(words) >= 3
        and result is not None
        and result.suggestion.score >= 0.5
        and result.suggestion.category not in (None, "other")
    )


def starts_complaint(text: str, result: Triage | None) -> bool:
    """At idle: an emergency or a complaint starts the intake; without a verdict (a very
    short text), a story-length text still does."""
    if result is None:
        return is_story(text, result)
    return result.intent.label in (Intent.EMERGENCY, Intent.COMPLAINT)


def may_start(intake: Intake, urgent: bool) -> bool:
    """The cooldown after repeated abuse: False (with a polite answer) when this account
    has used its one new complaint of the day. Emergencies always pass."""
    ctx = intake.ctx
    if ctx.abuse_recent < COOLDOWN_FLAGS or urgent:
        return True
    _ = intake._
    if ctx.recent_tickets >= COOLDOWN_TICKETS_PER_DAY:
        intake.say(
            _(
                "Several messages from this account in the last 24 hours contained harsh "
                "language, so for now this account can file one new complaint a day. You can "
                "still add information to your open complaint by writing here, and you can "
                "file a new complaint tomorrow. In an emergency, call 110 (free, 24 hours)."
            )
        )
        return False
    intake.notes.append(
        _(
            "Please keep your language polite so that officers can help you well. Because "
            "of harsh language in recent messages, replies to this account may take longer."
        )
    )
    return True


def keep_story(intake: Intake, text: str, result: Triage | None) -> None:
    """Keep the citizen's story as the description and remember the likely category."""
    d: Draft = intake.draft
    text = text.strip()
    combined = f"{d.description}\n{text}" if d.description else text
    d.description = combined[: intake.ctx.max_text_chars]
    if result is not None and result.suggestion.category:
        d.suggested_category = result.suggestion.category
        d.category_evidence = list(result.suggestion.words)[:8]


def suggestion_options(intake: Intake) -> tuple[str, tuple[Option, ...]]:
    """The category prompt with the suggested category first (or nothing to add)."""
    _ = intake._
    category = intake.ctx.category(intake.draft.suggested_category)
    if category is None:
        return "", ()
    label = f"{category.emoji} {category.label(intake.ctx.tr.locale)}".strip()
    text = _("From your story, the category is: {category}. Is that right?").format(category=label)
    return text, (Option(f"cat:{category.id}", _("✅ Yes, {category}").format(category=label)),)


__all__ = [
    "PRIVACY_NOTICE_VERSION",
    "before_step",
    "emergency_advice",
    "is_story",
    "keep_story",
    "may_start",
    "starts_complaint",
    "suggestion_options",
    "triage_of",
]
