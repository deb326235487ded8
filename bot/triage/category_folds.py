"""Settings of the category head compared on the development half's folds:
`python -m bot.triage.category_folds`.

`dumas triage train --cv K` judges the whole verdict and fits every head per fold; the
category head is the one whose setting was in question (issue 15: held-out top-1 0.860
against 0.85, only 0.829 on the folds), and only it changes here, so the other heads'
figures cannot move. Same folds as `--cv` (cross_validation.dev_fold), same training
lines (the training messages and the other folds), and the keyword weight of fold k
chosen on the other folds from training's grid, as the policy chooses it. Each setting
is compared with the first, message by message: gained, lost, and McNemar's p, because
on about 180 category messages a fold moves by ±0.03 by chance and a total alone cannot
tell a better setting from noise (README, "Category head").
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.triage.cross_validation import dev_fold, heads
from bot.triage.training import (
    EVAL_DIR,
    KEYWORD_WEIGHTS,
    TRAINING_DIR,
    Example,
    Space,
    _target,
    examples,
    read_lines,
)


@dataclass(frozen=True, slots=True)
class Setting:
    """One way to fit the category head. `word_weight` multiplies the word and word-pair
    features beside the character n-grams before the L2 norm (a FeatureUnion's block
    weight); 1.0 is the shipped vector."""

    c: float = 100.0
    class_weight: str | None = "balanced"
    word_weight: float = 1.0

    def __str__(self) -> str:
        return f"C {self.c:g}, class weights {self.class_weight}, words x{self.word_weight:g}"


@dataclass(frozen=True, slots=True)
class Outcome:
    setting: Setting
    right: list[bool | None]  # per development message; None: no category to judge
    keyword_weights: list[float]  # fold by fold, chosen on the other folds

    @property
    def top1(self) -> float:
        judged = [r for r in self.right if r is not None]
        return sum(judged) / len(judged) if judged else 0.0


def mcnemar(gained: int, lost: int) -> float:
    """Two-sided p of McNemar's test (chi-squared, one degree of freedom, no continuity
    correction) for two settings judged on the same messages."""
    if gained + lost == 0:
        return 1.0
    chi2 = (gained - lost) ** 2 / (gained + lost)
    return math.erfc(math.sqrt(chi2 / 2))


def compare(base: Outcome, other: Outcome) -> tuple[int, int, float]:
    """Messages `other` gets right and `base` wrong, the reverse, and McNemar's p."""
    pairs = list(zip(other.right, base.right, strict=True))
    gained = sum(1 for o, b in pairs if o is True and b is False)
    lost = sum(1 for o, b in pairs if o is False and b is True)
    return gained, lost, mcnemar(gained, lost)


def _probabilities(
    setting: Setting, train_part: Sequence[Example], test: Sequence[Example]
) -> list[dict[str, float]]:
    from scipy.sparse import diags
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize

    labels = heads()["category"]
    space = Space.of(train_part)
    scale = [0.0] * len(space.index)
    for feature, column in space.index.items():
        scale[column] = setting.word_weight if feature[:2] in ("w:", "b:") else 1.0
    block = diags(scale)
    chosen = [i for i, e in enumerate(train_part) if _target(e, "category") in labels]
    y = [labels.index(str(_target(train_part[i], "category"))) for i in chosen]
    matrix = normalize(space.matrix(train_part)[chosen] @ block)
    model = LogisticRegression(
        C=setting.c, max_iter=5000, solver="lbfgs", class_weight=setting.class_weight
    ).fit(matrix, y)
    out = []
    for row in model.predict_proba(normalize(space.matrix(test) @ block)):
        probabilities = dict.fromkeys(labels, 0.0)
        for index, p in zip(model.classes_, row, strict=True):
            probabilities[labels[int(index)]] = float(p)
        out.append(probabilities)
    return out


def _right(example: Example, p: dict[str, float], weight: float) -> bool | None:
    """The category as flows/triage._combined_category chooses it, against the label."""
    truth = _target(example, "category")
    if truth is None:
        return None
    points = example.rules.keywords.ranked
    norm = sum(v for _c, v in points) or 1.0
    share = {c: v / norm for c, v in points}
    combined = {c: v + weight * share.get(c, 0.0) for c, v in p.items()}
    return max(combined, key=combined.__getitem__) == truth


def _keyword_weight(table: dict[float, list[bool | None]], fold_of: Sequence[int], k: int) -> float:
    """Fold k's keyword weight: the best top-1 on the other folds (the first best, as
    training's policy search takes it)."""

    def others_top1(weight: float) -> float:
        scored = [r for r, f in zip(table[weight], fold_of, strict=True) if f != k]
        judged = [r for r in scored if r is not None]
        return sum(judged) / max(1, len(judged))

    return max(KEYWORD_WEIGHTS, key=others_top1)


def measure(
    settings: Sequence[Setting],
    folds: int = 5,
    dev_items: Sequence[dict[str, Any]] | None = None,
    rest_items: Sequence[dict[str, Any]] | None = None,
) -> list[Outcome]:
    """Each setting's out-of-fold category verdicts on the development half."""
    if dev_items is None:
        dev_items = read_lines(EVAL_DIR / "dev.jsonl")
    if rest_items is None:
        rest_items = [i for p in sorted(TRAINING_DIR.glob("*.jsonl")) for i in read_lines(p)]
    dev, rest = examples(dev_items), examples(rest_items)
    fold_of = [dev_fold(e.item, folds) for e in dev]
    outcomes = []
    for setting in settings:
        predicted: list[dict[str, float]] = [{} for _ in dev]
        for k in range(folds):
            test_index = [i for i, f in enumerate(fold_of) if f == k]
            train_part = [*rest, *(e for e, f in zip(dev, fold_of, strict=True) if f != k)]
            probabilities = _probabilities(setting, train_part, [dev[i] for i in test_index])
            for i, p in zip(test_index, probabilities, strict=True):
                predicted[i] = p
        table = {
            w: [_right(e, p, w) for e, p in zip(dev, predicted, strict=True)]
            for w in KEYWORD_WEIGHTS
        }
        right: list[bool | None] = [None] * len(dev)
        chosen = []
        for k in range(folds):
            weight = _keyword_weight(table, fold_of, k)
            chosen.append(weight)
            for i, f in enumerate(fold_of):
                if f == k:
                    right[i] = table[weight][i]
        outcomes.append(Outcome(setting, right, chosen))
    return outcomes


def main(argv: Sequence[str]) -> int:
    """Shipped setting first, then C, class weights and the word block's weight."""
    settings = [
        Setting(),
        *(Setting(c=c) for c in (30.0, 300.0, 1000.0)),
        Setting(class_weight=None),
        *(Setting(word_weight=w) for w in (0.5, 1.5, 2.0, 3.0)),
    ]
    outcomes = measure(settings, folds=int(argv[0]) if argv else 5)
    for outcome in outcomes:
        gained, lost, p = compare(outcomes[0], outcome)
        print(
            f"{outcome.setting}: top-1 {outcome.top1:.3f}, +{gained}/-{lost} (p {p:.2f}), "
            f"keyword weights {outcome.keyword_weights}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
