"""Generated probe: a migrant's home town against a place abroad, and the converse.

Owns: generating, from the Kemendagri tree, the province and kab/kota short forms
(data/places/aliases.csv, aliases_regencies.csv) and the foreign tables (not from any
text this code was written beside), the way migrant complaints name a person's origin and
the place abroad where it happened, and scoring the resolver's answer per frame (session
45, issue 14: "a list of foreign countries and cities answers 'outside Indonesia'"):

- `country`, `city`: "<pmi/tkw/tki/wni/abk/mahasiswa> asal <kab/kota, province or a
  short form> <event> di <place abroad>", the place a country (with the everyday forms
  people write: "arab", "saudi", "malay", "hongkong", "korsel", "uea") or a town of the
  destinations of Indonesian migrant workers and students: the answer must be "outside";
- `building`: the same with the town after a building's word ("di rs riyadh", "di
  apartemen kowloon", "di penjara tawau", "di waterfall bay park hong kong"): "outside";
- `street`: the same with the town after a street's name ("di jalan sultan ismail kuala
  lumpur", "kecelakaan di jalan sarikei sarawak"): "outside";
- `shared`: the same with a foreign name that is also a region's name of the tree
  ("mesir", "jepang", "singapura": villages): weighed by the sentence, "outside";
- `converse`: "<wna/turis/pria> asal <place abroad> <event> di <kab/kota or kecamatan>":
  the answer must be the Indonesian place;
- `two_places`: "<people> dari <kab/kota A> ... di <landmark> <kab/kota B>": the answer
  must be B;
- `same_place`: the same with B a kecamatan of A (the control): the answer must be A.

Outcomes: `right`; `guessed` (placed somewhere, or placed elsewhere); `asked`; `lost` (no
place, or "outside" where a place was due).

Run it (under a minute): `python -m tests.routing.origins3_forms [--failures N]`;
`--class` lists the forms people write for the destination countries and whether the
foreign tables hold each; `--shared` counts the regions bearing each foreign name.
`tests/routing/test_origins3_forms_origins3.py` scores a fixed sample.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.routing.gazetteer import Gazetteer
from bot.routing.place_index import sentence_word
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name, is_within, level_of
from bot.routing.resolver import Router
from bot.routing.table_rows import csv_rows
from tests.routing.reading_forms import _unique_regencies, hashed_sample, print_frame_tally

PLACES = Path(__file__).resolve().parents[2] / "data" / "places"
# Countries Indonesian migrant workers and students are in (BP2MI's placements, KemLu's
# lists), as events_abroad.MIGRANT_COUNTRIES with Egypt and Turkey (students).
DESTINATIONS = frozenset(
    ["MY", "SA", "AE", "QA", "KW", "OM", "BH", "HK", "TW", "SG", "KR", "JP", "BN", "EG", "TR"]
)
PERSONS = ("pmi", "tkw", "tki", "wni", "abk", "mahasiswa")
EVENTS = ("meninggal", "disiksa majikan", "ditahan", "hilang kontak", "dirampok", "ditemukan tewas")
# Buildings and sites in a town abroad ("{b} {f}").
BUILDINGS = (
    "rs",
    "rumah sakit",
    "bandara",
    "apartemen",
    "pabrik",
    "kapal",
    "penjara",
    "theme park",
)
# Streets' names abroad ("di jalan {s} {town}"): the town after the name is where it runs.
STREETS = ("sultan ismail", "tun razak", "bukit bintang", "nathan", "king abdullah")
FOREIGNERS = ("wna", "turis", "pria", "mahasiswa", "pekerja")
# "{people} dari {a} {verb} di {landmark} {b}"
TWO_PLACES = (
    "5 penumpang perahu dari {a} turun di belakang kantor dinas sosial {b}",
    "rombongan dari {a} ditahan di depan kantor bupati {b}",
    "pedagang dari {a} dipalak preman di terminal {b}",
)


@dataclass(frozen=True)
class Form:
    """One generated text, its frame and the code it must answer ("" for outside)."""

    frame: str
    text: str
    code: str


def foreign_names(gaz: Gazetteer) -> dict[str, list[str]]:
    """Names abroad of DESTINATIONS by group: `country` (a country's name in the tables, or
    one of EVERYDAY_COUNTRIES, whether the tables hold it or not), `city` (a town of the
    hand-checked list, or of CLASS_NAMES), `shared` (a country's or town's name a region
    of the tree bears too)."""
    groups: dict[str, set[str]] = {
        "country": set(EVERYDAY_COUNTRIES),
        "city": {n for n in CLASS_NAMES if n not in EVERYDAY_COUNTRIES and n not in gaz.keys},
        "shared": set(),
    }
    for key, country in gaz.foreign.items():
        if country not in DESTINATIONS or key in gaz.foreign_listed or key in gaz.landmark_keys:
            continue
        if len(key) < 3 or not key.replace(" ", "").isalpha():
            continue
        if key in gaz.keys:
            groups["shared"].add(key)
        elif key in gaz.countries:
            groups["country"].add(key)
        else:
            groups["city"].add(key)
    groups["city"] -= groups["country"]
    return {k: sorted(v) for k, v in groups.items()}


# Everyday forms of the destination countries (not CLDR's names), as migrant news and
# chats write them: probed whether the tables hold them or not.
EVERYDAY_COUNTRIES = frozenset(
    ["arab", "saudi", "malay", "korsel", "korea", "uea", "singapur", "hongkong"]
)


def _origins(gaz: Gazetteer) -> list[tuple[str, str]]:
    """(name, code): every kab/kota by a bare name only it bears, every province, and the
    province and kab/kota short forms only that region bears."""
    tree = gaz.tree
    out = [(name_key(bare_regency_name(tree.name(c) or "")), c) for c in _unique_regencies(tree)]
    out += [(name_key(n), c) for c, n in tree.items(1)]
    for table, kinds in (
        ("aliases.csv", ("province_short",)),
        ("aliases_regencies.csv", ("short_form",)),
    ):
        for row in csv_rows(PLACES / table):
            key = name_key(row["alias"])
            if row["kind"] not in kinds or not key.isalpha() or sentence_word(key):
                continue
            if set(gaz.keys.get(key, ())) == {row["code"]}:
                out.append((key, row["code"]))
    return out


def _unique_districts(tree: RegionTree) -> list[str]:
    """Kecamatan whose name no other region bears."""
    counts = Counter(
        name_key(bare_regency_name(n) if level_of(c) == 2 else n) for c, n in tree.items()
    )
    return [
        c
        for c, n in tree.items(3)
        if counts[name_key(n)] == 1 and len(name_key(n)) >= 5 and not sentence_word(name_key(n))
    ]


def abroad_forms(gaz: Gazetteer) -> Iterator[Form]:
    """Every origin with a country, a town and a building abroad, and a shared name."""
    groups = foreign_names(gaz)
    for k, (origin, _code) in enumerate(_origins(gaz)):
        person, event = PERSONS[k % len(PERSONS)], EVENTS[k % len(EVENTS)]
        for frame in ("country", "city", "shared"):
            names = groups[frame]
            place = names[k % len(names)]
            yield Form(frame, f"{person} asal {origin} {event} di {place}", "")
        town = groups["city"][(k * 7) % len(groups["city"])]
        building = BUILDINGS[k % len(BUILDINGS)]
        yield Form("building", f"{person} asal {origin} {event} di {building} {town}", "")
        street = STREETS[k % len(STREETS)]
        yield Form("street", f"{person} asal {origin} {event} di jalan {street} {town}", "")


def converse_forms(gaz: Gazetteer, districts: int = 300) -> Iterator[Form]:
    """A foreigner from a place abroad, the event at a kab/kota or a kecamatan."""
    groups = foreign_names(gaz)
    names = groups["country"] + groups["city"]
    tree = gaz.tree
    places = [(name_key(bare_regency_name(tree.name(c) or "")), c) for c in _unique_regencies(tree)]
    places += [
        (name_key(tree.name(c) or ""), c)
        for c in hashed_sample(_unique_districts(tree), districts, "origins3-district")
    ]
    for k, (place, code) in enumerate(places):
        who, event = FOREIGNERS[k % len(FOREIGNERS)], EVENTS[k % len(EVENTS)]
        abroad = names[(k * 5) % len(names)]
        yield Form("converse", f"{who} asal {abroad} {event} di {place}", code)


def two_place_forms(gaz: Gazetteer, pairs: int = 150) -> Iterator[Form]:
    """Pairs of kab/kota of different provinces: from A, the event at a landmark of B."""
    tree = gaz.tree
    codes = hashed_sample(_unique_regencies(tree), pairs * 2, "origins3-pairs")
    firsts, seconds = codes[:pairs], codes[pairs:]
    for k, (a, b) in enumerate(zip(firsts, seconds, strict=False)):
        if a[:2] == b[:2]:
            continue
        name_a = name_key(bare_regency_name(tree.name(a) or ""))
        name_b = name_key(bare_regency_name(tree.name(b) or ""))
        frame = TWO_PLACES[k % len(TWO_PLACES)]
        yield Form("two_places", frame.format(a=name_a, b=name_b), b)


def same_place_forms(gaz: Gazetteer, count: int = 100) -> Iterator[Form]:
    """From a kab/kota A, the event at a kecamatan of A only it bears: A (the control of
    `two_places`: the scene agrees with the origin)."""
    tree = gaz.tree
    districts = {c[:5]: c for c in _unique_districts(tree)}
    regencies = [c for c in _unique_regencies(tree) if c in districts]
    for k, a in enumerate(hashed_sample(regencies, count, "origins3-same")):
        name_a = name_key(bare_regency_name(tree.name(a) or ""))
        district = name_key(tree.name(districts[a]) or "")
        frame = TWO_PLACES[k % len(TWO_PLACES)]
        yield Form("same_place", frame.format(a=name_a, b=district), a)


def all_forms(gaz: Gazetteer) -> Iterator[Form]:
    """Every frame of the module's docstring."""
    yield from abroad_forms(gaz)
    yield from converse_forms(gaz)
    yield from two_place_forms(gaz)
    yield from same_place_forms(gaz)


def answer(router: Router, form: Form) -> str:
    """right / guessed / asked / lost, as the module's docstring says."""
    result = router.resolve_text(form.text)
    if result.status == "outside":
        return "right" if not form.code else "lost"
    if result.status == "ambiguous":
        return "asked"
    if result.status != "ok" or result.chosen is None:
        return "lost"
    if not form.code:
        return "guessed"
    chosen = result.chosen.code
    inside = is_within(chosen, form.code) or (
        is_within(form.code, chosen) and level_of(chosen) >= 2
    )
    return "right" if inside else "guessed"


def class_report(gaz: Gazetteer) -> list[tuple[str, str | None]]:
    """Each CLASS name and the country the foreign tables give it (None: missing)."""
    return [(name, gaz.foreign.get(name)) for name in CLASS_NAMES]


def shared_report(gaz: Gazetteer) -> list[tuple[str, str, Counter[int]]]:
    """Each foreign name of DESTINATIONS a region bears: its country and the regions
    bearing it by level (1 province ... 4 village)."""
    out = []
    for key, country in sorted(gaz.foreign.items()):
        if country in DESTINATIONS and key in gaz.keys and key not in gaz.foreign_listed:
            out.append((key, country, Counter(level_of(c) for c in gaz.keys[key])))
    return out


# The forms people write for the destination countries and their main cities: the class
# the foreign tables must hold (`--class`).
CLASS_NAMES = (
    "malaysia",
    "malay",
    "taiwan",
    "hong kong",
    "hongkong",
    "arab saudi",
    "saudi",
    "arab",
    "uni emirat arab",
    "uea",
    "dubai",
    "abu dhabi",
    "qatar",
    "doha",
    "kuwait",
    "oman",
    "muscat",
    "korea selatan",
    "korsel",
    "korea",
    "seoul",
    "busan",
    "jepang",
    "tokyo",
    "osaka",
    "singapura",
    "singapur",
    "brunei",
    "turki",
    "istanbul",
    "mesir",
    "kairo",
    "riyadh",
    "jeddah",
    "mekkah",
    "madinah",
    "dammam",
    "kuala lumpur",
    "johor",
    "penang",
    "sabah",
    "sarawak",
    "kota kinabalu",
    "tawau",
    "taipei",
    "taichung",
    "kaohsiung",
    "bahrain",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", type=int, default=0, help="misses to print per frame")
    parser.add_argument("--class", dest="klass", action="store_true", help="audit the class")
    parser.add_argument("--shared", action="store_true", help="regions bearing foreign names")
    args = parser.parse_args(argv)
    from bot.settings import load_settings

    router = Router.load(load_settings())
    gaz = router.gazetteer
    if args.klass:
        for name, country in class_report(gaz):
            print(f"  {name:18} {country or 'MISSING'}")
        return 0
    if args.shared:
        for key, country, levels in shared_report(gaz):
            print(
                f"  {key:18} {country} " + " ".join(f"L{k}={v}" for k, v in sorted(levels.items()))
            )
        return 0
    print_frame_tally(all_forms(gaz), lambda f: answer(router, f), args.failures, 10, "outside")
    return 0


if __name__ == "__main__":
    sys.exit(main())
