"""flows/triage.py: the word lists, the combination with the model, and bad input."""

from __future__ import annotations

import pytest

from bot.catalog import load_categories
from bot.triage.model_file import load_model
from flows.intent import Intent
from flows.triage import normalize, triage
from tests.fakes.triage_model import hand_model


@pytest.mark.parametrize(
    "text",
    [
        "anjiiing",
        "4nj1ng",
        "a n j i n g",
        "b.a.n.g.s.a.t",
        "ANJING!!!",
        "bangsatnya",
        "g0bl0k",
        "anj\u200bing",
        "b\u200ca\u200dngsat",
    ],
)
def test_spelling_tricks_are_undone(text: str) -> None:
    assert triage(text).abuse.flagged, normalize(text)


@pytest.mark.parametrize(
    "text",
    [
        "polisi lambat",
        "minta uang damai 200 ribu",
        "petugas kasar dan membentak",
        "ada pungli di pos polisi",
        "digigit anjing tetangga",
        "someone stole my phone on the bus",
        "setang motor saya dicuri",
    ],
)
def test_criticism_and_literal_words_are_not_abuse(text: str) -> None:
    assert not triage(text).abuse.flagged


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("tolong ada begal", {"110"}),
        ("dia bawa golok", {"110"}),
        ("rumah tetangga kebakaran", {"110", "113"}),
        ("anak saya dipukuli sekarang", {"110", "119"}),
    ],
)
def test_emergencies_and_their_numbers(text: str, numbers: set[str]) -> None:
    result = triage(text).emergency
    assert result.flagged and numbers <= set(result.numbers) and result.numbers[0] == "110"


@pytest.mark.parametrize(
    "text", ["motor saya dicuri kemarin", "saya dibegal minggu lalu", "tolong ditindak parkir liar"]
)
def test_past_events_and_polite_requests_are_not_emergencies(text: str) -> None:
    assert not triage(text).emergency.flagged


BAD_INPUT = [
    "",
    "   ",
    "🙏🙏🙏",
    "😡😡😡🔥",
    "\u200b\u200b",
    "?",
    "!!!",
    "1234567890",
    "x" * 4000,
    ("motor saya dicuri di pasar " * 160)[:4000],
    "тест проверка полиция",
    "警察 帮助",
    "مرحبا الشرطة",
    "tolong 🚨🚨 ada maling\u200b di rumah",
    "\x00\x01\x02",
    "a\u0301\u0301\u0301\u0301",
    "\ufeffhalo pak",
    "ＴＯＬＯＮＧ ＡＤＡ ＭＡＬＩＮＧ",
]


@pytest.mark.parametrize("text", BAD_INPUT)
@pytest.mark.parametrize("with_model", [False, True])
def test_bad_input_gets_a_verdict_never_an_error(text: str, with_model: bool) -> None:
    model = load_model() if with_model else None
    result = triage(text, load_categories(), model)
    assert isinstance(result.intent.label, Intent)
    assert 0.0 <= result.intent.score <= 1.0
    result.to_json()  # serialisable for `dumas triage`


def test_fullwidth_and_zero_width_letters_still_read() -> None:
    assert triage("ＴＯＬＯＮＧ ＡＤＡ ＭＡＬＩＮＧ").emergency.flagged
    assert triage("tolong ada mal\u200bing di rumah").emergency.flagged


def test_nothing_to_read_is_other_not_a_complaint() -> None:
    for text in ("", "🔥🔥", "\u200b"):
        assert triage(text, load_categories(), load_model()).intent.label is Intent.OTHER


def test_the_category_evidence_is_the_models_words_when_no_keyword_matched() -> None:
    model = hand_model(feature="w:zorblat", category="drugs")
    result = triage("tetangga saya tiap malam zorblat di gang belakang", load_categories(), model)
    assert result.suggestion.category == "drugs"
    assert result.suggestion.words == ("zorblat",)
