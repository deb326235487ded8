"""bot/channels/telegram/split.py: the short cut for texts that surely fit gives what
cutting the text into atoms gives, at and around Telegram's limit."""

from __future__ import annotations

import random

import pytest

from bot.channels.telegram import split

PIECES = ("a", " ", "\n", "é", "😀", "&amp;", "&#128512;", "<b>", "</b>", "<a href='x'>", "</a>")


def _texts(seed: int, count: int = 60) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        # lengths around the limit, where the short cut decides
        target = rng.randint(split.TEXT_LIMIT - 60, split.TEXT_LIMIT * 5 // 2)
        text = ""
        while split.utf16_length(text) < target:
            text += rng.choice(PIECES) if rng.random() < 0.3 else "x"
        texts.append(text)
    return texts


@pytest.mark.parametrize("html", [True, False])
def test_the_short_cut_splits_as_the_atoms_do(html: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts(21)
    fast = [split.split(t, html=html) for t in texts]
    lengths = [split.visible_length(t, html=html) for t in texts]
    monkeypatch.setattr(split, "_surely_fits", lambda _text, _limit: False)
    assert [split.split(t, html=html) for t in texts] == fast
    assert lengths == [sum(a.size for a in split._atoms(t, html)) for t in texts]
    assert any(len(parts) > 1 for parts in fast) and any(len(parts) == 1 for parts in fast)
