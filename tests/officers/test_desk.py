"""Binding a group with a one-time code, group commands, deadlines with a controlled
clock, and evidence and GPS on the card."""

from __future__ import annotations

from bot.officers.binding import code_hash, new_code
from tests.officers.conftest import (
    GROUP,
    JAKSEL,
    OFFICER,
    POLDA,
    SUPERVISORS,
    Desk,
)

NEW_GROUP = -1001000000077


async def test_daftar_binds_with_one_time_code_and_posts_backlog(desk: Desk) -> None:
    async with desk.h.db.transaction() as conn:
        await conn.execute("DELETE FROM staff_groups")
    citizen = desk.h.citizen(5201)
    ref = await desk.file(citizen)
    assert (await desk.ticket(ref))["status"] == "received"  # no group yet: waits

    code = await new_code(desk.h.db, JAKSEL, "unit", hours=24)
    stored = await desk.h.rows("SELECT code_hash FROM staff_link_codes")
    assert stored[0][0] == code_hash(code) and code not in stored[0][0]

    desk.api.set_member(NEW_GROUP, OFFICER, "member")
    await desk.say(OFFICER, "/daftar SALAH-KODE1", chat=NEW_GROUP)
    assert not await desk.h.rows("SELECT * FROM staff_groups")
    await desk.say(OFFICER, f"/daftar {code.lower()}", chat=NEW_GROUP)
    groups = await desk.h.rows("SELECT chat_id, unit_id, role FROM staff_groups")
    assert [tuple(g) for g in groups] == [(str(NEW_GROUP), JAKSEL, "unit")]
    assert desk.card_of(ref, NEW_GROUP)  # the backlog got its card
    assert (await desk.ticket(ref))["status"] == "forwarded"
    # single use
    await desk.say(OFFICER, f"/daftar {code}", chat=-1001000000078)
    assert len(await desk.h.rows("SELECT * FROM staff_groups")) == 1
    # expired codes do not work
    code2 = await new_code(desk.h.db, JAKSEL, "unit", hours=24)
    async with desk.h.db.transaction() as conn:
        await conn.execute("UPDATE staff_link_codes SET expires_at = '2000-01-01T00:00:00+00:00'")
    await desk.say(OFFICER, f"/daftar {code2}", chat=-1001000000079)
    assert len(await desk.h.rows("SELECT * FROM staff_groups")) == 1


async def test_group_commands(desk: Desk) -> None:
    a = await desk.file(
        desk.h.citizen(5301), description="Dompet saya dicopet di halte busway Fatmawati kemarin"
    )
    b = await desk.file(
        desk.h.citizen(5302), description="Rumah kosong dibobol maling, TV dan laptop hilang"
    )
    tid_a = (await desk.ticket(a))["id"]
    await desk.press(OFFICER, f"t:claim:{tid_a}")

    await desk.say(OFFICER, "/antrian")
    queue = desk.group_calls()[-1].text
    assert a in queue and b in queue and queue.index(a) < queue.index(b)

    await desk.say(OFFICER, f"/tiket {a}")
    detail = desk.group_calls()[-1].text
    assert "Fatmawati" in detail and "Warga9001" in detail

    await desk.say(OFFICER, "/cari laptop")
    found = desk.group_calls()[-1].text
    assert b in found and a not in found

    await desk.press(OFFICER, f"t:done:{tid_a}")
    await desk.say(
        OFFICER, "Pelaku tertangkap.", reply_to=desk.group_calls()[-1].result["message_id"]
    )
    await desk.say(OFFICER, "/statistik")
    stats = desk.group_calls()[-1].text
    assert "7" in stats and "30" in stats
    lines = stats.splitlines()
    assert any(line.endswith(": 2") for line in lines)  # received
    assert any(line.endswith(": 1") for line in lines)  # claimed / resolved

    # another unit's ticket is not visible from this group
    await desk.bind(-1001000000055, "polres-bogor")
    desk.api.set_member(-1001000000055, OFFICER, "member")
    await desk.say(OFFICER, f"/tiket {a}", chat=-1001000000055)
    assert a in desk.group_calls(-1001000000055)[-1].text
    assert "Fatmawati" not in desk.group_calls(-1001000000055)[-1].text


async def test_reminder_and_escalation_fire_once(desk: Desk) -> None:
    await desk.bind(SUPERVISORS, POLDA, "supervisor")
    citizen = desk.h.citizen(5401)
    ref = await desk.file(citizen)
    tid = (await desk.ticket(ref))["id"]
    rt = desk.h.runtime
    assert await rt.fire_deadlines() == 0
    desk.clock.advance(minutes=49)  # 80 % of the hour to claim
    assert await rt.fire_deadlines() == 1
    await desk.h.settle()
    reminder = desk.group_calls()[-1]
    assert ref in reminder.text and "⏰" in reminder.text
    assert await rt.fire_deadlines() == 0  # once
    assert not desk.api.sent(SUPERVISORS)
    desk.clock.advance(minutes=12)
    assert await rt.fire_deadlines() == 1
    await desk.h.settle()
    escalation = desk.api.sent(SUPERVISORS)
    assert len(escalation) == 1 and ref in escalation[0].text
    assert escalation[0].callback_data() == [f"t:card:{tid}"]
    assert await rt.fire_deadlines() == 0
    assert [e for e in await desk.events(ref) if e["kind"] == "escalated"]
    # the supervisors can open the card from the escalation
    await desk.press(OFFICER, f"t:card:{tid}", chat=SUPERVISORS)
    assert desk.card_of(ref, SUPERVISORS)
    # claiming stops the claim deadline; the resolve deadline still runs (3 days)
    await desk.press(OFFICER, f"t:claim:{tid}", chat=GROUP)
    desk.clock.advance(hours=72)
    assert await rt.fire_deadlines() == 1  # resolve: escalation only (reminder folded in)
    await desk.h.settle()
    posted = [c for c in desk.api.sent(SUPERVISORS) if c.method == "sendMessage"]
    assert len(posted) == 3  # escalation, the card on demand, the resolve escalation
    assert "resolved" in posted[-1].text or "diselesaikan" in posted[-1].text
    edits = [c for c in desk.api.sent(SUPERVISORS) if c.method == "editMessageText"]
    assert edits and "Warga9001" in edits[-1].text  # their card follows the claim


async def test_card_shows_gps_pin_and_evidence_album(desk: Desk) -> None:
    # The group is bound after the complaint (backlog), and the ticket carries a GPS pin
    # (set in the store: the test router has no boundary file to resolve a shared pin).
    async with desk.h.db.transaction() as conn:
        await conn.execute("DELETE FROM staff_groups")
    citizen = desk.h.citizen(5501)
    f = desk.h.updates
    await citizen.say("/start")
    await citizen.press("consent:yes")
    await citizen.press("cat:crime")
    await citizen.say("Motor saya dicuri dua orang tak dikenal di parkiran pasar")
    await citizen.press("when:today")
    await citizen.say("kec cilandak jaksel")
    await citizen.press("place:yes")
    ids = []
    for _ in range(2):
        file_id = f.file_id()
        desk.api.add_file(file_id, b"\xff\xd8\xff" + b"0" * 500)
        ids.append(file_id)
        await citizen.send(f.photo(citizen.user_id, file_id=file_id, file_size=503))
    doc = f.file_id("BQAC")
    desk.api.add_file(doc, b"%PDF-1.4 test")
    await citizen.send(f.document(citizen.user_id, file_id=doc, file_size=13))
    await citizen.press("ev:done")
    await citizen.press("sum:anonymous")
    async with desk.h.db.transaction() as conn:
        await conn.execute("UPDATE tickets SET latitude = -6.2921, longitude = 106.7976")
    code = await new_code(desk.h.db, JAKSEL, "unit", hours=1)
    await desk.say(OFFICER, f"/daftar {code}")
    calls = [
        c
        for c in desk.group_calls()
        if c.method != "sendMessage" or "t:claim:" in str(c.callback_data())
    ]
    methods = [c.method for c in calls]
    assert methods[:4] == ["sendMessage", "sendLocation", "sendMediaGroup", "sendDocument"]
    card = calls[0]
    assert "anonim" in card.text.lower() or "anonymous" in card.text.lower()
    assert "-6.29210" in card.text
    assert calls[1].params["latitude"] == -6.2921
    album = calls[2].params["media"]
    assert [m["media"] for m in album] == ids
    # an anonymous reporter cannot be replied to
    tid = (await desk.h.rows("SELECT id FROM tickets"))[0][0]
    sent = await desk.press(OFFICER, f"t:reply:{tid}")
    assert [c for c in sent if c.method == "answerCallbackQuery"][0].params["show_alert"]
