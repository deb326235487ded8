"""Well-known places (city centres, landmarks) and the regency/city they lie in, read from
gps_points.csv beside this file (label, latitude, longitude, Kemendagri regency/city code).

Each point was checked against /work/shared/geo/indonesia_kabupaten.geojson.
"""

from __future__ import annotations

import csv
from pathlib import Path


def _read_points(path: Path) -> list[tuple[str, float, float, str]]:
    with path.open(encoding="utf-8", newline="") as rows:
        return [
            (row["label"], float(row["latitude"]), float(row["longitude"]), row["code"])
            for row in csv.DictReader(rows)
        ]


# (label, latitude, longitude, Kemendagri regency/city code)
GPS_POINTS: list[tuple[str, float, float, str]] = _read_points(
    Path(__file__).with_name("gps_points.csv")
)
