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
    # "rules", "model", "emergency" (the emergency check decided) or "emoji" (a text of
    # emojis only: the rule below decides, never the model)
    source: str
    # The rules found a question about what to do or whether the police can act
    # (`asks_what_to_do`), whatever else the message tells; combine_intent weighs it.
    asks: bool = False

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


class EmojiMood(StrEnum):
    """What a text of emojis only says (`emoji_mood`)."""

    THANKS = "thanks"
    DISTRESS = "distress"
    DANGER = "danger"


# Emojis that say danger right now (SOS, siren, fire, knife, weapons, blood, the
# emergency services' vehicles): answered with the emergency numbers.
DANGER_EMOJIS = frozenset("🆘🚨🔥🔪🗡🔫💣🩸🚓🚔🚑🚒")
# Emojis of distress (crying, fear, a broken heart): a citizen who sends only these is
# asked gently what happened. 🙏 beside them is pleading ("🙏😭😭"), not thanks.
DISTRESS_EMOJIS = frozenset("😭😢😥😰😨😱😖😣😫😩😞😔😟🥺😿💔🤕")
THANKS_EMOJIS = frozenset("🙏👍❤😊🥰👏")


def emoji_mood(text: str) -> EmojiMood | None:
    """What a text made only of emojis and punctuation says: danger before distress
    before thanks (the strongest sign wins); None for any text with words or digits, or
    emojis of none of these."""
    stripped = text.strip()
    if not stripped or not _EMOJI_ONLY.match(stripped):
        return None
    chars = set(stripped)
    if chars & DANGER_EMOJIS:
        return EmojiMood.DANGER
    if chars & DISTRESS_EMOJIS:
        return EmojiMood.DISTRESS
    if chars & THANKS_EMOJIS:
        return EmojiMood.THANKS
    return None


# A question about one's own case usually tells the incident first and asks last
# ("kemarin motor saya hilang … bagaimana cara lapornya?"): the story's words make it
# look like a complaint, so the asking sentence itself is read. It asks when its first
# word (after forms of address and fillers) opens a question about what to do, whether
# something can be done, or how a procedure goes. "bisa", "can" and "kapan" are left
# out as openers: on the development half and the training files they open requests and
# rhetorical complaints as often as questions ("bisa tolong dipatroli?", "kapan
# ditangkap?"); "kenapa", "kok" and "why" mark a complaint.
ASK_OPENERS = _words(
    """apakah apa bagaimana gimana kalau jika harus perlu berapa kemana dimana lapornya
    boleh bolehkah bisakah how do does is are should what which laporannya caranya
    syaratnya"""
)
_ASK_FILLERS = _words(
    """pak bu bapak ibu min admin kak bang mas mbak om ndan komandan ya yah nah terus lalu
    jadi tapi dan mohon maaf punten izin ijin permisi halo hai hi assalamualaikum selamat
    pagi siang sore malam sir madam hello please so and but then also terus saya aku kami
    mau tanya nanya bertanya"""
)
_RHETORICAL = _words("kenapa mengapa kok masa why")
# Phrases that ask what to do or whether the police can act, read in the asking sentence.
ACTION_PHRASES = (
    "apa yang harus", "harus bagaimana", "harus gimana", "harus kemana", "harus ke mana",
    "lapor kemana", "lapor ke mana", "lapornya ke", "lapornya kemana", "bisa dilacak",
    "bisa lapor", "bisa dilaporkan", "bisa dilaporin", "bisa diproses", "apa bisa",
    "bisa tidak", "boleh tidak", "what should", "what do i", "what do we", "where do i",
    "where do we", "where can i", "do i need", "do we need", "how do i", "how do we",
    "how can i", "is it normal", "is it true", "beneran bisa",
)  # fmt: skip
# Phrases that ask even without a question mark.
ASK_ALWAYS = (
    "mau tanya", "mau nanya", "numpang tanya", "izin bertanya", "ingin bertanya",
    "boleh tanya", "apa yang harus", "harus bagaimana", "bagaimana cara", "gimana cara",
    "lapor kemana", "lapor ke mana",
)  # fmt: skip
# Chat spellings folded before the phrases are matched (the light tokenizer below does
# not know flows/triage.py's normalisation, which imports this module).
_ASK_ALIASES = {
    "ga": "tidak", "gak": "tidak", "nggak": "tidak", "ngga": "tidak", "enggak": "tidak",
    "engga": "tidak", "gk": "tidak", "tdk": "tidak", "yg": "yang", "gmn": "gimana",
    "bgmn": "bagaimana", "gimn": "gimana", "kalo": "kalau", "klo": "kalau", "kl": "kalau",
    "ato": "atau", "apkh": "apakah", "dmn": "dimana", "kmn": "kemana", "brp": "berapa",
    "gimana2": "gimana", "trus": "terus", "trs": "terus", "jd": "jadi", "tp": "tapi",
}  # fmt: skip
_SENTENCES = re.compile(r"[^.!?\n]*[.!?\n]*")


def _plain_words(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [_ASK_ALIASES.get(w, w) for w in words]


def asks_what_to_do(text: str) -> bool:
    """Whether the message's last question asks what to do, whether the police can act
    or how a procedure goes (see ASK_OPENERS), or an always-asking phrase is in it."""
    joined_all = " " + " ".join(_plain_words(text)) + " "
    if any(f" {p} " in joined_all for p in ASK_ALWAYS):
        return True
    asked = [s for s in _SENTENCES.findall(text) if "?" in s and _plain_words(s)]
    if not asked:
        return False
    words = _plain_words(asked[-1])
    if any(w in _RHETORICAL for w in words):
        return False
    content = [w for w in words if w not in _ASK_FILLERS]
    if content and content[0] in ASK_OPENERS:
        return True
    joined = " " + " ".join(words) + " "
    return any(f" {p} " in joined for p in ACTION_PHRASES)


def rule_intent(
    tokens: Sequence[str], text: str, emergency: bool, category: str | None, category_score: float
) -> IntentVerdict:
    """The word-list intent: an emergency; a question by its asking words or question
    mark; a greeting made only of greeting words; a complaint when the story has words
    of a category or is long; anything else "other"."""
    if emergency:
        return IntentVerdict(Intent.EMERGENCY, 1.0, "rules")
    what_to_do = asks_what_to_do(text)
    stripped = text.strip()
    mood = emoji_mood(text)
    if mood is not None:
        # Emojis only: the rule decides (combine_intent keeps it). Distress or danger is
        # "other" (flows/complaint.py asks what happened), never a thank-you.
        label = Intent.GREETING if mood is EmojiMood.THANKS else Intent.OTHER
        return IntentVerdict(label, 0.5, "emoji")
    if not tokens:
        return IntentVerdict(Intent.OTHER, 0.5, "rules")
    joined = " " + " ".join(tokens) + " "
    asks = (
        stripped.endswith("?")
        or tokens[0] in QUESTION_STARTS
        or any(f" {p} " in joined for p in QUESTION_PHRASES)
    )
    if asks and len(tokens) <= 40:
        return IntentVerdict(Intent.QUESTION, 0.7, "rules", asks=what_to_do)
    if all(t in GREETING_WORDS for t in tokens) and any(t in GREETING_CORE for t in tokens):
        return IntentVerdict(Intent.GREETING, 0.8, "rules")
    if (category not in (None, "information", "other") and category_score >= 0.4) or len(
        tokens
    ) >= 6:
        return IntentVerdict(Intent.COMPLAINT, 0.6, "rules", asks=what_to_do)
    return IntentVerdict(Intent.OTHER, 0.5, "rules", asks=what_to_do)


# When the rules find a question about what to do (IntentVerdict.asks), P(question) at or
# above this makes the message a question even if the model ranks "complaint" first: the
# model reads the incident the message tells, the rules read what it asks. Chosen on the
# development half's 5 folds (data/triage/training/README.md, "Session 30: intent and
# category").
ASK_FLOOR = 0.15


def combine_intent(model: dict[str, float], emergency: bool, rules: IntentVerdict) -> IntentVerdict:
    """The model decides, except that the emergency check (word lists or model above its
    threshold) always makes it an emergency, the model's "emergency" below that
    threshold gives way to its next label, and a question about what to do found by the
    rules (`asks`) stands when P(question) reaches ASK_FLOOR. A text of emojis only is
    the rules' (source "emoji"): the model reads words, and "🙏😭😭" has none."""
    if rules.source == "emoji" and not emergency:
        return rules
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
    asked = model.get("question", 0.0)
    if rules.asks and label != "question" and asked >= ASK_FLOOR:
        return IntentVerdict(Intent.QUESTION, asked, "model", asks=True)
    return IntentVerdict(Intent(label), probability, "model")


__all__ = [
    "ASK_FLOOR",
    "DANGER_EMOJIS",
    "DISTRESS_EMOJIS",
    "THANKS_EMOJIS",
    "EmojiMood",
    "THANKS_WORDS",
    "Intent",
    "IntentVerdict",
    "asks_what_to_do",
    "combine_intent",
    "emoji_mood",
    "rule_intent",
]
