"""The kind-clash audit (session 34, issue 14): forms generated from the tables themselves.

Owns three audits, each generated from data this code was not written beside (the landmark
tables and the Kemendagri tree) and each counting what the resolver does:

- `clash`: every landmark row whose name starts with a kind word ("Bundaran Pattimura
  Ambon"), its name written with every OTHER kind word instead ("bandara pattimura ambon",
  "pasar pattimura ambon"). The resolver must not answer with a landmark of another kind
  than typed (`other_kind`): a roundabout is not the airport the citizen named. Asking,
  the kab/kota, a landmark of the typed kind or nothing are all fine here (`fine`).
- `longer`: every kab/kota and kecamatan name of two or more words whose first word is
  itself a kab/kota's or kecamatan's name ("batang hari": Kab. Batang), followed by a day's
  name or a story word ("batang hari senin", "kab batang hari kemarin"): the longer name
  must win (`right`: the longer name's region or a question offering it; `shorter`: the
  first word's region; `other`). And, to guard, the first word alone + the same word
  ("batang senin"): still the first word's place.
- `own_city`: every landmark row written with its own kab/kota's name after it
  ("stasiun palmerah jakarta pusat"): that kab/kota (`right`), never `asked`, `other` or
  `nothing`.

Run it: `python -m tests.routing.kind_clash_forms [--only clash|longer|own_city]
[--failures N]` (a few minutes on this machine). `tests/routing/test_kind_clash.py` checks
fixed cases and samples of the same forms.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.landmarks import Landmark
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name
from bot.routing.resolver import Router

# Kind words as a landmark's name starts with them; the spellings of one kind together.
# The first spelling is the one the audit types.
KIND_GROUPS: tuple[tuple[str, ...], ...] = (
    ("bandara", "bandar udara"),
    ("bundaran",),
    ("pasar", "psr"),
    ("pantai",),
    ("stasiun", "st"),
    ("terminal",),
    ("pelabuhan", "pel", "dermaga"),
    ("rsud", "rs", "rsu", "rsup", "rsia", "rumah sakit"),
    ("masjid",),
    ("gereja", "katedral"),
    ("sman", "sma"),
    ("smpn", "smp"),
    ("universitas", "univ", "kampus"),
    ("simpang",),
    ("jembatan",),
    ("alun-alun", "alun alun"),
    ("stadion",),
    ("taman",),
    ("museum",),
    ("monumen",),
    ("tugu",),
    ("lapangan",),
    ("danau",),
    ("pulau",),
    ("candi",),
    ("mall", "mal", "plaza"),
    ("lanud",),
    ("polres", "polresta", "polrestabes"),
    ("puskesmas", "pkm"),
)
DAY_WORDS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
STORY_WORDS = ("kemarin", "tadi malam", "motor hilang", "ada pencurian")
CLASH_OUTCOMES = ("fine", "other_kind")
LONGER_OUTCOMES = ("right", "shorter", "other")
OWN_CITY_OUTCOMES = ("right", "asked", "other", "nothing")


def _h(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)


def kind_of(key: str) -> tuple[int, str] | None:
    """(group index, the rest of the name) when `key` starts with a kind word."""
    for index, group in enumerate(KIND_GROUPS):
        for spelling in sorted(group, key=len, reverse=True):
            if key.startswith(spelling + " "):
                return index, key[len(spelling) + 1 :]
    return None


def row_kinds(landmarks: list[Landmark]) -> dict[str, set[int]]:
    """Landmark name -> the kind groups its rows' names and aliases start with."""
    kinds: dict[str, set[int]] = defaultdict(set)
    for landmark in landmarks:
        for written in landmark.names:
            found = kind_of(name_key(written))
            if found is not None:
                kinds[landmark.name].add(found[0])
    return kinds


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    audit: str  # "clash", "longer", "longer_guard", "own_city"
    code: str  # the region (or the landmark's code) the form was made from
    kind: int = -1  # clash: the kind group typed
    shorter: str = ""  # longer: the code of the first word's region(s), ";"-joined


def generate_clash(landmarks: list[Landmark]) -> Iterator[Form]:
    """Every landmark row named "<kind> <rest>", written with every other kind word."""
    seen: set[str] = set()
    for landmark in landmarks:
        found = kind_of(name_key(landmark.name))
        if found is None:
            continue
        group, rest = found
        if len(rest) < 4:
            continue
        for other, spellings in enumerate(KIND_GROUPS):
            if other == group:
                continue
            text = f"{spellings[0]} {rest}"
            if text in seen:
                continue
            seen.add(text)
            yield Form(text, "clash", landmark.code, kind=other)


def generate_longer(tree: RegionTree) -> Iterator[Form]:
    """Multi-word kab/kota and kecamatan names whose first word names another region,
    after a day's name or a story word; and the first word alone with the same word."""
    first_word: dict[str, set[str]] = defaultdict(set)
    for code, name in tree.items(2):
        first_word[name_key(bare_regency_name(name))].add(code)
    for code, name in tree.items(3):
        first_word[name_key(name)].add(code)
    guards: set[str] = set()
    for level in (2, 3):
        for code, name in tree.items(level):
            key = name_key(bare_regency_name(name)) if level == 2 else name_key(name)
            words = key.split()
            if len(words) < 2 or words[0] not in first_word:
                continue
            shorter = ";".join(sorted(c for c in first_word[words[0]] if c != code))
            if not shorter:
                continue
            after = DAY_WORDS[_h(code) % len(DAY_WORDS)]
            story = STORY_WORDS[_h(code + "s") % len(STORY_WORDS)]
            for tail in (after, f"hari {after}", story):
                yield Form(f"{key} {tail}", "longer", code, shorter=shorter)
            if level == 2:
                level_word = "kota" if name.startswith("Kota") else "kab"
                yield Form(f"{level_word} {key} {after}", "longer", code, shorter=shorter)
            else:
                yield Form(f"kec {key} {story}", "longer", code, shorter=shorter)
            guard = f"{words[0]} {after}"
            if guard not in guards and words[0] not in DAY_WORDS:
                guards.add(guard)
                yield Form(guard, "longer_guard", shorter, shorter=shorter)


def generate_own_city(landmarks: list[Landmark], tree: RegionTree) -> Iterator[Form]:
    """Every landmark row with its own kab/kota's name after it (bare, or with kota/kab)."""
    seen: set[str] = set()
    for landmark in landmarks:
        regency = landmark.code[:5]
        name = tree.name(regency) or ""
        bare = name_key(bare_regency_name(name))
        key = name_key(landmark.name)
        if key.endswith(bare):  # "Bundaran Pattimura Ambon": already named
            continue
        level_word = "kota" if name.startswith("Kota") else "kab"
        suffix = bare if _h(landmark.name) % 2 else f"{level_word} {bare}"
        text = f"{key} {suffix}"
        if text in seen:
            continue
        seen.add(text)
        yield Form(text, "own_city", regency)


def score(router: Router, form: Form, kinds: dict[str, set[int]]) -> tuple[str, str]:
    result = router.resolve_text(form.text)
    chosen = result.chosen
    got = f"{result.status} {chosen.code if chosen else ''} {chosen.name if chosen else ''}"
    got = f"{got} {result.reason}".strip()
    if form.audit == "clash":
        if result.status == "ok" and chosen is not None and chosen.level == "landmark":
            groups = kinds.get(chosen.name, set())
            padded = f" {form.text} "
            # "puskesmas universitas brawijaya": the other kind is typed too, in full
            typed_too = any(f" {s} " in padded for g in groups for s in KIND_GROUPS[g])
            if groups and form.kind not in groups and not typed_too:
                return "other_kind", got
        return "fine", got
    if form.audit in ("longer", "longer_guard"):
        wanted = form.code.split(";")
        shorter = form.shorter.split(";") if form.audit == "longer" else []
        if result.status == "ok" and chosen is not None:
            if any(chosen.code.startswith(w) or w.startswith(chosen.code) for w in wanted):
                return "right", got
            if any(chosen.code.startswith(s) for s in shorter):
                return "shorter", got
            return "other", got
        if result.status == "ambiguous":
            offered = {c.code for c in result.candidates}
            if any(c.startswith(w) for c in offered for w in wanted):
                return "right", got
        return "other", got
    # own_city
    if result.status == "ok" and chosen is not None:
        return ("right" if chosen.code[:5] == form.code else "other"), got
    if result.status == "ambiguous":
        return "asked", got
    return "nothing", got


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="clash, longer or own_city")
    parser.add_argument("--failures", type=int, default=0, help="print N failures per audit")
    parser.add_argument("--dump", default="", help="write every form's outcome to this file")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    landmarks = list(gazetteer.landmarks)
    kinds = row_kinds(landmarks)
    audits = {
        "clash": generate_clash(landmarks),
        "longer": generate_longer(gazetteer.tree),
        "own_city": generate_own_city(landmarks, gazetteer.tree),
    }
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    failures: dict[str, list[str]] = defaultdict(list)
    dump = open(args.dump, "w") if args.dump else None  # noqa: SIM115
    for name, forms in audits.items():
        if args.only and name != args.only:
            continue
        for form in forms:
            outcome, got = score(router, form, kinds)
            totals[form.audit][outcome] += 1
            if outcome not in ("fine", "right"):
                failures[form.audit].append(f"{outcome}: {form.text!r} [{form.code}] -> {got}")
            if dump:
                dump.write(f"{form.audit}\t{outcome}\t{form.text}\t{form.code}\t{got}\n")
    if dump:
        dump.close()
    for audit, counts in totals.items():
        n = sum(counts.values()) or 1
        good = counts["fine"] + counts["right"]
        cells = " ".join(f"{o}={c}" for o, c in sorted(counts.items()))
        print(f"{audit:14} {good / n:6.1%} of {n:6}  {cells}")
    for audit, lines in failures.items():
        for text in lines[: args.failures]:
            print(f"{audit}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
