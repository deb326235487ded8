"""The hamlet audit: places written below the village, and villages in regional words.

Owns: generating, from the Kemendagri tree itself (not from any text this code was written
beside), the forms citizens use to name a hamlet inside a village ("dusun H desa V",
"dukuh H kel V", "lingkungan H kelurahan V", "rt 03 rw 05 dusun H desa V kec D", "huta H
nagori V", "jorong H nagari V", "banjar H desa V"...) and a village in its region's own
word ("nagori V", "lembang V", "gampong V", "pekon V", "negeri V", "kampung V"...), and
scoring what the resolver does with each. V is a village chosen by a hash of its code (one
per kab/kota, or from the marker's region); H is the name of a village of ANOTHER kab/kota,
also chosen by hash, as hamlets are so often named like villages elsewhere.

Where the form may lie (`holders`): every kab/kota holding a village named V (inside the
kecamatan D when the form names it; inside the region of a regional village word when one
there bears the name). Outcomes:

- `right`: resolved to V's kab/kota with its serving unit (or to a holder served by the
  same unit);
- `asked_ok`: asked, V's name being shared by kab/kota of different units, V's among those
  offered;
- `guessed`: resolved although the holders differ in unit (right kab/kota or not);
- `asked_unneeded`: asked although the holders are served by one unit;
- `wrong`: resolved to a kab/kota (or unit) that holds no village V: mostly the hamlet's
  name read as the place;
- `nothing`: not found, refused or "outside Indonesia".

Run it (about a minute): `python -m tests.routing.hamlet_forms [--failures N] [--only
FORM]`. `tests/routing/test_hamlet_forms.py` scores a small fixed sample of the same forms.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name
from bot.routing.resolver import Router

# "{H}" the hamlet's name, "{V}" the village's, "{D}" its kecamatan's
HAMLET_FORMS = (
    "dusun {H} desa {V}",
    "dusun {H} {V}",
    "dsn {H} ds {V}",
    "dukuh {H} kel {V}",
    "lingkungan {H} kelurahan {V}",
    "rt 03 rw 05 dusun {H} desa {V} kec {D}",
    "dusun ii {H} desa {V}",
    "dusun 3 {H} desa {V}",
    "padukuhan {H} {V}",
    "banjar {H} desa {V}",
    "kampung {H} desa {V}",
    "lorong {H} desa {V}",
    "blok {H} desa {V}",
)
# a region's words: (form, the region's code prefixes)
REGIONAL_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("huta {H} nagori {V}", ("12.08",)),  # Simalungun
    ("nagori {V}", ("12.08",)),
    ("jorong {H} nagari {V}", ("13",)),  # Sumatera Barat
    ("nagari {V}", ("13",)),
    ("lembang {V}", ("73.18", "73.26")),  # Tana Toraja, Toraja Utara
    ("gampong {V}", ("11",)),  # Aceh
    ("pekon {V}", ("18",)),  # Lampung
    ("negeri {V}", ("81",)),  # Maluku
    ("kalurahan {V}", ("34",)),  # Yogyakarta
    ("ohoi {V}", ("81.02", "81.72")),  # Kei: Maluku Tenggara, Kota Tual
    ("tiyuh {V}", ("18.12",)),  # Tulang Bawang Barat
    # Siak is 14.08 (14.05, written here until session 42, is Pelalawan)
    ("kampung {V}", ("91", "92", "94", "95", "96", "97", "64.03", "14.08")),  # Papua, Berau, Siak
    ("banjar {H} desa {V}", ("51",)),  # Bali
    ("huta {V}", ("12.02", "12.03", "12.12", "12.16")),  # Tapanuli, Toba, Humbahas
)
OUTCOMES = ("right", "asked_ok", "guessed", "asked_unneeded", "wrong", "nothing")


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    form: str  # the template
    code: str  # the village V
    holders: frozenset[str]  # kab/kota codes where the form may lie


def _h(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)


def _plain(key: str) -> bool:
    """A name a citizen types as it is: letters only, one to three words."""
    words = key.split()
    return 0 < len(words) <= 3 and all(w.isalpha() for w in words)


class Villages:
    """Village name key -> village codes; hamlet names to draw from."""

    def __init__(self, tree: RegionTree) -> None:
        self.tree = tree
        self.by_key: dict[str, list[str]] = defaultdict(list)
        self.key_of: dict[str, str] = {}
        for code, name in tree.items(4):
            key = name_key(name)
            self.by_key[key].append(code)
            self.key_of[code] = key
        self.names = sorted(k for k in self.by_key if _plain(k))
        # a name written without its level word may be a kecamatan's or a kab/kota's too
        # (keyed without spaces: "sumber sari" is read as Kec. Sumbersari too)
        self.upper: dict[str, set[str]] = defaultdict(set)
        self.glued: dict[str, set[str]] = defaultdict(set)
        for code, key in self.key_of.items():
            self.glued[key.replace(" ", "")].add(code[:5])
        for code, name in tree.items(3):
            self.upper[name_key(name).replace(" ", "")].add(code[:5])
        for code, name in tree.items(2):
            bare = name_key(bare_regency_name(name))
            self.upper[bare.replace(" ", "")].add(code)
            if name.startswith("Kota"):
                self.upper[f"kota{bare.replace(' ', '')}"].add(code)

    def hamlet_name(self, village: str, salt: str) -> str:
        """A village's name that no village of V's kab/kota bears."""
        for k in range(20):
            key = self.names[_h(village + salt + str(k)) % len(self.names)]
            if all(c[:5] != village[:5] for c in self.by_key[key]):
                return key
        return self.names[0]

    def holders(
        self, key: str, district: str = "", region: tuple[str, ...] = (), bare: bool = False
    ) -> frozenset[str]:
        """Kab/kota codes holding a village named `key` (in the kecamatan `district`; in
        `region` when one there bears it); with `bare` (no level word before the name) also
        those holding a kecamatan or a kab/kota of that name."""
        codes = self.by_key.get(key, [])
        if district:
            codes = [c for c in codes if name_key(self.tree.name(c[:8]) or "") == district]
        if region:
            local = [c for c in codes if any(c.startswith(r) for r in region)]
            codes = local or codes
        found = {c[:5] for c in codes}
        if bare and not region:
            glued = key.replace(" ", "")
            found |= self.upper.get(glued, set()) | self.glued.get(glued, set())
        return frozenset(found)


def _fill(template: str, villages: Villages, code: str) -> Form:
    key = villages.key_of[code]
    district = name_key(villages.tree.name(code[:8]) or "")
    hamlet = villages.hamlet_name(code, template)
    text = template.format(H=hamlet, V=key, D=district)
    region = next((r for t, r in REGIONAL_FORMS if t == template), ())
    bare = "{H} {V}" in template  # no level word before the village's name
    holders = villages.holders(key, district if "{D}" in template else "", region, bare)
    return Form(text, template, code, holders)


def generate(tree: RegionTree, per_regency: int = 1, regional: int = 40) -> Iterator[Form]:
    """`per_regency` villages of each kab/kota (by hash) in every hamlet form; `regional`
    villages of each regional form's region (by hash) in that form."""
    villages = Villages(tree)
    by_regency: dict[str, list[str]] = defaultdict(list)
    for code in villages.key_of:
        if _plain(villages.key_of[code]):
            by_regency[code[:5]].append(code)
    for regency in sorted(by_regency):
        picked = sorted(by_regency[regency], key=_h)[:per_regency]
        for code in picked:
            for template in HAMLET_FORMS:
                yield _fill(template, villages, code)
    for template, region in REGIONAL_FORMS:
        pool = sorted(
            (c for r, codes in by_regency.items() if r.startswith(region) for c in codes),
            key=lambda c: _h(c + template),
        )
        pool = [c for c in pool if any(c.startswith(r) for r in region)]
        for code in pool[:regional]:
            yield _fill(template, villages, code)


def score(router: Router, form: Form) -> tuple[str, str]:
    """(outcome, what the resolver said) for one form."""
    result = router.resolve_text(form.text)
    got = f"{result.status} {result.chosen.code if result.chosen else ''} {result.reason}".strip()
    table = router.table

    def unit_of(code: str) -> str | None:
        unit = table.polres_for(code)
        return unit.id if unit else None

    wanted = unit_of(form.code[:8])
    units = {unit_of(c) for c in form.holders} | {wanted}
    shared = len(units) > 1
    if result.status == "ok" and result.chosen is not None and len(result.chosen.code) >= 5:
        chosen = result.chosen.code
        try:
            served = router.unit_for(result.chosen, "polres").id
        except ValueError:
            served = None
        if chosen[:5] not in form.holders and chosen[:5] != form.code[:5]:
            return "wrong", got
        if shared:
            return "guessed", got
        if served != wanted and not result.chosen.site:
            return "wrong", got + f" unit {served} != {wanted}"
        return "right", got
    if result.status == "ambiguous":
        offered = {c.code[:5] for c in result.candidates}
        if shared and form.code[:5] in offered:
            return "asked_ok", got
        return "asked_unneeded", got
    return "nothing", got


def run(router: Router, forms: Iterator[Form]) -> dict[str, Counter[str]]:
    """Outcome counts per template and in all ("all")."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for form in forms:
        outcome, _got = score(router, form)
        counts["all"][outcome] += 1
        counts[form.form][outcome] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=0, help="print N failures per reason")
    parser.add_argument("--only", default="", help="only this form (its template)")
    parser.add_argument("--per-regency", type=int, default=1)
    parser.add_argument("--regional", type=int, default=40)
    parser.add_argument("--dump", default="", help="write every form's outcome to this file")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    return print_audit(
        router, generate(gazetteer.tree, args.per_regency, args.regional), args, width=40
    )


def print_audit(router: Router, forms: Iterable[Form], args: argparse.Namespace, width: int) -> int:
    """Score the forms and print the figures per template (`--only`, `--dump` and
    `--failures` of `args`); hamlet_forms.py and regional_forms.py print alike."""
    totals: Counter[str] = Counter()
    by_form: dict[str, Counter[str]] = defaultdict(Counter)
    failures: dict[str, list[str]] = defaultdict(list)
    dump = open(args.dump, "w") if args.dump else None  # noqa: SIM115
    for form in forms:
        if args.only and form.form != args.only:
            continue
        outcome, got = score(router, form)
        totals[outcome] += 1
        by_form[form.form][outcome] += 1
        if outcome not in ("right", "asked_ok"):
            failures[outcome].append(
                f"{form.text!r} [{form.code} in {sorted(form.holders)}] -> {got}"
            )
        if dump:
            dump.write(f"{outcome}\t{form.form}\t{form.text}\t{form.code}\t{got}\n")
    if dump:
        dump.close()

    def line(label: str, counts: Counter[str]) -> str:
        n = sum(counts.values()) or 1
        ok = counts["right"] + counts["asked_ok"]
        cells = " ".join(f"{o}={counts[o]}" for o in OUTCOMES)
        return f"{label:{width}} {ok / n:6.1%} of {n:5}  {cells}"

    print(line("all", totals))
    for form_name, counts in by_form.items():
        print(line(form_name, counts))
    for outcome, lines in sorted(failures.items()):
        for text in lines[: args.failures]:
            print(f"{outcome}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
