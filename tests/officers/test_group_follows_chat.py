"""A staff group's chat changes under the bot: upgraded to a supergroup (new chat id), or
the bot removed. The unit keeps receiving its tickets (issue 16).

Telegram's rules, enforced by the fake Bot API: after an upgrade every request naming the
old id is answered 400 with parameters.migrate_to_chat_id
(https://core.telegram.org/bots/api#responseparameters) and the group gets the service
messages migrate_to_chat_id / migrate_from_chat_id
(https://core.telegram.org/bots/api#message); after a removal the bot gets my_chat_member
(https://core.telegram.org/bots/api#chatmemberupdated) and sends are answered 403."""

from __future__ import annotations

import logging

import pytest

from bot.officers.binding import new_code
from tests.officers.conftest import GROUP, JAKSEL, OFFICER, POLDA, SUPERVISORS, Desk

OLD = -4100000001  # a basic group: upgrades give it a new id


@pytest.fixture(autouse=True)
def one_update_counter(desk: Desk) -> None:
    """The fake's own updates (upgrade, kick) and the factory's share one update_id counter."""
    desk.api.next_update_id = desk.h.updates.next_update_id


async def bind_basic_group(desk: Desk) -> None:
    """The unit's only group is a basic group (not yet a supergroup)."""
    async with desk.h.db.transaction() as conn:
        await conn.execute("DELETE FROM staff_groups")
    desk.api.set_chat(OLD, type="group", title="Piket Jaksel")
    desk.api.set_member(OLD, OFFICER, "member")
    await desk.bind(OLD, JAKSEL)


async def bound(desk: Desk) -> list[tuple[str, str, str | None]]:
    rows = await desk.h.rows("SELECT chat_id, unit_id, unbound_at FROM staff_groups")
    return [(r[0], r[1], r[2]) for r in rows]


async def failed_rows(desk: Desk) -> int:
    return int((await desk.h.rows("SELECT COUNT(*) FROM outbox WHERE status = 'failed'"))[0][0])


async def test_a_card_sent_as_the_group_is_upgraded_arrives_in_the_supergroup(
    desk: Desk,
) -> None:
    await bind_basic_group(desk)
    first = await desk.file(desk.h.citizen(7101))
    old_card = desk.card_of(first, OLD)
    new = desk.api.migrate_group(OLD, by_user_id=OFFICER, announce=False)

    second = await desk.file(desk.h.citizen(7102))
    refused = [c for c in desk.api.calls if c.chat_id == OLD and c.status == 400]
    assert refused and "upgraded to a supergroup" in (refused[0].error or "")
    assert desk.card_of(second, new)  # the refused card went out again, in the supergroup
    assert (await desk.ticket(second))["status"] == "forwarded"
    assert await bound(desk) == [(str(new), JAKSEL, None)]
    assert await failed_rows(desk) == 0
    # the first ticket's card stayed in the old group, which the bot can no longer edit:
    # it gets a fresh card in the supergroup
    assert old_card.result["chat"]["id"] == OLD
    assert desk.card_of(first, new).result["chat"]["id"] == new

    calls_to_old = len([c for c in desk.api.calls if c.chat_id == OLD])
    third = await desk.file(desk.h.citizen(7103))
    assert desk.card_of(third, new)
    assert len([c for c in desk.api.calls if c.chat_id == OLD]) == calls_to_old
    # officers work in the supergroup: a claim edits the new card
    tid = (await desk.ticket(third))["id"]
    await desk.press(OFFICER, f"t:claim:{tid}", chat=new)
    assert (await desk.ticket(third))["status"] == "in_progress"

    # the service messages arrive late: the move is not repeated
    cards_before = len(desk.group_calls(new))
    await desk.h.deliver(desk.h.updates.migrate_to_supergroup(OLD, new, OFFICER))
    await desk.h.deliver(desk.h.updates.migrate_from_group(new, OLD, OFFICER))
    assert len(desk.group_calls(new)) == cards_before
    assert await bound(desk) == [(str(new), JAKSEL, None)]
    moves = await desk.h.rows("SELECT outcome FROM staff_log WHERE action = 'chat migrated'")
    assert [r[0] for r in moves] == [f"moved from {OLD}"]


async def test_the_upgrade_service_message_alone_rebinds_the_group(desk: Desk) -> None:
    await bind_basic_group(desk)
    new = desk.api.migrate_group(OLD, by_user_id=OFFICER)  # queues both service messages
    await desk.h.settle()
    assert await bound(desk) == [(str(new), JAKSEL, None)]

    ref = await desk.file(desk.h.citizen(7201))
    assert desk.card_of(ref, new)
    assert not [c for c in desk.api.calls if c.chat_id == OLD]  # never tried the old id
    assert await failed_rows(desk) == 0


async def test_a_removed_bot_unbinds_the_group_and_tickets_wait_for_daftar(
    desk: Desk,
) -> None:
    await desk.bind(SUPERVISORS, POLDA, "supervisor")
    first = await desk.file(desk.h.citizen(7301))
    assert desk.card_of(first)

    desk.api.kick_bot(GROUP, by_user_id=OFFICER)
    await desk.h.settle()
    rows = {r[0]: r for r in await bound(desk)}
    assert rows[str(GROUP)][2] is not None  # marked unbound, kept
    alert = desk.group_calls(SUPERVISORS)[-1].text or ""
    assert "Jakarta Selatan" in alert and "/daftar" in alert
    logged = await desk.h.rows("SELECT outcome FROM staff_log WHERE action = 'bot removed'")
    assert [r[0] for r in logged] == [f"unbound:{JAKSEL}"]

    sent_before = len(desk.api.calls)
    second = await desk.file(desk.h.citizen(7302))
    assert not [c for c in desk.api.calls[sent_before:] if c.chat_id == GROUP]
    assert (await desk.ticket(second))["status"] == "received"  # waiting, not failed
    assert await failed_rows(desk) == 0

    desk.api.add_bot(GROUP, by_user_id=OFFICER)
    await desk.h.settle()
    code = await new_code(desk.h.db, JAKSEL, "unit", hours=24)
    await desk.say(OFFICER, f"/daftar {code}")
    assert desk.card_of(second)
    assert (await desk.ticket(second))["status"] == "forwarded"
    assert all(r[2] is None for r in await bound(desk))  # bound again


async def test_a_send_refused_after_a_kick_keeps_the_ticket_waiting(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    # no supervisory group for the Polda: a warning line and the staff_log row remain
    desk.api.kick_bot(GROUP, by_user_id=OFFICER, announce=False)  # the update is late
    with caplog.at_level(logging.WARNING, logger="bot.officers.binding"):
        ref = await desk.file(desk.h.citizen(7401))
    refused = [c for c in desk.api.calls if c.chat_id == GROUP and c.status == 403]
    assert refused and "kicked" in (refused[0].error or "")
    assert (await desk.ticket(ref))["status"] == "received"
    assert (await bound(desk))[0][2] is not None
    assert "no supervisory group" in caplog.text
    logged = await desk.h.rows("SELECT outcome FROM staff_log WHERE action = 'bot removed'")
    assert [r[0] for r in logged] == [f"unbound:{JAKSEL}"]
    failures = await desk.h.rows(
        "SELECT COUNT(*) FROM ticket_events WHERE kind = 'delivery_failed'"
    )
    assert failures[0][0] == 0  # the ticket is not lost: it waits

    desk.api.add_bot(GROUP, by_user_id=OFFICER)
    await desk.h.settle()
    code = await new_code(desk.h.db, JAKSEL, "unit", hours=24)
    await desk.say(OFFICER, f"/daftar {code}")
    assert desk.card_of(ref)
    assert (await desk.ticket(ref))["status"] == "forwarded"
