"""Session 30 made the triage's word-list engine faster (flows/triage.py `_find`,
`_lexicon_hits`, `suggest_category`; flows/triage_model.py `TriageModel.known`): the
verdicts must not move. The old engine (tests/triage/triage_oracle.py, over the current
word lists) and the new one judge every text of the development half, of the training
files and 3,000 texts made of the lists' own words with chat spelling: the rule verdicts
(tokens, emergency words and rules, abuse words and kinds, keyword category, score,
ranking and words, intent) and the full triage with the shipped model (probabilities,
scores and evidence words) must be equal, float for float."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

import flows.triage as engine
from bot.catalog import load_categories
from bot.triage.model_file import load_model
from bot.triage.training import EVAL_DIR, TRAINING_DIR
from flows.triage import rule_verdict, triage
from flows.triage_model import TriageModel, features
from tests.triage import triage_oracle

_SWAPPED = ("normalize", "_find", "detect_abuse", "suggest_category")


@contextmanager
def old_engine() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for name in _SWAPPED:
            patch.setattr(engine, name, getattr(triage_oracle, name))
        patch.setattr(TriageModel, "known", triage_oracle.known)
        yield


def _texts(path: str) -> list[str]:
    with open(path, encoding="utf-8") as lines:
        return [str(json.loads(line)["text"]) for line in lines if line.strip()]


def corpus_texts() -> list[str]:
    texts = _texts(str(EVAL_DIR / "dev.jsonl"))
    for path in sorted(TRAINING_DIR.glob("*.jsonl")):
        texts += _texts(str(path))
    return texts


def _lists() -> list[str]:
    words: list[str] = []
    for name in dir(engine):
        value = getattr(engine, name)
        if name.isupper() and isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            words += value
    words += list(engine.SLANG) + list(engine.SLANG.values())
    for category in load_categories():
        words += [k.lstrip("!") for k in category.keywords]
    return words


def generated_texts(count: int = 3000, seed: int = 30) -> list[str]:
    """Texts made of the lists' words, phrases cut in two, affixes, typos, stretched and
    spaced letters, leetspeak and everyday words: where a gate of the new engine would
    wrongly skip a term, these find it."""
    rng = random.Random(seed)
    words = _lists()
    filler = "saya di ada yang tadi sudah tolong pak bu motor rumah jalan kemarin sekarang"
    prefixes = ("", "", "", "di", "ke", "ter", "me", "ber", "pe", "se")
    suffixes = ("", "", "", "nya", "kan", "an", "lah", "mu", "in", "2")

    def spelled(word: str) -> str:
        roll = rng.random()
        if roll < 0.1 and len(word) > 3:  # a typo: one letter dropped or doubled
            i = rng.randrange(len(word))
            return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]
        if roll < 0.15:
            return word + word[-1] * 3
        if roll < 0.18:
            return " ".join(word)
        if roll < 0.2:
            return word.replace("a", "4").replace("i", "1")
        if roll < 0.25:
            return word.upper()
        return word

    texts = []
    for _ in range(count):
        parts = []
        for _word in range(rng.randint(1, 14)):
            roll = rng.random()
            if roll < 0.55:
                word = rng.choice(words)
                pieces = word.split()
                if len(pieces) > 1 and rng.random() < 0.3:  # half a phrase
                    word = " ".join(pieces[: rng.randint(1, len(pieces) - 1)])
                parts.append(rng.choice(prefixes) + spelled(word) + rng.choice(suffixes))
            elif roll < 0.65:  # two words run together ("dasaranjing")
                parts.append(rng.choice(words).replace(" ", "") + rng.choice(words).split()[0])
            else:
                parts.append(rng.choice(filler.split()))
        text = " ".join(parts)
        texts.append(text + rng.choice(("", "", "?", "!", " !!")))
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return corpus_texts() + generated_texts()


# The texts in four slices, each its own test: the whole comparison takes ~60 s of CPU,
# more than the suite's 300 s timeout allows one test on a loaded machine, and xdist
# spreads the slices over its workers.
SLICES = 4


@pytest.mark.parametrize("part", range(SLICES))
def test_the_new_engine_gives_the_old_verdicts_features_and_sums(
    texts: list[str], part: int
) -> None:
    """The rules' and the model's verdicts of the new engine are the old engine's, and
    flows/triage_model.py's `features` (each word's character n-grams cached) come in the
    same order and `known` (the rows read without `get`) gives the same rows and sums.
    One pass over each text computes the new rule verdict once for both checks (they
    were two tests, each computing it: session 36 cut the suite's CPU)."""
    assert len(texts) > 9_000
    texts = texts[part::SLICES]
    categories, model = load_categories(), load_model()
    assert model is not None
    with old_engine():
        old = [(rule_verdict(t, categories), triage(t, categories, model)) for t in texts]
    new_rules = []
    for text, (old_rules, old_triage) in zip(texts, old, strict=True):
        rules = rule_verdict(text, categories)
        assert rules == old_rules, text
        assert triage(text, categories, model) == old_triage, text
        signals = rules.signals if model.meta.get("rule_signals") else ()
        feats = features(rules.tokens, text, signals)
        assert feats == triage_oracle.features(rules.tokens, text, signals), text
        assert model.known(feats) == triage_oracle.known(model, feats), text
        new_rules.append(rules)
    # the texts reach every part of the engine: the check is not vacuous
    assert sum(v.emergency.flagged for v in new_rules) > 1000 // SLICES
    assert sum(v.abuse.flagged for v in new_rules) > 1000 // SLICES
    assert sum(bool(v.keywords.words) for v in new_rules) > 5000 // SLICES


def test_the_oracle_swap_reaches_the_engine() -> None:
    """The swap changes what flows.triage calls (else the comparison above compares the
    new engine with itself)."""
    with old_engine():
        assert engine._find is triage_oracle._find
        assert engine.suggest_category is triage_oracle.suggest_category
    assert engine._find is not triage_oracle._find
