"""flows/intent.py: the word-list intent and how the model's verdict is combined."""

from __future__ import annotations

import pytest

from flows.intent import Intent, IntentVerdict, combine_intent, rule_intent
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
