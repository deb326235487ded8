"""What Dumas does at idle with a question or a greeting (flows/intent.py decides which).

* A question is kept (`Draft.pending_text`) and answered with the ways forward: pass it
  to the officers of the citizen's unit (it becomes a report in the category
  "information", so it lands in the unit's queue with the question as its story), or
  file it as a complaint after all (the classifier may be wrong; the citizen decides).
  This is the answering path's hand-off; answers from a knowledge base come before it
  when one is installed (issue "Answer citizens' questions").
* A greeting is greeted back in the citizen's language at the right time of day, a
  thank-you is thanked, and the welcome menu follows, so the next step is one tap away.

Pure like every flow: it only reads the intake and appends replies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flows.events import Option
from flows.intent import THANKS_WORDS, Intent
from flows.triage import Triage, normalize

if TYPE_CHECKING:
    from flows.complaint import Intake

ASK_OFFICER = "ask:officer"
ASK_COMPLAINT = "ask:complaint"
INFORMATION = "information"  # the category a question handed to officers is filed under
QUESTION_PREVIEW_CHARS = 200


def answer_question(intake: Intake, text: str, result: Triage) -> None:
    """Keep the question and offer the hand-off to officers or a complaint."""
    _ = intake._
    intake.draft.pending_text = text.strip()[: intake.ctx.max_text_chars]
    intake.draft.suggested_category = result.suggestion.category
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
    if tokens & THANKS_WORDS or "🙏" in text:
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


def takes_question_path(result: Triage | None) -> bool:
    return result is not None and result.intent.label is Intent.QUESTION


__all__ = [
    "ASK_COMPLAINT",
    "ASK_OFFICER",
    "INFORMATION",
    "answer_question",
    "greet",
    "takes_question_path",
]
