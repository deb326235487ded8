"""The routing table: which Polda, Polres and Propam unit is responsible for which region.

Owns: reading data/routing/units.csv (the human-edited source of truth), validating it
against the Kemendagri region tree (full coverage, no overlaps, no unknown codes, consistent
Polda), and answering "who is responsible for code X" with the most specific covering
code winning (a district override beats its regency, a regency beats its province).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process, utils

from bot.routing.regions import RegionTree, ancestors, level_of

UnitKind = Literal["polres", "polda", "propam"]
KINDS: tuple[str, ...] = ("polres", "polda", "propam")
TIMEZONES: tuple[str, ...] = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
COLUMNS: tuple[str, ...] = ("id", "name", "kind", "polda_id", "timezone", "covers")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Words every unit name has, ignored when officers search; and what officers type for places.
_GENERIC = frozenset(["polres", "polresta", "polrestabes", "polda", "bid"])
_SEARCH_ALIASES = {
    "jaksel": "jakarta selatan", "jakbar": "jakarta barat", "jakut": "jakarta utara",
    "jaktim": "jakarta timur", "jakpus": "jakarta pusat", "tangsel": "tangerang selatan",
    "jogja": "yogyakarta", "yogya": "yogyakarta", "solo": "surakarta", "sby": "surabaya",
    "bdg": "bandung", "smg": "semarang", "mks": "makassar", "plg": "palembang",
    "jabar": "jawa barat", "jateng": "jawa tengah", "jatim": "jawa timur",
    "sumut": "sumatera utara", "sumbar": "sumatera barat", "sumsel": "sumatera selatan",
    "kalbar": "kalimantan barat", "kalteng": "kalimantan tengah",
    "kalsel": "kalimantan selatan", "kaltim": "kalimantan timur",
    "kaltara": "kalimantan utara", "sulut": "sulawesi utara", "sulteng": "sulawesi tengah",
    "sulsel": "sulawesi selatan", "sultra": "sulawesi tenggara", "sulbar": "sulawesi barat",
    "ntb": "nusa tenggara barat", "ntt": "nusa tenggara timur", "malut": "maluku utara",
    "kepri": "kepulauan riau", "babel": "kepulauan bangka belitung",
    "diy": "daerah istimewa yogyakarta", "priok": "tanjung priok",
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


class RoutingTable:
    """Units by id and the region codes they cover. Build with `read_table`/`load_table`."""

    def __init__(self, units: Iterable[Unit], source: str = "", digest: str = "") -> None:
        self.source = source
        self.digest = digest  # sha256 of the file: part of cache keys
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

    def unit_for_code(self, code: str) -> Unit | None:
        """The Polres for a code, or for a province (no Polres) its Polda."""
        return self.polres_for(code) or self.polda_for(code)

    def search_units(self, text: str, limit: int = 10, kind: str | None = None) -> list[Unit]:
        """Units whose name best matches `text` ("metro jaksel", "polres bogor"), best first."""
        query = _search_key(text or "")
        if not query:
            return []
        hits = process.extract(
            query, self._search_names, scorer=fuzz.token_set_ratio, limit=None, score_cutoff=70,
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
        }


def _rows(text: str) -> list[dict[str, str]]:
    """CSV rows, skipping blank lines and lines starting with '#'."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def read_table(path: Path, tree: RegionTree) -> tuple[RoutingTable, list[str]]:
    """Parse and validate; return the table and every problem found (empty: valid)."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    rows = _rows(text)
    problems: list[str] = []
    if not rows:
        return RoutingTable([], str(path)), ["the table has no rows"]
    missing = [c for c in COLUMNS if c not in rows[0]]
    if missing:
        return RoutingTable([], str(path)), [f"missing column(s): {', '.join(missing)}"]

    units: list[Unit] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        where = f"row {number} ({(row.get('id') or '').strip() or '?'})"
        uid = (row.get("id") or "").strip()
        kind = (row.get("kind") or "").strip()
        covers = tuple((row.get("covers") or "").split())
        if not _ID.match(uid):
            problems.append(f"{where}: id must be lowercase letters, digits and dashes")
        if uid in seen:
            problems.append(f"{where}: duplicate id (first at row {seen[uid]})")
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
        if kind == "polres" and not covers:
            problems.append(f"{where}: a polres must cover at least one code")
        units.append(Unit(uid, (row.get("name") or "").strip(), kind,  # type: ignore[arg-type]
                          (row.get("polda_id") or "").strip(), tz, covers,
                          (row.get("note") or "").strip()))

    table = RoutingTable(units, str(path), hashlib.sha256(raw).hexdigest())
    problems += _check_references(units)
    problems += _check_overlaps(units)
    if not any(p.startswith("row") and "unknown code" in p for p in problems):
        problems += _check_coverage(table, tree)
    return table, problems


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
