"""The day-and-time-word audit (session 34, issue 14): a place's name with when it happened.

Citizens write the time beside the place: "di tangerang selasa malam", "konawe selasa",
"bengkulu jumat sore", "tebing tinggi minggu". A day's name or a time word is never part
of the place: the answer for "<name> <when>" must be the answer for "<name>" alone (the
same kab/kota, or the same question). Generated from the Kemendagri tree, not from the
cases that were seen to fail:

- every kab/kota's name (bare, as people type it) and a deterministic sample of
  kecamatan names (one in `KEC_SAMPLE`, chosen by a hash of the code);
- each followed by each day's name (`DAY_WORDS`) alone, after "hari" and before
  "tgl 3"; by each time word (`TIME_WORDS`) alone; and by one day + time word pair.

Outcomes: `same` (the answer of the name alone), `other` (another kab/kota than alone),
`asked` (alone it was answered, now asked), `guessed` (alone it was asked, now answered),
`other_ask` (asked about other places), `lost` (alone found, now nothing), `found`
(alone nothing, now something).

Run it: `python -m tests.routing.day_word_forms [--failures N]`.
`tests/routing/test_day_words.py` checks a sample of the same forms.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name
from bot.routing.resolver import Router

DAY_WORDS = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad")
TIME_WORDS = ("pagi", "siang", "sore", "malam", "subuh", "kemarin", "tadi", "td", "kmrn")
KEC_SAMPLE = 8  # one kecamatan in this many
OUTCOMES = ("same", "other", "asked", "guessed", "other_ask", "lost", "found")


def _h(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    name: str  # the name alone, whose answer `text` must give
    level: int  # 2: kab/kota, 3: kecamatan


def names(tree: RegionTree) -> Iterator[tuple[str, int]]:
    """Every kab/kota's bare name and one kecamatan name in KEC_SAMPLE, each once."""
    seen: set[str] = set()
    for level in (2, 3):
        for code, name in tree.items(level):
            if level == 3 and _h(code) % KEC_SAMPLE:
                continue
            key = name_key(bare_regency_name(name)) if level == 2 else name_key(name)
            if key and key not in seen:
                seen.add(key)
                yield key, level


def tails(name: str) -> Iterator[str]:
    """What is written after the name: days (alone, after "hari", before a date), time
    words, and one day + time pair chosen by the name."""
    for day in DAY_WORDS:
        yield day
        yield f"hari {day}"
        yield f"{day} tgl 3"
    yield from TIME_WORDS
    day = DAY_WORDS[_h(name) % len(DAY_WORDS)]
    yield f"{day} {TIME_WORDS[_h(name + 't') % 5]}"  # pagi .. subuh after a day


def generate(tree: RegionTree) -> Iterator[Form]:
    for name, level in names(tree):
        for tail in tails(name):
            yield Form(f"{name} {tail}", name, level)


Answer = tuple[str, frozenset[str]]


def answer(router: Router, text: str) -> Answer:
    """What the citizen is told: the kab/kota chosen, the places asked about, or nothing."""
    result = router.resolve_text(text)
    if result.status == "ok" and result.chosen is not None:
        return "ok", frozenset([result.chosen.code[:5]])
    if result.status == "ambiguous":
        return "ambiguous", frozenset(c.code for c in result.candidates)
    return result.status, frozenset()


def compare(alone: Answer, got: Answer) -> str:
    if got == alone:
        return "same"
    if alone[0] == "ok":
        return {"ok": "other", "ambiguous": "asked"}.get(got[0], "lost")
    if alone[0] == "ambiguous":
        return {"ok": "guessed", "ambiguous": "other_ask"}.get(got[0], "lost")
    return "found"


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=0, help="print N failures")
    parser.add_argument("--dump", default="", help="write every form's outcome to this file")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    totals: dict[int, Counter[str]] = {2: Counter(), 3: Counter()}
    failures: list[str] = []
    alone: dict[str, Answer] = {}
    dump = open(args.dump, "w") if args.dump else None  # noqa: SIM115
    for form in generate(gazetteer.tree):
        if form.name not in alone:
            alone[form.name] = answer(router, form.name)
        got = answer(router, form.text)
        outcome = compare(alone[form.name], got)
        totals[form.level][outcome] += 1
        if outcome != "same":
            failures.append(f"{outcome}: {form.text!r} alone={alone[form.name]} got={got}")
        if dump:
            dump.write(f"{form.level}\t{outcome}\t{form.text}\t{sorted(got[1])}\n")
    if dump:
        dump.close()
    for level, counts in totals.items():
        n = sum(counts.values()) or 1
        cells = " ".join(f"{o}={c}" for o, c in sorted(counts.items()))
        label = "kab/kota" if level == 2 else "kecamatan"
        print(f"{label:10} {counts['same'] / n:6.1%} of {n:6}  {cells}")
    for line in failures[: args.failures]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
