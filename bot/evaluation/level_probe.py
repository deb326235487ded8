"""Probe of the words that say a name's level: "kades X", "camat X", "bupati X" (session 42).

Owns: story frames with a village's, a kecamatan's or a kab/kota's head or office before a
name ("kades {X} diduga gelapin dana desa", "ribut di depan kantor camat {X}", "demo di
depan kantor dprd {X}"), filled with every name the Kemendagri tree holds at two or more
of those levels (Kab. Karanganyar and Kec. Karanganyar of Demak; Kec. Sukamaju and 46
villages Sukamaju); the answer each frame must get, computed from the tree by the level
the word says and from the routing table's units: that unit when the places of the
level are served by one, else a question offering their kab/kota; and the count of each
outcome per frame: right, wrong (another unit, or a question among other places),
guessed (one place where the places of the level lie in several units), asked (a
question where one unit serves them all), lost (nothing found).

A name of one level only is left out: there the level word has nothing to choose; so is
a name that is itself a level word ("kota"). Used
by `dumas routing audit-ambiguity --levels` and tests/evaluation/test_level_probe_levelcues.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.routing.place_words import MARKERS, name_key
from bot.routing.regions import bare_regency_name, kind_of
from bot.routing.resolver import Router
from flows.ports import PlaceResolution

# (level the frame's word says, the kab/kota kind it says or None, frame)
FRAMES: tuple[tuple[int, str | None, str], ...] = (
    (4, None, "kades {X} diduga gelapin dana desa"),
    (4, None, "rumah kades {X} dibobol maling"),
    (4, None, "pilkades {X} ricuh"),
    (4, None, "tabrak lari depan kantor lurah {X}"),
    (3, None, "camat {X} dilaporkan warga"),
    (3, None, "ribut di depan kantor camat {X}"),
    (2, None, "demo di depan kantor dprd {X}"),
    (2, "kabupaten", "bupati {X} dilaporkan ke polisi"),
)
OUTCOMES = ("right", "wrong", "guessed", "asked", "lost")


@dataclass(frozen=True, slots=True)
class LevelCase:
    text: str
    frame: str
    name: str
    places: tuple[str, ...]  # the codes of the name at the frame's level
    units: frozenset[str]  # the Polres serving them


@dataclass
class LevelProbeResult:
    """Counts of outcomes per frame, with examples of each outcome but the right one."""

    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def cases(self, frame: str | None = None) -> int:
        return sum(n for (f, _), n in self.outcomes.items() if frame in (None, f))

    def count(self, outcome: str) -> int:
        return sum(n for (_, o), n in self.outcomes.items() if o == outcome)

    def lines(self, examples: int = 3) -> list[str]:
        out = [
            f"level-word cases: {self.cases()}, "
            + ", ".join(f"{o}: {self.count(o)}" for o in OUTCOMES),
            "frame: " + " / ".join(OUTCOMES) + " of cases",
        ]
        for _, _, frame in FRAMES:
            counts = " / ".join(f"{self.outcomes[(frame, o)]:>5}" for o in OUTCOMES)
            out.append(f"  {frame:<44} {counts} of {self.cases(frame)}")
            for outcome in OUTCOMES[1:]:
                out.extend(
                    f"      {outcome}: {e}"
                    for e in self.examples.get((frame, outcome), [])[:examples]
                )
        return out


def names_by_level(router: Router) -> dict[str, dict[int, list[str]]]:
    """Each name key the tree holds at two or more of the levels kab/kota (by its bare
    name), kecamatan and village -> the codes bearing it at each level. Names written
    apart or together are one ("Labuhan Haji" and "Labuhanhaji", "Batu Putih" and
    "Batuputih": the resolver reads them alike), keyed by the form met first."""
    found: dict[str, dict[int, list[str]]] = {}
    written: dict[str, str] = {}
    for level in (2, 3, 4):
        for code, name in router.tree.items(level):
            key = name_key(bare_regency_name(name) if level == 2 else name)
            key = written.setdefault(key.replace(" ", ""), key)
            found.setdefault(key, {}).setdefault(level, []).append(code)
    return {key: levels for key, levels in found.items() if len(levels) >= 2}


def level_cases(router: Router, every: int = 1) -> Iterator[LevelCase]:
    """Every frame filled with 1/every of the names held at two levels, where the name
    is held at the frame's level (of the kind it says)."""
    shared = sorted(names_by_level(router).items())
    for key, levels in shared[:: max(1, every)]:
        if key in MARKERS:
            continue  # "kota" (Kec. Kota of Kediri): after a cue it is a level word
        for level, kind, frame in FRAMES:
            places = [
                c
                for c in levels.get(level, ())
                if kind is None or kind_of(c, router.tree.name(c) or "") == kind
            ]
            units = frozenset(u.id for c in places if (u := router.table.polres_for(c)))
            if places and units:
                yield LevelCase(frame.replace("{X}", key), frame, key, tuple(places), units)


def outcome_of(router: Router, case: LevelCase, res: PlaceResolution) -> str:
    """Right, wrong, guessed, asked or lost (OUTCOMES) for the case's answer `res`."""
    if res.status == "ok" and res.chosen is not None:
        if len(case.units) > 1:
            return "guessed"
        unit = router.table.polres_for(res.chosen.code)
        return "right" if unit is not None and unit.id in case.units else "wrong"
    if res.status != "ambiguous":
        return "lost"
    if len(case.units) == 1:
        return "asked"
    wanted = {c[:5] for c in case.places}
    offered = {c.code[:5] for c in res.candidates}
    return "right" if len(wanted & offered) >= min(2, len(wanted)) else "wrong"


def probe(router: Router, every: int = 1) -> LevelProbeResult:
    """Fill the frames with 1/every of the names held at two levels; count the outcomes."""
    result = LevelProbeResult()
    for case in level_cases(router, every):
        res = router.resolve_text(case.text)
        outcome = outcome_of(router, case, res)
        result.outcomes[(case.frame, outcome)] += 1
        if outcome != "right":
            chosen = res.chosen.code if res.chosen else [c.code for c in res.candidates[:4]]
            result.examples.setdefault((case.frame, outcome), []).append(
                f"{case.text!r}: {res.status} {chosen} ({res.reason})"
            )
    return result
