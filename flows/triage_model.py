"""The statistical half of triage: a linear model over character n-grams and words.

Word lists (flows/triage.py) are exact where they fire, but chat spelling, regional words
and unseen phrasings slip past them. A linear model over character n-grams of the
normalised tokens copes with "dijambret"/"jambret"/"jambrett" alike. This module owns
the *features* and the *inference*; training (scikit-learn, bot/triage/training.py)
writes the weights to data/triage/model.json.gz and bot/triage/model_file.py reads them.
Inference is pure Python on purpose: no numpy or scikit-learn at run time (start-up and
memory stay small, and the flows stay free of heavy imports), and for a chat message the
dot products over a few hundred features take well under a millisecond.

One file holds several *heads* over one vocabulary (intent, category, abusive): each
feature maps to a flat row of weights, one per label of every head, then its idf, so a
message's features are looked up once. A message is a binary vector weighted by idf and
L2-normalised over the features the model knows. Each head is a softmax over its labels
(a binary head has labels "no"/"yes").

`features()` is the single definition used by training and inference; changing it
changes the model's meaning, so bump FEATURES_VERSION and retrain
(`dumas triage train`).
"""

from __future__ import annotations

import math
import operator
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

FEATURES_VERSION = 2
REQUIRED_HEADS = ("intent", "category", "abusive", "emergency")
CHAR_SIZES = (3, 4, 5)
MAX_TOKENS = 300  # a 4,000-character story: the first 300 tokens say what it is about


def features(tokens: Sequence[str], text: str, signals: Sequence[str] = ()) -> list[str]:
    """The features of one message: words, word pairs, character n-grams of each word
    (with word boundaries, so "begal" differs from "begalan"), a few shapes of the whole
    text (a question mark, an exclamation, how long it is), and the word lists' verdicts
    (`signals`, e.g. "r:emergency", "r:category:crime"), so that the model learns when
    the lists are right instead of being OR-ed with them."""
    tokens = tokens[:MAX_TOKENS]
    found: dict[str, None] = dict.fromkeys(signals)
    previous = "<s>"
    for token in tokens:
        found["w:" + token] = None
        found["b:" + previous + "_" + token] = None
        previous = token
        found.update(_char_grams(token))
    if tokens:
        found["b:" + previous + "_</s>"] = None
    stripped = text.strip()
    if "?" in stripped:
        found["p:?"] = None
    if stripped.endswith("?"):
        found["p:?$"] = None
    if "!" in stripped:
        found["p:!"] = None
    count = len(tokens)
    bucket = (
        "0"
        if count == 0
        else "1"
        if count <= 2
        else "3"
        if count <= 5
        else ("6" if count <= 12 else "13" if count <= 30 else "31")
    )
    found["n:" + bucket] = None
    return list(found)


@lru_cache(maxsize=1024)  # ~1.5 KB a word: ~1.5 MB at most
def _char_grams(token: str) -> dict[str, None]:
    """A word's character n-gram features, in the order `features` adds them (the order
    of a message's features is the order of the model's sums). Cached: messages repeat
    everyday words, and slicing them was ~half of `features` (session 30)."""
    padded = f"<{token}>"
    return {
        "c:" + padded[start : start + size]: None
        for size in CHAR_SIZES
        for start in range(0, len(padded) - size + 1)
    }


@dataclass(frozen=True, slots=True)
class Head:
    """One classifier over the shared features: its labels and where its weights sit in
    each feature's row."""

    name: str
    labels: tuple[str, ...]
    offset: int
    intercept: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Prediction:
    """Probabilities per label of one head, and the features that weighed most for the
    best label (for the officers' explanation)."""

    probabilities: dict[str, float]
    evidence: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return max(self.probabilities, key=lambda k: self.probabilities[k])

    def __getitem__(self, label: str) -> float:
        return self.probabilities.get(label, 0.0)


@dataclass(frozen=True, slots=True)
class Known:
    """A message's features that the model knows (with their rows) and the scale."""

    present: list[tuple[str, Sequence[float]]]
    scale: float
    totals: list[float]  # every head's scores before the intercepts, label by label


@dataclass(frozen=True, slots=True)
class Policy:
    """How the model and the word lists are combined, chosen by cross-validation on the
    development half when the model is trained (bot/triage/training.py)."""

    emergency_threshold: float = 0.5  # model P(intent = emergency) that flags by itself
    abusive_threshold: float = 0.5  # model P(abusive) that flags by itself
    keyword_weight: float = 0.5  # weight of the keyword share beside the model's P(category)
    # A word-list flag stands when the model's probability is at least this floor (below
    # the threshold): the model may overrule the lists only where it is sure they are
    # wrong ("monyet loncat dari atap", "senam tai chi"). 1.0: the lists never stand alone.
    emergency_rules_floor: float = 1.0
    abusive_rules_floor: float = 1.0
    # A *strong* word-list emergency (flows/triage.Emergency.strong: a threat to life from
    # the groups whose flags are nearly always right, e.g. someone at a bridge's railing,
    # people trapped by a flood) stands down to this lower floor: a strong cue wins unless
    # the model is all but certain it is wrong. 1.0: no different from the others.
    emergency_strong_floor: float = 1.0


class WeightRows(Mapping[str, Sequence[float]]):
    """feature -> its row of weights, kept flat: every row in one array of doubles and an
    index of row numbers. As a dict of tuples the shipped model took ~84 MB of the bot's
    memory (a Python float object per weight); flat it takes ~8 bytes a weight (bench/
    README.md, issue 21). A row is a memoryview into the array: no copy, the same floats,
    so the predictions do not change."""

    __slots__ = ("_flat", "_index", "_width")

    def __init__(self, rows: Mapping[str, Sequence[float]], width: int) -> None:
        self._width = width
        self._index: dict[str, int] = {}
        flat = array("d")
        for number, (feature, row) in enumerate(rows.items()):
            if len(row) != width:
                raise ValueError(
                    f"triage model: feature {feature!r} has the wrong number of weights"
                )
            self._index[feature] = number
            flat.extend(row)
        self._flat = memoryview(flat)

    @classmethod
    def from_flat(cls, features: Sequence[str], flat: array[float]) -> WeightRows:
        """Rows already laid end to end in `flat`, in the order of `features`; the width
        follows (checked against the heads by TriageModel.from_json)."""
        if not features or len(flat) % len(features):
            raise ValueError("triage model: the weights do not make whole rows")
        rows = cls({}, len(flat) // len(features))
        rows._index = {feature: number for number, feature in enumerate(features)}
        if len(rows._index) != len(features):
            raise ValueError("triage model: a feature appears twice")
        rows._flat = memoryview(flat)
        return rows

    @property
    def width(self) -> int:
        return self._width

    def __getitem__(self, feature: str) -> Sequence[float]:
        start = self._index[feature] * self._width
        return self._flat[start : start + self._width]

    def get(self, feature: str, default: Sequence[float] | None = None) -> Sequence[float] | None:  # type: ignore[override]
        number = self._index.get(feature)
        if number is None:
            return default
        start = number * self._width
        return self._flat[start : start + self._width]

    def __contains__(self, feature: object) -> bool:
        return feature in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


@dataclass(frozen=True, slots=True)
class TriageModel:
    heads: dict[str, Head]
    # feature -> one weight per label of every head, then the feature's idf
    weights: Mapping[str, Sequence[float]]
    policy: Policy = field(default_factory=Policy)
    meta: dict[str, Any] = field(default_factory=dict)

    def known(self, feats: Sequence[str]) -> Known:
        """The message's features the model knows, and every head's scores: each known
        feature weighs its idf (the row's last value) and the vector is L2-normalised over
        the known features, exactly as in training. One pass serves all heads."""
        present: list[tuple[str, Sequence[float]]] = []
        norm = 0.0
        weights = self.weights
        if isinstance(weights, WeightRows):
            # the rows' index and array read here, not through `get` (a Python call for
            # each of a message's ~500 features; session 30)
            number_of, flat, width = weights._index.get, weights._flat, weights._width
            for feature in feats:
                number = number_of(feature)
                if number is not None:
                    start = number * width
                    row = flat[start : start + width]
                    present.append((feature, row))
                    norm += row[-1] * row[-1]
        else:
            get = weights.get
            for feature in feats:
                found = get(feature)
                if found is not None:
                    present.append((feature, found))
                    norm += found[-1] * found[-1]
        scale = 1.0 / math.sqrt(norm) if norm else 0.0
        # Column by column (label by label) over the known rows: each a C-level sum, twice
        # as fast as adding row after row in Python, with the same additions in the same
        # order, hence the same floats.
        values = [row[-1] * scale for _feature, row in present]
        columns = list(zip(*(row for _feature, row in present), strict=True))
        totals = (
            [sum(map(operator.mul, columns[i], values)) for i in range(self.width)]
            if (present)
            else [0.0] * self.width
        )
        return Known(present, scale, totals)

    @property
    def width(self) -> int:
        return sum(len(h.labels) for h in self.heads.values())

    def predict(self, head: str, feats: Sequence[str] | Known, explain: int = 0) -> Prediction:
        spec = self.heads[head]
        lo, hi = spec.offset, spec.offset + len(spec.labels)
        known = feats if isinstance(feats, Known) else self.known(feats)
        present, scale = known.present, known.scale
        scores = [b + t for b, t in zip(spec.intercept, known.totals[lo:hi], strict=True)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        probabilities = {label: e / total for label, e in zip(spec.labels, exps, strict=True)}
        evidence: tuple[str, ...] = ()
        if explain:
            best = max(range(len(scores)), key=scores.__getitem__)
            contributions = sorted(
                (
                    (row[lo + best] * row[-1] * scale, feature)
                    for feature, row in present
                    if not feature.startswith("r:")
                ),
                reverse=True,
            )
            evidence = tuple(f for w, f in contributions[: explain * 4] if w > 0)
        return Prediction(probabilities, evidence)

    def to_json(self) -> dict[str, Any]:
        return {
            "features_version": FEATURES_VERSION,
            "heads": [
                {"name": h.name, "labels": list(h.labels), "intercept": list(h.intercept)}
                for h in sorted(self.heads.values(), key=lambda h: h.offset)
            ],
            "policy": {
                "emergency_threshold": self.policy.emergency_threshold,
                "abusive_threshold": self.policy.abusive_threshold,
                "keyword_weight": self.policy.keyword_weight,
                "emergency_rules_floor": self.policy.emergency_rules_floor,
                "abusive_rules_floor": self.policy.abusive_rules_floor,
                "emergency_strong_floor": self.policy.emergency_strong_floor,
            },
            "meta": self.meta,
            "weights": {k: list(v) for k, v in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(
        cls,
        data: dict[str, Any],
        rows: WeightRows | None = None,
    ) -> TriageModel:
        """The model of `to_json`'s output. `rows`: the weights read apart from `data`
        (bot/triage/model_file.py reads them into one flat array, to keep the load small)."""
        if data.get("features_version") != FEATURES_VERSION:
            raise ValueError(
                f"triage model was trained on features version {data.get('features_version')}, "
                f"this code computes version {FEATURES_VERSION}: retrain (dumas triage train)"
            )
        heads: dict[str, Head] = {}
        offset = 0
        for raw in data["heads"]:
            labels = tuple(raw["labels"])
            heads[raw["name"]] = Head(raw["name"], labels, offset, tuple(raw["intercept"]))
            offset += len(labels)
        missing = set(REQUIRED_HEADS) - set(heads)
        if missing:
            raise ValueError(
                f"triage model lacks the heads {sorted(missing)}: retrain (dumas triage train)"
            )
        # raises on a row of another width
        weights = rows if rows is not None else WeightRows(data["weights"], offset + 1)
        if weights.width != offset + 1:
            raise ValueError("triage model: the weights' rows do not match its heads")
        return cls(heads, weights, Policy(**data.get("policy", {})), dict(data.get("meta", {})))


def evidence_words(evidence: Sequence[str], tokens: Sequence[str], limit: int = 4) -> list[str]:
    """The message's own words behind the features that weighed most: a character n-gram
    is shown as the word it came from, so an officer reads "dibacok", not "<dib"."""
    words: list[str] = []
    for feature in evidence:
        kind, _sep, value = feature.partition(":")
        if kind == "w":
            candidates = [value]
        elif kind == "b":
            candidates = [w for w in value.split("_") if w not in ("<s>", "</s>")]
        elif kind == "c":
            gram = value
            candidates = [t for t in tokens if gram.strip("<>") and gram in f"<{t}>"][:1]
        else:
            continue
        for word in candidates:
            if word not in words and len(word) > 2:
                words.append(word)
        if len(words) >= limit:
            break
    return words[:limit]


__all__ = [
    "FEATURES_VERSION",
    "Head",
    "Known",
    "Policy",
    "Prediction",
    "TriageModel",
    "evidence_words",
    "features",
]
