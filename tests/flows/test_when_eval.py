"""The time parser on labelled phrases written independently of it (tests/eval/when).

Prints the figures (so CI logs them) for the development and held-out halves, and fails
when the held-out accuracy is below the target. Only figures are printed for the held-out
half, never its items.
"""

from __future__ import annotations

import pytest

from bot.evaluation import when as evaluation


def _scores(name: str, capsys: pytest.CaptureFixture[str]) -> evaluation.Score:
    path = evaluation.set_path(name)
    if not path.exists():
        pytest.skip(f"{path} is absent: the labelled set has not been split yet")
    results = evaluation.evaluate([name], compare=evaluation.dateparser_available())
    with capsys.disabled():  # the figures go to the CI log even when the test passes
        print()
        print(evaluation.report(results))
    return results[name]["hand-written"]


def test_development_half_is_scored(capsys: pytest.CaptureFixture[str]) -> None:
    scored = _scores("dev", capsys)
    assert scored.overall.total > 0


def test_held_out_accuracy_meets_the_target(capsys: pytest.CaptureFixture[str]) -> None:
    scored = _scores("heldout", capsys)
    assert scored.overall.total > 0
    assert scored.overall.accuracy >= evaluation.TARGET, (
        f"held-out accuracy {scored.overall.accuracy:.1%} < {evaluation.TARGET:.0%}"
    )
