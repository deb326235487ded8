"""flows/triage_model.py: features, inference and the model file's format."""

from __future__ import annotations

import math

import pytest

from flows.triage import normalize
from flows.triage_model import (
    FEATURES_VERSION,
    Head,
    Policy,
    TriageModel,
    evidence_words,
    features,
)


def test_features_carry_words_pairs_ngrams_and_shape() -> None:
    feats = features(normalize("Tolong, ada begal?"), "Tolong, ada begal?")
    assert {
        "w:tolong",
        "w:begal",
        "b:ada_begal",
        "b:<s>_tolong",
        "b:begal_</s>",
        "c:<be",
        "c:gal>",
        "c:<beg",
        "p:?",
        "p:?$",
        "n:3",
    } <= set(feats)
    assert len(feats) == len(set(feats))  # binary: each feature once
    assert features([], "") == ["n:0"]


def test_long_text_features_are_capped() -> None:
    words = [a + b + c for a in "bcdfg" for b in "aiueo" for c in "klmnprst"][:150] * 3
    words = [w + "x" * (i // 150) for i, w in enumerate(words)]  # 450 distinct words
    text = " ".join(words)
    feats = features(normalize(text), text)
    assert f"w:{words[299]}" in feats and f"w:{words[300]}" not in feats


def _model() -> TriageModel:
    heads = {
        "intent": Head("intent", ("emergency", "complaint"), 0, (0.0, 0.5)),
        "abusive": Head("abusive", ("no", "yes"), 2, (0.0, -1.0)),
        "category": Head("category", ("crime",), 4, (0.0,)),
        "emergency": Head("emergency", ("no", "yes"), 5, (0.0, 0.0)),
    }
    # each row: a weight per label of every head, then the feature's idf
    weights = {
        "w:begal": (3.0, -1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0),
        "c:<an": (0.0, 0.0, 0.0, 4.0, 0.0, 0.0, 0.0, 1.0),
    }
    return TriageModel(heads, weights, Policy(0.4, 0.6, 0.5), {"note": "test"})


def test_predict_is_a_softmax_over_the_idf_weighted_normalised_vector() -> None:
    model = _model()
    # unknown features do not count; the known ones weigh their idf, L2-normalised
    prediction = model.predict("intent", ["w:begal", "w:x", "w:y"], explain=1)
    expected = math.exp(3.0) / (math.exp(3.0) + math.exp(0.5 - 1.0))
    assert prediction["emergency"] == pytest.approx(expected)
    assert sum(prediction.probabilities.values()) == pytest.approx(1.0)
    assert prediction.label == "emergency" and prediction.evidence == ("w:begal",)
    both = model.known(["w:begal", "c:<an"])  # idf 2 and 1: norm sqrt(5)
    scale = 1 / math.sqrt(5)
    assert both.totals == pytest.approx(
        [6 * scale, -2 * scale, 0.0, 4 * scale, 0.0, 0.0, 2 * scale]
    )
    assert model.predict("abusive", both)["yes"] == pytest.approx(
        1 / (1 + math.exp(-(4 * scale - 1.0)))
    )
    assert model.predict("intent", []).label == "complaint"  # intercepts alone


def test_round_trip_through_json_and_version_check() -> None:
    model = _model()
    again = TriageModel.from_json(model.to_json())
    assert again.heads == model.heads and again.policy == model.policy
    assert {k: tuple(v) for k, v in again.weights.items()} == {
        k: tuple(v) for k, v in model.weights.items()
    }
    data = model.to_json()
    data["features_version"] = FEATURES_VERSION + 1
    with pytest.raises(ValueError, match="retrain"):
        TriageModel.from_json(data)
    data = model.to_json()
    data["weights"]["w:bad"] = [1.0, 1.0]
    with pytest.raises(ValueError, match="wrong number"):
        TriageModel.from_json(data)
    data = model.to_json()
    data["heads"] = data["heads"][:2]
    with pytest.raises(ValueError, match="lacks the heads"):
        TriageModel.from_json(data)


def test_evidence_is_shown_as_the_messages_own_words() -> None:
    tokens = normalize("pelaku membacok korban di pasar")
    words = evidence_words(["c:<memb", "w:pasar", "b:di_pasar", "c:<me"], tokens)
    assert words == ["membacok", "pasar"]
