"""The shipped triage (categories and model file) as a citizen's message meets it: one
helper for the tests that hold a verdict of the real model."""

from __future__ import annotations

from bot.catalog import load_categories
from bot.triage.model_file import load_model
from flows.triage import Triage, triage


def shipped_verdict(text: str) -> Triage:
    """The verdict of the shipped categories and model on one text."""
    model = load_model()
    assert model is not None, "the shipped model is missing"
    return triage(text, load_categories(), model)
