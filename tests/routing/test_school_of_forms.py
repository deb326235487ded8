"""A campus named after a word for a student is the person's, not the story's place
(session 38, issue 14: bot/routing/story_places.py, `a_persons_origin` with
SCHOOL_OF_WORDS). Checked on forms of the session's reading and on a fixed sample of the
generated audit (tests/routing/school_of_forms.py), routing through data/ as shipped."""

from __future__ import annotations

import pytest

import bot.routing.story_places as story_places
from bot.routing.resolver import Router
from tests.routing.answers import chosen_code
from tests.routing.school_of_forms import STORY_PLACES, forms, score


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        # Universitas Medan Area is in Kota Medan; Batang Kuis is a kecamatan of Deli Serdang
        ("mahasiswa uma ditikam begal di batang kuis", "12.07"),
        # Universitas Negeri Medan; Sambungmacan is a kecamatan of Sragen
        ("mahasiswa unimed kampus medan dibegal di sambungmacan", "33.14"),
        ("mahasiswa unika medan dibegal di sambungmacan", "33.14"),
    ],
)
def test_a_campus_after_a_student_word_gives_way_to_the_place_told(
    router: Router, text: str, regency: str
) -> None:
    assert chosen_code(router, text)[:5] == regency


def test_a_campus_told_alone_is_still_the_place(router: Router) -> None:
    """Nothing else is named: the campus is all the text says of where."""
    assert chosen_code(router, "mahasiswa uma dibegal")[:5] == "12.71"


def test_a_town_after_a_student_word_is_not_read_as_a_school(router: Router) -> None:
    """The rule is about campuses: "mahasiswa bandung" is read as before (the town told
    after "di" is the place either way)."""
    assert chosen_code(router, "mahasiswa bandung dibegal di cimahi")[:5] == "32.77"


@pytest.mark.parametrize(("name", "regency"), STORY_PLACES)
def test_each_story_place_of_the_audit_is_its_kecamatan_alone(
    router: Router, name: str, regency: str
) -> None:
    assert chosen_code(router, f"dibegal di {name}")[:5] == regency


def test_no_form_of_the_audit_sample_is_lost_to_the_rule(
    router: Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every 10th form of the generated audit: each one right without the rule is right
    with it, and the sample as a whole gains."""
    sample = list(forms(router))[::10]
    on = [score(router, f) for f in sample]
    monkeypatch.setattr(story_places, "SCHOOL_OF_WORDS", frozenset())
    off = [score(router, f) for f in sample]
    lost = [f.text for f, a, b in zip(sample, off, on, strict=True) if a == "right" != b]
    assert not lost
    assert on.count("right") > off.count("right")
