"""bench/pg_seq_scans.py: an auto_explain log's plans with sequential scans, by table
and statement."""

from __future__ import annotations

from bench.pg_seq_scans import seq_scans

LOG = """2026-12-07 07:41:19.639 UTC [805] LOG:  duration: 0.188 ms  plan:
\tQuery Text: SELECT * FROM tickets
\t   WHERE id = ANY($1)
\tSeq Scan on tickets  (cost=0.00..11.02 rows=2 width=71)
2026-12-07 07:41:19.640 UTC [805] LOG:  duration: 0.100 ms  plan:
\tQuery Text: SELECT * FROM tickets
\t   WHERE id = ANY($1)
\tNested Loop
\t  ->  Seq Scan on tickets  (cost=0.00..11.02 rows=2 width=71)
\t  ->  Seq Scan on citizens z  (cost=0.00..11.02 rows=2 width=71)
2026-12-07 07:41:19.641 UTC [805] LOG:  duration: 0.050 ms  plan:
\tQuery Text: SELECT 1 FROM ONLY tickets x WHERE id = $1 FOR KEY SHARE OF x
\tLockRows
\t  ->  Index Scan using tickets_pkey on tickets x
2026-12-07 07:41:19.642 UTC [806] LOG:  checkpoint starting: time
"""


def test_each_plan_counts_once_per_table_it_scans_whole() -> None:
    # the statement is the text logged on the "Query Text" line
    assert seq_scans(LOG) == {
        ("tickets", "SELECT * FROM tickets"): 2,
        ("citizens", "SELECT * FROM tickets"): 1,
    }
