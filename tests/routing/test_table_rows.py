"""bot/routing/table_rows.py: the commented CSV tables' rows and the lines they stand on."""

from __future__ import annotations

from pathlib import Path

from bot.routing.landmarks import load_places
from bot.routing.regions import RegionTree
from bot.routing.table_rows import csv_rows, numbered_csv_rows, numbered_rows


def test_comment_and_blank_lines_are_skipped_and_counted() -> None:
    text = "# what the columns mean\nname,code\n\n# a group of rows\nA,1\nB,2\n"
    assert numbered_rows(text) == [(5, {"name": "A", "code": "1"}), (6, {"name": "B", "code": "2"})]


def test_a_quoted_value_over_two_lines_is_one_row_numbered_by_its_last_line() -> None:
    text = 'name,note\n# comment\nA,"first\nsecond"\nB,x\n'
    assert numbered_rows(text) == [
        (4, {"name": "A", "note": "first\nsecond"}),
        (5, {"name": "B", "note": "x"}),
    ]


def test_a_file_with_a_byte_order_mark_reads_its_header(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffname,code\n# c\nA,1\n".encode())
    assert numbered_csv_rows(path) == [(3, {"name": "A", "code": "1"})]
    assert csv_rows(path) == [{"name": "A", "code": "1"}]


def test_a_place_table_problem_names_the_line_of_the_file(tree: RegionTree, tmp_path: Path) -> None:
    """bot/routing/landmarks.py reads data/places with this reader: a row with an unknown
    code is reported at its line, comment lines counted."""
    places = tmp_path / "places"
    (places / "landmarks").mkdir(parents=True)
    (places / "streets.csv").write_text(
        "# streets and the kab/kota they run in\n"
        "street,regency,district,source,note\n"
        "# a group of rows\n"
        "Jalan Contoh,99.99,,https://example.org/a,unknown code\n",
        encoding="utf-8",
    )
    book = load_places(tree, places, tmp_path / "routing")
    assert book.problems == ["streets.csv:4: 'Jalan Contoh' -> unknown kab/kota '99.99'"]
