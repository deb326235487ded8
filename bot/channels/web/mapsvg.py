"""The location picker's map: the imported regency boundaries drawn as SVG on the server.

Coordinates are plain degrees (x = longitude, y = -latitude), so the page turns a click
into a GPS pin with the SVG's own transform and no map library or tile server is needed.
The country view colours regencies by province (a click opens that province); a
province view draws its regencies in more detail (a click there is the pin).
"""

from __future__ import annotations

import html
from functools import lru_cache

import shapely
from shapely.geometry.base import BaseGeometry

from bot.routing.boundaries import BoundaryIndex
from bot.routing.regions import RegionTree

COUNTRY_TOLERANCE = 0.05  # degrees (~5 km): enough to recognise the islands
PROVINCE_TOLERANCE = 0.004  # ~400 m
_PALETTE = ("#dbe7d4", "#e8dcc8", "#d4e0ea", "#eadbe3", "#e5e6cf", "#d6e6e2", "#e9d6cf")


def _path(geom: BaseGeometry, digits: int) -> str:
    parts: list[str] = []
    polygons = getattr(geom, "geoms", [geom])
    for poly in polygons:
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        for ring in (poly.exterior, *poly.interiors):
            coords = list(ring.coords)
            if len(coords) < 4:
                continue
            parts.append("M" + "L".join(f"{x:.{digits}f},{-y:.{digits}f}" for x, y in coords) + "Z")
    return "".join(parts)


def _view_box(bounds: tuple[float, float, float, float], pad: float) -> str:
    minx, miny, maxx, maxy = bounds
    return (
        f"{minx - pad:.3f} {-maxy - pad:.3f} {maxx - minx + 2 * pad:.3f} "
        f"{maxy - miny + 2 * pad:.3f}"
    )


class MapRenderer:
    def __init__(self, index: BoundaryIndex, tree: RegionTree) -> None:
        self.index = index
        self.tree = tree

    def provinces(self) -> list[tuple[str, str]]:
        codes = sorted({c.split(".")[0] for c in self.index.codes})
        return [(c, self.tree.name(c) or c) for c in codes]

    @lru_cache(maxsize=64)  # noqa: B019 - one renderer per process, few distinct maps
    def svg(self, province: str | None = None) -> str:
        chosen = [
            (c, g)
            for c, g in zip(self.index.codes, self.index.geoms, strict=True)
            if province is None or c.split(".")[0] == province
        ]
        if not chosen:
            return ""
        tolerance = COUNTRY_TOLERANCE if province is None else PROVINCE_TOLERANCE
        digits = 2 if province is None else 3
        bounds = shapely.GeometryCollection([g for _, g in chosen]).bounds
        pad = 0.3 if province is None else 0.05
        width = max(0.01, bounds[2] - bounds[0])
        stroke = width / 900
        paths = []
        provinces = sorted({c.split(".")[0] for c, _ in chosen})
        colour = {p: _PALETTE[i % len(_PALETTE)] for i, p in enumerate(provinces)}
        for code, geom in chosen:
            d = _path(shapely.simplify(geom, tolerance, preserve_topology=True), digits)
            if not d:
                continue
            prov = code.split(".")[0]
            name = html.escape(self.tree.name(code) or code)
            paths.append(
                f'<path d="{d}" data-code="{code}" data-province="{prov}" '
                f'fill="{colour[prov]}"><title>{name}</title></path>'
            )
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="map" '
            f'viewBox="{_view_box(bounds, pad)}" preserveAspectRatio="xMidYMid meet" '
            f'stroke="#6b7d6a" stroke-width="{stroke:.4f}" stroke-linejoin="round">'
            + "".join(paths)
            + "</svg>"
        )
