"""Reading the commented CSV tables of data/ (data/routing/, data/places/).

Owns: the one reader of the human-edited tables. Blank lines and "#" comment lines are
skipped (the tables explain their columns and sources in comments), and each row keeps the
number of the line it stands on in its file, so that a problem report ("streets.csv:812",
"districts.csv line 40") points where an editor must look. Before session 42 the readers
numbered rows by their place among the data rows (plus one for the header), which was off
by the number of comment lines above the row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path


def numbered_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a table's `text`, each with the number (from 1) of the file line where
    it ends (a quoted value may span lines)."""
    kept = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in kept)))
    # reader.line_num counts the kept lines read so far: the row's last kept line
    return [(kept[reader.line_num - 1][0], row) for row in reader]


def numbered_csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of the table at `path` with their line numbers (see `numbered_rows`)."""
    return numbered_rows(path.read_text(encoding="utf-8-sig"))


def csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of the table at `path`, without line numbers."""
    return [row for _, row in numbered_csv_rows(path)]
