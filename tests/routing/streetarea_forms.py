"""Generated checks for session 42's street readings (task "streetarea").

1. `area_named_streets`: how often a street of data/places/streets.csv whose name is also a
   kecamatan's or village's name of the Kemendagri tree runs in that area's kab/kota. It
   measures the reading "jalan <area>" = the area's kab/kota before any rule is written:
   rows are grouped by what the name is (a unique kelurahan, desa or kecamatan, a name one
   kab/kota holds several times, a name of several kab/kota, a town's or island's name, a
   hero's) and counted as agreeing or not. Rows the table holds in another kab/kota too are
   left out with --leave-one-out (the table, not the reading, answers those), and so are
   names made of dictionary words or a landmark's name.
2. `raya_forms`: the session 36 and 41 street forms written with "raya" before the street's
   name ("jalan raya otista kampung melayu"), which people write for the same street.
   `dev_area_named_streets` counts the same over the development half's lines (a road word,
   then an area's name): is the line's kab/kota among the name's holders?
3. `area_after_street_forms`: a street of one kab/kota in streets.csv written after another
   street's name that is a village name many kab/kota share, or kind words ("jalan
   mekarsari condet", "jalan gardu condet"): the named street's kab/kota.

    .venv/bin/python -m tests.routing.streetarea_forms [--leave-one-out | --dev] [--list CLASS]
    .venv/bin/python -m tests.routing.streetarea_forms --raya
    .venv/bin/python -m tests.routing.streetarea_forms --after
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from bot.routing.gazetteer import bare_regency_name
from bot.routing.place_index import hero_words, sentence_word
from bot.routing.place_words import ROAD_WORDS, name_key, normalise
from bot.routing.regions import level_of
from bot.routing.resolver import Router
from bot.routing.road_places import ISLANDS
from bot.settings import DATA_ROOT
from tests.routing import street_area_forms, street_forms
from tests.routing.street_forms import count_answers

STREETS_PATH = DATA_ROOT / "places" / "streets.csv"
DEV_PATH = Path(__file__).resolve().parents[1] / "eval" / "places" / "dev.jsonl"


def area_names(router: Router) -> dict[str, set[str]]:
    """Every kecamatan and village name of the tree -> the codes bearing it."""
    names: dict[str, set[str]] = defaultdict(set)
    for level in (3, 4):
        for code, name in router.tree.items(level):
            names[name_key(name)].add(code)
    return names


def name_class(router: Router, street: str, codes: set[str], towns: set[str]) -> str:
    """What a street's name is as a place name (see the module docstring)."""
    if street in towns or street in ISLANDS:
        return "town/province/island"
    if heroes_of(street):
        return "hero"
    if len(codes) == 1:
        (code,) = codes
        if level_of(code) == 3:
            return "unique kecamatan"
        return "unique kelurahan" if code[9] == "1" else "unique desa"
    if len({c[:5] for c in codes}) == 1:
        return "one kab/kota"
    return "several kab/kota"


def heroes_of(street: str) -> bool:
    return bool(hero_words().intersection(street.split()))


def area_named_streets(
    router: Router, leave_one_out: bool = False
) -> Iterator[tuple[str, bool, str]]:
    """(class, agrees, row) for every streets.csv row named like a kecamatan or village:
    agrees when the row's kab/kota holds a place of that name."""
    names = area_names(router)
    towns = {
        name_key(bare_regency_name(name))
        for level in (1, 2)
        for _, name in router.tree.items(level)
    }
    with STREETS_PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        street = name_key(row["street"])
        codes = names.get(street)
        if not codes:
            continue
        city = row["regency"].strip()[:5]
        if row["note"].startswith("hero"):
            kind = "hero"
        else:
            kind = name_class(router, street, codes, towns)
        if leave_one_out:
            if {c[:5] for c in router.gazetteer.streets.get(street, ())} - {city}:
                continue  # the table answers it from a row of another kab/kota
            if street in router.gazetteer.landmark_keys:
                kind = "landmark name"
            elif all(sentence_word(w) for w in street.split()):
                kind = "dictionary words"
        holders = {c[:5] for c in codes}
        yield kind, city in holders, f"{street} ({city}; area in {', '.join(sorted(holders)[:4])})"


def dev_area_named_streets(router: Router) -> Iterator[tuple[str, bool, str]]:
    """(class, agrees, line) for every development line expecting a place whose first
    road word ("jalan", "jl", after its "raya") is followed by an area's name (longest
    first): agrees when the line's kab/kota holds a place of that name. Names the street
    table holds are counted apart."""
    names = area_names(router)
    towns = {
        name_key(bare_regency_name(name))
        for level in (1, 2)
        for _, name in router.tree.items(level)
    }
    with DEV_PATH.open(encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    for line in lines:
        if line["expect"] != "place":
            continue
        words = normalise(line["text"])
        road = next((k for k, w in enumerate(words) if w in ROAD_WORDS), None)
        if road is None:
            continue
        start = road + 1
        while start < len(words) and words[start] == "raya":
            start += 1
        found = [
            " ".join(words[start : start + size])
            for size in range(4, 0, -1)
            if start + size <= len(words) and " ".join(words[start : start + size]) in names
        ]
        if not found:
            continue
        street, codes = found[0], names[found[0]]
        if street in router.gazetteer.streets:
            kind = "in streets.csv"
        else:
            kind = name_class(router, street, codes, towns)
        holders = {c[:5] for c in codes}
        yield kind, line["regency"] in holders, f"{line['text']} ({line['regency']})"


def raya_forms(router: Router) -> Iterator[tuple[str, str]]:
    """The session 36 and 41 street forms with "raya" after the road word."""
    for text, regency in [*street_forms.forms(router), *street_area_forms.forms(router)]:
        yield text.replace("jalan ", "jalan raya ", 1), regency


# The street's own name in `area_after_street_forms`: a village name of many kab/kota
# (Mekarsari: 40 or more) and a kind word (a guard post).
OWN_NAMES = ("mekarsari", "gardu")


def area_after_street_forms(router: Router) -> Iterator[tuple[str, str]]:
    """(text, kab/kota) for every street name one kab/kota holds in streets.csv that no
    region bears, of no hero, of five letters or more, after each of OWN_NAMES."""
    keys = router.gazetteer.keys
    with STREETS_PATH.open(encoding="utf-8", newline="") as f:
        names = sorted({name_key(row["street"]) for row in csv.DictReader(f)})
    for street in names:
        cities = {c[:5] for c in router.gazetteer.streets.get(street, ())}
        if len(cities) != 1 or street in keys or heroes_of(street) or len(street) < 5:
            continue
        (city,) = cities
        for own in OWN_NAMES:
            yield f"jalan {own} {street}", city


if __name__ == "__main__":
    import sys

    from bot.settings import load_settings

    router = Router.load(load_settings())
    if "--raya" in sys.argv:
        print(dict(count_answers(router, raya_forms(router))))
        sys.exit()
    if "--after" in sys.argv:
        print(dict(count_answers(router, area_after_street_forms(router))))
        sys.exit()
    listed = sys.argv[sys.argv.index("--list") + 1] if "--list" in sys.argv else None
    counts: Counter[tuple[str, bool]] = Counter()
    rows = (
        dev_area_named_streets(router)
        if "--dev" in sys.argv
        else area_named_streets(router, "--leave-one-out" in sys.argv)
    )
    for kind, agrees, row in rows:
        counts[kind, agrees] += 1
        if kind == listed:
            print("  ", "agrees" if agrees else "other ", row)
    for kind in sorted({k for k, _ in counts}):
        yes, no = counts[kind, True], counts[kind, False]
        print(f"{kind:22} {yes:4} of {yes + no:4} in the area's kab/kota ({yes / (yes + no):.0%})")
