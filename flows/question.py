"""What Dumas does at idle with a question or a greeting (flows/intent.py decides which).

* A question is first looked up in the knowledge base (`ctx.knowledge`, bot/knowledge/):
  a confident match is answered with the article (short, with its source) and three
  ways on: "✅ Terjawab", "🙋 Tanya petugas", "📝 Buat aduan". A weak match, or no
  knowledge base, goes straight to the hand-off: the question is kept
  (`Draft.pending_text`) and the citizen can pass it to the officers of their unit (it
  becomes a report in the category "information", so it lands in the unit's queue with
  the question as its story), or file it as a complaint after all (the classifier may
  be wrong; the citizen decides). `/tanya TEXT` asks at any time.
* A greeting is greeted back in the citizen's language at the right time of day, a
  thank-you is thanked, and the welcome menu follows, so the next step is one tap away.

Pure like every flow: it only reads the intake and appends replies.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flows.context import AnswerGiven
from flows.events import Option
from flows.intake import Intake
from flows.intent import THANKS_WORDS, EmojiMood, emoji_mood
from flows.triage import Triage, normalize

ASK_OFFICER = "ask:officer"
ASK_COMPLAINT = "ask:complaint"
ANSWERED = "ask:answered"  # "✅ Terjawab" under an article
ANSWER_CHARS = 700  # an article's answer as shown: a phone screen, the source below it
INFORMATION = "information"  # the category a question handed to officers is filed under
QUESTION_PREVIEW_CHARS = 200


def answer_question(intake: Intake, text: str, result: Triage | None) -> None:
    """The article that answers it, or the hand-off to officers or a complaint."""
    _ = intake._
    intake.draft.pending_text = text.strip()[: intake.ctx.max_text_chars]
    intake.draft.suggested_category = result.suggestion.category if result else None
    article = _article_answer(intake, text)
    if article is not None:
        intake.say(
            article,
            options=(
                Option(ANSWERED, _("✅ Answered")),
                Option(ASK_OFFICER, _("🙋 Ask an officer")),
                Option(ASK_COMPLAINT, _("📝 File a complaint")),
            ),
        )
        return
    shown = text.strip()
    if len(shown) > QUESTION_PREVIEW_CHARS:
        shown = shown[: QUESTION_PREVIEW_CHARS - 1].rstrip() + "…"
    intake.say(
        _(
            "❓ Your question: “{question}”\n"
            "Officers of your area can answer it: choose “Ask an officer” and we pass it on "
            "(we will ask where you are, so it reaches the right unit). If you want to "
            "report an incident instead, choose “File a complaint”."
        ).format(question=shown),
        options=(
            Option(ASK_OFFICER, _("💬 Ask an officer")),
            Option(ASK_COMPLAINT, _("📝 File a complaint")),
            Option("cmd:status", _("🔎 Check my complaints")),
        ),
    )


def greet(intake: Intake, text: str) -> None:
    """Greet back (or say "you are welcome"), then the welcome menu."""
    _ = intake._
    tokens = set(normalize(text))
    if tokens & THANKS_WORDS or "🙏" in text or emoji_mood(text) is EmojiMood.THANKS:
        intake.notes.append(_("You are welcome. Stay safe!"))
    else:
        local = intake.ctx.now.astimezone(ZoneInfo(intake.ctx.default_timezone))
        hour = local.hour
        # Indonesian has four greetings by the clock: pagi, siang, sore, malam.
        if 4 <= hour < 11:
            intake.notes.append(_("Good morning!"))
        elif 11 <= hour < 15:
            intake.notes.append(_("Good day!"))
        elif 15 <= hour < 18:
            intake.notes.append(_("Good afternoon!"))
        else:
            intake.notes.append(_("Good evening!"))
    intake.prompt()


def comfort(intake: Intake, mood: EmojiMood) -> None:
    """Emojis of distress only ("🙏😭😭"): ask gently what happened, with the emergency
    numbers first when they say danger ("🆘", "🔪"), then the welcome menu. A story typed
    next starts the complaint with it kept (flows/complaint.py)."""
    _ = intake._
    if mood is EmojiMood.DANGER:
        intake.notes.append(
            _("🚨 In danger right now? Call the police at 110 now (free, 24 hours).")
            + "\n"
            + _("☎️ General emergency number: 112")
        )
    intake.notes.append(
        _("We are here to help. What happened? Tell us in your own words, or choose below.")
    )
    intake.prompt()


def _article_answer(intake: Intake, text: str) -> str | None:
    """The article that answers `text` as the citizen reads it (title, answer cut to
    ANSWER_CHARS with its lines kept, source), recorded as given; None below the
    knowledge base's threshold or without one."""
    knowledge = intake.ctx.knowledge
    match = knowledge.ask(text, intake.ctx.tr.locale) if knowledge is not None else None
    if match is None or match.status != "answered":
        return None
    answer = match.answer
    if len(answer) > ANSWER_CHARS:
        answer = answer[: ANSWER_CHARS - 1].rstrip() + "…"
    lines = [f"📘 {match.title}", answer]
    if match.sources:
        lines.append(intake._("Source: {url}").format(url=match.sources[0]))
    intake.actions.append(AnswerGiven(match.article_id or "", match.score))
    return "\n\n".join(lines)


def answer_in_passing(intake: Intake, text: str) -> None:
    """/tanya in the middle of a complaint: the article if one is sure, else a pointer to
    ask again afterwards; the complaint's draft is not touched."""
    article = _article_answer(intake, text)
    if article is not None:
        intake.say(article)
    else:
        _ = intake._
        intake.say(
            _(
                "We have no ready answer to that. Once this complaint is done, ask again "
                "and it can go to an officer."
            )
        )


def answered(intake: Intake) -> None:
    """ "✅ Terjawab": the question is settled; nothing is kept."""
    intake.draft.pending_text = None
    intake.notes.append(intake._("Glad it helped. Stay safe!"))
    intake.prompt()


__all__ = [
    "ANSWERED",
    "ASK_COMPLAINT",
    "ASK_OFFICER",
    "INFORMATION",
    "answer_question",
    "answered",
    "greet",
]
