"""The spacing probe on a small sample (tests/routing/spacing_forms.py; the full run is
`python -m tests.routing.spacing_forms`): names glued or split against the tables' spacing
are read as the names they are, and the names as written keep their answers."""

from __future__ import annotations

from collections import Counter

from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.spacing_forms import generate, score, syllable_splits

# Measured on this sample in session 40: split landmarks 20/20 right (16/20 before
# name_spacing.py), glued short forms 26/40 right and 14 asked like their names as written
# (none found before: 32 not found); controls unchanged.
SAMPLE = 20


def test_syllable_splits_keep_digraphs_and_codas() -> None:
    assert ("jambu", "ara") in syllable_splits("jambuara")
    assert syllable_splits("bojonggede") == [("bojong", "gede")]
    assert ("cangk", "ring") not in syllable_splits("cangkring")


def test_the_probe_sample(router: Router, tree: RegionTree) -> None:
    counts: dict[tuple[str, str], Counter[str]] = {}
    for form in generate(tree, SAMPLE):
        outcome, _got = score(router, form)
        counts.setdefault((form.way, form.source), Counter())[outcome] += 1
    for way, source in counts:
        c = counts[(way, source)]
        # a glued or split form of a name is never read as another place
        assert c["wrong"] <= sum(c.values()) // 10, (way, source, c)
    split = counts[("split", "landmark")]
    assert split["right"] >= 0.9 * sum(split.values()), split
    short = counts[("short", "region")]
    assert short["not_found"] <= sum(short.values()) // 10, short
    control = counts[("control", "landmark")]
    assert control["right"] >= 0.95 * sum(control.values()), control
