"""Flag the landmark rows written from memory that are most likely placed in the wrong kab/kota.

Owns: the consistency check that orders the unchecked rows of a landmark table
(data/places/landmarks/*.csv; a row is unchecked while its note says "compiler knowledge" or
"not confirmed") for checking against public pages (issue 14, session 39). Session 38
checked 158 such rows by hand and found 32 wrong; checking the rows a generated check flags
first finds the misroutes sooner than reading the table from the top.

A row is flagged, strongest reason first, when:
- `names_another_regency`: a run of words of its name is the bare name of a kab/kota that is
  not the row's ("RSUD Bogor" coded Depok) and no run of words names a region of the row's
  kab/kota;
- `kecamatan_elsewhere`: a run of words is the name of a kecamatan only outside the row's
  kab/kota (and nothing in the name is a region of the row's kab/kota); stronger when that
  kab/kota borders the row's;
- `village_next_door`: a run of words is a village name found only in kab/kota that border
  the row's ("Stasiun X" where X is a desa of the neighbouring kab/kota);
- `border`: the row's kecamatan touches a kecamatan of another kab/kota (from the shipped
  kecamatan outlines, data/geo/kecamatan.npz);
- `no_district`: the row gives no kecamatan.

The rest are printed too (score 0) so that a random sample of them (`--sample N --seed S`)
estimates the error rate of what the flags miss.

Run from the repository root:
`.venv/bin/python tools/flag_landmark_rows.py data/places/landmarks/transport.csv [--top N]
[--sample N --seed S]`; prints `score<TAB>row<TAB>name<TAB>kab/kota<TAB>reasons`.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# the script runs from the repository root without installing the package
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.routing.boundaries import SHIPPED_DISTRICTS, read_layer
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name

# Generic words of landmark names: they name a kind of site, not a place, even where a
# village happens to bear them ("Pelabuhan", "Terminal" and "Pasar" are village names).
_GENERIC_WORDS = """
    bandara bandar udara lanud pangkalan stasiun st halte mrt lrt krl whoosh kereta cepat
    terminal bus tipe type pelabuhan penyeberangan ferry feri dermaga pelni asdp kawasan
    industri kek ekonomi khusus rsud rsu rs rsia rsup rskd rumah sakit umum daerah pusat
    ibu anak bersalin jiwa bhayangkara tk ii iii iv polri tni puskesmas kantor dinas badan
    gedung balai kota kabupaten kab provinsi pemkot pemkab pemprov dprd bupati walikota
    wali gubernur polres polresta polrestabes polsek polda kodim koramil korem kodam lapas
    rutan pengadilan negeri agama kejaksaan kejari samsat imigrasi dukcapil kua bpn
    mall plaza pasar alun masjid agung raya gereja katedral taman makam pahlawan monumen
    tugu lapangan stadion gor universitas sekolah baru lama utara selatan timur barat
    tengah dalam luar atas bawah besar kecil jaya indah new international internasional
    airport station port harbour harbor the of dan di
    tanjung muara kuala batu telaga bukit teluk pulau sungai air selat labuhan ujung kampung
    simpang empat susun jembatan flyover underpass bundaran rest area km tol ring road
"""
GENERIC = frozenset(_GENERIC_WORDS.split())
MAX_RUN = 4
SEEN_LEVELS = (2, 3, 4)


@dataclass
class Places:
    """The tree's names by key: which kab/kota hold a kab/kota, kecamatan or village of that
    name, and which kab/kota border each other."""

    holders: dict[int, dict[str, set[str]]]
    regency_names: dict[str, str]
    neighbours: dict[str, set[str]] = field(default_factory=dict)
    border_districts: set[str] = field(default_factory=set)


def load_places(tree: RegionTree) -> Places:
    holders: dict[int, dict[str, set[str]]] = {level: defaultdict(set) for level in SEEN_LEVELS}
    names: dict[str, str] = {}
    for level in SEEN_LEVELS:
        for code, name in tree.items(level):
            bare = bare_regency_name(name) if level == 2 else name
            key = name_key(bare)
            holders[level][key].add(code[:5])
            # "Batuceper" is typed "Batu Ceper": a run of words also matches the joined name
            holders[level][key.replace(" ", "")].add(code[:5])
            if level == 2:
                names[code] = tree.label(code)
    places = Places(holders, names)
    _add_borders(places)
    return places


def _add_borders(places: Places) -> None:
    """Kecamatan whose outline touches a kecamatan of another kab/kota, and kab/kota
    adjacency. The shipped outlines were simplified, so neighbours are those within about
    100 m of each other rather than strictly touching."""
    import shapely

    layer = read_layer(SHIPPED_DISTRICTS)
    grown = shapely.buffer(layer.geoms, 0.001)
    tree = shapely.STRtree(layer.geoms)
    pairs = tree.query(grown, predicate="intersects")
    for i, j in zip(pairs[0], pairs[1], strict=True):
        a, b = layer.codes[int(i)], layer.codes[int(j)]
        if a[:5] != b[:5]:
            places.border_districts.add(a)
            places.neighbours.setdefault(a[:5], set()).add(b[:5])


def word_runs(name: str, places: Places) -> list[str]:
    """Runs of up to MAX_RUN words of a name that are not all generic words, longest first;
    a run inside a longer run that names a region is left out ("Padang" of "Padang Bai",
    whose joined form is the village Padangbai), so a part of a name does not flag it."""
    words = name_key(name).split()
    runs: list[str] = []
    taken: list[tuple[int, int]] = []
    for size in range(MAX_RUN, 0, -1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if all(w in GENERIC or w.isdigit() or len(w) < 3 for w in run):
                continue
            if any(a <= start and start + size <= b for a, b in taken):
                continue
            text = " ".join(run)
            if size > 1 and any(_held(places, level, text) for level in SEEN_LEVELS):
                taken.append((start, start + size))
            runs.append(text)
    return runs


def _held(places: Places, level: int, run: str) -> set[str]:
    joined = run.replace(" ", "")
    return places.holders[level].get(run, set()) | places.holders[level].get(joined, set())


def reasons_for(row: dict[str, str], places: Places) -> tuple[float, list[str]]:
    regency, district = row["regency"], row["district"]
    runs = word_runs(row["name"], places)
    anchored = any(regency in _held(places, level, run) for level in SEEN_LEVELS for run in runs)
    score, reasons = 0.0, []
    near = places.neighbours.get(regency, set())
    if not anchored:
        for run in runs:
            elsewhere = _held(places, 2, run)
            if elsewhere:
                score = max(score, 3.0)
                others = ", ".join(sorted(places.regency_names[c] for c in elsewhere))
                reasons.append(f"names_another_regency: '{run}' is {others}")
                continue
            kec = _held(places, 3, run)
            if kec:
                score = max(score, 2.5 if kec & near else 2.0)
                others = ", ".join(sorted(places.regency_names[c] for c in kec))
                reasons.append(f"kecamatan_elsewhere: '{run}' is a kecamatan of {others}")
                continue
            villages = _held(places, 4, run)
            if villages and villages <= near:
                score = max(score, 1.5)
                others = ", ".join(sorted(places.regency_names[c] for c in villages))
                reasons.append(f"village_next_door: '{run}' is a village of {others} only")
    if district and district in places.border_districts:
        score += 1.0
        reasons.append("border: its kecamatan touches another kab/kota")
    if not district:
        score += 0.5
        reasons.append("no_district")
    return score, reasons


def unchecked(row: dict[str, str]) -> bool:
    note = row["note"].lower()
    return "compiler knowledge" in note or "not confirmed" in note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("--top", type=int, default=0, help="print only the N highest scores")
    parser.add_argument("--sample", type=int, default=0, help="print N random unflagged rows")
    parser.add_argument("--seed", type=int, default=39)
    args = parser.parse_args(argv)
    places = load_places(RegionTree())
    with args.table.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    scored = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        if unchecked(row):
            score, reasons = reasons_for(row, places)
            scored.append((score, number, row, reasons))
    flagged = [s for s in scored if s[0] >= 1.5]
    print(f"# {args.table}: {len(rows)} rows, {len(scored)} unchecked, {len(flagged)} flagged")
    if args.sample:
        rest = [s for s in scored if s[0] < 1.5]
        chosen = random.Random(args.seed).sample(rest, min(args.sample, len(rest)))
        show = sorted(chosen, key=lambda s: s[1])
    else:
        show = sorted(scored, key=lambda s: (-s[0], s[1]))
        if args.top:
            show = show[: args.top]
    for score, number, row, reasons in show:
        label = places.regency_names.get(row["regency"], row["regency"])
        place = f"{label} {row['district']}"
        print(f"{score:.1f}\t{number}\t{row['name']}\t{place}\t{'; '.join(reasons)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
