"""The store's statement interface reads the same on both dialects: parameters bound as
SQLite would store them, wrong parameters refused, rows and counts as SQLite gives them.

On PostgreSQL each prepared statement binds its parameters with a binder decided once
from the types the server inferred (bot/store/postgres.py `binder`): these cases hold
it to SQLite's behaviour, the statement run inline and awaited, in and out of
transactions, and through `executemany`.
"""

from __future__ import annotations

import pytest

from bot.store.database import Database
from bot.store.postgres import binder

TABLE = (
    "CREATE TABLE things (id INTEGER PRIMARY KEY, label TEXT, amount INTEGER, "
    "ratio REAL, flag INTEGER)"
)


async def _table(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(TABLE)


async def test_values_are_stored_as_sqlite_stores_them(either_store: Database) -> None:
    await _table(either_store)
    async with either_store.transaction() as conn:
        # an int into TEXT becomes its text, True into INTEGER 1, an int into REAL a float
        await conn.execute(
            "INSERT INTO things (id, label, amount, ratio, flag) VALUES (?, ?, ?, ?, ?)",
            (1, 42, 7, 2, True),
        )
        await conn.execute(
            "INSERT INTO things (id, label, amount, ratio, flag) VALUES (?, ?, ?, ?, ?)",
            [2, "dua", None, 0.5, False],
        )
    rows = await either_store.fetchall(
        "SELECT id, label, amount, ratio, flag FROM things ORDER BY id"
    )
    assert [tuple(r) for r in rows] == [(1, "42", 7, 2.0, 1), (2, "dua", None, 0.5, 0)]
    assert type(rows[0]["ratio"]) is float and type(rows[0]["label"]) is str


async def test_a_statement_run_again_binds_each_call_anew(either_store: Database) -> None:
    """The binder is the statement's, kept; the values are each call's own."""
    await _table(either_store)
    insert = "INSERT INTO things (id, label, amount) VALUES (?, ?, ?)"
    for n in range(8):
        async with either_store.single_write() as conn:
            await conn.execute(insert, (n, n * 10 if n % 2 else f"t{n}", n))
    rows = await either_store.fetchall("SELECT label, amount FROM things ORDER BY id")
    assert [tuple(r) for r in rows] == [
        ("t0", 0), ("10", 1), ("t2", 2), ("30", 3), ("t4", 4), ("50", 5), ("t6", 6), ("70", 7)
    ]  # fmt: skip


async def test_counts_cursors_and_executemany(either_store: Database) -> None:
    await _table(either_store)
    async with either_store.transaction() as conn:
        await conn.executemany(
            "INSERT INTO things (id, label, amount) VALUES (?, ?, ?)",
            [(1, "a", 1), (2, 2, 2), [3, "c", 3]],
        )
        cursor = await conn.execute("UPDATE things SET amount = amount + ? WHERE id > ?", (5, 1))
        assert cursor.rowcount == 2
        async with conn.execute("SELECT id FROM things WHERE amount > ? ORDER BY id", (6,)) as c:
            assert [tuple(r) for r in await c.fetchall()] == [(2,), (3,)]
    assert (await either_store.fetchone("SELECT label FROM things WHERE id = ?", (2,)))[0] == "2"


@pytest.mark.parametrize("parameters", [(1, "a"), (1, "a", 2, 3)], ids=["too few", "too many"])
async def test_a_wrong_count_of_parameters_is_refused(
    either_store: Database, parameters: tuple[object, ...]
) -> None:
    """A caller's bug: refused on both dialects, nothing written, the store usable."""
    await _table(either_store)
    with pytest.raises(Exception) as refused:
        async with either_store.transaction() as conn:
            await conn.execute(
                "INSERT INTO things (id, label, amount) VALUES (?, ?, ?)", parameters
            )
    assert refused.type.__name__ in {"ValueError", "ProgrammingError"}
    assert await either_store.fetchone("SELECT COUNT(*) FROM things") == (0,) or (
        (await either_store.fetchone("SELECT COUNT(*) FROM things"))[0] == 0
    )


def test_the_binder_converts_only_what_the_types_need() -> None:
    as_given = binder(["numeric", "timestamptz", "jsonb"])  # nothing to convert
    values = (1, "2.5", None)
    assert as_given(values) is values  # passed through, not copied
    mixed = binder(["text", "int8", "bool", "float8"])
    assert mixed((5, True, 1, 3)) == ["5", 1, True, 3.0]
    assert mixed([None, None, None, None]) == [None, None, None, None]
    with pytest.raises(TypeError):
        mixed({"a": 1})  # named parameters: SQLite's style, not the PostgreSQL store's
    with pytest.raises(TypeError):
        binder(["text"])("x")  # a string is not a row of parameters
    with pytest.raises(ValueError):
        mixed((1, 2, 3))
