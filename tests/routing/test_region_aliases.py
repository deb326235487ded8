"""The region-alias tables (data/places/aliases_regencies.csv, aliases_more.csv): rows a public
page placed elsewhere than memory had resolve where the page says, every row checked in
session 39 cites its page, and tools/check_alias_places.py flags a row the tree places in
another kab/kota (data/routing/README.md "Session 39: aliases_regencies.csv and
aliases_more.csv confirmed")."""

from __future__ import annotations

import csv
from pathlib import Path
from types import ModuleType

import pytest

from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.tool_scripts import load_tool

REPO = Path(__file__).resolve().parents[2]
TABLES = sorted((REPO / "data" / "places").glob("aliases*.csv"))


def _checker() -> ModuleType:
    return load_tool("check_alias_places")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # session 39: alias rows written from memory that a public page placed in another
        # kab/kota (each sent a complaint to another Polres before)
        ("pulau mantehage", "71.06"),  # Kec. Wori, Minahasa Utara, not Kota Manado
        ("pulau cinta", "75.02"),  # Kab. Boalemo (Botumoito), not Pohuwato
        ("pulau cinta gorontalo", "75.02.06"),  # places.csv's row, same page: Botumoito
    ],
)
def test_alias_rows_follow_their_pages(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", (text, result.status, result.reason)
    assert result.candidates[0].code.startswith(code), (text, result.candidates[0].code)


def test_an_island_asks_only_among_the_kab_kota_on_it(router: Router) -> None:
    """Session 39, second round: aliases_local.csv gave "Pulau Buton" to Kab. Buton Tengah
    (74.14), which has no territory on Buton: it lies on southern Muna (en.wikipedia
    Central Buton Regency; the id article says Muna), and left out Kab. Muna, five of whose
    districts lie on Buton (en.wikipedia Muna Island). So "pulau buton" asks among the five
    kab/kota on Buton, and "pulau muna" asks between Polres Muna and Polres Buton Tengah
    instead of guessing Polres Muna."""
    buton = router.resolve_text("pulau buton")
    assert buton.status == "ambiguous", (buton.status, buton.reason)
    codes = sorted(c.code for c in buton.candidates)
    assert codes == ["74.03", "74.04", "74.10", "74.15", "74.72"]
    muna = router.resolve_text("pulau muna")
    assert muna.status == "ambiguous", (muna.status, muna.reason)
    assert "74.14" in {c.code for c in muna.candidates}


def test_a_checked_row_cites_its_page() -> None:
    """A row settled in session 39 cites the page read (not the kab/kota article built from
    its title) and says what the page gives."""
    checked = []
    for path in TABLES:
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["note"].startswith("checked (session 39)"):
                    checked.append(row)
                    assert row["source"].startswith("http"), row
                    assert "the page says" in row["note"], row
                    assert "not confirmed" not in row["note"], row
    assert len(checked) >= 15


def test_the_check_flags_an_island_the_tree_places_elsewhere(
    tree: RegionTree, tmp_path: Path
) -> None:
    """An island whose villages lie in another kab/kota than the row's code is flagged first;
    the same island coded where its villages are, and a checked row, are not."""
    table = tmp_path / "aliases_test.csv"
    table.write_text(
        "alias,code,kind,source,note\n"
        "Pulau Mantehage,71.71,island,https://example.org,not confirmed on the page\n"
        "Pulau Biaro,71.09,island,https://example.org,not confirmed on the page\n"
        "Pulau Nain,71.71,island,https://example.org,checked (session 39): the page says so\n",
        encoding="utf-8",
    )
    flags = _checker().flags(tree, [table])
    assert [(f.alias, f.reason) for f in flags] == [("Pulau Mantehage", "elsewhere-only")]
    assert "71.06" in flags[0].detail


def test_the_check_reads_every_alias_table_and_skips_rows_read_on_a_page(
    tree: RegionTree, tmp_path: Path
) -> None:
    """The second round runs over all region-alias tables (aliases.csv, aliases_local.csv,
    aliases_city.csv, aliases_public.csv too); a row whose note says its page was read
    ("page: ...", as aliases_public.csv writes it) is settled like a "checked" one."""
    checker = _checker()
    names = {path.name for path in checker.TABLES}
    assert {"aliases.csv", "aliases_local.csv", "aliases_city.csv", "aliases_public.csv"} <= names
    assert {"aliases_regencies.csv", "aliases_more.csv"} <= names
    table = tmp_path / "aliases_test.csv"
    table.write_text(
        "alias,code,kind,source,note\n"
        "Pulau Mantehage,71.71,island,https://example.org,page: the island is off Manado\n"
        "Pulau Mantehage,71.71,island,https://example.org,compiler knowledge; not confirmed\n",
        encoding="utf-8",
    )
    flags = checker.flags(tree, [table])
    assert [(f.line, f.reason) for f in flags] == [(3, "elsewhere-only")]
