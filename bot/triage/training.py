"""Train the triage model from the development half: `dumas triage train`.

Reads tests/eval/triage/dev.jsonl (never the held-out half), the training-only messages
in data/triage/training/, and any extra labelled files (`dumas triage export` output:
officers' corrections), and writes data/triage/model.json.gz. Deterministic: the same
inputs give the same file, byte for byte (fixed label order, a fixed fold assignment by
hash, scikit-learn's deterministic lbfgs solver, weights rounded to 3 decimals, no
timestamps).

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
   predictions combined with the word lists: the emergency threshold and the floors
   below it where a word-list flag stands (a strong one on a floor of its own) that
   find the most emergencies of the development half while the precision stays >=
   0.84, and of those the most permissive; the abusive threshold with the
   best F1 that flags at most 2% of constructive criticism, and the keyword weight with
   the best category top-1.

The figures printed here are out of fold over *all* lines (training files included);
`dumas triage train --cv K` (bot/triage/cross_validation.py) measures the development
half alone, each fold judged by a model trained without it, as the bot judges.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.catalog import load_categories
from bot.evaluation.labelled import read_set as read_lines
from bot.settings import DATA_ROOT, REPO_ROOT
from flows.triage import MODEL_MIN_TOKENS, RuleVerdict, rule_verdict
from flows.triage_model import Head, Policy, TriageModel, features

EVAL_DIR = REPO_ROOT / "tests" / "eval" / "triage"
# More labelled messages, written for training only (data/triage/training/README.md).
TRAINING_DIR = DATA_ROOT / "triage" / "training"
INTENTS = ("emergency", "complaint", "question", "greeting", "other")
BINARY = ("no", "yes")
FOLDS = 5
# Per head: None, or "balanced" (every label weighs alike, whatever its count).
CLASS_WEIGHT: dict[str, str | None] = {
    "intent": "balanced",
    "category": "balanced",
    "emergency": "balanced",
}
C_GRID = (30.0, 100.0, 300.0, 1000.0, 3000.0)


@dataclass(slots=True)
class Example:
    item: dict[str, Any]
    rules: RuleVerdict
    feats: list[str]

    @property
    def short(self) -> bool:
        """Judged by the word lists alone (flows/triage.MODEL_MIN_TOKENS)."""
        return len(self.rules.tokens) < MODEL_MIN_TOKENS


def training_items(extra: Sequence[Path] = ()) -> list[dict[str, Any]]:
    """The development half, the training-only files, and any extra files, in that order."""
    items = read_lines(EVAL_DIR / "dev.jsonl")
    for path in [*sorted(TRAINING_DIR.glob("*.jsonl")), *extra]:
        items += read_lines(path)
    return items


def examples(items: Sequence[dict[str, Any]], rule_signals: bool = True) -> list[Example]:
    categories = load_categories()
    out = []
    for item in items:
        text = str(item["text"])
        rules = rule_verdict(text, categories)
        out.append(
            Example(
                item, rules, features(rules.tokens, text, rules.signals if rule_signals else ())
            )
        )
    return out


def fold_of(item: dict[str, Any]) -> int:
    return hashlib.sha256(str(item["text"]).encode()).digest()[1] % FOLDS


@dataclass(slots=True)
class Space:
    """The vocabulary of a training batch (features seen in two messages or more) and
    each feature's smoothed idf, as scikit-learn's TfidfVectorizer computes it."""

    index: dict[str, int]
    idf: list[float]

    @classmethod
    def of(cls, batch: Sequence[Example]) -> Space:
        counts: dict[str, int] = {}
        for example in batch:
            for feature in example.feats:
                counts[feature] = counts.get(feature, 0) + 1
        kept = sorted(f for f, n in counts.items() if n >= 2)
        n = len(batch)
        return cls(
            {f: i for i, f in enumerate(kept)},
            [math.log((1 + n) / (1 + counts[f])) + 1.0 for f in kept],
        )

    def matrix(self, batch: Sequence[Example]) -> Any:
        from scipy.sparse import csr_matrix

        rows, cols, values = [], [], []
        for r, example in enumerate(batch):
            columns = [self.index[f] for f in example.feats if f in self.index]
            norm = math.sqrt(sum(self.idf[c] ** 2 for c in columns)) or 1.0
            for column in columns:
                rows.append(r)
                cols.append(column)
                values.append(self.idf[column] / norm)
        return csr_matrix((values, (rows, cols)), shape=(len(batch), len(self.index)))


def _emergency_as_intent(predictions: dict[str, list[dict[str, float]]]) -> list[dict[str, float]]:
    """The intent probabilities with P(emergency) from the binary emergency head, as
    flows/triage.triage reads them."""
    return [
        {**p_i, "emergency": p_e.get("yes", 0.0)}
        for p_i, p_e in zip(predictions["intent"], predictions["emergency"], strict=True)
    ]


def _target(example: Example, head: str) -> str | None:
    item = example.item
    if head == "intent":
        return str(item["intent"])
    if head in ("abusive", "emergency"):
        return "yes" if item.get(head) else "no"
    return item.get("category") if item.get("intent") in ("complaint", "emergency") else None


def _fit(matrix: Any, batch: Sequence[Example], head: str, labels: Sequence[str], c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    chosen = [i for i, e in enumerate(batch) if _target(e, head) in labels]
    y = [labels.index(str(_target(batch[i], head))) for i in chosen]
    model = LogisticRegression(
        C=c, max_iter=5000, solver="lbfgs", class_weight=CLASS_WEIGHT.get(head)
    )
    model.fit(matrix[chosen], y)
    return model


def _probabilities(model: Any, matrix: Any, labels: Sequence[str]) -> list[dict[str, float]]:
    out = []
    for row in model.predict_proba(matrix):
        probabilities = dict.fromkeys(labels, 0.0)
        for index, p in zip(model.classes_, row, strict=True):
            probabilities[labels[int(index)]] = float(p)
        out.append(probabilities)
    return out


def _fold_predictions(
    batch: Sequence[Example],
    heads: dict[str, Sequence[str]],
    fold: int,
    c_grids: dict[str, Sequence[float]],
) -> tuple[list[int], dict[tuple[str, float], list[dict[str, float]]]]:
    """One fold's messages predicted, head by head and C by C (each head's own grid), by
    models trained on the other folds."""
    train_part = [e for e in batch if fold_of(e.item) != fold]
    test_index = [i for i, e in enumerate(batch) if fold_of(e.item) == fold]
    out: dict[tuple[str, float], list[dict[str, float]]] = {}
    if not test_index:
        return test_index, out
    space = Space.of(train_part)
    train_matrix = space.matrix(train_part)
    test_matrix = space.matrix([batch[i] for i in test_index])
    for head, labels in heads.items():
        for c in c_grids[head]:
            model = _fit(train_matrix, train_part, head, labels, c)
            out[(head, c)] = _probabilities(model, test_matrix, labels)
    return test_index, out


def _out_of_fold(
    batch: Sequence[Example],
    heads: dict[str, Sequence[str]],
    jobs: int = 1,
    c_grids: dict[str, Sequence[float]] | None = None,
) -> dict[tuple[str, float], list[dict[str, float]]]:
    """Out-of-fold probabilities for every head and every C of its grid (C_GRID unless
    `c_grids` names one): each message is predicted by the models trained on the other
    four folds. `jobs` > 1 trains folds in parallel processes; the result is the same."""
    grids = {head: (c_grids or {}).get(head, C_GRID) for head in heads}
    if jobs > 1:
        from joblib import Parallel, delayed

        folds = Parallel(n_jobs=jobs)(
            delayed(_fold_predictions)(batch, heads, fold, grids) for fold in range(FOLDS)
        )
    else:
        folds = [_fold_predictions(batch, heads, fold, grids) for fold in range(FOLDS)]
    result: dict[tuple[str, float], list[dict[str, float]]] = {}
    for test_index, predicted in folds:
        for key, probabilities in predicted.items():
            predictions = result.setdefault(key, [{} for _ in batch])
            for i, p in zip(test_index, probabilities, strict=True):
                predictions[i] = p
    return result


def _accuracy(
    batch: Sequence[Example], head: str, predictions: Sequence[dict[str, float]]
) -> float:
    scored = [
        (e, p)
        for e, p in zip(batch, predictions, strict=True)
        if _target(e, head) is not None and p
    ]
    if head in ("abusive", "emergency"):  # F1 of "yes": the rare label is what matters
        tp = sum(1 for e, p in scored if _target(e, head) == "yes" and p["yes"] >= 0.5)
        fp = sum(1 for e, p in scored if _target(e, head) == "no" and p["yes"] >= 0.5)
        fn = sum(1 for e, p in scored if _target(e, head) == "yes" and p["yes"] < 0.5)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    right = sum(1 for e, p in scored if max(p, key=p.__getitem__) == _target(e, head))
    return right / len(scored) if scored else 0.0


GRID = tuple(round(0.025 * i, 3) for i in range(2, 39))
# Policy.keyword_weight's grid (a finer one measured no better: README, "Category head").
KEYWORD_WEIGHTS = (0.0, 0.1, 0.25, 0.5, 1.0)
# The issue asks emergency precision >= 0.8 on the held-out half; cross-validation aims
# higher so that the held-out half, which the policy never saw, keeps it (session 29's
# policy scored 0.837 out of fold on the development half and 0.859 held out; session
# 30's, chosen as the most permissive at 0.84, 0.844 and 0.814). Session 31 raised it to
# 0.86: on the development half's 5 folds every emergency is still found (1,690 lines,
# session 31's lists: precision 0.850 -> 0.859, intent 0.913 -> 0.917, the rest equal).
PRECISION_FLOOR = 0.86
# Where a word-list flag may stand below the threshold (Policy.*_rules_floor); 1.0: never.
FLOORS = (0.0, 0.01, 0.025, 0.05, 0.1, 0.2, 1.0)
# Policy.emergency_strong_floor's grid, tried from 1.0 (no different from the others) down.
STRONG_FLOORS = (1.0, 0.1, 0.05, 0.025, 0.01, 0.0)


def _choose_policy(
    batch: Sequence[Example],
    intent: Sequence[dict[str, float]],
    abusive_p: Sequence[dict[str, float]],
    category: Sequence[dict[str, float]],
    emergency_on: Sequence[bool] | None = None,
) -> Policy:
    """The combination policy from out-of-fold predictions. `emergency_on` marks the
    messages whose predictions choose the emergency part (default: all): `train` gives
    the development half's, written like the messages the bot will read, because on the
    training-only messages as well (session 29) the policy gave up emergencies of the
    development half out of fold (4 of 360 at threshold 0.3 and strong floor 0.01, none
    at 0.25 and 0.0) to save false alarms elsewhere."""
    truth_a = [bool(e.item.get("abusive")) for e in batch]

    def flags(
        t: float, floor: float, head: Sequence[dict[str, float]], label: str, rule: list[bool]
    ) -> list[bool]:
        return [
            r if e.short else (p.get(label, 0.0) >= t or (r and p.get(label, 0.0) >= floor))
            for e, p, r in zip(batch, head, rule, strict=True)
        ]

    on = list(emergency_on) if emergency_on is not None and any(emergency_on) else None
    chosen = [i for i in range(len(batch)) if on is None or on[i]]
    emergency = _choose_emergency(
        [batch[i] for i in chosen], [intent[i].get("emergency", 0.0) for i in chosen]
    )
    # Harsh language: the best of min(precision, recall) (both have targets) that flags
    # at most 2 % of constructive criticism.
    rule_a = [e.rules.abuse.flagged for e in batch]
    abusive, best = (max(GRID), 1.0), -1.0
    for floor in FLOORS:
        for t in GRID:
            flagged = flags(t, floor, abusive_p, "yes", rule_a)
            tp = sum(f and y for f, y in zip(flagged, truth_a, strict=True))
            precision = tp / max(1, sum(flagged))
            recall = tp / max(1, sum(truth_a))
            criticism = [f for f, e in zip(flagged, batch, strict=True) if e.item.get("criticism")]
            if sum(criticism) <= 0.02 * len(criticism) and min(precision, recall) > best:
                abusive, best = (t, floor), min(precision, recall)
    # Category: the weight of the keyword share beside P(category) with the best top-1.
    keyword_weight, best = 0.0, -1.0
    for weight in KEYWORD_WEIGHTS:
        right = total = 0
        for e, p in zip(batch, category, strict=True):
            truth = _target(e, "category")
            if truth is None or not p:
                continue
            total += 1
            points = e.rules.keywords.ranked
            norm = sum(v for _c, v in points) or 1.0
            share = {c: v / norm for c, v in points}
            combined = {c: v + weight * share.get(c, 0.0) for c, v in p.items()}
            right += max(combined, key=combined.__getitem__) == truth
        if total and right / total > best:
            keyword_weight, best = weight, right / total
    return Policy(
        emergency[0],
        abusive[0],
        keyword_weight,
        emergency_rules_floor=emergency[1],
        abusive_rules_floor=abusive[1],
        emergency_strong_floor=emergency[2],
    )


def _choose_emergency(batch: Sequence[Example], p_e: Sequence[float]) -> tuple[float, float, float]:
    """(threshold, word-list floor, strong floor): the most emergencies found while the
    precision stays >= PRECISION_FLOOR, and of the policies that find as many the most
    permissive — the lowest strong floor, then the lowest threshold, then the lowest
    word-list floor — so that emergencies worded unlike any seen keep a margin. On the
    development half every emergency is found by many policies; before session 30 the
    search kept the first of them in its loop order, which let a strong cue fall below a
    floor of 0.01 and put the threshold at 0.3 (4 of the 360 emergencies of the
    development half lost out of fold, none at 0.25 with the strong floor 0.0)."""
    truth = [bool(e.item.get("emergency")) for e in batch]
    cues = _emergency_cues(batch)
    emergency = (max(GRID), 1.0, 1.0)
    best: tuple[float, float, float, float] | None = None
    for strong_floor in STRONG_FLOORS:
        for floor in FLOORS:
            if strong_floor < 1.0 and strong_floor >= floor:
                continue  # the strong floor would change nothing
            for t in GRID:
                flagged = _emergency_flags(cues, p_e, t, floor, strong_floor)
                tp = sum(f and y for f, y in zip(flagged, truth, strict=True))
                if tp / max(1, sum(flagged)) < PRECISION_FLOOR:
                    continue
                key = (tp / max(1, sum(truth)), -strong_floor, -t, -floor)
                if best is None or key > best:
                    emergency, best = (t, floor, strong_floor), key
    return emergency


def _emergency_cues(batch: Sequence[Example]) -> list[tuple[bool, bool, bool]]:
    """(short, flagged by the word lists, strong) per message, computed once per search."""
    return [(e.short, e.rules.emergency.flagged, e.rules.emergency.strong) for e in batch]


def _emergency_flags(
    cues: Sequence[tuple[bool, bool, bool]],
    p_e: Sequence[float],
    t: float,
    floor: float,
    strong_floor: float,
) -> list[bool]:
    """Each message's emergency flag under a policy, as flows/triage.triage decides it:
    short texts by the word lists; else the model at `t`, or a word-list flag while the
    model's P stays above `floor` (`strong_floor` for a strong one)."""
    return [
        flagged
        if short
        else (p >= t or (flagged and (p >= floor or (strong and p >= strong_floor))))
        for (short, flagged, strong), p in zip(cues, p_e, strict=True)
    ]


def train(
    items: Sequence[dict[str, Any]],
    report: list[str] | None = None,
    rule_signals: bool = True,
    jobs: int = 1,
    fixed_c: dict[str, float] | None = None,
    development: Collection[str] | None = None,
) -> TriageModel:
    """The model and its policy from labelled lines (see the module docstring).

    `development`: the texts of the development half; when given, the emergency part of
    the policy is chosen on their out-of-fold predictions alone (`dumas triage train`
    gives them).

    `fixed_c` sets a head's regularisation instead of searching C_GRID for it: the
    search fits five times as many models, which a loaded machine may not afford; the
    policy is still chosen on the folds, and the file records the C used."""
    batch = examples(items, rule_signals)
    category_ids = tuple(c.id for c in load_categories())
    heads: dict[str, Sequence[str]] = {
        "intent": INTENTS,
        "category": category_ids,
        "abusive": BINARY,
        "emergency": BINARY,
    }
    grids: dict[str, Sequence[float]] = {
        head: (c,) for head, c in (fixed_c or {}).items() if head in heads
    }
    out_of_fold = _out_of_fold(batch, heads, jobs, grids)
    chosen_c: dict[str, float] = {}
    best_predictions: dict[str, list[dict[str, float]]] = {}
    for head in heads:
        scored = [
            (_accuracy(batch, head, out_of_fold[(head, c)]), -c) for c in grids.get(head, C_GRID)
        ]
        accuracy, negative_c = max(scored)
        chosen_c[head] = -negative_c
        best_predictions[head] = out_of_fold[(head, -negative_c)]
        if report is not None:
            report.append(
                f"{head}: C={-negative_c:g}, cross-validated "
                f"{'F1' if head in ('abusive', 'emergency') else 'accuracy'} {accuracy:.3f}"
            )
    policy = _choose_policy(
        batch,
        _emergency_as_intent(best_predictions),
        best_predictions["abusive"],
        best_predictions["category"],
        [e.item["text"] in development for e in batch] if development is not None else None,
    )
    if report is not None:
        report.append(f"policy: {policy}")
        report += cross_validated_figures(batch, best_predictions, policy)
    space = Space.of(batch)
    matrix = space.matrix(batch)
    fitted = {
        head: _fit(matrix, batch, head, labels, chosen_c[head]) for head, labels in heads.items()
    }
    meta = {
        "trained_on": len(batch),
        "c": chosen_c,
        "rule_signals": rule_signals,
        "sha256": corpus_hash(items),
    }
    return exported(space, fitted, heads, policy, meta)


def exported(
    space: Space,
    fitted: dict[str, Any],
    heads: dict[str, Sequence[str]],
    policy: Policy,
    meta: dict[str, Any],
) -> TriageModel:
    """The fitted scikit-learn heads as the pure-Python TriageModel the bot reads."""
    width = sum(len(labels) for labels in heads.values())
    rows: dict[str, list[float]] = {f: [0.0] * width for f in space.index}
    specs: dict[str, Head] = {}
    offset = 0
    for head, labels in heads.items():
        model = fitted[head]
        intercept = [0.0] * len(labels)
        coef = model.coef_
        classes = [int(c) for c in model.classes_]
        if len(classes) == 2 and coef.shape[0] == 1:  # binary: one row for the second class
            for feature, column in space.index.items():
                rows[feature][offset + classes[1]] = float(coef[0, column])
            intercept[classes[1]] = float(model.intercept_[0])
        else:
            for k, label_index in enumerate(classes):
                for feature, column in space.index.items():
                    rows[feature][offset + label_index] = float(coef[k, column])
                intercept[label_index] = float(model.intercept_[k])
        specs[head] = Head(head, tuple(labels), offset, tuple(round(v, 4) for v in intercept))
        offset += len(labels)
    # 3 decimals: the weights are large (C is large), and 4 decimals only grew the file
    weights = {
        f: (*(round(v, 3) for v in row), round(space.idf[space.index[f]], 4))
        for f, row in rows.items()
        if max(abs(v) for v in row) >= 0.005
    }
    meta = {**meta, "vocabulary": len(weights)}
    return TriageModel(specs, weights, policy, meta)


def cross_validated_figures(
    batch: Sequence[Example], predictions: dict[str, list[dict[str, float]]], policy: Policy
) -> list[str]:
    """The development half's honest figures: each message judged by models that did not
    see it (out of fold), combined with the word lists as flows/triage.triage does."""
    e_tp = e_fp = e_fn = a_tp = a_fp = a_fn = crit = crit_flag = 0
    cat_right = cat_total = intent_right = 0
    for e, p_i, p_a, p_c in zip(
        batch,
        _emergency_as_intent(predictions),
        predictions["abusive"],
        predictions["category"],
        strict=True,
    ):
        item = e.item
        p_e, p_y = p_i.get("emergency", 0.0), p_a.get("yes", 0.0)
        emergency = _emergency_flags(
            _emergency_cues([e]),
            [p_e],
            policy.emergency_threshold,
            policy.emergency_rules_floor,
            policy.emergency_strong_floor,
        )[0]
        abusive = (
            e.rules.abuse.flagged
            if e.short
            else (
                p_y >= policy.abusive_threshold
                or (e.rules.abuse.flagged and p_y >= policy.abusive_rules_floor)
            )
        )
        e_tp += emergency and item["emergency"]
        e_fp += emergency and not item["emergency"]
        e_fn += item["emergency"] and not emergency
        a_tp += abusive and item["abusive"]
        a_fp += abusive and not item["abusive"]
        a_fn += item["abusive"] and not abusive
        if item.get("criticism"):
            crit += 1
            crit_flag += abusive
        others = {k: v for k, v in p_i.items() if k != "emergency"}
        intent = "emergency" if emergency else max(others, key=others.__getitem__)
        intent_right += intent == item["intent"]
        truth = _target(e, "category")
        if truth is not None and p_c:
            points = e.rules.keywords.ranked
            norm = sum(v for _c, v in points) or 1.0
            combined = {
                c: v + policy.keyword_weight * dict(points).get(c, 0.0) / norm
                for c, v in p_c.items()
            }
            cat_total += 1
            cat_right += max(combined, key=combined.__getitem__) == truth
    return [
        f"cross-validated (dev, out of fold): intent {intent_right / len(batch):.3f}, "
        f"emergency R {e_tp / max(1, e_tp + e_fn):.3f} P {e_tp / max(1, e_tp + e_fp):.3f}, "
        f"abusive P {a_tp / max(1, a_tp + a_fp):.3f} R {a_tp / max(1, a_tp + a_fn):.3f}, "
        f"criticism flagged {crit_flag / max(1, crit):.3f}, "
        f"category top-1 {cat_right / max(1, cat_total):.3f}"
    ]


def corpus_hash(items: Sequence[dict[str, Any]]) -> str:
    """What the model was trained on, so a test can tell that it is out of date."""
    digest = hashlib.sha256()
    for item in items:
        digest.update(json.dumps(item, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()


__all__ = [
    "EVAL_DIR",
    "INTENTS",
    "TRAINING_DIR",
    "corpus_hash",
    "examples",
    "read_lines",
    "train",
    "training_items",
]
