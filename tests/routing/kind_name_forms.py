"""The kind + name audit: landmarks written as a kind word and an administrative name.

Owns: generating, from the Kemendagri tree itself (not from any text this code was written
beside), the forms citizens use for a local landmark: "rsud X", "puskesmas X", "polsek X",
"pasar X", "smpn 2 X", "sdn X 01", "gerbang tol X"... where X is the name of a kab/kota, a
kecamatan or (a sample of) villages, with and without the kab/kota after it and in chat
spelling ("pkm", "rs", "psr"); and scoring what the resolver does with each:

- `right`: resolved to the kab/kota the form was made from, with its serving unit;
- `asked_ok`: asked, and the name is shared by kab/kota of different units (offering the
  form's kab/kota among them);
- `asked_unneeded`: asked although the name (or the kab/kota written after it) settles it;
- `other_holder`: resolved to another kab/kota holding a place of that name (a guess where
  the name is shared; a miss where the kab/kota was written);
- `wrong`: resolved to a kab/kota holding no place of that name;
- `nothing`: not found, refused or "outside Indonesia".

Run it (about two minutes on this machine): `python -m tests.routing.kind_name_forms
[--failures N] [--only KIND]`. `tests/routing/test_kind_name_forms.py` scores a small
fixed sample of the same forms.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.landmarks import load_places
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name
from bot.routing.resolver import Router

# kind word(s) as written; the chat spelling after "|". `{}` is where the name goes.
KINDS_ANY = (
    "rsud {}|rs {}",
    "puskesmas {}|pkm {}",
    "polsek {}",
    "koramil {}",
    "kantor camat {}|kantor kecamatan {}",
    "pasar {}|psr {}",
    "terminal {}",
    "stasiun {}",
    "alun-alun {}|alun alun {}",
    "masjid agung {}",
    "lapas {}",
    "smpn 2 {}|smp negeri 2 {}",
    "sman 1 {}|sma negeri 1 {}",
    "spbu {}",
    "pelabuhan {}",
    "pantai {}",
    "bendungan {}",
    "jembatan {}",
    "simpang {}",
    "bundaran {}",
    "gerbang tol {}",
    "exit tol {}",
    "perumahan {}",
    "kampus {}",
)
KINDS_VILLAGE = (
    "kantor desa {}|kantor kepala desa {}",
    "balai desa {}",
    "sdn {} 01|sdn {} 1",
    "pasar {}",
    "masjid {}",
    "simpang {}",
)
OUTCOMES = ("right", "asked_ok", "asked_unneeded", "other_holder", "wrong", "nothing")


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    kind: str  # the kind word as in KINDS_* before "|" without "{}"
    level: str  # "kabkota", "kecamatan", "desa"
    code: str  # the region the name is taken from
    holders: frozenset[str]  # kab/kota codes holding a place of that name (see `_holders`)
    with_regency: bool  # the kab/kota written after the name
    whole_name: bool = False  # the form itself names a region ("simpang padang")


def _h(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)


def _spellings(kind: str) -> list[str]:
    return kind.split("|")


class Names:
    """Name key -> kab/kota codes holding a kab/kota, kecamatan or village of that name."""

    def __init__(self, tree: RegionTree) -> None:
        self.tree = tree
        self.regency: dict[str, set[str]] = defaultdict(set)
        self.district: dict[str, set[str]] = defaultdict(set)
        self.village: dict[str, set[str]] = defaultdict(set)
        for code, name in tree.items(2):
            self.regency[name_key(bare_regency_name(name))].add(code)
        for code, name in tree.items(3):
            self.district[name_key(name)].add(code[:5])
        for code, name in tree.items(4):
            self.village[name_key(name)].add(code[:5])

    def holders(self, key: str) -> frozenset[str]:
        """Where a kind + this name may be: every kab/kota holding a kab/kota, kecamatan or
        village of that name. Whether a kecamatan's name must win over villages of other
        units ("polsek X") is the ask policy's question, not this audit's: asking there is
        counted right."""
        found = (
            set(self.regency.get(key, ()))
            | set(self.district.get(key, ()))
            | set(self.village.get(key, ()))
        )
        return frozenset(found)

    def is_a_name(self, text: str) -> bool:
        """Whether the whole form is itself a region's name ("simpang padang" is a village
        of Riau): such forms are left out of the totals and counted apart."""
        key = name_key(text)
        return key in self.regency or key in self.district or key in self.village


def regency_suffixes(tree: RegionTree, code: str) -> list[str]:
    """How a citizen writes the kab/kota after a name: the bare name, with "kota"/"kab"."""
    name = tree.name(code[:5]) or ""
    bare = name_key(bare_regency_name(name))
    level = "kota" if name.startswith("Kota") else "kab"
    return [bare, f"{level} {bare}"]


def generate(tree: RegionTree, villages: int = 600, kinds_per_district: int = 3) -> Iterator[Form]:
    """Every kab/kota name with every kind; every kecamatan with `kinds_per_district` kinds
    chosen by a hash of its code; `villages` villages (chosen by hash) with the village
    kinds. Each with and without its kab/kota, the chat spelling on some forms."""
    names = Names(tree)

    def form(text: str, kind: str, level: str, code: str, key: str, with_regency: bool) -> Form:
        return Form(
            text, kind, level, code, names.holders(key), with_regency, names.is_a_name(text)
        )

    for code, name in tree.items(2):
        key = name_key(bare_regency_name(name))
        level_word = "kota" if name.startswith("Kota") else "kabupaten"
        for kind in KINDS_ANY:
            spell = _spellings(kind)
            written = spell[_h(code + kind) % len(spell)]
            yield form(written.format(key), spell[0], "kabkota", code, key, False)
            yield form(written.format(f"{level_word} {key}"), spell[0], "kabkota", code, key, True)
    for code, name in tree.items(3):
        key = name_key(name)
        order = sorted(KINDS_ANY, key=lambda k: _h(code + k))
        for kind in order[:kinds_per_district]:
            spell = _spellings(kind)
            written = spell[_h(code + kind) % len(spell)]
            yield form(written.format(key), spell[0], "kecamatan", code, key, False)
            suffix = regency_suffixes(tree, code)[_h(kind + code) % 2]
            if suffix != key:
                text = f"{written.format(key)} {suffix}"
                yield form(text, spell[0], "kecamatan", code, key, True)
    picked = sorted(tree.items(4), key=lambda item: _h(item[0]))[:villages]
    for code, name in picked:
        key = name_key(name)
        kind = KINDS_VILLAGE[_h(code) % len(KINDS_VILLAGE)]
        spell = _spellings(kind)
        written = spell[_h(code + kind) % len(spell)]
        yield form(written.format(key), spell[0], "desa", code, key, False)
        suffix = regency_suffixes(tree, code)[_h(kind + code) % 2]
        yield form(f"{written.format(key)} {suffix}", spell[0], "desa", code, key, True)


STREET_WORDS = ("jl", "jalan", "jln")


def generate_streets(tree: RegionTree) -> Iterator[Form]:
    """Every street of data/places/streets.csv: "jl X <kab/kota>" for each kab/kota it is
    listed in (the kab/kota's bare name, or with "kota"/"kab" on some), and "jalan X" alone,
    which must be answered when one kab/kota has it and may be asked when several do."""
    book = load_places(tree)
    where: dict[str, set[str]] = defaultdict(set)
    for street in book.streets:
        where[name_key(street.name)].add(street.code)  # the kecamatan where the row gives one
    names = Names(tree)
    for key, codes in sorted(where.items()):
        holders = frozenset(c[:5] for c in codes)
        for code in sorted(codes):
            word = STREET_WORDS[_h(key + code) % len(STREET_WORDS)]
            suffix = regency_suffixes(tree, code)[_h(code + key) % 2]
            text = f"{word} {key} {suffix}"
            yield Form(text, "jl {}", "street", code, holders, True, names.is_a_name(text))
        text = f"jalan {key}"
        first = sorted(codes)[0]
        yield Form(text, "jl {}", "street", first, holders, False, names.is_a_name(text))


def score(router: Router, form: Form) -> tuple[str, str]:
    """(outcome, what the resolver said) for one form."""
    result = router.resolve_text(form.text)
    got = f"{result.status} {result.chosen.code if result.chosen else ''} {result.reason}".strip()
    regency = form.code[:5]
    table = router.table

    def unit_of(code: str) -> str | None:
        unit = table.polres_for(code)
        return unit.id if unit else None

    wanted_unit = unit_of(form.code if form.level != "desa" else form.code[:8])
    shared = (not form.with_regency) and len({unit_of(c) for c in form.holders}) > 1
    if result.status == "ok" and result.chosen is not None and len(result.chosen.code) >= 5:
        chosen = result.chosen.code
        if form.level == "street" and shared:
            # "jalan X" of several cities: one of them is a guess
            return ("other_holder" if chosen[:5] in form.holders else "wrong"), got
        if chosen[:5] == regency:
            try:
                served = router.unit_for(result.chosen, "polres")
            except ValueError:
                served = None
            if (
                served is not None
                and wanted_unit is not None
                and served.id != wanted_unit
                and not result.chosen.site  # an airport's or port's own unit
            ):
                return "wrong", got + f" unit {served.id} != {wanted_unit}"
            return "right", got
        if chosen[:5] in form.holders:
            same = unit_of(chosen) == wanted_unit
            return ("right" if same and not form.with_regency else "other_holder"), got
        return "wrong", got
    if result.status == "ambiguous":
        offered = {c.code[:5] for c in result.candidates}
        if shared and regency in offered:
            return "asked_ok", got
        return "asked_unneeded", got
    return "nothing", got


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=0, help="print N failures per reason")
    parser.add_argument("--only", default="", help="only forms of this kind word")
    parser.add_argument("--villages", type=int, default=600)
    parser.add_argument("--streets", action="store_true", help="the streets.csv forms instead")
    parser.add_argument("--dump", default="", help="write every form's outcome to this file")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    totals: Counter[str] = Counter()
    whole_names: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    by_level: dict[tuple[str, bool], Counter[str]] = defaultdict(Counter)
    failures: dict[str, list[str]] = defaultdict(list)
    dump = open(args.dump, "w") if args.dump else None  # noqa: SIM115
    forms = (
        generate_streets(gazetteer.tree)
        if args.streets
        else generate(gazetteer.tree, villages=args.villages)
    )
    for form in forms:
        if args.only and form.kind.split(" {}")[0] != args.only:
            continue
        outcome, got = score(router, form)
        if form.whole_name:
            whole_names[outcome] += 1
            continue
        totals[outcome] += 1
        by_kind[form.kind][outcome] += 1
        by_level[(form.level, form.with_regency)][outcome] += 1
        if outcome not in ("right", "asked_ok"):
            failures[outcome].append(f"{form.text!r} [{form.code}] -> {got}")
        if dump:
            dump.write(f"{outcome}\t{form.level}\t{form.text}\t{form.code}\t{got}\n")
    if dump:
        dump.close()

    def line(label: str, counts: Counter[str]) -> str:
        n = sum(counts.values()) or 1
        ok = counts["right"] + counts["asked_ok"]
        cells = " ".join(f"{o}={counts[o]}" for o in OUTCOMES)
        return f"{label:32} {ok / n:6.1%} of {n:6}  {cells}"

    print(line("all", totals))
    print(line("(left out: form is a name)", whole_names))
    for (level, with_regency), counts in sorted(by_level.items()):
        print(line(f"{level} {'+ kab/kota' if with_regency else 'alone'}", counts))
    for kind, counts in sorted(by_kind.items()):
        print(line(kind.replace(" {}", "").replace("{} ", ""), counts))
    for outcome, lines in sorted(failures.items()):
        for text in lines[: args.failures]:
            print(f"{outcome}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
