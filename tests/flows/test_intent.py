"""flows/intent.py: the word-list intent and how the model's verdict is combined."""

from __future__ import annotations

import pytest

from flows.intent import (
    ASK_FLOOR,
    Intent,
    IntentVerdict,
    asks_what_to_do,
    combine_intent,
    rule_intent,
)
from flows.triage import normalize


def _rules(
    text: str, emergency: bool = False, category: str | None = None, score: float = 0.0
) -> Intent:
    return rule_intent(normalize(text), text, emergency, category, score).label


@pytest.mark.parametrize(
    "text",
    [
        "syarat skck apa saja?",
        "mau tanya perpanjang sim",
        "bagaimana cara lapor kehilangan ktp",
        "how do I get a police report for insurance",
    ],
)
def test_questions(text: str) -> None:
    assert _rules(text) is Intent.QUESTION


@pytest.mark.parametrize(
    "text", ["selamat pagi pak", "terima kasih pak polisi", "makasih min 🙏", "🙏🙏"]
)
def test_greetings(text: str) -> None:
    assert _rules(text) is Intent.GREETING


def test_complaints_emergencies_and_other() -> None:
    assert _rules("motor saya hilang di parkiran pasar tadi pagi") is Intent.COMPLAINT
    assert _rules("dicuri", category="crime", score=1.0) is Intent.COMPLAINT
    assert _rules("tolong ada begal", emergency=True) is Intent.EMERGENCY
    assert _rules("p") is Intent.OTHER
    assert _rules("") is Intent.OTHER


def test_emergency_always_wins_and_a_weak_model_emergency_gives_way() -> None:
    rules = IntentVerdict(Intent.OTHER, 0.5, "rules")
    model = {"emergency": 0.45, "complaint": 0.3, "question": 0.15, "greeting": 0.05, "other": 0.05}
    assert combine_intent(model, True, rules).label is Intent.EMERGENCY
    verdict = combine_intent(model, False, rules)
    assert verdict.label is Intent.COMPLAINT and verdict.source == "model"
    assert combine_intent({}, False, rules) is rules


@pytest.mark.parametrize(
    "text",
    [
        # the incident told first, the question last (session 30's fresh check)
        "hp ku ilang di angkot td siang, ada yg bilang bisa dilacak pake imei lewat polisi. "
        "beneran bisa ga pak? harus lapor kemana",
        "Motor saya ditarik paksa di jalan padahal tunggakan sudah lunas. Apakah saya bisa "
        "melaporkan mereka dan motor bisa kembali?",
        "Tetangga saya setel musik keras tiap malam sampai jam 2. Bisa nggak saya lapor polisi "
        "untuk hal seperti ini?",
        "min aku ditagih pinjol terus, diancam mau didatengin ke kantor. "
        "lapornya ke polisi ato ojk ya?",
        "My scooter was stolen last night. Where do I get a police report for my insurance?",
        "Kemarin motor saya hilang, bagaimana cara lapornya",  # no question mark
    ],
)
def test_a_question_about_what_to_do_is_found_behind_the_story(text: str) -> None:
    assert asks_what_to_do(text)
    assert rule_intent(normalize(text), text, False, "crime", 1.0).asks


@pytest.mark.parametrize(
    "text",
    [
        "Laporan saya sudah 4 bulan tidak diproses. Kenapa lambat sekali?",  # rhetorical
        "Sudah lapor motor hilang, pas ketemu disuruh nebus 3 juta. Kok bayar?",
        "Balap liar tiap malam di depan rumah, bisa tolong dipatroli?",  # a request
        "Kapan pelakunya ditangkap? Sudah sebulan.",
        "Motor saya hilang di parkiran pasar tadi pagi, Beat hitam.",
        "",
    ],
)
def test_complaints_and_rhetorical_questions_do_not_ask(text: str) -> None:
    assert not asks_what_to_do(text)


def test_a_question_about_what_to_do_stands_against_a_complaint_but_not_an_emergency() -> None:
    model = {"emergency": 0.02, "complaint": 0.6, "question": ASK_FLOOR + 0.05, "other": 0.33}
    asking = IntentVerdict(Intent.QUESTION, 0.7, "rules", asks=True)
    assert combine_intent(model, False, asking).label is Intent.QUESTION
    plain = IntentVerdict(Intent.QUESTION, 0.7, "rules")
    assert combine_intent(model, False, plain).label is Intent.COMPLAINT
    unlikely = {**model, "question": ASK_FLOOR / 2, "other": 0.38}
    assert combine_intent(unlikely, False, asking).label is Intent.COMPLAINT
    assert combine_intent(model, True, asking).label is Intent.EMERGENCY
