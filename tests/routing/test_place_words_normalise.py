"""`normalise` keeps each text's words (session 32): the same words as the per-character
algorithm it replaced, and a list of the caller's own each time."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from bot.routing.place_words import _COMMA, _NOT_WORD, PHRASES, WORD_EXPANSIONS, normalise

REPO = Path(__file__).resolve().parents[2]


def _old_normalise(text: str) -> list[str]:
    """The algorithm before session 32, verbatim (every text through NFKD)."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = folded.replace("'", "").replace("\u2019", "").replace("`", "")
    folded = _NOT_WORD.sub(" ", folded.replace(".", ". "))
    folded = _COMMA.sub(" , ", folded)
    words: list[str] = []
    for word in folded.split():
        expanded = WORD_EXPANSIONS.get(word, word)
        words.extend(expanded.split())
    if any(tuple(words[i : i + 2]) in PHRASES for i in range(len(words) - 1)):
        merged: list[str] = []
        i = 0
        while i < len(words):
            pair = tuple(words[i : i + 2])
            if pair in PHRASES:
                merged.extend(PHRASES[pair])
                i += 2
            else:
                merged.append(words[i])
                i += 1
        words = merged
    return words


def _texts() -> list[str]:
    dev = REPO / "tests" / "eval" / "places" / "dev.jsonl"
    texts = [json.loads(line)["text"] for line in dev.open(encoding="utf-8")]
    made = [
        "Kec. Cilandak, Jaksel",
        "KOTA ADM. JAKARTA UTARA",
        "Désa Tjiandjur, Kab. Soemedang",  # accented and old spelling
        "jl. Gatot Subroto km 5",
        "Jalan D’Jakarta `x` 'y'",
        "Ｋｅｃ． Ｃｉｌａｎｄａｋ",  # full-width: not ASCII, NFKD folds it
        "ﬁlm ﬂores",  # ligatures
        "",
        " , ,, ",
        *[f"{a} {b}" for a, b in PHRASES],
        *WORD_EXPANSIONS,
    ]
    return texts + made


def test_the_words_are_the_old_algorithms() -> None:
    texts = _texts()
    assert any(not t.isascii() for t in texts) and any(t.isascii() for t in texts)
    for text in texts:
        assert normalise(text) == _old_normalise(text), text
        assert normalise(text) == _old_normalise(text), text  # kept: the same again


def test_each_caller_gets_its_own_list() -> None:
    first = normalise("kec cilandak jaksel")
    first.append("changed")
    first[0] = "x"
    assert normalise("kec cilandak jaksel") == _old_normalise("kec cilandak jaksel")
    assert normalise("kec cilandak jaksel") is not normalise("kec cilandak jaksel")
