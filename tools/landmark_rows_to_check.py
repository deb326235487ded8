"""List the landmark rows written from memory that most deserve a page check (issue 14).

Owns: ranking the unchecked rows of a landmark table (note begins "compiler knowledge") by
how likely their kab/kota code is wrong, so that checkers read the risky rows first, and
drawing a seeded random sample of the rest, so that the error rate of the unchecked
remainder can be estimated honestly.

Session 38 found 32 of 158 such rows wrong, 15 in another kab/kota. The wrong kab/kota had
three shapes, which are the flags here:
- `place-word`: the name carries a place name that the Kemendagri tree knows only in OTHER
  kab/kota than the row's ("Situ Gintung Depok" coded Depok, while Gintung is no village of
  Depok; "Benteng Somba Opu Makassar"); a kab/kota name elsewhere weighs most, then a
  kecamatan or a village of a neighbouring kab/kota; a kecamatan far away weighs little and
  a village far away not at all (too common a coincidence of names);
- `border`: the row's kecamatan touches another kab/kota (the shipped kecamatan outlines,
  data/geo/kecamatan.npz), where sites are easily given to the bigger neighbour;
- `no-district`: the compiler did not know the kecamatan, so knew the site less well.

Usage (from the repository root):
    .venv/bin/python tools/landmark_rows_to_check.py data/places/landmarks/regional.csv
    .venv/bin/python tools/landmark_rows_to_check.py FILE --sample 20 --seed 39
Prints tab-separated lines: score, name, regency, district, flags (with the place found).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.routing.boundaries import read_layer  # noqa: E402
from bot.routing.place_words import FILLERS, GENERIC, name_key  # noqa: E402
from bot.routing.regions import RegionTree, bare_regency_name, level_of  # noqa: E402

GEO = ROOT / "data" / "geo"
UNCHECKED = "compiler knowledge"
# Weights of the flags: a kab/kota name of another kab/kota in the row's name is the
# strongest sign (session 38's Q Mall Banjarbaru, Lippo Plaza Batu); a bare border is weak.
WEIGHT = {
    "regency": 5,
    "district": 4,
    "village": 3,
    "far-district": 1,
    "border": 1,
    "no-district": 1,
}
# Outlines were simplified by their source: kecamatan closer than this (degrees, ~1 km)
# to another kab/kota count as touching it.
TOUCH = 0.01


@dataclass(frozen=True)
class Row:
    name: str
    aliases: tuple[str, ...]
    regency: str
    district: str
    note: str


@dataclass
class Flagged:
    row: Row
    score: int
    flags: list[str]


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Row(
                r["name"],
                tuple(a for a in r["aliases"].split(";") if a),
                r["regency"],
                r["district"],
                r["note"],
            )
            for r in csv.DictReader(f)
        ]


class PlaceNames:
    """Kab/kota of every region name key, by level (2 kab/kota, 3 kecamatan, 4 village)."""

    def __init__(self, tree: RegionTree) -> None:
        self.tree = tree
        self.regencies: dict[int, dict[str, set[str]]] = {2: defaultdict(set), 3: defaultdict(set)}
        self.regencies[4] = defaultdict(set)
        for code, name in tree.items():
            level = level_of(code)
            if level >= 2:
                # a kab/kota is written without "Kabupaten"/"Kota" inside a landmark's name
                key = name_key(bare_regency_name(name) if level == 2 else name)
                self.regencies[level][key].add(code[:5])

    def elsewhere(self, key: str, regency: str) -> dict[int, set[str]] | None:
        """The kab/kota, by level, of the regions named `key` (empty: no region); None when
        the name is a region of `regency` itself at any level (then it fits the row)."""
        found = {level: self.regencies[level].get(key, set()) for level in (2, 3, 4)}
        if any(regency in codes for codes in found.values()):
            return None
        return {level: codes for level, codes in found.items() if codes}

    def own_name(self, regency: str) -> list[str]:
        """The words of the kab/kota's own name, as written after a landmark ("... Depok")."""
        return name_key(bare_regency_name(self.tree.name(regency) or "")).split()


class Borders:
    """Which kecamatan touch another kab/kota, and which kab/kota touch each other."""

    def __init__(self) -> None:
        from shapely.strtree import STRtree

        kab = read_layer(GEO / "kabupaten.npz")
        kec = read_layer(GEO / "kecamatan.npz")
        self._kab_codes = kab.codes
        self._kab_tree = STRtree(kab.geoms)
        self._kab_geoms = kab.geoms
        self._kec = dict(zip(kec.codes, kec.geoms, strict=True))
        self._neighbours: dict[str, set[str]] = {}

    def _touching(self, geom: object, own: str) -> set[str]:
        hits = self._kab_tree.query(geom, predicate="dwithin", distance=TOUCH)
        return {self._kab_codes[i] for i in hits} - {own}

    def of_district(self, district: str) -> set[str]:
        geom = self._kec.get(district)
        return set() if geom is None else self._touching(geom, district[:5])

    def neighbours(self, regency: str) -> set[str]:
        if regency not in self._neighbours:
            try:
                geom = self._kab_geoms[self._kab_codes.index(regency)]
            except ValueError:
                return set()
            self._neighbours[regency] = self._touching(geom, regency)
        return self._neighbours[regency]


def word_runs(text: str, longest: int = 3) -> list[tuple[int, int]]:
    """The (start, stop) word spans of up to `longest` words of a name's key, longest
    first, without generic words at their ends: "Pasar Sentral Watampone" -> "sentral
    watampone", "sentral", "watampone"."""
    words = name_key(text).split()
    spans = []
    for size in range(longest, 0, -1):
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            if run[0] in GENERIC or run[-1] in GENERIC or run[0] in FILLERS or run[-1] in FILLERS:
                continue
            if len(" ".join(run)) >= 4:
                spans.append((i, i + size))
    return spans


def flag(row: Row, names: PlaceNames, borders: Borders) -> Flagged:
    flags: list[str] = []
    score = 0
    seen: set[str] = set()
    for text in (row.name, *row.aliases):
        words = name_key(text).split()
        covered: set[int] = set()  # words inside a longer name already read
        # where the name proper ends: before the row's own kab/kota written after it
        # ("Q Mall Banjarbaru Banjarmasin" ends at "Banjarbaru")
        own = names.own_name(row.regency)
        end = len(words) - len(own) if own and words[-len(own) :] == own else len(words)
        for start, stop in word_runs(text):
            if covered.issuperset(range(start, stop)):
                continue
            run = " ".join(words[start:stop])
            if run in seen:
                covered.update(range(start, stop))
                continue
            seen.add(run)
            found = names.elsewhere(run, row.regency)
            if found is None:  # a region of the row's kab/kota: its words are read
                covered.update(range(start, stop))
                continue
            if not found or found.keys() == {4} and stop - start == 1 and start < len(words) - 1:
                continue  # no region, or one word inside a name that only villages bear
            covered.update(range(start, stop))
            near = set().union(*found.values()) & borders.neighbours(row.regency)
            # a kab/kota's name closing the row's name ("... Depok") or of several words:
            # strong wherever that kab/kota lies; one word inside a name ("Batu Gong",
            # "Padang Aro") is mostly an everyday word, read as the lower levels are
            if 2 in found and (stop >= end or stop - start > 1):
                kind, where = "regency", found[2]
            elif near:  # a kecamatan or village just across the border
                kind, where = ("district" if near & found.get(3, set()) else "village"), near
            elif 3 in found:  # a kecamatan far away: often a coincidence of names
                kind, where = "far-district", found[3]
            else:
                continue  # a village far away: too common a coincidence to flag
            flags.append(f"{kind}:{run}->{','.join(sorted(where)[:4])}")
            score = max(score, WEIGHT[kind])
    if row.district:
        others = borders.of_district(row.district)
        if others:
            flags.append(f"border:{','.join(sorted(others))}")
            score += WEIGHT["border"]
    else:
        flags.append("no-district")
        score += WEIGHT["no-district"]
    return Flagged(row, score, flags)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", type=Path)
    parser.add_argument(
        "--min-score", type=int, default=2, help="print flagged rows from this score"
    )
    parser.add_argument("--sample", type=int, default=0, help="also draw this many rows at random")
    parser.add_argument("--seed", type=int, default=39)
    args = parser.parse_args(argv)
    every = read_rows(args.table)
    # a name on rows of several kab/kota (a toll road) runs through them by design
    spread = Counter(r.name for r in every)
    rows = [r for r in every if r.note.startswith(UNCHECKED) and spread[r.name] == 1]
    names = PlaceNames(RegionTree())
    borders = Borders()
    flagged = sorted((flag(r, names, borders) for r in rows), key=lambda f: -f.score)
    risky = [f for f in flagged if f.score >= args.min_score]
    print(
        f"# {len(rows)} unchecked rows of one kab/kota, {len(risky)} with score >= {args.min_score}"
    )
    for f in risky:
        r = f.row
        print(f"{f.score}\t{r.name}\t{r.regency}\t{r.district}\t{' '.join(f.flags)}")
    if args.sample:
        rest = sorted((f for f in flagged if f.score < args.min_score), key=lambda f: f.row.name)
        picked = random.Random(args.seed).sample(rest, min(args.sample, len(rest)))
        print(f"# random sample of {len(picked)} of the other {len(rest)} rows (seed {args.seed})")
        for f in picked:
            r = f.row
            print(f"{f.score}\t{r.name}\t{r.regency}\t{r.district}\t{' '.join(f.flags)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
