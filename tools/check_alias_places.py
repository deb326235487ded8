"""Flag region-alias rows that the Kemendagri tree places elsewhere, to be checked on pages first.

Owns: the consistency check of issue 14's session 39 over every region-alias table,
data/places/aliases*.csv (`alias,code,kind,source,note`, many rows written from memory). It
never edits a table; it prints the rows a person should look up on a public page first, in
order of how likely the row sends a complaint to another Polres:

1. `elsewhere-only`: the alias's place word (the alias without "Pulau", "Kota", "Kab." and
   the like) is a kecamatan or village of the tree, but only in other kab/kota than the
   row's code (an island "Pulau X" whose Desa X lies in the neighbouring regency, a capital
   that is a village of another regency);
2. `other-regency`: the alias contains the bare name of another kab/kota ("... Bogor" coded
   Depok) that is not the row's own kab/kota or province;
3. `also-elsewhere`: the place word is in the row's kab/kota and in others too (the alias
   is right, but the name is shared: worth a look);
4. `no-tree-place`: an island or capital whose place word the tree does not know at all.

Rows already settled on a page (a note saying "checked" or beginning "page:", the forms the
tables use for a row read on its source) are skipped. A seeded random sample of the rows
without one of the first three flags, for an honest error rate of the remainder, is printed
with `--sample N --seed S`.

    python tools/check_alias_places.py [--sample 15 --seed 39] [FILE ...]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.routing.place_words import name_key
from bot.routing.region_names import (
    DISTRICT,
    REGENCY,
    VILLAGE,
    RegionNames,
    read_region_names,
)
from bot.routing.regions import RegionTree

REPO = Path(__file__).resolve().parents[1]
# every region-alias table: the first round read only aliases_regencies.csv and
# aliases_more.csv, but the older tables hold islands and capitals of the same kind
TABLES = tuple(sorted((REPO / "data" / "places").glob("aliases*.csv")))

# Words that say what kind of place the alias is, not which one: "Pulau Weh" is the place
# word "weh". Longest first, so "kepulauan" is stripped before "pulau".
_KIND_WORDS = (
    "kabupaten",
    "kepulauan",
    "kota",
    "kab",
    "kep",
    "pulau",
    "pulo",
    "gili",
    "nusa",
    "p",
)
_KIND = re.compile(r"^(?:(?:" + "|".join(_KIND_WORDS) + r")\b\.?\s*)+", re.IGNORECASE)
# Kinds whose alias names a real place on the ground (so the tree may hold it); nicknames
# and short forms are slogans or letters, checked only for another kab/kota's name.
_PLACE_KINDS = frozenset({"island", "capital", "former_name"})
ORDER = ("elsewhere-only", "other-regency", "also-elsewhere", "no-tree-place")


@dataclass(frozen=True)
class Flag:
    table: str
    line: int
    alias: str
    code: str
    kind: str
    reason: str
    detail: str


def settled(note: str) -> bool:
    """A row whose note says a page was read for it ("checked ...", "page: ...")."""
    note = note.strip().lower()
    return ("checked" in note or note.startswith("page:")) and "not confirmed" not in note


def place_word(alias: str) -> str:
    """ "Pulau Weh" -> "weh", "Kota Manna" -> "manna": the alias without its kind words."""
    return name_key(_KIND.sub("", alias.strip()))


def _tree_places(names: RegionNames) -> dict[str, set[str]]:
    """name key -> kab/kota codes holding a kecamatan or village of that name."""
    found: dict[str, set[str]] = defaultdict(set)
    for level in (DISTRICT, VILLAGE):
        for key, codes in names.holders[level].items():
            found[key] |= codes
    return found


def _within(code: str, regencies: Iterable[str]) -> bool:
    """A province row ("36") is within each of its regencies' codes."""
    return any(r.startswith(code) for r in regencies)


def flags(tree: RegionTree, tables: Iterable[Path]) -> list[Flag]:
    names = read_region_names(tree)  # the tree's reading shared with flag_landmark_rows.py
    places = _tree_places(names)
    regencies = names.holders[REGENCY]
    out: list[Flag] = []
    for path in tables:
        with path.open(newline="", encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                if settled(row["note"]):
                    continue
                alias, code, kind = row["alias"], row["code"], row["kind"]
                word = place_word(alias)
                flag = _flag(places, regencies, word, alias, code, kind)
                if flag:
                    out.append(Flag(path.name, line, alias, code, kind, *flag))
    return sorted(out, key=lambda f: (ORDER.index(f.reason), f.table, f.line))


def _flag(
    places: dict[str, set[str]],
    regencies: dict[str, set[str]],
    word: str,
    alias: str,
    code: str,
    kind: str,
) -> tuple[str, str] | None:
    # the tree names some islands with their kind word ("Pulau Kelapa", Kepulauan Seribu)
    held = places.get(word, set()) | places.get(name_key(alias), set())
    if kind in _PLACE_KINDS and word and held and not _within(code, held):
        return "elsewhere-only", ", ".join(sorted(held)[:6])
    words = name_key(alias).split()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            name = " ".join(words[start : start + size])
            owners = regencies.get(name, set())
            if owners and not any(o.startswith(code) or code.startswith(o) for o in owners):
                return "other-regency", f"{name} = {', '.join(sorted(owners))}"
    if kind in _PLACE_KINDS and word and _within(code, held) and len(held) > 1:
        return "also-elsewhere", ", ".join(sorted(held)[:6])
    if kind in {"island", "capital"} and word and not held:
        return "no-tree-place", ""
    return None


def unchecked_rows(tables: Iterable[Path]) -> list[tuple[str, int, dict[str, str]]]:
    rows = []
    for path in tables:
        with path.open(newline="", encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                if "not confirmed" in row["note"] or "compiler knowledge" in row["note"]:
                    rows.append((path.name, line, row))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(TABLES))
    parser.add_argument("--sample", type=int, default=0, help="also print N random unchecked rows")
    parser.add_argument("--seed", type=int, default=39)
    args = parser.parse_args(argv)
    tree = RegionTree()
    found = flags(tree, args.files)
    counts = {reason: sum(f.reason == reason for f in found) for reason in ORDER}
    for f in found:
        print(f"{f.reason}\t{f.table}:{f.line}\t{f.alias}\t{f.code}\t{f.kind}\t{f.detail}")
    print("flagged:", ", ".join(f"{r} {n}" for r, n in counts.items()))
    if args.sample:
        rows = unchecked_rows(args.files)
        # the weak flag (an island the tree does not know) is no reason to look first:
        # those rows stay in the sample's pool, so its error rate speaks for them too
        flagged = {(f.table, f.line) for f in found if f.reason != "no-tree-place"}
        rest = [r for r in rows if (r[0], r[1]) not in flagged]
        picked = random.Random(args.seed).sample(rest, min(args.sample, len(rest)))
        print(f"sample of {len(picked)} of {len(rest)} unchecked rows (seed {args.seed}):")
        for table, line, row in sorted(picked, key=lambda r: (r[0], r[1])):
            print(f"sample\t{table}:{line}\t{row['alias']}\t{row['code']}\t{row['kind']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
