"""Forms for the session 41 road rule: a road named after the two towns at its ends
(`road_places.towns_road`, `Router._between_two_towns`). Generated from the Kemendagri
tree: kecamatan whose name no other kab/kota or kecamatan bears (so a town's name says
its kab/kota), in three kinds of text:

- `agree`: two such kecamatan of one kabupaten, "longsor jalan poros {A} {B} dekat {V}",
  with {V} a village name many kab/kota share, none of them this one: the kabupaten;
- `plain`: the same without the village, "jalan raya {A} - {B}": the kabupaten;
- `km`: kecamatan of two kabupaten of one province, "dibegal di km 5 jalan raya {A}
  {B}": the first one's kabupaten.

    .venv/bin/python -m tests.routing.town_road_forms   # counts right / asked / wrong
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from bot.routing.place_words import name_key
from bot.routing.regions import level_of
from bot.routing.resolver import Router

# Kabupaten sampled: one in EVERY (a test run's worth; 1 sweeps all).
EVERY = 4
# A village name shared this widely is no one place ("mekar sari", "sukamaju").
SHARED_BY = 5


def _towns(router: Router, regency: str) -> list[str]:
    """Names of the kecamatan of `regency` that no other region or village bears and
    that are no street of streets.csv."""
    keys = router.gazetteer.keys
    out = []
    for district in router.tree.children(regency):
        name = name_key(router.tree.name(district) or "")
        if (
            name
            and keys.get(name) == (district,)
            and name not in router.regency_keys
            and name not in router.gazetteer.streets
            and name not in router.gazetteer.landmark_keys
        ):
            out.append(name)
    return out


def _shared_villages(router: Router) -> list[str]:
    counts: dict[str, set[str]] = {}
    for name, codes in router.gazetteer.keys.items():
        if all(level_of(c) == 4 for c in codes):
            regencies = {c[:5] for c in codes}
            if len(regencies) >= SHARED_BY and " " not in name:
                counts[name] = regencies
    return sorted(counts)


def forms(router: Router, every: int = EVERY) -> Iterator[tuple[str, str, str]]:
    """(kind, text, the kab/kota it must reach)."""
    keys = router.gazetteer.keys
    villages = _shared_villages(router)
    kabupaten = [c for c in router.tree.codes(2) if c[3] != "7"][::every]
    for n, regency in enumerate(kabupaten):
        towns = _towns(router, regency)
        if len(towns) < 2:
            continue
        a, b = towns[0], towns[-1]
        village = next(
            v
            for v in villages[n % len(villages) :] + villages
            if regency not in {c[:5] for c in keys.get(v, ())}
        )
        yield "agree", f"longsor jalan poros {a} {b} dekat {village}", regency
        yield "plain", f"jalan raya {a} - {b}", regency
        neighbours = [
            c for c in router.tree.codes(2) if c[:2] == regency[:2] and c != regency and c[3] != "7"
        ]
        for other in neighbours[:1]:
            far = _towns(router, other)
            if far:
                yield "km", f"dibegal di km 5 jalan raya {a} {far[0]}", regency


def audit(router: Router, every: int = EVERY) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for kind, text, regency in forms(router, every):
        res = router.resolve_text(text)
        if res.status == "ok" and res.chosen is not None:
            counts[kind, "right" if res.chosen.code.startswith(regency) else "wrong"] += 1
        else:
            counts[kind, res.status] += 1
    return counts


if __name__ == "__main__":
    import sys

    from bot.settings import load_settings

    router = Router.load(load_settings())
    every = int(sys.argv[sys.argv.index("--every") + 1]) if "--every" in sys.argv else EVERY
    if "--list" in sys.argv:
        for kind, text, regency in forms(router, every):
            res = router.resolve_text(text)
            got = res.chosen.code if res.chosen else ""
            print(kind, regency, res.status, got, res.reason, text, sep="\t")
    else:
        print(sorted(audit(router, every).items()))
