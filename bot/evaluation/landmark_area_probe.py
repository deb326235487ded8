"""Probe of a building named after somewhere else, written with the area it stands in.

Owns: the session 42 cases generated over the Kemendagri tree (issue 14). Citizens name a
shop, school, market or factory no table holds as "<kind> <its own name> <area>": the
building's own name is often a place's name of somewhere else ("pasar rawa kalong tambun",
"pabrik semen gresik kerek", "toko bandung ..."), and the area (a kecamatan or village
written after it, or before it with a comma) is what says where it stands. B is such a
name: a kecamatan or village name the resolver keys for one place only, or a kab/kota's
bare name; A is a kecamatan or village name keyed for one place only, of another unit
than B's holder. Each case is counted right (A's kab/kota and unit), asked, B (the
building's name answered) or wrong (anything else), lost (nothing found).

Used by `dumas routing audit-ambiguity --landmark-area` and
tests/evaluation/test_landmark_area_probe_landmarkarea.py.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.evaluation.together_probe import _plain
from bot.routing.place_words import name_key
from bot.routing.regions import bare_regency_name, level_of
from bot.routing.resolver import Router

# Kinds of buildings citizens name with their own name: shops, schools, offices, worship,
# markets, estates (landmarks.py kinds as people write them), a number where one is used.
KINDS: tuple[str, ...] = (
    "pasar",
    "toko",
    "spbu",
    "smpn 3",
    "rs",
    "masjid",
    "gereja",
    "ruko",
    "perumahan",
    "pabrik",
    "atm bri",
    "warkop",
    "kantor",
    "indomaret",
)
# (level of A the frame fits: 3 kecamatan, 4 village, None either, frame)
FRAMES: tuple[tuple[int | None, str], ...] = (
    (None, "{K} {B} {A}"),
    (None, "maling di {K} {B} {A}"),
    (None, "{K} {B} di {A}"),
    (4, "{K} {B} desa {A}"),
    (3, "{K} {B} kec {A}"),
    (None, "{A}, {K} {B}"),
    # a village of elsewhere named, then the kecamatan after it (small before big, as
    # addresses are written): B is a village's name here, the kind is left out
    (3, "di desa {B} {A}"),
)
OUTCOMES = ("right", "asked", "building", "wrong", "lost")
SEED = 42


@dataclass(frozen=True, slots=True)
class Case:
    """A building's name (held by `building_code`) and the area it stands in."""

    kind: str
    building: str
    building_code: str
    source: str  # "village", "kecamatan" or "regency": what the building's name is
    area: str
    area_code: str


@dataclass
class AreaResult:
    """Counts per (frame, source of the building's name, outcome), with examples."""

    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)

    def total(self, outcome: str) -> int:
        return sum(n for (_, _, o), n in self.counts.items() if o == outcome)

    def lines(self, examples: int = 3) -> list[str]:
        out = ["frame / building's name: " + " ".join(OUTCOMES)]
        out.append("all: " + ", ".join(f"{o} {self.total(o)}" for o in OUTCOMES))
        for _, frame in FRAMES:
            for source in ("village", "kecamatan", "regency"):
                row = [self.counts[(frame, source, o)] for o in OUTCOMES]
                if any(row):
                    out.append(f"  {frame:<24} {source:<9} " + " ".join(f"{n:>5}" for n in row))
                for outcome in OUTCOMES[1:]:
                    for e in self.examples.get((frame, source, outcome), [])[:examples]:
                        out.append(f"      {outcome}: {e}")
        return out


def cases(router: Router, per_province: int = 6, seed: int = SEED) -> list[Case]:
    """Up to `per_province` cases per province of the area, each with one kind and a
    building's name of another unit drawn with `seed`."""
    keys = router.gazetteer.keys
    landmarks = router.gazetteer.landmark_keys
    foreign = router.gazetteer.foreign
    unit_of = router.table.polres_for
    unique: dict[str, str] = {}  # code -> key, kecamatan and villages keyed for one place
    for level in (3, 4):
        for code, name in router.tree.items(level):
            key = name_key(name)
            if key in landmarks or key in foreign or not _plain(key):
                continue
            if tuple(keys.get(key, ())) == (code,):
                unique[code] = key
    regencies: dict[str, str] = {}
    for code, name in router.tree.items(2):
        key = bare_regency_name(name).lower()
        if _plain(key) and set(keys.get(key, ())) == {code}:
            regencies[code] = key
    rng = random.Random(seed)
    # areas by province and level, buildings' names by what they are: drawn evenly, so
    # kecamatan areas and kab/kota names are not drowned by the villages' numbers
    areas: dict[tuple[str, int], list[str]] = defaultdict(list)
    for code in sorted(unique):
        areas[(code[:2], level_of(code))].append(code)
    names: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code in sorted(unique):
        names["kecamatan" if level_of(code) == 3 else "village"].append((code, unique[code]))
    names["regency"] = sorted(regencies.items())
    sources = ("village", "kecamatan", "regency")
    out: list[Case] = []
    for _, pool in sorted(areas.items()):
        half = max(1, per_province // 2)
        for area_code in rng.sample(pool, min(half, len(pool))):
            source = sources[len(out) % len(sources)]
            area_unit = unit_of(area_code)
            for _ in range(20):
                code, key = rng.choice(names[source])
                if (
                    code[:5] != area_code[:5]
                    and unit_of(code) != area_unit
                    and key not in unique[area_code].split()
                    and unique[area_code] not in key.split()
                ):
                    break
            else:
                continue
            out.append(Case(rng.choice(KINDS), key, code, source, unique[area_code], area_code))
    return out


def texts(case: Case) -> Iterator[tuple[str, str]]:
    """(frame, text) for every frame the case fits."""
    for level, frame in FRAMES:
        if level is not None and level_of(case.area_code) != level:
            continue
        if "{K}" not in frame and case.source != "village":
            continue
        yield frame, frame.format(K=case.kind, B=case.building, A=case.area)


def outcome(router: Router, case: Case, text: str) -> str:
    """right (A's kab/kota and unit), asked, building (B's unit), wrong, lost."""
    res = router.resolve_text(text)
    if res.status == "not_found":
        return "lost"
    if res.status != "ok" or res.chosen is None:
        return "asked"
    unit_of = router.table.polres_for
    chosen = res.chosen
    area_unit, building_unit = unit_of(case.area_code), unit_of(case.building_code)
    answered = chosen.polres_id
    if chosen.code[:5] == case.area_code[:5] and area_unit and answered == area_unit.id:
        return "right"
    if building_unit and answered == building_unit.id:
        return "building"
    return "wrong"


def probe(router: Router, per_province: int = 6, seed: int = SEED) -> AreaResult:
    """Every case in every frame it fits, counted."""
    result = AreaResult()
    for case in cases(router, per_province, seed):
        for frame, text in texts(case):
            got = outcome(router, case, text)
            key = (frame, case.source, got)
            result.counts[key] += 1
            if got != "right":
                result.examples.setdefault(key, []).append(text)
    return result
