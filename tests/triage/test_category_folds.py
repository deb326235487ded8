"""bot/triage/category_folds.py: category-head settings compared on the same folds."""

from __future__ import annotations

import pytest

from bot.triage import training
from bot.triage.category_folds import Outcome, Setting, compare, mcnemar, measure


def test_mcnemar_p_of_known_counts() -> None:
    assert mcnemar(0, 0) == 1.0
    assert mcnemar(5, 5) == pytest.approx(1.0)
    assert mcnemar(13, 6) == pytest.approx(0.108, abs=0.001)  # chi2 49/19 = 2.58
    assert mcnemar(6, 13) == mcnemar(13, 6)
    assert mcnemar(20, 2) < 0.001


def test_compare_counts_messages_gained_and_lost_and_skips_those_without_category() -> None:
    base = Outcome(Setting(), [True, False, None, True, False], [0.0])
    other = Outcome(Setting(c=30.0), [True, True, None, False, True], [0.0])
    assert compare(base, other)[:2] == (2, 1)
    assert base.top1 == pytest.approx(0.5) and other.top1 == pytest.approx(0.75)


def test_each_setting_is_judged_out_of_fold_on_the_category_messages_only() -> None:
    items = training.read_lines(training.EVAL_DIR / "dev.jsonl")[::4][:240]  # every kind
    shipped, again, words = measure(
        [Setting(), Setting(), Setting(word_weight=3.0)], folds=3, dev_items=items, rest_items=[]
    )
    judged = [item.get("intent") in ("complaint", "emergency") for item in items]
    assert [r is not None for r in shipped.right] == judged
    assert compare(shipped, again) == (0, 0, 1.0)  # deterministic
    assert len(shipped.keyword_weights) == 3
    assert set(shipped.keyword_weights) <= set(training.KEYWORD_WEIGHTS)
    assert 0.3 < shipped.top1 <= 1.0 and 0.3 < words.top1 <= 1.0
