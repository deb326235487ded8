"""Evidence files, the webhook mode's secret token, and languages, through Telegram."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import aiohttp

from bot.i18n import translator
from bot.routing.resolver import Router
from tests.e2e.steps import reach, state_of_user
from tests.harness import Clock, Harness, telegram_harness, webhook_harness

ID, EN = translator("id").gettext, translator("en").gettext
JPEG = b"\xff\xd8\xff\xe0" + b"photo-bytes" * 100
PDF = b"%PDF-1.4\n" + b"laporan" * 200
OGG = b"OggS" + b"voice" * 50


async def test_photos_album_document_and_voice_are_kept(harness: Harness) -> None:
    citizen = harness.citizen(9101)
    await reach(citizen, "evidence")
    api, updates = harness.api, harness.updates
    api.add_file("PHOTO1", JPEG)
    api.add_file("PHOTO2", JPEG + b"2")
    api.add_file("PDF1", PDF)
    api.add_file("VOICE1", OGG)

    album = [
        updates.photo(
            9101, file_id="PHOTO1", file_size=len(JPEG), media_group_id="A1", caption="foto pelaku"
        ),
        updates.photo(9101, file_id="PHOTO2", file_size=len(JPEG) + 1, media_group_id="A1"),
    ]
    sent_album = [await citizen.send(update) for update in album]
    assert len(sent_album[0]) == 1 and sent_album[1] == []  # one answer per album
    await citizen.send(
        updates.document(9101, file_id="PDF1", file_name="../../../x.pdf", file_size=len(PDF))
    )
    sent = await citizen.send(updates.voice(9101, file_id="VOICE1", file_size=len(OGG)))
    assert "ev:done" in sent[-1].callback_data()

    rows = await harness.rows(
        "SELECT kind, size, sha256, stored_name, mime_type, album_id FROM evidence ORDER BY id"
    )
    assert [r["kind"] for r in rows] == ["photo", "photo", "document", "voice"]
    data_dir: Path = harness.runtime.settings.evidence_dir
    for row, content in zip(rows, [JPEG, JPEG + b"2", PDF, OGG], strict=True):
        assert row["sha256"] == hashlib.sha256(content).hexdigest()
        assert row["size"] == len(content)
        stored = data_dir / row["stored_name"]
        assert stored.read_bytes() == content
        assert ".." not in row["stored_name"] and "x.pdf" not in row["stored_name"]
    assert rows[2]["mime_type"] == "application/pdf"

    await citizen.press("ev:done")
    await citizen.press("sum:anonymous")
    linked = await harness.rows("SELECT COUNT(*) AS n FROM evidence WHERE ticket_id IS NOT NULL")
    assert linked[0]["n"] == 4
    ticket = (await harness.rows("SELECT description FROM tickets"))[0]
    assert "foto pelaku" in ticket["description"]  # a caption is part of the story


async def test_evidence_in_description_step_is_kept(harness: Harness) -> None:
    citizen = harness.citizen(9102)
    await reach(citizen, "description")
    harness.api.add_file("PHOTO9", JPEG)
    sent = await citizen.send(harness.updates.photo(9102, file_id="PHOTO9", file_size=len(JPEG)))
    assert len(sent) == 1 and await state_of_user(harness, 9102) == "description"
    assert len(await harness.rows("SELECT * FROM evidence")) == 1


async def test_shared_location_on_a_fresh_install_is_confirmed(harness: Harness) -> None:
    """No boundary file was imported: the shipped one places the pin."""
    citizen = harness.citizen(9103)
    await reach(citizen, "where")
    sent = await citizen.send(harness.updates.location(9103, -6.9025, 107.6188))  # Gedung Sate
    assert await state_of_user(harness, 9103) == "where_confirm"
    assert "Kota Bandung" in sent[0].text and "Polrestabes Bandung" in sent[0].text
    assert sent[0].params.get("reply_markup") == {"remove_keyboard": True}
    assert "place:yes" in sent[-1].callback_data()
    draft = json.loads((await harness.rows("SELECT draft FROM conversations"))[0]["draft"])
    assert draft["latitude"] == -6.9025  # the pin is kept with the complaint


async def test_shared_location_without_boundaries_asks_to_type(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    bare = Router(router.gazetteer, router.table, None)  # an install whose file is gone
    async with telegram_harness(tmp_path / "data", bare, clock=clock) as harness:
        citizen = harness.citizen(9103)
        await reach(citizen, "where")
        sent = await citizen.send(harness.updates.location(9103, -6.1754, 106.8272))
        assert len(sent) == 1 and await state_of_user(harness, 9103) == "where"
        sent = await citizen.say("kec gambir jakarta pusat")
        assert "place:yes" in sent[-1].callback_data()


async def test_language_from_app_and_bahasa_switch(harness: Harness) -> None:
    english = harness.citizen(9104, language="en")
    sent = await english.say("/start")
    assert "110" in sent[0].text and "/erasemydata" in sent[0].text  # English commands
    sent = await english.say("/bahasa")
    assert sent[0].callback_data() == ["lang:id", "lang:en"]
    sent = await english.press("lang:id")
    assert sent[-1].callback_data() == ["consent:yes", "consent:no"]
    assert ID("✅ I agree") in [b["text"] for row in sent[-1].buttons() for b in row]
    rows = await harness.rows("SELECT locale FROM citizens WHERE external_id = '9104'")
    assert rows[0]["locale"] == "id"
    # the choice sticks even though the app still says English
    sent = await english.say("/bantuan")
    help_msgid = (
        "Dumas takes complaints for the Indonesian National Police.\n"
        "/aduan – file a new complaint\n"
        "/status – your complaints and their progress; /status NUMBER for one ticket\n"
        "/batal – cancel the complaint you are filling in\n"
        "“kembali” – go back one step\n"
        "/bahasa – change language\n"
        "/bantuan – this help\n\n"
        "In an emergency, call 110 (free, 24 hours)."
    )
    assert sent[0].text == ID(help_msgid) != EN(help_msgid)


async def test_webhook_mode_checks_the_secret(tmp_path: Path, router: Router, clock: Clock) -> None:
    async with webhook_harness(tmp_path / "data", router, "s3cret-token-value", clock=clock) as h:
        api = h.api
        hook = api.calls_to("setWebhook")[0].params
        assert hook["url"] == "https://dumas.example.go.id/telegram/webhook"
        assert hook["secret_token"] == "s3cret-token-value"
        url = f"http://127.0.0.1:{h.runtime.http_port}/telegram/webhook"
        update = h.updates.command(9105, "/start")
        async with aiohttp.ClientSession() as session:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with session.post(url, json=update, headers=headers) as response:
                    assert response.status == 403
            assert await h.rows("SELECT * FROM inbox") == []
            good = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token-value"}
            async with session.post(url, data=b"{not json", headers=good) as response:
                assert response.status == 400
            async with session.post(url, json={"hello": 1}, headers=good) as response:
                assert response.status == 400
            for _ in range(2):  # Telegram retries: stored and answered once
                async with session.post(url, json=update, headers=good) as response:
                    assert response.status == 200
            await h.settle()
            assert len(await h.rows("SELECT * FROM inbox")) == 1
            assert len(api.sent(9105)) == 1
            async with session.get(f"http://127.0.0.1:{h.runtime.http_port}/healthz") as r:
                assert r.status == 200 and (await r.json())["ok"] is True
