"""bot/dispatcher.py hands the draft it read for an event over to the flow
(`complaint.handle(..., owned=True)`): no copy of the draft per step (bench/README.md
session 31). What needed the draft as it was before the step reads it again from the
store: a step tried again after a ticket number collided (here), and a step held over
the ticket caps (tests/test_safe_defaults.py)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.tickets import reference as references
from flows.events import Draft
from tests.e2e.steps import answer_until, state_of
from tests.harness import Harness

USER = 7601
STORY = "Motor saya dicuri dua orang tak dikenal di parkiran pasar kemarin"


async def test_a_step_copies_no_draft(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    citizen = harness.citizen(USER)
    await citizen.say("/start")
    copies = [0]
    copy = Draft.copy

    def counted(self: Draft) -> Draft:
        copies[0] += 1
        return copy(self)

    monkeypatch.setattr(Draft, "copy", counted)
    await answer_until(citizen, "idle", story=STORY)
    assert await state_of(citizen) == "idle"
    assert copies[0] == 0  # one per step before


async def test_a_step_tried_again_after_a_number_collided_starts_from_the_stored_draft(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = harness.citizen(USER)
    await first.say("/start")
    await answer_until(first, "idle", story=STORY)
    taken = (await harness.rows("SELECT reference FROM tickets"))[0]["reference"]

    other = harness.citizen(USER + 1)
    await other.say("/start")
    await answer_until(other, "summary", story=STORY + " lagi")
    numbers = iter([taken])  # the first number given is one already filed
    fresh = references.new_reference

    given: list[str] = []

    def colliding(*args: Any, **kwargs: Any) -> str:
        given.append(next(numbers, None) or fresh(*args, **kwargs))
        return given[-1]

    monkeypatch.setattr(references, "new_reference", colliding)
    await other.press("sum:confirm")
    rows = await harness.rows(
        "SELECT t.reference, t.description FROM tickets t JOIN citizens c "
        "ON c.id = t.citizen_id WHERE c.external_id = ?",
        str(USER + 1),
    )
    assert given[0] == taken and len(given) == 2  # the step was tried twice
    assert len(rows) == 1 and rows[0]["reference"] == given[1]
    assert "lagi" in rows[0]["description"]  # the draft of the second try was whole
    assert await state_of(other) == "idle"
