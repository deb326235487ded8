"""flows/complaint.py `_Machine`: the machine's lists of one callback or condition run
in the event's own task, not as tasks gathered for them; the conversation is the same."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from flows import complaint
from tests.flows.transcript import TO_STEP, Transcript


async def test_a_whole_complaint_creates_no_task() -> None:
    loop = asyncio.get_running_loop()
    created: list[Any] = []

    def counting(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        created.append(coro)
        return asyncio.Task(coro, loop=loop, **kwargs)

    loop.set_task_factory(counting)
    try:
        citizen = Transcript()
        await citizen.walk(*TO_STEP["summary"], "sum:confirm")
    finally:
        loop.set_task_factory(None)
    assert citizen.state == complaint.IDLE and citizen.text  # the complaint was filed
    assert created == []


async def test_two_callbacks_are_still_gathered() -> None:
    """transitions runs a list of several callbacks concurrently: so does `_Machine`."""
    order: list[str] = []

    async def first() -> bool:
        order.append("first starts")
        await asyncio.sleep(0)
        order.append("first ends")
        return True

    async def second() -> bool:
        order.append("second starts")
        return False

    assert await complaint.MACHINE.await_all([first, second]) == [True, False]
    assert order == ["first starts", "second starts", "first ends"]


@pytest.mark.parametrize("outcome", [True, None])
async def test_one_callback_gives_its_result(outcome: bool | None) -> None:
    async def callback() -> bool | None:
        return outcome

    assert await complaint.MACHINE.await_all([callback]) == [outcome]
    assert await complaint.MACHINE.await_all([]) == []


async def test_one_callback_raises_its_error() -> None:
    class Failed(Exception):
        pass

    async def callback() -> bool:
        raise Failed

    with pytest.raises(Failed):
        await complaint.MACHINE.await_all([callback])


async def test_a_state_change_asks_for_no_diagram_through_transitions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`hasattr(machine, "model_graphs")`, asked at every state change, fails at once: a
    whole complaint never reaches transitions' `__getattr__` (it did ~9 times before)."""
    from transitions.core import Machine

    asked: list[str] = []
    original = Machine._identify_callback

    def counting(self: Machine, name: str) -> Any:
        asked.append(name)
        return original(self, name)

    monkeypatch.setattr(Machine, "_identify_callback", counting)
    citizen = Transcript()
    await citizen.walk(*TO_STEP["summary"], "sum:confirm")
    assert citizen.state == complaint.IDLE and citizen.text
    assert asked == []


def test_the_machine_answers_names_as_transitions_does() -> None:
    machine = complaint.MACHINE
    assert not hasattr(machine, "model_graphs")
    with pytest.raises(AttributeError):
        machine.no_such_name  # noqa: B018
    # a callback's name still reaches transitions (a partial adding that callback)
    assert callable(machine.on_enter_summary)
    assert machine.__getattr__("models") is machine.models
