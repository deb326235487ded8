"""data/knowledge/unit_facts.csv: a unit's own address, phone and hours, each with the
public page that states them, checked by `dumas kb check`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.knowledge.articles import load_unit_facts, unit_fact_problems

UNITS = "# units\nid,name,kind\npolres-batu,Polres Batu,polres\npolres-kudus,Polres Kudus,polres\n"


def test_the_shipped_unit_facts_pass_their_check() -> None:
    assert unit_fact_problems() == []
    facts = load_unit_facts()
    assert facts and all(f.source.startswith("https://") for f in facts.values())
    assert all(f.address or f.phone or f.hours for f in facts.values())


def test_the_check_refuses_unsourced_unknown_or_stale_rows(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text(UNITS, encoding="utf-8")
    facts = tmp_path / "unit_facts.csv"
    facts.write_text(
        "# comment\n"
        "unit,address,phone,hours,source,as_of,checked,note\n"
        "polres-batu,Jl. Contoh 1,,,https://x.id,2024-01-01,2026-12-01,\n"
        "polres-atlantis,Jl. Laut,,,https://x.id,,2026-12-01,\n"
        "polres-kudus,,,,https://x.id,,2026-12-01,\n"
        "polres-batu,,,24 jam,,,2026-12-01,\n"
        ",,,,,,2025-01-01,\n",
        encoding="utf-8",
    )
    problems = "\n".join(unit_fact_problems(facts, units, today=date(2026, 12, 5)))
    assert "row 1" not in problems  # a good row
    assert "row 2 (polres-atlantis): unit not in data/routing/units.csv" in problems
    assert "row 3 (polres-kudus): no address, phone or hours" in problems
    assert "row 4 (polres-batu): a second row for the unit" in problems
    assert "row 4 (polres-batu): no source URL" in problems
    assert "row 5 (): source last checked 2025-01-01, over a year ago" in problems
    assert load_unit_facts.__wrapped__(facts)["polres-batu"].hours == "24 jam"  # the last row
