"""Reading stored outlines into `Outlines` without numpy or shapely (issue 21 item 4: the
bot's process never imports them): the arrays of a numpy `.npz` file, as `write_layer`
(bot/routing/boundaries.py) saves the shipped layers, and WKB, as `save_boundaries` keeps
an imported file.

Only what those writers produce is read: `.npy` members of little-endian int32, int64,
float64 or unicode arrays in C order (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html),
and WKB/EWKB polygons, multipolygons and collections of them, 2D or with Z/M
(https://libgeos.org/specifications/wkb/).
"""

from __future__ import annotations

import ast
import logging
import struct
import sys
import zipfile
from array import array
from collections.abc import Iterable
from itertools import accumulate
from pathlib import Path
from typing import Any

from bot.routing.outlines import Outlines

log = logging.getLogger(__name__)

NPY_MAGIC = b"\x93NUMPY"
# numpy dtype -> array typecode (itemsizes checked below: 'i' is 4 bytes, 'q' 8, 'd' 8)
_TYPECODES = {"<i4": "i", "<i8": "q", "<f8": "d"}

# WKB geometry types (the low digits; ISO adds 1000 for Z, 2000 for M, 3000 for ZM)
_POLYGON, _MULTIPOLYGON, _COLLECTION = 3, 6, 7
# EWKB's flags in the type word (PostGIS, and shapely's default "extended" flavour)
_EWKB_Z, _EWKB_M, _EWKB_SRID = 0x80000000, 0x40000000, 0x20000000


class OutlineFileError(ValueError):
    """A stored outline file cannot be read."""


def read_npz(path: Path) -> dict[str, array[Any] | list[str]]:
    """Every array of a `.npz` file, flat: numbers as an `array`, text as a list of str."""
    arrays: dict[str, array[Any] | list[str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(".npy"):
                    arrays[member[: -len(".npy")]] = _read_npy(archive.read(member))
    except (OSError, zipfile.BadZipFile, ValueError, SyntaxError) as exc:
        raise OutlineFileError(f"cannot read {path}: {exc}") from exc
    return arrays


def _read_npy(raw: bytes) -> array[Any] | list[str]:
    if raw[:6] != NPY_MAGIC:
        raise OutlineFileError("not a .npy array")
    if raw[6] == 1:
        size, start = int.from_bytes(raw[8:10], "little"), 10
    else:
        size, start = int.from_bytes(raw[8:12], "little"), 12
    header = ast.literal_eval(raw[start : start + size].decode("latin-1"))
    if header["fortran_order"]:
        raise OutlineFileError("Fortran-ordered array")
    body = raw[start + size :]
    descr: str = header["descr"]
    if descr.startswith("<U"):  # fixed-width UTF-32, padded with NULs
        width = 4 * int(descr[2:])
        return [
            body[k : k + width].decode("utf-32-le").rstrip("\0") for k in range(0, len(body), width)
        ]
    typecode = _TYPECODES.get(descr)
    if typecode is None:
        raise OutlineFileError(f"unexpected dtype {descr}")
    values = array(typecode)
    if values.itemsize != int(descr[2:]):
        raise OutlineFileError(f"no array typecode of {descr}'s size here")
    values.frombytes(body)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def layer_outlines(arrays: dict[str, array[Any] | list[str]], scale: float) -> Outlines:
    """The outlines of a layer `write_layer` saved: `delta` holds each coordinate's steps
    from the previous one (x, y interleaved), summed back here into whole steps."""
    delta = arrays["delta"]
    if not isinstance(delta, array):
        raise OutlineFileError("delta is not numeric")
    try:
        xs = array("i", accumulate(delta[0::2]))
        ys = array("i", accumulate(delta[1::2]))
    except OverflowError as exc:
        raise OutlineFileError("coordinates out of range") from exc
    return Outlines(
        xs, ys, scale, _ints(arrays["rings"]), _ints(arrays["polygons"]), _ints(arrays["parts"])
    )


def _ints(values: array[Any] | list[str]) -> array[int]:
    if not isinstance(values, array) or values.typecode not in "iq":
        raise OutlineFileError("offsets are not integers")
    return array("i", values)


# --- WKB ----------------------------------------------------------------------------------


class _Builder:
    """Outlines in the making: each outline's polygons, each polygon's rings."""

    def __init__(self) -> None:
        self.xs: array[float] = array("d")
        self.ys: array[float] = array("d")
        self.rings = [0]
        self.polygons = [0]
        self.parts = [0]

    def ring(self, points: Iterable[tuple[float, float]]) -> None:
        for x, y in points:
            self.xs.append(x)
            self.ys.append(y)
        self.rings.append(len(self.xs))

    def end_polygon(self) -> None:
        self.polygons.append(len(self.rings) - 1)

    def end_outline(self) -> None:
        self.parts.append(len(self.polygons) - 1)

    def outlines(self) -> Outlines:
        return Outlines(self.xs, self.ys, 1.0, self.rings, self.polygons, self.parts)


def wkb_outlines(blobs: Iterable[bytes]) -> Outlines:
    """One outline per WKB geometry: its polygons, in order (a collection's polygonal
    members; anything else in it is left out, with a warning)."""
    built = _Builder()
    for n, blob in enumerate(blobs):
        try:
            end = _read_geometry(memoryview(blob), 0, built, n)
        except (struct.error, IndexError) as exc:
            raise OutlineFileError(f"geometry {n}: truncated WKB") from exc
        if end != len(blob):
            raise OutlineFileError(f"geometry {n}: {len(blob) - end} bytes after the WKB")
        built.end_outline()
    return built.outlines()


def _read_geometry(data: memoryview, at: int, built: _Builder, n: int) -> int:
    """Reads one geometry at `at` into `built`; returns where it ends."""
    order = "<" if data[at] == 1 else ">"
    (word,) = struct.unpack_from(order + "I", data, at + 1)
    at += 5
    dims = 2 + bool(word & _EWKB_Z) + bool(word & _EWKB_M)
    if word & _EWKB_SRID:
        at += 4
    kind = word & 0x0FFFFFFF
    if kind >= 1000:  # ISO: 1000 Z, 2000 M, 3000 ZM
        dims = 2 + (kind // 1000 in (1, 3)) + (kind // 1000 in (2, 3))
        kind %= 1000
    if kind == _POLYGON:
        return _read_polygon(data, at, order, dims, built)
    if kind in (_MULTIPOLYGON, _COLLECTION):
        (count,) = struct.unpack_from(order + "I", data, at)
        at += 4
        for _ in range(count):
            at = _read_geometry(data, at, built, n)
        return at
    log.warning("imported boundary %d: a geometry of WKB type %d left out", n, kind)
    return _skip_geometry(data, at, order, dims, kind)


def _read_polygon(data: memoryview, at: int, order: str, dims: int, built: _Builder) -> int:
    (rings,) = struct.unpack_from(order + "I", data, at)
    at += 4
    point = struct.Struct(order + "d" * dims)
    for _ in range(rings):
        (count,) = struct.unpack_from(order + "I", data, at)
        at += 4
        built.ring(point.unpack_from(data, at + k * point.size)[:2] for k in range(count))
        at += count * point.size
    built.end_polygon()
    return at


def _skip_geometry(data: memoryview, at: int, order: str, dims: int, kind: int) -> int:
    """Where a non-polygonal geometry (point, line, their multi forms) ends."""
    size = 8 * dims
    if kind == 1:
        return at + size
    (count,) = struct.unpack_from(order + "I", data, at)
    at += 4
    if kind == 2:
        return at + count * size
    if kind in (4, 5):
        ignored = _Builder()
        for _ in range(count):
            at = _read_geometry(data, at, ignored, -1)
        return at
    raise OutlineFileError(f"unknown WKB geometry type {kind}")
