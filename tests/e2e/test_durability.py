"""Timers, restarts and duplicate deliveries, through Telegram."""

from __future__ import annotations

from pathlib import Path

from bot.app import Runtime
from bot.i18n import translator
from bot.routing.resolver import Router
from tests.e2e.steps import reach, state_of_user
from tests.fakes.telegram_api import FakeBotAPI
from tests.harness import TOKEN, Clock, Harness, make_runtime, settings_for, started

ID = translator("id").gettext


async def test_reminder_after_silence_then_expiry(harness: Harness, clock: Clock) -> None:
    citizen = harness.citizen(7001)
    await reach(citizen, "when")
    before = len(citizen.messages())

    clock.advance(minutes=29)
    await harness.fire_timers()
    assert len(citizen.messages()) == before  # not yet

    clock.advance(minutes=2)
    await harness.fire_timers()
    reminder = citizen.messages()[before:]
    assert len(reminder) == 1
    assert "when:now" in reminder[0].callback_data()  # the step is repeated with its buttons
    assert await state_of_user(harness, 7001) == "when"

    clock.advance(minutes=40)
    await harness.fire_timers()
    assert len(citizen.messages()) == before + 1  # one reminder only

    clock.advance(hours=24)
    await harness.fire_timers()
    expiry = citizen.messages()[before + 1 :]
    assert len(expiry) == 1 and "/aduan" in expiry[0].text
    assert await state_of_user(harness, 7001) == "idle"
    rows = await harness.rows("SELECT reminder_due_at, expiry_due_at, draft FROM conversations")
    assert rows[0]["reminder_due_at"] is None and rows[0]["expiry_due_at"] is None
    assert '"category": null' in rows[0]["draft"]


async def test_activity_moves_the_timers(harness: Harness, clock: Clock) -> None:
    citizen = harness.citizen(7002)
    await reach(citizen, "description")
    clock.advance(minutes=20)
    await citizen.say("Dompet saya dicopet di dalam bus kota jurusan Blok M")
    clock.advance(minutes=20)
    before = len(citizen.messages())
    await harness.fire_timers()
    assert len(citizen.messages()) == before  # 20 minutes since the last message: quiet


def _one_run(api: FakeBotAPI, data: Path, router: Router, clock: Clock) -> Runtime:
    """One run of the bot's process on the data directory `data`."""
    return make_runtime(settings_for(data, api.url), router, clock=clock)


async def test_restart_mid_conversation_resumes_with_timers(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    data = tmp_path / "data"
    async with FakeBotAPI(token=TOKEN) as api:
        async with started(api, _one_run(api, data, router, clock)) as h:
            citizen = h.citizen(7100)
            await reach(citizen, "where")

        async with started(api, _one_run(api, data, router, clock)) as h2:
            h2.updates = h.updates  # the update and message ids go on from the first run
            citizen2 = h2.citizen(7100)
            sent = await citizen2.say("kec cilandak jaksel")
            assert "place:yes" in sent[-1].callback_data()  # exactly where it was
            # the reminder set before the restart fires after it
            clock.advance(minutes=31)
            before = len(citizen2.messages())
            await h2.fire_timers()
            # the reminder repeats the step: the place statement, then the question
            assert len(citizen2.messages()) == before + 2
            assert "place:yes" in citizen2.messages()[-1].callback_data()
            await citizen2.press("place:yes")
            await citizen2.press("ev:skip")
            await citizen2.press("sum:confirm")
            tickets = await h2.rows("SELECT occurred_text, place_code, description FROM tickets")
            assert len(tickets) == 1 and tickets[0]["description"].startswith("Motor saya")


async def test_crash_before_handling_is_resumed(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    """An update stored but not yet handled (the process died) is handled on restart."""
    data = tmp_path / "data"
    async with FakeBotAPI(token=TOKEN) as api:
        async with started(api, _one_run(api, data, router, clock)) as h:
            from bot.ingest import Incoming, ingest

            runtime = h.runtime
            update = h.updates.command(7200, "/start")
            # store it the way the poller does, but stop before the dispatcher runs it
            runtime.dispatcher.notify = lambda lane: None  # type: ignore[method-assign]
            await ingest(
                runtime.db,
                runtime.dispatcher,
                runtime.adapters["telegram"],
                [Incoming(str(update["update_id"]), update)],
            )
        assert api.sent(7200) == []

        async with started(api, _one_run(api, data, router, clock)) as h:
            await h.settle()
            assert len(api.sent(7200)) == 1
            assert api.sent(7200)[0].callback_data() == ["consent:yes", "consent:no"]


async def test_duplicate_update_changes_nothing(harness: Harness) -> None:
    citizen = harness.citizen(7300)
    await reach(citizen, "category")
    update = harness.updates.callback(
        7300, "cat:crime", citizen.last_with_buttons().result["message_id"]
    )
    await harness.deliver(update)
    after_first = len(citizen.messages())
    await harness.deliver(dict(update))  # Telegram delivers the same update again
    assert len(citizen.messages()) == after_first
    assert await state_of_user(harness, 7300) == "description"
    rows = await harness.rows(
        "SELECT COUNT(*) AS n FROM inbox WHERE external_id = ?", str(update["update_id"])
    )
    assert rows[0]["n"] == 1


async def test_duplicate_confirmation_makes_one_ticket(harness: Harness) -> None:
    citizen = harness.citizen(7400)
    await reach(citizen, "summary")
    update = harness.updates.callback(
        7400, "sum:confirm", citizen.last_with_buttons().result["message_id"]
    )
    await harness.deliver(update)
    await harness.deliver(dict(update))
    await harness.deliver(
        harness.updates.callback(7400, "sum:confirm", citizen.messages()[-2].result["message_id"])
    )  # a second press
    assert len(await harness.rows("SELECT * FROM tickets")) == 1
