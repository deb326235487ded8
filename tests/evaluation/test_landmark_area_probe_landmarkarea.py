"""The landmark-area probe (bot/evaluation/landmark_area_probe.py, session 42): "<kind>
<a name of elsewhere> <area>" names the area's place.

The full probe is `dumas routing audit-ambiguity --landmark-area` (6 areas per province);
here 2, with the misses measured on that sample after session 42 as ceilings that must not
rise (before the session, see data/routing/README.md "Session 42: a building's name and
its area").
"""

from __future__ import annotations

import pytest

from bot.evaluation.landmark_area_probe import Case, cases, outcome, texts
from bot.routing.building_names import PLACE_NAMED
from bot.routing.regions import level_of
from bot.routing.resolver import Router

PER_PROVINCE = 2
# Cases whose building's name is a kecamatan's or village's, answered otherwise than with
# the area's place on the sample after session 42 (lower when fixed). Left out: the area
# first and a comma before a kind named after its place ("sidaling, pasar malalayang"),
# where the kecamatan after the kind stays the answer on purpose.
LOCAL_MISSES = 0


@pytest.fixture(scope="module")
def sample(router: Router) -> list[Case]:
    return cases(router, PER_PROVINCE)


def test_the_cases_are_what_they_say(router: Router, sample: list[Case]) -> None:
    keys = router.gazetteer.keys
    unit_of = router.table.polres_for
    assert {c.source for c in sample} == {"village", "kecamatan", "regency"}
    assert {level_of(c.area_code) for c in sample} == {3, 4}
    assert len({c.area_code[:2] for c in sample}) >= 30  # every part of the country
    for c in sample:
        assert keys[c.area] == (c.area_code,)  # the area names one place
        assert c.building_code in keys[c.building]
        assert c.building_code[:5] != c.area_code[:5]
        assert unit_of(c.building_code) != unit_of(c.area_code)


def test_a_building_named_after_a_local_place_elsewhere_stands_in_its_area(
    router: Router, sample: list[Case]
) -> None:
    missed = [
        (text, got)
        for c in sample
        if c.source != "regency"
        for frame, text in texts(c)
        if not (frame.startswith("{A},") and c.kind.split()[0] in PLACE_NAMED)
        and (got := outcome(router, c, text)) != "right"
    ]
    assert len(missed) <= LOCAL_MISSES, missed[:10]
