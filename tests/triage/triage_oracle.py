"""The triage's word-list engine as it was before session 30, kept as the oracle.

Session 31 changed what some texts mean, not how fast they are read, and the oracle
follows: "!" at a word's ends is punctuation, a masked word is filled in from the
lexicons (`normalize`), and words the writer reports others said are not the writer's
(`detect_abuse`, with flows/triage.py's `_reported`).

Session 30 (bench/README.md, "Session 30: the flows") rewrote how flows/triage.py matches
its word lists and the categories' keywords, for speed only. These are the old functions,
verbatim, over the *current* word lists (imported from flows/triage.py, so words added
later are checked too): tests/triage/test_engine_oracle.py swaps them into flows.triage and
requires the same verdicts, scores and words as the new engine on every text.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from flows.ports import Category
from flows.triage import (
    _DOTTED,
    _ENDINGS,
    _INFIX,
    _INVISIBLE,
    _LEET,
    _MASK,
    _MASKED,
    _PREFIXES,
    _SPACED,
    _SUFFIXES,
    _THREAT_FORMS,
    ANIMALS,
    GROUPS,
    HOSTILE,
    INSULT,
    LITERAL,
    PROFANITY,
    SARA_PHRASES,
    SLANG,
    SPEAKER,
    TARGETS,
    THREAT_PHRASES,
    Abuse,
    Suggestion,
    _reported,
    _squeeze,
    _unmasked,
)
from flows.triage_model import CHAR_SIZES, MAX_TOKENS, Known, TriageModel


def _phrases(tokens: Sequence[str]) -> str:
    return " " + " ".join(tokens) + " "


@dataclass(frozen=True, slots=True)
class _View:
    """A message's tokens in the forms the lexicon lookups need, built once per message:
    a lookup is then a set probe or one substring search in C, not a loop over tokens
    (a 4,000-character story has ~600 tokens and the lexicons ~400 terms)."""

    tokens: frozenset[str]
    squeezed: frozenset[str]
    joined: str  # " tok1 tok2 ... ": phrases, and terms inside a token
    joined_squeezed: str


@lru_cache(maxsize=32)
def _view(tokens: tuple[str, ...]) -> _View:
    squeezed = [_squeeze(t) for t in tokens]
    return _View(frozenset(tokens), frozenset(squeezed), _phrases(tokens), _phrases(squeezed))


def _find(tokens: Sequence[str], terms: Iterable[str], stems: bool = True) -> list[str]:
    """Terms present in the tokens: multi-word terms as phrases; single words as a token,
    a squeezed token, or (`stems`, terms of 5+ letters) inside a token ("dibegal")."""
    view = _view(tuple(tokens))
    joined = view.joined
    found: list[str] = []
    for term in terms:
        if " " in term:
            if f" {term} " in joined or (stems and f" {term}" in joined):
                found.append(term)
            continue
        sq = _squeeze(term)
        # A single word never holds a space, so "inside some token" is "inside the joined
        # text": the same answer as testing each token.
        if (
            term in view.tokens
            or sq in view.squeezed
            or (stems and len(term) >= 5 and (term in joined or sq in view.joined_squeezed))
        ):
            found.append(term)
    return found


@lru_cache(maxsize=16)
def _lexicon_index(lexicon: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """Single words by their (squeezed) form, and the infix forms, of one lexicon."""
    # a squeezed form is only trusted when it stays long: "oon" must not match "on"
    singles = {(_squeeze(w) if len(_squeeze(w)) >= 4 else w): w for w in lexicon if " " not in w}
    infix = [_squeeze(w) for w in _INFIX if w in singles.values()]
    return singles, infix


def _lexicon_hits(tokens: Sequence[str], lexicon: tuple[str, ...]) -> list[tuple[int, str]]:
    hits: list[tuple[int, str]] = []
    squeezed = [_squeeze(t) for t in tokens]
    singles, infix = _lexicon_index(lexicon)
    for i, token_sq in enumerate(squeezed):
        word = singles.get(token_sq) or singles.get(tokens[i])
        if word is None:
            for suffix in _SUFFIXES:
                if token_sq.endswith(suffix) and token_sq[: -len(suffix)] in singles:
                    word = singles[token_sq[: -len(suffix)]]
                    break
        if word is None:
            for w in infix:
                if w in token_sq:
                    word = singles[w]
                    break
        if word is not None:
            hits.append((i, word))
    joined = _phrases(tokens)
    for phrase in (w for w in lexicon if " " in w):
        if f" {phrase} " in joined:
            hits.append((-1, phrase))
    return hits


def _stem(token: str) -> str:
    for prefix in _PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 4:
            token = token[len(prefix) :]
            break
    for ending in _ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 4:
            return token[: -len(ending)]
    return token


@lru_cache(maxsize=64)
def _keyword_index(
    categories: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[dict[str, list[tuple[str, float]]], list[tuple[str, str, float]]]:
    """Single words (by their stem) and phrases, each with (category, weight)."""
    words: dict[str, list[tuple[str, float]]] = {}
    phrases: list[tuple[str, str, float]] = []
    for category_id, keywords in categories:
        for keyword in keywords:
            keyword = keyword.lower().strip()
            weight = 1.0
            if keyword.startswith("!"):  # a decisive keyword
                keyword, weight = keyword[1:], 2.0
            if " " in keyword:
                phrases.append((" ".join(normalize(keyword)), category_id, weight * 1.5))
            elif keyword:
                for key in {keyword, _stem(keyword), _squeeze(keyword)}:
                    entries = words.setdefault(key, [])
                    if (category_id, weight) not in entries:
                        entries.append((category_id, weight))
    return words, phrases


def suggest_category(tokens: Sequence[str], categories: Sequence[Category]) -> Suggestion:
    words, phrases = _keyword_index(tuple((c.id, c.keywords) for c in categories))
    points: dict[str, float] = {}
    matched: list[str] = []
    joined = _phrases(tokens)
    for phrase, category_id, weight in phrases:
        if f" {phrase} " in joined or f" {phrase}" in joined:
            points[category_id] = points.get(category_id, 0.0) + weight
            matched.append(phrase)
    vocabulary = [w for w in words if len(w) >= 6]
    seen: set[str] = set()
    for token in tokens:
        if token in seen or len(token) < 2:
            continue
        seen.add(token)
        keys = [k for k in (token, _stem(token), _squeeze(token)) if k in words]
        if not keys and len(token) >= 6:
            best = process.extractOne(token, vocabulary, scorer=fuzz.ratio, score_cutoff=84)
            if best is None:
                best = process.extractOne(
                    _stem(token), vocabulary, scorer=fuzz.ratio, score_cutoff=86
                )
            if best is not None:
                keys = [best[0]]
        if not keys:
            continue
        for category_id, weight in words[keys[0]]:
            points[category_id] = points.get(category_id, 0.0) + weight
        matched.append(token)
    order = {c.id: i for i, c in enumerate(categories)}
    ranked = tuple(sorted(points.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99))))
    if not ranked:
        return Suggestion(None, 0.0)
    total = sum(p for _c, p in ranked)
    return Suggestion(ranked[0][0], ranked[0][1] / total, ranked, tuple(matched))


def _literal(tokens: Sequence[str], index: int) -> bool:
    window = [*tokens[max(0, index - 3) : index], *tokens[index + 1 : index + 4]]
    return any(w in LITERAL for w in window)


def detect_abuse(tokens: Sequence[str], quoted: frozenset[int] = frozenset()) -> Abuse:
    reported = _reported(tokens, quoted)
    if reported:
        found = _abuse([("" if i in reported else t) for i, t in enumerate(tokens)])
        theirs = _abuse([t for i, t in enumerate(tokens) if i in reported])
        if theirs.flagged:
            return Abuse(found.flagged, found.words, found.kinds, theirs.words)
        return found
    return _abuse(tokens)


def _abuse(tokens: Sequence[str]) -> Abuse:
    words: list[str] = []
    kinds: list[str] = []
    for i, word in _lexicon_hits(tokens, PROFANITY):
        if word in ANIMALS and i >= 0 and _literal(tokens, i):
            continue
        words.append(tokens[i] if i >= 0 else word)
        kinds.append("profanity")
    for i, word in _lexicon_hits(tokens, INSULT):
        words.append(tokens[i] if i >= 0 else word)
        kinds.append("insult")
    # threats: the writer threatens ("saya bakar kantor kalian", "awas kalian")
    joined = _phrases(tokens)
    for phrase in THREAT_PHRASES:
        if f" {phrase} " in joined or (" " not in phrase and phrase in tokens):
            words.append(phrase)
            kinds.append("threat")
    for i, token in enumerate(tokens):
        verb = _THREAT_FORMS.get(token)
        if verb is None:
            continue
        before = tokens[max(0, i - 3) : i]
        after = tokens[i + 1 : i + 4]
        passive_victim = any(t in ("mau", "akan", "ingin") for t in before) and any(
            t == "saya" for t in after
        )
        if passive_victim:
            continue
        if (
            (any(t in SPEAKER for t in before[-2:]) and any(t in TARGETS for t in after))
            or (token.startswith("ku"))
            or (
                any(t in TARGETS for t in after[:2])
                and not any(
                    t in ("dia", "mereka", "pelaku", "orang", "tetangga", "suami", "istri")
                    for t in before
                )
            )
        ):
            words.append(" ".join(tokens[max(0, i - 1) : i + 3]))
            kinds.append("threat")
    # SARA: a group next to hostility, or a known provocation
    for phrase in SARA_PHRASES:
        if f" {phrase} " in joined:
            words.append(phrase)
            kinds.append("sara")
    for i, token in enumerate(tokens):
        if token not in GROUPS:
            continue
        window = [*tokens[max(0, i - 4) : i], *tokens[i + 1 : i + 5]]
        hostile = [
            w
            for w in window
            if w in HOSTILE or any(w.startswith(h) for h in ("bantai", "basmi", "ganyang", "usir"))
        ]
        if hostile or token == "kafir":
            words.append(" ".join([token, *hostile[:1]]))
            kinds.append("sara")
    if not words:
        return Abuse(False)
    return Abuse(True, tuple(dict.fromkeys(words)), tuple(dict.fromkeys(kinds)))


def known(self: TriageModel, feats: Sequence[str]) -> Known:
    """The message's features the model knows, and every head's scores: each known
    feature weighs its idf (the row's last value) and the vector is L2-normalised over
    the known features, exactly as in training. One pass serves all heads."""
    present: list[tuple[str, Sequence[float]]] = []
    norm = 0.0
    get = self.weights.get
    for feature in feats:
        row = get(feature)
        if row is not None:
            present.append((feature, row))
            norm += row[-1] * row[-1]
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
        padded = f"<{token}>"
        for size in CHAR_SIZES:
            for start in range(0, len(padded) - size + 1):
                found["c:" + padded[start : start + size]] = None
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


def normalize(text: str) -> list[str]:
    """Tokens of the text after undoing spelling tricks and expanding chat slang."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).lower()
    text = _MASKED.sub(lambda m: _MASK * len(m.group()), text)  # "f*ck": filled in below
    text = _SPACED.sub(lambda m: m.group(1).replace(" ", ""), text)
    text = _DOTTED.sub(lambda m: re.sub(r"[.\-_*+,]", "", m.group(1)), text)
    tokens: list[str] = []
    for raw in re.findall(r"[a-z0-9@$!|" + _MASK + "]+", text):
        token = raw.strip("!|")
        if re.search(r"[a-z]", token) and re.search(r"[0-9@$!|]", token):
            # "maling2" = "maling-maling"; otherwise leetspeak ("4nj1ng")
            token = token[:-1] if re.fullmatch(r"[a-z]+2", token) else token.translate(_LEET)
        if _MASK in token:
            token = _unmasked(token)
        if not token:
            continue
        if re.search(r"(.)\1\1", token):  # three or more: a stretched word ("tolooong")
            token = re.sub(r"(.)\1{2,}", r"\1", token)
        tokens.append(SLANG.get(token, token))
    return tokens
