"""Probe of Polsek names: does "polsek X" reach the kab/kota of the Polsek a page names?

Owns: reading data/routing/polsek_lists.csv (Polsek named on public pages, each with the
kab/kota of its Polres, session 41) and resolving every name in the forms a citizen or a
news line writes it ("polsek X", "lapor ke polsek X"), sorting each answer into an outcome:

- `right`: one place, served by the Polres of the listed kab/kota (a Polsek's kecamatan may
  lie in the next regency: Polsek Kraton of Polres Pasuruan Kota is in Kab. Pasuruan);
- `asked`: asked, a place of that Polres among the choices (a name Polsek of several units
  share: "polsek purwodadi" is Musi Rawas's, Pasuruan's and Grobogan's);
- `wrong`: one place of another unit (a guess), or asked without that Polres's places;
- `missed`: no place found.

Used by tools/probe_polsek_names.py (counts per Polda) and tests/routing/
test_sector_names.py (every listed name right or asked).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.routing.regions import is_within
from bot.routing.resolver import Router
from bot.routing.table_rows import csv_rows
from bot.settings import DATA_ROOT

POLSEK_LISTS_PATH = DATA_ROOT / "routing" / "polsek_lists.csv"
# How the name is written around: the bare unit phrase, and inside a report sentence
FORMS = ("polsek {}", "lapor ke polsek {}")
OUTCOMES = ("right", "asked", "wrong", "missed")


@dataclass(frozen=True, slots=True)
class ListedPolsek:
    """A Polsek a page names, and the kab/kota whose Polres it belongs to there."""

    name: str
    regency: str
    source: str


@dataclass(frozen=True, slots=True)
class ProbeAnswer:
    polsek: ListedPolsek
    text: str
    outcome: str
    answer: str  # the code chosen, or the codes asked between, for the report


def read_polsek_lists(path: Path = POLSEK_LISTS_PATH) -> list[ListedPolsek]:
    return [
        ListedPolsek(row["polsek"].strip(), row["regency"].strip(), row["source"].strip())
        for row in csv_rows(path)
    ]


def probe(router: Router, polsek: ListedPolsek, form: str) -> ProbeAnswer:
    """Resolve one form of one listed name and sort the answer."""
    text = form.format(polsek.name.lower())
    res = router.resolve_text(text)
    unit = router.table.polres_for(polsek.regency)

    def its_unit(code: str) -> bool:
        return is_within(code, polsek.regency) or router.table.polres_for(code) == unit

    if res.status == "ok" and res.chosen is not None:
        right = its_unit(res.chosen.code)
        return ProbeAnswer(polsek, text, "right" if right else "wrong", res.chosen.code)
    codes = [c.code for c in res.candidates]
    if res.status == "ambiguous" and codes:
        among = any(its_unit(c) for c in codes)
        return ProbeAnswer(polsek, text, "asked" if among else "wrong", " ".join(codes))
    return ProbeAnswer(polsek, text, "missed", res.reason)


def probe_all(router: Router, listed: list[ListedPolsek]) -> list[ProbeAnswer]:
    return [probe(router, p, form) for p in listed for form in FORMS]


def counts_by_polda(router: Router, answers: list[ProbeAnswer]) -> dict[str, Counter[str]]:
    """Outcomes per Polda of the listed kab/kota (the Polda serving it in units.csv)."""
    counts: dict[str, Counter[str]] = {}
    for answer in answers:
        polda = router.table.polda_for(answer.polsek.regency)
        counts.setdefault(polda.name if polda else "?", Counter())[answer.outcome] += 1
    return counts
