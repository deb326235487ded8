"""A 1-in-10 sample of tests/routing/story_hamlet_forms.py (session 40, issue 14): a story,
a settlement word, a hamlet's name the tree does not hold, and a known village or
kecamatan; the full audit runs as `python -m tests.routing.story_hamlet_forms`."""

from __future__ import annotations

from collections import Counter

from bot.routing.gazetteer import Gazetteer
from bot.routing.resolver import Router
from tests.routing.hamlet_forms import score
from tests.routing.story_hamlet_forms import generate


def test_a_sample_of_the_audit(router: Router, gazetteer: Gazetteer) -> None:
    """At least 83% right or asked rightly (the known name alone in the same stories:
    about 89%; before session 40 the hamlet forms without a comma or level word were at
    55-64%, the known name lost after the hamlet's unknown one), and almost none resolved
    to a kab/kota holding no place of that name."""
    counts: Counter[str] = Counter()
    for k, (form, _alone) in enumerate(generate(gazetteer)):
        if k % 10 == 0:
            counts[score(router, form)[0]] += 1
    n = sum(counts.values())
    assert n > 300, counts
    assert (counts["right"] + counts["asked_ok"]) / n >= 0.83, counts
    assert counts["wrong"] <= n // 100, counts
