"""/hapusdata and the citizen's other raw messages on PostgreSQL: the erasure empties the
inbox row of the /hapusdata message itself (the row the dispatcher is handling) and
keeps a message the citizen wrote that is still waiting.

Inbox ids come from a sequence and commit out of order on PostgreSQL: a message whose
transaction took its id first can commit while the dispatcher already handles a later
one. It is then the lane's unhandled row with the smallest id, which is not the row
being handled; the erasure must name the row by its id, not by "the oldest unhandled".
"""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.harness import Harness
from tests.pg_cluster import ON_POSTGRESQL
from tests.privacy.test_purge_in_flight import Gate

USER = 6311

pytestmark = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="ids commit out of order only on PostgreSQL"
)


async def test_hapusdata_erases_its_own_message_and_keeps_one_committed_late(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    citizen = h.citizen(USER)
    await citizen.say("halo")
    sent = await citizen.say("/hapusdata")
    assert "privacy:erase" in sent[-1].callback_data()

    # another message's transaction took its id now and commits only later
    (late_id,) = await h.db.fetchone("SELECT nextval(pg_get_serial_sequence('inbox', 'id'))")
    gate = Gate()
    dispatcher = h.runtime.dispatcher
    monkeypatch.setattr(dispatcher, "_arrive", gate.around(dispatcher._arrive))
    message_id = citizen.last_with_buttons().result["message_id"]
    confirm = h.updates.callback(USER, "privacy:erase", message_id, language_code="id")
    h.api.push_update(confirm)
    await asyncio.wait_for(gate.reached.wait(), 10)  # the confirmation is being handled

    late = h.updates.text(USER, "pak, saya mau tanya satu hal lagi", language_code="id")
    late["update_id"] = h.updates.next_update_id()
    async with h.db.transaction() as conn:  # ... and commits while it is handled
        await conn.execute(
            "INSERT INTO inbox (id, channel, external_id, lane, payload, received_at) "
            "VALUES (?, 'telegram', ?, ?, ?, ?)",
            (
                late_id,
                str(late["update_id"]),
                f"tg:{USER}",
                json.dumps(late),
                "2026-01-01T00:00:00+00:00",
            ),
        )
    monkeypatch.undo()
    gate.release.set()
    await h.settle()

    rows = {
        str(r[0]): (str(r[1]), str(r[2]))
        for r in await h.rows("SELECT external_id, lane, payload FROM inbox")
    }
    (citizen_id,) = (await h.rows("SELECT id FROM citizens WHERE external_id LIKE 'erased:%'"))[0]
    # the /hapusdata confirmation itself is erased with the citizen's other raw messages
    assert rows[str(confirm["update_id"])] == (f"erased:{citizen_id}", "{}")
    # the message still waiting is kept whole and handled, as from a new contact
    lane, payload = rows[str(late["update_id"])]
    assert lane == f"tg:{USER}" and "saya mau tanya" in payload
    assert await h.rows("SELECT id FROM citizens WHERE external_id = ?", str(USER))
