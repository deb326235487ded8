"""The machine's intakes are bound once and reused (flows/complaint.py `_take_intake`):
nothing of one event may reach the next, and an intake whose event failed is dropped.
`handle` never changes the draft it is given (the dispatcher relies on it)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from flows import complaint
from flows.context import SubmitComplaint
from flows.events import Inbound, Text
from tests.flows.transcript import TO_STEP, Transcript, at_step, context


def _spy_on_intakes(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The intakes `handle` takes, in order."""
    taken: list[Any] = []
    real_take = complaint._take_intake

    def spy(*args: Any) -> Any:
        intake = real_take(*args)
        taken.append(intake)
        return intake

    monkeypatch.setattr(complaint, "_take_intake", spy)
    return taken


async def test_nothing_of_an_event_survives_into_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    citizen = await at_step("description")
    taken = _spy_on_intakes(monkeypatch)
    stale = await citizen.send("consent:yes")  # a button of a step already answered
    assert stale.toast and stale.state == "description"
    other = Transcript()
    first = await other.send("/aduan")
    assert taken[0] is taken[1]  # the same intake served both events
    assert first.toast is None
    assert first.state == "consent"
    assert first.actions == []
    assert stale.toast and stale.state == "description"  # the first result is untouched


async def test_an_intake_whose_event_failed_is_not_reused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Broken(Exception):
        pass

    def explode(_text: str) -> Any:
        raise Broken

    citizen = await at_step("where")
    ctx = context()
    monkeypatch.setattr(ctx.places, "resolve_text", explode)
    taken = _spy_on_intakes(monkeypatch)
    with pytest.raises(Broken):
        await complaint.handle(
            citizen.state, citizen.draft, Inbound(Text("kec cilandak"), language_code="en"), ctx
        )
    assert taken[0] not in complaint._FREE_INTAKES
    assert taken[0] not in complaint.MACHINE.models
    after = await citizen.send("kec cilandak")  # the next event gets a sound intake
    assert after.state == "where_confirm"


async def test_handle_leaves_the_draft_it_was_given_untouched() -> None:
    """The dispatcher keeps the draft it passed (to hold a step over the ticket caps)
    without copying it: `handle` must work on a copy of its own, at every step."""
    citizen = Transcript()
    for event in (*TO_STEP["contact"], "contact:chat", "sum:confirm"):
        given = citizen.draft
        before = copy.deepcopy(given)
        await citizen.send(event)
        assert given == before, event
    assert any(isinstance(a, SubmitComplaint) for a in citizen.actions)
