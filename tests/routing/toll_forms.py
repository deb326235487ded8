"""The audit generated from data/routing/toll_places.csv (session 35): every km row, gate
and rest area of the toll-road table in the forms reporters write them ("tol X km N", "km N
tol X", "rest area km N tol X", "gt X", "pintu keluar tol X"), with the kab/kota the row
names as the expected answer.

Run as a script it counts the audit with the toll-road rule off (the code as it was before
session 35: `_on_the_toll_road` answers nothing) and on, side by side:

    .venv/bin/python -m tests.routing.toll_forms
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.resolver import Router
from bot.routing.toll_roads import RoadPlace, TollRoads


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    regency: str  # the kab/kota code the row names
    kind: str  # km, gate, rest_area
    # the gate's rows name several kab/kota (pages disagree, session 36: GT Ciawi 2): the
    # form must be asked, offering the row's kab/kota, and never answered
    ask: bool = False


def _km_text(km: float) -> str:
    whole = int(km)
    part = round((km - whole) * 1000)
    return f"{whole}+{part:03d}" if part else str(whole)


def _road_names(toll: TollRoads) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for key, roads in toll.names.items():
        for road, _alone in roads:
            names.setdefault(road, []).append(key)
    return names


def audit_forms(toll: TollRoads) -> Iterator[Form]:
    """Each row in every form, with each name of its road. The city roads of session 36
    (city_roads.csv) are not toll roads: tests/routing/test_city_km_roads.py audits them."""
    names = _road_names(toll)
    for road, rows in toll.places.items():
        if road in toll.city:
            continue
        for row in rows:
            gate_codes = {p.code[:5] for p in toll.gates.get(row.name, ()) if row.name}
            yield from _row_forms(row, names.get(road, []), len(gate_codes) > 1)


def _row_forms(row: RoadPlace, names: list[str], shared_gate: bool = False) -> Iterator[Form]:
    regency = row.code[:5]
    for name in names:
        if row.km_from is not None:
            kms = [row.km_from] if row.km_to is None else [row.km_from, row.km_to]
            for km in kms:
                n = _km_text(km)
                yield Form(f"kecelakaan di tol {name} km {n}", regency, row.kind)
                yield Form(f"km {n} tol {name}", regency, row.kind)
                if row.kind == "rest_area":
                    yield Form(f"rest area km {n} tol {name}", regency, row.kind)
        if row.kind == "gate" and row.name:
            text = f"tabrakan di gerbang tol {row.name} tol {name}"
            yield Form(text, regency, row.kind, shared_gate)
    if row.kind == "gate" and row.name and not shared_gate:
        # a gate of several kab/kota named without its road is left to the other rules
        # (GT Ciawi 2 alone reads as Kec. Ciawi): no toll reading to audit
        yield Form(f"gt {row.name}", regency, row.kind)
        yield Form(f"pintu keluar tol {row.name}", regency, row.kind)


def outcome(router: Router, form: Form) -> str:
    """ "right", "asked" (a question offering the row's kab/kota), or "wrong". A form that
    must be asked (`Form.ask`) is right when asked so, and wrong when answered."""
    res = router.resolve_text(form.text)
    if res.status == "ok" and res.chosen is not None:
        if form.ask:
            return "wrong"
        return "right" if res.chosen.code.startswith(form.regency) else "wrong"
    if res.status == "ambiguous" and any(c.code.startswith(form.regency) for c in res.candidates):
        return "right" if form.ask else "asked"
    return "wrong"


def count(router: Router, forms: list[Form]) -> dict[str, int]:
    tally = {"right": 0, "asked": 0, "wrong": 0}
    for form in forms:
        tally[outcome(router, form)] += 1
    return tally


def main() -> None:
    from bot.settings import load_settings

    router = Router.load(load_settings())
    forms = list(dict.fromkeys(audit_forms(router.toll_roads)))
    on = count(router, forms)
    rule = router._on_the_toll_road
    router._on_the_toll_road = lambda typed, res: None  # type: ignore[method-assign]
    off = count(router, forms)
    router._on_the_toll_road = rule  # type: ignore[method-assign]
    print(f"audit forms: {len(forms)}")
    for key in ("right", "asked", "wrong"):
        print(f"  {key:6} rule off {off[key]:4}   rule on {on[key]:4}")


if __name__ == "__main__":
    main()
