"""Province-level offices named with their province (session 43).

Owns: data/routing/province_offices.csv (where each province's governor's office, and
where a page said so its DPRD or its high prosecutor's office, stands: a kab/kota code and
the kecamatan where the page names it) and `ProvinceOffices.seat`, which reads an office's
words right before a province's name or short form ("kantor gubernur papua barat daya",
"demo di depan kejati sumut", "ricuh di dprd jatim", "gedung dprd provinsi kalbar") as the
place where that office stands.

Why: a province named alone is asked (which kab/kota?), but an office of the province is
one building in one kab/kota, and a complaint about a demonstration or damage there goes
to the unit serving that kab/kota. The seat is not always the province's big city:
Kalsel's moved to Banjarbaru (UU 8/2022), Maluku Utara's is Sofifi (Kota Tidore
Kepulauan), Kaltara's Tanjung Selor (Bulungan), Papua Barat's Manokwari.

Words, as pages and complaints write them:
- the provincial government: "kantor gubernur", "gubernuran", "kantor/gedung/kompleks
  pemprov". "gubernur X" alone is the person ("gubernur jatim marah"), no place: asked as
  before. Not "dinas ... provinsi" nor "rsud provinsi": a province's agencies and
  hospitals stand in many towns (Kalsel's Dinas Sosial stayed in Banjarmasin; RSUD Hanau
  of Kalteng is in Seruyan).
- the council: "dprd", "dprp" (Papua's), "dpra" (Aceh's), "dpr papua ...". "dprd X" is
  also a kab/kota's council (bot/routing/level_words.py), so a name shared with a kab/kota
  ("dprd jambi") is read as the province's only after "provinsi"/"prov".
- the high prosecutor's office and the high court, one per province in its capital:
  "kejati", "kejaksaan tinggi", "pengadilan tinggi", and a ministry's regional office
  ("kanwil kemenkumham jatim"). They are read at the governor's office's kab/kota unless
  the table has a row of the office's own (Kalsel's Kejati stayed in Banjarmasin,
  Malut's in Ternate).

Only a province-only ask, or an ask among places the seat is one of, is settled: a
kab/kota or district named elsewhere in the text ("kanwil bpn jatim di kota malang")
still wins, because the resolution is then no such ask.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.routing.place_words import normalise
from bot.routing.regions import RegionTree, level_of
from bot.routing.table_rows import numbered_csv_rows
from bot.settings import DATA_ROOT

PROVINCE_OFFICES_PATH = DATA_ROOT / "routing" / "province_offices.csv"
# the offices a row may be of; "gubernur" is the seat of the provincial government
OFFICES = ("gubernur", "dprd", "kejati")

# The words right before a province's name (or before "provinsi"/"prov" and the name),
# each with the office it names. A tuple of words; "*" stands for one word of any kind
# (the ministry after "kanwil": "kanwil kemenkumham jatim", "kanwil bpn sumut").
OFFICE_WORDS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("kantor", "gubernur"), "gubernur", "Kantor Gubernur"),
    (("kantor", "gubernuran"), "gubernur", "Kantor Gubernur"),
    (("gubernuran",), "gubernur", "Kantor Gubernur"),
    (("kantor", "pemprov"), "gubernur", "Kantor Gubernur"),
    (("gedung", "pemprov"), "gubernur", "Kantor Gubernur"),
    (("kompleks", "pemprov"), "gubernur", "Kantor Gubernur"),
    (("komplek", "pemprov"), "gubernur", "Kantor Gubernur"),
    (("kantor", "pemerintah", "provinsi"), "gubernur", "Kantor Gubernur"),
    (("dprd",), "dprd", "DPRD Provinsi"),
    (("dprp",), "dprd", "DPRD Provinsi"),
    (("dpra",), "dprd", "DPRD Provinsi"),
    (("dpr",), "dprd", "DPRD Provinsi"),
    (("kejati",), "kejati", "Kejaksaan Tinggi"),
    (("kejaksaan", "tinggi"), "kejati", "Kejaksaan Tinggi"),
    (("pengadilan", "tinggi"), "kejati", "Pengadilan Tinggi"),
    (("kanwil", "*"), "kejati", "Kanwil"),
    (("kanwil",), "kejati", "Kanwil"),
)
# "dprd X" of a name a kab/kota also bears is the kab/kota's council unless "provinsi"
# says otherwise; the other words name a province's office only
SHARED_WITH_REGENCIES = frozenset({"dprd", "dpr"})
PROVINCE_WORDS = frozenset({"provinsi", "prov", "propinsi", "prop"})
# the most words a province's name has ("nusa tenggara timur", "kep bangka belitung")
NAME_WORDS = 5


@dataclass(frozen=True, slots=True)
class Seat:
    """Where one office of a province stands: `code` a kab/kota or kecamatan code, and
    the office's name to show ("Kantor Gubernur Papua Barat Daya")."""

    code: str
    label: str


@dataclass(frozen=True, slots=True)
class ProvinceOffices:
    """The table's rows by (province code, office), and what the reader rejected."""

    rows: dict[tuple[str, str], str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def where(self, province: str, office: str) -> str | None:
        """The code of the place the office of `province` stands in: its own row, else
        (a DPRD, a Kejati) the kab/kota of the governor's office, not its kecamatan (the
        page placed the governor's building only); None when the table has neither or
        its row says the office has no one place ("" regency)."""
        own = self.rows.get((province, office))
        if own is not None:
            return own or None
        seat = self.rows.get((province, "gubernur"))
        return seat[:5] if seat else None

    def seat(
        self, text: str, keys: Mapping[str, tuple[str, ...]], tree: RegionTree
    ) -> list[tuple[str, Seat]]:
        """Each province named right after an office's words in `text`, with the seat of
        that office: [(province code, Seat)], in the order of the text."""
        words = normalise(text)
        found: list[tuple[str, Seat]] = []
        for at in range(len(words)):
            for cue, office, title in OFFICE_WORDS:
                if not _cue_at(words, at, cue):
                    continue
                start = at + len(cue)
                marked = start < len(words) and words[start] in PROVINCE_WORDS
                if marked:
                    start += 1
                province = _province_at(words, start, keys, office, marked)
                if province is None:
                    continue
                code = self.where(province, office)
                if code is None:
                    continue
                label = f"{title} {tree.name(province) or province}"
                found.append((province, Seat(code, label)))
                break
        return found


def _cue_at(words: list[str], at: int, cue: tuple[str, ...]) -> bool:
    if at + len(cue) > len(words):
        return False
    return all(w == "*" or words[at + i] == w for i, w in enumerate(cue)) and all(
        words[at + i] != "," for i in range(len(cue))
    )


def _province_at(
    words: list[str],
    start: int,
    keys: Mapping[str, tuple[str, ...]],
    office: str,
    marked: bool,
) -> str | None:
    """The province whose name (the longest) begins at `start`, or None. A name a
    kab/kota bears too ("jambi", "bengkulu") is read as the province's after a council's
    word only when "provinsi" stands before it: "dprd jambi" is also Kota Jambi's council.
    A village of the name ("aceh", "jawa tengah" are villages too) changes nothing."""
    for size in range(min(NAME_WORDS, len(words) - start), 0, -1):
        name = words[start : start + size]
        if "," in name:
            continue
        codes = keys.get(" ".join(name), ())
        provinces = [c for c in codes if level_of(c) == 1]
        if len(provinces) != 1:
            continue
        shared = any(level_of(c) == 2 for c in codes)
        if shared and not marked and office == "dprd":
            return None
        return provinces[0]
    return None


def read_province_offices(tree: RegionTree, path: Path = PROVINCE_OFFICES_PATH) -> ProvinceOffices:
    """The table at `path`, each row checked against the Kemendagri tree: the province
    must be one, the regency one of its kab/kota (or empty: no one place), the district
    one of the regency's kecamatan. A row that fails is left out and reported."""
    if not path.exists():
        return ProvinceOffices()
    rows: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    for number, row in numbered_csv_rows(path):
        where = f"{path.name}:{number}"
        province = (row.get("province") or "").strip()
        office = (row.get("office") or "").strip()
        regency = (row.get("regency") or "").strip()
        district = (row.get("district") or "").strip()
        if level_of(province) != 1 or tree.name(province) is None:
            problems.append(f"{where}: {province!r} is no province")
            continue
        if office not in OFFICES:
            problems.append(f"{where}: office {office!r} is none of {OFFICES}")
            continue
        if (province, office) in rows:
            problems.append(f"{where}: a second row for {province} {office}")
            continue
        if not (row.get("source") or "").startswith("http"):
            problems.append(f"{where}: no source page")
            continue
        if regency and (level_of(regency) != 2 or not regency.startswith(province + ".")):
            problems.append(f"{where}: {regency!r} is no kab/kota of {province}")
            continue
        if regency and tree.name(regency) is None:
            problems.append(f"{where}: {regency!r} is not in the tree")
            continue
        if district and (
            not regency or not district.startswith(regency + ".") or tree.name(district) is None
        ):
            problems.append(f"{where}: {district!r} is no kecamatan of {regency!r}")
            continue
        rows[(province, office)] = district or regency
    return ProvinceOffices(rows, tuple(problems))
