"""The shared-kecamatan probe (session 44, askshared): bare kecamatan names in story
sentences, generated from the Kemendagri tree.

Owns: generating, for every kecamatan name (compared without spaces) that villages or
kecamatan of other kab/kota bear too, story sentences in which nothing says which place
is meant ("motor tetangga dicuri di {X}, cctv buram", "anak sy kena klitih di {X} pulang
sekolah", "motor ilang di {X} maling ngacir"), and the same sentences for kecamatan names
no other unit's place bears; and scoring what the resolver does with each:

- `right`: a shared name asked with every unit holding a place of the name offered (the
  kecamatan's among them); a name of one unit answered in that unit;
- `asked_short`: asked, but some unit holding the name is not offered;
- `as_alone`: a shared name answered as the name typed alone is (the resolver's reading of
  the bare name decides, not the story: "medan baru" alone is Kota Medan's kecamatan);
- `guessed`: a shared name answered otherwise without asking;
- `asked_unneeded`: a name of one unit asked;
- `other`: answered elsewhere, not found or refused.

Run it: `python -m tests.routing.askshared_forms [--every N] [--failures N]` (every name
takes about a minute per sentence on this machine; `--every 10` one name in ten).
`tests/routing/test_askshared_forms.py` scores a small fixed sample of it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.place_words import name_key
from bot.routing.regions import level_of
from bot.routing.resolver import Router

# Stories whose words around the name say nothing of where: a clause after a comma with
# words no place table knows, a kind of place after an event word ("pulang sekolah"), a
# chat form of a dictionary word ("ngacir": kabur).
SENTENCES = (
    "motor tetangga dicuri lagi di {}, cctv buram",
    "ada perkelahian di {}, videonya viral",
    "anak sy kena klitih di {} pulang sekolah",
    "motor ilang di {} maling ngacir",
)
OUTCOMES = ("right", "asked_short", "as_alone", "guessed", "asked_unneeded", "other")


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    name: str  # the kecamatan's name as the sentence holds it
    kecamatan: str  # the kecamatan code the name is taken from
    units: frozenset[str]  # the Polres ids of every place of the name (its unit by districts.csv)


def cases(router: Router, every: int = 1, sentences: tuple[str, ...] = SENTENCES) -> Iterator[Case]:
    """Each kecamatan name of the tree (one kecamatan per name, the first by code), one
    name in `every`, in each of `sentences` (`SENTENCES`; session 45's askkec_forms
    passes its own)."""
    tree, table = router.tree, router.table
    holders: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for level in (3, 4):
        for code, name in tree.items(level):
            key = name_key(name)
            holders[key.replace(" ", "")].add(code)
            if level == 3:
                names.setdefault(key.replace(" ", ""), code)
                names.setdefault("=" + key.replace(" ", ""), key)  # the spaced form

    def unit_of(code: str) -> str | None:
        unit = table.polres_for(code)
        return unit.id if unit else None

    for at, (joined, code) in enumerate(sorted((k, c) for k, c in names.items() if k[0] != "=")):
        if at % every or level_of(code) != 3:
            continue
        units = frozenset(u for u in (unit_of(r) for r in holders[joined]) if u)
        for sentence in sentences:
            name = names["=" + joined]
            yield Case(sentence.format(name), name, code, units)


def score(router: Router, case: Case) -> tuple[str, str]:
    """(outcome, what the resolver said) for one case."""
    result = router.resolve_text(case.text)
    got = f"{result.status} {result.chosen.code if result.chosen else ''} {result.reason}".strip()
    shared = len(case.units) > 1
    if result.status == "ambiguous":
        if not shared:
            return "asked_unneeded", got
        offered = set()
        for candidate in result.candidates:
            unit = router.table.polres_for(candidate.code)
            offered.add(unit.id if unit else "")
        return ("right" if case.units <= offered else "asked_short"), got
    if result.status == "ok" and result.chosen is not None:
        if shared:
            alone = router.resolve_text(case.name)
            same = alone.status == "ok" and alone.chosen == result.chosen
            return ("as_alone" if same else "guessed"), got
        unit = router.table.polres_for(result.chosen.code)
        return ("right" if unit is not None and unit.id in case.units else "other"), got
    return "other", got


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--failures", type=int, default=0)
    args = parser.parse_args(argv)
    from bot.settings import load_settings

    router = Router.load(load_settings())
    counts: dict[tuple[str, bool], Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    for case in cases(router, args.every):
        outcome, got = score(router, case)
        template = next(s for s in SENTENCES if s.split("{}")[0] in case.text)
        counts[(template, len(case.units) > 1)][outcome] += 1
        if outcome != "right" and len(misses) < args.failures:
            misses.append(f"{outcome:14} {case.text!r}: {got}")
    for (template, shared), tally in sorted(counts.items()):
        total = sum(tally.values())
        line = ", ".join(f"{o} {tally[o]}" for o in OUTCOMES if tally[o])
        print(f"{'shared' if shared else 'one unit':8} {template!r} ({total}): {line}")
    print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
