"""Build data/routing/landmarks_ports.csv: the public seaports of the Ministry of Transport.

    python tools/build_kemenhub_ports.py GEOJSON [COMMIT]

GEOJSON is `pelabuhan-indonesia.geojson` of https://github.com/zackad/pelabuhan-indonesia-geojson
(MIT, (c) 2017 zackad): the ports of Kemenhub's SIMPEL portal (simpel.dephub.go.id), each a
point with its name ("Tenau/ Kupang (TKU)"), category, kab/kota and province as the portal
writes them ("KUPANG", "NUSA TENGGARA TIMUR"). COMMIT is written into the output's header.

Only the public ports are kept ("Pelabuhan Utama Diusahakan", "Pelabuhan Umum Tidak
Diusahakan"): the special terminals of the file ("Terminal Khusus", "Terminal Untuk
Kepentingan Sendiri") are named after the companies that run them, which is not how a
citizen names a place. Each port becomes a landmark row ("Pelabuhan Tenau", alias
"Pelabuhan Kupang"): the kab/kota is the one the portal names that holds the point or lies
nearest to it (the shipped outlines of data/geo, `BoundaryIndex`); where the name says
"Kupang" without "Kota"/"Kabupaten", the point decides between them; where name and point
disagree, or the name matches nothing and the point no single kab/kota, the port is left out
and reported. The kecamatan is the one whose outline holds the point, when exactly one does.
A port already named in data/places or data/routing (any name or alias) is left out as the
same place. Run it, read what it reports, commit the CSV.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bot.routing.boundaries import BoundaryIndex
from bot.routing.landmarks import CHECKED_DIR, landmark_files
from bot.routing.place_words import GENERIC, name_key
from bot.routing.regions import RegionTree, bare_regency_name, level_of

OUT = CHECKED_DIR / "landmarks_ports.csv"
SOURCE_REPO = "https://github.com/zackad/pelabuhan-indonesia-geojson"
PUBLIC = ("Pelabuhan Utama Diusahakan", "Pelabuhan Umum Tidak Diusahakan")
MAX_KM = 25.0  # a port's point may lie off the simplified coast
_FIELD = re.compile(r"<p>\s*([^:<]+?)\s*:\s*([^<]*?)\s*</p>")
_CODE = re.compile(r"\s*\([A-Z0-9]{2,5}\)\s*$")
_PREFIX = re.compile(r"^(?:KOTA ADMINISTRASI|KOTA|KABUPATEN|KAB\.?)\s+", re.I)


@dataclass(frozen=True, slots=True)
class Port:
    names: tuple[str, ...]  # "Tenau", "Kupang"
    regency_label: str  # as the portal writes it: "KUPANG", "KOTA MEDAN"
    province_label: str
    lat: float
    lon: float
    category: str
    url: str


def ports(geojson: dict[str, Any]) -> list[Port]:
    """The public ports of the file, their names split at "/" and stripped of the code."""
    found = []
    for feature in geojson["features"]:
        props = feature.get("properties") or {}
        if props.get("category") not in PUBLIC:
            continue
        fields = dict(_FIELD.findall(props.get("description") or ""))
        names = tuple(
            spelt
            for part in re.split(r"[/()]", _CODE.sub("", props.get("name") or ""))
            if len(spelt := _spelt_out(part)) >= 4
        )
        lon, lat = feature["geometry"]["coordinates"][:2]
        if names:
            found.append(
                Port(
                    names,
                    fields.get("Kabupaten/Kota", ""),
                    fields.get("Provinsi", ""),
                    float(lat),
                    float(lon),
                    str(props["category"]),
                    str((props.get("detail") or {}).get("url") or ""),
                )
            )
    return found


_SHORT = {"p.": "Pulau", "kep.": "Kepulauan", "tg.": "Tanjung", "tj.": "Tanjung"}


def _spelt_out(part: str) -> str:
    """ "P. Pramuka" -> "Pulau Pramuka", "Tg. Balai Asahan" -> "Tanjung Balai Asahan"."""
    return " ".join(_SHORT.get(w.lower(), w) for w in part.split())


def named_regencies(tree: RegionTree, label: str) -> list[str]:
    """Kab/kota codes whose name the label gives ("KOTA MEDAN", "KUPANG", "BAU-BAU"),
    written together or apart."""
    kind = "kota" if label.strip().upper().startswith("KOTA") else None
    if re.match(r"^\s*KAB", label, re.I):
        kind = "kabupaten"
    key = name_key(_PREFIX.sub("", label)).replace(" ", "")
    if not key:
        return []
    return [
        code
        for code, name in tree.items(2)
        if name_key(bare_regency_name(name)).replace(" ", "") == key
        and (kind is None or name.lower().startswith(kind))
    ]


def place(port: Port, tree: RegionTree, index: BoundaryIndex) -> tuple[str, str, str] | str:
    """(regency, district, how) for a port, or the reason it is left out."""
    hit = index.locate(port.lat, port.lon, MAX_KM)
    near = set(hit.codes) if hit else set()
    named = named_regencies(tree, port.regency_label)
    both = [c for c in named if c in near]
    if len(both) == 1:
        regency, how = both[0], "named and holding or nearest the point"
    elif len(named) == 1 and not near:
        regency, how = named[0], "named; the point is farther than 25 km from any outline"
    elif not named and hit and len(hit.codes) == 1:
        # the portal's kab/kota is empty or an old name ("TOBA SAMOSIR"): the one kab/kota
        # holding the point, or the only one within 25 km of it
        regency, how = hit.codes[0], f"by the point (the portal's {port.regency_label!r})"
    else:
        return f"name {port.regency_label!r} -> {named}, point -> {sorted(near)}"
    districts = [d for d in (hit.districts if hit else ()) if d[:5] == regency]
    return regency, districts[0] if len(districts) == 1 else "", how


def known_names(output: Path) -> set[str]:
    """Every name and alias of the landmark tables (this script's own output aside)."""
    known: set[str] = set()
    for path in landmark_files():
        if path.resolve() == output.resolve():
            continue
        lines = [ln for ln in path.read_text(encoding="utf-8-sig").splitlines() if ln.strip()]
        for row in csv.DictReader(ln for ln in lines if not ln.startswith("#")):
            names = [row.get("name") or "", *(row.get("aliases") or "").split(";")]
            known.update(name_key(n) for n in names if n.strip())
    return known


def build(geojson_path: Path, commit: str = "") -> tuple[str, list[str]]:
    """The CSV text and what was left out, and why."""
    tree = RegionTree()
    index = BoundaryIndex.shipped(tree)
    known = known_names(OUT)
    rows: list[list[str]] = []
    skipped: list[str] = []
    taken: set[str] = set()
    for port in ports(json.loads(geojson_path.read_text(encoding="utf-8"))):
        names = [f"Pelabuhan {n.title()}" for n in port.names]
        keys = [name_key(n) for n in names]
        if any(k in known for k in keys):
            skipped.append(f"{names[0]}: already a landmark")
            continue
        if any(k in taken for k in keys) or all(
            k.split(" ", 1)[1] in GENERIC for k in keys if " " in k
        ):
            skipped.append(f"{names[0]}: named twice in the file, or a generic word")
            continue
        where = place(port, tree, index)
        if isinstance(where, str):
            skipped.append(f"{names[0]}: {where}")
            continue
        regency, district, how = where
        assert level_of(regency) == 2
        taken.update(keys)
        rows.append(
            [
                names[0],
                ";".join(names[1:]),
                "seaport",
                regency,
                district,
                port.url or SOURCE_REPO,
                f"{port.category}; the portal's kab/kota {port.regency_label!r}, "
                f"{port.province_label!r}; placed {how}; point {port.lat:.4f},{port.lon:.4f}",
            ]
        )
    out = io.StringIO()
    out.write(
        "# Generated by tools/build_kemenhub_ports.py from "
        f"{SOURCE_REPO} (MIT) {commit}\n"
        "# (pelabuhan-indonesia.geojson, the ports of Kemenhub's simpel.dephub.go.id); do not\n"
        "# edit: fix the script or the source and run it again. Licence: data/routing/README.md\n"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "aliases", "kind", "regency", "district", "source", "note"])
    writer.writerows(sorted(rows))
    return out.getvalue(), skipped


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    text, skipped = build(Path(argv[1]), argv[2] if len(argv) == 3 else "")
    OUT.write_text(text, encoding="utf-8")
    for line in skipped:
        print(f"left out: {line}")
    print(f"wrote {OUT} ({text.count(chr(10)) - 4} ports, {len(skipped)} left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
