"""What `dumas routing audit-story-words` fails on (bot/evaluation/story_words.py).

Session 38: the exit status counted every guess, those the audit lists as no defect too
(a kab/kota's own name in a sentence, a kecamatan's or village's name that may be where
it happened, a town abroad read as a hospital's name and refused), so the audit always
exited 1 and its status said nothing. Now it fails on the defects its docstrings and
tests/routing/test_story_words.py define, and still counts the rest.
"""

from __future__ import annotations

from collections import Counter

from bot.evaluation.story_words import AbroadAuditResult, StoryAuditResult


def test_the_story_audit_fails_on_fields_and_on_names_beside_a_village() -> None:
    result = StoryAuditResult(
        guesses=Counter(
            {
                ("found", "field"): 1,  # a field's name in a sentence: a defect
                ("beside_before", "landmark"): 2,  # not the village stated: a defect
                ("beside_after", "village"): 3,  # the same
                ("found", "village"): 40,  # may be where it happened: counted
                ("body", "landmark"): 50,  # the same
                ("beside_before", "regency"): 7,  # a kab/kota's name: by design
            }
        )
    )
    assert result.defects() == 6
    assert result.total() == 103
    assert any("defects" in line and line.endswith(": 6") for line in result.lines())


def test_the_abroad_audit_fails_on_guesses_only() -> None:
    result = AbroadAuditResult(
        answers=Counter(
            {
                ("work", False, "outside"): 10,
                ("work", False, "guessed"): 1,
                ("hospital", False, "refused"): 9,
                ("hospital", False, "asked"): 2,
                ("work", True, "guessed"): 5,  # also an Indonesian key: either is meant
            }
        )
    )
    assert result.guesses() == 1
    assert result.total() == 12
