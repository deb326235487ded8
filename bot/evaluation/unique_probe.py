"""Probe of unique names inside short stories: a name one unit serves must be found.

Owns: the session 40 templates ("hp dicopet di X", "warga X resah ada maling", "kejadian
di desa X tadi malam", "ada tawuran di kecamatan X", "X rawan begal", ...) filled with the
names of kecamatan and villages whose places, in every table of the resolver, are served
by one unit (one kab/kota, or several all of one Polres); and the count of each answer:
right (that unit), wrong unit, asked, not found, per template and per the resolver's
reason, with examples.

It is the complement of session 39's ask probe (bot/evaluation/ask_probe.py), which counts
guesses among shared names: here the loss is a citizen who typed a story and one village
name and was told no place was found ("dicopet di slipi" read Kel. Slipi as a word of the
sentence, session 40). A name that is itself an everyday word ("begal", "pasar") is
counted apart: not finding it inside a story is the session 34-39 policy, not a loss.
Used by `dumas routing audit-ambiguity --unique` and tests/evaluation/test_unique_probe.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.evaluation.ambiguity import SharedName, _says_its_city, named_places, sample
from bot.routing.place_index import everyday_word
from bot.routing.place_words import CHAT_WORDS
from bot.routing.regions import level_of
from bot.routing.resolver import Router

# (level the template names, template). Level None: the bare name; 3: a kecamatan word;
# 4: a village word (filled only with names that a place of that level bears).
TEMPLATES: tuple[tuple[int | None, str], ...] = (
    (None, "motor saya hilang di {X}"),
    (None, "hp dicopet di {X}"),
    (None, "warga {X} resah ada maling"),
    (None, "tolong pak di {X} ada begal"),
    (None, "{X} rawan begal"),
    (4, "kejadian di desa {X} tadi malam"),
    (3, "ada tawuran di kecamatan {X}"),
)
OUTCOMES = ("right", "wrong_unit", "asked", "not_found")


@dataclass(frozen=True, slots=True)
class UniqueCase:
    text: str
    template: str
    name: SharedName
    unit: str  # the one Polres serving every place of the name
    word: bool  # the name is itself an everyday or chat word ("begal", "pasar")


@dataclass
class UniqueProbeResult:
    """Counts of outcomes per template and, for the losses, per (outcome, reason), apart
    for names that are everyday words; with examples of each loss."""

    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    word_reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def cases(self, template: str | None = None) -> int:
        return sum(n for (t, _), n in self.outcomes.items() if template in (None, t))

    def count(self, outcome: str) -> int:
        return sum(n for (_, o), n in self.outcomes.items() if o == outcome)

    @property
    def losses(self) -> int:
        """Cases of names that are no everyday word not routed to their unit."""
        return sum(self.reasons.values())

    def lines(self, examples: int = 3) -> list[str]:
        words = sum(self.word_reasons.values())
        out = [
            f"unique-name cases: {self.cases()}, right: {self.count('right')}, losses of "
            f"names no everyday word: {self.losses}, of everyday words: {words}",
            "template: " + " / ".join(OUTCOMES) + " of cases",
        ]
        for _, template in TEMPLATES:
            counts = " / ".join(str(self.outcomes[(template, o)]) for o in OUTCOMES)
            out.append(f"  {template:<34} {counts} of {self.cases(template)}")
        out.append("losses by outcome and reason (names no everyday word):")
        for key, n in self.reasons.most_common():
            out.append(f"  {key[0]:<10} {key[1] or '-':<34} {n:>5}")
            out.extend(f"      {e}" for e in self.examples.get(key, [])[:examples])
        out.append("losses of names that are everyday words (kept by policy):")
        out.extend(
            f"  {key[0]:<10} {key[1] or '-':<34} {n:>5}"
            for key, n in self.word_reasons.most_common()
        )
        return out


def unique_names(router: Router) -> list[SharedName]:
    """Names of kecamatan or villages whose places, in every table, are served by one
    known unit. A kecamatan named after its own city ("padang barat") is left out, as in
    the ask probe."""
    return [
        name
        for name in named_places(router)
        if len(name.units()) == 1
        and "" not in name.units()
        and any(t == "kemendagri" and level_of(c) in (3, 4) for t, c, _ in name.places)
        and not _says_its_city(router, name)
    ]


def probe_cases(name: SharedName) -> Iterator[UniqueCase]:
    """Each template the name fits: a level word's template only for a name a place of
    that level bears."""
    (unit,) = name.units()
    levels = {level_of(c) for t, c, _ in name.places if t == "kemendagri"}
    word = all(w in CHAT_WORDS or everyday_word(w) for w in name.key.split())
    for level, template in TEMPLATES:
        if level is None or level in levels:
            yield UniqueCase(template.replace("{X}", name.key), template, name, unit, word)


def outcome(router: Router, case: UniqueCase) -> tuple[str, str]:
    """(outcome, the resolver's reason) of one case."""
    res = router.resolve_text(case.text)
    if res.status == "ok" and res.chosen is not None:
        found = "right" if res.chosen.polres_id == case.unit else "wrong_unit"
        return found, "" if found == "right" else f"{res.reason} {res.chosen.code}"
    if res.status == "ambiguous":
        return "asked", res.reason
    return "not_found", res.reason


def probe(router: Router, every: int = 20) -> UniqueProbeResult:
    """Fill every template with 1/every of the unique names; count the outcomes."""
    result = UniqueProbeResult()
    shown: set[tuple[tuple[str, str], str]] = set()
    for name in sample(unique_names(router), every):
        for case in probe_cases(name):
            found, reason = outcome(router, case)
            result.outcomes[(case.template, found)] += 1
            if found == "right":
                continue
            # the reason's first word: the code after it varies with each case
            key = (found, reason.split()[0] if reason else "")
            if case.word:
                result.word_reasons[key] += 1
                continue
            result.reasons[key] += 1
            if (key, name.key) not in shown:  # one template per name: more names shown
                shown.add((key, name.key))
                result.examples.setdefault(key, []).append(f"{case.text!r}: {reason}")
    return result
