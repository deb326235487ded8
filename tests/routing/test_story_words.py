"""Everyday words of a story read as places (issue 14, session 34).

The audit `dumas routing audit-story-words` (bot/evaluation/story_words.py) finds, from a
word-frequency list, every gazetteer and landmark key made only of everyday words and
fills complaint frames with them. Here: a deterministic sample of it (the fields named by
what grows there in frames that name no place; every kind but a regency's name beside a
stated village), one case per rule of bot/routing/story_places.py, and the readings the
rules must keep (the name typed alone, after "di", after its village).
"""

from __future__ import annotations

import pytest

from bot.evaluation.story_words import (
    NO_PLACE_FRAMES,
    StoryName,
    frames_naming_nothing,
    real_villages,
    sample,
    story_cases,
    story_names,
)
from bot.routing.resolver import Router

SHARE = 40  # beside a village: 1 name in 40 of the ~7,800 story-word names


@pytest.fixture(scope="module")
def names(router: Router) -> list[StoryName]:
    return story_names(router)


def test_the_audit_finds_the_issues_names(names: list[StoryName]) -> None:
    keys = {n.key for n in names}
    assert {"kebun tebu", "pompa air", "air panas", "kayu putih", "mentok"} <= keys
    assert "kebun tebu" in {n.key for n in names if n.kind == "field"}


def test_the_frames_name_no_place(router: Router) -> None:
    kept, dropped = frames_naming_nothing(router)
    assert not dropped
    assert len(kept) == len(NO_PLACE_FRAMES)


def test_a_sample_of_the_audit(router: Router, names: list[StoryName]) -> None:
    """A field's name in a sentence naming nothing else is no place; beside a stated
    village every story-word name but a regency's gives way to the village."""
    frames, _ = frames_naming_nothing(router)
    villages = real_villages(router)
    chosen = sample(names, SHARE) + [n for n in names if n.kind == "field"]
    wrong = []
    for name in chosen:
        if not name.guesses_count():
            continue
        # a district's own unique name in a sentence may be meant: only a field's is
        # checked in the frames that name nothing else
        used = frames if name.kind == "field" else []
        for _, text, village in story_cases(name, used, villages):
            res = router.resolve_text(text)
            if res.status != "ok" or res.chosen is None:
                continue
            if village is None or res.chosen.code[:5] != village[:5]:
                wrong.append(f"{text!r}: {res.chosen.code}")
    assert not wrong, wrong


@pytest.mark.parametrize(
    "text",
    [
        "motor ditemukan di kebun tebu",
        "anak jatuh ke kebun pisang kemarin",
        "mayat sering dibuang di kebun tebu, sepi ga ada lampu",
    ],
)
def test_a_field_in_a_sentence_is_no_place(router: Router, text: str) -> None:
    assert router.resolve_text(text).status == "not_found"


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("kebun tebu", "18.04"),  # typed alone: Kec. Kebun Tebu
        ("di mentok", "19.05"),  # after "di": the town
        ("desa gondoriyo bergas", "33.22"),  # a district after its village
        ("hp dijambret di kebun raya bogor", "32.71"),  # a landmark's full name
    ],
)
def test_the_name_is_kept_where_it_is_the_place(router: Router, text: str, regency: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None
    assert res.chosen.code.startswith(regency)


@pytest.mark.parametrize(
    ("text", "not_in"),
    [
        # the duck thief: Banaran is asked, not Kec. Mentok of Bangka Barat
        ("maling mentok tiap malam di banaran", "19.05"),
        # a Kayu Putih lies beside one of the 35 Gunungsari by chance
        ("mayat terbakar di hutan kayu putih desa gunungsari", "__"),
        # a hamlet Kedawung, not Kec. Kebun Tebu
        ("mayat di kebun tebu dusun kedawung", "18.04"),
    ],
)
def test_a_story_word_gives_way_to_the_stated_place(router: Router, text: str, not_in: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ambiguous"
    assert not any(c.code.startswith(not_in) for c in res.candidates)


def test_a_number_word_is_no_town_abroad(router: Router) -> None:
    """ "lima warga": five people, not Lima of Peru; the village is asked."""
    res = router.resolve_text("lima warga desa patihan tersengat listrik pindahkan warung")
    assert res.status == "ambiguous"
    assert router.resolve_text("lima").status == "outside"  # typed alone, the town


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("awas klitih di jalan kabupaten trihanggo", "34.04.01.2005"),  # Gamping, Sleman
        ("klitih di jalan godean", "34.04.02"),
    ],
)
def test_a_crime_named_by_its_regional_word_is_no_village(
    router: Router, text: str, code: str
) -> None:
    # "klitih": Yogyakarta's night attacks, not Desa Klitih of Demak or Jombang
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (res.status, res.reason)
    assert res.chosen.code == code
