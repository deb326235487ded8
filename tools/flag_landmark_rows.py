"""Flag the landmark rows written from memory that are most likely placed in the wrong kab/kota.

Owns: the consistency check that orders the unchecked rows of the landmark tables
(data/places/landmarks/*.csv; a row is unchecked while its note says "compiler knowledge" or
"not confirmed") for checking against public pages (issue 14), and the seeded random sample
of the rest that estimates the error rate of what the flags miss. It never edits a table.

Session 38 found 32 of 158 such rows wrong, 15 in another kab/kota; session 39 read 160 more
(city, regional, transport, civic). The wrong rows had these shapes, which are the flags,
strongest first (weights in WEIGHT; a row's score is its strongest place flag plus the
`border` and `no-district` weights):
- `regency`: a run of words of a name or alias is the bare name of another kab/kota, closing
  the name or of several words ("Q Mall Banjarbaru Banjarmasin" coded Banjarmasin, "RSUD
  Bogor" coded Depok). One word inside a name ("Batu Gong", "Padang Aro") is mostly an
  everyday word and is read as the lower levels are. A kab/kota of ANOTHER province named
  beside the row's own place ("Polres Metro Jakarta Selatan": Kota Metro is in Lampung) is a
  word of the name, not a confusion of neighbours, and is read as the lower levels are too;
- `district` / `village`: a kecamatan, or a village, of a kab/kota bordering the row's and of
  no region of the row's own kab/kota ("Janjang Koto Gadang" coded Bukittinggi: Koto Gadang
  is a village of Kab. Agam next door);
- `far-district`: a kecamatan of a kab/kota far away (often a coincidence of names; a village
  far away is too common a coincidence to flag at all);
- `border`: the row's kecamatan touches another kab/kota (the shipped kecamatan outlines,
  data/geo/kecamatan.npz), where sites are easily given to the bigger neighbour;
- `no-district`: the row gives no kecamatan (the writer knew the site less well).
A run naming a region of the row's own kab/kota (at any level, or the area a group of its
villages is named after: "Kuningan" of Kuningan Barat/Timur in Jakarta Selatan) is read as
fitting the row, and the words inside it are not read again ("Padang" of "Padang Bai" =
Padangbai). The tree is read by bot/routing/region_names.py, shared with
tools/check_alias_places.py. Rows of a name spread over several kab/kota by design (toll
roads) are left out.

Run from the repository root:
    .venv/bin/python tools/flag_landmark_rows.py [TABLE ...] [--min-score 2] [--top N]
    .venv/bin/python tools/flag_landmark_rows.py data/places/landmarks/city.csv --sample 20
Without TABLE it reads every landmark table. Prints tab-separated lines:
score, table:line, name, kab/kota, kecamatan, flags (with the place found).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the script runs from the repository root without installing the package
sys.path.insert(0, str(ROOT))

from bot.routing.boundaries import SHIPPED_DISTRICTS, read_layer  # noqa: E402
from bot.routing.place_words import FILLERS, GENERIC, name_key  # noqa: E402
from bot.routing.region_names import (  # noqa: E402
    AREA,
    DISTRICT,
    LEVELS,
    REGENCY,
    VILLAGE,
    RegionNames,
    read_region_names,
)
from bot.routing.regions import RegionTree, bare_regency_name  # noqa: E402

TABLES = ROOT / "data" / "places" / "landmarks"
WEIGHT = {
    "regency": 5,
    "district": 4,
    "village": 3,
    "far-district": 1,
    "border": 1,
    "no-district": 1,
}
# Words that name a kind of site, not a place, even where a village bears them ("Pelabuhan",
# "Terminal" and "Pasar" are village names): a run of such words only is not read.
_SITE_WORD_TEXT = """
    bandara bandar udara lanud pangkalan stasiun st halte mrt lrt krl whoosh kereta cepat
    terminal bus tipe type pelabuhan penyeberangan ferry feri dermaga pelni asdp kawasan
    industri kek ekonomi khusus rsud rsu rs rsia rsup rskd rumah sakit umum daerah pusat
    ibu anak bersalin jiwa bhayangkara tk polri tni puskesmas kantor dinas badan
    gedung balai kota kabupaten kab provinsi pemkot pemkab pemprov dprd bupati walikota
    wali gubernur polres polresta polrestabes polsek polda kodim koramil korem kodam lapas
    rutan pengadilan negeri agama kejaksaan kejari samsat imigrasi dukcapil kua bpn
    mall plaza pasar alun masjid agung raya gereja katedral taman makam pahlawan monumen
    tugu lapangan stadion gor universitas sekolah baru lama utara selatan timur barat
    tengah dalam luar atas bawah besar kecil jaya indah new international internasional
    airport station port harbour harbor the of dan di
    tanjung muara kuala batu telaga bukit teluk pulau sungai air selat labuhan ujung kampung
    simpang empat susun jembatan flyover underpass bundaran rest area km tol ring road
    pantai danau gunung goa gua curug terjun benteng istana museum pabrik pura vihara
"""
_SITE_WORDS = frozenset(_SITE_WORD_TEXT.split())
_NOT_A_PLACE = GENERIC | FILLERS | _SITE_WORDS
LONGEST_RUN = 4


@dataclass
class Places:
    """What the check knows of the map: the tree's names by key, the kab/kota labels, which
    kab/kota border each other and which kecamatan touch which other kab/kota."""

    names: RegionNames
    labels: dict[str, str]
    neighbours: dict[str, set[str]] = field(default_factory=dict)
    border_districts: dict[str, set[str]] = field(default_factory=dict)

    def own_name(self, regency: str) -> list[str]:
        """The words of the kab/kota's own bare name ("Kota Depok" -> ["depok"])."""
        return name_key(bare_regency_name(self.labels.get(regency, ""))).split()


@dataclass(frozen=True)
class Row:
    table: str
    line: int
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


def load_places(tree: RegionTree) -> Places:
    labels = {code: tree.label(code) for code, _ in tree.items(REGENCY)}
    places = Places(read_region_names(tree), labels)
    _add_borders(places)
    return places


def _add_borders(places: Places) -> None:
    """Kab/kota adjacency and the kecamatan touching another kab/kota. The shipped outlines
    were simplified, so neighbours are kecamatan within about 100 m of each other."""
    import shapely

    layer = read_layer(SHIPPED_DISTRICTS)
    tree = shapely.STRtree(layer.geoms)
    pairs = tree.query(shapely.buffer(layer.geoms, 0.001), predicate="intersects")
    for i, j in zip(pairs[0], pairs[1], strict=True):
        a, b = layer.codes[int(i)], layer.codes[int(j)]
        if a[:5] != b[:5]:
            places.border_districts.setdefault(a, set()).add(b[:5])
            places.neighbours.setdefault(a[:5], set()).add(b[:5])


def word_runs(words: list[str]) -> list[tuple[int, int]]:
    """The (start, stop) spans of up to LONGEST_RUN words, longest first, of at least four
    letters, that are not all words naming a kind of site ("Pasar Baru") and neither begin
    nor end with a filler ("di"). A run may end with a compass word: "Jakarta Selatan" and
    "Tangerang Selatan" are kab/kota names."""
    spans = []
    for size in range(LONGEST_RUN, 0, -1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if all(w in _NOT_A_PLACE for w in run) or run[0] in FILLERS or run[-1] in FILLERS:
                continue
            if len(" ".join(run)) >= 4 and not all(w.isdigit() for w in run):
                spans.append((start, start + size))
    return spans


def flag(row: Row, places: Places) -> Flagged:
    flags: list[str] = []
    score = 0
    seen: set[str] = set()
    own = places.own_name(row.regency)
    near_regencies = places.neighbours.get(row.regency, set())
    for text in (row.name, *row.aliases):
        words = name_key(text).split()
        # where the name proper ends: before the row's own kab/kota written after it
        # ("Q Mall Banjarbaru Banjarmasin" ends at "Banjarbaru")
        end = len(words) - len(own) if own and words[-len(own) :] == own else len(words)
        spans = word_runs(words)
        runs = {" ".join(words[a:b]) for a, b in spans}
        # the name also names a region of the row's own kab/kota ("... Jakarta Selatan")
        anchored = any(row.regency in places.names.anywhere(run) for run in runs)
        covered: set[int] = set()  # words inside a longer name already read
        # words of the row's own place named in several words ("Padang Panjang" of "RSUD
        # Kota Padang Panjang") are read as that place before any overlapping run ("Kota
        # Padang", a kecamatan of Rejang Lebong): longest-first order alone reads the left run
        ours = _own_words(row, words, spans, places)
        for start, stop in spans:
            if covered.issuperset(range(start, stop)) or ours.intersection(range(start, stop)):
                continue
            run = " ".join(words[start:stop])
            found = {lv: places.names.held(lv, run) for lv in LEVELS}
            found = {lv: codes for lv, codes in found.items() if codes}
            if any(row.regency in codes for codes in found.values()):
                covered.update(range(start, stop))  # a region of the row's kab/kota
                continue
            if run in seen or not found:
                continue
            one_inner_word = stop - start == 1 and start < len(words) - 1
            if found.keys() <= {VILLAGE, AREA} and one_inner_word:
                continue  # one word inside a name that only villages (or areas) bear
            seen.add(run)
            covered.update(range(start, stop))
            kind, where = _reading(row, found, near_regencies, anchored, stop >= end, stop - start)
            if kind:
                flags.append(f"{kind}:{run}->{','.join(sorted(where)[:4])}")
                score = max(score, WEIGHT[kind])
    if row.district:
        others = places.border_districts.get(row.district, set())
        if others:
            flags.append(f"border:{','.join(sorted(others))}")
            score += WEIGHT["border"]
    else:
        flags.append("no-district")
        score += WEIGHT["no-district"]
    return Flagged(row, score, flags)


def _own_words(
    row: Row, words: list[str], spans: list[tuple[int, int]], places: Places
) -> set[int]:
    """Positions of the words inside runs naming the row's own kab/kota, or a region of it
    in two words or more (one word is too often a coincidence to outweigh another run)."""
    own: set[int] = set()
    for start, stop in spans:
        run = " ".join(words[start:stop])
        if row.regency in places.names.held(REGENCY, run) or (
            stop - start > 1 and row.regency in places.names.anywhere(run)
        ):
            own.update(range(start, stop))
    return own


def _reading(
    row: Row,
    found: dict[int, set[str]],
    near_regencies: set[str],
    anchored: bool,
    closing: bool,
    size: int,
) -> tuple[str, set[str]]:
    """The flag a run naming regions only outside the row's kab/kota earns, and where."""
    regencies = found.get(REGENCY, set())
    if anchored:
        # beside the row's own place, a kab/kota of another province is a word of the name
        regencies = {c for c in regencies if c[:2] == row.regency[:2]}
    if regencies and (closing or size > 1):
        return "regency", regencies
    near = set().union(*found.values()) & near_regencies
    if near:  # a kecamatan or village just across the border
        return ("district" if near & found.get(DISTRICT, set()) else "village"), near
    if DISTRICT in found:  # a kecamatan far away: often a coincidence of names
        return "far-district", found[DISTRICT]
    return "", set()  # a village far away: too common a coincidence to flag


def unchecked(note: str) -> bool:
    note = note.lower()
    return "compiler knowledge" in note or "not confirmed" in note


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Row(
                path.name,
                line,
                r["name"],
                tuple(a for a in r["aliases"].split(";") if a),
                r["regency"],
                r["district"],
                r["note"],
            )
            for line, r in enumerate(csv.DictReader(f), start=2)  # line 1 is the header
        ]


def rows_to_check(rows: list[Row]) -> list[Row]:
    """The unchecked rows, less those of a name on rows of several kab/kota in the same
    table: a toll road or a river runs through them by design."""
    spread = Counter((r.table, r.name) for r in rows)
    return [r for r in rows if unchecked(r.note) and spread[r.table, r.name] == 1]


def _line(f: Flagged, places: Places) -> str:
    r = f.row
    label = places.labels.get(r.regency, r.regency)
    return f"{f.score}\t{r.table}:{r.line}\t{r.name}\t{label}\t{r.district}\t{' '.join(f.flags)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", nargs="*", type=Path, help="default: every landmark table")
    parser.add_argument("--min-score", type=int, default=2, help="flagged from this score")
    parser.add_argument("--top", type=int, default=0, help="print only the N highest scores")
    parser.add_argument("--sample", type=int, default=0, help="also draw N unflagged rows")
    parser.add_argument("--seed", type=int, default=39)
    args = parser.parse_args(argv)
    tables = args.tables or sorted(TABLES.glob("*.csv"))
    rows = rows_to_check([row for path in tables for row in read_rows(path)])
    places = load_places(RegionTree())
    flagged = sorted((flag(r, places) for r in rows), key=lambda f: (-f.score, f.row.line))
    risky = [f for f in flagged if f.score >= args.min_score]
    print(
        f"# {len(rows)} unchecked rows of one kab/kota, {len(risky)} with score >= {args.min_score}"
    )
    for f in risky[: args.top or None]:
        print(_line(f, places))
    if args.sample:
        rest = sorted((f for f in flagged if f.score < args.min_score), key=lambda f: f.row.name)
        picked = random.Random(args.seed).sample(rest, min(args.sample, len(rest)))
        print(f"# random sample of {len(picked)} of the other {len(rest)} rows (seed {args.seed})")
        for f in picked:
            print(_line(f, places))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
