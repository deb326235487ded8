"""The toll-km checks generated from data/routing/toll_places.csv (session 44, "tollgates").

Owns two measures of how `TollRoads.at_km` reads a km that no row names:

- the leave-one-out: each km, gate or rest-area row with a km is taken out and its km read
  from the other rows of its road; `right` (its own kab/kota alone), `asked` (several
  kab/kota, its own among them), `wrong` (one other kab/kota, or a question without its
  own) or `unknown` (no reading). The gap the reading rested on (the km between the rows
  around it) is kept, so that the figures can be told by gap length: this is how the
  rule "a km between two rows of one kab/kota is that kab/kota" was checked on the table's
  own rows before it was trusted further;
- the far questions: the rows whose km lies between rows of two kab/kota ASK_GAP_KM or
  more apart, each left out and its km asked through the resolver (`Router`), which
  widens the two-kab/kota question with the one the text raises without the km: is the
  row's own kab/kota offered, and how many are;
- the probe: "tol X km N" for a km halfway between two known points of a road (expected:
  their kab/kota when both sides agree, the two when they do not, "km_far" when those
  lie ASK_GAP_KM or more apart) and for km beyond a road's first or last known point
  (expected: no toll reading, so the resolver asks or reads the rest of the text; never
  one kab/kota of the table).

Run it: `python -m tests.routing.tollgates_forms [--failures N] [--before REV]
[--through-resolver]`; tests/routing/test_tollgates_rule.py runs them over the table.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.routing.resolver import Router
from bot.routing.toll_roads import ASK_GAP_KM, RoadPlace, TollRoads
from bot.settings import load_settings
from tests.routing.toll_km_walk import tables_at

OUTCOMES = ("right", "asked", "wrong", "unknown")
# gap lengths the leave-one-out figures are told by (km between the rows around the row)
GAP_BANDS = ((0, 10), (10, 20), (20, 30), (30, 50), (50, 1000))


@dataclass(frozen=True, slots=True)
class LeftOut:
    """One row read from the others of its road."""

    row: RoadPlace
    outcome: str
    codes: tuple[str, ...]
    gap: float | None  # km between the rows around it; None at or beyond a road's end
    sides: int  # how many kab/kota the rows around it lie in (0 at or beyond an end)

    def __str__(self) -> str:
        gap = f"gap {self.gap:g}" if self.gap is not None else "end"
        return (
            f"{self.outcome:7} {self.row.road} {self.row.kind} km {self.row.start:g} "
            f"({self.row.code[:5]}) read as {','.join(self.codes) or '-'} [{gap}]"
        )


def _score(own: str, codes: tuple[str, ...]) -> str:
    regencies = {c[:5] for c in codes}
    if not regencies:
        return "unknown"
    if regencies == {own}:
        return "right"
    return "asked" if own in regencies and len(regencies) > 1 else "wrong"


def _around(rows: list[RoadPlace], km: float) -> tuple[float | None, int]:
    """The gap between the rows either side of `km` and how many kab/kota they lie in
    (None and 0 when `km` is at or beyond a road's first or last row)."""
    below = [p for p in rows if p.end < km]
    above = [p for p in rows if p.start > km]
    if not below or not above:
        return None, 0
    before = max(below, key=lambda p: p.end)
    after = min(above, key=lambda p: p.start)
    return after.start - before.end, len({before.code[:5], after.code[:5]})


def leave_one_out(toll: TollRoads) -> list[LeftOut]:
    """Every toll row with a km read from the other rows of its road (city roads apart:
    tests/routing/test_city_km_roads.py reads them). A row at the same km as a row left in
    (two pages of one gate, a gate and its km row) is read from those too: the point is
    whether the OTHER rows say the place, and a twin row is another row."""
    found = []
    for road, rows in sorted(toll.places.items()):
        if road in toll.city:
            continue
        kept = [p for p in rows if p.km_from is not None]
        for i, row in enumerate(kept):
            others = kept[:i] + kept[i + 1 :]
            alone = TollRoads(toll.names, {road: others}, toll.labels)
            km = (row.start + row.end) / 2
            codes, _how = alone.at_km(road, km)
            gap, sides = _around(others, km)
            found.append(LeftOut(row, _score(row.code[:5], codes), codes, gap, sides))
    return found


def by_gap(found: list[LeftOut]) -> dict[str, Counter[str]]:
    """The leave-one-out outcomes by the gap they rested on ("end" for none) and by whether
    the rows around agreed ("same": one kab/kota on both sides; "two": different ones)."""
    bands: dict[str, Counter[str]] = {}
    for left in found:
        if left.gap is None:
            band = "end"
        else:
            lo, hi = next((lo, hi) for lo, hi in GAP_BANDS if lo <= left.gap < hi)
            band = f"{'same' if left.sides == 1 else 'two'} {lo}-{hi}"
        bands.setdefault(band, Counter())[left.outcome] += 1
    return bands


def far_questions(router: Router) -> list[tuple[LeftOut, frozenset[str]]]:
    """Each row between rows of two kab/kota ASK_GAP_KM or more apart, left out of the
    router's toll table, and the kab/kota the resolver offers for "tabrakan di tol X km
    N" at its km (X the road's first name). The router's table is restored after."""
    full = router.toll_roads
    first: dict[str, str] = {}
    for key, roads in full.names.items():
        for road, _alone in roads:
            first.setdefault(road, key)
    far = [
        left
        for left in leave_one_out(full)
        if left.sides == 2 and left.gap is not None and left.gap >= ASK_GAP_KM
    ]
    found = []
    try:
        for left in far:
            row = left.row
            places = {road: [p for p in rows if p is not row] for road, rows in full.places.items()}
            router.toll_roads = TollRoads(full.names, places, full.labels, full.city)
            km = (row.start + row.end) / 2
            res = router.resolve_text(f"tabrakan di tol {first[row.road]} km {km:g}")
            found.append((left, frozenset(c.code[:5] for c in res.candidates)))
    finally:
        router.toll_roads = full
    return found


# --- the probe: "tol X km N" between and beyond known points ------------------------------


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    road: str
    km: float
    expected: tuple[str, ...]  # kab/kota codes: one (placed), two (asked), none (no reading)
    shape: str  # "between_same", "between_two", "between_two_far", "beyond"


def probe_forms(toll: TollRoads) -> Iterator[Form]:
    """For each toll road named by its first name, a km halfway between each pair of
    neighbouring km points, and 5 and 20 km beyond its last and before its first."""
    first_name: dict[str, str] = {}
    for key, roads in toll.names.items():
        for road, _alone in roads:
            first_name.setdefault(road, key)
    for road, rows in sorted(toll.places.items()):
        if road in toll.city or road not in first_name:
            continue
        points = sorted((p for p in rows if p.km_from is not None), key=lambda p: (p.start, p.end))
        if not points:
            continue
        name = first_name[road]
        for before, after in zip(points, points[1:], strict=False):
            if after.start - before.end < 2:
                continue  # nothing lies between two rows a km apart
            km = float(round((before.end + after.start) / 2))
            sides = tuple(dict.fromkeys((before.code[:5], after.code[:5])))
            if len(sides) == 1:
                shape = "between_same"
            elif after.start - before.end < ASK_GAP_KM:
                shape = "between_two"
            else:
                shape = "between_two_far"  # read as both, marked for a wider question
            yield Form(f"tabrakan di tol {name} km {km:g}", road, km, sides, shape)
        last = max(p.end for p in points)
        first = min(p.start for p in points)
        for beyond in (last + 5, last + 20, first - 5, first - 20):
            if beyond < 0:
                continue
            km = float(round(beyond))
            yield Form(f"tabrakan di tol {name} km {km:g}", road, km, (), "beyond")


def probe_outcome(toll: TollRoads, form: Form) -> str:
    """right: the reading is the expected codes (for "beyond": no reading); wrong: another
    reading."""
    reading = toll.reading(form.text)
    codes = tuple(dict.fromkeys(c[:5] for c in reading.codes)) if reading else ()
    return "right" if set(codes) == set(form.expected) else "wrong"


def probe(toll: TollRoads) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for form in probe_forms(toll):
        counts.setdefault(form.shape, Counter())[probe_outcome(toll, form)] += 1
    return counts


def _print_loo(title: str, toll: TollRoads, failures: int) -> None:
    found = leave_one_out(toll)
    total = Counter(left.outcome for left in found)
    print(f"{title}: leave-one-out over {len(found)} rows with a km:", _figures(total))
    for band, counts in sorted(by_gap(found).items(), key=lambda kv: _band_order(kv[0])):
        print(f"  gap {band:>13} km: {_figures(counts)}")
    shown = [left for left in found if left.outcome == "wrong"][:failures]
    for left in shown:
        print("   ", left)


def _band_order(band: str) -> tuple[str, float]:
    if band == "end":
        return ("z", 0.0)
    sides, span = band.split()
    return (sides, float(span.split("-")[0]))


def _figures(counts: Counter[str]) -> str:
    return " ".join(f"{o} {counts[o]}" for o in OUTCOMES if o in counts or o != "unknown")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", type=int, default=0, help="list this many wrong rows")
    parser.add_argument("--before", help="a git revision whose tables to measure too")
    parser.add_argument(
        "--through-resolver", action="store_true", help="also ask the far rows' km (slow)"
    )
    args = parser.parse_args()
    if args.through_resolver:
        found = far_questions(Router.load(load_settings()))
        two = sum(1 for left, _ in found if left.row.code[:5] in {c[:5] for c in left.codes})
        wide = sum(1 for left, offered in found if left.row.code[:5] in offered)
        size = sum(len(offered) for _, offered in found) / max(len(found), 1)
        print(
            f"far rows {len(found)}: own kab/kota among the two {two}, "
            f"in the widened question {wide} (mean {size:.1f} offered)"
        )
    toll = TollRoads.load()
    tables = [("now", toll)]
    if args.before:
        with tempfile.TemporaryDirectory() as folder:
            tables.insert(0, (args.before, tables_at(args.before, Path(folder))))
    for title, table in tables:
        _print_loo(title, table, args.failures)
        counts = probe(table)
        forms = sum(sum(c.values()) for c in counts.values())
        print(f"{title}: probe over {forms} forms:")
        for shape, c in sorted(counts.items()):
            print(f"  {shape:13} right {c['right']} wrong {c['wrong']}")
        if args.failures:
            wrong = [f for f in probe_forms(table) if probe_outcome(table, f) == "wrong"]
            for form in wrong[: args.failures]:
                reading = table.reading(form.text)
                got = reading.codes if reading else ()
                print(f"    {form.shape} {form.text!r}: expected {form.expected} got {got}")


if __name__ == "__main__":
    main()


__all__ = ["Form", "LeftOut", "far_questions", "leave_one_out", "probe", "probe_forms"]
