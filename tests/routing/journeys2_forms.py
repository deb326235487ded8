"""Generated probe: where the story happened against where someone went, came from or was taken.

A story often names two places: where it happened and where someone fled, was taken or
went home to ("kerusuhan di elelim, kami ngungsi sampe ke mapolres di wamena"). The
complaint belongs to the first. Pairs of places only one region of the tree bears (a
kab/kota, a kecamatan or a village, each checked to be found alone after "di"), in
journey frames people write, with twelve verbs of fleeing, being taken or going
(ngungsi, mengungsi, dievakuasi, dilarikan, dibawa, diantar, lari, kabur, pulang, balik,
pindah, nyebrang):

- `ke`, `sampe ke`, `ke arah`, `menuju`, `tujuan`: "<event> di A, <mover> <verb> ... B";
- `kind di`: B after a kind of place ("ke mapolres di B", "ke rs di B", "ke pos tni di B");
- `reversed`, `reversed kind`: the flight first ("ngungsi ke B abis rumah dibakar di A");
- `route`, `route reversed`: "<event>, <mover> <verb> dari A ke B" and "... ke B dari A",
  with the verbs of fleeing or being taken only: one flees from, or is taken from, the
  place of the trouble, so the route's start is the event's (the travel verbs pulang,
  balik, pindah, nyebrang say nothing of where a trouble was and are left out here).

The answer must be A. `abroad`: a home kab/kota named by an office or an origin word and
a foreign authority acting on the people ("ketua dprd X sm 4 wni lain ditahan otoritas
C", "tki asal X dideportasi dari C"): the answer must be "outside".

Counted per frame: right / guessed (placed elsewhere) / asked / lost (found nothing, or
refused). Run it (a minute or two): `python -m tests.routing.journeys2_forms [--failures
N]`. `tests/routing/test_journeys2.py` scores a fixed sample with floors.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name, is_within, level_of
from bot.routing.resolver import Router
from tests.routing.abroad_forms import foreign_names
from tests.routing.reading_forms import hashed_sample

FLIGHT_VERBS = ("ngungsi", "mengungsi", "dievakuasi", "dilarikan", "dibawa", "lari", "kabur")
TRAVEL_VERBS = ("diantar", "pulang", "balik", "pindah", "nyebrang")
VERBS = FLIGHT_VERBS + TRAVEL_VERBS
MOVERS = ("warga", "kami", "pelaku", "korban", "keluarga sy")
EVENTS = ("kerusuhan", "rumah dibakar", "motor dicuri", "ibu dijambret", "warung dirampok")
KINDS = ("mapolres", "rs", "pos tni", "rumah saudara", "posko")

# frame name -> (template, verbs); {a} is the event's place, {b} where someone went.
FRAMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ke": ("{event} di {a}, {mover} {verb} ke {b}", VERBS),
    "sampe ke": ("{event} di {a}, {mover} {verb} sampe ke {b}", VERBS),
    "ke arah": ("{event} di {a}, {mover} {verb} ke arah {b}", VERBS),
    "menuju": ("{event} di {a}, {mover} {verb} menuju {b}", VERBS),
    "tujuan": ("{event} di {a}, {mover} {verb} naik bus tujuan {b}", VERBS),
    "kind di": ("{event} di {a}, {mover} {verb} sampai ke {kind} di {b}", VERBS),
    "reversed": ("{mover} {verb} ke {b} abis {event} di {a}", VERBS),
    "reversed kind": ("{mover} {verb} ke {kind} di {b} abis {event} di {a}", VERBS),
    "route": ("{event}, {mover} {verb} dari {a} ke {b}", FLIGHT_VERBS),
    "route reversed": ("{event}, {mover} {verb} ke {b} dr {a}", FLIGHT_VERBS),
}
# {o}: a home kab/kota; {c}: a country migrant workers go to.
ABROAD_FRAMES = (
    "ketua dprd {o} sm 4 wni lain ditahan otoritas {c} soal visa",
    "anggota dprd {o} ditangkap polisi {c}",
    "wakil bupati {o} ditahan imigrasi {c}",
    "tki asal {o} dideportasi dari {c}",
    "warga {o} dideportasi dari {c} tanpa gaji",
    "5 wni asal {o} ditangkap polisi {c}",
    "jemaah umroh {o} ditahan otoritas {c}",
)


@dataclass(frozen=True)
class Form:
    """One generated text, its frame and the code it must answer ("" = outside)."""

    frame: str
    text: str
    code: str


def _typed(tree: RegionTree, code: str) -> str:
    name = tree.name(code) or ""
    return name_key(bare_regency_name(name) if level_of(code) == 2 else name)


def unique_places(tree: RegionTree) -> dict[int, list[str]]:
    """Per level (2 kab/kota, 3 kecamatan, 4 village): codes whose typed name no other
    region bears, of letters only and at least five of them."""
    counts = Counter(_typed(tree, c) for c, _ in tree.items())
    out: dict[int, list[str]] = {2: [], 3: [], 4: []}
    for code, _ in tree.items():
        level = level_of(code)
        key = _typed(tree, code)
        if level in out and counts[key] == 1 and len(key) >= 5 and key.replace(" ", "").isalpha():
            out[level].append(code)
    return out


def _found_alone(router: Router, name: str, code: str) -> bool:
    """The name typed alone in a story is found as `code` (or inside it)."""
    result = router.resolve_text(f"kerusuhan di {name}")
    return (
        result.status == "ok" and result.chosen is not None and is_within(result.chosen.code, code)
    )


def place_pairs(router: Router, per_level: int = 8) -> list[tuple[str, str, str, str]]:
    """(a name, a code, b name, b code): `per_level` pairs of each level, A and B of
    different provinces, each name found alone."""
    tree = router.tree
    unique = unique_places(tree)
    pairs: list[tuple[str, str, str, str]] = []
    for level, codes in unique.items():
        ordered = hashed_sample(codes, per_level * 6, f"journeys2-{level}")
        found = [c for c in ordered if _found_alone(router, _typed(tree, c), c)]
        firsts, seconds = found[:per_level], found[per_level:]
        for k, a in enumerate(firsts):
            b = next((c for c in seconds[k:] + seconds[:k] if c[:2] != a[:2]), None)
            if b is not None:
                pairs.append((_typed(tree, a), a, _typed(tree, b), b))
    return pairs


def all_forms(router: Router, per_level: int = 8, homes: int = 20) -> Iterator[Form]:
    """Every frame over the pairs (one verb, mover, event and kind each, in turn), and the
    abroad frames over `homes` unique kab/kota, each with a country."""
    pairs = place_pairs(router, per_level)
    for name, (template, verbs) in FRAMES.items():
        for k, (a, a_code, b, _) in enumerate(pairs):
            text = template.format(
                event=EVENTS[k % len(EVENTS)],
                mover=MOVERS[k % len(MOVERS)],
                verb=verbs[k % len(verbs)],
                kind=KINDS[k % len(KINDS)],
                a=a,
                b=b,
            )
            yield Form(name, text, a_code)
    tree = router.tree
    _, countries = foreign_names(router.gazetteer)
    countries = [c for c in countries if " " not in c or c == "arab saudi"] or countries
    homes_codes = hashed_sample(unique_places(tree)[2], homes, "journeys2-home")
    for k, code in enumerate(homes_codes):
        country = countries[k % len(countries)]
        for frame in ABROAD_FRAMES:
            yield Form("abroad: " + frame, frame.format(o=_typed(tree, code), c=country), "")


def answer(router: Router, form: Form) -> str:
    """right / guessed / asked / lost."""
    result = router.resolve_text(form.text)
    if result.status == "ambiguous":
        return "asked"
    if form.code == "":
        if result.status == "outside":
            return "right"
        return "guessed" if result.status == "ok" else "lost"
    if result.status == "ok" and result.chosen is not None:
        return "right" if is_within(result.chosen.code, form.code) else "guessed"
    return "lost"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", type=int, default=0, help="misses to print per frame")
    parser.add_argument("--per-level", type=int, default=8, help="pairs per level")
    args = parser.parse_args(argv)
    from bot.settings import load_settings

    router = Router.load(load_settings())
    counts: dict[str, Counter[str]] = {}
    shown: Counter[str] = Counter()
    for form in all_forms(router, args.per_level):
        got = answer(router, form)
        counts.setdefault(form.frame, Counter())[got] += 1
        if got != "right" and shown[form.frame] < args.failures:
            shown[form.frame] += 1
            print(f"  MISS {form.frame}: {form.text!r} -> {got}")
    total: Counter[str] = Counter()
    for frame, c in counts.items():
        total.update(c)
        n = sum(c.values())
        print(
            f"{frame:62} right {c['right']}/{n} guessed {c['guessed']} asked {c['asked']}"
            f" lost {c['lost']}"
        )
    n = sum(total.values())
    print(
        f"{'total':62} right {total['right']}/{n} guessed {total['guessed']}"
        f" asked {total['asked']} lost {total['lost']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
