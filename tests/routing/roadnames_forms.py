"""Generated probe: a place's name inside the name of a road, river, water or junction.

Owns: generating, from the Kemendagri tree alone (not from any text this code was written
beside), texts where a kab/kota's or kecamatan's name is part of a thing's name and another
area of the text settles where it happened, and scoring the resolver's answer per frame
(session 45, issue 14: bot/routing/thing_names.py, `Router._beside_the_roads_name`):

- `road_towns`: "laka di jalan raya {A} {B} {C}": a road named after two kab/kota, and a
  kecamatan C of a third kab/kota whose name no other place bears;
- `street_deep`: "dikeroyok di jalan {words} {A} {V}": a street whose own name (two words
  no street or place bears) ends in a kab/kota's name, and a village V of another
  kab/kota whose name no other place bears;
- `street_joined`: as `street_deep`, a kab/kota's two-word name written as one word in
  the street's name ("jalan salim batubara");
- `water_mouth`: "ditembak di perairan muara {A} {C}": the waters named after a kab/kota,
  and a kecamatan C of another kab/kota whose name no other place bears;
- `river_village`: "mayat di sungai {A} desa {X} {K}": a river named after a kab/kota, and
  a village X (its name borne in other kab/kota too) with its own kecamatan K;
- `river_unique`: "mayat di sungai {A} desa {V}": the river, and a village V of another
  kab/kota whose name no other place bears;
- `junction_asked`: "tawuran di perempatan {N} jalan raya {C}": a junction named like
  kecamatan of several kab/kota (asked alone), and a kecamatan C no other place names;
- controls, whose first answer must stay: `water_alone` "ditembak di perairan muara {A}"
  and `street_alone` "dikeroyok di jalan {words} {A}" (the kab/kota A), `junction_alone`
  "tawuran di perempatan {N}" (asked).

Outcomes: `right` (the expected kab/kota; for `junction_alone`, a question), `guessed`
(another place routed), `asked`, `lost` (nothing found). Run it (about half a minute):
`python -m tests.routing.roadnames_forms [--failures N] [--count N]`. Session 45 ran it
from an export of main 4515864 and from its branch; figures in data/routing/README.md,
"Session 45: roadnames".
`tests/routing/test_roadnames_things.py` scores a fixed sample.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.gazetteer import Gazetteer
from bot.routing.place_index import sentence_word
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name, level_of
from bot.routing.resolver import Router
from tests.routing.kinship_forms import shared_villages
from tests.routing.reading_forms import hashed_sample, print_frame_tally

# A street's own words before a town's name in it, as streets are named after bodies of
# fighters ("Jalan Tentara Rakyat Mataram"); a pair is used when neither it nor a word of it
# is a street or place ("pejuang" is a village's name).
STREET_WORDS = ("tentara rakyat", "laskar rakyat", "pejuang rakyat")


@dataclass(frozen=True)
class Form:
    """One generated text, its frame and the kab/kota it must answer (empty: ask)."""

    frame: str
    text: str
    code: str


def _names(tree: RegionTree) -> Counter[str]:
    """How many regions bear each name (kab/kota by their bare name)."""
    return Counter(
        name_key(bare_regency_name(n) if level_of(c) == 2 else n) for c, n in tree.items()
    )


def _plain(key: str) -> bool:
    return len(key) >= 5 and not any(sentence_word(w) for w in key.split())


def towns(tree: RegionTree) -> list[str]:
    """Kab/kota whose one-word bare name no other region bears, no word of a sentence."""
    counts = _names(tree)
    out = []
    for code, name in tree.items(2):
        key = name_key(bare_regency_name(name))
        if " " not in key and counts[key] == 1 and _plain(key):
            out.append(code)
    return out


def two_word_towns(tree: RegionTree) -> list[str]:
    """Kab/kota whose two-word bare name no other region bears, no word of a sentence
    ("batu bara", written "batubara" in a street's name)."""
    counts = _names(tree)
    out = []
    for code, name in tree.items(2):
        key = name_key(bare_regency_name(name))
        if len(key.split()) == 2 and counts[key] == 1 and _plain(key):
            out.append(code)
    return out


def unique_places(tree: RegionTree, level: int) -> list[str]:
    """Kecamatan (3) or villages (4) whose name no other region bears."""
    counts = _names(tree)
    return [c for c, n in tree.items(level) if counts[name_key(n)] == 1 and _plain(name_key(n))]


def shared_kecamatan(tree: RegionTree) -> list[str]:
    """One-word kecamatan names borne by kecamatan of two or more kab/kota and by nothing
    else ("nambo": asked alone)."""
    where: dict[str, set[str]] = {}
    for code, name in tree.items(3):
        where.setdefault(name_key(name), set()).add(code[:5])
    counts = _names(tree)
    return sorted(
        k
        for k, cities in where.items()
        if len(cities) >= 2 and counts[k] == len(cities) and " " not in k and _plain(k)
    )


def _other(pool: list[str], at: int, *regencies: str) -> str:
    """An item of `pool` from `at` on, in a kab/kota none of `regencies` is."""
    return next(c for c in pool[at:] + pool[:at] if c[:5] not in regencies)


def all_forms(gaz: Gazetteer, count: int = 40) -> Iterator[Form]:
    """The frames over `count` sampled kab/kota."""
    tree = gaz.tree
    cities = hashed_sample(towns(tree), count, "roadnames-a")
    kecamatan = hashed_sample(unique_places(tree, 3), 4 * count, "roadnames-c")
    villages = hashed_sample(unique_places(tree, 4), 4 * count, "roadnames-v")
    addressed = hashed_sample(shared_villages(tree), 4 * count, "roadnames-x")
    junctions = hashed_sample(shared_kecamatan(tree), count, "roadnames-n")
    own = [
        w
        for w in STREET_WORDS
        if w not in gaz.streets and not any(part in gaz.keys for part in (w, *w.split()))
    ]

    def name(code: str) -> str:
        return name_key(
            bare_regency_name(tree.name(code) or "")
            if level_of(code) == 2
            else tree.name(code) or ""
        )

    joined = hashed_sample(two_word_towns(tree), count, "roadnames-j")
    for k, city in enumerate(joined):
        v = _other(villages, 3 * k, city)
        words = own[k % len(own)]
        text = f"dikeroyok di jalan {words} {name(city).replace(' ', '')} {name(v)}"
        yield Form("street_joined", text, v[:5])
    for k, city in enumerate(cities):
        a = name(city)
        second = cities[(k + 1) % len(cities)]
        c = _other(kecamatan, k, city, second)
        yield Form("road_towns", f"laka di jalan raya {a} {name(second)} {name(c)}", c[:5])
        words = own[k % len(own)]
        v = _other(villages, k, city)
        yield Form("street_deep", f"dikeroyok di jalan {words} {a} {name(v)}", v[:5])
        yield Form("street_alone", f"dikeroyok di jalan {words} {a}", city)
        c2 = _other(kecamatan, 2 * k, city)
        yield Form("water_mouth", f"ditembak di perairan muara {a} {name(c2)}", c2[:5])
        yield Form("water_alone", f"ditembak di perairan muara {a}", city)
        x = _other(addressed, k, city)
        yield Form("river_village", f"mayat di sungai {a} desa {name(x)} {name(x[:8])}", x[:5])
        v2 = _other(villages, 2 * k, city)
        yield Form("river_unique", f"mayat di sungai {a} desa {name(v2)}", v2[:5])
        if k < len(junctions):
            n = junctions[k]
            c3 = _other(kecamatan, 3 * k, *(c[:5] for c in gaz.keys.get(n, ())))
            yield Form("junction_asked", f"tawuran di perempatan {n} jalan raya {name(c3)}", c3[:5])
            yield Form("junction_alone", f"tawuran di perempatan {n}", "")


def answer(router: Router, form: Form) -> str:
    """right / guessed / asked / lost, as the module's docstring says."""
    result = router.resolve_text(form.text)
    if result.status == "ambiguous":
        return "asked" if form.code else "right"
    if result.status != "ok" or result.chosen is None:
        return "lost"
    return "right" if form.code and result.chosen.code.startswith(form.code) else "guessed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", type=int, default=0, help="misses to print per frame")
    parser.add_argument("--count", type=int, default=40, help="kab/kota sampled")
    args = parser.parse_args(argv)
    from bot.settings import load_settings

    router = Router.load(load_settings())
    print_frame_tally(
        all_forms(router.gazetteer, args.count),
        lambda f: answer(router, f),
        args.failures,
        14,
        "ask",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
