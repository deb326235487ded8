"""Erasure means erasure (issue 16, item 7), through the real stack.

Citizens on Telegram and on WhatsApp use the service the way people do (a draft with a
photo cancelled, a complaint filed, an officer's reply, the ticket resolved and rated),
then erase with /hapusdata. Afterwards EVERY text value of EVERY table of the SQLite
database is searched for their identifiers (chat id, phone number, display name,
username: distinctive values, so any hit is a real leak), and the evidence directory
for their files. The same after the retention purge.

What the law lets us keep is written next to each assertion.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.privacy.service import purge
from tests.e2e.steps import state_of
from tests.fakes.telegram_api import Call
from tests.harness import Harness, TgCitizen, texts
from tests.officers.conftest import GROUP, JAKSEL, OFFICER, OFFICER_2, Desk
from tests.whatsapp.conftest import WaFactory, wa_factory  # noqa: F401 - the fixture
from tests.whatsapp.harness import WaCitizen, WaHarness

TG_ID = 7390011730
TG_NEEDLES = ("7390011730", "Zulkarnaen9X", "Sastrowardoyo5K", "zulkarnaen9x_tg")
WA_NUMBER = "+6281973900117"
WA_NEEDLES = ("81973900117", "Kartosuwiryo7Q")
OPEN_ID = 7390022840
OPEN_NEEDLES = ("7390022840", "Wiryosentono3V", "wiryo3v_tg")
OLD_ID = 7390033950
OLD_NEEDLES = ("7390033950", "Mangunkusumo8R", "mangun8r_tg")
PHOTO = b"\x89PNG\r\n\x1a\n" + b"bukti-foto-" * 50
JPEG = b"\xff\xd8\xff\xe0" + b"bukti-jpeg-" * 50


def tg_photo(citizen: TgCitizen, file_id: str) -> dict[str, object]:
    """A photo the fake Bot API can serve (getFile), so Dumas stores it on disk."""
    citizen.h.api.add_file(file_id, JPEG + file_id.encode())
    return citizen.h.updates.photo(
        citizen.user_id, file_id=file_id, file_size=len(JPEG) + len(file_id)
    )


async def scan(wa: WaHarness, needles: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every occurrence of a needle in any value of any row
    of any table (JSON payloads are text, so they are searched too): in the SQLite file,
    or through the store on PostgreSQL (DUMAS_TEST_DATABASE=postgresql)."""
    db = wa.runtime.db
    if db.dialect == "sqlite":
        return scan_file(db_path(wa), needles)
    found: list[tuple[str, str, str]] = []
    tables = await db.fetchall(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = "
        "current_schema() AND table_type = 'BASE TABLE'"
    )
    for (table,) in tables:
        for row in await db.fetchall(f'SELECT * FROM "{table}"'):
            for column, value in zip(row.keys(), tuple(row), strict=True):
                text = "" if value is None else str(value).lower()
                found += [(table, column, n) for n in needles if n.lower() in text]
    return found


def scan_file(db_path: Path, needles: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """`scan` in the SQLite file itself."""
    found: list[tuple[str, str, str]] = []
    lowered = [n.lower() for n in needles]
    with sqlite3.connect(db_path) as raw:
        tables = [
            r[0]
            for r in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            cur = raw.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cur.description]
            for row in cur:
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = (
                        value.decode("latin-1") if isinstance(value, bytes) else str(value)
                    ).lower()
                    pairs = zip(needles, lowered, strict=True)
                    found += [(table, column, n) for n, low in pairs if low in text]
    return found


def db_path(wa: WaHarness) -> Path:
    return wa.runtime.settings.db_path


async def _desk(wa: WaHarness) -> Desk:
    """The officers' helpers on the runtime that also serves WhatsApp."""
    desk = Desk(wa.h, wa.runtime.clock)  # type: ignore[arg-type]
    for user in (OFFICER, OFFICER_2):
        wa.h.api.set_member(GROUP, user, "member")
    await desk.bind(GROUP, JAKSEL)
    return desk


class SureTgCitizen(TgCitizen):
    """With the WhatsApp server in the same runtime, the harness's settle() can return
    between getUpdates and the inbox write; this waits until the update is handled."""

    async def _send(self, update: dict[str, Any]) -> list[Call]:
        before = len(self.messages())
        await self.h.deliver(update)
        for _ in range(250):
            rows = await self.h.rows(
                "SELECT processed_at FROM inbox WHERE channel = 'telegram' AND external_id = ?",
                str(update["update_id"]),
            )
            if rows and rows[0][0]:
                break
            await asyncio.sleep(0.02)
        await self.h.settle()
        return self.messages()[before:]


def tg_citizen(desk: Desk, user_id: int, first: str, last: str | None, username: str) -> TgCitizen:
    desk.h.updates.user(user_id, first, last_name=last, username=username)
    return SureTgCitizen(desk.h, user_id)


async def tg_file(desk: Desk, citizen: TgCitizen, description: str) -> str:
    """/aduan to the ticket, whatever steps the story leaves to answer."""
    await citizen.say("/aduan")
    answers = {
        "consent": lambda: citizen.press("consent:yes"),
        "category": lambda: citizen.press("cat:crime"),
        "description": lambda: citizen.say(description),
        "when": lambda: citizen.press("when:today"),
        "where": lambda: citizen.say("kec cilandak jaksel"),
        "where_confirm": lambda: citizen.press("place:yes"),
        "where_pick": lambda: citizen.press("place:0"),
        "evidence": lambda: citizen.press("ev:skip"),
        "summary": lambda: citizen.press("sum:confirm"),
    }
    for _ in range(14):
        state = await state_of(citizen)
        if state == "idle":
            break
        await answers[state]()
    rows = await desk.h.rows(
        "SELECT t.reference FROM tickets t JOIN citizens c ON c.id = t.citizen_id "
        "WHERE c.external_id = ? ORDER BY t.id DESC LIMIT 1",
        str(citizen.user_id),
    )
    return str(rows[0][0])


async def tg_cancelled_draft_with_photo(citizen: TgCitizen) -> None:
    await citizen.say("/aduan")
    await citizen.press("consent:yes")
    await citizen.press("cat:crime")
    await citizen.say("Tas saya dirampas orang di jalan, saya Zulkarnaen9X")
    await citizen.send(tg_photo(citizen, "DRAFTPHOTO1"))
    assert evidence_files_of(citizen.h), "the draft's photo is stored while the draft lasts"
    await citizen.say("/batal")
    if "cancel:yes" in citizen.last_with_buttons().callback_data():
        await citizen.press("cancel:yes")
    assert await state_of(citizen) == "idle"
    assert evidence_files_of(citizen.h) == [], "a cancelled draft's files go with it"


async def officer_reply_and_resolve(desk: Desk, ref: str) -> None:
    tid = (await desk.ticket(ref))["id"]
    card = desk.card_of(ref)
    await desk.say(OFFICER, "Mohon kirim foto motor Anda.", reply_to=card.result["message_id"])
    await desk.press(OFFICER, f"t:claim:{tid}")
    await desk.press(OFFICER, f"t:done:{tid}")
    await desk.say(
        OFFICER, "Motor ditemukan.", reply_to=desk.group_calls()[-1].result["message_id"]
    )
    assert (await desk.ticket(ref))["status"] == "resolved"


async def wa_state(wa: WaHarness, number: str) -> str:
    rows = await wa.rows(
        "SELECT v.state FROM conversations v JOIN citizens c ON c.id = v.citizen_id "
        "WHERE c.channel = 'whatsapp' AND c.external_id = ?",
        number,
    )
    return str(rows[0]["state"]) if rows else "idle"


async def pick(citizen: WaCitizen, label: str, number: int) -> None:
    """Choose `label` by its number; the position when the list came as a template."""
    try:
        await citizen.choose(label)
    except AssertionError:
        await citizen.say(str(number))


async def wa_file(wa: WaHarness, citizen: WaCitizen, description: str) -> str:
    await citizen.say("/aduan")
    for _ in range(14):
        state = await wa_state(wa, citizen.number)
        if state == "idle":
            break
        if state == "consent":
            await pick(citizen, "✅ I agree", 1)
        elif state == "category":
            await citizen.say("1")
        elif state == "description":
            await citizen.say(description)
        elif state == "when":
            await citizen.choose("Just now")
        elif state == "where":
            await citizen.say("kec cilandak jaksel")
        elif state == "where_confirm":
            await citizen.choose("✅ Yes, that's right")
        elif state == "where_pick":
            await citizen.say("1")
        elif state == "evidence":
            await citizen.choose("Skip")
        elif state == "summary":
            await citizen.choose("✅ Send complaint")
        else:
            raise AssertionError(state)
    rows = await wa.rows(
        "SELECT t.reference FROM tickets t JOIN citizens c ON c.id = t.citizen_id "
        "WHERE c.external_id = ? ORDER BY t.id DESC LIMIT 1",
        citizen.number,
    )
    return str(rows[0][0])


def evidence_files_of(h: Harness) -> list[Path]:
    root = h.runtime.settings.evidence_dir
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def evidence_files(wa: WaHarness) -> list[Path]:
    return evidence_files_of(wa.h)


async def test_hapusdata_leaves_no_identifier_anywhere(wa_factory: WaFactory) -> None:  # noqa: F811
    wa = await wa_factory(env={"DUMAS_FLOOD_MESSAGES": "10000"})
    desk = await _desk(wa)

    # Telegram: a draft with a photo, cancelled; a complaint; a reply; resolved; rated.
    tg = tg_citizen(desk, TG_ID, "Zulkarnaen9X", "Sastrowardoyo5K", "zulkarnaen9x_tg")
    await tg_cancelled_draft_with_photo(tg)
    ref = await tg_file(desk, tg, "Motor saya dicuri dua orang tak dikenal di parkiran pasar")
    await tg.say("Plat nomornya B 1234 XYZ, atas nama Zulkarnaen9X")
    await officer_reply_and_resolve(desk, ref)
    tid = (await desk.ticket(ref))["id"]
    await tg.press(f"fb:yes:{tid}")
    await tg.press(f"fb:r:{tid}:5")
    await tg.say("Terima kasih, salam Zulkarnaen9X")

    before = await scan(wa, TG_NEEDLES)
    sent = await tg.say("/hapusdata")
    assert "privacy:erase" in sent[-1].callback_data(), [c.text for c in sent]
    await tg.press("privacy:erase")

    # WhatsApp: the same, with a photo in the cancelled draft.
    wac = wa.citizen(WA_NUMBER, "Kartosuwiryo7Q")
    await wac.say("/aduan")
    await pick(wac, "✅ I agree", 1)
    await wac.say("1")
    await wac.say("Dompet saya dicopet di pasar, saya Kartosuwiryo7Q")
    await wac.send_file(PHOTO, "image/png")
    await wac.say("/batal")
    if await wa_state(wa, WA_NUMBER) != "idle":
        await pick(wac, "✖️ Yes, cancel", 1)
    assert await wa_state(wa, WA_NUMBER) == "idle"
    assert evidence_files(wa) == [], "a cancelled draft's files go with it"
    wa_ref = await wa_file(wa, wac, "Motor saya dicuri dua orang tak dikenal di parkiran pasar")
    await officer_reply_and_resolve(desk, wa_ref)
    await pick(wac, "✅ Yes, solved", 1)
    await wac.say("5")
    await wac.say("Mantap, dari Kartosuwiryo7Q")

    needles = TG_NEEDLES + WA_NEEDLES

    before += await scan(wa, WA_NEEDLES)
    print(f"\noccurrences before /hapusdata: {len(before)}")
    await wac.say("/hapusdata")
    answer = await wac.say("1")  # the erase question is a numbered list on WhatsApp
    await wa.settle()
    # Both answers reached the citizen before their chat id was erased.
    assert any("Akun chat dan nama" in (c.text or "") for c in tg.messages()[-2:])
    assert any("Akun chat dan nama" in body for body in answer), answer
    assert not await wa.rows("SELECT id FROM outbox WHERE status != 'sent'")

    left = await scan(wa, needles)
    print(f"occurrences after /hapusdata: {len(left)}")
    # Nothing is exempt: both tickets are closed, so the law (the complaint must be
    # handled) no longer needs who filed them; statistics keep no identifier.
    assert left == [], sorted({(t, c) for t, c, _ in left})
    assert evidence_files(wa) == [], "evidence files (the cancelled drafts') left on disk"


async def test_open_ticket_keeps_only_what_handling_it_needs(wa_factory: WaFactory) -> None:  # noqa: F811
    wa = await wa_factory(env={"DUMAS_FLOOD_MESSAGES": "10000"})
    desk = await _desk(wa)
    citizen = tg_citizen(desk, OPEN_ID, "Wiryosentono3V", None, "wiryo3v_tg")
    ref = await tg_file(desk, citizen, "HP saya dijambret di halte busway oleh pengendara motor")
    card = desk.card_of(ref)
    await desk.say(OFFICER, "Kami cek CCTV di halte.", reply_to=card.result["message_id"])
    await citizen.say("Baik pak")

    await citizen.say("/hapusdata")
    await citizen.press("privacy:erase")
    await wa.settle()

    left = await scan(wa, OPEN_NEEDLES)
    # What remains and why: the complaint is open, so the police must still be able to
    # answer it and tell the citizen the outcome (the duty to handle a complaint is the
    # lawful basis). That needs the chat account only: citizens.external_id and
    # citizens.chat_id keep the Telegram id until the ticket is closed and erased. The
    # complaint's own text stays too (it is the case being handled). The name, the
    # username, raw payloads, sent messages and chat ids of past messages are erased.
    assert sorted(set(left)) == [
        ("citizens", "chat_id", "7390022840"),
        ("citizens", "external_id", "7390022840"),
    ], sorted(set(left))
    ticket = await desk.ticket(ref)
    assert ticket["status"] not in ("resolved", "rejected") and ticket["erased_at"] is None
    assert ticket["description"].startswith("HP saya")


async def test_retention_purge_leaves_no_identifier(wa_factory: WaFactory) -> None:  # noqa: F811
    wa = await wa_factory(env={"DUMAS_FLOOD_MESSAGES": "10000"})
    desk = await _desk(wa)
    citizen = tg_citizen(desk, OLD_ID, "Mangunkusumo8R", None, "mangun8r_tg")
    ref = await tg_file(desk, citizen, "Motor saya dicuri dua orang tak dikenal di parkiran pasar")
    await officer_reply_and_resolve(desk, ref)
    tid = (await desk.ticket(ref))["id"]
    await citizen.press(f"fb:yes:{tid}")
    await citizen.press(f"fb:r:{tid}:4")
    # a draft with a photo, abandoned (it expires on its own)
    await citizen.say("/aduan")
    if await state_of(citizen) == "consent":  # a photo under the notice is not kept
        await citizen.press("consent:yes")
    if await state_of(citizen) == "category":
        await citizen.press("cat:crime")
    await citizen.send(tg_photo(citizen, "DRAFTPHOTO2"))
    assert evidence_files(wa)
    assert await scan(wa, OLD_NEEDLES)

    settings = wa.runtime.settings
    later = desk.clock() + timedelta(days=settings.retention_days + 2)
    await purge(wa.runtime.db, settings.evidence, settings.retention_days, later)

    left = await scan(wa, OLD_NEEDLES)
    print(f"\noccurrences after the retention purge: {len(left)}")
    assert left == [], sorted({(t, c) for t, c, _ in left})
    assert evidence_files(wa) == []
    # Not in the file's bytes either: secure_delete zeroes freed space, and the purge
    # ends with a checkpoint that empties the write-ahead log.
    if wa.runtime.db.dialect == "sqlite":  # (PostgreSQL: vacuum reclaims old versions)
        path = db_path(wa)
        wal = path.with_name(path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
        raw = path.read_bytes().lower()
        assert [n for n in OLD_NEEDLES if n.lower().encode() in raw] == []
    ticket = await desk.ticket(ref)
    assert ticket["erased_at"] and ticket["category"] == "crime"  # statistics stay


@pytest.mark.settings(DUMAS_CONTROLLER_NAME="Polda Metro Jaya", DUMAS_RETENTION_DAYS="365")
async def test_dataku_names_controller_processors_and_how_long(harness: Harness) -> None:
    citizen = harness.citizen(7390044060)
    shown = texts(await citizen.say("/dataku"))
    assert "Polda Metro Jaya" in shown  # the controller
    # who carries the messages: this citizen's channel's (bot/privacy/carriers.py)
    assert "Pesan melewati Telegram (luar negeri)." in shown and "Twilio" not in shown
    assert "365 hari" in shown and "ditutup" in shown  # how long open and closed ones stay
