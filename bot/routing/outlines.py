"""Polygon outlines packed in flat arrays, and the questions a GPS pin asks of them, in
pure Python: which outlines hold a point, which bounding boxes lie near it, and how far
an outline is from it.

Why not shapely: numpy and shapely cost about 14 MB of RSS at import and the kab/kota outlines as
GEOS geometries several more (issue 21 item 4, bench/README.md), for three questions a
few hundred lines answer. The answers follow GEOS's own algorithms (3.14, which shapely
2.2 ships), so that they are the ones shapely gave, down to the floats:
- a point is held by an outline when it is inside or on its boundary (`intersects`):
  GEOS's `RayCrossingCounter`, crossings counted over every ring of the outline, with
  the same exact orientation test for a point on a segment's line;
- the nearest point of an outline (`nearest_points`, `distance`): GEOS's `DistanceOp`,
  0 and the point itself when the outline holds it, else the first segment, in ring
  order, at the least distance, with `Distance::pointToSegment` and
  `LineSegment::closestPoint`'s arithmetic.
tests/routing/test_outlines.py checks them against shapely on the shipped and on an
imported file's outlines.

Coordinates are x (longitude), y (latitude). They are kept as stored: whole grid steps
in an `array('i')` with `scale` = the grid for the shipped layers (a coordinate is
`step * scale`, the float numpy made from the same numbers), floats in an `array('d')`
with `scale` 1.0 for an imported file.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

# Segments under one bounding box: a ring's boxes are tested before its segments, so a
# pin reads the few segments near its latitude (a kab/kota ring has up to 16,000).
CHUNK = 16
# Chunks under one block's bounding box.
BLOCK = 16
# Degrees: outlines are bucketed by the grid cells their bounding boxes touch.
CELL = 0.5
# GEOS's DP_SAFE_EPSILON: the orientation filter's relative error bound (CGAlgorithmsDD).
_SAFE_EPSILON = 1e-15
# A chunk is skipped when its box is farther than the nearest segment found so far; the
# box's distance is computed apart from the segments', so this much rounding is allowed
# for (a segment at exactly the box's distance is still read).
_BOX_SLACK = 1e-9


def _sign(value: float | Fraction) -> int:
    return (value > 0) - (value < 0)


def orientation(x1: float, y1: float, x2: float, y2: float, qx: float, qy: float) -> int:
    """1 if q is left of the line p1 -> p2, -1 if right, 0 if on it, exactly: GEOS's
    `CGAlgorithmsDD::orientationIndex`, its floating-point filter, then exact
    arithmetic (GEOS uses double-double there) when the filter cannot tell."""
    detleft = (x1 - qx) * (y2 - qy)
    detright = (y1 - qy) * (x2 - qx)
    det = detleft - detright
    if detleft > 0.0:
        if detright <= 0.0:
            return _sign(det)
        detsum = detleft + detright
    elif detleft < 0.0:
        if detright >= 0.0:
            return _sign(det)
        detsum = -detleft - detright
    else:
        return _sign(det)
    bound = _SAFE_EPSILON * detsum
    if det >= bound or -det >= bound:
        return _sign(det)
    fx1, fy1, fx2, fy2 = Fraction(x1), Fraction(y1), Fraction(x2), Fraction(y2)
    exact = (fx2 - fx1) * (Fraction(qy) - fy2) - (fy2 - fy1) * (Fraction(qx) - fx2)
    return _sign(exact)


def _segment_distance(x: float, y: float, ax: float, ay: float, bx: float, by: float) -> float:
    """GEOS's `Distance::pointToSegment`, operation for operation."""
    if ax == bx and ay == by:
        return math.sqrt((x - ax) * (x - ax) + (y - ay) * (y - ay))
    len2 = (bx - ax) * (bx - ax) + (by - ay) * (by - ay)
    r = ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / len2
    if r <= 0.0:
        return math.sqrt((x - ax) * (x - ax) + (y - ay) * (y - ay))
    if r >= 1.0:
        return math.sqrt((x - bx) * (x - bx) + (y - by) * (y - by))
    s = ((ay - y) * (bx - ax) - (ax - x) * (by - ay)) / len2
    return abs(s) * math.sqrt(len2)


def _closest_on_segment(
    x: float, y: float, ax: float, ay: float, bx: float, by: float
) -> tuple[float, float]:
    """GEOS's `LineSegment::closestPoint`."""
    if x == ax and y == ay:
        factor = 0.0
    elif x == bx and y == by:
        factor = 1.0
    else:
        dx, dy = bx - ax, by - ay
        len2 = dx * dx + dy * dy
        factor = ((x - ax) * dx + (y - ay) * dy) / len2 if len2 else math.nan
    if 0 < factor < 1:
        return ax + factor * (bx - ax), ay + factor * (by - ay)
    to_a = math.sqrt((ax - x) * (ax - x) + (ay - y) * (ay - y))
    to_b = math.sqrt((bx - x) * (bx - x) + (by - y) * (by - y))
    return (ax, ay) if to_a < to_b else (bx, by)


def _box_distance(boxes: array[float], k: int, x: float, y: float) -> float:
    """Planar distance from the point to box k of `boxes` (0 inside it)."""
    dx = max(boxes[4 * k] - x, 0.0, x - boxes[4 * k + 2])
    dy = max(boxes[4 * k + 1] - y, 0.0, y - boxes[4 * k + 3])
    return math.sqrt(dx * dx + dy * dy)


class Outlines:
    """Outlines (each a polygon or a multipolygon) in the ragged layout shapely's
    `to_ragged_array` gives: `rings[k]` the first coordinate of ring k, `polygons[p]` the
    first ring of polygon p, `parts[i]` the first polygon of outline i (each with its end
    appended); rings closed (first coordinate repeated last).

    Two levels of bounding boxes let a query skip what is far: a chunk is CHUNK
    consecutive segments of one ring, a block BLOCK consecutive chunks of one outline
    (Raja Ampat's outline is 1,600 island rings: a pin near it reads a few blocks' boxes,
    not every ring)."""

    __slots__ = (
        "xs",
        "ys",
        "scale",
        "rings",
        "polygons",
        "parts",
        "_chunk_first",
        "_chunk_last",
        "_chunk_boxes",
        "_block_chunks",
        "_block_boxes",
        "_outline_blocks",
        "bounds",
        "_cells",
        "_extent",
    )

    def __init__(
        self,
        xs: array[int] | array[float],
        ys: array[int] | array[float],
        scale: float,
        rings: Sequence[int],
        polygons: Sequence[int],
        parts: Sequence[int],
    ) -> None:
        self.xs, self.ys, self.scale = xs, ys, scale
        self.rings = array("i", rings)
        self.polygons = array("i", polygons)
        self.parts = array("i", parts)
        self._index_boxes()
        self._index_cells()

    def __len__(self) -> int:
        return len(self.parts) - 1

    def _index_boxes(self) -> None:
        """Chunks, blocks and each outline's bounding box (scale > 0: the least step
        gives the least coordinate)."""
        xs, ys, scale, rings = self.xs, self.ys, self.scale, self.rings
        first, last, boxes = array("i"), array("i"), array("d")
        block_chunks, block_boxes, outline_blocks = array("i", [0]), array("d"), array("i", [0])
        bounds = array("d")

        def union(of: array[float], k0: int, k1: int) -> tuple[float, float, float, float]:
            """The box around boxes k0..k1-1 of `of`."""
            if k0 == k1:  # nothing: a box no point is in
                return math.inf, math.inf, -math.inf, -math.inf
            return (
                min(of[4 * k0 : 4 * k1 : 4]),
                min(of[4 * k0 + 1 : 4 * k1 : 4]),
                max(of[4 * k0 + 2 : 4 * k1 : 4]),
                max(of[4 * k0 + 3 : 4 * k1 : 4]),
            )

        for i in range(len(self)):
            first_chunk = len(first)
            ring0, ring1 = self.polygons[self.parts[i]], self.polygons[self.parts[i + 1]]
            for k in range(ring0, ring1):
                end = rings[k + 1] - 1
                for a in range(rings[k], end, CHUNK):
                    b = min(a + CHUNK, end)
                    first.append(a)
                    last.append(b)
                    cx, cy = xs[a : b + 1], ys[a : b + 1]
                    boxes.extend(
                        (min(cx) * scale, min(cy) * scale, max(cx) * scale, max(cy) * scale)
                    )
            for c0 in range(first_chunk, len(first), BLOCK):
                c1 = min(c0 + BLOCK, len(first))
                block_boxes.extend(union(boxes, c0, c1))
                block_chunks.append(c1)
            outline_blocks.append(len(block_chunks) - 1)
            bounds.extend(union(block_boxes, outline_blocks[i], outline_blocks[i + 1]))
        self._chunk_first, self._chunk_last, self._chunk_boxes = first, last, boxes
        self._block_chunks, self._block_boxes = block_chunks, block_boxes
        self._outline_blocks, self.bounds = outline_blocks, bounds

    def _index_cells(self) -> None:
        cells: dict[tuple[int, int], list[int]] = {}
        b = self.bounds
        for i in range(len(self)):
            if b[4 * i] > b[4 * i + 2]:
                continue
            for cx in range(math.floor(b[4 * i] / CELL), math.floor(b[4 * i + 2] / CELL) + 1):
                for cy in range(
                    math.floor(b[4 * i + 1] / CELL), math.floor(b[4 * i + 3] / CELL) + 1
                ):
                    cells.setdefault((cx, cy), []).append(i)
        self._cells = {cell: array("i", ids) for cell, ids in cells.items()}
        # the cells that exist bound a query's loop, however large its box
        xs, ys = [cx for cx, _ in cells] or [0], [cy for _, cy in cells] or [0]
        self._extent = (min(xs), min(ys), max(xs), max(ys))

    # --- which outlines -------------------------------------------------------------

    def in_box(self, xmin: float, ymin: float, xmax: float, ymax: float) -> list[int]:
        """Outlines whose bounding box meets the box (edges included), in order: what an
        STRtree query with the box gives."""
        left, bottom, right, top = self._extent
        x0, x1 = max(math.floor(xmin / CELL), left), min(math.floor(xmax / CELL), right)
        y0, y1 = max(math.floor(ymin / CELL), bottom), min(math.floor(ymax / CELL), top)
        found: set[int] = set()
        for cx in range(x0, x1 + 1):
            for cy in range(y0, y1 + 1):
                found.update(self._cells.get((cx, cy), ()))
        b = self.bounds
        return sorted(
            i
            for i in found
            if b[4 * i] <= xmax
            and xmin <= b[4 * i + 2]
            and b[4 * i + 1] <= ymax
            and ymin <= b[4 * i + 3]
        )

    def holding(self, x: float, y: float) -> list[int]:
        """Outlines that hold the point (inside or on the boundary), in order."""
        return [i for i in self.in_box(x, y, x, y) if self.holds(i, x, y)]

    # --- one outline ----------------------------------------------------------------

    def holds(self, i: int, x: float, y: float) -> bool:
        """Inside outline i or on its boundary (GEOS's RayCrossingCounter over all its
        rings: a point in a hole crosses the shell and the hole)."""
        xs, ys, s = self.xs, self.ys, self.scale
        blocks, boxes = self._block_boxes, self._chunk_boxes
        crossings = 0
        for k in range(self._outline_blocks[i], self._outline_blocks[i + 1]):
            # no segment there crosses the ray to the right, or holds the point
            if y < blocks[4 * k + 1] or y > blocks[4 * k + 3] or blocks[4 * k + 2] < x:
                continue
            for c in range(self._block_chunks[k], self._block_chunks[k + 1]):
                if y < boxes[4 * c + 1] or y > boxes[4 * c + 3] or boxes[4 * c + 2] < x:
                    continue
                a = self._chunk_first[c]
                x1, y1 = xs[a] * s, ys[a] * s
                for j in range(a + 1, self._chunk_last[c] + 1):
                    x2, y2 = xs[j] * s, ys[j] * s
                    if x1 < x and x2 < x:
                        pass  # strictly left of the point
                    elif x == x2 and y == y2:
                        return True
                    elif y1 == y and y2 == y:  # horizontal, on the ray's line
                        if min(x1, x2) <= x <= max(x1, x2):
                            return True
                    elif (y1 > y and y2 <= y) or (y2 > y and y1 <= y):
                        sign = orientation(x1, y1, x2, y2, x, y)
                        if sign == 0:
                            return True
                        if y2 < y1:
                            sign = -sign
                        if sign > 0:
                            crossings += 1
                    x1, y1 = x2, y2
        return crossings % 2 == 1

    def nearest(self, i: int, x: float, y: float) -> tuple[float, float, float]:
        """(distance, nx, ny): the planar distance in degrees from the point to outline i
        and the outline's nearest point (0 and the point itself when it holds it).

        Blocks are read nearest first, and a block or chunk farther than the nearest
        segment found so far is skipped; of equally near segments the first in the
        outline's order is kept, as GEOS keeps it."""
        if self.holds(i, x, y):
            return 0.0, x, y
        xs, ys, s = self.xs, self.ys, self.scale
        blocks, boxes = self._block_boxes, self._chunk_boxes
        best, best_j = math.inf, -1
        near = (math.nan, math.nan)
        ranked = sorted(
            (_box_distance(blocks, k, x, y), k)
            for k in range(self._outline_blocks[i], self._outline_blocks[i + 1])
        )
        for far, k in ranked:
            if far * (1 - _BOX_SLACK) > best:
                break
            for c in range(self._block_chunks[k], self._block_chunks[k + 1]):
                if _box_distance(boxes, c, x, y) * (1 - _BOX_SLACK) > best:
                    continue
                a = self._chunk_first[c]
                x1, y1 = xs[a] * s, ys[a] * s
                for j in range(a, self._chunk_last[c]):
                    x2, y2 = xs[j + 1] * s, ys[j + 1] * s
                    d = _segment_distance(x, y, x1, y1, x2, y2)
                    if d < best or (d == best and j < best_j):
                        best, best_j = d, j
                        near = _closest_on_segment(x, y, x1, y1, x2, y2)
                    x1, y1 = x2, y2
        return best, near[0], near[1]

    # --- back to shapely (the web demo's map) ------------------------------------------

    def geometries(self) -> list[BaseGeometry]:
        """Each outline as a shapely MultiPolygon, from the same numbers `read_layer` uses
        (imports numpy and shapely: only the web demo's map wants them)."""
        import numpy as np
        import shapely

        coords = np.column_stack(
            [
                np.array(self.xs, dtype=np.int64 if self.xs.typecode == "i" else np.float64),
                np.array(self.ys, dtype=np.int64 if self.ys.typecode == "i" else np.float64),
            ]
        )
        made = shapely.from_ragged_array(
            shapely.GeometryType.MULTIPOLYGON,
            coords * self.scale,
            (
                np.array(self.rings, dtype=np.int64),
                np.array(self.polygons, dtype=np.int64),
                np.array(self.parts, dtype=np.int64),
            ),
        )
        return list(made)
