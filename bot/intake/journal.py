"""The intake journal: its own SQLite file, appended to by the intake process only.

A separate file, not a table of the main database, so that appending never waits for the
main process's write lock (SQLite has one writer per file). The intake process is the
only writer: it appends (concurrent requests share a transaction: group commit) and, in
the same transactions, deletes the rows the main process reported moved. The main
process only reads, and checkpoints the WAL (PASSIVE: never blocks the writer), so an
append's commit is never the one that pays for a checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.group_commit import GroupCommit
from bot.ingest import Accept, Incoming
from bot.store.database import Database, iso, utcnow

JOURNAL_FILE = "intake.sqlite3"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MAX_ROWS_PER_INSERT = 500  # 4 parameters a row; SQLite allows 32,766 in one statement

Row = tuple[str, str, str, str]  # channel, external id, payload, received_at


@dataclass(frozen=True, slots=True)
class JournalRow:
    id: int
    channel: str
    external_id: str
    payload: str
    received_at: str


class IntakeJournal:
    """The journal file: appends and trims in the intake process (its only writer),
    reads, passive checkpoints and the backlog count in the main process."""

    def __init__(self, data_dir: Path, on_commit: Callable[[], None] | None = None) -> None:
        self.db = Database(data_dir / JOURNAL_FILE, migrations_dir=MIGRATIONS_DIR, threaded=True)
        # called after every append transaction (once per batch, not per request)
        self.on_commit = on_commit
        # rows up to this id are in the main inbox: deleted with the next append
        self.trim_up_to = 0
        self._trimmed_up_to = 0
        self._appends: GroupCommit[Row, tuple[str, str]] = GroupCommit(
            self._write, lambda row: (row[0], row[1])
        )

    async def open(self, writer: bool = False) -> IntakeJournal:
        await self.db.open()
        if writer:  # checkpoints are the reader's job (checkpoint_passive)
            await self.db.conn.execute("PRAGMA wal_autocheckpoint=0")
        return self

    async def close(self) -> None:
        await self.db.close()

    def acceptor(self, channel: str) -> Accept:
        """What a webhook handler of `channel` hands its events to in the intake process."""

        async def accept(events: list[Incoming]) -> int:
            return await self.append(channel, events)

        return accept

    async def append(self, channel: str, events: list[Incoming]) -> int:
        """Durably append events (shared transaction); return how many were new here."""
        now = iso(utcnow())
        rows = [(channel, e.external_id, e.text(), now) for e in events]
        if not rows:
            return 0
        return len(await self._appends.submit(rows))

    async def _write(self, rows: list[Row]) -> dict[tuple[str, str], int]:
        new: dict[tuple[str, str], int] = {}
        async with self.db.transaction() as conn:
            trim = self.trim_up_to
            if trim > self._trimmed_up_to:
                await conn.execute("DELETE FROM journal WHERE id <= ?", (trim,))
            for start in range(0, len(rows), MAX_ROWS_PER_INSERT):
                chunk = rows[start : start + MAX_ROWS_PER_INSERT]
                values = ", ".join(["(?, ?, ?, ?)"] * len(chunk))
                stored = await conn.execute_fetchall(
                    f"INSERT INTO journal (channel, external_id, payload, received_at) "
                    f"VALUES {values} ON CONFLICT (channel, external_id) DO NOTHING "
                    "RETURNING id, channel, external_id",
                    [value for row in chunk for value in row],
                )
                new.update(
                    {(channel, external_id): row_id for row_id, channel, external_id in stored}
                )
        self._trimmed_up_to = max(self._trimmed_up_to, trim)
        if self.on_commit is not None:
            self.on_commit()
        return new

    async def read_after(self, after_id: int, limit: int) -> list[JournalRow]:
        rows = await self.db.fetchall(
            "SELECT id, channel, external_id, payload, received_at FROM journal "
            "WHERE id > ? ORDER BY id LIMIT ?",
            (after_id, limit),
        )
        return [JournalRow(*row) for row in rows]

    async def trim_moved(self) -> None:
        """In the intake process, twice a second: delete moved rows even when no append
        comes soon to carry the delete."""
        trim = self.trim_up_to
        if trim > self._trimmed_up_to:
            await self.trim_now(trim)

    async def checkpoint_passive(self) -> None:
        """Copy the WAL into the file without blocking the writer (the intake process);
        run by the main process."""
        async with self.db.reading() as conn:
            await conn.execute_fetchall("PRAGMA wal_checkpoint(PASSIVE)")

    async def trim_now(self, up_to_id: int) -> None:
        """Delete moved rows at once: by the intake process itself, or by the main process
        when the intake process is stopped (so there is no other writer to wait for)."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM journal WHERE id <= ?", (up_to_id,))
        self._trimmed_up_to = max(self._trimmed_up_to, up_to_id)

    async def backlog(self) -> int:
        row = await self.db.fetchone("SELECT COUNT(*) FROM journal")
        return int(row[0]) if row else 0
