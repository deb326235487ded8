"""bot/store/copy.py (`dumas db copy`): an SQLite installation filled through the real
flows (complaints filed on the fake Bot API, officers claiming, replying and resolving)
is copied into a throwaway PostgreSQL database, and the PostgreSQL store, read through
the store's own modules, gives back the same tickets, events and outbox; the copy
refuses a target with data or at another version and a source still open elsewhere, and
an interrupted copy leaves the target empty.

The source is SQLite whichever backend the suite runs on; the target is a cluster of its
own (the session's when DUMAS_TEST_DATABASE=postgresql). Skipped when PostgreSQL's
server binaries are not installed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.cli import main as dumas
from bot.ingest import Incoming
from bot.intake.journal import IntakeJournal
from bot.outbox.messages import CitizenReply
from bot.routing.resolver import Router
from bot.store import (
    evidence_claims,
    knowledge,
    knowledge_drafts,
    privacy,
    staff_allowed,
    staff_digests,
    staff_groups,
    staff_link_codes,
    staff_roles,
    triage,
    triage_corrections,
)
from bot.store import outbox as outbox_store
from bot.store import tickets as ticket_store
from bot.store import whatsapp as whatsapp_store
from bot.store import whatsapp_content as content_store
from bot.store.copy import CopyFailed, CopyRefused, TableCopy, copy_database
from bot.store.database import Database, iso
from bot.store.postgres import PostgresDatabase
from flows.events import Reply
from tests.e2e.steps import answer_until
from tests.harness import Clock, Harness, telegram_harness
from tests.pg_cluster import Cluster, ClusterUnavailable, server_bin

JAKSEL = "polres-metro-jakarta-selatan"
GROUP, OFFICER, OUTSIDER = -1001000000001, 9001, 6666
JPEG = b"\xff\xd8\xff\xe0" + b"photo-bytes" * 100


@pytest.fixture(scope="module")
def cluster(pg_cluster: Cluster | None) -> Iterator[Cluster]:
    if pg_cluster is not None:
        yield pg_cluster
        return
    try:
        server_bin()
    except ClusterUnavailable as exc:
        pytest.skip(str(exc))
    with Cluster() as own:
        yield own


@pytest.fixture
async def new_database(cluster: Cluster) -> AsyncIterator[Callable[..., Awaitable[str]]]:
    """Makes throwaway databases (migrated unless told otherwise); drops them after."""
    made: list[str] = []

    async def make(migrated: bool = True) -> str:
        name = f"copy_{uuid.uuid4().hex[:12]}"
        admin = await asyncpg.connect(cluster.url())
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        made.append(name)
        url = cluster.url(name)
        if migrated:
            await (await PostgresDatabase(url).open()).close()
        return url

    yield make
    admin = await asyncpg.connect(cluster.url())
    try:
        for name in made:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
def sqlite_default(test_database: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The source installation is SQLite even when the suite runs on PostgreSQL."""
    import bot.settings

    patched = tuple(
        dataclasses.replace(s, default="") if s.name == "DUMAS_DATABASE_URL" else s
        for s in bot.settings.SETTINGS
    )
    monkeypatch.setattr(bot.settings, "SETTINGS", patched)


async def _press(h: Harness, user: int, data: str, chat: int = GROUP) -> None:
    message_id = next(
        c.result["message_id"] for c in reversed(h.api.sent(chat)) if data in c.callback_data()
    )
    await h.deliver(h.updates.callback(user, data, message_id, chat_id=chat))


async def _say_in_group(h: Harness, user: int, text: str, reply_to: int) -> None:
    await h.deliver(h.updates.group_text(GROUP, user, text, reply_to_message_id=reply_to))


async def _file(h: Harness, user: int, story: str, photo: str | None = None) -> int:
    citizen = h.citizen(user)
    await citizen.say("/start")
    if photo is not None:
        await answer_until(citizen, "evidence", story=story, when="when:today")
        h.api.add_file(photo, JPEG)
        await citizen.send(h.updates.photo(user, file_id=photo, file_size=len(JPEG)))
        await citizen.press("ev:done")
    await answer_until(citizen, "summary", story=story, when="when:today")
    await citizen.press("sum:confirm")
    rows = await h.rows(
        "SELECT t.id FROM tickets t JOIN citizens c ON c.id = t.citizen_id "
        "WHERE c.external_id = ? ORDER BY t.id DESC LIMIT 1",
        str(user),
    )
    return int(rows[0][0])


async def _fill_through_flows(h: Harness) -> None:
    """Two complaints (one with a photo), claimed, answered and resolved by an officer;
    a Reply pressed and left open; a refused press by a non-member."""
    h.api.set_member(GROUP, OFFICER, "member")
    await staff_groups.bind(h.db, str(GROUP), JAKSEL, "unit")
    first = await _file(h, 5101, "Motor saya dicuri dua orang di parkiran pasar", "PHOTO1")
    second = await _file(h, 5102, "Saya ditipu penjual online, uang sudah ditransfer")
    await _press(h, OFFICER, f"t:claim:{first}")
    card = next(
        c for c in h.api.sent(GROUP) if c.method == "sendMessage" and c.callback_data()
    ).result["message_id"]
    await _say_in_group(h, OFFICER, "Mohon kirim foto motor Anda.", card)
    await h.citizen(5101).say("Plat nomornya B 1234 XYZ")
    await _press(h, OFFICER, f"t:done:{first}")
    note_prompt = h.api.sent(GROUP)[-1].result["message_id"]
    await _say_in_group(h, OFFICER, "Motor ditemukan dan dikembalikan.", note_prompt)
    await _press(h, OUTSIDER, f"t:claim:{second}")
    await _press(h, OFFICER, f"t:reply:{second}")  # left open: a staff_pending row


async def _fill_the_rest(db: Database) -> None:
    """Rows, through the store's modules, for the tables the flows above leave empty
    (WhatsApp, knowledge answers, corrections...), so that every table is copied."""
    now = datetime.now(UTC)
    ids = {
        name: int((await db.fetchone(f"SELECT MIN(id) FROM {name}"))[0])
        for name in ("tickets", "outbox", "citizens")
    }
    ticket, row, citizen = ids["tickets"], ids["outbox"], ids["citizens"]
    other = int((await db.fetchone("SELECT MAX(id) FROM tickets"))[0])
    fillers: dict[str, Callable[[], Awaitable[Any]]] = {
        "staff_link_codes": lambda: staff_link_codes.add_link_code(
            db, "c0de" * 16, JAKSEL, "unit", iso(now + timedelta(hours=24))
        ),
        "staff_roles": lambda: staff_roles.set_role(db, str(GROUP), str(OFFICER), "supervisor"),
        "staff_allowed": lambda: staff_allowed.allow(db, str(GROUP), str(OFFICER)),
        "whatsapp_parts": lambda: whatsapp_store.start_part(db, row, 1, now),
        "whatsapp_content": lambda: content_store.remember(db, "k1", "HX" + "0" * 32, "quick", now),
    }
    in_transaction: dict[str, Callable[[Any], Awaitable[Any]]] = {
        "staff_digest_items": lambda c: staff_digests.add_digest_item(c, row, ticket),
        "ticket_links": lambda c: triage.add_links(c, other, [(ticket, "nearby", 0.75)], now),
        "citizen_flags": lambda c: triage.add_citizen_flag(c, citizen, "abuse", ["x"], now),
        "consents": lambda c: triage.record_consent(c, citizen, "2026-01", True, now),
        "erasures": lambda c: privacy.record_erasure(c, now, None, "retention", 0, 0),
        "evidence_claims": lambda c: evidence_claims.claim(c, "ab/" + "ab" * 32 + ".jpg"),
        "triage_corrections": lambda c: triage_corrections.add(
            c, ticket, "emergency", str(OFFICER), "Budi", now
        ),
        "knowledge_answers": lambda c: knowledge.record_answer(
            c, article_id="skck", score=0.5, unit_id=JAKSEL, channel="telegram", at=now
        ),
        "knowledge_drafts": lambda c: knowledge_drafts.save(
            c,
            source=f"{GROUP}:77",
            ticket_id=ticket,
            unit_id=JAKSEL,
            scope="unit",
            question="Bagaimana membuat SKCK?",
            answer="Datang ke Polres dengan KTP.",
            officer_id=str(OFFICER),
            officer_name="Budi",
            approved_by=None,
            at=now,
        ),
    }
    for table in await _empty_tables(db):
        if table in fillers:
            await fillers[table]()
        elif table in in_transaction:
            async with db.transaction() as conn:
                await in_transaction[table](conn)


async def _empty_tables(db: Database) -> list[str]:
    names = await db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    empty = []
    for (name,) in names:
        if (await db.fetchone(f"SELECT COUNT(*) FROM {name}"))[0] == 0:
            empty.append(str(name))
    return empty


@pytest.fixture
async def installation(sqlite_default: None, tmp_path: Path, router: Router) -> Path:
    """A stopped SQLite installation with rows in every table; its data directory."""
    data_dir = tmp_path / "data"
    clock = Clock(datetime.now(UTC))
    async with telegram_harness(data_dir, router, clock=clock, timer_interval=3600) as h:
        await _fill_through_flows(h)
        await _fill_the_rest(h.db)
        assert await _empty_tables(h.db) == [], "a table without rows is not proven to copy"
    return data_dir


async def _read_through_store(db: Database, ticket_ids: list[int], outbox_ids: list[int]) -> Any:
    """What the rest of Dumas sees: tickets, their events, outbox rows, staff groups."""
    async with db.reading() as conn:
        tickets = [await ticket_store.get(conn, i) for i in ticket_ids]
    events = [await ticket_store.events(db, i) for i in ticket_ids]
    rows = [await outbox_store.by_id(db, i) for i in outbox_ids]
    return tickets, events, rows, await staff_groups.all_groups(db)


async def test_a_filled_installation_reads_the_same_on_postgresql(
    installation: Path, new_database: Callable[..., Awaitable[str]]
) -> None:
    target = await new_database()
    source = installation / "dumas.sqlite3"
    told: list[TableCopy] = []

    async def on_table(table: TableCopy) -> None:
        told.append(table)

    report = await copy_database(source, target, batch_size=7, on_table=on_table)
    assert told == report.tables
    sqlite = await Database(source).open()
    pg = await PostgresDatabase(target).open()
    try:
        for table in report.tables:
            count = await sqlite.fetchone(f"SELECT COUNT(*) FROM {table.name}")
            assert table.rows == count[0] > 0, table
            assert (await pg.fetchone(f"SELECT COUNT(*) FROM {table.name}"))[0] == table.rows
        ticket_ids = [int(r[0]) for r in await sqlite.fetchall("SELECT id FROM tickets")]
        outbox_ids = [int(r[0]) for r in await sqlite.fetchall("SELECT id FROM outbox")]
        before = await _read_through_store(sqlite, ticket_ids, outbox_ids)
        after = await _read_through_store(pg, ticket_ids, outbox_ids)
        assert after == before
        assert all(before[0]) and all(before[1]) and len(before[2]) > 5
        # the identity sequences were moved past the copied ids: the next row follows on
        highest = max(outbox_ids)
        assert report.sequences["outbox"] == highest + 1
        async with pg.transaction() as conn:
            new_id = await outbox_store.enqueue(
                conn, channel="telegram", chat_id="5101", message=CitizenReply(Reply("x"))
            )
        assert new_id == highest + 1
    finally:
        await sqlite.close()
        await pg.close()


async def test_a_target_with_rows_is_refused_and_left_alone(
    installation: Path, new_database: Callable[..., Awaitable[str]]
) -> None:
    target = await new_database()
    pg = await PostgresDatabase(target).open()
    try:
        await staff_groups.bind(pg, "-100123", JAKSEL, "unit")
    finally:
        await pg.close()
    with pytest.raises(CopyRefused, match="not empty .rows in staff_groups"):
        await copy_database(installation / "dumas.sqlite3", target)
    raw = await asyncpg.connect(target)
    try:
        assert await raw.fetchval("SELECT COUNT(*) FROM staff_groups") == 1
        assert await raw.fetchval("SELECT COUNT(*) FROM tickets") == 0
    finally:
        await raw.close()


async def test_a_target_at_another_version_is_refused(
    installation: Path, new_database: Callable[..., Awaitable[str]]
) -> None:
    unmigrated = await new_database(migrated=False)
    with pytest.raises(CopyRefused, match="schema version 0, the source at"):
        await copy_database(installation / "dumas.sqlite3", unmigrated)
    behind = await new_database()
    raw = await asyncpg.connect(behind)
    try:
        await raw.execute(
            "DELETE FROM dumas_schema WHERE version = (SELECT MAX(version) FROM dumas_schema)"
        )
    finally:
        await raw.close()
    with pytest.raises(CopyRefused, match="migrate both to the same version"):
        await copy_database(installation / "dumas.sqlite3", behind)


async def test_an_interrupted_copy_leaves_the_target_empty_and_a_second_run_completes(
    installation: Path, new_database: Callable[..., Awaitable[str]], cluster: Cluster
) -> None:
    """The copy's server connection is killed after its third table (as a crash or a
    network cut would end it): nothing is committed, and the copy can simply run again."""
    target = await new_database()
    source = installation / "dumas.sqlite3"
    admin = await asyncpg.connect(target)
    copied: list[str] = []

    async def cut_after_three(table: TableCopy) -> None:
        copied.append(table.name)
        if len(copied) == 3:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )

    try:
        with pytest.raises(CopyFailed, match="nothing was committed"):
            await copy_database(source, target, batch_size=5, on_table=cut_after_three)
        assert len(copied) == 3
        for name in copied:
            assert await admin.fetchval(f"SELECT COUNT(*) FROM {name}") == 0, name
    finally:
        await admin.close()
    report = await copy_database(source, target)
    assert all(t.rows > 0 for t in report.tables)


async def test_a_source_open_in_another_process_is_refused(
    installation: Path, new_database: Callable[..., Awaitable[str]]
) -> None:
    """A process holding the SQLite file open (as `dumas run` does) keeps the copy out."""
    target = await new_database()
    source = installation / "dumas.sqlite3"
    holder = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(source)!r})\n"
        "c.execute('PRAGMA journal_mode=WAL'); c.execute('SELECT COUNT(*) FROM tickets')\n"
        "print('open', flush=True); sys.stdin.read()",
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert await asyncio.wait_for(holder.stdout.readline(), 60) == b"open\n"
        with pytest.raises(CopyRefused, match="open in another process"):
            await copy_database(source, target)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        await holder.wait()
    report = await copy_database(source, target)  # closed: the copy goes ahead
    assert report.tables


async def test_updates_left_in_the_intake_journal_are_refused(
    installation: Path, new_database: Callable[..., Awaitable[str]]
) -> None:
    """Acknowledged updates the intake process journaled and the main process has not
    moved into the inbox yet would be lost by a copy of the inbox alone."""
    target = await new_database()
    journal = await IntakeJournal(installation).open(writer=True)
    try:
        await journal.append("telegram", [Incoming("777", {"update_id": 777})])
    finally:
        await journal.close()
    with pytest.raises(CopyRefused, match="intake journal holds 1 acknowledged update"):
        await copy_database(installation / "dumas.sqlite3", target)


def test_the_command_reports_counts_and_refuses_a_second_copy(
    installation: Path,
    new_database: Callable[..., Awaitable[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = asyncio.run(new_database())
    monkeypatch.setenv("DUMAS_DATA_DIR", str(installation))
    monkeypatch.delenv("DUMAS_DATABASE_URL", raising=False)
    monkeypatch.chdir(installation)  # no .env of the developer's
    assert dumas(["db", "copy", "--to", target]) == 0
    out = capsys.readouterr().out
    assert "  tickets: 2 rows, checksum " in out and "copied and verified" in out
    assert "evidence: 1 file(s) stay in" in out
    assert dumas(["db", "copy", "--to", target]) == 2
    assert "dumas: the target database is not empty" in capsys.readouterr().err
    monkeypatch.setenv("DUMAS_DATABASE_URL", target)  # the source must be the SQLite file
    assert dumas(["db", "copy", "--to", target]) == 2
    assert "run it with that setting empty" in capsys.readouterr().err


def test_the_command_copies_the_evidence_to_the_store_the_setting_names(
    installation: Path,
    new_database: Callable[..., Awaitable[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """With DUMAS_EVIDENCE_URL naming another store (here a shared directory), the moved
    installation's files are copied there, so the PostgreSQL instances find them."""
    target = asyncio.run(new_database())
    shared = tmp_path / "shared-evidence"
    monkeypatch.setenv("DUMAS_DATA_DIR", str(installation))
    monkeypatch.setenv("DUMAS_EVIDENCE_URL", str(shared))
    monkeypatch.delenv("DUMAS_DATABASE_URL", raising=False)
    monkeypatch.chdir(installation)
    local = sorted(p.name for p in (installation / "evidence").rglob("*") if p.is_file())
    assert local, "the filled installation has an evidence file"
    assert dumas(["db", "copy", "--to", target]) == 0
    out = capsys.readouterr().out
    assert f"evidence: 1 file(s) copied from {installation / 'evidence'}" in out
    assert sorted(p.name for p in shared.rglob("*") if p.is_file()) == local
