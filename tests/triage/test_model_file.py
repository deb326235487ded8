"""bot/triage/model_file.py: the model file read row by row into flat arrays gives the
same model as reading it whole through json, for the shipped file and for features with
escapes; a damaged file is refused, a file in another layout still read."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bot.triage.model_file import MODEL_PATH, read_model, write_model
from flows.triage_model import Head, Policy, TriageModel


def whole(path: Path) -> TriageModel:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return TriageModel.from_json(json.load(handle))


def rows(model: TriageModel) -> dict[str, tuple[float, ...]]:
    return {k: tuple(v) for k, v in model.weights.items()}


def small() -> TriageModel:
    heads = {
        "intent": Head("intent", ("emergency", "complaint"), 0, (0.0, 0.5)),
        "abusive": Head("abusive", ("no", "yes"), 2, (0.0, -1.0)),
        "category": Head("category", ("crime",), 4, (0.0,)),
        "emergency": Head("emergency", ("no", "yes"), 5, (0.0, 0.0)),
    }
    weights = {  # features a chat can produce: quotes, backslashes, brackets, scripts
        'c:<"a': (0.125, -1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0),
        "w:a\\b": (0.0, 0.001, 0.0, 4.0, 0.0, 0.0, 0.0, 1.0),
        "b:<s>_[x]": (1e-3, -0.2, 0.3, 0.0, 0.0, 0.0, 0.0, 1.5),
        "w:ملك": (-0.016, 0.097, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0),
        "c:😀>": (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5),
    }
    return TriageModel(heads, weights, Policy(0.4, 0.6, 0.5), {"note": "test"})


def test_the_shipped_model_reads_the_same_as_through_json() -> None:
    flat, parsed = read_model(MODEL_PATH), whole(MODEL_PATH)
    assert list(flat.weights) == list(parsed.weights)  # same features, same order
    assert rows(flat) == rows(parsed)
    assert (flat.heads, flat.policy, flat.meta) == (parsed.heads, parsed.policy, parsed.meta)
    feats = list(flat.weights)[:200:7]
    for head in flat.heads:
        assert flat.predict(head, feats).probabilities == parsed.predict(head, feats).probabilities


def test_escaped_features_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "model.json.gz"
    model = small()
    write_model(model, path)
    again = read_model(path)
    assert rows(again) == rows(model) == rows(whole(path))
    assert again.predict("intent", ['c:<"a', "w:ملك"]) == model.predict(
        "intent", ['c:<"a', "w:ملك"]
    )


def test_a_damaged_file_is_refused_and_another_layout_still_read(tmp_path: Path) -> None:
    path = tmp_path / "model.json.gz"
    data = small().to_json()
    data["weights"]["w:short"] = [1.0, 2.0]  # a row of the wrong width
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_bytes(gzip.compress(text.encode()))
    with pytest.raises(ValueError):
        read_model(path)
    garbled = text.replace('"w:short":[1.0,2.0]', '"w:short":[1.0,2.0}')
    path.write_bytes(gzip.compress(garbled.encode()))
    with pytest.raises(ValueError):
        read_model(path)
    pretty = json.dumps(small().to_json(), indent=2)  # not write_model's layout: json reads it
    path.write_bytes(gzip.compress(pretty.encode()))
    assert rows(read_model(path)) == rows(small())


def test_features_with_the_same_weights_share_one_row(tmp_path: Path) -> None:
    path = tmp_path / "model.json.gz"
    model = small()
    same = (0.125, -1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0)  # the row of 'c:<"a'
    signed = (0.125, -1.0, -0.0, 0.0, 0.0, 0.0, 1.0, 2.0)  # equal as floats, not as bits
    weights = {**model.weights, "w:twin": same, "w:signed": signed}
    written = TriageModel(model.heads, weights, model.policy, model.meta)
    write_model(written, path)
    again = read_model(path)
    assert rows(again) == {k: tuple(v) for k, v in weights.items()}
    assert str(again.weights["w:signed"][2]) == "-0.0"  # the sign of zero kept
    flat = again.weights._flat  # type: ignore[attr-defined]
    assert len(flat) == again.weights.width * 6  # type: ignore[attr-defined]  # 7 rows, 6 kept
    feats = ["w:twin", 'c:<"a', "w:signed", "w:a\\b"]
    for head in again.heads:
        assert again.predict(head, feats, explain=2) == written.predict(head, feats, explain=2)


def test_the_shipped_model_keeps_each_distinct_row_once() -> None:
    model = read_model(MODEL_PATH)
    flat = model.weights._flat  # type: ignore[attr-defined]
    distinct = {tuple(row) for row in model.weights.values()}
    width = model.weights.width  # type: ignore[attr-defined]
    assert len(flat) == len(distinct) * width < len(model.weights) * width
