"""Build the boundary files shipped in data/geo/ from cahyadsn/wilayah_boundaries.

    python tools/build_shipped_boundaries.py CHECKOUT [COMMIT]

CHECKOUT is a git directory (or work tree) of https://github.com/cahyadsn/wilayah_boundaries
(MIT). Its `db/kab/*.sql` and `db/kec/*.sql` hold one row per kab/kota and per kecamatan:
the Kemendagri code (Kepmendagri 300.2.2-2138/2025), the name, a centroid and the outline as
`[[[[lat, lng], ...]]]` (latitude first). This writes data/geo/kabupaten.npz and
data/geo/kecamatan.npz (bot/routing/boundaries.py, `write_layer`/`read_layer`: the outlines
as shapely ragged arrays, longitude first, on a 1e-5 degree grid -- about 1 m, far below the
simplification the source already applied). GeoJSON would be the obvious format, but parsing
7,284 outlines of it takes over two seconds, and start-up must stay under two.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bot.routing.boundaries import GRID, Layer, write_layer

OUT_DIR = Path(__file__).resolve().parents[1] / "data" / "geo"
# ('11.01','Simeulue',2.61,96.08,'[[[[lat,lng],...]]]') -- names may hold doubled quotes
ROW = re.compile(
    r"\('([0-9.]+)','((?:[^']|'')*)',(-?[0-9.eE+-]+|NULL),(-?[0-9.eE+-]+|NULL),'(\[.*?\])'\)",
    re.S,
)


def _git(checkout: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", checkout, *args], capture_output=True, text=True, check=True
    ).stdout


def rows(checkout: str, commit: str, level: str) -> Iterator[tuple[str, str, Any, Any, str]]:
    for name in _git(checkout, "ls-tree", "-r", "--name-only", commit, f"db/{level}/").split():
        for match in ROW.finditer(_git(checkout, "show", f"{commit}:{name}")):
            code, label, lat, lng, path = match.groups()
            yield code, label.replace("''", "'"), lat, lng, path


def outline(path: str) -> BaseGeometry:
    """The source's latitude-first (multi)polygon as a valid shapely geometry."""
    data = json.loads(path)
    depth, probe = 0, data
    while isinstance(probe, list) and probe:
        depth, probe = depth + 1, probe[0]
    polygons_data = data if depth == 4 else [data] if depth == 3 else [[data]]
    polygons = []
    for rings_data in polygons_data:
        rings = [[(p[1], p[0]) for p in ring] for ring in rings_data if len(ring) >= 3]
        if rings:
            polygons.append(Polygon(rings[0], rings[1:]))
    geometry: BaseGeometry = MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]
    geometry = shapely.set_precision(shapely.make_valid(geometry), GRID)
    # make_valid may leave stray lines or points beside the polygons
    parts = [g for g in shapely.get_parts(geometry) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def layer(checkout: str, commit: str, level: str) -> Layer:
    codes: list[str] = []
    names: list[str] = []
    points: list[tuple[float, float] | None] = []
    outlines: list[BaseGeometry] = []
    for code, name, lat, lng, path in sorted(rows(checkout, commit, level)):
        codes.append(code)
        names.append(name)
        # the source's centroid (None where it gives none)
        points.append((float(lat), float(lng)) if "NULL" not in (lat, lng) else None)
        outlines.append(outline(path))
    return Layer(codes, names, points, outlines)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    checkout, commit = argv[1], argv[2] if len(argv) > 2 else "HEAD"
    print("source commit", _git(checkout, "rev-parse", commit).strip())
    for level, filename in (("kab", "kabupaten"), ("kec", "kecamatan")):
        target = OUT_DIR / f"{filename}.npz"
        built = layer(checkout, commit, level)
        write_layer(target, built)
        print(f"{target}: {len(built.codes)} outlines, {target.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
