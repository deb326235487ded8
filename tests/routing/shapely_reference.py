"""The boundary index as it was before it answered in pure Python (bot/routing/boundaries.py
up to session 26): GEOS through shapely, STRtrees over the outlines. Kept as the reference
that bot/routing/outlines.py and `BoundaryIndex` must agree with (tests/routing/test_outlines.py).
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from bot.routing.boundaries import (
    DISTRICT_MARGIN_KM,
    DISTRICT_SNAP_KM,
    NEAR_TIE_KM,
    NEAR_TIE_SHARE,
    Layer,
    PointHit,
    haversine_km,
)


class ReferenceDistricts:
    def __init__(self, layer: Layer) -> None:
        self.codes = layer.codes
        self.geoms = layer.geoms
        shapely.prepare(self.geoms)
        self.tree = shapely.STRtree(self.geoms)

    def containing(self, point: shapely.Point) -> list[str]:
        return [self.codes[i] for i in self.tree.query(point, predicate="intersects")]

    def snapped(self, lat: float, lon: float, regency: str, within_km: float) -> tuple[str, ...]:
        point = shapely.Point(lon, lat)
        near = [
            i
            for i in self.tree.query(around(lat, lon, within_km + DISTRICT_MARGIN_KM))
            if self.codes[i][:5] == regency
        ]
        shapes = np.array([self.geoms[i] for i in near], dtype=object)
        degrees = shapely.distance(shapes, point)
        nearest = [near[j] for j in np.argsort(degrees, kind="stable")[:3]]
        found = sorted((km_to(self.geoms[i], lat, lon, point), self.codes[i]) for i in nearest)
        if not found or found[0][0] > within_km:
            return ()
        return tuple(sorted(c for km, c in found if km - found[0][0] < DISTRICT_MARGIN_KM))


def around(lat: float, lon: float, km: float) -> BaseGeometry:
    dlat = km / 110.574
    dlon = km / (111.320 * max(0.01, math.cos(math.radians(lat))))
    return box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)


def km_to(geometry: BaseGeometry, lat: float, lon: float, point: shapely.Point) -> float:
    on_edge = nearest_points(geometry, point)[0]
    return haversine_km(lat, lon, on_edge.y, on_edge.x)


class ReferenceIndex:
    def __init__(self, codes: list[str], geoms: list[BaseGeometry], districts: Layer) -> None:
        self.codes = codes
        self.known = frozenset(codes)
        self.geoms = list(geoms)
        shapely.prepare(self.geoms)
        self.tree = shapely.STRtree(self.geoms)
        self.districts = ReferenceDistricts(districts)

    def locate(self, lat: float, lon: float, max_km: float) -> PointHit | None:
        point = shapely.Point(lon, lat)
        inside = sorted({self.codes[i] for i in self.tree.query(point, predicate="intersects")})
        districts = self.districts.containing(point)
        if not inside and len({d[:5] for d in districts}) == 1 and districts[0][:5] in self.known:
            inside = [districts[0][:5]]
        if len(inside) > 1:
            settled = {d[:5] for d in districts} & set(inside)
            if len(settled) == 1 and all(d[:5] in settled for d in districts):
                inside = sorted(settled)
        if inside:
            return PointHit(tuple(inside), 0.0, self._districts_of(lat, lon, inside, districts, 0))
        near = self.nearest(lat, lon, max_km)
        if not near:
            return None
        km, code = near[0]
        tie = km + NEAR_TIE_KM + NEAR_TIE_SHARE * km
        second = next((c for k, c in near if c != code and k <= tie), None)
        if second is not None:
            return PointHit((code, second), round(km, 3), ())
        return PointHit((code,), round(km, 3), self._districts_of(lat, lon, [code], districts, km))

    def _districts_of(
        self, lat: float, lon: float, regencies: list[str], containing: list[str], km: float
    ) -> tuple[str, ...]:
        if len(regencies) != 1:
            return ()
        mine = tuple(sorted(d for d in containing if d[:5] == regencies[0]))
        if mine:
            return mine
        return self.districts.snapped(lat, lon, regencies[0], km + DISTRICT_SNAP_KM)

    def nearest(self, lat: float, lon: float, max_km: float) -> list[tuple[float, str]]:
        point = shapely.Point(lon, lat)
        found: list[tuple[float, str]] = []
        for i in self.tree.query(around(lat, lon, max_km)):
            km = km_to(self.geoms[i], lat, lon, point)
            if km <= max_km:
                found.append((km, self.codes[i]))
        return sorted(found)
