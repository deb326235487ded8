"""The routing table: which Polda, Polres and Propam unit is responsible for which region.

Owns: reading data/routing/units.csv (the human-edited source of truth) with its two
companions, districts.csv (districts served by another unit than their regency's Polres)
and sites.csv (airports and ports with a unit of their own), validating them against the
Kemendagri region tree (full coverage, no overlaps, no unknown codes, consistent Polda,
known unit ids, well-formed `as_of` dates), and answering "who is responsible for code X"
with the most specific covering code winning (a district override beats its regency, a
regency beats its province) and "who serves site Y".
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process, utils

from bot.routing.regions import RegionTree, ancestors, level_of
from bot.routing.table_rows import numbered_rows

UnitKind = Literal["polres", "polda", "propam"]
KINDS: tuple[str, ...] = ("polres", "polda", "propam")
TIMEZONES: tuple[str, ...] = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
COLUMNS: tuple[str, ...] = ("id", "name", "kind", "polda_id", "timezone", "covers")
# Optional in units.csv (older files lack them): `note`, `source`, `as_of`.
DISTRICT_COLUMNS: tuple[str, ...] = ("district", "unit", "source", "as_of", "note")
SITE_COLUMNS: tuple[str, ...] = ("site", "unit", "source", "as_of", "note")
DISTRICTS_FILE = "districts.csv"  # next to units.csv
SITES_FILE = "sites.csv"
_AS_OF = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Words every unit name has, ignored when officers search; and what officers type for places.
_GENERIC = frozenset(["polres", "polresta", "polrestabes", "polda", "bid"])
_SEARCH_ALIASES = {
    "jaksel": "jakarta selatan",
    "jakbar": "jakarta barat",
    "jakut": "jakarta utara",
    "jaktim": "jakarta timur",
    "jakpus": "jakarta pusat",
    "tangsel": "tangerang selatan",
    "jogja": "yogyakarta",
    "yogya": "yogyakarta",
    "solo": "surakarta",
    "sby": "surabaya",
    "bdg": "bandung",
    "smg": "semarang",
    "mks": "makassar",
    "plg": "palembang",
    "jabar": "jawa barat",
    "jateng": "jawa tengah",
    "jatim": "jawa timur",
    "sumut": "sumatera utara",
    "sumbar": "sumatera barat",
    "sumsel": "sumatera selatan",
    "kalbar": "kalimantan barat",
    "kalteng": "kalimantan tengah",
    "kalsel": "kalimantan selatan",
    "kaltim": "kalimantan timur",
    "kaltara": "kalimantan utara",
    "sulut": "sulawesi utara",
    "sulteng": "sulawesi tengah",
    "sulsel": "sulawesi selatan",
    "sultra": "sulawesi tenggara",
    "sulbar": "sulawesi barat",
    "ntb": "nusa tenggara barat",
    "ntt": "nusa tenggara timur",
    "malut": "maluku utara",
    "kepri": "kepulauan riau",
    "babel": "kepulauan bangka belitung",
    "diy": "daerah istimewa yogyakarta",
    "priok": "tanjung priok",
}


def _search_key(text: str) -> str:
    words = utils.default_process(text).split()
    expanded = " ".join(_SEARCH_ALIASES.get(w, w) for w in words)
    return " ".join(w for w in expanded.split() if w not in _GENERIC)


class RoutingTableError(ValueError):
    """The routing table is invalid; `problems` lists every reason, str() the first ones."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"invalid routing table {path}: {shown}{more}")


@dataclass(frozen=True, slots=True)
class Unit:
    """A Polres (or Polresta, Polrestabes, Polres Metro, port unit), a Polda, or a Propam."""

    id: str
    name: str
    kind: UnitKind
    polda_id: str
    timezone: str
    covers: tuple[str, ...] = ()
    note: str = ""
    source: str = ""  # URL of a public page showing the unit and the area it serves
    as_of: str = ""  # date that page states: YYYY-MM-DD or YYYY-MM


@dataclass(frozen=True, slots=True)
class DistrictOverride:
    """A row of districts.csv: a district served by another unit than its regency's Polres."""

    district: str
    unit: str
    source: str = ""
    as_of: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Site:
    """A row of sites.csv: an airport or port served by a unit of its own."""

    site: str
    unit: str
    source: str = ""
    as_of: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class SourcedRow:
    """One row of any of the three files, for the freshness report of `dumas routing check`."""

    file: str  # units.csv, districts.csv, sites.csv
    key: str  # unit id, district code or site name
    source: str
    as_of: str


def site_key(name: str) -> str:
    """How site names are compared: accents, case, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def parse_as_of(value: str) -> date | None:
    """`YYYY-MM-DD` or `YYYY-MM` (read as the first of the month); None when malformed."""
    match = _AS_OF.match((value or "").strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3) or "01"
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


class RoutingTable:
    """Units by id and the region codes they cover. Build with `read_table`/`load_table`."""

    def __init__(
        self,
        units: Iterable[Unit],
        source: str = "",
        digest: str = "",
        districts: Iterable[DistrictOverride] = (),
        sites: Iterable[Site] = (),
    ) -> None:
        self.source = source
        self.digest = digest  # sha256 of the files: part of cache keys
        self._units: dict[str, Unit] = {}
        self._polres_cover: dict[str, str] = {}
        self._polda_cover: dict[str, str] = {}
        self._propam: dict[str, str] = {}
        for unit in units:
            self._units.setdefault(unit.id, unit)
            if unit.kind == "propam":
                self._propam.setdefault(unit.polda_id, unit.id)
            cover = self._polres_cover if unit.kind == "polres" else self._polda_cover
            if unit.kind == "propam":
                continue
            for code in unit.covers:
                cover.setdefault(code, unit.id)
        self._districts: list[DistrictOverride] = []
        for row in districts:
            if row.unit in self._units:
                self._districts.append(row)
                self._polres_cover.setdefault(row.district, row.unit)
        self._sites: dict[str, Site] = {}
        for site in sites:
            if site.unit in self._units and site_key(site.site):
                self._sites.setdefault(site_key(site.site), site)
        self._search_names = [_search_key(u.name) for u in self._units.values()]
        self._search_ids = list(self._units)

    # --- lookups ---------------------------------------------------------------------

    def units(self, kind: str | None = None) -> list[Unit]:
        return [u for u in self._units.values() if kind is None or u.kind == kind]

    def unit(self, unit_id: str) -> Unit | None:
        return self._units.get(unit_id)

    def polda(self, polda_id: str) -> Unit | None:
        unit = self._units.get(polda_id)
        return unit if unit is not None and unit.kind == "polda" else None

    def propam_for(self, polda_id: str) -> Unit | None:
        unit_id = self._propam.get(polda_id)
        return self._units[unit_id] if unit_id else None

    def polres_for(self, code: str) -> Unit | None:
        """The Polres covering `code` by its most specific covered code, or None."""
        for c in ancestors(code):
            unit_id = self._polres_cover.get(c)
            if unit_id is not None:
                return self._units[unit_id]
        return None

    def polda_for(self, code: str) -> Unit | None:
        """The Polda responsible for `code`: its Polres's Polda, else the covering Polda."""
        polres = self.polres_for(code)
        if polres is not None:
            return self.polda(polres.polda_id)
        for c in ancestors(code):
            unit_id = self._polda_cover.get(c)
            if unit_id is not None:
                return self._units[unit_id]
        return None

    def site_unit(self, name: str) -> Unit | None:
        """The unit serving a site of sites.csv ("Bandara Soekarno-Hatta"), or None."""
        site = self._sites.get(site_key(name))
        return self._units[site.unit] if site is not None else None

    def sites(self) -> list[tuple[str, Unit]]:
        """Every site of sites.csv with its unit, in file order."""
        return [(s.site, self._units[s.unit]) for s in self._sites.values()]

    def district_overrides(self) -> list[DistrictOverride]:
        """The rows of districts.csv, in file order."""
        return list(self._districts)

    def sourced_rows(self) -> list[SourcedRow]:
        """Every row of the three files with its source and as_of (for freshness checks)."""
        rows = [SourcedRow("units.csv", u.id, u.source, u.as_of) for u in self._units.values()]
        rows += [SourcedRow(DISTRICTS_FILE, d.district, d.source, d.as_of) for d in self._districts]
        rows += [SourcedRow(SITES_FILE, s.site, s.source, s.as_of) for s in self._sites.values()]
        return rows

    def stale_rows(self, today: date, max_age_days: int = 365) -> list[SourcedRow]:
        """Sourced rows whose as_of is more than `max_age_days` before `today`, oldest first."""
        found: list[tuple[date, SourcedRow]] = []
        for row in self.sourced_rows():
            when = parse_as_of(row.as_of)
            if row.source and when is not None and (today - when).days > max_age_days:
                found.append((when, row))
        return [row for _when, row in sorted(found, key=lambda f: f[0])]

    def unsourced_rows(self) -> list[SourcedRow]:
        """Rows with an empty source."""
        return [row for row in self.sourced_rows() if not row.source]

    def unit_for_code(self, code: str) -> Unit | None:
        """The Polres for a code, or for a province (no Polres) its Polda."""
        return self.polres_for(code) or self.polda_for(code)

    def search_units(self, text: str, limit: int = 10, kind: str | None = None) -> list[Unit]:
        """Units whose name best matches `text` ("metro jaksel", "polres bogor"), best first."""
        query = _search_key(text or "")
        if not query:
            return []
        hits = process.extract(
            query,
            self._search_names,
            scorer=fuzz.token_set_ratio,
            limit=None,
            score_cutoff=70,
        )
        raw = utils.default_process(text).split()
        wanted = next((k for k in ("propam", "polda", "polres") if k in raw), None)
        kinds = [u.kind for u in self._units.values()]
        hits.sort(key=lambda h: (-h[1], kinds[h[2]] != wanted, -fuzz.ratio(query, h[0]), h[0]))
        found: list[Unit] = []
        for _name, _score, index in hits:
            unit = self._units[self._search_ids[index]]
            if kind is None or unit.kind == kind:
                found.append(unit)
            if len(found) >= limit:
                break
        return found

    def summary(self) -> dict[str, int]:
        overrides = [c for c in self._polres_cover if level_of(c) == 3]
        return {
            "polda": len(self.units("polda")),
            "polres": len(self.units("polres")),
            "propam": len(self.units("propam")),
            "codes_covered_by_polres": len(self._polres_cover),
            "district_overrides": len(overrides),
            "district_rows": len(self._districts),
            "sites": len(self._sites),
        }


def read_table(
    path: Path,
    tree: RegionTree,
    districts_path: Path | None = None,
    sites_path: Path | None = None,
) -> tuple[RoutingTable, list[str]]:
    """Parse and validate units.csv and its companions districts.csv and sites.csv (by
    default next to it; a missing companion is an empty one); return the table and every
    problem found (empty: valid)."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    rows = numbered_rows(text)
    problems: list[str] = []
    if not rows:
        return RoutingTable([], str(path)), ["the table has no rows"]
    missing = [c for c in COLUMNS if c not in rows[0][1]]
    if missing:
        return RoutingTable([], str(path)), [f"missing column(s): {', '.join(missing)}"]
    digest = hashlib.sha256(raw)

    units: list[Unit] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        where = f"line {number} ({(row.get('id') or '').strip() or '?'})"
        uid = (row.get("id") or "").strip()
        kind = (row.get("kind") or "").strip()
        covers = tuple((row.get("covers") or "").split())
        if not _ID.match(uid):
            problems.append(f"{where}: id must be lowercase letters, digits and dashes")
        if uid in seen:
            problems.append(f"{where}: duplicate id (first at line {seen[uid]})")
        seen.setdefault(uid, number)
        if kind not in KINDS:
            problems.append(f"{where}: kind must be one of {', '.join(KINDS)}")
            continue
        if not (row.get("name") or "").strip():
            problems.append(f"{where}: empty name")
        tz = (row.get("timezone") or "").strip()
        if tz not in TIMEZONES:
            problems.append(f"{where}: timezone {tz!r} is not one of {', '.join(TIMEZONES)}")
        for code in covers:
            if code not in tree or level_of(code) > 3:
                problems.append(f"{where}: unknown code {code}")
        if kind == "propam" and covers:
            problems.append(f"{where}: a propam unit covers no codes (it follows its Polda)")
        source, as_of = _source_fields(row, where, problems)
        units.append(
            Unit(
                uid,
                (row.get("name") or "").strip(),
                kind,  # type: ignore[arg-type]
                (row.get("polda_id") or "").strip(),
                tz,
                covers,
                (row.get("note") or "").strip(),
                source,
                as_of,
            )
        )

    by_id = {u.id: u for u in units}
    districts_path = districts_path or path.with_name(DISTRICTS_FILE)
    sites_path = sites_path or path.with_name(SITES_FILE)
    districts = _read_districts(districts_path, tree, units, problems, digest)
    sites = _read_sites(sites_path, by_id, problems, digest)
    placed = {d.unit for d in districts} | {s.unit for s in sites}
    for unit in units:
        if unit.kind == "polres" and not unit.covers and unit.id not in placed:
            problems.append(
                f"{unit.id}: a polres must cover at least one code, "
                f"or serve a district of {DISTRICTS_FILE} or a site of {SITES_FILE}"
            )

    table = RoutingTable(units, str(path), digest.hexdigest(), districts, sites)
    problems += _check_references(units)
    problems += _check_overlaps(units)
    if not any(p.startswith("row") and "unknown code" in p for p in problems):
        problems += _check_coverage(table, tree)
    return table, problems


def _source_fields(row: dict[str, str], where: str, problems: list[str]) -> tuple[str, str]:
    """The row's `source` and `as_of`, checked: a URL, a real date not in the future."""
    source = (row.get("source") or "").strip()
    as_of = (row.get("as_of") or "").strip()
    if source and not source.startswith(("http://", "https://")):
        problems.append(f"{where}: source {source!r} is not an http(s) URL")
    if as_of:
        when = parse_as_of(as_of)
        if when is None:
            problems.append(f"{where}: as_of {as_of!r} is not a date (YYYY-MM-DD or YYYY-MM)")
        elif when > date.today():
            problems.append(f"{where}: as_of {as_of} is in the future")
    return source, as_of


def _companion_rows(
    path: Path, columns: tuple[str, ...], problems: list[str], digest: Any
) -> list[tuple[int, dict[str, str]]]:
    """Rows of districts.csv or sites.csv with their line numbers; none when the file
    does not exist."""
    if not path.is_file():
        return []
    raw = path.read_bytes()
    digest.update(b"\0" + path.name.encode() + b"\0" + raw)
    rows = numbered_rows(raw.decode("utf-8-sig"))
    if rows:
        missing = [c for c in columns if c not in rows[0][1]]
        if missing:
            problems.append(f"{path.name}: missing column(s): {', '.join(missing)}")
            return []
    return rows


def _read_districts(
    path: Path, tree: RegionTree, units: list[Unit], problems: list[str], digest: Any
) -> list[DistrictOverride]:
    by_id = {u.id: u for u in units}
    in_covers = {c: u.id for u in units if u.kind == "polres" for c in u.covers}
    out: list[DistrictOverride] = []
    seen: dict[str, int] = {}
    for number, row in _companion_rows(path, DISTRICT_COLUMNS, problems, digest):
        code = (row.get("district") or "").strip()
        uid = (row.get("unit") or "").strip()
        where = f"{path.name} line {number} ({code or '?'})"
        bad = False
        if code not in tree or level_of(code) != 3:
            problems.append(f"{where}: {code!r} is not a district code (like 51.03.01)")
            bad = True
        if code in seen:
            problems.append(f"{where}: district listed twice (first at line {seen[code]})")
            bad = True
        elif code in in_covers:
            problems.append(f"{where}: district also in the covers of {in_covers[code]}")
            bad = True
        seen.setdefault(code, number)
        bad = _not_a_polres(uid, by_id, where, problems) or bad
        source, as_of = _source_fields(row, where, problems)
        if not bad:
            out.append(DistrictOverride(code, uid, source, as_of, (row.get("note") or "").strip()))
    return out


def _not_a_polres(uid: str, by_id: dict[str, Unit], where: str, problems: list[str]) -> bool:
    """A district or site row must name a Polres of units.csv; records the problem."""
    unit = by_id.get(uid)
    if unit is None or unit.kind != "polres":
        problems.append(f"{where}: unit {uid!r} is not a polres of units.csv")
        return True
    return False


def _read_sites(path: Path, by_id: dict[str, Unit], problems: list[str], digest: Any) -> list[Site]:
    out: list[Site] = []
    seen: dict[str, int] = {}
    for number, row in _companion_rows(path, SITE_COLUMNS, problems, digest):
        name = (row.get("site") or "").strip()
        uid = (row.get("unit") or "").strip()
        where = f"{path.name} line {number} ({name or '?'})"
        key = site_key(name)
        bad = False
        if not key:
            problems.append(f"{where}: empty site name")
            bad = True
        elif key in seen:
            problems.append(f"{where}: site listed twice (first at line {seen[key]})")
            bad = True
        seen.setdefault(key, number)
        bad = _not_a_polres(uid, by_id, where, problems) or bad
        source, as_of = _source_fields(row, where, problems)
        if not bad:
            out.append(Site(name, uid, source, as_of, (row.get("note") or "").strip()))
    return out


def load_table(path: Path, tree: RegionTree) -> RoutingTable:
    """The validated table; raises RoutingTableError with every reason when invalid."""
    try:
        table, problems = read_table(path, tree)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise RoutingTableError(path, [f"cannot read: {exc}"]) from exc
    if problems:
        raise RoutingTableError(path, problems)
    return table


def _check_references(units: list[Unit]) -> list[str]:
    problems: list[str] = []
    by_id = {u.id: u for u in units}
    propams: dict[str, list[str]] = {}
    for unit in units:
        polda = by_id.get(unit.polda_id)
        if polda is None or polda.kind != "polda":
            problems.append(f"{unit.id}: polda_id {unit.polda_id!r} is not a polda in the table")
        if unit.kind == "polda" and unit.polda_id != unit.id:
            problems.append(f"{unit.id}: a polda's polda_id must be its own id")
        if unit.kind == "propam":
            propams.setdefault(unit.polda_id, []).append(unit.id)
    for unit in units:
        if unit.kind == "polda" and len(propams.get(unit.id, [])) != 1:
            found = len(propams.get(unit.id, []))
            problems.append(f"{unit.id}: needs exactly one propam unit, found {found}")
    return problems


def _check_overlaps(units: list[Unit]) -> list[str]:
    problems: list[str] = []
    for kind in ("polres", "polda"):
        owner: dict[str, str] = {}
        for unit in units:
            if unit.kind != kind:
                continue
            for code in unit.covers:
                if code in owner and owner[code] != unit.id:
                    problems.append(f"overlap: {code} is covered by {owner[code]} and {unit.id}")
                elif code in owner:
                    problems.append(f"{unit.id}: lists {code} twice")
                owner.setdefault(code, unit.id)
    return problems


def _check_coverage(table: RoutingTable, tree: RegionTree) -> list[str]:
    problems: list[str] = []
    for code, name in tree.items(1):
        if table.polda_for(code) is None:
            problems.append(f"gap: province {code} {name} has no polda")
    checked = [code for code, _ in tree.items(2)]
    checked += [code for code in table._polres_cover if level_of(code) == 3]
    for code in checked:
        name = tree.name(code) or code
        polres = table.polres_for(code)
        if polres is None:
            uncovered = [d for d in tree.children(code) if table.polres_for(d) is None]
            if uncovered or not tree.children(code):
                problems.append(f"gap: {code} {name} has no polres")
            continue
        covering = _covering_polda(table, code)
        if covering is not None and covering.id != polres.polda_id:
            problems.append(
                f"{polres.id}: polda_id {polres.polda_id} but {code} {name} lies in "
                f"{covering.id}'s area"
            )
    return problems


def _covering_polda(table: RoutingTable, code: str) -> Unit | None:
    for c in ancestors(code):
        unit_id = table._polda_cover.get(c)
        if unit_id is not None:
            return table.unit(unit_id)
    return None
