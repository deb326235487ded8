"""Questions on the transparency page (issue 20), on the demo runtime over HTTP: answers
from the knowledge base and questions passed to the officers are counted apart from the
complaints, per unit and nationally, with the median time to an officer's first answer,
under the page's small-count rules."""

from __future__ import annotations

from datetime import timedelta

import aiohttp

from bot.app import Runtime
from bot.store import knowledge
from tests.ticket_history import Event, add_past_ticket

POLDA = "polda-malut"
BIG, SMALL, THIRD = "polres-halmahera-barat", "polres-halmahera-tengah", "polres-halmahera-utara"


async def _add(
    runtime: Runtime, unit: str, kind: str, days_ago: float, answer_hours: float | None
) -> None:
    events: list[Event] = [] if answer_hours is None else [(answer_hours * 60, "message_out", None)]
    created = runtime.clock() - timedelta(days=days_ago)
    await add_past_ticket(
        runtime, unit, POLDA, created, kind=kind, timezone="Asia/Jayapura", events=events
    )


async def test_questions_are_counted_apart_and_suppressed(demo: Runtime) -> None:
    # (the report is cached for a minute: nothing is fetched before the rows are in)
    base = f"http://127.0.0.1:{demo.http_port}"
    # Polres Halmahera Barat: 6 questions passed to officers (answered after 1..6 hours)
    # and 7 complaints; Halmahera Tengah: 2 questions, 6 complaints; Halmahera Utara: 5
    # questions, none answered yet.
    for i in range(6):
        await _add(demo, BIG, "question", 1 + i, 1.0 + i)
    for i in range(7):
        await _add(demo, BIG, "complaint", 1 + i, None)
    for i in range(2):
        await _add(demo, SMALL, "question", 2 + i, 3.0)
    for i in range(6):
        await _add(demo, SMALL, "complaint", 1 + i, None)
    for i in range(5):
        await _add(demo, THIRD, "question", 1 + i, None)
    async with demo.db.transaction() as conn:
        for i in range(8):  # answered in a conversation that knew its unit
            await knowledge.record_answer(
                conn,
                article_id="skck/syarat",
                score=0.8,
                unit_id=BIG,
                channel="telegram",
                at=demo.clock() - timedelta(days=1 + i),
            )
        for _i in range(5):  # answered at idle: no unit, the national figure only
            await knowledge.record_answer(
                conn,
                article_id="sim/perpanjang",
                score=0.7,
                unit_id=None,
                channel="whatsapp",
                at=demo.clock() - timedelta(days=2),
            )
        await knowledge.record_answer(  # older than the period: not counted
            conn,
            article_id="sim/perpanjang",
            score=0.7,
            unit_id=BIG,
            channel="telegram",
            at=demo.clock() - timedelta(days=40),
        )
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/statistik.json?period=30&level=polres") as resp:
            units = {r["id"]: r for r in (await resp.json())["rows"]}
        async with http.get(f"{base}/statistik.json?period=30&level=national") as resp:
            national = (await resp.json())["rows"][0]
        async with http.get(f"{base}/statistik?period=30&polda={POLDA}&unit={BIG}&lang=en") as resp:
            page = await resp.text()
        async with http.get(f"{base}/statistik.csv?period=30&level=polres") as resp:
            table = await resp.text()
    big, small = units[BIG], units[SMALL]
    # complaints leave the questions out
    assert big["received"] == 7 and small["received"] in (6, "suppressed")
    assert big["by_category"]["information"] == 7
    assert big["questions_handed_off"] == 6 and big["questions_answered"] == 8
    assert big["median_hours_to_first_answer"] == 3.5
    assert small["questions_handed_off"] == "<5"
    assert small["median_hours_to_first_answer"] is None
    # the Polda is the sum of its units: the small count must not be worked out from it,
    # so the smallest visible other one is hidden too
    assert units[THIRD]["questions_handed_off"] == "suppressed"
    assert units[THIRD]["median_hours_to_first_answer"] is None
    assert national["questions_answered"] == 13  # the demo's history has no questions
    assert national["questions_handed_off"] == 13
    assert "questions answered automatically" in page and "questions passed to officers" in page
    assert "3.5 h" in page
    assert "questions_handed_off" in table and "median_hours_to_first_answer" in table
