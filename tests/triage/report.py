"""Triage measured on labelled messages: `python -m tests.triage.report [--failures]`.

Two sets of realistic complaint messages written for this purpose (slang, typos,
Javanese, English, short and long), each labelled with its category and whether it is an
emergency or abusive; "criticism" marks constructive criticism of the police, which must
never be flagged. The classifier's word lists were tuned looking only at the dev set
(`labelled_dev.jsonl`); `labelled_test.jsonl` was written before that tuning and is the
held-out figure.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.catalog import load_categories
from flows.triage import triage

HERE = Path(__file__).resolve().parent
SETS = {"dev": HERE / "labelled_dev.jsonl", "test": HERE / "labelled_test.jsonl"}
TARGETS = {"emergency_recall": 0.95, "criticism_false_flags": 0.05, "category_top1": 0.8}


@dataclass
class Figures:
    n: int
    emergency_recall: float
    emergency_precision: float
    abusive_precision: float
    abusive_recall: float
    criticism_n: int
    criticism_false_flags: float
    category_top1: float
    failures: list[str]

    def lines(self, name: str) -> list[str]:
        return [
            f"{name}: {self.n} messages ({self.criticism_n} constructive criticism)",
            f"  emergency recall      {self.emergency_recall:.3f}  (target >= 0.95); "
            f"precision {self.emergency_precision:.3f}",
            f"  abusive precision     {self.abusive_precision:.3f}; recall "
            f"{self.abusive_recall:.3f}",
            f"  false flags on criticism {self.criticism_false_flags:.3f}  (target <= 0.05)",
            f"  category top-1 accuracy {self.category_top1:.3f}  (target >= 0.80)",
        ]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def load(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def measure(items: list[dict[str, object]]) -> Figures:
    categories = load_categories()
    tp_e = fn_e = fp_e = tp_a = fn_a = fp_a = correct = crit = crit_flag = 0
    failures: list[str] = []
    for item in items:
        text = str(item["text"])
        result = triage(text, categories)
        e, a = result.emergency.flagged, result.abuse.flagged
        want_e, want_a = bool(item["emergency"]), bool(item["abusive"])
        tp_e += e and want_e
        fn_e += want_e and not e
        fp_e += e and not want_e
        tp_a += a and want_a
        fn_a += want_a and not a
        fp_a += a and not want_a
        if result.suggestion.category == item["category"]:
            correct += 1
        else:
            failures.append(f"category {result.suggestion.category} != {item['category']}: "
                            f"{text}")
        if e != want_e:
            failures.append(f"emergency {e} {result.emergency.words}: {text}")
        if a != want_a:
            failures.append(f"abusive {a} {result.abuse.words}: {text}")
        if item.get("criticism"):
            crit += 1
            crit_flag += a or e
    return Figures(len(items), _ratio(tp_e, tp_e + fn_e), _ratio(tp_e, tp_e + fp_e),
                   _ratio(tp_a, tp_a + fp_a), _ratio(tp_a, tp_a + fn_a), crit,
                   _ratio(crit_flag, crit), _ratio(correct, len(items)), failures)


def report(show_failures: bool = False) -> dict[str, Figures]:
    figures = {name: measure(load(path)) for name, path in SETS.items()}
    for name, f in figures.items():
        print("\n".join(f.lines(name)))
        if show_failures:
            print("\n".join(f"    - {line}" for line in f.failures))
    return figures


if __name__ == "__main__":
    report("--failures" in sys.argv)
