"""Questions in the store: answers given from the knowledge base, and the question tickets.

`knowledge_answers` holds one row per question answered with an article (the article,
its score, the unit when the conversation knew one, the channel, the time) and nothing
about who asked. Question tickets are ordinary tickets with `kind = 'question'` (the
citizen pressed "Tanya petugas"); the transparency page counts them apart from the
complaints, with the time to an officer's first answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store.connection import Connection
from bot.store.database import Database, iso

QUESTION = "question"
COMPLAINT = "complaint"


@dataclass(frozen=True, slots=True)
class AnswerFacts:
    unit_id: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class QuestionFacts:
    id: int
    unit_id: str | None
    polda_id: str | None
    created_at: str
    first_answer_at: str | None  # an officer's first reply to the citizen, or resolution


async def record_answer(
    conn: Connection,
    *,
    article_id: str,
    score: float,
    unit_id: str | None,
    channel: str,
    at: datetime,
) -> None:
    await conn.execute(
        "INSERT INTO knowledge_answers (article_id, score, unit_id, channel, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (article_id, score, unit_id, channel, iso(at)),
    )


async def _has_table(db: Database, table: str) -> bool:
    return bool(await db.columns(table))


async def answer_facts(db: Database, since: datetime, until: datetime) -> list[AnswerFacts]:
    """Answers given in [since, until): the unit (or None) and the time of each."""
    if not await _has_table(db, "knowledge_answers"):
        return []
    rows = await db.fetchall_slow(
        "SELECT unit_id, created_at FROM knowledge_answers "
        "WHERE created_at >= ? AND created_at < ? ORDER BY id",
        (iso(since), iso(until)),
    )
    return [AnswerFacts(r[0], str(r[1])) for r in rows]


async def question_facts(db: Database, since: datetime, until: datetime) -> list[QuestionFacts]:
    """Question tickets received in [since, until), with the time of the first answer:
    the first reply an officer sent the citizen ("message_out"), or the resolution when
    that came first."""
    columns = await db.columns("tickets")
    if "kind" not in columns:
        return []
    rows = await db.fetchall_slow(
        "SELECT t.id, t.unit_id, t.polda_id, t.created_at, "
        "(SELECT MIN(e.at) FROM ticket_events e WHERE e.ticket_id = t.id AND "
        "(e.kind = 'message_out' OR (e.kind = 'status' AND e.status = 'resolved'))) "
        "FROM tickets t WHERE t.kind = 'question' AND t.created_at >= ? AND t.created_at < ? "
        "ORDER BY t.id",
        (iso(since), iso(until)),
    )
    return [QuestionFacts(int(r[0]), r[1], r[2], str(r[3]), r[4]) for r in rows]
