"""The sequential scans in an auto_explain log (`bench_instances.py --pg-explain DIR`), by
table and statement: which statement's plan reads a whole table, and how often.

Counts plans, not executions of their nodes: a scan under a join that found no outer
row is counted though it did not run. Read with the run's per-table counts
(`--pg-stats`: "sequential scans (rows read)"), which say what did run.
Usage: .venv/bin/python bench/pg_seq_scans.py DIR/trace.log [--top N]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

# each entry of the server's log starts with its timestamp
_ENTRY = re.compile(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")
_SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def seq_scans(log: str) -> Counter[tuple[str, str]]:
    """(table, the first 150 characters of the statement's first line) -> plans logged with a
    sequential scan of that table."""
    found: Counter[tuple[str, str]] = Counter()
    for entry in _ENTRY.split(log):
        if "Query Text:" not in entry:
            continue
        text, _, plan = entry.partition("Query Text:")[2].partition("\n")
        for table in set(_SEQ_SCAN.findall(plan)):
            found[(table, " ".join(text.split())[:150])] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    found = seq_scans(args.log.read_text(errors="replace"))
    print("| plans | table | statement |\n|---:|---|---|")
    for (table, statement), plans in found.most_common(args.top):
        print(f"| {plans} | {table} | `{statement}` |")


if __name__ == "__main__":
    main()
