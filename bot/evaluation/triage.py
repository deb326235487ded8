"""Triage measured on the labelled corpus: `dumas triage eval`.

tests/eval/triage/{dev,heldout}.jsonl (see its README for how it was collected) hold
messages written from public text with their labels: intent, category, emergency,
abusive, criticism. This module scores one half under one of three modes:

* "rules": the word lists alone (flows/triage.py without a model),
* "model": the trained model alone (its argmax for intent and category, its thresholds
  for emergency and abusive, no word lists),
* "combined": what Dumas runs (word lists and model, flows/triage.triage).

Figures: intent accuracy and per-label precision/recall, emergency precision/recall,
abusive precision/recall, the share of constructive criticism flagged as abusive,
category top-1 on complaints and emergencies, and the p99 time of one triage. Failures
are listed for the development half only: the held-out half is measured, never read.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.catalog import load_categories
from bot.triage.training import EVAL_DIR, INTENTS, read_lines
from flows.triage import normalize, triage
from flows.triage_model import TriageModel, features

# The targets for the held-out half (issue 15).
TARGETS: dict[str, float] = {
    "emergency_recall": 0.97,
    "emergency_precision": 0.80,
    "abusive_precision": 0.90,
    "abusive_recall": 0.90,
    "category_top1": 0.85,
    "intent_accuracy": 0.90,
    "intent_emergency_recall": 1.00,
}
# Upper bounds rather than floors.
CEILINGS: dict[str, float] = {"criticism_flagged": 0.03, "p99_ms": 5.0}
MODES = ("rules", "model", "combined")


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, truth: bool) -> None:
        self.tp += predicted and truth
        self.fp += predicted and not truth
        self.fn += truth and not predicted

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(slots=True)
class Verdict:
    intent: str
    category: str | None
    emergency: bool
    abusive: bool


@dataclass(slots=True)
class Report:
    half: str
    mode: str
    lines: int = 0
    intent_right: int = 0
    intents: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in INTENTS})
    emergency: Counts = field(default_factory=Counts)
    abusive: Counts = field(default_factory=Counts)
    criticism: int = 0
    criticism_flagged: int = 0
    category_right: int = 0
    category_total: int = 0
    times_ms: list[float] = field(default_factory=list)
    failures: list[tuple[dict[str, Any], Verdict]] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        times = sorted(self.times_ms)
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0.0
        return {
            "intent_accuracy": self.intent_right / self.lines if self.lines else 0.0,
            "intent_emergency_recall": self.intents["emergency"].recall,
            "emergency_recall": self.emergency.recall,
            "emergency_precision": self.emergency.precision,
            "abusive_precision": self.abusive.precision,
            "abusive_recall": self.abusive.recall,
            "criticism_flagged": self.criticism_flagged / self.criticism if self.criticism else 0.0,
            "category_top1": self.category_right / self.category_total
            if self.category_total
            else 0.0,
            "p99_ms": p99,
        }

    def below_targets(self) -> list[str]:
        figures = self.figures()
        below = [f"{k} {figures[k]:.3f} < {v:.2f}" for k, v in TARGETS.items() if figures[k] < v]
        below += [f"{k} {figures[k]:.3f} > {v:.2f}" for k, v in CEILINGS.items() if figures[k] > v]
        return below

    def to_json(self) -> dict[str, Any]:
        return {
            "half": self.half,
            "mode": self.mode,
            "lines": self.lines,
            **{k: round(v, 4) for k, v in self.figures().items()},
            "intents": {
                k: {
                    "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4),
                    "support": c.tp + c.fn,
                }
                for k, c in self.intents.items()
            },
        }


def set_path(half: str, folder: Path = EVAL_DIR) -> Path:
    return folder / f"{half}.jsonl"


def judge(text: str, mode: str, model: TriageModel | None) -> Verdict:
    categories = load_categories()
    if mode == "model":
        if model is None:
            raise ValueError("no triage model: train one with `dumas triage train`")
        tokens = normalize(text[:5000])
        feats = features(tokens, text)
        if model.meta.get("rule_signals"):
            raise ValueError("the model alone needs a model trained without rule signals")
        intent = model.predict("intent", feats)
        emergency = model.predict("emergency", feats)["yes"] >= model.policy.emergency_threshold
        label = (
            "emergency"
            if emergency
            else max(
                (k for k in intent.probabilities if k != "emergency"),
                key=intent.probabilities.__getitem__,
            )
        )
        return Verdict(
            label,
            model.predict("category", feats).label,
            emergency,
            model.predict("abusive", feats)["yes"] >= model.policy.abusive_threshold,
        )
    result = triage(text, categories, model if mode == "combined" else None)
    return Verdict(
        result.intent.label.value,
        result.suggestion.category,
        result.emergency.flagged,
        result.abuse.flagged,
    )


def evaluate(
    half: str, mode: str = "combined", model: TriageModel | None = None, folder: Path = EVAL_DIR
) -> Report:
    report = Report(half, mode)
    path = set_path(half, folder)
    if not path.is_file():
        return report
    for item in read_lines(path):
        started = time.perf_counter()
        verdict = judge(str(item["text"]), mode, model)
        report.times_ms.append((time.perf_counter() - started) * 1000)
        score(report, item, verdict)
    return report


def score(report: Report, item: dict[str, Any], verdict: Verdict) -> None:
    report.lines += 1
    truth = str(item["intent"])
    wrong = False
    report.intent_right += verdict.intent == truth
    wrong |= verdict.intent != truth
    for label, counts in report.intents.items():
        counts.add(verdict.intent == label, truth == label)
    report.emergency.add(verdict.emergency, bool(item.get("emergency")))
    wrong |= verdict.emergency != bool(item.get("emergency"))
    report.abusive.add(verdict.abusive, bool(item.get("abusive")))
    wrong |= verdict.abusive != bool(item.get("abusive"))
    if item.get("criticism"):
        report.criticism += 1
        report.criticism_flagged += verdict.abusive
    if truth in ("complaint", "emergency") and item.get("category"):
        report.category_total += 1
        report.category_right += verdict.category == item["category"]
        wrong |= verdict.category != item["category"]
    if wrong and report.half == "dev":
        report.failures.append((item, verdict))


def format_reports(reports: Sequence[Report]) -> list[str]:
    """One table: a row per (half, mode), the figures as columns."""
    header = (
        "set",
        "mode",
        "n",
        "intent",
        "emerg.R",
        "emerg.P",
        "abuse.P",
        "abuse.R",
        "crit.flag",
        "cat.top1",
        "p99 ms",
    )
    rows = [header]
    for r in reports:
        f = r.figures()
        rows.append(
            (
                r.half,
                r.mode,
                str(r.lines),
                f"{f['intent_accuracy']:.3f}",
                f"{f['emergency_recall']:.3f}",
                f"{f['emergency_precision']:.3f}",
                f"{f['abusive_precision']:.3f}",
                f"{f['abusive_recall']:.3f}",
                f"{f['criticism_flagged']:.3f}",
                f"{f['category_top1']:.3f}",
                f"{f['p99_ms']:.2f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    targets = ", ".join(f"{k} >= {v:g}" for k, v in TARGETS.items())
    ceilings = ", ".join(f"{k} <= {v:g}" for k, v in CEILINGS.items())
    lines.append(f"targets (held-out): {targets}, {ceilings}")
    for r in reports:
        if r.mode == "combined":
            lines.append(
                f"intent per label ({r.half}): "
                + ", ".join(
                    f"{k} P {c.precision:.2f} R {c.recall:.2f} (n={c.tp + c.fn})"
                    for k, c in r.intents.items()
                )
            )
    return lines


__all__ = ["CEILINGS", "MODES", "TARGETS", "Report", "evaluate", "format_reports", "judge"]
