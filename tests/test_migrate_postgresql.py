"""Migrations on PostgreSQL under issue 19's "Bad input": a database left at an older
migration is brought up to date, by several instances starting at once without applying
anything twice; a migration that fails leaves the database at the version before it and
stops start-up with one line; a URL naming a database or a role that does not exist
stops it with one line too.

A cluster of this module's own (tests/pg_cluster.py), whatever DUMAS_TEST_DATABASE says;
skipped without PostgreSQL's server binaries.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from bot.store.database import MIGRATIONS_DIR, StoreUnavailableError, migrations
from bot.store.postgres import MIGRATION_LOCK, PostgresDatabase
from tests.pg_cluster import Cluster, own_cluster
from tests.test_cli import run
from tests.test_leadership import ROOT, new_database

INSTANCES = 3


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    yield from own_cluster()


def first_migrations(into: Path, count: int) -> Path:
    """A migrations directory holding the first `count` of the real ones: the schema
    an older Dumas left behind."""
    into.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql"))[:count]:
        shutil.copy(path, into / path.name)
    return into


async def applied(url: str) -> list[tuple[int, int]]:
    """(version, times recorded) for every migration the database records."""
    db = await asyncpg.connect(url)
    try:
        rows = await db.fetch(
            "SELECT version, COUNT(*) FROM dumas_schema GROUP BY version ORDER BY version"
        )
    finally:
        await db.close()
    return [(int(r[0]), int(r[1])) for r in rows]


async def until_waiting_for_the_lock(
    holder: asyncpg.Connection, count: int, seconds: float
) -> None:
    """Until `count` sessions wait for the migrations' lock (`holder` holds it)."""
    waiting = (
        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND ((classid::bigint << 32) | objid::bigint) = $1"
    )
    for _ in range(int(seconds * 10)):
        if await holder.fetchval(waiting, MIGRATION_LOCK) == count:
            return
        await asyncio.sleep(0.1)
    assert await holder.fetchval(waiting, MIGRATION_LOCK) == count


async def test_instances_starting_together_bring_an_older_database_up_to_date_once(
    cluster: Cluster, tmp_path: Path
) -> None:
    url = new_database(cluster)
    everything = migrations()
    newest = everything[-1][0]
    older = len(everything) - 4
    old = PostgresDatabase(url, migrations_dir=first_migrations(tmp_path / "old", older))
    await old.open()
    await old.close()
    assert [v for v, _ in await applied(url)] == [m[0] for m in everything[:older]]

    # Hold the migrations' lock while the instances start, so that all of them are
    # waiting for it at once when it is released (not vacuous: they really contend).
    holder = await asyncpg.connect(url)
    await holder.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    base = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    base |= {"DUMAS_DATABASE_URL": url, "DUMAS_LOG_LEVEL": "warning"}
    starts = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "db",
            "migrate",
            cwd=ROOT,
            env={**base, "DUMAS_DATA_DIR": str(tmp_path / f"i{n}")},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for n in range(INSTANCES)
    ]
    # ~2 min: three interpreters starting on a shared machine
    await until_waiting_for_the_lock(holder, INSTANCES, 120)
    await holder.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
    await holder.close()
    outputs = [await asyncio.wait_for(p.communicate(), 120) for p in starts]
    for process, (out, err) in zip(starts, outputs, strict=True):
        assert process.returncode == 0, err.decode()
        assert out.decode().strip().endswith(f"schema version {newest}")
    # every migration recorded once: the newer ones applied by exactly one instance
    assert await applied(url) == [(m[0], 1) for m in everything]


async def test_a_failed_migration_leaves_the_version_before_and_stops_with_one_line(
    cluster: Cluster, tmp_path: Path
) -> None:
    url = new_database(cluster)
    everything = migrations()
    newest = everything[-1][0]
    broken_dir = first_migrations(tmp_path / "broken", len(everything))
    # a migration whose first statements work and whose last one fails
    (broken_dir / f"{newest + 1:04d}_broken.sql").write_text(
        "CREATE TABLE half_done (id INTEGER);\n"
        "ALTER TABLE tickets ADD COLUMN half_done INTEGER;\n"
        "SELECT no_such_function();\n"
    )
    db = PostgresDatabase(url, migrations_dir=broken_dir)
    with pytest.raises(StoreUnavailableError) as refused:
        await db.open()
    await db.close()
    message = str(refused.value)
    assert "\n" not in message
    assert f"migration {newest + 1:04d}_broken failed" in message, message
    assert f"stays at schema version {newest}" in message, message
    assert "no_such_function" in message  # the server's reason
    # nothing of the failed migration is left: it was one transaction
    check = await asyncpg.connect(url)
    try:
        assert await check.fetchval("SELECT to_regclass('half_done')") is None
        assert not await check.fetchval(
            "SELECT COUNT(*) FROM information_schema.columns "
            "WHERE table_name = 'tickets' AND column_name = 'half_done'"
        )
    finally:
        await check.close()
    assert await applied(url) == [(m[0], 1) for m in everything]
    # and the database still opens with the migrations it has
    fine = PostgresDatabase(url)
    await fine.open()
    assert await fine.schema_version() == newest
    await fine.close()


@pytest.mark.parametrize("wrong", ["database", "role"])
def test_a_url_naming_what_does_not_exist_stops_with_one_line(
    cluster: Cluster, tmp_path: Path, wrong: str
) -> None:
    url = cluster.url("no_such_database") if wrong == "database" else cluster.url()
    if wrong == "role":
        url = url.replace(f"//{cluster.user}@", "//no_such_role:s3cret@")
    result = run("db", "migrate", env={"DUMAS_DATA_DIR": str(tmp_path), "DUMAS_DATABASE_URL": url})
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("dumas: DUMAS_DATABASE_URL=postgresql://")
    assert "cannot connect" in lines[0] and f"no_such_{wrong}" in lines[0]
    assert "s3cret" not in result.stderr
    assert not (tmp_path / "dumas.sqlite3").exists()


async def test_a_database_newer_than_this_dumas_stops_start_up_with_one_line(
    cluster: Cluster, tmp_path: Path
) -> None:
    url = new_database(cluster)
    everything = migrations()
    db = PostgresDatabase(url)
    await db.open()
    await db.close()
    # what a newer Dumas leaves behind: one more migration recorded
    newer = everything[-1][0] + 1
    check = await asyncpg.connect(url)
    try:
        await check.execute(
            "INSERT INTO dumas_schema (version, name, applied_at) VALUES ($1, $2, $3)",
            newer,
            f"{newer:04d}_from_the_future",
            "2027-01-01T00:00:00+00:00",
        )
    finally:
        await check.close()
    result = run("db", "migrate", env={"DUMAS_DATA_DIR": str(tmp_path), "DUMAS_DATABASE_URL": url})
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert f"schema version {newer}, newer than this Dumas knows ({newer - 1})" in lines[0]
    assert lines[0].startswith("dumas: DUMAS_DATABASE_URL=postgresql://")


async def test_a_newer_dumas_migrating_while_this_one_starts_stops_this_one(
    cluster: Cluster,
) -> None:
    """A rolling upgrade: a newer instance holds the migrations' lock and applies its
    migration while this (older) one starts. This one read the version before (its own
    newest: nothing to refuse) and waits for the lock; once it has it, the database is
    newer than it knows, and it must stop as it would have had it started a moment
    later. Before the fix it went on and served on the newer schema."""
    url = new_database(cluster)
    everything = migrations()
    newer = everything[-1][0] + 1
    first = PostgresDatabase(url)
    await first.open()
    await first.close()
    holder = await asyncpg.connect(url)
    try:
        await holder.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
        db = PostgresDatabase(url)
        starting = asyncio.create_task(db.open())
        await until_waiting_for_the_lock(holder, 1, 30)
        # the newer instance's migration, under the lock
        await holder.execute(
            "INSERT INTO dumas_schema (version, name, applied_at) VALUES ($1, $2, $3)",
            newer,
            f"{newer:04d}_from_the_future",
            "2027-01-01T00:00:00+00:00",
        )
        await holder.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
        try:
            with pytest.raises(StoreUnavailableError) as refused:
                await asyncio.wait_for(starting, 60)
        finally:
            await db.close()
        assert f"schema version {newer}, newer than this Dumas knows" in str(refused.value)
    finally:
        await holder.close()
