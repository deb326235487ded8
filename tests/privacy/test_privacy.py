"""Personal data end to end: consent with the notice version, /dataku, /hapusdata (closed
tickets erased, open ones kept), the retention purge, and sensitive cases hidden on the
staff card until claimed, with every reveal audited."""

from __future__ import annotations

from datetime import timedelta

from bot.privacy.service import purge
from flows.safety import PRIVACY_NOTICE_VERSION
from tests.harness import texts
from tests.officers.conftest import OFFICER, Desk


async def _resolve(desk: Desk, ref: str) -> None:
    tid = (await desk.ticket(ref))["id"]
    await desk.press(OFFICER, f"t:claim:{tid}")
    await desk.press(OFFICER, f"t:done:{tid}")
    await desk.say(
        OFFICER,
        "Motor sudah ditemukan dan dikembalikan.",
        reply_to=desk.group_calls()[-1].result["message_id"],
    )


async def test_consent_dataku_and_hapusdata(desk: Desk) -> None:
    citizen = desk.h.citizen(6201)
    closed = await desk.file(citizen)
    consent = await desk.h.rows("SELECT notice_version, granted FROM consents")
    assert [tuple(r) for r in consent] == [(PRIVACY_NOTICE_VERSION, 1)]
    await _resolve(desk, closed)
    assert (await desk.ticket(closed))["status"] == "resolved"
    open_ref = await desk.file(
        citizen,
        description="HP saya dijambret di halte busway kemarin sore oleh pengendara motor",
        place="kec tebet jaksel",
    )

    sent = await citizen.say("/dataku")
    shown = texts(sent)
    assert closed in shown and open_ref in shown and "Motor saya dicuri" in shown
    assert (
        "versi pemberitahuan Desember 2026, revisi 4" in shown
    )  # PRIVACY_NOTICE_VERSION, readable

    sent = await citizen.say("/hapusdata")
    assert "privacy:erase" in sent[-1].callback_data()
    sent = await citizen.press("privacy:erase")
    assert "1" in texts(sent)  # one closed complaint erased, one open kept
    erased = await desk.ticket(closed)
    assert erased["description"] == "" and erased["place_text"] is None
    assert erased["erased_at"] and erased["category"] == "crime"  # statistics stay
    events = await desk.events(closed)
    assert events and all("Motor sudah" not in (e["detail"] or "") for e in events)
    kept = await desk.ticket(open_ref)
    assert kept["description"].startswith("HP saya") and kept["erased_at"] is None
    identity = await desk.h.rows(
        "SELECT external_id FROM citizens WHERE id = ?", erased["citizen_id"]
    )
    assert identity[0][0] == "6201"  # kept while a complaint is open


async def test_retention_purge_erases_old_closed_tickets_and_files(desk: Desk) -> None:
    citizen = desk.h.citizen(6202)
    ref = await desk.file(citizen)
    await _resolve(desk, ref)
    settings = desk.h.runtime.settings
    async with desk.h.db.transaction() as conn:
        await conn.execute("UPDATE tickets SET resolved_at = '2000-01-01T00:00:00+00:00'")
    now = desk.clock()
    dry = await purge(desk.h.db, settings.evidence, settings.retention_days, now, dry_run=True)
    assert dry["tickets"] == 1
    assert (await desk.ticket(ref))["erased_at"] is None
    done = await purge(desk.h.db, settings.evidence, settings.retention_days, now)
    assert done["tickets"] == 1
    assert (await desk.ticket(ref))["description"] == ""
    again = await purge(
        desk.h.db, settings.evidence, settings.retention_days, now + timedelta(days=1)
    )
    assert again["tickets"] == 0


async def test_sensitive_case_hidden_until_claimed_and_views_audited(desk: Desk) -> None:
    citizen = desk.h.citizen(6203)
    ref = await desk.file(
        citizen,
        description="Anak tetangga saya dicabuli oleh pamannya, umurnya 7 tahun",
        category="violence_women_children",
    )
    card = desk.card_of(ref)
    assert "dicabuli" not in card.text and "6203"[:2] not in card.text.split("Pelapor")[-1][:3]
    tid = (await desk.ticket(ref))["id"]
    sent = await desk.press(OFFICER, f"t:claim:{tid}")
    edit = [c for c in sent if c.method == "editMessageText"][0]
    assert "dicabuli" in edit.text
    await desk.say(OFFICER, f"/tiket {ref}")
    views = [e for e in await desk.events(ref) if e["kind"] == "details_viewed"]
    assert len(views) == 2 and all(v["actor_id"] == str(OFFICER) for v in views)


async def test_hapusdata_confirmed_by_typing_the_number(desk: Desk) -> None:
    """WhatsApp has no buttons: "1" answers the last list shown (the erase question), not
    the main menu (it once started a new complaint instead)."""
    citizen = desk.h.citizen(6203)
    closed = await desk.file(citizen)
    await _resolve(desk, closed)
    sent = await citizen.say("/hapusdata")
    assert sent[-1].callback_data()[0] == "privacy:erase"
    sent = await citizen.say("1")
    erased = await desk.ticket(closed)
    assert erased["erased_at"], [c.text for c in sent]
    assert erased["description"] == ""
    state = await desk.h.rows(
        "SELECT state FROM conversations WHERE citizen_id = ?", erased["citizen_id"]
    )
    assert [r["state"] for r in state] in ([], ["idle"])  # no new complaint was started


async def test_a_ticket_no_group_ever_received_is_not_kept_for_ever(desk: Desk) -> None:
    """A unit without a bound staff group: its ticket stays "received". Past the
    retention period the purge closes it as unhandled (an event says why) and erases it,
    instead of keeping the citizen's story for ever."""
    citizen = desk.h.citizen(6210)
    ref = await desk.file(citizen, place="kec sukajadi kota bandung")  # no group bound there
    ticket = await desk.ticket(ref)
    assert ticket["status"] == "received"
    settings = desk.h.runtime.settings
    now = desk.clock()
    assert (await purge(desk.h.db, settings.evidence, settings.retention_days, now))[
        "tickets"
    ] == 0  # within the retention period: kept, waiting for a group
    later = now + timedelta(days=settings.retention_days + 1)
    dry = await purge(desk.h.db, settings.evidence, settings.retention_days, later, True)
    assert dry["tickets"] == 1 and (await desk.ticket(ref))["status"] == "received"
    done = await purge(desk.h.db, settings.evidence, settings.retention_days, later)
    assert done["tickets"] == 1
    erased = await desk.ticket(ref)
    assert erased["status"] == "rejected" and erased["description"] == ""
    reasons = [e.get("detail") or "" for e in await desk.events(ref)]
    assert any("unhandled_past_retention" in str(r) for r in reasons)
