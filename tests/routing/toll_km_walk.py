"""The km walk generated from data/routing/toll_places.csv (session 40): every toll road's
km read in steps of 1 from its first to its last known km row, as `TollRoads.at_km` reads
them, counted as resolved (one kab/kota), asked (a km between rows of two kab/kota) or
outside (no reading), and the ordering check the table must pass: a km between two rows of
one kab/kota cannot lie in another, so no row of kab/kota B sits between two rows of A.
Since session 41 (rows at kab/kota boundaries) also the clash check: two rows of different
kab/kota so close that a stretch of km lies inside both (a point holds POINT_KM either side).

Run as a script it prints the counts per road and in all; with `--before REV` it also
walks the same km (each toll road's span as the tables stand now) with the tables of git
revision REV, so that km a new row settles show as moved from outside or asked:

    .venv/bin/python -m tests.routing.toll_km_walk [--before cb3cbe1]
"""

from __future__ import annotations

import argparse
import math
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.routing.toll_roads import PLACES_PATH, POINT_KM, ROADS_PATH, RoadPlace, TollRoads


@dataclass(frozen=True, slots=True)
class Walk:
    """One road's walk: its first and last known km and how many whole km resolve, ask
    or fall outside the rows."""

    road: str
    first: float
    last: float
    resolved: int
    asked: int
    outside: int


def _km_rows(toll: TollRoads, road: str) -> list[RoadPlace]:
    return [p for p in toll.places.get(road, ()) if p.km_from is not None]


def walk(toll: TollRoads, road: str) -> Walk | None:
    """The walk of one road, or None for a road with no km row."""
    rows = _km_rows(toll, road)
    if not rows:
        return None
    first = min(p.start for p in rows)
    last = max(p.end for p in rows)
    resolved = asked = outside = 0
    for km in range(math.ceil(first), math.floor(last) + 1):
        codes, _how = toll.at_km(road, float(km))
        if not codes:
            outside += 1
        elif len({c[:5] for c in codes}) == 1:
            resolved += 1
        else:
            asked += 1
    return Walk(road, first, last, resolved, asked, outside)


def walks(toll: TollRoads) -> list[Walk]:
    """Every road's walk (city roads included: they are read by the same rule)."""
    found = (walk(toll, road) for road in sorted(toll.places))
    return [w for w in found if w is not None]


@dataclass(frozen=True, slots=True)
class Disorder:
    """A row of one kab/kota lying strictly between two rows of another on one road."""

    road: str
    km: float
    code: str  # the kab/kota of the row between
    around: str  # the kab/kota of the rows around it
    before: float
    after: float

    def __str__(self) -> str:
        return (
            f"{self.road}: km {self.km:g} ({self.code}) between km {self.before:g} and "
            f"km {self.after:g} ({self.around})"
        )


def disorders(toll: TollRoads) -> list[Disorder]:
    """Rows that break the ordering: a row of one kab/kota lying strictly between two rows
    of another kab/kota of the same road. Either a row is misread or mis-numbered, or the
    road truly leaves a kab/kota and comes back (Jalan A. Yani crosses Kota Banjarbaru
    between two stretches of Kab. Banjar), which the rows' pages must show."""
    found: set[Disorder] = set()
    for road in sorted(toll.places):
        rows = _km_rows(toll, road)
        for p in rows:
            for q in rows:
                if q.code[:5] != p.code[:5] or q.start <= p.end:
                    continue
                # p and q: two rows of one kab/kota, p before q
                for r in rows:
                    if r.code[:5] != p.code[:5] and p.end < r.start and r.end < q.start:
                        found.add(Disorder(road, r.start, r.code[:5], p.code[:5], p.end, q.start))
    return sorted(found, key=lambda d: (d.road, d.km, d.before, d.after))


@dataclass(frozen=True, slots=True)
class Clash:
    """Two rows of one road, of different kab/kota, that share a km: a km there is read as
    both (asked), so one of them is misread or mis-numbered, or the boundary lies there."""

    road: str
    first: RoadPlace
    second: RoadPlace

    def __str__(self) -> str:
        return (
            f"{self.road}: km {self.first.start:g}-{self.first.end:g} ({self.first.code[:5]}) "
            f"and km {self.second.start:g}-{self.second.end:g} ({self.second.code[:5]})"
        )


def clashes(toll: TollRoads) -> list[Clash]:
    """Rows of different kab/kota whose km overlap once each is widened by POINT_KM, as
    `TollRoads.at_km` widens them: boundary rows read on two pages must not share a stretch
    of km, or km on the boundary are asked however precise each page was. Rows a whole km
    apart (124 and 125) share only the half-km point between them, which is no clash."""
    found = []
    for road in sorted(toll.places):
        rows = _km_rows(toll, road)
        for i, p in enumerate(rows):
            for q in rows[i + 1 :]:
                apart = max(p.start - q.end, q.start - p.end)
                if p.code[:5] != q.code[:5] and apart < 2 * POINT_KM:
                    found.append(Clash(road, p, q))
    return found


def counts_over(toll: TollRoads, spans: list[Walk]) -> tuple[int, int, int]:
    """Resolved, asked and outside whole km of `toll` over the given roads' spans."""
    resolved = asked = outside = 0
    for span in spans:
        for km in range(math.ceil(span.first), math.floor(span.last) + 1):
            codes, _how = toll.at_km(span.road, float(km))
            if not codes:
                outside += 1
            elif len({c[:5] for c in codes}) == 1:
                resolved += 1
            else:
                asked += 1
    return resolved, asked, outside


def tables_at(revision: str, folder: Path) -> TollRoads:
    """The toll tables as git revision `revision` had them (city roads left out)."""
    paths = []
    for path in (ROADS_PATH, PLACES_PATH):
        relative = path.resolve().relative_to(Path.cwd().resolve())
        text = subprocess.run(
            ["git", "show", f"{revision}:{relative}"], capture_output=True, text=True, check=True
        ).stdout
        copy = folder / path.name
        copy.write_text(text, encoding="utf-8")
        paths.append(copy)
    return TollRoads.load(paths[0], paths[1], None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", help="a git revision to walk the same km with")
    args = parser.parse_args()
    toll = TollRoads.load()
    total = Walk("all", 0, 0, 0, 0, 0)
    print(f"{'road':28} {'first':>7} {'last':>7} {'resolved':>9} {'asked':>6} {'outside':>8}")
    for w in walks(toll):
        print(f"{w.road:28} {w.first:7g} {w.last:7g} {w.resolved:9d} {w.asked:6d} {w.outside:8d}")
        total = Walk(
            "all",
            0,
            0,
            total.resolved + w.resolved,
            total.asked + w.asked,
            total.outside + w.outside,
        )
    print(f"{'all':28} {'':7} {'':7} {total.resolved:9d} {total.asked:6d} {total.outside:8d}")
    for line in disorders(toll):
        print("DISORDER", str(line))
    for clash in clashes(toll):
        print("CLASH", str(clash))
    if args.before:
        spans = [w for w in walks(toll) if w.road not in toll.city]
        with tempfile.TemporaryDirectory() as folder:
            old = tables_at(args.before, Path(folder))
        print(
            f"toll roads only, the same km ({sum(1 for _ in spans)} roads): resolved asked outside"
        )
        print(f"  {args.before:>10}", *counts_over(old, spans))
        print(f"  {'now':>10}", *counts_over(toll, spans))


if __name__ == "__main__":
    main()
