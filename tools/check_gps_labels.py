"""Check a labelled GPS set's points against the source's village outlines.

    python tools/check_gps_labels.py CHECKOUT FILE.jsonl [COMMIT]

CHECKOUT is a git directory of https://github.com/cahyadsn/wilayah_boundaries (MIT), the
source of the shipped outlines (data/geo/README.md). Its `db/kel/` holds every desa/kelurahan
outline, far finer than the kab/kota and kecamatan outlines Dumas ships. For each line of
FILE (tests/eval/gps format) that the shipped outlines do not give to its labelled kab/kota
alone (inside it, or nearest to it), this reads the village outlines of the labelled
kab/kota and of the one the shipped outlines give, and says which of these the miss is:

- `point`: the point lies outside every village of its labelled kab/kota by more than
  EDGE_KM, inside a village of another: the point (rounded, geocoded) or its label is wrong,
  not the outlines; fix or drop the line before adding it to a set;
- `outline`: a village of the labelled kab/kota holds it: the shipped outlines are wrong
  there (a better outline source would fix it);
- `edge`: within EDGE_KM of the labelled kab/kota's villages: a border the outlines cannot
  settle;
- `undrawn`: no village outline holds it (sea, an islet no layer draws): the nearest rule
  answers (bot/routing/resolver.py) or data/geo/islets.csv.

It refuses the held-out sets: check a fresh set before it is split, and the development
half (session 39 classified the development misses with it: data/routing/README.md).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_shipped_boundaries import ROW, _git, outline

from bot.evaluation.places import is_held_out
from bot.routing.boundaries import BoundaryIndex, haversine_km
from bot.routing.regions import RegionTree

# Closer than this to the labelled kab/kota's villages, a miss is the border's, not the point's.
EDGE_KM = 0.2


@cache
def villages(checkout: str, commit: str, regency: str) -> list[tuple[str, str, BaseGeometry]]:
    """(code, name, outline) of every village of a kab/kota in the source."""
    name = f"{commit}:db/kel/{regency[:2]}/wilayah_boundaries_kel_{regency}.sql"
    return [
        (m.group(1), m.group(2), outline(m.group(5)))
        for m in ROW.finditer(_git(checkout, "show", name))
    ]


def km_to(point: Point, shape: BaseGeometry) -> float:
    _, there = nearest_points(point, shape)
    return haversine_km(point.y, point.x, there.y, there.x)


def classify(checkout: str, commit: str, item: dict[str, object], shipped: list[str]) -> str:
    lat, lon, label = float(str(item["lat"])), float(str(item["lon"])), str(item["regency"])
    point = Point(lon, lat)
    mine = villages(checkout, commit, label)
    if not mine:
        return f"undrawn (the source has no village outlines of {label})"
    if any(shape.contains(point) for _code, _name, shape in mine):
        return "outline"
    off = min(km_to(point, shape) for _code, _name, shape in mine)
    holders = [
        f"{code} {name}"
        for regency in shipped
        if regency != label
        for code, name, shape in villages(checkout, commit, regency)
        if shape.contains(point)
    ]
    kind = "edge" if off <= EDGE_KM else "point" if holders else "undrawn"
    held = f", in {'; '.join(holders)}" if holders else ""
    return f"{kind} ({off:.2f} km outside {label}'s villages{held})"


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__)
        return 2
    checkout, path, commit = argv[1], Path(argv[2]), argv[3] if len(argv) > 3 else "HEAD"
    if is_held_out(path):
        print("refused: the held-out half is read only by `dumas routing eval`", file=sys.stderr)
        return 2
    index = BoundaryIndex.shipped(RegionTree())
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    counts: dict[str, int] = {}
    for item in lines:
        hit = index.locate(float(item["lat"]), float(item["lon"]), 10.0)
        codes = list(hit.codes) if hit else []
        if codes == [item["regency"]]:
            continue  # inside it, or nearest to it alone: the pin routes right
        verdict = classify(checkout, commit, item, codes)
        counts[verdict.split()[0]] = counts.get(verdict.split()[0], 0) + 1
        where = f"labelled {item['regency']}, shipped outlines {codes}"
        print(f"{item['label']!r} ({item.get('kind')}): {where}: {verdict}")
    print(f"{len(lines)} lines; not inside their kab/kota by the shipped outlines: {counts or 0}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
