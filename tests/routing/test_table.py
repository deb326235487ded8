"""The routing table: coverage, overlaps, unknown codes, lookups, the check command."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.routing.commands import cmd_routing_check
from bot.routing.regions import RegionTree
from bot.routing.resolver import TABLE_PATH
from bot.routing.table import RoutingTable, RoutingTableError, load_table, read_table


def _variant(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    lines = TABLE_PATH.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "units.csv"
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


def test_shipped_table_is_valid(tree: RegionTree) -> None:
    table, problems = read_table(TABLE_PATH, tree)
    assert problems == []
    summary = table.summary()
    assert summary["polda"] == 34
    assert summary["propam"] == summary["polda"]


def test_every_regency_has_exactly_one_polres_and_province_a_polda(
    table: RoutingTable, tree: RegionTree
) -> None:
    regencies = tree.codes(2)
    assert len(regencies) == 514
    for code in regencies:
        polres = table.polres_for(code)
        assert polres is not None and polres.kind == "polres", code
        assert table.polda(polres.polda_id) is not None
    provinces = tree.codes(1)
    assert len(provinces) == 38
    for code in provinces:
        assert table.polda_for(code) is not None, code


@pytest.mark.parametrize(
    ("code", "polres", "polda"),
    [
        ("31.74", "polres-metro-jakarta-selatan", "polda-metro-jaya"),
        ("31.74.06", "polres-metro-jakarta-selatan", "polda-metro-jaya"),
        ("31.72.02", "polres-pelabuhan-tanjung-priok", "polda-metro-jaya"),  # district override
        ("31.72.03", "polres-pelabuhan-tanjung-priok", "polda-metro-jaya"),
        ("31.72.04", "polres-metro-jakarta-utara", "polda-metro-jaya"),
        ("31.01", "polres-kepulauan-seribu", "polda-metro-jaya"),
        ("32.76", "polres-metro-depok", "polda-metro-jaya"),  # outside DKI, Metro Jaya
        ("32.75", "polres-metro-bekasi-kota", "polda-metro-jaya"),
        ("32.16", "polres-metro-bekasi", "polda-metro-jaya"),
        ("36.71", "polres-metro-tangerang-kota", "polda-metro-jaya"),
        ("36.74", "polres-tangerang-selatan", "polda-metro-jaya"),
        ("36.73", "polresta-serang-kota", "polda-banten"),
        ("32.71", "polresta-bogor-kota", "polda-jabar"),
        ("32.01", "polres-bogor", "polda-jabar"),
        ("32.17", "polres-cimahi", "polda-jabar"),  # served by a neighbour
        ("12.71", "polrestabes-medan", "polda-sumut"),
        ("12.71.08", "polres-pelabuhan-belawan", "polda-sumut"),
        ("35.78", "polrestabes-surabaya", "polda-jatim"),
        ("35.73", "polresta-malang-kota", "polda-jatim"),
        ("34.71", "polresta-yogyakarta", "polda-diy"),
        ("51.71", "polresta-denpasar", "polda-bali"),
        ("94.04", "polres-mimika", "polda-papua"),  # Papua Tengah: parent Polda
        ("96.71", "polresta-sorong-kota", "polda-papua-barat"),  # Papua Barat Daya
    ],
)
def test_most_specific_code_wins(table: RoutingTable, code: str, polres: str, polda: str) -> None:
    unit = table.polres_for(code)
    assert unit is not None and unit.id == polres
    polda_unit = table.polda_for(code)
    assert polda_unit is not None and polda_unit.id == polda


def test_timezones(table: RoutingTable) -> None:
    assert table.polres_for("31.74").timezone == "Asia/Jakarta"  # type: ignore[union-attr]
    assert table.polres_for("51.03").timezone == "Asia/Makassar"  # type: ignore[union-attr]
    assert table.polres_for("73.71").timezone == "Asia/Makassar"  # type: ignore[union-attr]
    assert table.polres_for("91.71").timezone == "Asia/Jayapura"  # type: ignore[union-attr]
    assert table.polres_for("81.71").timezone == "Asia/Jayapura"  # type: ignore[union-attr]


def test_propam_for_every_polda(table: RoutingTable) -> None:
    for polda in table.units("polda"):
        propam = table.propam_for(polda.id)
        assert propam is not None and propam.kind == "propam" and propam.polda_id == polda.id
    assert table.propam_for("polda-nowhere") is None


def test_province_has_polda_but_no_polres(table: RoutingTable) -> None:
    assert table.polres_for("32") is None
    assert table.unit_for_code("32").id == "polda-jabar"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("metro jaksel", "polres-metro-jakarta-selatan"),
        ("polres bogor", "polres-bogor"),
        ("bogor kota", "polresta-bogor-kota"),
        ("priok", "polres-pelabuhan-tanjung-priok"),
        ("propam jabar", "propam-polda-jabar"),
        ("polda metro", "polda-metro-jaya"),
        ("surabaya", "polrestabes-surabaya"),
    ],
)
def test_search_units(table: RoutingTable, query: str, expected: str) -> None:
    assert table.search_units(query)[0].id == expected


def test_search_units_nonsense(table: RoutingTable) -> None:
    assert table.search_units("") == []
    assert table.search_units("🙂") == []


# --- broken tables ---------------------------------------------------------------------


def test_overlap_is_reported(tmp_path: Path, tree: RegionTree) -> None:
    path = _variant(tmp_path, lambda lines: [
        *lines, "polres-extra,Polres Extra,polres,polda-jabar,Asia/Jakarta,32.01,",
    ])
    _table, problems = read_table(path, tree)
    assert any("overlap: 32.01" in p for p in problems)


def test_gap_is_reported(tmp_path: Path, tree: RegionTree) -> None:
    path = _variant(tmp_path, lambda lines: [ln for ln in lines if not ln.startswith(
        "polres-bogor,")])
    _table, problems = read_table(path, tree)
    assert any(p.startswith("gap: 32.01") for p in problems)


def test_unknown_code_is_reported(tmp_path: Path, tree: RegionTree) -> None:
    path = _variant(tmp_path, lambda lines: [
        ln.replace(",32.01,", ",32.01 32.99,") if ln.startswith("polres-bogor,") else ln
        for ln in lines
    ])
    _table, problems = read_table(path, tree)
    assert any("unknown code 32.99" in p for p in problems)


def test_polda_mismatch_missing_propam_and_bad_timezone(tmp_path: Path, tree: RegionTree) -> None:
    def edit(lines: list[str]) -> list[str]:
        out = []
        for ln in lines:
            if ln.startswith("polres-bogor,"):
                ln = ln.replace("polda-jabar", "polda-jateng")
            if ln.startswith("propam-polda-bali,"):
                continue
            if ln.startswith("polres-badung,"):
                ln = ln.replace("Asia/Makassar", "Asia/Bali")
            out.append(ln)
        return out

    _table, problems = read_table(_variant(tmp_path, edit), tree)
    assert any("polres-bogor: polda_id polda-jateng" in p for p in problems)
    assert any("polda-bali: needs exactly one propam" in p for p in problems)
    assert any("Asia/Bali" in p for p in problems)


def test_load_table_refuses_an_invalid_table(tmp_path: Path, tree: RegionTree) -> None:
    path = _variant(tmp_path, lambda lines: [ln for ln in lines if "polda-aceh,Polda" not in ln])
    with pytest.raises(RoutingTableError) as err:
        load_table(path, tree)
    assert "invalid routing table" in str(err.value)
    assert err.value.problems


def test_missing_column(tmp_path: Path, tree: RegionTree) -> None:
    path = tmp_path / "units.csv"
    path.write_text("id,name\nx,y\n", encoding="utf-8")
    _table, problems = read_table(path, tree)
    assert problems and "missing column" in problems[0]


def test_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_routing_check(argparse.Namespace(table=None)) == 0
    assert "OK" in capsys.readouterr().out
    broken = _variant(tmp_path, lambda lines: [
        *lines, "polres-extra,Polres Extra,polres,polda-jabar,Asia/Jakarta,32.01 99.99,",
    ])
    assert cmd_routing_check(argparse.Namespace(table=broken)) == 1
    out = capsys.readouterr().out
    assert "INVALID" in out and "99.99" in out
