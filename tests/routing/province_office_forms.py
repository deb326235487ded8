"""The province-office probe: each province's offices named with its name or short form (s43).

Owns: generating, for every province of the Kemendagri tree, the texts a complaint or a
news line writes about a province-level office ("demo di depan kejati sumut", "kantor
gubernur papua barat daya dirusak massa", "ricuh di dprd jatim") with the province's name
and each one-word short form the gazetteer holds for it (sumut, jatim, kalbar, pbd, ntt,
diy, kepri...), and scoring them against data/routing/province_offices.csv:

- `right`: the kab/kota where the office stands (the office's own row, else the governor's);
- `asked`: still asked (every province without a row read, or whose row says no one place);
- `guessed`: answered with another kab/kota;
- `lost`: not found or refused.

Two controls are scored the same way and must not move: the province named alone (the
"province_only" ask) and "gubernur X" (the person: no place of its own).

Run it: `python -m tests.routing.province_office_forms [--failures N] [--without-reading]`;
tests/routing/test_province_offices_provoffices.py runs it over the whole tree.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.province_offices import ProvinceOffices
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router

# office words as pages write them, each with the office whose row answers it
OFFICE_WORDS: tuple[tuple[str, str], ...] = (
    ("kantor gubernur", "gubernur"),
    ("gubernuran", "gubernur"),
    ("kantor pemprov", "gubernur"),
    ("dprd", "dprd"),
    ("gedung dprd provinsi", "dprd"),
    ("kejati", "kejati"),
    ("kejaksaan tinggi", "kejati"),
    ("pengadilan tinggi", "kejati"),
    ("kanwil kemenkumham", "kejati"),
)
FRAMES = ("demo di depan {office} {province}", "{office} {province} dirusak massa")
CONTROLS = ("{province}", "gubernur {province} marah")
OUTCOMES = ("right", "asked", "guessed", "lost")


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    province: str
    office: str  # "" for a control
    shape: str  # an office word, or a control's frame


def province_names(keys: dict[str, tuple[str, ...]], tree: RegionTree, code: str) -> list[str]:
    """The province's name as the tree writes it, and the one-word short forms held for it
    by it alone (a word a kab/kota also bears, "jambi", is the name itself)."""
    name = " ".join((tree.name(code) or "").lower().split())
    shorts = sorted(
        key
        for key, codes in keys.items()
        if " " not in key and codes == (code,) and key != name and len(key) <= 7
    )
    return [name, *shorts]


def forms(keys: dict[str, tuple[str, ...]], tree: RegionTree) -> Iterator[Form]:
    for code in tree.codes(1):
        for province in province_names(keys, tree, code):
            for office_words, office in OFFICE_WORDS:
                for frame in FRAMES:
                    text = frame.format(office=office_words, province=province)
                    yield Form(text, code, office, office_words)
            for frame in CONTROLS:
                yield Form(frame.format(province=province), code, "", frame)


def score(router: Router, offices: ProvinceOffices, form: Form) -> tuple[str, str]:
    """(outcome, what the resolver answered) for one form."""
    res = router.resolve_text(form.text)
    got = f"{res.status} {res.reason} {res.chosen.code if res.chosen else ''}".strip()
    if res.status == "ok" and res.chosen is not None:
        seat = offices.where(form.province, form.office) if form.office else None
        if seat is not None and res.chosen.code[:5] == seat[:5]:
            return "right", got
        return "guessed", got
    if res.status == "ambiguous":
        return "asked", got
    return "lost", got


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=0, help="print N forms per outcome")
    parser.add_argument(
        "--without-reading",
        action="store_true",
        help="score the resolver without the table (the figures before session 43)",
    )
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    # the seats are scored from the table either way; only the resolver goes without it
    offices = router.province_offices
    if args.without_reading:
        router.province_offices = ProvinceOffices()
    by_shape: dict[str, Counter[str]] = defaultdict(Counter)
    shown: dict[str, list[str]] = defaultdict(list)
    for form in forms(dict(gazetteer.keys), gazetteer.tree):
        outcome, got = score(router, offices, form)
        by_shape[form.shape][outcome] += 1
        shown[outcome].append(f"{form.text!r} [{form.province}] -> {got}")
    total: Counter[str] = Counter()
    for shape, counts in by_shape.items():
        if shape not in CONTROLS:
            total.update(counts)
        cells = " ".join(f"{o}={counts[o]}" for o in OUTCOMES)
        print(f"{shape:26} of {sum(counts.values()):4}  {cells}")
    cells = " ".join(f"{o}={total[o]}" for o in OUTCOMES)
    print(f"{'offices, all':26} of {sum(total.values()):4}  {cells}")
    for outcome in OUTCOMES:
        for text in shown[outcome][: args.failures]:
            print(f"{outcome}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
