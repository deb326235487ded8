"""Forms for the session 41 street rule: a street several kab/kota hold in streets.csv,
written with a kelurahan or desa of one of them whose name no other place bears ("jl kh
wahid hasyim tuan kentang": Jalan KH Wahid Hasyim is Palembang's and Jombang's, Kel.
Tuankentang only Palembang's). The area named settles which of the street's kab/kota.
Generated from data/places/streets.csv and the Kemendagri tree; heroes included (the
street is in the table for the kab/kota named).

    .venv/bin/python -m tests.routing.street_area_forms   # counts right / asked / wrong
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator

from bot.routing.place_words import name_key
from bot.routing.resolver import Router
from bot.settings import DATA_ROOT
from tests.routing.street_forms import count_answers

STREETS_PATH = DATA_ROOT / "places" / "streets.csv"
# Villages tried per street and kab/kota: enough to sweep every street row, few enough
# for a test run.
VILLAGES_PER_CITY = 1


def _unique_villages(router: Router, city: str) -> Iterator[str]:
    """Names of the villages of `city` that name no other place, region or street."""
    keys = router.gazetteer.keys
    for district in router.tree.children(city):
        for village in router.tree.children(district):
            name = name_key(router.tree.name(village) or "")
            if (
                len(name) >= 5
                and keys.get(name) == (village,)
                and name not in router.gazetteer.streets
                and name not in router.gazetteer.landmark_keys
            ):
                yield name


def forms(router: Router) -> Iterator[tuple[str, str]]:
    """(text, the kab/kota it must reach) for every street name two or more kab/kota hold,
    written with a village named only once in the tree, of each of those kab/kota."""
    streets = router.gazetteer.streets
    with STREETS_PATH.open(encoding="utf-8", newline="") as f:
        names = sorted({name_key(row["street"]) for row in csv.DictReader(f)})
    for street in names:
        cities = sorted({c[:5] for c in streets.get(street, ())})
        if len(cities) < 2:
            continue
        for city in cities:
            for n, village in enumerate(_unique_villages(router, city)):
                if n >= VILLAGES_PER_CITY:
                    break
                yield f"jalan {street} {village}", city


def audit(router: Router) -> Counter[str]:
    return count_answers(router, forms(router))


if __name__ == "__main__":
    import sys

    from bot.settings import load_settings

    router = Router.load(load_settings())
    if "--list" in sys.argv:
        for text, regency in forms(router):
            res = router.resolve_text(text)
            got = res.chosen.code if res.chosen else ""
            print(regency, res.status, got, res.reason, text, sep="\t")
    else:
        print(dict(audit(router)))
