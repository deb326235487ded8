"""`complaint.handle` keeps nothing between events: a failed event leaves no queued
trigger behind on the shared machine, and the draft it is given is never changed (the
dispatcher relies on it)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from flows import complaint
from flows.context import SubmitComplaint
from flows.events import Inbound, Text
from tests.flows.transcript import TO_STEP, Transcript, at_step, context


async def test_an_event_that_failed_leaves_the_next_one_sound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Broken(Exception):
        pass

    def explode(_text: str) -> Any:
        raise Broken

    citizen = await at_step("where")
    ctx = context()
    monkeypatch.setattr(ctx.places, "resolve_text", explode)
    with pytest.raises(Broken):
        await complaint.handle(
            citizen.state, citizen.draft, Inbound(Text("kec cilandak"), language_code="en"), ctx
        )
    after = await citizen.send("kec cilandak")  # the next event is handled as usual
    assert after.state == "where_confirm"
    other = Transcript()
    first = await other.send("/aduan")
    assert first.toast is None and first.state == "consent" and first.actions == []


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
