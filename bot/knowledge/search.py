"""Finding the article that answers a citizen's question (satisfies flows.ports.KnowledgeBase).

The articles are few (tens to hundreds) and reviewed files, so the index is built in
memory when the runtime starts (milliseconds) with SQLite's FTS5 and its bm25 ranking:
the same engine a store-backed index would use, but synchronous and pure from the flow's
side, like place resolution. Every text (titles, keywords, synonyms, answers, both
languages; and the question) goes through the same normalisation:

- lower case, words only, in standard spelling (bot/knowledge/spelling.py: chat
  abbreviations, colloquial affixes, regional and English words -> the articles'
  Indonesian); Indonesian stemming (PySastrawi: "perpanjangan", "memperpanjang" ->
  "panjang"; "kehilangan" -> "hilang"), cached per word;
- typos: a question word unknown to the index is replaced by the closest indexed word
  (rapidfuzz's optimal string alignment, similarity >= 0.75; in a four-letter word only
  a swap), so "perpanjng" and "skkc" still find their articles; a dictionary word is
  never a typo ("sabtu" is not "sabu");
- question words and fillers ("mau tanya", "gimana", "pak", "apa saja", "kemana") are
  dropped, as written and once stemmed.

Score: FTS5's bm25 over the columns picks the candidates (keywords and synonyms weigh
most, then titles, then the answers); each is then scored by how much of the question
it covers: the share of the question's words, weighted by how rare each is among the
topics' titles, keywords and synonyms ("skck" is in every SKCK article and still the
surest word; "bikin" in four topics says little), found in an article's title, keywords
or synonyms (in its answer: half), plus a bonus when a whole keyword phrase stands in
the question. A word no article's keys know counts too, so "tagihan listrik naik" is
not "about" the one article that mentions "naik": a dictionary word like a common one,
any other (a name, an acronym: "bpjs", "akpol") like the rarest, being likely the
topic we have no article for. The score is a share, so it means the same with 10
articles or 500. The best article answers when its score clears `threshold`
(calibrated on the development half of tests/eval/knowledge, see `dumas kb eval`);
below it the question goes to the officers. Emergencies and complaints never reach this
module: triage sends them their own way first (flows/question.py).
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge.articles import Article, load_articles
from bot.knowledge.spelling import is_word, stem, words
from flows.ports import KnowledgeMatch

# Answer when the best article covers this share of the question's weight (chosen on
# tests/eval/knowledge/dev.jsonl and out-of-scope questions: README "Knowledge base").
THRESHOLD = 0.6
_WORD = re.compile(r"[a-z0-9]+")
# Words that say "this is a question" or are politeness: they name no topic.
_FILLERS = frozenset(
    " ".join(
        (
            "mau tanya nanya tanyain pak bu bapak ibu mas mbak kak min admin halo hai syarat",
            "selamat pagi siang sore malam permisi maaf mohon tolong info informasi",
            "gimana bagaimana gmn gmna apa apakah saja aja ya yah dong deh sih kah nya",
            "ini itu yang yg di ke dari untuk utk buat dan atau dengan dgn kalau kalo klo",
            "jika bila saya aku gue gw sy kami kita bisa bs boleh harus perlu cara caranya",
            "berapa kapan dimana mana siapa how what where when which can could should do",
            "does is are the a an to of for my i we please hello hi thanks terima kasih",
            "makasih polisi police polri kepolisian min jadi sudah udah sdh",
            # English function words: an English question meets the articles through
            # its content words (spelling.ENGLISH), not through "in" or "and".
            "in on at there here was were be been being have has had need needs want me",
            "you your it its this that these those with without and or but not no yes",
            "will would may might must did from by as about if so than then get got any",
            "some who whom why there they them their he she his her our us am",
        )
    ).split()
)
_WEIGHTS = (4.0, 5.0, 4.0, 1.0)  # bm25 column weights: title, keywords, synonyms, answer
_PHRASE_BONUS = 0.25
COMMON_WEIGHT = 1.0  # about the weight of a word in the keys of six topics of seventeen
# Articles bm25 passes on to the coverage score: every article that shares a word, in
# practice (with ten, an article holding the question's rarest words in its answers
# only could push out the one whose keywords hold them).
CANDIDATES = 60


def terms(text: str) -> list[str]:
    """The stemmed words of `text` in standard spelling (bot/knowledge/spelling.py),
    fillers dropped."""
    # Twice: "gimana" is a filler as written, "kemana" only once stemmed ("mana").
    stems = (stem(w) for w in words(text, _WORD) if w not in _FILLERS)
    return [s for s in stems if s not in _FILLERS]


def _document_frequency(fields: Iterable[frozenset[str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for field_words in fields:
        counts.update(field_words)
    return counts


def _document(parts: Iterable[str]) -> str:
    return " ".join(" ".join(terms(part)) for part in parts)


class KnowledgeIndex:
    """The articles in an in-memory FTS5 table; `ask` is what the flows call."""

    def __init__(self, articles: Sequence[Article], threshold: float = THRESHOLD) -> None:
        self.articles = {a.id: a for a in articles}
        self.threshold = threshold
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE kb USING fts5("
            "article_id UNINDEXED, title, keywords, synonyms, answer, tokenize='unicode61')"
        )
        self._key: dict[str, frozenset[str]] = {}  # title, keywords, synonyms
        self._body: dict[str, frozenset[str]] = {}  # the answers
        # A keyword phrase of 2+ words, as stems: its presence in a question is strong.
        self._phrases: dict[str, list[frozenset[str]]] = {}
        for article in articles:
            row = (
                article.id,
                _document(article.title.values()),
                _document(article.keywords),
                _document(article.synonyms),
                _document(article.answer.values()),
            )
            self._db.execute("INSERT INTO kb VALUES (?, ?, ?, ?, ?)", row)
            self._key[article.id] = frozenset(" ".join(row[1:4]).split())
            self._body[article.id] = frozenset(row[4].split())
            self._phrases[article.id] = [
                frozenset(t)
                for t in (terms(k) for k in (*article.keywords, *article.synonyms))
                if len(t) >= 2
            ]
        vocabulary = set().union(*self._key.values(), *self._body.values()) if articles else set()
        self._vocabulary = sorted(vocabulary)
        self._known = frozenset(vocabulary)
        self._corrections: dict[str, str | None] = {}
        # How telling a word is: rare across the topics' key fields -> heavy. Counted
        # per topic, not per article: "skck" in all four SKCK articles is the surest
        # word there is, while "bikin" in the keys of four topics says little.
        topics: dict[str, set[str]] = {}
        for article in articles:
            topics.setdefault(article.topic, set()).update(self._key[article.id])
        n = max(1, len(topics))
        self._idf = {
            word: math.log(1 + (n - df + 0.5) / (df + 0.5))
            for word, df in _document_frequency(frozenset(t) for t in topics.values()).items()
        }
        # A word no article's keys know weighs like one only a single topic knows: it is
        # most likely the topic of the question ("bpjs", "akpol", "bansos"), one we have
        # no article for, so an article matching only "cara daftar" stays below the
        # threshold.
        self._unknown = math.log(1 + (n - 0.5) / 1.5)

    def _correct(self, word: str) -> str | None:
        if word in self._known:
            return word
        if word not in self._corrections:  # a fuzzy search of the vocabulary: remembered
            if len(self._corrections) > 50_000:
                self._corrections.clear()
            self._corrections[word] = self._closest(word)
        return self._corrections[word]

    def _closest(self, word: str) -> str | None:
        # A short word or a dictionary word the articles do not use is not a typo:
        # "sabtu" is not "sabu", "biar" is not "liar".
        if len(word) < 4 or is_word(word):
            return None
        # Optimal string alignment: a swap of two neighbours ("skkc") is one edit.
        best = process.extractOne(
            word, self._vocabulary, scorer=OSA.normalized_similarity, score_cutoff=0.75
        )
        if not best:
            return None
        # In a four-letter word one edit is a quarter of it: only a swap ("skkc") is
        # surely a typo; "band" is not "bank".
        if len(word) == 4 and sorted(word) != sorted(str(best[0])):
            return None
        return str(best[0])

    def _weight(self, word: str) -> float:
        """How much `word` (as asked, or as corrected) counts in a question. A word no
        article's keys know still counts, so "tagihan listrik" is not about SIM: as a
        dictionary word ("latar", "kemarin") like a common one, otherwise (a name, an
        acronym: "bpjs", "akpol") like the rarest, being likely what the question is
        about."""
        if word in self._idf:
            return self._idf[word]
        return COMMON_WEIGHT if is_word(word) else self._unknown

    def ranked(self, text: str) -> list[tuple[str, float]]:
        """(article id, confidence 0..1) best first: the share of the question's weight
        that the article's title, keywords and synonyms cover (its answer counts half),
        with a bonus for a whole keyword phrase; candidates come from FTS5's bm25."""
        asked = [(word, self._correct(word)) for word in terms(text)]
        known = list(dict.fromkeys(c for _w, c in asked if c))
        if not known:
            return []
        match = " OR ".join(f'"{w}"' for w in known)
        rows = self._db.execute(
            "SELECT article_id, bm25(kb, 0, ?, ?, ?, ?) FROM kb WHERE kb MATCH ? "
            "ORDER BY 2 LIMIT ?",
            (*_WEIGHTS, match, CANDIDATES),
        ).fetchall()
        total = sum(self._weight(c or w) for w, c in asked)
        present = set(known)
        scored = []
        for order, (article_id, _bm25) in enumerate(rows):
            key, body = self._key[article_id], self._body[article_id]
            covered = sum(
                self._weight(c) * (1.0 if c in key else 0.5 if c in body else 0.0)
                for _w, c in asked
                if c
            )
            confidence = covered / total if total else 0.0
            if any(phrase <= present for phrase in self._phrases[article_id]):
                confidence += _PHRASE_BONUS
            scored.append((str(article_id), confidence, -order))
        # Ordered before the cap at 1: of two articles that both cover the question and
        # hold a phrase of it, the one covering more of it comes first.
        scored.sort(key=lambda item: (-item[1], -item[2]))
        return [(a, round(min(1.0, confidence), 4)) for a, confidence, _o in scored]

    def ask(self, text: str, locale: str) -> KnowledgeMatch:
        ranked = self.ranked(text[:500])
        if not ranked:
            return KnowledgeMatch("handoff")
        best_id, best = ranked[0]
        runner_id, runner = ranked[1] if len(ranked) > 1 else (None, 0.0)
        article = self.articles[best_id]
        return KnowledgeMatch(
            "answered" if best >= self.threshold else "handoff",
            article_id=best_id,
            topic=article.topic,
            title=article.text("title", locale),
            answer=article.text("answer", locale),
            sources=article.sources,
            score=best,
            runner_up=runner_id,
            runner_up_score=runner,
        )


@cache
def default_index() -> KnowledgeIndex | None:
    """The index of the shipped articles, built once per process (None without any)."""
    articles = load_articles()
    return KnowledgeIndex(articles) if articles else None
