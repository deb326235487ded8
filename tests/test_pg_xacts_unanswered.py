"""bench/pg_xacts.py's count of round trips whose answer the next statement does not
need (session 36): BEGIN and the writes without RETURNING that are not a transaction's
last; repeats of the statement before (an executemany's worth) counted apart."""

from __future__ import annotations

from bench.pg_xacts import Transaction, unanswered


def test_begin_and_writes_that_return_nothing_before_another_statement() -> None:
    t = Transaction(
        "store",
        [
            "BEGIN",
            "SELECT id FROM tickets WHERE citizen_id = $1",
            "UPDATE tickets SET status = $1 WHERE id = $2",
            "UPDATE tickets SET status = $1 WHERE id = $2",
            "INSERT INTO ticket_events (ticket_id) VALUES ($1) RETURNING id",
            "DELETE FROM timers WHERE id = $1",
            "UPDATE inbox SET processed_at = $1 WHERE id = $2",
            "COMMIT",
        ],
        explicit=True,
    )
    # BEGIN, the two UPDATEs (the second repeats the first) and the DELETE; not the read,
    # not the INSERT whose id is returned, not the last write before COMMIT
    assert unanswered(t) == (4, 1)


def test_a_statement_in_autocommit_has_its_answer_awaited() -> None:
    t = Transaction("store", ["UPDATE inbox SET processed_at = $1 WHERE id = $2"])
    assert unanswered(t) == (0, 0)
