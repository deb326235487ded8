"""Kecamatan named by a very frequent Indonesian word: data/routing/frequent_words.csv
(session 45, issue 14).

Owns reading that table into the names (as `name_key` writes them). The table is
generated from the tree and wordfreq's Indonesian list by bot/evaluation/frequent_words.py
(wordfreq is a development dependency only, so the resolver reads the table). Such a
name ("damai", "negara", "tambang", "bareng") in a sentence naming no other place is far
likelier the sentence's word than the kecamatan (`Router._only_words_of_the_sentence`);
after a level word, "di" or a people's word, or typed alone, it is still the kecamatan.
"""

from __future__ import annotations

from functools import cache

from bot.routing.table_rows import csv_rows
from bot.settings import DATA_ROOT

FREQUENT_WORDS_PATH = DATA_ROOT / "routing" / "frequent_words.csv"


@cache
def frequent_kecamatan_words() -> frozenset[str]:
    """The kecamatan names of the table (one word each)."""
    return frozenset(row["word"] for row in csv_rows(FREQUENT_WORDS_PATH))
