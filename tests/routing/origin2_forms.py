"""Generated probe: a person named with their home town, and the scene of the story.

Owns: generating, from the Kemendagri tree and the kab/kota short forms of
data/places/aliases_regencies.csv (not from any text this code was written beside), the
way incident news name a victim: a word for a person, the kab/kota they come from, the
event, then where it happened ("tiga warga medan tertimpa batu di ...", "dua wisatawan
surabaya hanyut di ...", "pemuda barsel tewas"), and scoring the resolver's answer per
frame (session 43, issue 14):

- `another`: the scene is a kecamatan whose name no other region bears, of a kab/kota of
  another province: the answer must be the scene's kab/kota;
- `same`: the scene is such a kecamatan of the person's own kab/kota: the answer must be
  that kab/kota;
- `unknown`: the scene is a nature site after its kind word ("pantai", "air terjun",
  "curug", ...) with a made-up name that no region, landmark or dictionary word bears:
  the honest answer is to find no place or to ask (the citizen names the kab/kota), not
  the home town;
- `alone`: no scene ("warga medan dibegal"): the home town is the only place told, and
  the answer must be it.

Outcomes: `right`; `guessed` (placed elsewhere; for `unknown`, placed at all); `asked`;
`lost` (no place found, or "outside Indonesia"). For `unknown`, `right` is no place or a
question, and `guessed` counts the answers sent to the home town.

Run it (about a minute): `python -m tests.routing.origin2_forms [--failures N]`.
`tests/routing/test_origin2_forms_origin2.py` scores a fixed sample.
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
from bot.routing.regions import RegionTree, bare_regency_name, level_of
from bot.routing.resolver import Router
from bot.routing.table_rows import csv_rows
from tests.routing.reading_forms import _unique_regencies, hashed_sample, print_frame_tally

ALIASES = Path(__file__).resolve().parents[2] / "data" / "places" / "aliases_regencies.csv"
# Words news and chats name a person with before their home town.
PERSONS = (
    "warga",
    "wisatawan",
    "turis",
    "pemuda",
    "remaja",
    "pelajar",
    "mahasiswa",
    "siswa",
    "anggota dprd",
    "anak",
    "bocah",
    "nelayan",
    "petani",
    "pendaki",
    "rombongan",
    "keluarga",
    "pemudik",
    "dua warga",
    "tiga wisatawan",
)
EVENTS = ("tenggelam", "dibegal", "tewas", "hanyut", "dianiaya", "ditusuk", "meninggal")
NATURE_KINDS = ("pantai", "air terjun", "curug", "coban", "goa", "danau")
# Syllables of the made-up site names (each name is checked against the tree, the
# landmarks and the dictionary before use).
SYLLABLES = ("ka", "lu", "mo", "ri", "ta", "nge", "so", "bi", "de", "ru", "pa", "wo")
FRAMES = {
    "another": "{p} {o} {e} di {s}",
    "same": "{p} {o} {e} di {s}",
    "unknown": "{p} {o} {e} di {s}",
    "alone": "{p} {o} {e}",
}


@dataclass(frozen=True)
class Form:
    """One generated text, its frame, the code it must answer (empty: none) and the
    person's home town."""

    frame: str
    text: str
    code: str
    origin: str


def _unique_districts(tree: RegionTree) -> dict[str, list[str]]:
    """Kab/kota code -> its kecamatan whose name no other region bears, not a dictionary
    word, at least five letters."""
    counts = Counter(
        name_key(bare_regency_name(n) if level_of(c) == 2 else n) for c, n in tree.items()
    )
    out: dict[str, list[str]] = {}
    for code, name in tree.items(3):
        key = name_key(name)
        if counts[key] != 1 or len(key) < 5 or any(sentence_word(w) for w in key.split()):
            continue
        out.setdefault(code[:5], []).append(code)
    return out


def origins(gaz: Gazetteer, count: int) -> list[tuple[str, str]]:
    """(text, kab/kota code): bare names no other region bears, and short forms of the
    alias table that name one kab/kota only."""
    tree = gaz.tree
    bare = hashed_sample(_unique_regencies(tree), count, "origin2-bare")
    out = [(name_key(bare_regency_name(tree.name(c) or "")), c) for c in bare]
    shorts = []
    for row in csv_rows(ALIASES):
        key = name_key(row["alias"])
        if row["kind"] != "short_form" or not key.isalpha() or sentence_word(key):
            continue
        if set(gaz.keys.get(key, ())) == {row["code"]}:
            shorts.append(f"{key}|{row['code']}")
    for item in hashed_sample(shorts, count // 2, "origin2-short"):
        key, code = item.split("|")
        out.append((key, code))
    return out


def made_up_names(gaz: Gazetteer, count: int) -> list[str]:
    """Two-syllable-pair names ("kalumo ritade") no region, landmark or dictionary word
    bears."""
    names: list[str] = []
    n = len(SYLLABLES)
    for k in range(count * 4):
        first = SYLLABLES[k % n] + SYLLABLES[(k * 5 + 1) % n] + SYLLABLES[(k * 7 + 3) % n]
        if first in gaz.keys or first in gaz.landmark_keys or sentence_word(first):
            continue
        names.append(first)
        if len(names) == count:
            break
    return names


def all_forms(gaz: Gazetteer, count: int = 40) -> Iterator[Form]:
    """The four frames over `count` bare kab/kota names and half as many short forms."""
    tree = gaz.tree
    districts = _unique_districts(tree)
    places = origins(gaz, count)
    pool = hashed_sample(sorted(c for cs in districts.values() for c in cs), 400, "origin2-d")
    invented = made_up_names(gaz, len(places))
    for k, (origin, code) in enumerate(places):
        person = PERSONS[k % len(PERSONS)]
        event = EVENTS[k % len(EVENTS)]
        far = next(d for d in pool[k:] + pool[:k] if d[:2] != code[:2])
        scene = name_key(tree.name(far) or "")
        yield Form("another", f"{person} {origin} {event} di {scene}", far[:5], code)
        own = districts.get(code[:5])
        if own:
            near = name_key(tree.name(sorted(own)[k % len(own)]) or "")
            yield Form("same", f"{person} {origin} {event} di {near}", code[:5], code)
        site = f"{NATURE_KINDS[k % len(NATURE_KINDS)]} {invented[k % len(invented)]}"
        yield Form("unknown", f"{person} {origin} {event} di {site}", "", code)
        yield Form("alone", f"{person} {origin} {event}", code[:5], code)


def answer(router: Router, form: Form) -> str:
    """right / guessed / asked / lost, as the module's docstring says."""
    result = router.resolve_text(form.text)
    if result.status == "ambiguous":
        return "right" if not form.code else "asked"
    if result.status != "ok" or result.chosen is None:
        return "right" if not form.code else "lost"
    if not form.code:
        return "guessed"
    return "right" if result.chosen.code.startswith(form.code) else "guessed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", type=int, default=0, help="misses to print per frame")
    parser.add_argument("--origins", type=int, default=40, help="kab/kota sampled")
    args = parser.parse_args(argv)
    from bot.settings import load_settings

    router = Router.load(load_settings())
    print_frame_tally(
        all_forms(router.gazetteer, args.origins),
        lambda f: answer(router, f),
        args.failures,
        8,
        "none",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
