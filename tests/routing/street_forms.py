"""Forms for the session 36 street rule: a street of streets.csv written with the name of
its kecamatan, where other kab/kota have a kecamatan of that name and none of them has the
street ("jalan asia afrika tanah abang": Tanah Abang is also a kecamatan of Muara Enim).
Generated from data/places/streets.csv and the Kemendagri tree; hero streets are left out
(they run through most towns, which the table does not list).

    .venv/bin/python -m tests.routing.street_forms   # counts right / asked / wrong
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator

from bot.routing.place_index import hero_words
from bot.routing.place_words import name_key
from bot.routing.resolver import Router
from bot.settings import DATA_ROOT

STREETS_PATH = DATA_ROOT / "places" / "streets.csv"


def forms(router: Router) -> Iterator[tuple[str, str]]:
    """(text, the kab/kota it must reach) for every street row with a kecamatan whose name
    kecamatan of other kab/kota share, none of which holds a street of that name."""
    keys = router.gazetteer.keys
    streets = router.gazetteer.streets
    heroes = hero_words()
    seen: set[str] = set()
    with STREETS_PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        district = row["district"].strip()
        street = name_key(row["street"])
        if not district or row["note"].startswith("hero") or heroes.intersection(street.split()):
            continue
        name = router.tree.name(district)
        if not name:
            continue
        kecamatan = name_key(name)
        holders = {c[:5] for c in keys.get(kecamatan, ()) if len(c) == 8}
        if len(holders) < 2:
            continue
        held = {c[:5] for c in streets.get(street, ())}
        if held & holders != {district[:5]}:
            continue
        text = f"jalan {street} {kecamatan}"
        if text not in seen:
            seen.add(text)
            yield text, district[:5]


def count_answers(router: Router, cases: Iterable[tuple[str, str]]) -> Counter[str]:
    """Right / wrong (one place, inside or outside the expected kab/kota) or the status
    answered, for each (text, kab/kota code) case."""
    counts: Counter[str] = Counter()
    for text, regency in cases:
        res = router.resolve_text(text)
        if res.status == "ok" and res.chosen is not None:
            counts["right" if res.chosen.code.startswith(regency) else "wrong"] += 1
        else:
            counts[res.status] += 1
    return counts


def audit(router: Router) -> Counter[str]:
    return count_answers(router, forms(router))


if __name__ == "__main__":
    from bot.settings import load_settings

    print(dict(audit(Router.load(load_settings()))))
