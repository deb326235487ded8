"""An honest tuning signal without the held-out half: `dumas triage train --cv K`.

The shipped model is trained on the development half, so `dumas triage eval --set dev`
judges messages the model has seen (all 1.000) and says nothing about new ones. Here the
development half is cut into K folds, deterministically by a hash of each text (another
byte than training's own folds); for each fold a model is trained on the training-only
messages (data/triage/training/) and the other K-1 folds, and the fold is judged by
flows/triage.triage exactly as the bot judges a message (word lists and model combined),
then scored like `dumas triage eval` (bot/evaluation/triage.py).

Two things are fixed rather than searched, to keep K trainings affordable:

* each head's regularisation C: the shipped model's (its `meta.c`) unless given;
* the combination policy of fold k (thresholds, floors, keyword weight) is chosen as
  training chooses it (bot/triage/training._choose_policy), on the out-of-fold
  predictions of the *other* folds' development messages: fold k's labels never choose
  what judges fold k.

The same folds' figures under the shipped model's policy are printed beside them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.catalog import load_categories
from bot.evaluation.triage import Report, judge, score
from bot.triage.training import (
    EVAL_DIR,
    INTENTS,
    TRAINING_DIR,
    Example,
    Space,
    _choose_policy,
    _emergency_as_intent,
    _fit,
    _probabilities,
    examples,
    exported,
    read_lines,
)
from flows.triage_model import Policy, TriageModel

# The shipped model's choice when there is no model file to read it from.
DEFAULT_C = {"intent": 30.0, "category": 100.0, "abusive": 3000.0, "emergency": 100.0}


def dev_fold(item: dict[str, Any], folds: int) -> int:
    """Byte 2 of the text's sha256: independent of training's folds (byte 1)."""
    return hashlib.sha256(str(item["text"]).encode()).digest()[2] % folds


@dataclass(slots=True)
class CrossValidation:
    folds: int
    chosen: Report  # each fold judged under the policy chosen on the other folds
    shipped: Report  # the same models under the shipped model's policy
    policies: list[Policy]
    models: list[TriageModel]  # fold k's model (its policy: the default)
    fold_of: list[int]  # the fold of each development message, in file order


def heads() -> dict[str, Sequence[str]]:
    return {
        "intent": INTENTS,
        "category": tuple(c.id for c in load_categories()),
        "abusive": ("no", "yes"),
        "emergency": ("no", "yes"),
    }


def cross_validate(
    folds: int,
    extra: Sequence[Path] = (),
    c: dict[str, float] | None = None,
    shipped_policy: Policy | None = None,
    progress: bool = True,
    dev_items: Sequence[dict[str, Any]] | None = None,
    rest_items: Sequence[dict[str, Any]] | None = None,
) -> CrossValidation:
    """`dev_items` (default: tests/eval/triage/dev.jsonl) are cut into folds and judged;
    `rest_items` (default: data/triage/training/*.jsonl and `extra`) are always trained on."""
    if dev_items is None:
        dev_items = read_lines(EVAL_DIR / "dev.jsonl")
    if rest_items is None:
        rest_items = []
        for path in [*sorted(TRAINING_DIR.glob("*.jsonl")), *extra]:
            rest_items = [*rest_items, *read_lines(path)]
    dev, rest = examples(dev_items), examples(rest_items)
    chosen_c = {**DEFAULT_C, **(c or {})}
    labels = heads()
    fold_of = [dev_fold(e.item, folds) for e in dev]
    # Raw out-of-fold probabilities of every development message, head by head.
    predictions: dict[str, list[dict[str, float]]] = {h: [{} for _ in dev] for h in labels}
    models: list[TriageModel] = []
    for k in range(folds):
        started = time.perf_counter()
        train_part: list[Example] = [
            *rest,
            *(e for e, f in zip(dev, fold_of, strict=True) if f != k),
        ]
        test_index = [i for i, f in enumerate(fold_of) if f == k]
        space = Space.of(train_part)
        matrix = space.matrix(train_part)
        test_matrix = space.matrix([dev[i] for i in test_index])
        fitted = {}
        for head, head_labels in labels.items():
            fitted[head] = _fit(matrix, train_part, head, head_labels, chosen_c[head])
            for i, p in zip(
                test_index,
                _probabilities(fitted[head], test_matrix, head_labels),
                strict=True,
            ):
                predictions[head][i] = p
        models.append(exported(space, fitted, labels, Policy(), {"rule_signals": True}))
        if progress:
            print(
                f"fold {k + 1}/{folds}: trained on {len(train_part)}, judging "
                f"{len(test_index)} ({time.perf_counter() - started:.0f} s)",
                file=sys.stderr,
            )
    as_intent = _emergency_as_intent(predictions)
    policies = []
    for k in range(folds):
        others = [i for i, f in enumerate(fold_of) if f != k]
        policies.append(
            _choose_policy(
                [dev[i] for i in others],
                [as_intent[i] for i in others],
                [predictions["abusive"][i] for i in others],
                [predictions["category"][i] for i in others],
            )
        )
    chosen, shipped = Report("dev", f"cv{folds}"), Report("dev", f"cv{folds}-shipped-policy")
    for report, policy_of in (
        (chosen, lambda k: policies[k]),
        (shipped, lambda k: shipped_policy or policies[k]),
    ):
        for example, k in zip(dev, fold_of, strict=True):
            model = dataclasses.replace(models[k], policy=policy_of(k))
            started = time.perf_counter()
            verdict = judge(str(example.item["text"]), "combined", model)
            report.times_ms.append((time.perf_counter() - started) * 1000)
            score(report, example.item, verdict)
    return CrossValidation(folds, chosen, shipped, policies, models, fold_of)


__all__ = ["DEFAULT_C", "CrossValidation", "cross_validate", "dev_fold"]
