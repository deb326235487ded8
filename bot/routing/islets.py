"""Islets the shipped outlines leave out whose kab/kota is not the one of the nearest coast.

Owns data/geo/islets.csv: islands of Kemendagri's island list (code, name, point) that no
shipped kab/kota or kecamatan outline draws, and whose nearest outline belongs to another
kab/kota than the one they belong to. Without a row, a pin there follows the nearest-coast
rule of `BoundaryIndex.locate` and the resolver's island rule, which is right for almost
every islet (the island's own regency usually owns the nearest coast) and wrong for these.

Session 39's rows are the four islands of Kabupaten Aceh Singkil that Kepmendagri
300.2.2-2138/2025 (April 2025, the edition the shipped outlines follow) had moved to
Sumatera Utara and the agreement of 17 June 2025 returned to Aceh: they lie 1.5 to 3 km off
the Tapanuli Tengah coast, so the nearest rule sent them to Polres Tapanuli Tengah.

A row is a circle (`radius_km` around the island's point), consulted only for a pin that no
outline holds. Nothing here knows units or messages: the resolver
(`Router._resolve_point`) turns a row into its kab/kota.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.routing.boundaries import SHIPPED_DIR, haversine_km

ISLETS = SHIPPED_DIR / "islets.csv"
REGENCY_CODE = re.compile(r"\d\d\.\d\d")
# An islet's circle may not be larger than this: the table is for islets, not for moving a
# coast from one kab/kota to another.
MAX_RADIUS_KM = 3.0


class IsletError(ValueError):
    """A row of islets.csv that cannot be used (the message names the file and line)."""


@dataclass(frozen=True, slots=True)
class Islet:
    island_code: str  # Kemendagri's island code, 11.10.40081
    name: str
    regency: str  # the kab/kota it belongs to, 11.10
    lat: float
    lon: float
    radius_km: float


class Islets:
    """The rows of islets.csv, asked which islet's circle holds a pin."""

    def __init__(self, islets: Sequence[Islet]) -> None:
        self.islets = tuple(islets)

    @classmethod
    def load(cls, path: Path = ISLETS) -> Islets:
        """The shipped table; empty when the file is missing (the nearest rule then answers
        every pin off the outlines)."""
        if not path.is_file():
            return cls(())
        with path.open(newline="", encoding="utf-8") as rows:
            return cls(
                [_islet(row, f"{path.name}:{n}") for n, row in enumerate(csv.DictReader(rows), 2)]
            )

    def holding(self, lat: float, lon: float) -> Islet | None:
        """The islet whose circle holds the pin (the nearest, should two overlap)."""
        best: tuple[float, Islet] | None = None
        for islet in self.islets:
            km = haversine_km(lat, lon, islet.lat, islet.lon)
            if km <= islet.radius_km and (best is None or km < best[0]):
                best = (km, islet)
        return best[1] if best else None


def _islet(row: dict[str, str], where: str) -> Islet:
    try:
        islet = Islet(
            row["island_code"].strip(),
            row["name"].strip(),
            row["regency"].strip(),
            float(row["lat"]),
            float(row["lon"]),
            float(row["radius_km"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise IsletError(f"{where}: unreadable row ({exc})") from exc
    if not REGENCY_CODE.fullmatch(islet.regency) or not islet.island_code.startswith(
        islet.regency + "."
    ):
        raise IsletError(f"{where}: regency {islet.regency!r} is not the island code's kab/kota")
    if not (math.isfinite(islet.lat) and math.isfinite(islet.lon)):
        raise IsletError(f"{where}: the point is not a number")
    if not 0 < islet.radius_km <= MAX_RADIUS_KM:
        raise IsletError(f"{where}: radius_km must be above 0 and at most {MAX_RADIUS_KM:g}")
    return islet
