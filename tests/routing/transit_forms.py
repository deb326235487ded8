"""The city transit stops audit (session 40, issue 14): forms generated from the tables.

Owns one audit over every stop of the class the tables hold, written as citizens report
pickpocketing and theft on the way: each Transjakarta halte (kind `bus_stop`) and each
MRT, LRT and high-speed rail station (kind `railway_station`, named "Stasiun MRT/LRT/
Whoosh ..."), and each of their written names (name and aliases, with the busway forms
the loader adds), in three sentence frames ("{name}", "hp dicopet di {name}", "tas sy
diambil orang waktu turun di {name} tadi pagi"). The resolver must answer the row's kab/kota
(`right`); asking between it and others is `asked`, another kab/kota `wrong`, nothing
`nothing`. The kab/kota matters: Jakarta's five Polres Metro differ by kota.

Run it: `python -m tests.routing.transit_forms [--failures N]`;
`tests/routing/test_transit_stops.py` checks the same forms.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.landmarks import Landmark
from bot.routing.resolver import Router

FRAMES = (
    "{name}",
    "hp dicopet di {name}",
    "tas sy diambil orang waktu turun di {name} tadi pagi",
)
# the transit lines whose stations the older tables hold by these name heads
_LINE_HEADS = ("Stasiun MRT ", "Stasiun LRT ", "Stasiun Whoosh ")


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    regency: str  # the kab/kota the stop lies in
    landmark: str


def transit_stops(landmarks: list[Landmark]) -> list[Landmark]:
    """The city transit stops among the gazetteer's landmarks."""
    return [
        m
        for m in landmarks
        if m.kind == "bus_stop" or (m.kind == "railway_station" and m.name.startswith(_LINE_HEADS))
    ]


def generate(landmarks: list[Landmark]) -> Iterator[Form]:
    for stop in transit_stops(landmarks):
        for written in dict.fromkeys(stop.names):
            for frame in FRAMES:
                yield Form(frame.format(name=written.lower()), stop.code[:5], stop.name)


def score(router: Router, form: Form) -> str:
    result = router.resolve_text(form.text)
    if result.status == "ok" and result.chosen is not None:
        return "right" if result.chosen.code.startswith(form.regency) else "wrong"
    if result.status == "ambiguous":
        if any(c.code.startswith(form.regency) for c in result.candidates):
            return "asked"
        return "wrong"
    return "nothing"


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=0, help="print N failures")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    stops = transit_stops(list(gazetteer.landmarks))
    counts: Counter[str] = Counter()
    failures: list[tuple[str, Form]] = []
    for form in generate(list(gazetteer.landmarks)):
        outcome = score(router, form)
        counts[outcome] += 1
        if outcome != "right":
            failures.append((outcome, form))
    total = sum(counts.values())
    print(f"{len(stops)} stops, {total} forms: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for outcome, form in failures[: args.failures]:
        print(f"  {outcome:8} {form.text!r} ({form.landmark}, {form.regency})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
