"""Build data/places/landmarks/city.csv, aliases_city.csv and the generated rows of streets.csv.

Owns: turning the compact, human-written lists data/places/lists/city_landmarks.txt and
city_streets.txt (streets and landmarks of the provincial capitals and big cities, written
by kab/kota) into rows the gazetteer loads, with Kemendagri codes resolved by the `lokal`
region tree, so the rows can be regenerated and reviewed as plain lists.

It also writes data/places/aliases_city.csv: the hand list city_aliases.txt (`alias | code
| kind | over_village`, nicknames and spellings; the optional fourth field lets a well-known
town outrank a small village of that name elsewhere) and, generated for every kab/kota
that shares its name with another ("Kabupaten Bogor" and "Kota Bogor"), the suffix forms
people write: "Bogor Kota" for the city, "Bogor Kab" and "Bogor Kabupaten" for the regency
(as in "Polres Bogor Kota").

Spec format (streets and landmarks): `@ <kab/kota code>` opens a city; `#` starts a comment.
- city_streets.txt: `Street name | kecamatan` (kecamatan optional);
- city_landmarks.txt: `kind | Name | alias;alias | kecamatan | also | source | note`
  (all but kind and Name optional); `also` lists more kab/kota codes ("32.13,32.12") for a
  site that runs through several (a toll road): one row per kab/kota, so the name alone is
  asked. `source` and `note` are given once a public page was read that places the site
  (note "checked: the page says ..."); without them the row cites the kab/kota article and
  says it is compiler knowledge not confirmed on the page, so a reader knows which rows
  still wait for a source.

Checks (a failing row is dropped and printed, never written):
- the kab/kota code exists; the kecamatan name resolves to exactly one kecamatan of that
  kab/kota (else the district is left empty and the row says so);
- a street already in the hand-written part of streets.csv for the same kab/kota is skipped,
  and so is a street named like any region (village included): the bare name must keep
  naming those regions;
- a landmark whose name or one of whose aliases (after the gazetteer's `name_key`) is
  already a name or alias of another landmark file is skipped (the same place);
- an alias is dropped when it collides with another landmark's name/alias, equals a
  province/kab/kota/kecamatan name or the name of a village of another kab/kota (a
  landmark name outranks a village's), is shorter than 4 characters, or is a bare generic
  word; a landmark named like such a region is skipped.

Run from the repository root: `.venv/bin/python tools/build_city_places.py`.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.routing.landmarks import LANDMARK_KINDS  # noqa: E402
from bot.routing.place_words import FILLERS, GENERIC, name_key  # noqa: E402
from bot.routing.regions import RegionTree, bare_regency_name  # noqa: E402

PLACES = ROOT / "data" / "places"
HERE = PLACES / "lists"
LANDMARKS_OUT = PLACES / "landmarks" / "city.csv"
ALIASES_OUT = PLACES / "aliases_city.csv"
ALIAS_HEADER = ["alias", "code", "kind", "source", "note"]
ALIAS_KINDS = {"short_form", "nickname", "former_name", "province_short", "capital", "island"}
STREETS = PLACES / "streets.csv"
# Rows this script owns in streets.csv carry this note prefix; all others are hand-written.
BUILD_NOTE = "build:city_streets"
LANDMARK_HEADER = ["name", "aliases", "kind", "regency", "district", "source", "note"]
STREET_HEADER = ["street", "regency", "district", "source", "note"]
KINDS = LANDMARK_KINDS  # the loader's list: a kind it does not know is no landmark


@dataclass
class SpecLine:
    regency: str
    fields: list[str]
    number: int


def wiki_source(tree: RegionTree, regency: str) -> str:
    """The Indonesian Wikipedia article of the kab/kota (URL built from the name)."""
    name = tree.name(regency) or ""
    name = name.replace("Kota Administrasi ", "").replace("Kabupaten Administrasi ", "")
    return "https://id.wikipedia.org/wiki/" + name.replace(" ", "_")


def read_spec(path: Path) -> list[SpecLine]:
    out: list[SpecLine] = []
    regency = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@"):
            regency = line[1:].strip()
            continue
        out.append(SpecLine(regency, [f.strip() for f in line.split("|")], number))
    return out


def district_code(tree: RegionTree, regency: str, name: str) -> str:
    """The kecamatan of `regency` called `name`, or "" when none or several match."""
    if not name:
        return ""
    want = _loose(name)
    found = [c for c in tree.children(regency) if _loose(tree.name(c) or "") & want]
    return found[0] if len(found) == 1 else ""


_NUMBERS = {"i": "satu", "ii": "dua", "iii": "tiga", "sei": "sungai"}


def _loose(name: str) -> set[str]:
    """Kecamatan names as written ("Ilir Timur II", "Kota Ternate Selatan", "Sei Beduk",
    "Pulo Gadung") and as Kemendagri spells them, made comparable."""
    words = [_NUMBERS.get(w, w) for w in name_key(name).split()]
    forms = {"".join(words)}
    if words[:1] == ["kota"] and len(words) > 2:
        forms.add("".join(words[1:]))
    return forms


def region_names(tree: RegionTree) -> set[str]:
    names: set[str] = set()
    for code, name in tree.items():
        if code.count(".") <= 2:
            names.add(name_key(name))
            names.add(name_key(bare_regency_name(name)))
    return names


def village_regencies(tree: RegionTree) -> dict[str, set[str]]:
    """Village name -> the kab/kota that have a village of that name."""
    found: dict[str, set[str]] = {}
    for code, name in tree.items(4):
        found.setdefault(name_key(name), set()).add(code[:5])
    return found


def names_elsewhere(villages: dict[str, set[str]], key: str, regency: str) -> bool:
    """A landmark name outranks a village of that name, so a name that is a village of
    another kab/kota ("Kemiri", "Senayan") would take that village's place: not allowed."""
    return bool(villages.get(key, set()) - {regency})


def existing_landmark_keys() -> set[str]:
    keys: set[str] = set()
    for path in sorted((PLACES / "landmarks").glob("*.csv")):
        if path == LANDMARKS_OUT:
            continue
        for row in csv.DictReader(path.open(encoding="utf-8")):
            for written in [row["name"], *(row["aliases"] or "").split(";")]:
                if written.strip():
                    keys.add(name_key(written))
    return keys


def build_landmarks(tree: RegionTree, problems: list[str]) -> list[list[str]]:
    existing = existing_landmark_keys()
    taken = set(existing)
    regions = region_names(tree)
    villages = village_regencies(tree)
    rows: list[list[str]] = []
    for spec in read_spec(HERE / "city_landmarks.txt"):
        where = f"city_landmarks.txt:{spec.number}"
        fields = spec.fields + [""] * 7
        kind, name, aliases, kecamatan, also, page, checked = fields[:7]
        if tree.name(spec.regency) is None or spec.regency.count(".") != 1:
            problems.append(f"{where}: unknown kab/kota {spec.regency!r}")
            continue
        if kind not in KINDS or not name:
            problems.append(f"{where}: bad kind or empty name: {spec.fields}")
            continue
        key = name_key(name)
        if key in taken:
            problems.append(f"{where}: {name!r} already in the landmark files; skipped")
            continue
        if key in regions or names_elsewhere(villages, key, spec.regency):
            problems.append(f"{where}: {name!r} is a region's name; skipped")
            continue
        alias_keys = {name_key(a) for a in aliases.split(";") if a.strip()}
        if alias_keys & existing:
            # another spelling of a place the other files have ("Gelora Bung Karno"
            # beside "Stadion Utama Gelora Bung Karno", alias GBK): one row per place
            problems.append(f"{where}: {name!r} shares an alias with another file; skipped")
            continue
        taken.add(key)
        kept: list[str] = []
        for alias in (a.strip() for a in aliases.split(";")):
            akey = name_key(alias)
            if (
                not akey
                or akey in taken
                or akey in regions
                or len(akey) < 4
                or names_elsewhere(villages, akey, spec.regency)
            ):
                if akey:
                    problems.append(f"{where}: alias {alias!r} of {name!r} dropped")
                continue
            if " " not in akey and (akey in GENERIC or akey in FILLERS):
                problems.append(f"{where}: alias {alias!r} is a generic word; dropped")
                continue
            taken.add(akey)
            kept.append(alias)
        district = district_code(tree, spec.regency, kecamatan)
        source = page or wiki_source(tree, spec.regency)
        if page and not checked.startswith("checked: "):
            problems.append(f"{where}: {name!r} has a source but no 'checked: ...' note")
        if page:
            note = checked
        else:
            note = "compiler knowledge; source is the kab/kota article (URL built from the "
            note += "title, not fetched), place not confirmed on the page"
        if kecamatan and not district:
            note += f"; kecamatan {kecamatan!r} did not resolve"
        rows.append(
            [
                name,
                ";".join(kept),
                kind,
                spec.regency,
                district,
                source,
                note,
            ]
        )
        for other in (c.strip() for c in also.split(",") if c.strip()):
            if tree.name(other) is None or other.count(".") != 1:
                problems.append(f"{where}: unknown kab/kota {other!r} in also")
                continue
            across = f"{note}; runs through several kab/kota, one row each"
            other_source = page or wiki_source(tree, other)
            rows.append([name, ";".join(kept), kind, other, "", other_source, across])
    return rows


def build_streets(tree: RegionTree, problems: list[str]) -> tuple[list[dict], list[list[str]]]:
    text = STREETS.read_text(encoding="utf-8")
    hand = [
        row
        for row in csv.DictReader(io.StringIO(text))
        if not (row.get("note") or "").startswith(BUILD_NOTE)
    ]
    have = {(name_key(r["street"]), r["regency"]) for r in hand}
    places = {name_key(name) for _, name in tree.items()}  # every region, villages too
    rows: list[list[str]] = []
    for spec in read_spec(HERE / "city_streets.txt"):
        where = f"city_streets.txt:{spec.number}"
        fields = spec.fields + ["", ""]
        street, kecamatan = fields[:2]
        if tree.name(spec.regency) is None or spec.regency.count(".") != 1:
            problems.append(f"{where}: unknown kab/kota {spec.regency!r}")
            continue
        key = name_key(street)
        if not key or key in GENERIC:
            problems.append(f"{where}: empty or generic street {street!r}")
            continue
        if (key, spec.regency) in have:
            continue
        if key in places:
            # "Batu Merah" is a village in six kab/kota: a street row would make the bare
            # name resolve to this city instead of asking
            problems.append(f"{where}: {street!r} is a region's name; skipped")
            continue
        have.add((key, spec.regency))
        district = district_code(tree, spec.regency, kecamatan)
        note = f"{BUILD_NOTE}; compiler knowledge"
        if kecamatan and not district:
            note += f"; kecamatan {kecamatan!r} did not resolve"
        rows.append([street, spec.regency, district, wiki_source(tree, spec.regency), note])
    return hand, rows


def existing_alias_keys() -> set[str]:
    keys: set[str] = set()
    for path in sorted(PLACES.glob("aliases*.csv")):
        if path == ALIASES_OUT:
            continue
        for row in csv.DictReader(path.open(encoding="utf-8")):
            keys.add(name_key(row["alias"]))
    return keys


def build_aliases(tree: RegionTree, problems: list[str]) -> list[list[str]]:
    """Hand-listed aliases, then the suffix forms of kab/kota names shared by two regions."""
    taken = existing_alias_keys()
    regions = region_names(tree)
    villages = village_regencies(tree)
    rows: list[list[str]] = []

    def add(alias: str, code: str, kind: str, note: str, where: str, over: bool = False) -> None:
        key = name_key(alias)
        if key in taken:
            return
        if key in regions or (names_elsewhere(villages, key, code[:5]) and not over):
            problems.append(f"{where}: alias {alias!r} is a region's name; dropped")
            return
        taken.add(key)
        source = wiki_source(tree, code) if code.count(".") == 1 else ""
        if not source:
            name = tree.name(code) or ""
            source = "https://id.wikipedia.org/wiki/" + name.replace(" ", "_")
        rows.append([alias, code, kind, source, note])

    for spec in read_spec(HERE / "city_aliases.txt"):
        where = f"city_aliases.txt:{spec.number}"
        fields = spec.fields + ["", "", "", ""]
        alias, code, kind, flag = fields[:4]
        if tree.name(code) is None or code.count(".") > 1 or kind not in ALIAS_KINDS:
            problems.append(f"{where}: bad code or kind: {spec.fields}")
            continue
        # "over_village": a town far better known than a village of that name elsewhere
        over = flag == "over_village"
        note = "compiler knowledge; not confirmed on the page"
        if over:
            note += "; outranks a village of that name elsewhere on purpose"
        add(alias, code, kind, note, where, over)
    by_name: dict[str, list[str]] = {}
    for code, name in tree.items(2):
        by_name.setdefault(bare_regency_name(name), []).append(code)
    for bare, codes in sorted(by_name.items()):
        if len(codes) < 2:
            continue
        note = "generated: the kab/kota shares its name with another; suffix form"
        for code in codes:
            if (tree.name(code) or "").startswith("Kota"):
                add(f"{bare} Kota", code, "short_form", note, "generated")
            else:
                add(f"{bare} Kab", code, "short_form", note, "generated")
                add(f"{bare} Kabupaten", code, "short_form", note, "generated")
    return rows


def main() -> int:
    tree = RegionTree()
    problems: list[str] = []
    landmarks = build_landmarks(tree, problems)
    with LANDMARKS_OUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)  # \r\n, as the other tables
        writer.writerow(LANDMARK_HEADER)
        writer.writerows(landmarks)
    aliases = build_aliases(tree, problems)
    with ALIASES_OUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(ALIAS_HEADER)
        writer.writerows(aliases)
    hand, streets = build_streets(tree, problems)
    with STREETS.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)  # \r\n, as the other tables
        writer.writerow(STREET_HEADER)
        for row in hand:
            writer.writerow([row.get(h) or "" for h in STREET_HEADER])
        writer.writerows(streets)
    for problem in problems:
        print(problem)
    print(
        f"landmarks/city.csv: {len(landmarks)} rows; aliases_city.csv: {len(aliases)} rows; "
        f"streets.csv: {len(streets)} built rows"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
