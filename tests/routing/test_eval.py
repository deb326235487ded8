"""Held-out accuracy of place routing (typed places, must-ask, must-refuse, GPS pins).

The sets under tests/eval/ were written from public sources by people who did not see the
resolver, and split once into halves (tools/split_eval.py). This test prints both halves'
figures into the CI log and fails when the held-out half falls below the issue's targets.
It never prints a held-out line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluation.places import (
    TARGETS,
    Report,
    evaluate,
    format_report,
    read_set,
    score_pin,
    score_place,
    set_paths,
)
from bot.routing.resolver import Router
from tests.built_once import installed_router

FLOORS = Path(__file__).resolve().parents[1] / "eval" / "held_out_floors.json"


@pytest.fixture(scope="module")
def shipped_router(tmp_path_factory: pytest.TempPathFactory) -> Router:
    """The router a fresh install has: shipped boundaries, no imported file (its gazetteer
    from the run's cache file: building it again took ~3.5 s of CPU here)."""
    return installed_router(tmp_path_factory, "eval-data")


def _report(router: Router, half: str, capsys: pytest.CaptureFixture[str]) -> Report:
    if not set_paths("places", half).is_file():
        pytest.skip(f"{set_paths('places', half)} is missing")
    report = evaluate(router, half)
    with capsys.disabled():  # the figures go to the CI log even when the test passes
        print("\n" + "\n".join(format_report(report)))
    return report


def test_held_out_half_holds_its_level_and_reports_the_targets(
    shipped_router: Router, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's targets (TARGETS) are not all met yet; `dumas routing eval` exits 1 until
    they are. CI fails when a held-out figure drops below the level recorded in
    tests/eval/held_out_floors.json (raise it whenever the figures improve), and prints
    which targets are still missed."""
    report = _report(shipped_router, "heldout", capsys)
    assert report.by_expect["place"].total >= 500
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    for kind, floor in floors.items():
        share = report.by_expect[kind].share
        with capsys.disabled():
            print(
                f"  {kind}: held-out {share:.1%}, recorded floor {floor:.1%}, target "
                f"{TARGETS[kind]:.0%}{'' if share >= TARGETS[kind] else ' (not met)'}"
            )
        assert share >= floor, f"{kind} fell to {share:.2%} below its recorded {floor:.2%}"


def test_scoring_counts_a_guess_as_wrong(shipped_router: Router) -> None:
    """The scorer itself: a lucky guess on a must-ask line is a miss, asking is right."""
    ask = {"expect": "ask", "text": "bandung", "regencies": ["32.04", "32.73"]}
    assert score_place(shipped_router, ask).right
    wrong = {"expect": "place", "text": "bandung", "regency": "32.73"}
    assert not score_place(shipped_router, wrong).right  # asked, not resolved
    refuse = {"expect": "refuse", "text": "di jeddah", "why": "foreign"}
    assert score_place(shipped_router, refuse).right
    place = {"expect": "place", "text": "kec cilandak jaksel", "regency": "31.74"}
    assert score_place(shipped_router, place).right
    wrong_unit = dict(place, unit="Polres Metro Bekasi")
    assert not score_place(shipped_router, wrong_unit).right
    pin = {"lat": -6.9025, "lon": 107.6188, "regency": "32.73"}
    assert score_pin(shipped_router, pin).right
    assert not score_pin(shipped_router, dict(pin, regency="32.04")).right


def test_targets_are_the_issues() -> None:
    assert TARGETS == {"place": 0.97, "ask": 1.0, "refuse": 1.0, "gps": 0.99}
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert set(floors) == set(TARGETS)
    assert all(floors[k] <= TARGETS[k] for k in TARGETS)  # a floor is no new target


def test_sets_are_well_formed() -> None:
    for kind in ("places", "gps"):
        for half in ("dev", "heldout"):
            path: Path = set_paths(kind, half)
            if not path.is_file():
                continue
            for item in read_set(path):
                assert item.get("source"), (kind, half, "a line without a source")
