"""How well typed places and GPS pins route, on labelled sets written apart from this code.

Owns: reading the place sets (tests/eval/places/{dev,heldout}.jsonl) and the GPS sets
(tests/eval/gps/{dev,heldout}.jsonl), scoring a `Router` on them, and the targets the
held-out halves must meet. A line of a place set is one of:

- `{"expect": "place", "text", "form", "regency", "district"?, "unit"?}`: right when the
  text resolves without asking to that kab/kota and to the unit that serves it (the unit the
  source named, or else the table's unit for the labelled district or kab/kota);
- `{"expect": "ask", "text", "regencies"}`: right when Dumas asks, offering at least two of
  those kab/kota (a guess, even a lucky one, is wrong);
- `{"expect": "refuse", "text", "why"}`: right when Dumas finds no place (or says it is
  outside Indonesia) instead of guessing one.

A GPS line is `{"lat", "lon", "regency", "district"?, "label", "source"}`: right when the
pin resolves to that kab/kota (or asks for the district among that kab/kota's ones, where
the routing table splits it between units).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.evaluation.labelled import read_set
from bot.routing.resolver import Router
from bot.routing.table import Unit
from bot.settings import REPO_ROOT
from flows.ports import PlaceResolution

EVAL_DIR = REPO_ROOT / "tests" / "eval"
HALVES = ("dev", "heldout")
# The targets, on the held-out halves.
TARGETS: dict[str, float] = {"place": 0.97, "ask": 1.0, "refuse": 1.0, "gps": 0.99}
REFUSED = frozenset({"not_found", "invalid", "outside"})


@dataclass(slots=True)
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.share:6.1%} ({self.right}/{self.total})"


@dataclass(slots=True)
class Outcome:
    item: dict[str, Any]
    right: bool
    got: str  # what Dumas did, in a few words


@dataclass(slots=True)
class Report:
    """Figures for one half: per expectation, per form, and the failures (dev only)."""

    half: str
    by_expect: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_form: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    guessed: int = 0  # must-ask or must-refuse lines answered with a place
    failures: list[Outcome] = field(default_factory=list)

    def below_targets(self) -> list[str]:
        return [
            f"{kind} {self.by_expect[kind].share:.1%} < {target:.0%}"
            for kind, target in TARGETS.items()
            if kind in self.by_expect
            and self.by_expect[kind].total
            and self.by_expect[kind].share < target
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "half": self.half,
            "by_expect": {
                k: {"right": t.right, "total": t.total, "share": round(t.share, 4)}
                for k, t in sorted(self.by_expect.items())
            },
            "by_form": {
                k: {"right": t.right, "total": t.total, "share": round(t.share, 4)}
                for k, t in sorted(self.by_form.items())
            },
            "guessed": self.guessed,
        }


def set_paths(kind: str, half: str, folder: Path = EVAL_DIR) -> Path:
    return folder / kind / f"{half}.jsonl"


def _unit_named(router: Router, name: str, regency: str) -> Unit | None:
    """The unit a source named ("Polres Bima Kota", "Polrestabes Bandung"): among the units
    of the labelled place's Polda (and its neighbours'), the exact name, else the best
    match of the name search. Matching only within the Polda keeps "Polres Banjar"
    (Kalimantan Selatan) from meaning Polres Banjar of Jawa Barat."""
    wanted = " ".join(name.lower().split())
    polda = router.table.polda_for(regency)
    nearby = {
        u.id
        for u in router.table.units("polres")
        if polda is None or u.polda_id == polda.id or u.id.startswith("polres")
    }
    local = [
        u for u in router.table.units("polres") if polda is not None and u.polda_id == polda.id
    ]
    for unit in local:
        if " ".join(unit.name.lower().split()) == wanted:
            return unit
    # A unit of another Polda serving districts of this regency ("Polres Metro Tangerang
    # Kota" of Polda Metro Jaya in Kab. Tangerang, Polda Banten): its exact name, when only
    # one unit bears it (the name search below would pick a unit of the regency's Polda).
    exact = [u for u in router.table.units("polres") if " ".join(u.name.lower().split()) == wanted]
    if len(exact) == 1:
        return exact[0]
    for unit in router.table.search_units(name, limit=10, kind="polres"):
        if unit in local:
            return unit
    found = [u for u in router.table.search_units(name, limit=10, kind="polres") if u.id in nearby]
    return found[0] if found else None


def _served_by(router: Router, resolution: PlaceResolution) -> Unit | None:
    if resolution.chosen is None:
        return None
    try:
        return router.unit_for(resolution.chosen, "polres")
    except ValueError:
        return None


def score_place(router: Router, item: dict[str, Any]) -> Outcome:
    result = router.resolve_text(str(item.get("text", "")))
    expect = item.get("expect")
    chosen = result.chosen
    got = f"{result.status} {chosen.code if chosen else ''} {result.reason}".strip()
    if expect == "ask":
        wanted = set(item.get("regencies") or ())
        offered = {c.code[:5] for c in result.candidates}
        enough = min(2, len(wanted))
        return Outcome(item, result.status == "ambiguous" and len(wanted & offered) >= enough, got)
    if expect == "refuse":
        return Outcome(item, result.status in REFUSED, got)
    if result.status != "ok" or chosen is None or len(chosen.code) < 5:
        return Outcome(item, False, got)
    if chosen.code[:5] != item.get("regency"):
        return Outcome(item, False, got)
    actual = _served_by(router, result)
    if item.get("unit"):
        expected = _unit_named(router, str(item["unit"]), str(item["regency"]))
    elif chosen.site and actual is not None:
        expected = actual  # the table's unit of a site (an airport's Polresta) in that kab/kota
    else:
        expected = router.table.polres_for(item.get("district") or str(item["regency"]))
    unit_ok = actual is not None and expected is not None and actual.id == expected.id
    if not unit_ok:
        got += f" unit {actual.id if actual else None} != {expected.id if expected else None}"
    return Outcome(item, unit_ok, got)


def score_pin(router: Router, item: dict[str, Any]) -> Outcome:
    result = router.resolve_point(float(item["lat"]), float(item["lon"]))
    regency = item.get("regency")
    codes = [c.code[:5] for c in result.candidates]
    got = f"{result.status} {','.join(codes[:3])} {result.reason}"
    if result.status == "ok" and result.chosen is not None:
        return Outcome(item, result.chosen.code[:5] == regency, got)
    if result.status == "ambiguous" and result.reason == "district_splits_units":
        return Outcome(item, bool(codes) and set(codes) == {regency}, got)
    return Outcome(item, False, got)


def evaluate(router: Router, half: str, folder: Path = EVAL_DIR) -> Report:
    """Score both kinds of sets of one half; missing files count nothing."""
    report = Report(half)
    places = set_paths("places", half, folder)
    if places.is_file():
        _score_places(router, places, report)
    pins = set_paths("gps", half, folder)
    if pins.is_file():
        for outcome in _scored(router, read_set(pins), score_pin):
            report.by_expect["gps"].add(outcome.right)
            if not outcome.right:
                report.failures.append(outcome)
    return report


def is_held_out(path: Path, folder: Path = EVAL_DIR) -> bool:
    """Whether a file is one of the held-out sets, which only `evaluate` may read."""
    resolved = path.resolve()
    return any(
        resolved == set_paths(kind, "heldout", folder).resolve() for kind in ("places", "gps")
    )


def evaluate_file(router: Router, path: Path) -> Report:
    """Score one labelled place file outside the halves (a fresh or check set, in the
    format of dev.jsonl), measured before its lines join the development half. The report
    is named after the file and keeps its misses, as the development half's does."""
    if is_held_out(path):
        raise ValueError("the held-out half is measured with --set heldout, never read")
    report = Report(path.stem)
    _score_places(router, path, report)
    return report


def _score_places(router: Router, path: Path, report: Report) -> None:
    for outcome in _scored(router, read_set(path), score_place):
        expect = str(outcome.item.get("expect", "place"))
        report.by_expect[expect].add(outcome.right)
        if expect == "place":
            report.by_form[str(outcome.item.get("form", "?"))].add(outcome.right)
        elif not outcome.right and outcome.got.startswith("ok"):
            report.guessed += 1
        if not outcome.right:
            report.failures.append(outcome)


def _scored(router: Router, items: Iterable[dict[str, Any]], scorer: Any) -> Iterator[Outcome]:
    for item in items:
        yield scorer(router, item)


def format_report(report: Report) -> list[str]:
    lines = [f"== {report.half} =="]
    for kind, tally in sorted(report.by_expect.items()):
        target = TARGETS.get(kind)
        mark = "" if target is None else f"   target {target:.0%}"
        lines.append(f"  {kind:<8} {tally}{mark}")
    if report.by_form:
        lines.append("  typed places by form:")
        for form, tally in sorted(report.by_form.items()):
            lines.append(f"    {form:<12} {tally}")
    lines.append(f"  guessed where it had to ask or refuse: {report.guessed}")
    return lines
