"""Shared check of the landmark tables' checked rows (issue 14): a row whose note says
"checked" must cite the page read, not a kab/kota or list article built from its title, and
must not still say it was not confirmed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

LANDMARKS = Path(__file__).resolve().parents[2] / "data" / "places" / "landmarks"

# sources that were built from an article title, never read for the row
_TITLE_SOURCES = (
    "id.wikipedia.org/wiki/Kabupaten_",
    "id.wikipedia.org/wiki/Kota_",
    "id.wikipedia.org/wiki/Daftar_",
)


def checked_rows_without_a_page(table: Path, at_least: int) -> list[str]:
    """Names of the rows of `table` that say "checked" but cite no page read; asserts that
    at least `at_least` rows say "checked" (so a lost column cannot pass unnoticed)."""
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    checked = [row for row in rows if row["note"].startswith("checked")]
    assert len(checked) >= at_least, (table.name, len(checked))
    return [
        row["name"]
        for row in checked
        if any(part in row["source"] for part in _TITLE_SOURCES)
        or "not confirmed on the page" in row["note"]
    ]
