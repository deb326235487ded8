"""Session 45 (issue 14), words5: a kecamatan named by a very frequent Indonesian word
(data/routing/frequent_words.csv: "damai", "negara", "tambang", "bareng") in a sentence
naming no other place is the sentence's word (the resolver's
`_only_words_of_the_sentence`); typed alone, after "kecamatan" or "di", or after the
people's word it is still the kecamatan (or asked with the villages of its name)."""

from __future__ import annotations

import pytest

from bot.routing.frequent_words import frequent_kecamatan_words
from bot.routing.resolver import Router

DAMAI = "64.07.08"  # Kec. Damai, Kutai Barat
NEGARA = "51.01.01"  # Kec. Negara, Jembrana


@pytest.mark.parametrize(
    "text",
    [
        "ada yg nelpon ngaku polisi bilang adek sy ketangkep narkoba, minta damai",
        "tanah negara dicaplok mafia",
        "pelajar damai dibegal",
    ],
)
def test_a_frequent_word_in_a_story_names_nothing(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert (result.status, result.chosen) == ("not_found", None), [
        c.code for c in result.candidates
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("damai", DAMAI),
        ("di damai", DAMAI),
        ("kecamatan damai", DAMAI),
        ("warga damai resah", DAMAI),
        ("negara", NEGARA),
        ("motor hilang di negara", NEGARA),
        ("jembrana negara", NEGARA),
    ],
)
def test_the_kecamatan_is_kept_where_the_text_places_it(
    router: Router, text: str, code: str
) -> None:
    result = router.resolve_text(text)
    held = {c.code for c in result.candidates}
    if result.chosen is not None:
        held.add(result.chosen.code)
    assert code in held, (result.status, sorted(held))


def test_a_rarer_word_after_a_story_word_is_still_asked(router: Router) -> None:
    # session 35's policy for the rest: "pakem" (Zipf 3.3) may be where it happened
    result = router.resolve_text("pelajar pakem dibegal")
    assert result.status == "ambiguous"


def test_the_table_holds_kecamatan_words_only() -> None:
    words = frequent_kecamatan_words()
    assert {"damai", "negara", "tambang", "bareng"} <= words
    # kab/kota names stay the kab/kota (session 41), rarer words are not listed
    assert not words & {"batu", "serang", "bandung", "padang", "kuta", "pakem"}
