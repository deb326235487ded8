"""Hand-built triage models for tests: known weights, so a test can make the model say
exactly what it needs (an emergency everywhere, one word meaning one category)."""

from __future__ import annotations

from bot.catalog import load_categories
from flows.triage_model import Head, Policy, TriageModel

INTENTS = ("emergency", "complaint", "question", "greeting", "other")


def hand_model(
    *, emergency_bias: float = -9.0, feature: str | None = None, category: str | None = None
) -> TriageModel:
    """All four heads over the real category ids. `emergency_bias` is the emergency head's
    intercept for "yes" (9.0: everything is an emergency); `feature`, when given, points
    to `category` with weight 8 and to nothing else."""
    ids = tuple(c.id for c in load_categories())
    n = len(ids)
    heads = {
        "intent": Head("intent", INTENTS, 0, (0.0, 3.0, 0.0, 0.0, 0.0)),
        "category": Head("category", ids, 5, (0.0,) * n),
        "abusive": Head("abusive", ("no", "yes"), 5 + n, (0.0, -9.0)),
        "emergency": Head("emergency", ("no", "yes"), 7 + n, (0.0, emergency_bias)),
    }
    weights: dict[str, tuple[float, ...]] = {}
    if feature is not None and category is not None:
        row = [0.0] * (9 + n) + [1.0]  # a weight per label of every head, then the idf
        row[5 + ids.index(category)] = 8.0
        weights[feature] = tuple(row)
    return TriageModel(heads, weights, Policy(0.5, 0.5, 0.0), {"rule_signals": False})


__all__ = ["hand_model"]
