"""What a citizen's message is for: emergency, complaint, question, greeting or other.

Every text outside a running step gets one intent (flows/complaint.py acts on it): an
emergency is answered with the 110 advice first and starts a report, a complaint starts
the intake with the story kept, a question goes to the answering path (flows/question.py),
a greeting is greeted back, anything else gets the welcome menu.

This module owns the labels and the word-list rules. The statistical model
(flows/triage_model.py) gives an intent as well; `combine_intent` decides between them
(flows/triage.py calls it). The rules alone are kept both as the fallback when no model
file is installed and as the baseline the README's comparison table measures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Intent(StrEnum):
    EMERGENCY = "emergency"
    COMPLAINT = "complaint"
    QUESTION = "question"
    GREETING = "greeting"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class IntentVerdict:
    label: Intent
    score: float  # 0..1: the model's probability, or the rules' confidence
    source: str  # "rules", "model" or "emergency" (the emergency check decided)

    def to_json(self) -> dict[str, object]:
        return {"label": self.label.value, "score": round(self.score, 3), "source": self.source}


# Word sets are written as one string each: easy to read and edit, and the formatter
# keeps them on a few lines.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Asking words, at the start of the message (normalised tokens).
QUESTION_STARTS = _words(
    """bagaimana gimana bgmn gmn caranya cara apakah apa apa2 berapa brp dimana kemana
    kapan kenapa mengapa bisakah bisa boleh bolehkah adakah siapa syarat persyaratan
    prosedur how what where when can could is are do does should may which who why mau mo
    numpang ingin info mohon"""
)
QUESTION_PHRASES = (
    "mau tanya", "mo tanya", "ingin bertanya", "mau nanya", "numpang tanya", "izin bertanya",
    "ijin tanya", "boleh tanya", "mohon info", "minta info", "bagaimana cara", "gimana cara",
    "apa syarat", "syaratnya apa", "berapa biaya", "berapa lama", "can i", "how do",
    "how can", "where can", "is it", "do i need", "sudah sampai mana",
    "bagaimana perkembangan", "gimana kelanjutan", "apakah benar", "asli atau", "apa benar",
)  # fmt: skip
HELLO_WORDS = _words(
    """halo hallo hai hi hello helo selamat assalamualaikum asalamualaikum salam permisi
    punten sugeng horas swastiastu shalom waalaikumsalam"""
)
THANKS_WORDS = _words(
    """terima makasih makasi trimakasih terimakasih thanks thank thx tq tengkyu nuwun nuhun
    suwun"""
)
PRAISE_WORDS = _words("mantap mantab salut keren hebat")
# A greeting needs one of these (GREETING_CORE) and may hold only GREETING_WORDS.
GREETING_CORE = HELLO_WORDS | THANKS_WORDS | PRAISE_WORDS
GREETING_WORDS = GREETING_CORE | _words(
    """pagi siang sore malam enjing om kasih you sukses semangat selalu pak bu min admin
    ndan komandan polisi bapak ibu good morning evening afternoon night wr wb
    warahmatullahi wabarakatuh baik oke ok siap matur hatur banyak sama sama2 juga ya yah
    dan atas bantuannya bantuan pelayanannya responnya cepat tanggap gercep hari
    bhayangkara idul fitri natal tahun baru"""
)
_EMOJI_ONLY = re.compile(r"^[\W_]+$")


def rule_intent(
    tokens: Sequence[str], text: str, emergency: bool, category: str | None, category_score: float
) -> IntentVerdict:
    """The word-list intent: an emergency; a question by its asking words or question
    mark; a greeting made only of greeting words; a complaint when the story has words
    of a category or is long; anything else "other"."""
    if emergency:
        return IntentVerdict(Intent.EMERGENCY, 1.0, "rules")
    stripped = text.strip()
    if not tokens:
        thanks = any(ch in stripped for ch in "🙏👍❤😊🥰👏")
        return IntentVerdict(Intent.GREETING if thanks else Intent.OTHER, 0.5, "rules")
    joined = " " + " ".join(tokens) + " "
    asks = (
        stripped.endswith("?")
        or tokens[0] in QUESTION_STARTS
        or any(f" {p} " in joined for p in QUESTION_PHRASES)
    )
    if asks and len(tokens) <= 40:
        return IntentVerdict(Intent.QUESTION, 0.7, "rules")
    if all(t in GREETING_WORDS for t in tokens) and any(t in GREETING_CORE for t in tokens):
        return IntentVerdict(Intent.GREETING, 0.8, "rules")
    if (category not in (None, "information", "other") and category_score >= 0.4) or len(
        tokens
    ) >= 6:
        return IntentVerdict(Intent.COMPLAINT, 0.6, "rules")
    return IntentVerdict(Intent.OTHER, 0.5, "rules")


def combine_intent(model: dict[str, float], emergency: bool, rules: IntentVerdict) -> IntentVerdict:
    """The model decides, except that the emergency check (word lists or model above its
    threshold) always makes it an emergency, and the model's "emergency" below that
    threshold gives way to its next label."""
    if emergency:
        return IntentVerdict(
            Intent.EMERGENCY, max(model.get("emergency", 0.0), rules.score), "emergency"
        )
    ranked = sorted(
        ((p, label) for label, p in model.items() if label != "emergency"), reverse=True
    )
    if not ranked:
        return rules
    probability, label = ranked[0]
    return IntentVerdict(Intent(label), probability, "model")


__all__ = ["THANKS_WORDS", "Intent", "IntentVerdict", "combine_intent", "rule_intent"]
