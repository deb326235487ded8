"""The routing table: coverage, overlaps, unknown codes, lookups, districts.csv and
sites.csv, sources and dates, the check command."""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date
from pathlib import Path

import pytest

from bot.routing.commands import cmd_routing_check
from bot.routing.regions import RegionTree, level_of
from bot.routing.resolver import TABLE_PATH
from bot.routing.table import (
    DISTRICTS_FILE,
    SITES_FILE,
    RoutingTable,
    RoutingTableError,
    load_table,
    parse_as_of,
    read_table,
)

DISTRICTS_PATH = TABLE_PATH.with_name(DISTRICTS_FILE)
SITES_PATH = TABLE_PATH.with_name(SITES_FILE)


def _same(lines: list[str]) -> list[str]:
    return lines


def _variant(tmp_path: Path, edit, districts=_same, sites=_same) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the shipped table (units.csv with its districts.csv and sites.csv) in
    tmp_path, each file passed through an edit of its lines."""
    for source, name, change in (
        (TABLE_PATH, "units.csv", edit),
        (DISTRICTS_PATH, DISTRICTS_FILE, districts),
        (SITES_PATH, SITES_FILE, sites),
    ):
        lines = source.read_text(encoding="utf-8").splitlines()
        (tmp_path / name).write_text("\n".join(change(lines)) + "\n", encoding="utf-8")
    return tmp_path / "units.csv"


def test_shipped_table_is_valid(tree: RegionTree) -> None:
    table, problems = read_table(TABLE_PATH, tree)
    assert problems == []
    summary = table.summary()
    assert summary["polda"] == 36  # 34 + Papua Tengah and Papua Barat Daya (Nov 2024)
    assert summary["propam"] == summary["polda"]
    assert summary["district_rows"] >= 70
    assert summary["sites"] >= 10


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
        ("31.72.03", "polres-metro-jakarta-utara", "polda-metro-jaya"),  # Polsek Koja: 2024-26 news
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
        ("94.04", "polres-mimika", "polda-papua-tengah"),  # Polda of its own since Nov 2024
        ("96.71", "polresta-sorong-kota", "polda-papua-barat-daya"),  # idem
        ("93.01", "polres-merauke", "polda-papua"),  # Papua Selatan: still Polda Papua
        ("95.01", "polres-jayawijaya", "polda-papua"),  # Papua Pegunungan: idem
        ("92.12", "polres-pegunungan-arfak", "polda-papua-barat"),
        ("36.03", "polresta-tangerang", "polda-banten"),  # Polda Banten since 2016
        ("36.03.18", "polresta-tangerang", "polda-banten"),  # Cikupa
        ("36.03.13", "polres-metro-tangerang-kota", "polda-metro-jaya"),  # Teluknaga
        ("36.03.22", "polres-tangerang-selatan", "polda-metro-jaya"),  # Pagedangan
        ("12.22", "polres-labuhanbatu-selatan", "polda-sumut"),
        ("12.23", "polres-labuhanbatu", "polda-sumut"),  # Labuhanbatu Utara: no Polres yet
        ("12.20", "polres-tapanuli-selatan", "polda-sumut"),  # Padang Lawas Utara
        ("74.12", "polresta-kendari", "polda-sultra"),  # Konawe Kepulauan
        ("74.15", "polres-buton", "polda-sultra"),  # Buton Selatan
        ("81.72", "polres-tual", "polda-maluku"),
        ("82.08", "polres-pulau-taliabu", "polda-malut"),
        ("71.10", "polres-bolaang-mongondow-timur", "polda-sulut"),
        ("51.03.01", "polresta-denpasar", "polda-bali"),  # Kuta (Kab. Badung)
        ("51.03.06", "polres-badung", "polda-bali"),  # Kuta Utara
        ("35.78.12", "polres-pelabuhan-tanjung-perak", "polda-jatim"),  # Pabean Cantian
        ("35.78.07", "polrestabes-surabaya", "polda-jatim"),  # Genteng
        ("73.71.05", "polres-pelabuhan-makassar", "polda-sulsel"),  # Wajo
        ("35.06.01", "polres-kediri-kota", "polda-jatim"),  # Semen (Kab. Kediri)
        ("12.07.26", "polrestabes-medan", "polda-sumut"),  # Percut Sei Tuan (Deli Serdang)
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
    path = _variant(
        tmp_path,
        lambda lines: [
            *lines,
            "polres-extra,Polres Extra,polres,polda-jabar,Asia/Jakarta,32.01,",
        ],
    )
    _table, problems = read_table(path, tree)
    assert any("overlap: 32.01" in p for p in problems)


def test_gap_is_reported(tmp_path: Path, tree: RegionTree) -> None:
    path = _variant(
        tmp_path, lambda lines: [ln for ln in lines if not ln.startswith("polres-bogor,")]
    )
    _table, problems = read_table(path, tree)
    assert any(p.startswith("gap: 32.01") for p in problems)


def test_unknown_code_is_reported(tmp_path: Path, tree: RegionTree) -> None:
    path = _variant(
        tmp_path,
        lambda lines: [
            ln.replace(",32.01,", ",32.01 32.99,") if ln.startswith("polres-bogor,") else ln
            for ln in lines
        ],
    )
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


def test_a_problem_names_the_line_of_the_file(tmp_path: Path, tree: RegionTree) -> None:
    """units.csv and districts.csv open with comment lines: a problem must name the line an
    editor finds in the file, not the row's place among the data rows (session 42)."""
    units = TABLE_PATH.read_text(encoding="utf-8").splitlines()
    bogor = next(ln for ln in units if ln.startswith("polres-bogor,"))
    districts = DISTRICTS_PATH.read_text(encoding="utf-8").splitlines()
    bad_district = "99.99.99," + districts[-1].split(",", 1)[1]
    path = _variant(
        tmp_path, lambda lines: [*lines, bogor], districts=lambda lines: [*lines, bad_district]
    )
    _table, problems = read_table(path, tree)
    first = units.index(bogor) + 1
    assert f"line {len(units) + 1} (polres-bogor): duplicate id (first at line {first})" in (
        problems
    )
    assert any(
        p.startswith(f"{DISTRICTS_FILE} line {len(districts) + 1} (99.99.99)") for p in problems
    )


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
    out = capsys.readouterr().out
    assert "OK" in out and "district overrides" in out and "sites" in out
    assert "with a source" in out
    broken = _variant(
        tmp_path,
        lambda lines: [
            *lines,
            "polres-extra,Polres Extra,polres,polda-jabar,Asia/Jakarta,32.01 99.99,",
        ],
    )
    assert cmd_routing_check(argparse.Namespace(table=broken)) == 1
    out = capsys.readouterr().out
    assert "INVALID" in out and "99.99" in out


# --- districts.csv, sites.csv, sources -------------------------------------------------


def test_district_rows_are_districts_served_by_a_polres(table: RoutingTable) -> None:
    rows = table.district_overrides()
    assert rows
    for row in rows:
        assert level_of(row.district) == 3
        unit = table.polres_for(row.district)
        assert unit is not None and unit.id == row.unit and unit.kind == "polres"
    # the port units' districts moved from `covers` to districts.csv
    assert table.unit("polres-pelabuhan-tanjung-priok").covers == ()  # type: ignore[union-attr]


# (companion file, rows added to it, what the check must say about them)
COMPANION_FILE_PROBLEMS = [
    (
        "districts",
        [
            "51.03,polresta-denpasar,https://example.org/a,2024-01-01,a regency, not a district",
            "51.03.99,polresta-denpasar,https://example.org/a,2024-01-01,unknown code",
            "51.03.02,polres-nowhere,https://example.org/a,2024-01-01,unknown unit",
            "51.03.03,propam-polda-bali,https://example.org/a,2024-01-01,not a polres",
            "51.03.01,polresta-denpasar,https://example.org/a,2024-01-01,listed twice",
            "31.74.06,polres-metro-jakarta-selatan,https://example.org/a,2024-02-30,bad date",
        ],
        [
            "'51.03' is not a district code",
            "'51.03.99' is not a district code",
            "unit 'polres-nowhere' is not a polres",
            "unit 'propam-polda-bali' is not a polres",
            "51.03.01): district listed twice",
            "as_of '2024-02-30' is not a date",
        ],
    ),
    (
        "sites",
        [
            "bandara soekarno hatta,polresta-bandara-soekarno-hatta,,,same site, other spelling",
            "Pelabuhan Benoa,polda-bali,,,a polda",
            ",polresta-denpasar,,,empty name",
            "Pelabuhan X,polres-nowhere,notaurl,2025-01,bad unit and source",
        ],
        [
            "(bandara soekarno hatta): site listed twice",
            "unit 'polda-bali' is not a polres",
            "empty site name",
            "unit 'polres-nowhere' is not a polres",
            "source 'notaurl' is not an http(s) URL",
        ],
    ),
]


@pytest.mark.parametrize(("companion", "extra", "expected"), COMPANION_FILE_PROBLEMS)
def test_companion_file_problems(
    tmp_path: Path, tree: RegionTree, companion: str, extra: list[str], expected: list[str]
) -> None:
    def add_rows(lines: list[str]) -> list[str]:
        return [*lines, *extra]

    path = _variant(tmp_path, _same, **{companion: add_rows})
    _table, problems = read_table(path, tree)
    text = "\n".join(problems)
    for message in expected:
        assert message in text, message


def test_district_also_in_covers_is_reported(tmp_path: Path, tree: RegionTree) -> None:
    path = _variant(
        tmp_path,
        lambda lines: [
            ln.replace(",51.03,", ",51.03 51.03.02,") if ln.startswith("polres-badung,") else ln
            for ln in lines
        ],
        districts=lambda lines: [*lines, "51.03.02,polresta-denpasar,,,Mengwi"],
    )
    _table, problems = read_table(path, tree)
    assert any("51.03.02): district also in the covers of polres-badung" in p for p in problems)


def test_sites(table: RoutingTable) -> None:
    unit = table.site_unit("Bandara Soekarno-Hatta")
    assert unit is not None and unit.id == "polresta-bandara-soekarno-hatta"
    assert unit.polda_id == "polda-metro-jaya" and unit.covers == ()
    assert table.site_unit("  bandara SOEKARNO hatta ") is unit  # case, spacing, punctuation
    assert table.site_unit("Pelabuhan Tanjung Perak").id == "polres-pelabuhan-tanjung-perak"  # type: ignore[union-attr]
    assert table.site_unit("Pelabuhan Sunda Kelapa").id == "polres-pelabuhan-tanjung-priok"  # type: ignore[union-attr]
    assert table.site_unit("Pelabuhan Soekarno-Hatta Makassar").id == "polres-pelabuhan-makassar"  # type: ignore[union-attr]
    assert table.site_unit("Pasar Senen") is None
    assert table.site_unit("") is None
    names = [name for name, _unit in table.sites()]
    assert "Pelabuhan Belawan" in names and len(names) == len(set(names))


def test_polres_with_no_codes_needs_a_site_or_district(tmp_path: Path, tree: RegionTree) -> None:
    path = _variant(
        tmp_path,
        _same,
        sites=lambda lines: [ln for ln in lines if ",polresta-bandara-soekarno-hatta," not in ln],
    )
    _table, problems = read_table(path, tree)
    assert any(
        p.startswith("polresta-bandara-soekarno-hatta: a polres must cover") for p in problems
    )


def test_companion_files_are_optional(tmp_path: Path, tree: RegionTree) -> None:
    """A table without districts.csv and sites.csv is read (the port units then fail)."""
    path = tmp_path / "units.csv"
    path.write_text(TABLE_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    table, problems = read_table(path, tree)
    assert table.sites() == [] and table.district_overrides() == []
    assert any("polres-pelabuhan-belawan: a polres must cover" in p for p in problems)


def test_digest_covers_the_companion_files(tmp_path: Path, tree: RegionTree) -> None:
    first, _ = read_table(_variant(tmp_path, _same), tree)
    second, _ = read_table(_variant(tmp_path, _same, sites=lambda lines: lines[:-1]), tree)
    assert first.digest and first.digest != second.digest


def test_shipped_sources_and_dates_are_well_formed(table: RoutingTable) -> None:
    rows = table.sourced_rows()
    assert len(rows) == len(table.units()) + len(table.district_overrides()) + len(table.sites())
    sourced = [r for r in rows if r.source]
    assert len(sourced) > len(rows) // 3
    for row in sourced:
        assert row.source.startswith(("http://", "https://")), row
        assert not row.as_of or parse_as_of(row.as_of) is not None, row
    # every unit created or moved by the Nov 2024 - 2025 corrections cites a page
    for unit_id in (
        "polda-papua-tengah",
        "polda-papua-barat-daya",
        "polres-labuhanbatu-selatan",
        "polres-pulau-taliabu",
        "polres-tual",
        "polresta-tangerang",
        "polres-pelabuhan-tanjung-perak",
        "polres-pelabuhan-makassar",
    ):
        unit = table.unit(unit_id)
        assert unit is not None and unit.source and unit.as_of, unit_id


def _set_fields(lines: list[str], values: dict[str, dict[str, str]]) -> list[str]:
    """units.csv lines with some fields of some rows replaced: {unit id: {column: value}}."""
    comments = [ln for ln in lines if ln.startswith("#")]
    rows = list(csv.reader([ln for ln in lines if not ln.startswith("#")]))
    header = rows[0]
    for row in rows[1:]:
        for column, value in values.get(row[0], {}).items():
            row[header.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return comments + buf.getvalue().splitlines()


def test_bad_source_and_dates_in_units(tmp_path: Path, tree: RegionTree) -> None:
    path = _variant(
        tmp_path,
        lambda lines: _set_fields(
            lines,
            {
                "polres-bogor": {"source": "www.example.org", "as_of": "2024-13"},
                "polres-garut": {"source": "https://example.org/garut", "as_of": "2999-01-01"},
            },
        ),
    )
    _table, problems = read_table(path, tree)
    text = "\n".join(problems)
    assert "(polres-bogor): source 'www.example.org' is not an http(s) URL" in text
    assert "(polres-bogor): as_of '2024-13' is not a date" in text
    assert "(polres-garut): as_of 2999-01-01 is in the future" in text


def test_parse_as_of() -> None:
    assert parse_as_of("2024-11-13") == date(2024, 11, 13)
    assert parse_as_of("2024-11") == date(2024, 11, 1)
    assert parse_as_of("2024") is None
    assert parse_as_of("13/11/2024") is None
    assert parse_as_of("") is None


def _dated_table(tmp_path: Path) -> Path:
    """The shipped table with three rows given known dates and one source removed."""
    return _variant(
        tmp_path,
        lambda lines: _set_fields(
            lines,
            {
                "polres-bogor": {"source": "https://example.org/bogor", "as_of": "2025-12-04"},
                "polres-garut": {"source": "https://example.org/garut", "as_of": "2025-12-05"},
                "polres-cianjur": {"source": "https://example.org/cianjur", "as_of": "2025-12"},
                "polres-tasikmalaya": {"source": "", "as_of": ""},
            },
        ),
    )


def test_stale_rows(tmp_path: Path, tree: RegionTree) -> None:
    table, problems = read_table(_dated_table(tmp_path), tree)
    assert problems == []
    stale = {r.key for r in table.stale_rows(date(2026, 12, 5))}
    assert "polres-bogor" in stale  # 366 days old
    assert "polres-garut" not in stale  # exactly 365 days: still fresh
    assert "polres-cianjur" in stale  # 2025-12 reads as 2025-12-01: 369 days old
    assert "polres-cianjur" not in {r.key for r in table.stale_rows(date(2026, 12, 5), 400)}
    assert "polres-tasikmalaya" in {r.key for r in table.unsourced_rows()}
    assert "polres-tasikmalaya" not in stale


def test_check_command_lists_stale_and_unsourced_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _dated_table(tmp_path)
    code = cmd_routing_check(argparse.Namespace(table=path, today=date(2026, 12, 5)))
    out = capsys.readouterr().out
    assert code == 0  # old or missing sources are listed, not fatal
    lines = out.splitlines()
    assert any(ln.startswith("stale: units.csv polres-bogor: as_of 2025-12-04") for ln in lines)
    assert not any(ln.startswith("stale: units.csv polres-garut") for ln in lines)
    assert "no source: units.csv polres-tasikmalaya" in lines
    assert "OK" in out
    # a year later the fresh row is stale too
    cmd_routing_check(argparse.Namespace(table=path, today=date(2027, 12, 6)))
    assert "stale: units.csv polres-garut" in capsys.readouterr().out
