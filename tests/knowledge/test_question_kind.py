"""Questions counted apart from complaints (issue 20), through the real stack on the fake
Bot API: an answer from the knowledge base leaves an anonymous row; "Tanya petugas" files
a ticket of kind "question" with the question deadline; a citizen who picks another
category on the way files a complaint."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.store.database import parse_iso
from tests.e2e.steps import finish, state_of
from tests.harness import Harness


async def test_an_answered_question_is_counted_without_the_citizen(harness: Harness) -> None:
    citizen = harness.citizen(7601)
    sent = await citizen.say("syarat perpanjang SIM apa saja ya?")
    assert (sent[-1].text or "").startswith("📘")
    rows = await harness.rows("SELECT * FROM knowledge_answers")
    assert len(rows) == 1
    row = rows[0]
    assert row["article_id"].startswith("sim") and row["score"] >= 0.6
    assert row["channel"] == "telegram" and row["unit_id"] is None
    # nothing in the row points back at who asked
    assert set(row.keys()) == {"id", "article_id", "score", "unit_id", "channel", "created_at"}
    await citizen.press("ask:answered")
    assert await harness.rows("SELECT id FROM tickets") == []


async def test_a_weak_match_is_not_counted_as_answered(harness: Harness) -> None:
    citizen = harness.citizen(7602)
    await citizen.say("pak, kalau mau daftar jadi anggota polisi syaratnya apa?")
    assert await harness.rows("SELECT id FROM knowledge_answers") == []


@pytest.mark.settings(DUMAS_QUESTION_DEADLINE_HOURS="24", DUMAS_RESOLVE_DEADLINE_HOURS="72")
async def test_ask_an_officer_files_a_question_with_its_deadline(harness: Harness) -> None:
    citizen = harness.citizen(7603)
    await citizen.say("syarat bikin skck apa aja?")
    await citizen.press("ask:officer")
    await citizen.press("consent:yes")
    await citizen.press("cat:information")
    await finish(citizen)
    tickets = await harness.rows("SELECT id, kind, category FROM tickets")
    assert [(t["kind"], t["category"]) for t in tickets] == [("question", "information")]
    deadline = (
        await harness.rows(
            "SELECT started_at, due_at FROM ticket_deadlines WHERE ticket_id = ? "
            "AND kind = 'resolve'",
            tickets[0]["id"],
        )
    )[0]
    started, due = parse_iso(deadline["started_at"]), parse_iso(deadline["due_at"])
    assert started is not None and due is not None
    assert due - started == timedelta(hours=24)


async def test_a_question_filed_in_another_category_is_a_complaint(harness: Harness) -> None:
    citizen = harness.citizen(7604)
    await citizen.say("gimana cara lapor kalau HP saya dicopet?")
    if await state_of(citizen) != "idle":  # triage took it as a report: not this test
        pytest.skip("the text was taken as a report")
    await citizen.press("ask:officer")
    await citizen.press("consent:yes")
    await citizen.press("cat:*")  # "another category": the whole list
    await citizen.press("cat:crime")
    await finish(citizen)
    tickets = await harness.rows("SELECT kind FROM tickets")
    assert [t["kind"] for t in tickets] == ["complaint"]
    deadline = (
        await harness.rows("SELECT started_at, due_at FROM ticket_deadlines WHERE kind = 'resolve'")
    )[0]
    started, due = parse_iso(deadline["started_at"]), parse_iso(deadline["due_at"])
    assert started is not None and due is not None
    assert due - started > timedelta(hours=24)


async def test_the_transparency_figures_count_questions_apart(harness: Harness) -> None:
    """Five answered questions and one passed to the officers, through the conversation,
    then the page's report on the same database: the question ticket is no complaint."""
    from bot.transparency.routes import Statistics

    for n in range(5):
        sent = await harness.citizen(7610 + n).say("syarat perpanjang SIM apa saja ya?")
        assert (sent[-1].text or "").startswith("📘")
    citizen = harness.citizen(7620)
    await citizen.say("syarat bikin skck apa aja?")
    await citizen.press("ask:officer")
    await citizen.press("consent:yes")
    await citizen.press("cat:information")
    await finish(citizen)
    # the report covers up to now: a moment later than the steps above (tickets are
    # stamped with the wall clock, answers with the runtime's)
    harness.runtime.clock.advance(minutes=5)  # type: ignore[attr-defined]
    report = await Statistics(harness.runtime).report(30)
    national = report.metrics("national")
    assert national["questions_answered"] == 6  # the five, and the one before "Tanya petugas"
    assert national["questions_handed_off"] == "<5"  # one: a small count is never shown
    assert report.scopes["national"].handed_off == 1
    assert report.scopes["national"].received == 0  # not counted as a complaint
