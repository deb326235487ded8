"""Probe of the ask policy inside short stories: names of several kab/kota, never guessed.

Owns: the session 39 templates ("motor saya hilang di X", "kejadian di desa X tadi malam",
"di X dekat pasar", ...) filled with every name the resolver's tables key in two or more
kab/kota whose serving units differ (`ambiguity.shared_names`), the units each template
allows (a level word keeps only the places of that level), and the count of templates
answered with one place: a guess, the worst outcome for a citizen (the complaint goes to
a Polres that may not serve the place, and nobody asked). Session 41 added templates
where a story puts a name ("kios dijarah di X", "warga X ditahan ...", "dusun X" in a
story) and counts the cases found nowhere, per template and reason: the citizen is told
to type the place again although the name is a real one of several places.

It differs from session 33's sentence audit (`ambiguity.sentence_audit`) in the frames: a
level word inside a story ("desa X", "kecamatan X"), and a kind of place or a time of day
after the name ("X dekat pasar", "X tengah malam", "di X ada begal"), where the words
after the name were read with it. Used by `dumas routing audit-ambiguity --probe` and
tests/evaluation/test_ask_probe.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from bot.evaluation.ambiguity import AuditCase, SharedName, _says_its_city, sample
from bot.evaluation.ambiguity import shared_names as _shared_names
from bot.routing.regions import level_of
from bot.routing.resolver import Router
from flows.ports import PlaceCandidate

# (level the template names, template). Level None: the bare name (every place of it but
# streets: no road word is said); 3: a kecamatan word; 4: a village word.
TEMPLATES: tuple[tuple[int | None, str], ...] = (
    (None, "motor saya hilang di {X}"),
    (None, "di {X} dekat pasar ada copet"),
    (None, "motor dirampas begal di {X} tengah malam"),
    (None, "warga {X} resah ada maling"),
    (None, "tolong pak, di {X} ada begal"),
    (4, "kejadian di desa {X} tadi malam"),
    (4, "rumah warga desa {X} dibobol maling"),
    (3, "ada tawuran di kecamatan {X} tadi sore"),
    # session 41: where a story puts a name, after its verb's "di" closing the text, after
    # the people word, after a hamlet word in the middle of a story
    (None, "kios dijarah di {X}"),
    (None, "ada maling dikejar di {X}"),
    (None, "warga {X} ditahan polisi abis bentrok"),
    (None, "kotak amal masjid dusun {X} hilang"),
    (None, "bayi ditemukan di ladang dusun {X}"),
)
# Session 41: frames of the development half's guesses, with a word before the name that
# is no level word: a building ("di mushola X", "depan pasar X"), a road called by the
# place ("jalan raya X"), a kind told after an event ("warga X resah ... masuk rumah"), and
# a sentence word that is also a village's name ("ayah sama anak ...": Desa Sama). Counted
# apart (`--probe --beside`): sessions 27-40 let a kind of place beside a kecamatan's name
# decide for it, so the building frames are the measure of that policy, not a floor.
BESIDE_TEMPLATES: tuple[tuple[int | None, str], ...] = (
    (None, "motor ilang di mushola {X}"),
    (None, "ribut di depan pasar {X}"),
    (None, "warga {X} resah ada maling masuk rumah"),
    (None, "rawan begal jalan raya {X}"),
    (None, "ayah sama anak dibunuh di {X}"),
)
# What a case was answered: one place (a guess), a question, or nothing found (the
# citizen is told to type the place again: a shared name lost, session 41).
OUTCOMES = ("guessed", "asked", "not_found")


@dataclass
class ProbeResult:
    """Counts per template: cases and guesses (one place answered), with examples; the
    names found nowhere per template and reason (session 41), with examples; and the
    questions whose buttons name a kab/kota the tree does not hold."""

    templates: tuple[tuple[int | None, str], ...] = TEMPLATES
    cases: Counter[str] = field(default_factory=Counter)
    guesses: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    # (template, reason) of the cases answered "not found", with the names lost
    lost: Counter[tuple[str, str]] = field(default_factory=Counter)
    lost_examples: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # questions whose buttons name a kab/kota the tree does not hold (issue 14, item 2)
    strange_buttons: list[str] = field(default_factory=list)

    @property
    def total_guesses(self) -> int:
        return sum(self.guesses.values())

    @property
    def total_lost(self) -> int:
        return sum(self.lost.values())

    def count(self, template: str, outcome: str) -> int:
        """Cases of `template` answered with `outcome` (one of OUTCOMES)."""
        if outcome == "guessed":
            return self.guesses[template]
        lost = sum(n for (t, _), n in self.lost.items() if t == template)
        if outcome == "not_found":
            return lost
        return self.cases[template] - self.guesses[template] - lost

    def lines(self, examples: int = 3) -> list[str]:
        out = [
            f"probe cases: {sum(self.cases.values())}, guessed: {self.total_guesses}, "
            f"not found: {self.total_lost}",
            "template: " + " / ".join(OUTCOMES) + " of cases",
        ]
        for _, template in self.templates:
            counts = " / ".join(f"{self.count(template, o):>4}" for o in OUTCOMES)
            out.append(f"  {template:<42} {counts} of {self.cases[template]}")
            out.extend(f"      {e}" for e in self.examples.get(template, [])[:examples])
        out.append("not found, by template and reason:")
        for (template, reason), n in self.lost.most_common():
            out.append(f"  {template:<42} {reason or '-':<24} {n:>5}")
            out.append(f"      {', '.join(self.lost_examples[(template, reason)][: examples * 3])}")
        out.append(
            f"questions with a button naming no kab/kota of the tree: {len(self.strange_buttons)}"
        )
        out.extend(f"      {e}" for e in self.strange_buttons[:examples])
        return out


def probe_cases(
    router: Router,
    name: SharedName,
    templates: tuple[tuple[int | None, str], ...] = TEMPLATES,
) -> Iterator[AuditCase]:
    """Each template filled with the name, when the places it may mean lie in two or
    more units. A kecamatan named after its own city ("padang barat") is that district, as
    in the bare audit, and left out."""
    if _says_its_city(router, name):
        return
    for level, template in templates:
        units = frozenset(
            unit
            for table, code, unit in name.places
            if table != "street"
            and (level is None or (table == "kemendagri" and level_of(code) == level))
        )
        if len(units) >= 2:
            yield AuditCase(template.replace("{X}", name.key), template, name, units)


def shared_names(router: Router) -> list[SharedName]:
    """The names of places in two or more kab/kota of different units."""
    return _shared_names(router)[0]


def probe(
    router: Router, every: int = 1, templates: tuple[tuple[int | None, str], ...] = TEMPLATES
) -> ProbeResult:
    """Fill every template with 1/every of the shared names; count the guesses."""
    result = ProbeResult(templates)
    for name in sample(shared_names(router), every):
        for case in probe_cases(router, name, templates):
            result.cases[case.form] += 1
            res = router.resolve_text(case.text)
            if res.status == "ok" and res.chosen is not None:
                result.guesses[case.form] += 1
                result.examples.setdefault(case.form, []).append(
                    f"{case.text!r}: {res.chosen.code} {res.chosen.polres_id} ({res.reason})"
                )
            elif res.status == "ambiguous" and not _buttons_in_the_tree(router, res.candidates):
                result.strange_buttons.append(f"{case.text!r}: {[c.code for c in res.candidates]}")
            elif res.status != "ambiguous":
                key = (case.form, res.reason)
                result.lost[key] += 1
                result.lost_examples.setdefault(key, []).append(name.key)
    return result


def _buttons_in_the_tree(router: Router, candidates: Sequence[PlaceCandidate]) -> bool:
    """Every button of a question names a kab/kota of the tree, with its Polres; a
    province's own button before its kab/kota (a province named alone, "province_only")
    names a province of the tree."""
    return all(
        router.tree.name(c.code) is not None
        if level_of(c.code) == 1
        else level_of(c.code[:5]) == 2 and router.tree.name(c.code[:5]) is not None and c.polres_id
        for c in candidates
    )
