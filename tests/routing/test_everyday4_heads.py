"""Session 44 (issue 14), the gazetteer's shared first words of kab/kota names
(`Gazetteer.regency_prefixes`) read with `place_index.a_word_head`: a first word several
kab/kota share that is a word of the language ("tanah" of Tanah Datar, Tanah Laut and
Tanah Bumbu; "tulang" of Tulang Bawang and Tulang Bawang Barat; "pegunungan" of
Pegunungan Arfak and Pegunungan Bintang) is the story's word in a sentence, and still
asks among those kab/kota typed alone, after "di" alone or after "kab"; a head that is no
word ("kutai", "rokan") asks anywhere."""

from __future__ import annotations

import pytest

from bot.routing.place_index import a_word_head
from bot.routing.resolver import Router

TANAH = {"13.04", "63.01", "63.10"}  # Tanah Datar, Tanah Laut, Tanah Bumbu
KUTAI = {"64.02", "64.07", "64.08"}  # Kutai Kartanegara, Kutai Barat, Kutai Timur
PEGUNUNGAN = {"92.12", "95.02"}  # Pegunungan Arfak, Pegunungan Bintang


@pytest.mark.parametrize(
    "text",
    [
        "mafia tanah",
        "mafia tanah caplok lahan warga",
        "tanah longsor nimpa rumah warga",
        "warga pegunungan resah ada perampok",
        "tulang belulang manusia ditemukan warga",
    ],
)
def test_a_shared_first_word_that_is_a_word_names_nothing_in_a_story(
    router: Router, text: str
) -> None:
    result = router.resolve_text(text)
    assert (result.status, result.chosen) == ("not_found", None), [
        c.code for c in result.candidates
    ]


def test_the_place_a_story_states_wins_over_the_word(router: Router) -> None:
    # a dev line (the lead's list of misses): Desa Pemuteran of Kec. Gerokgak, Buleleng
    result = router.resolve_text(
        "tanah negara di desa pemuteran gerokgak diduga dicaplok mafia tanah"
    )
    assert result.status == "ok" and result.chosen is not None
    assert result.chosen.code[:5] == "51.08"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("tanah", TANAH),  # the answer to "where?"
        ("di tanah", TANAH),
        ("kab tanah", TANAH),
        ("pegunungan", PEGUNUNGAN),
        ("kutai", KUTAI),  # no word: a short form of the Kutai kab/kota anywhere
        ("begal di kutai", KUTAI),
        ("mafia kutai caplok lahan warga", KUTAI),
    ],
)
def test_the_head_alone_or_no_word_still_asks_among_its_kab_kota(
    router: Router, text: str, codes: set[str]
) -> None:
    result = router.resolve_text(text)
    assert result.status == "ambiguous"
    assert {c.code for c in result.candidates} == codes


@pytest.mark.parametrize(
    ("text", "code"),
    [("tanah datar", "13.04"), ("begal di tanah bumbu", "63.10"), ("kab tulang bawang", "18.05")],
)
def test_the_whole_names_are_found(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None
    assert result.chosen.code == code


def test_which_heads_are_words() -> None:
    # dictionary roots, and a root with a prefix (pe-gunung-an)
    assert a_word_head("tanah") and a_word_head("tulang") and a_word_head("pegunungan")
    # names that only a suffix would read as a word ("kuta" + "-i", "rok" + "-an"), names
    # no dictionary holds, and heads of two words
    for head in ("kutai", "rokan", "barito", "tapanuli", "timor", "tanjung jabung"):
        assert not a_word_head(head), head
