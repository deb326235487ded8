"""The pure-Python outlines (bot/routing/outlines.py) and the `BoundaryIndex` over them
answer as GEOS did through shapely (tests/routing/shapely_reference.py, the index as it
was): on the shipped layers, on an imported file, and on points placed exactly on
vertices and edges, where only an exact orientation test agrees."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from bot.routing.boundaries import (
    BOUNDARY_FILE,
    SHIPPED_DISTRICTS,
    BoundaryIndex,
    Layer,
    read_layer,
    shipped_boundaries,
)
from bot.routing.outlines import orientation
from bot.routing.regions import RegionTree
from tests.routing.shapely_reference import ReferenceIndex

Point = tuple[float, float]  # (lat, lon)


@pytest.fixture(scope="module")
def districts() -> Layer:
    return read_layer(SHIPPED_DISTRICTS)


@pytest.fixture(scope="module")
def shipped_reference(tree: RegionTree, districts: Layer) -> ReferenceIndex:
    geoms, _report = shipped_boundaries(tree)
    codes = sorted(geoms)
    return ReferenceIndex(codes, [geoms[c] for c in codes], districts)


def pins(districts: Layer, seed: int, anywhere: int, near: int) -> list[Point]:
    """Pins all over the map (most at sea), pins scattered around kecamatan, and pins on
    their vertices, on their edges and level with a vertex (the ray-crossing test's
    special cases)."""
    rnd = random.Random(seed)
    points = [(rnd.uniform(-11.5, 6.5), rnd.uniform(94.0, 141.5)) for _ in range(anywhere)]
    for outline in rnd.sample(districts.geoms, near):
        inside = outline.representative_point()
        points += [(inside.y + rnd.gauss(0, 0.05), inside.x + rnd.gauss(0, 0.05))]
        coords = shapely.get_coordinates(outline)
        k = rnd.randrange(len(coords) - 1)
        (x1, y1), (x2, y2) = coords[k], coords[k + 1]
        t = rnd.random()
        points += [
            (float(y1), float(x1)),
            (float(y1 + t * (y2 - y1)), float(x1 + t * (x2 - x1))),
            (float(y1), float(x1 + 0.5 * (x2 - x1))),
        ]
    return points


def test_shipped_index_locates_as_geos(
    tree: RegionTree, districts: Layer, shipped_reference: ReferenceIndex
) -> None:
    index = BoundaryIndex.shipped(tree)
    points = pins(districts, seed=21, anywhere=600, near=300)
    located = [index.locate(lat, lon, 10.0) for lat, lon in points]
    assert located == [shipped_reference.locate(lat, lon, 10.0) for lat, lon in points]
    assert sum(hit is None for hit in located) > 100  # the sea
    assert sum(hit is not None and hit.distance_km == 0 for hit in located) > 900


def test_shipped_index_finds_the_nearest_islands_as_geos(
    tree: RegionTree, districts: Layer, shipped_reference: ReferenceIndex
) -> None:
    """What the router asks of a pin in no outline (`Router._island`): every regency
    within 150 km and its distance, to the float."""
    index = BoundaryIndex.shipped(tree)
    points = pins(districts, seed=4, anywhere=300, near=0)
    assert [index.nearest(lat, lon, 150.0) for lat, lon in points] == [
        shipped_reference.nearest(lat, lon, 150.0) for lat, lon in points
    ]


def test_imported_index_locates_as_geos(
    boundaries: BoundaryIndex, data_dir: Path, districts: Layer
) -> None:
    """The imported file (WKB, float coordinates) read without shapely."""
    payload = pickle.loads((data_dir / "geo" / BOUNDARY_FILE).read_bytes())
    reference = ReferenceIndex(
        list(payload["codes"]), list(shapely.from_wkb(payload["wkb"])), districts
    )
    points = pins(districts, seed=7, anywhere=400, near=200)
    for lat, lon in points:
        assert boundaries.locate(lat, lon, 10.0) == reference.locate(lat, lon, 10.0), (lat, lon)


def test_holes_and_parts_as_geos() -> None:
    """A multipolygon with a hole, a part touching the shell and a degenerate segment:
    held and nearest as shapely's `intersects` and `nearest_points` say."""
    shell = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
    hole = [(0.25, 0.25), (0.75, 0.25), (0.5, 0.75), (0.25, 0.25)]
    shape = MultiPolygon([Polygon(shell, [hole]), box(1.0, 1.0, 1.5, 1.3)])
    index = BoundaryIndex.from_geometries(["01.01"], [shape])
    outlines = index.outlines
    rnd = random.Random(3)
    points = [(rnd.uniform(-0.5, 2.0), rnd.uniform(-0.5, 2.0)) for _ in range(3000)]
    points += [(x, y) for x, y in shell + hole] + [(0.5, 0.25), (0.375, 0.5), (1.25, 1.0)]
    for x, y in points:
        point = shapely.Point(x, y)
        assert outlines.holds(0, x, y) == shape.intersects(point), (x, y)
        distance, nx, ny = outlines.nearest(0, x, y)
        on_shape = shapely.ops.nearest_points(shape, point)[0]
        assert (distance, nx, ny) == (shape.distance(point), on_shape.x, on_shape.y), (x, y)


def test_orientation_is_exact_where_floats_cannot_tell() -> None:
    """Points on the line through two grid points near the equator, in decimal degrees
    (as pins on a shipped outline's edge are): collinear but for the floats' rounding,
    where the floating-point determinant's sign can be wrong. The sign agrees with GEOS's
    (shapely's `is_ccw` of the three points, `intersects` where they are collinear),
    also where the plain determinant's does not."""
    rnd = random.Random(11)
    float_wrong = 0
    for _ in range(20_000):
        a, b = rnd.randrange(9_500_000, 14_100_000), rnd.randrange(-2000, 2000)
        da, db = 8 * rnd.randrange(-100, 100), 8 * rnd.randrange(-100, 100)
        k = rnd.randrange(1, 8)
        x1, y1, x2, y2 = a * 1e-5, b * 1e-5, (a + da) * 1e-5, (b + db) * 1e-5
        qx, qy = (a + da * k // 8) * 1e-5, (b + db * k // 8) * 1e-5
        mine = orientation(x1, y1, x2, y2, qx, qy)
        det = (x1 - qx) * (y2 - qy) - (y1 - qy) * (x2 - qx)
        float_wrong += mine != (det > 0) - (det < 0)
        if mine == 0:
            assert shapely.Point(qx, qy).intersects(shapely.LineString([(x1, y1), (x2, y2)]))
        else:
            ring = shapely.LinearRing([(x1, y1), (x2, y2), (qx, qy)])
            assert ring.is_ccw == (mine > 0), (x1, y1, x2, y2, qx, qy)
    assert float_wrong > 100  # 309 with this seed: the exact path decided those
