"""GPS pins: the shipped kab/kota and kecamatan outlines, importing a regency/city boundary
file, and answering point-in-polygon.

Owns: reading and writing the shipped outline layers (data/geo/*.npz, built by
tools/build_shipped_boundaries.py), reading a GeoJSON file with any property names and
matching each feature to a Kemendagri regency code (by a code property, or by name within
its province, with the "Kota "/"Kabupaten "/"Kota Administrasi " prefixes and spelling
variants), saving the matched geometries as WKB under <DUMAS_DATA_DIR>/geo/, and the index
that maps a point to the regency containing it (or the nearest one within a distance in
km) and to its kecamatan.

The index answers in pure Python over packed outlines (bot/routing/outlines.py), read
without numpy or shapely (bot/routing/outline_files.py): a running bot never imports them
(14 MB of RSS, issue 21 item 4). Writing layers, importing a GeoJSON file and the web
demo's map still use shapely, imported where they need it.
"""

from __future__ import annotations

import csv
import json
import math
import pickle
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from bot.routing.outline_files import OutlineFileError, layer_outlines, read_npz, wkb_outlines
from bot.routing.outlines import Outlines
from bot.routing.place_words import ALIASES, name_key
from bot.routing.regions import RegionTree, bare_regency_name, level_of
from bot.settings import DATA_ROOT

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

BOUNDARY_FILE = "regencies.wkb.pickle"
# Shipped with the product so that a pin routes on a fresh install (data/geo/README.md):
# every kab/kota and every kecamatan of Kepmendagri 300.2.2-2138/2025 (MIT, cahyadsn).
SHIPPED_DIR = DATA_ROOT / "geo"
SHIPPED_REGENCIES = SHIPPED_DIR / "kabupaten.npz"
SHIPPED_DISTRICTS = SHIPPED_DIR / "kecamatan.npz"
NEIGHBOUR_TOWNS = SHIPPED_DIR / "neighbour_towns.csv"
FORMAT_VERSION = 1
LAYER_FORMAT = 1
# The shipped outlines' coordinate grid in degrees (about 1 m).
GRID = 1e-5
# A pin in its regency but in none of that regency's kecamatan outlines (the two layers were
# simplified apart, so slivers along a regency's edge belong to no kecamatan) takes the
# nearest kecamatan of the regency within this distance, when the next one is clearly
# farther (DISTRICT_MARGIN_KM): the sliver is about as wide as the simplification error.
# A pin off the coast, d km from its nearest regency, allows d + this distance.
DISTRICT_SNAP_KM = 1.0
DISTRICT_MARGIN_KM = 0.3
# A pin in no outline (at sea, in a gap between outlines) about as near to two kab/kota:
# within this much plus a tenth of the distance, the nearer is a coin toss of the outlines'
# simplification (session 28: on points moved seaward from the shipped coasts, half of
# those within 1 km of equidistant went to the other kab/kota), so the citizen is asked.
NEAR_TIE_KM = 0.5
NEAR_TIE_SHARE = 0.1
EARTH_RADIUS_KM = 6371.0088
NAME_CUTOFF = 80.0
# Indonesia's bounding box, generously: points outside are "outside".
LAT_RANGE = (-11.5, 6.5)
LON_RANGE = (94.0, 141.5)

# Property names tried when none is given.
NAME_PROPERTIES = ("WADMKK", "NAMOBJ", "NAME_2", "name", "nama", "kabkot", "KABKOT", "NAMA_KAB")
PROVINCE_PROPERTIES = ("WADMPR", "NAME_1", "provinsi", "PROVINSI", "province", "NAMA_PROV")
CODE_PROPERTIES = ("KDPKAB", "kode", "code", "KODE_KAB", "kdpkab", "ADM2_PCODE")
# Regencies renamed since older boundary files were drawn: old bare name -> code.
RENAMED: dict[str, str] = {
    "toba samosir": "12.12",
    "maluku tenggara barat": "81.03",
    "pontianak": "61.02",
    "siau tagulandang biaro": "71.09",
    "kepulauan siau tagulandang biaro": "71.09",
    "pangkajene kepulauan": "73.10",
}
_PREFIXES = (
    ("kota administrasi ", "kota"),
    ("kota adm ", "kota"),
    ("kota ", "kota"),
    ("kabupaten administrasi ", "kabupaten"),
    ("kabupaten ", "kabupaten"),
    ("kab adm ", "kabupaten"),
    ("kab ", "kabupaten"),
)


class BoundaryError(ValueError):
    """The boundary file cannot be read or used."""


@dataclass(slots=True)
class Layer:
    """One level of shipped outlines as shapely geometries (for writing the layer files and
    for tests): Kemendagri codes, names, the source's own centroid of each (lat, lon; None
    where it gave none) and the (multi)polygons, longitude first."""

    codes: list[str]
    names: list[str]
    points: list[tuple[float, float] | None]
    geoms: list[BaseGeometry]


def write_layer(path: Path, layer: Layer) -> None:
    """Save a layer as numpy arrays: the outlines as a shapely ragged array whose
    coordinates are whole GRID steps, delta-coded so that they compress well."""
    import numpy as np
    import shapely
    from shapely.geometry import MultiPolygon

    multi = [g if g.geom_type == "MultiPolygon" else MultiPolygon([g]) for g in layer.geoms]
    _kind, coords, offsets = shapely.to_ragged_array(multi)
    steps = np.rint(coords / GRID).astype(np.int64)
    delta = np.diff(steps, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).astype(np.int32)
    nowhere = (np.nan, np.nan)
    points = np.array([nowhere if p is None else p for p in layer.points], dtype=np.float64)
    with path.open("wb") as out:
        np.savez_compressed(
            out,
            format=np.array(LAYER_FORMAT),
            codes=np.array(layer.codes),
            names=np.array(layer.names),
            points=points,
            delta=delta,
            rings=offsets[0].astype(np.int32),
            polygons=offsets[1].astype(np.int32),
            parts=offsets[2].astype(np.int32),
        )


def read_layer(path: Path) -> Layer:
    """A layer written by `write_layer` as shapely geometries (about 0.1 s for the 7,284
    kecamatan; imports numpy and shapely: the index reads `read_outlines`)."""
    import numpy as np
    import shapely

    try:
        with np.load(path, allow_pickle=False) as data:
            if int(data["format"]) != LAYER_FORMAT:
                raise BoundaryError(f"{path}: unknown layer format")
            coords = np.cumsum(data["delta"], axis=0, dtype=np.int64) * GRID
            geoms = shapely.from_ragged_array(
                shapely.GeometryType.MULTIPOLYGON,
                coords,
                (data["rings"], data["polygons"], data["parts"]),
            )
            points: list[tuple[float, float] | None] = [
                None if np.isnan(lat) else (float(lat), float(lon)) for lat, lon in data["points"]
            ]
            return Layer(
                [str(c) for c in data["codes"]],
                [str(n) for n in data["names"]],
                points,
                list(geoms),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise BoundaryError(f"cannot read {path}: {exc}") from exc


def read_outlines(path: Path) -> tuple[list[str], Outlines]:
    """A layer written by `write_layer`: its codes and its outlines, packed (whole GRID
    steps, 4 bytes a number: the 287k kecamatan coordinates take 2.3 MB)."""
    try:
        arrays = read_npz(path)
        version, codes = arrays["format"], arrays["codes"]
        if not isinstance(version, Sequence) or list(version) != [LAYER_FORMAT]:
            raise BoundaryError(f"{path}: unknown layer format")
        if not isinstance(codes, list):
            raise BoundaryError(f"{path}: codes are not text")
        outlines = layer_outlines(arrays, GRID)
    except (OutlineFileError, KeyError) as exc:
        raise BoundaryError(f"cannot read {path}: {exc}") from exc
    if len(outlines) != len(codes):
        raise BoundaryError(f"{path}: {len(codes)} codes for {len(outlines)} outlines")
    return codes, outlines


@dataclass(slots=True)
class ImportReport:
    source: str
    features: int = 0
    matched: dict[str, list[int]] = field(default_factory=dict)  # code -> feature indexes
    unmatched: list[tuple[int, str, str]] = field(default_factory=list)  # index, label, reason
    fuzzy: list[tuple[int, str, str, float]] = field(default_factory=list)  # index, label, code
    missing: list[str] = field(default_factory=list)  # regencies without any feature

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "features": self.features,
            "matched_regencies": len(self.matched),
            "merged": {c: ix for c, ix in self.matched.items() if len(ix) > 1},
            "fuzzy_matches": [
                {"feature": i, "label": lbl, "code": c, "score": s} for i, lbl, c, s in self.fuzzy
            ],
            "unmatched": [
                {"feature": i, "label": lbl, "reason": r} for i, lbl, r in self.unmatched
            ],
            "regencies_without_feature": self.missing,
        }


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", name_key(text)).strip()


def _split_kind(label: str) -> tuple[str | None, str]:
    key = _clean(label)
    for prefix, kind in _PREFIXES:
        if key.startswith(prefix):
            return kind, key[len(prefix) :]
    return None, key


class _NameMatcher:
    """Kemendagri regency codes by (province, name) as boundary files write them."""

    def __init__(self, tree: RegionTree) -> None:
        self.tree = tree
        self.provinces = {_clean(name): code for code, name in tree.items(1)}
        for alias, codes in ALIASES.items():
            if len(codes) == 1 and level_of(codes[0]) == 1:
                self.provinces.setdefault(alias, codes[0])
        self.regencies: dict[str, list[tuple[str, str, str]]] = {}  # prov -> (code, kind, key)
        for code, name in tree.items(2):
            kind = "kota" if name.startswith("Kota") else "kabupaten"
            self.regencies.setdefault(code[:2], []).append(
                (code, kind, _clean(bare_regency_name(name)))
            )

    def province(self, label: str) -> str | None:
        key = _clean(label)
        if key in self.provinces:
            return self.provinces[key]
        hit = process.extractOne(
            key, list(self.provinces), scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF
        )
        return self.provinces[hit[0]] if hit else None

    def regency(self, label: str, province: str | None) -> tuple[str | None, float, str]:
        """(code, score, reason): 100 for an exact name, less for a spelling variant."""
        kind, key = _split_kind(label)
        pool = (
            self.regencies.get(province, [])
            if province
            else [r for rs in self.regencies.values() for r in rs]
        )
        if not pool:
            return None, 0.0, "unknown province"
        if kind != "kota" and key in RENAMED and (province is None or RENAMED[key][:2] == province):
            return RENAMED[key], 100.0, ""
        same_kind = [r for r in pool if kind is None or r[1] == kind]
        exact = [r for r in same_kind if r[2] == key]
        if kind is None and len(exact) > 1:  # "Bogor" unprefixed: the regency
            exact = [r for r in exact if r[1] == "kabupaten"]
        if len(exact) == 1:
            return exact[0][0], 100.0, ""
        if len(exact) > 1:
            return None, 0.0, "several regencies have this name"
        best: tuple[float, str] | None = None
        second = 0.0
        for code, rkind, rkey in same_kind or pool:
            score = max(
                fuzz.ratio(key, rkey), fuzz.ratio(key.replace(" ", ""), rkey.replace(" ", ""))
            )
            if kind is None and rkind == "kota":
                score -= 1  # unprefixed names are regencies in these files
            if best is None or score > best[0]:
                second = best[0] if best else 0.0
                best = (score, code)
            elif score > second:
                second = score
        if best is None or best[0] < NAME_CUTOFF:
            return None, best[0] if best else 0.0, "no regency name close enough"
        if best[0] - second < 2:
            return None, best[0], "two regencies match equally"
        return best[1], best[0], ""


def _pick(properties: dict[str, Any], wanted: str | None, defaults: tuple[str, ...]) -> Any:
    if wanted:
        return properties.get(wanted)
    for name in defaults:
        if properties.get(name) not in (None, ""):
            return properties[name]
    return None


def import_boundaries(
    path: Path,
    tree: RegionTree,
    *,
    name_property: str | None = None,
    province_property: str | None = None,
    code_property: str | None = None,
) -> tuple[dict[str, BaseGeometry], ImportReport]:
    """Match every feature of a GeoJSON file to a regency code; geometries by code."""
    from shapely.geometry import shape
    from shapely.ops import unary_union

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise BoundaryError(f"cannot read {path}: {exc}") from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise BoundaryError(f"{path} is not a GeoJSON FeatureCollection")
    matcher = _NameMatcher(tree)
    report = ImportReport(source=path.name, features=len(features))
    parts: dict[str, list[BaseGeometry]] = {}
    for index, feature in enumerate(features):
        props = (feature or {}).get("properties") or {}
        name = _pick(props, name_property, NAME_PROPERTIES)
        prov_name = _pick(props, province_property, PROVINCE_PROPERTIES)
        code_value = _pick(props, code_property, CODE_PROPERTIES if not name_property else ())
        label = " / ".join(str(x) for x in (prov_name, name, code_value) if x not in (None, ""))
        try:
            geometry = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            report.unmatched.append((index, label, f"bad geometry: {exc}"))
            continue
        if geometry.is_empty:
            report.unmatched.append((index, label, "empty geometry"))
            continue
        code: str | None = None
        if code_value not in (None, ""):
            digits = re.sub(r"[^0-9]", "", str(code_value))
            candidate = f"{digits[:2]}.{digits[2:4]}" if len(digits) >= 4 else ""
            if candidate in tree and level_of(candidate) == 2:
                code = candidate
            elif not name:
                report.unmatched.append((index, label, f"unknown regency code {code_value}"))
                continue
        if code is None:
            if not name:
                report.unmatched.append((index, label, "no name property"))
                continue
            province = matcher.province(str(prov_name)) if prov_name else None
            if prov_name and province is None:
                report.unmatched.append((index, label, "unknown province"))
                continue
            code, score, reason = matcher.regency(str(name), province)
            if code is None:
                report.unmatched.append((index, label, reason))
                continue
            if score < 100:
                report.fuzzy.append((index, label, code, round(score, 1)))
        parts.setdefault(code, []).append(geometry)
        report.matched.setdefault(code, []).append(index)
    geoms = {
        code: (pieces[0] if len(pieces) == 1 else unary_union(pieces))
        for code, pieces in parts.items()
    }
    report.missing = [code for code, _ in tree.items(2) if code not in geoms]
    return geoms, report


def shipped_boundaries(tree: RegionTree) -> tuple[dict[str, BaseGeometry], ImportReport]:
    """The kab/kota outlines shipped in data/geo, by code, reported like an import."""
    layer = read_layer(SHIPPED_REGENCIES)
    report = ImportReport(source=SHIPPED_REGENCIES.name, features=len(layer.codes))
    geoms: dict[str, BaseGeometry] = {}
    for index, (code, name, geometry) in enumerate(
        zip(layer.codes, layer.names, layer.geoms, strict=True)
    ):
        if code in tree and level_of(code) == 2:
            geoms[code] = geometry
            report.matched.setdefault(code, []).append(index)
        else:
            report.unmatched.append((index, f"{name} / {code}", f"unknown regency code {code}"))
    report.missing = [code for code, _ in tree.items(2) if code not in geoms]
    return geoms, report


def save_boundaries(geo_dir: Path, geoms: dict[str, BaseGeometry], source: str) -> Path:
    import shapely

    geo_dir.mkdir(parents=True, exist_ok=True)
    codes = sorted(geoms)
    payload = {
        "format": FORMAT_VERSION,
        "source": source,
        "codes": codes,
        "wkb": [shapely.to_wkb(geoms[c]) for c in codes],
    }
    target = geo_dir / BOUNDARY_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(target)
    return target


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class NeighbourTown:
    name: str
    country: str  # ISO 3166 alpha-2
    lat: float
    lon: float


class NeighbourTowns:
    """The settlements of Indonesia's neighbours near its outlines (data/geo/
    neighbour_towns.csv, GeoNames via tools/generate_neighbour_towns.py), bucketed by
    whole degree: a pin in no Indonesian outline and nearer to one of them than to
    Indonesia is abroad (Singapore, Tawau, Oecusse: session 29)."""

    def __init__(self, towns: Sequence[NeighbourTown]) -> None:
        self._cells: dict[tuple[int, int], list[NeighbourTown]] = {}
        for town in towns:
            self._cells.setdefault((math.floor(town.lat), math.floor(town.lon)), []).append(town)

    @classmethod
    def load(cls, path: Path = NEIGHBOUR_TOWNS) -> NeighbourTowns:
        """The shipped table; empty (no pin is abroad by it) when the file is missing."""
        if not path.is_file():
            return cls(())
        with path.open(newline="", encoding="utf-8") as rows:
            return cls(
                [
                    NeighbourTown(r["name"], r["country"], float(r["lat"]), float(r["lon"]))
                    for r in csv.DictReader(rows)
                ]
            )

    def nearest(self, lat: float, lon: float, max_km: float) -> tuple[float, NeighbourTown] | None:
        """(km, town) of the nearest settlement within max_km (at most about 100 km)."""
        best: tuple[float, NeighbourTown] | None = None
        row, col = math.floor(lat), math.floor(lon)
        for cell in ((r, c) for r in (row - 1, row, row + 1) for c in (col - 1, col, col + 1)):
            for town in self._cells.get(cell, ()):
                km = haversine_km(lat, lon, town.lat, town.lon)
                if km <= max_km and (best is None or km < best[0]):
                    best = (km, town)
        return best


@dataclass(frozen=True, slots=True)
class PointHit:
    codes: tuple[str, ...]  # regencies containing the point (or the nearest one)
    distance_km: float = 0.0  # 0 when inside
    # kecamatan of those regencies containing the point (or the one its regency's sliver
    # snaps to, or the two or three about equally near); empty when the kecamatan outlines
    # do not say
    districts: tuple[str, ...] = ()


def _around(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(xmin, ymin, xmax, ymax): a box of at least `km` around the point."""
    dlat = km / 110.574
    dlon = km / (111.320 * max(0.01, math.cos(math.radians(lat))))
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def _km_to(outlines: Outlines, i: int, lat: float, lon: float) -> float:
    """Kilometres from the point to the nearest point of outline i (that point found in
    degrees, as GEOS's nearest_points does)."""
    _degrees, x, y = outlines.nearest(i, lon, lat)
    return haversine_km(lat, lon, y, x)


class _Districts:
    """The shipped kecamatan outlines: which hold a pin, and which one a pin in a
    regency's sliver outside them all snaps to."""

    def __init__(self, codes: list[str], outlines: Outlines) -> None:
        self.codes = codes
        self.outlines = outlines

    def containing(self, lat: float, lon: float) -> list[str]:
        return [self.codes[i] for i in self.outlines.holding(lon, lat)]

    def snapped(self, lat: float, lon: float, regency: str, within_km: float) -> tuple[str, ...]:
        """The regency's nearest kecamatan within `within_km` when clearly the nearest;
        those about as near (DISTRICT_MARGIN_KM) when it is not, for the resolver to route
        without asking when one unit serves them all, or to ask among them (session 39)."""
        near = [
            i
            for i in self.outlines.in_box(*_around(lat, lon, within_km + DISTRICT_MARGIN_KM))
            if self.codes[i][:5] == regency
        ]
        # a pin off the coast has dozens of kecamatan within reach: rank them by distance
        # in degrees (within Indonesia's latitudes a degree of longitude is at least 98% of
        # one of latitude) and measure only the three nearest in kilometres
        nearest = [(self.outlines.nearest(i, lon, lat), i) for i in near]
        ranked = sorted(nearest, key=lambda found: found[0][0])[:3]
        found = sorted(
            (haversine_km(lat, lon, y, x), self.codes[i]) for (_degrees, x, y), i in ranked
        )
        if not found or found[0][0] > within_km:
            return ()
        return tuple(sorted(c for km, c in found if km - found[0][0] < DISTRICT_MARGIN_KM))


def _geometries_outlines(geoms: Sequence[BaseGeometry]) -> Outlines:
    """Shapely geometries packed as Outlines (their coordinates as they are)."""
    import shapely
    from shapely.geometry import MultiPolygon

    multi = [g if g.geom_type == "MultiPolygon" else MultiPolygon([g]) for g in geoms]
    _kind, coords, (rings, polygons, parts) = shapely.to_ragged_array(multi)
    return Outlines(
        array("d", coords[:, 0].tolist()),
        array("d", coords[:, 1].tolist()),
        1.0,
        rings.tolist(),
        polygons.tolist(),
        parts.tolist(),
    )


class BoundaryIndex:
    """Which regency is this point in? And, with the kecamatan layer, which kecamatan?"""

    def __init__(
        self,
        codes: Sequence[str | None],
        outlines: Outlines,
        source: str = "",
        districts: tuple[list[str], Outlines] | None = None,
    ) -> None:
        """`codes[i]` is outline i's regency; None leaves the outline out."""
        self._codes = list(codes)
        self.codes = [c for c in self._codes if c is not None]
        self.known = frozenset(self.codes)
        self.source = source
        self.outlines = outlines
        self.districts = _Districts(*districts) if districts is not None else None

    @classmethod
    def from_geometries(
        cls,
        codes: list[str],
        geoms: Sequence[BaseGeometry],
        source: str = "",
        districts: Layer | None = None,
    ) -> BoundaryIndex:
        """The index over shapely geometries (imports shapely: tests and tools)."""
        return cls(
            codes,
            _geometries_outlines(geoms),
            source,
            (districts.codes, _geometries_outlines(districts.geoms)) if districts else None,
        )

    @classmethod
    def shipped(cls, tree: RegionTree) -> BoundaryIndex:
        """The index over data/geo (about 0.5 s): used until `dumas geo import` saves one.
        A regency the region tree does not know is left out (`shipped_boundaries`)."""
        codes, outlines = read_outlines(SHIPPED_REGENCIES)
        kept = [c if c in tree and level_of(c) == 2 else None for c in codes]
        return cls(
            kept, outlines, f"shipped:{SHIPPED_REGENCIES.name}", read_outlines(SHIPPED_DISTRICTS)
        )

    @classmethod
    def load(cls, geo_dir: Path) -> BoundaryIndex | None:
        """The imported boundaries, or None when nothing was imported. The import replaces
        the kab/kota outlines only: the shipped kecamatan still say which kecamatan."""
        target = geo_dir / BOUNDARY_FILE
        if not target.is_file():
            return None
        try:
            payload = pickle.loads(target.read_bytes())
            if payload.get("format") != FORMAT_VERSION:
                raise BoundaryError(f"{target}: unknown format, import the file again")
            outlines = wkb_outlines(payload["wkb"])
        except (
            OSError,
            pickle.UnpicklingError,
            KeyError,
            AttributeError,
            EOFError,
            OutlineFileError,
        ) as exc:
            raise BoundaryError(f"cannot read {target}: {exc}") from exc
        return cls(
            list(payload["codes"]),
            outlines,
            str(payload.get("source", "")),
            read_outlines(SHIPPED_DISTRICTS),
        )

    @cached_property
    def geoms(self) -> list[BaseGeometry]:
        """The regency outlines as shapely geometries, in `codes`' order (the web demo's
        map; imports numpy and shapely)."""
        made = self.outlines.geometries()
        return [g for g, code in zip(made, self._codes, strict=True) if code is not None]

    def _regencies_holding(self, lat: float, lon: float) -> list[str]:
        found = (self._codes[i] for i in self.outlines.holding(lon, lat))
        return sorted({code for code in found if code is not None})

    def locate(self, lat: float, lon: float, max_km: float) -> PointHit | None:
        """Regencies containing the point; else the nearest within max_km (the two nearest
        when the second is about as near, NEAR_TIE_KM); else None.
        Where two regency outlines overlap at the point, the kecamatan outlines settle it
        when all of those containing the point lie in one of the two; where no regency
        outline holds it (an islet the regency layer left out) but kecamatan of a single
        regency do, that regency holds it."""
        inside = self._regencies_holding(lat, lon)
        districts = self.districts.containing(lat, lon) if self.districts is not None else []
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
        """The regency's kecamatan containing the point; else the one its edge snaps to (a
        point `km` off the regency's outline is about as far from that kecamatan's)."""
        if self.districts is None or len(regencies) != 1:
            return ()
        mine = tuple(sorted(d for d in containing if d[:5] == regencies[0]))
        if mine:
            return mine
        return self.districts.snapped(lat, lon, regencies[0], km + DISTRICT_SNAP_KM)

    def nearest(self, lat: float, lon: float, max_km: float) -> list[tuple[float, str]]:
        """(km, code) of every regency within max_km of the point, nearest first."""
        found: list[tuple[float, str]] = []
        for i in self.outlines.in_box(*_around(lat, lon, max_km)):
            code = self._codes[i]
            if code is None:
                continue
            km = _km_to(self.outlines, i, lat, lon)
            if km <= max_km:
                found.append((km, code))
        return sorted(found)
