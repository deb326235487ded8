"""Places people name that are not Kemendagri regions: landmarks, aliases, foreign places.

Owns: reading the human-edited tables under data/places/ into typed records the gazetteer
indexes:

- `landmarks/*.csv` (`name,aliases,kind,regency,district,source,note`): airports, stations,
  terminals, ports, campuses, malls, markets, monuments, tourist sites, industrial estates...
  each with the kab/kota (and kecamatan where known) it lies in;
- `aliases*.csv` (`alias,code,kind,source,note`): city short forms ("sby", "bpn"),
  nicknames ("kota kembang"), former names ("ujung pandang"), province short forms,
  regency abbreviations ("kukar"), capital towns and islands that name their regency;
- `foreign.csv` (`name,country,source`): countries and cities outside Indonesia, so that
  "kuala lumpur" is answered "outside Indonesia" instead of matched to a village; and
  `foreign_cities.csv` (same columns): the world's towns above 15,000 inhabitants
  (GeoNames), matched only as typed, never fuzzily (`PlaceBook.foreign_listed`);
- `streets.csv` (`street,regency,district,source,note`): named streets and the kab/kota
  they run in ("Demang Lebar Daun": Palembang; "Diponegoro": a row per big city);
- `parents.csv` (`regency,parent,year,source,note`): the kab/kota a regency was split from
  (Lembata from Flores Timur, Rote Ndao from Kupang): people keep naming the old one.

The same tables under data/routing/ (`landmarks_*.csv`, `aliases_*.csv`) hold places each
checked on a public page and Kemenhub's seaports (data/routing/README.md); they are read
with these. Rows with an unknown code are skipped and reported by `problems` (`dumas
routing check`), never fatal: a typo in one row must not stop the bot.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.routing.regions import RegionTree, is_within, level_of
from bot.routing.table_rows import csv_rows, numbered_csv_rows
from bot.settings import DATA_ROOT

PLACES_DIR = DATA_ROOT / "places"
# Landmarks and region aliases each read on a public page (data/routing/README.md, "Places
# checked on pages"): same columns as the tables of data/places, kept apart because every
# row there cites the page that states it.
CHECKED_DIR = DATA_ROOT / "routing"
_IATA = re.compile(r"\bIATA ([A-Z]{3})\b")
LANDMARK_KINDS = frozenset(
    [
        "airport",
        "railway_station",
        "bus_terminal",
        "bus_stop",  # a BRT stop (Transjakarta "halte"; session 40)
        "seaport",
        "industrial_estate",
        "university",
        "mall",
        "market",
        "monument",
        "tourist_site",
        "stadium",
        "hospital",
        "government",
        "other",
    ]
)
ALIAS_KINDS = frozenset(["short_form", "nickname", "former_name", "province_short"])
# The kind a landmark's name starts with, by its spellings after `normalise` ("bandar
# udara" is read "bandara", "st" "stasiun"): a name typed after one kind word is not the
# landmark of another ("bandara pattimura" is no Bundaran Pattimura, "masjid lasinrang" no
# RSUD Lasinrang; session 34, tests/routing/kind_clash_forms.py). Spellings of one kind
# share it ("rs"/"rsud", "mall"/"plaza", "polres"/"polresta").
_KIND_SPELLINGS = {
    "airport": "bandara airport",
    "air_base": "lanud",
    "roundabout": "bundaran",
    "junction": "simpang perempatan",
    "market": "pasar psr",
    "beach": "pantai",
    "station": "stasiun",
    "terminal": "terminal",
    "port": "pelabuhan dermaga",
    "hospital": "rsud rs rsu rsup rsia rumah_sakit",
    "clinic": "puskesmas pkm klinik",
    "mosque": "masjid mesjid musala mushola",
    "church": "gereja katedral",
    "temple": "pura vihara klenteng",
    "senior_school": "sman sma smk smkn",
    "junior_school": "smpn smp",
    "campus": "universitas univ kampus institut politeknik",
    "bridge": "jembatan",
    "square": "alun_alun lapangan",
    "stadium": "stadion gor",
    "park": "taman",
    "museum": "museum",
    "monument": "monumen tugu patung",
    # nature sites (session 35): "curug cikaso" is a waterfall, never Pantai Cikaso; the
    # regional words are Sundanese (curug, leuwi, situ), East Javanese (coban, ranu),
    # Javanese (grojogan, luweng), Sasak (tiu), Manggarai (cunca), Kalimantan (riam) and
    # Mamasa and Toraja (sarambu, session 41: "Sarambu Malute", "Sarambu Assing").
    # Not "bukit": it starts the names of estates and neighbourhoods as often as of hills
    # ("begal di bukit uncen waena": the hill by the campus, a development line)
    "lake": "danau waduk telaga ranu situ bendungan embung",
    "waterfall": "air_terjun curug coban grojogan tiu cunca riam sarambu",
    "cave": "goa gua luweng",
    "hot_spring": "air_panas pemandian",
    "mountain": "gunung",
    "river_pool": "leuwi",
    "island": "pulau gili",
    "shrine": "candi",
    "mall": "mall mal plaza",
    "police": "polres polresta polrestabes mapolres polsek mapolsek polda mapolda",
    "hotel": "hotel",
}
KIND_WORDS: dict[str, str] = {
    spelling.replace("_", " "): kind
    for kind, spellings in _KIND_SPELLINGS.items()
    for spelling in spellings.split()
}


def kind_at(words: list[str] | tuple[str, ...], start: int) -> str | None:
    """The kind the words at `start` spell ("rumah sakit", "alun alun", "pasar"), if any."""
    if start + 1 < len(words):
        two = KIND_WORDS.get(f"{words[start]} {words[start + 1]}")
        if two:
            return two
    return KIND_WORDS.get(words[start]) if 0 <= start < len(words) else None


# Titles between a kind and a person's name ("rsud dr h soemarno"): the name found after
# them is still the one the kind word names
_TITLES = "dr drs dra h hj ir prof kh tgk teuku r rm raden haji ki nyi"
TITLE_WORDS = frozenset(_TITLES.split())
# Words a kind takes before the name ("masjid raya", "taman nasional", "pasar kota")
KIND_QUALIFIERS = frozenset(["raya", "agung", "besar", "nasional", "tuan", "kota", "tinggi"])


def kind_before(words: list[str] | tuple[str, ...], start: int) -> str | None:
    """The kind spelt right before `start` ("bandara" in "bandara | pattimura"), titles,
    initials and qualifiers aside ("pelabuhan dr | sobirin", "museum raya | sabilal")."""
    while start >= 1 and (
        words[start - 1] in TITLE_WORDS
        or words[start - 1] in KIND_QUALIFIERS
        or (len(words[start - 1]) == 1 and words[start - 1].isalpha())  # "dr m ashari"
    ):
        start -= 1
    if start >= 2:
        two = KIND_WORDS.get(f"{words[start - 2]} {words[start - 1]}")
        if two:
            return two
    return KIND_WORDS.get(words[start - 1]) if start >= 1 else None


# What a landmark of each table kind is called, for a name that does not say it
# ("Uncen Waena", "Waruga Sawangan", "ITC Kuningan"): the confirmation shows "Uncen Waena
# (kampus)" so the citizen can tell whether the place understood is the one meant
# (session 34). Indonesian, as the names and the "Kec."/"Kab." of a path are.
KIND_LABELS = {
    "airport": "bandara",
    "railway_station": "stasiun",
    "bus_terminal": "terminal",
    "bus_stop": "halte",
    "seaport": "pelabuhan",
    "industrial_estate": "kawasan industri",
    "university": "kampus",
    "mall": "mal",
    "market": "pasar",
    "monument": "monumen",
    "tourist_site": "tempat wisata",
    "stadium": "stadion",
    "hospital": "rumah sakit",
}
# Words that already say what a place is, wherever they stand in its name ("Sunter Mall",
# "Siloam Hospitals", "Bukit Sulap", "Air Terjun Sri Gethuk")
_DESCRIBING_WORDS = """mall mal plaza square hospital hospitals rs klinik airport bandara
    station stasiun halte
    terminal pelabuhan port kawasan industri estate park taman waterpark waterbom pantai
    beach bukit gunung danau gili pulau benteng kebun pemandian air terjun curug goa gua
    candi pura masjid gereja museum monumen tugu patung stadion gor universitas institut
    politeknik uin iain kampus university college sekolah pasar market trade center
    centre itc theater teater zoo kebun puncak hutan telaga waduk bendungan jembatan
    alun menara keraton istana makam desa kampung pantai situ umbul kolam curug coban
    grojogan luweng ranu leuwi riam tiu cunca embung kawah"""
_DESCRIBING = frozenset(_DESCRIBING_WORDS.split())


def kind_label(name: str, kind: str) -> str | None:
    """The word for `kind` when `name` does not say what the place is, else None."""
    label = KIND_LABELS.get(kind)
    if label is None:
        return None
    words = re.sub(r"[^a-z0-9 ]", " ", name.lower()).split()
    if any(w in _DESCRIBING or w in KIND_WORDS for w in words):
        return None
    return label


def name_kinds(keys: list[str]) -> frozenset[str]:
    """The kinds normalised names start with: Bundaran Pattimura Ambon (alias Simpang
    Pattimura) is a roundabout and a junction."""
    return frozenset(kind for key in keys if (kind := kind_at(key.split(), 0)) is not None)


@dataclass(frozen=True, slots=True)
class Landmark:
    """A named place inside one kab/kota (and, where known, one kecamatan)."""

    name: str
    names: tuple[str, ...]  # the name and its aliases, as written in the table
    kind: str
    code: str  # the kecamatan code when known, else the kab/kota code
    source: str


@dataclass(frozen=True, slots=True)
class Street:
    """A named street and one kab/kota (or kecamatan) it runs in."""

    name: str  # without "Jl."/"Jalan": "Demang Lebar Daun"
    code: str
    source: str


@dataclass(frozen=True, slots=True)
class RegionAlias:
    alias: str
    code: str  # province or kab/kota
    kind: str
    source: str


@dataclass(slots=True)
class PlaceBook:
    """Everything under data/places/, validated against the region tree."""

    landmarks: list[Landmark] = field(default_factory=list)
    aliases: list[RegionAlias] = field(default_factory=list)
    foreign: dict[str, str] = field(default_factory=dict)  # name as written -> country code
    countries: set[str] = field(default_factory=set)  # the foreign names that are countries
    # foreign names of the long world list (foreign_cities.csv): matched exactly only
    foreign_listed: set[str] = field(default_factory=set)
    streets: list[Street] = field(default_factory=list)
    parents: dict[str, str] = field(default_factory=dict)  # kab/kota -> the one it split from
    problems: list[str] = field(default_factory=list)
    digest: str = ""  # of every file read: part of the gazetteer's cache key


# Jakarta's BRT stops are Transjakarta's, which people call "busway" after its lanes
# (session 40): "hp dicopet di busway halte harmoni", "halte busway slipi", "halte tj
# harmoni" and "halte transjakarta harmoni" all name Halte Harmoni. Only in DKI Jakarta:
# elsewhere "busway" names another city's system or none.
_TRANSJAKARTA_PROVINCE = "31."
_BUSWAY_FORMS = ("Halte Busway {}", "Busway {}", "Halte Transjakarta {}", "Halte TJ {}")


def _busway_names(names: list[str]) -> list[str]:
    """The other ways Jakarta writes each "Halte X" of `names`."""
    return [
        form.format(written[len("Halte ") :])
        for written in names
        if written.startswith("Halte ")
        for form in _BUSWAY_FORMS
    ]


def landmark_files(folder: Path = PLACES_DIR, checked: Path = CHECKED_DIR) -> list[Path]:
    return [*sorted(folder.glob("landmarks/*.csv")), *sorted(checked.glob("landmarks_*.csv"))]


def alias_files(folder: Path = PLACES_DIR, checked: Path = CHECKED_DIR) -> list[Path]:
    return [*sorted(folder.glob("aliases*.csv")), *sorted(checked.glob("aliases_*.csv"))]


def place_files(folder: Path = PLACES_DIR, checked: Path = CHECKED_DIR) -> list[Path]:
    """Every table the gazetteer is built from: a change to any rebuilds its cache."""
    singles = [folder / name for name in ("streets.csv", "parents.csv")]
    return [
        *landmark_files(folder, checked),
        *alias_files(folder, checked),
        *sorted(folder.glob("foreign*.csv")),
        *[path for path in singles if path.is_file()],
    ]


def files_digest(folder: Path = PLACES_DIR, checked: Path = CHECKED_DIR) -> str:
    digest = hashlib.sha256()
    for path in place_files(folder, checked):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_places(
    tree: RegionTree, folder: Path = PLACES_DIR, checked: Path = CHECKED_DIR
) -> PlaceBook:
    book = PlaceBook(digest=files_digest(folder, checked))
    for path in landmark_files(folder, checked):
        for number, row in numbered_csv_rows(path):
            where = f"{path.name}:{number}"
            name = (row.get("name") or "").strip()
            regency = (row.get("regency") or "").strip()
            district = (row.get("district") or "").strip()
            kind = (row.get("kind") or "").strip()
            if not name:
                book.problems.append(f"{where}: empty name")
                continue
            if regency not in tree or level_of(regency) != 2:
                book.problems.append(f"{where}: {name}: unknown kab/kota code {regency!r}")
                continue
            if district and (
                district not in tree or not is_within(district, regency) or level_of(district) != 3
            ):
                book.problems.append(
                    f"{where}: {name}: {district} is not a kecamatan of "
                    f"{regency}; using the kab/kota"
                )
                district = ""
            if kind not in LANDMARK_KINDS:
                book.problems.append(f"{where}: {name}: unknown kind {kind!r}")
            aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
            iata = _IATA.search(row.get("note") or "")
            if kind == "airport" and iata:  # "bandara kno", "parkiran bandara upg"
                aliases.append(f"Bandara {iata.group(1)}")
            if kind == "bus_stop" and regency.startswith(_TRANSJAKARTA_PROVINCE):
                aliases.extend(_busway_names([name, *aliases]))
            book.landmarks.append(
                Landmark(
                    name,
                    (name, *aliases),
                    kind,
                    district or regency,
                    (row.get("source") or "").strip(),
                )
            )
    for alias_path in alias_files(folder, checked):
        for number, row in numbered_csv_rows(alias_path):
            alias = (row.get("alias") or "").strip()
            code = (row.get("code") or "").strip()
            kind = (row.get("kind") or "").strip()
            if not alias or code not in tree or level_of(code) > 3:
                book.problems.append(
                    f"{alias_path.name}:{number}: {alias!r} -> unknown code {code!r}"
                )
                continue
            book.aliases.append(RegionAlias(alias, code, kind, (row.get("source") or "").strip()))
    parents_path = folder / "parents.csv"
    if parents_path.is_file():
        for number, row in numbered_csv_rows(parents_path):
            child = (row.get("regency") or "").strip()
            parent = (row.get("parent") or "").strip()
            if (
                child not in tree
                or parent not in tree
                or level_of(child) != 2
                or level_of(parent) != 2
            ):
                book.problems.append(
                    f"parents.csv:{number}: {child!r} <- {parent!r}: unknown kab/kota"
                )
                continue
            book.parents[child] = parent
    streets_path = folder / "streets.csv"
    if streets_path.is_file():
        for number, row in numbered_csv_rows(streets_path):
            name = (row.get("street") or "").strip()
            regency = (row.get("regency") or "").strip()
            district = (row.get("district") or "").strip()
            if not name or regency not in tree or level_of(regency) != 2:
                book.problems.append(
                    f"streets.csv:{number}: {name!r} -> unknown kab/kota {regency!r}"
                )
                continue
            if district and not (
                district in tree and level_of(district) == 3 and is_within(district, regency)
            ):
                district = ""
            book.streets.append(
                Street(name, district or regency, (row.get("source") or "").strip())
            )
    # the hand-checked list first: its rows win over the long list's
    for foreign_path in sorted(folder.glob("foreign*.csv"), key=lambda p: p.name != "foreign.csv"):
        listed = foreign_path.name != "foreign.csv"
        for row in csv_rows(foreign_path):
            name = (row.get("name") or "").strip()
            if not name or name in book.foreign:
                continue
            book.foreign[name] = (row.get("country") or "").strip()
            if listed:
                book.foreign_listed.add(name)
            elif (row.get("source") or "").startswith("CLDR"):  # CLDR lists countries
                book.countries.add(name)
    return book
