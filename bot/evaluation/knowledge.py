"""The knowledge base measured on questions nobody here wrote: `dumas kb eval`.

tests/eval/knowledge/{dev,heldout}.jsonl (its README says how they were collected) hold
messages with the topic of the article that answers them, or "complaint" / "emergency"
(a report that mentions a topic word: it must take its own path, never get an article),
or "unclear" (nothing to answer: the officers or a clarifying question, never an article
with confidence). Each message goes the way the runtime sends it: triage first
(flows/triage.py with the shipped model), and only a message whose intent is "question"
is looked up.

Figures: top-1 (the best article's topic is the labelled one, among questions with a
topic), answered right / answered wrong / handed off (with the threshold), reports
answered with an article (must be 0), unclear answered, and the p99 time of one lookup.
Failures are listed for the development half only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.catalog import load_categories
from bot.evaluation.labelled import read_set
from bot.knowledge.search import KnowledgeIndex
from bot.triage.model_file import load_model
from flows.intent import Intent
from flows.triage import triage

EVAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "eval" / "knowledge"
REPORTS = ("complaint", "emergency")
UNCLEAR = "unclear"
# The targets on the held-out half.
TARGETS = {"top1": 0.85}
CEILINGS = {"reports_answered": 0.0, "p99_ms": 50.0}


@dataclass(slots=True)
class KnowledgeFigures:
    lines: int = 0
    questions: int = 0  # lines with a topic
    top1_right: int = 0
    answered_right: int = 0
    answered_wrong: int = 0
    handed_off: int = 0
    reports: int = 0
    reports_answered: int = 0
    unclear: int = 0
    unclear_answered: int = 0
    p99_ms: float = 0.0
    failures: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, float]:
        q = self.questions or 1
        return {
            "lines": self.lines,
            "questions": self.questions,
            "top1": self.top1_right / q,
            "answered_right": self.answered_right / q,
            "answered_wrong": self.answered_wrong / q,
            "handoff": self.handed_off / q,
            "reports_answered": self.reports_answered / (self.reports or 1),
            "unclear_answered": self.unclear_answered / (self.unclear or 1),
            "p99_ms": self.p99_ms,
        }


def evaluate(
    lines: list[dict[str, Any]], index: KnowledgeIndex, keep_failures: bool = False
) -> KnowledgeFigures:
    figures = KnowledgeFigures(lines=len(lines))
    categories = load_categories()
    model = load_model()
    times: list[float] = []
    for line in lines:
        text, label = str(line["text"]), str(line["topic"])
        verdict = triage(text, categories, model)
        asked = verdict.intent.label is Intent.QUESTION
        start = time.perf_counter()
        ranked = index.ranked(text)
        match = index.ask(text, "id")
        times.append((time.perf_counter() - start) * 1000)
        best_topic = index.articles[ranked[0][0]].topic if ranked else None
        answered = asked and match.status == "answered"
        if label in REPORTS:
            figures.reports += 1
            figures.reports_answered += answered
            wrong = answered
        elif label == UNCLEAR:
            figures.unclear += 1
            figures.unclear_answered += answered
            wrong = answered
        else:
            figures.questions += 1
            figures.top1_right += best_topic == label
            if answered and match.topic == label:
                figures.answered_right += 1
                wrong = False
            elif answered:
                figures.answered_wrong += 1
                wrong = True
            else:
                figures.handed_off += 1
                wrong = best_topic != label
        if keep_failures and wrong:
            figures.failures.append(
                {
                    "text": text,
                    "label": label,
                    "intent": verdict.intent.label.value,
                    "best": ranked[0] if ranked else None,
                    "status": match.status if asked else "not asked",
                }
            )
    times.sort()
    figures.p99_ms = times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0.0
    return figures


def evaluate_set(name: str, index: KnowledgeIndex) -> KnowledgeFigures:
    return evaluate(read_set(EVAL_DIR / f"{name}.jsonl"), index, keep_failures=name == "dev")


def shortfalls(figures: KnowledgeFigures) -> list[str]:
    values = figures.as_dict()
    missed = [f"{k} {values[k]:.3f} < {v}" for k, v in TARGETS.items() if values[k] < v]
    missed += [f"{k} {values[k]:.3f} > {v}" for k, v in CEILINGS.items() if values[k] > v]
    return missed
