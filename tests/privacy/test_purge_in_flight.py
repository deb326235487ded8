"""The retention purge and a message being handled: a citizen idle for longer than the
retention period writes again, and the daily purge runs while that message is between
its arrival and its step (the dispatcher reading the citizen, or a file being
downloaded). The purge never deletes a citizen row (it replaces the identity), so the
step's `citizens.touch` always finds its row; what must not happen is the purge erasing
the identity the step is about to write to (the step's conversation, file and last
contact would then belong to an erased citizen, and the citizen's next message would
start again as a stranger). The purge reads its list of idle citizens outside a
transaction, so it checks again, in the erasing transaction, that the citizen is still
idle and has no message waiting or being handled."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest

from bot.privacy.service import purge
from tests.harness import Harness

LONG_AGO = "2000-01-01T00:00:00+00:00"
USER = 6301


class Gate:
    """Holds a coroutine of the bot at one point until the test lets it go on."""

    def __init__(self) -> None:
        self.reached = asyncio.Event()
        self.release = asyncio.Event()

    def around(self, original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def held(*args: Any, **kwargs: Any) -> Any:
            self.reached.set()
            await self.release.wait()
            return await original(*args, **kwargs)

        return held


@pytest.mark.parametrize("held_at", ["arrival", "download"])
async def test_purge_keeps_a_citizen_whose_message_is_being_handled(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, held_at: str
) -> None:
    h = harness
    citizen = h.citizen(USER)
    await citizen.say("halo")
    (citizen_id,) = (await h.rows("SELECT id FROM citizens WHERE external_id = ?", str(USER)))[0]
    # the citizen's last contact is older than the retention period: idle, due for erasure
    async with h.db.transaction() as conn:
        await conn.execute(
            "UPDATE citizens SET last_inbound_at = ?, created_at = ? WHERE id = ?",
            (LONG_AGO, LONG_AGO, citizen_id),
        )

    answered = len(citizen.messages())
    gate = Gate()
    if held_at == "arrival":  # the row is taken from the inbox, the citizen not read yet
        dispatcher = h.runtime.dispatcher
        monkeypatch.setattr(dispatcher, "_arrive", gate.around(dispatcher._arrive))
        update = h.updates.text(USER, "saya mau lapor", language_code="id")
    else:  # the citizen was read (known, unchanged: `touch` in the step); a photo downloads
        adapter = h.runtime.adapters["telegram"]
        monkeypatch.setattr(adapter, "download", gate.around(adapter.download))
        h.api.add_file("PHOTO-IDLE", b"\xff\xd8\xff" + b"0" * 500)
        update = h.updates.photo(USER, "PHOTO-IDLE", file_size=503)
    h.api.push_update(update)
    await asyncio.wait_for(gate.reached.wait(), 10)

    settings = h.runtime.settings
    done = await purge(h.db, settings.evidence, settings.retention_days, h.runtime.clock())
    gate.release.set()
    await h.settle()

    assert done["citizens"] == 0  # the citizen wrote: not idle any more
    row = await h.rows(
        "SELECT external_id, chat_id, last_inbound_at FROM citizens WHERE id = ?", citizen_id
    )
    external_id, chat_id, last_inbound_at = row[0]
    assert (external_id, chat_id) == (str(USER), str(USER))
    assert str(last_inbound_at) > LONG_AGO  # the step wrote its last contact
    # one citizen for this account: the next message continues with the same one
    assert len(await h.rows("SELECT id FROM citizens WHERE external_id = ?", str(USER))) == 1
    # the message itself was handled, not emptied by the erasure
    handled = await h.rows(
        "SELECT payload FROM inbox WHERE lane = ? ORDER BY id DESC LIMIT 1", f"tg:{USER}"
    )
    assert handled and str(handled[0][0]) != "{}"
    assert len(citizen.messages()) > answered  # and answered

    # once the message is handled and the citizen idle again, the purge does erase it
    later = h.runtime.clock() + timedelta(days=settings.retention_days + 1)
    assert (await purge(h.db, settings.evidence, settings.retention_days, later))["citizens"] == 1
    erased = await h.rows("SELECT external_id FROM citizens WHERE id = ?", citizen_id)
    assert erased[0][0] == f"erased:{citizen_id}"
