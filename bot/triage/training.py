"""Train the triage model from the development half: `dumas triage train`.

Reads tests/eval/triage/dev.jsonl (never the held-out half) plus any extra labelled files
(`dumas triage export` output: officers' corrections), and writes
data/triage/model.json.gz. Deterministic: the same inputs give the same file, byte for
byte (fixed label order, a fixed fold assignment by hash, scikit-learn's deterministic
lbfgs solver, weights rounded to 4 decimals, no timestamps).

scikit-learn (installed by the `test` extra, `pip install -e .[test]`) is imported only
here: the bot itself reads the weights in pure Python (flows/triage_model.py).

What it does:
1. Features per message (flows/triage_model.features on flows/triage.normalize); the
   vocabulary is every feature seen in at least two messages.
2. Three heads, each a multinomial logistic regression on binary, L2-normalised
   features: intent (all lines), category (complaints and emergencies), abusive (all).
   The regularisation C of each head is chosen by 5-fold cross-validation on the
   development half.
3. The combination policy (flows/triage_model.Policy) from the same folds' out-of-fold
   predictions combined with the word lists: the lowest emergency threshold whose
   precision stays >= 0.85, the abusive threshold with the best F1 that flags at most 2%
   of constructive criticism, and the keyword weight with the best category top-1.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.catalog import load_categories
from bot.settings import REPO_ROOT
from flows.triage import Suggestion, detect_abuse, detect_emergency, normalize, suggest_category
from flows.triage_model import Head, Policy, TriageModel, features

EVAL_DIR = REPO_ROOT / "tests" / "eval" / "triage"
INTENTS = ("emergency", "complaint", "question", "greeting", "other")
BINARY = ("no", "yes")
FOLDS = 5
C_GRID = (1.0, 3.0, 10.0, 30.0)


@dataclass(slots=True)
class Example:
    item: dict[str, Any]
    tokens: list[str]
    feats: list[str]
    rule_emergency: bool
    rule_abusive: bool
    keywords: Suggestion


def read_lines(path: Path) -> list[dict[str, Any]]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc
    return items


def examples(items: Sequence[dict[str, Any]]) -> list[Example]:
    categories = load_categories()
    out = []
    for item in items:
        text = str(item["text"])
        tokens = normalize(text[:5000])
        asked = [*tokens, "<tanya>"] if text.strip().endswith("?") else tokens
        out.append(Example(item, tokens, features(tokens, text),
                           detect_emergency(tokens).flagged, detect_abuse(tokens).flagged,
                           suggest_category(asked, categories)))
    return out


def fold_of(item: dict[str, Any]) -> int:
    return hashlib.sha256(str(item["text"]).encode()).digest()[1] % FOLDS


def _matrix(batch: Sequence[Example], vocabulary: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    rows, cols, values = [], [], []
    for r, example in enumerate(batch):
        scale = 1.0 / (len(example.feats) ** 0.5) if example.feats else 0.0
        for feature in example.feats:
            column = vocabulary.get(feature)
            if column is not None:
                rows.append(r)
                cols.append(column)
                values.append(scale)
    return csr_matrix((values, (rows, cols)), shape=(len(batch), len(vocabulary)))


def _vocabulary(batch: Sequence[Example]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for example in batch:
        for feature in example.feats:
            counts[feature] = counts.get(feature, 0) + 1
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= 2))}


def _target(example: Example, head: str) -> str | None:
    item = example.item
    if head == "intent":
        return str(item["intent"])
    if head == "abusive":
        return "yes" if item.get("abusive") else "no"
    return item.get("category") if item.get("intent") in ("complaint", "emergency") else None


def _fit(batch: Sequence[Example], head: str, labels: Sequence[str], c: float,
         vocabulary: dict[str, int]) -> Any:
    from sklearn.linear_model import LogisticRegression

    chosen = [e for e in batch if _target(e, head) in labels]
    y = [labels.index(str(_target(e, head))) for e in chosen]
    model = LogisticRegression(C=c, max_iter=3000, solver="lbfgs")
    model.fit(_matrix(chosen, vocabulary), y)
    return model


def _probabilities(model: Any, batch: Sequence[Example], labels: Sequence[str],
                   vocabulary: dict[str, int]) -> list[dict[str, float]]:
    raw = model.predict_proba(_matrix(batch, vocabulary))
    out = []
    for row in raw:
        probabilities = dict.fromkeys(labels, 0.0)
        for index, p in zip(model.classes_, row, strict=True):
            probabilities[labels[int(index)]] = float(p)
        out.append(probabilities)
    return out


def _out_of_fold(batch: Sequence[Example], head: str, labels: Sequence[str], c: float
                 ) -> list[dict[str, float]]:
    predictions: list[dict[str, float] | None] = [None] * len(batch)
    for fold in range(FOLDS):
        train = [e for e in batch if fold_of(e.item) != fold]
        test = [(i, e) for i, e in enumerate(batch) if fold_of(e.item) == fold]
        if not test:
            continue
        vocabulary = _vocabulary(train)
        model = _fit(train, head, labels, c, vocabulary)
        for (i, _e), p in zip(test, _probabilities(model, [e for _i, e in test], labels,
                                                   vocabulary), strict=True):
            predictions[i] = p
    return [p or dict.fromkeys(labels, 0.0) for p in predictions]


def _accuracy(batch: Sequence[Example], head: str, predictions: Sequence[dict[str, float]]
              ) -> float:
    scored = [(e, p) for e, p in zip(batch, predictions, strict=True)
              if _target(e, head) is not None]
    if head == "abusive":  # F1 of "yes": the rare label is what matters
        tp = sum(1 for e, p in scored if _target(e, head) == "yes" and p["yes"] >= 0.5)
        fp = sum(1 for e, p in scored if _target(e, head) == "no" and p["yes"] >= 0.5)
        fn = sum(1 for e, p in scored if _target(e, head) == "yes" and p["yes"] < 0.5)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    right = sum(1 for e, p in scored if max(p, key=p.__getitem__) == _target(e, head))
    return right / len(scored) if scored else 0.0


def _choose_policy(batch: Sequence[Example], intent: Sequence[dict[str, float]],
                   abusive: Sequence[dict[str, float]], category: Sequence[dict[str, float]]
                   ) -> Policy:
    grid = [round(0.05 * i, 2) for i in range(2, 20)]
    long_enough = [len(e.tokens) >= 3 for e in batch]

    def emergency_at(t: float) -> tuple[float, float]:
        flagged = [e.rule_emergency or (ok and p["emergency"] >= t)
                   for e, p, ok in zip(batch, intent, long_enough, strict=True)]
        truth = [bool(e.item.get("emergency")) for e in batch]
        tp = sum(f and t_ for f, t_ in zip(flagged, truth, strict=True))
        return (tp / max(1, sum(flagged)), tp / max(1, sum(truth)))

    emergency_threshold = max(grid)
    for t in sorted(grid, reverse=True):  # lower thresholds find more; stop at the floor
        precision, _recall = emergency_at(t)
        if precision >= 0.85:
            emergency_threshold = t

    def abusive_at(t: float) -> tuple[float, float]:
        flagged = [e.rule_abusive or (ok and p["yes"] >= t)
                   for e, p, ok in zip(batch, abusive, long_enough, strict=True)]
        truth = [bool(e.item.get("abusive")) for e in batch]
        tp = sum(f and t_ for f, t_ in zip(flagged, truth, strict=True))
        fp = sum(f and not t_ for f, t_ in zip(flagged, truth, strict=True))
        fn = sum(t_ and not f for f, t_ in zip(flagged, truth, strict=True))
        criticism = [f for f, e in zip(flagged, batch, strict=True) if e.item.get("criticism")]
        false_flags = sum(criticism) / max(1, len(criticism))
        return (2 * tp / max(1, 2 * tp + fp + fn), false_flags)

    abusive_threshold, best = max(grid), -1.0
    for t in grid:
        f1, false_flags = abusive_at(t)
        if false_flags <= 0.02 and f1 > best:
            abusive_threshold, best = t, f1

    keyword_weight, best = 0.0, -1.0
    for weight in (0.0, 0.25, 0.5, 1.0, 2.0):
        right = total = 0
        for e, p in zip(batch, category, strict=True):
            truth = _target(e, "category")
            if truth is None:
                continue
            total += 1
            points = e.keywords.ranked
            norm = sum(v for _c, v in points) or 1.0
            share = {c: v / norm for c, v in points}
            guess = max(p, key=lambda c, p=p, share=share: p[c] + weight * share.get(c, 0.0))
            right += guess == truth
        if total and right / total > best:
            keyword_weight, best = weight, right / total
    return Policy(emergency_threshold, abusive_threshold, keyword_weight)


def train(items: Sequence[dict[str, Any]], report: list[str] | None = None) -> TriageModel:
    """The model and its policy from labelled lines (see the module docstring)."""
    batch = examples(items)
    category_ids = tuple(c.id for c in load_categories())
    heads = {"intent": INTENTS, "category": category_ids, "abusive": BINARY}
    chosen_c: dict[str, float] = {}
    out_of_fold: dict[str, list[dict[str, float]]] = {}
    for head, labels in heads.items():
        scored = []
        for c in C_GRID:
            predictions = _out_of_fold(batch, head, labels, c)
            scored.append((_accuracy(batch, head, predictions), -c, predictions))
        accuracy, negative_c, predictions = max(scored, key=lambda s: (s[0], s[1]))
        chosen_c[head] = -negative_c
        out_of_fold[head] = predictions
        if report is not None:
            report.append(f"{head}: C={-negative_c:g}, cross-validated "
                          f"{'F1' if head == 'abusive' else 'accuracy'} {accuracy:.3f}")
    policy = _choose_policy(batch, out_of_fold["intent"], out_of_fold["abusive"],
                            out_of_fold["category"])
    if report is not None:
        report.append(f"policy: {policy}")
    vocabulary = _vocabulary(batch)
    width = sum(len(labels) for labels in heads.values())
    rows: dict[str, list[float]] = {f: [0.0] * width for f in vocabulary}
    specs: dict[str, Head] = {}
    offset = 0
    for head, labels in heads.items():
        model = _fit(batch, head, labels, chosen_c[head], vocabulary)
        intercept = [0.0] * len(labels)
        coef = model.coef_
        classes = [int(c) for c in model.classes_]
        if len(classes) == 2 and coef.shape[0] == 1:  # binary: one row for the second class
            for feature, column in vocabulary.items():
                rows[feature][offset + classes[1]] = float(coef[0, column])
            intercept[classes[1]] = float(model.intercept_[0])
        else:
            for k, label_index in enumerate(classes):
                for feature, column in vocabulary.items():
                    rows[feature][offset + label_index] = float(coef[k, column])
                intercept[label_index] = float(model.intercept_[k])
        specs[head] = Head(head, tuple(labels), offset, tuple(round(v, 4) for v in intercept))
        offset += len(labels)
    weights = {f: tuple(round(v, 4) for v in row) for f, row in rows.items()
               if max(abs(v) for v in row) >= 0.005}
    meta = {"trained_on": len(batch), "vocabulary": len(weights),
            "c": chosen_c, "source": "tests/eval/triage/dev.jsonl"}
    return TriageModel(specs, weights, policy, meta)


__all__ = ["EVAL_DIR", "INTENTS", "examples", "read_lines", "train"]
