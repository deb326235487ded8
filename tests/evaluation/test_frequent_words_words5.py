"""Session 45 (issue 14), words5: the class of kecamatan named by a very frequent word,
taken from the tree and wordfreq (bot/evaluation/frequent_words.py), and the table the
resolver reads (data/routing/frequent_words.csv) written from it."""

from __future__ import annotations

import pytest

from bot.evaluation.frequent_words import frequent_kecamatan_names, table_text
from bot.routing.frequent_words import FREQUENT_WORDS_PATH
from bot.routing.resolver import Router

pytest.importorskip("wordfreq")


def test_the_table_is_as_the_class_writes_it(router: Router) -> None:
    assert FREQUENT_WORDS_PATH.read_text(encoding="utf-8") == table_text(router)


def test_the_class(router: Router) -> None:
    names = {n.word: n for n in frequent_kecamatan_names(router)}
    assert {"damai", "negara", "tambang", "bareng"} <= set(names)
    assert all(n.kind == "district" for n in names.values())
    assert "kuta" not in names  # Zipf 4.1, below the threshold
    assert "batu" not in names  # Kota Batu: a kab/kota's name
