"""Evidence on S3 through the whole bot (fake Bot API, fake S3): a citizen's photo,
sent as a file, is kept in the bucket, reaches the officers' card as an upload read
back from the bucket, and /hapusdata removes the object; with the bucket unreachable the
citizen is told the file could not be kept and the complaint goes on."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.evidence.s3 import S3Store
from bot.i18n import translator
from bot.routing.resolver import Router
from tests.e2e.steps import answer_until, state_of
from tests.harness import Clock, Harness, telegram_harness, texts
from tests.officers.conftest import GROUP, JAKSEL, OFFICER, Desk

ID = translator("id").gettext
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"foto pelaku di parkiran" * 200


def _s3_env(bucket: str, endpoint: str) -> dict[str, str]:
    return {"DUMAS_EVIDENCE_URL": f"s3://{bucket}/dumas", "DUMAS_S3_ENDPOINT_URL": endpoint}


async def _desk(h: Harness, clock: Clock) -> Desk:
    desk = Desk(h, clock)
    h.api.set_member(GROUP, OFFICER, "member")
    await desk.bind(GROUP, JAKSEL)
    return desk


async def test_a_photo_on_s3_reaches_the_card_and_hapusdata_erases_it(
    tmp_path: Path, router: Router, bucket: str, s3_endpoint: str
) -> None:
    clock = Clock(datetime.now(UTC))
    env = _s3_env(bucket, s3_endpoint)
    async with telegram_harness(
        tmp_path / "data", router, env, clock=clock, timer_interval=3600
    ) as h:
        desk = await _desk(h, clock)
        citizen = h.citizen(6301)
        await citizen.say("/start")
        await answer_until(citizen, "evidence", when="when:today")
        # a photo sent "as a file" keeps its full resolution and its file name: it goes to
        # the group as an upload of the stored bytes (bot/officers/forwarding.py)
        h.api.add_file("IMG-AS-FILE", JPEG)
        await citizen.send(
            h.updates.document(
                citizen.user_id,
                file_id="IMG-AS-FILE",
                file_name="IMG_20261205_Budi.jpg",
                mime_type="image/jpeg",
                file_size=len(JPEG),
            )
        )
        await citizen.press("ev:done")
        await citizen.press("sum:confirm")

        stored_name = str((await h.rows("SELECT stored_name FROM evidence"))[0][0])
        bucket_store = S3Store(bucket, "dumas", s3_endpoint)
        assert list(bucket_store.names()) == [stored_name]
        assert bucket_store.read(stored_name) == JPEG
        local = tmp_path / "data" / "evidence"
        assert not local.exists() or not any(p.is_file() for p in local.rglob("*"))

        reference = str((await h.rows("SELECT reference FROM tickets"))[0][0])
        desk.card_of(reference)
        uploads = [c for c in desk.group_calls() if c.method == "sendDocument"]
        assert len(uploads) == 1
        upload = uploads[0].files["document"]
        assert upload.content == JPEG  # read back from the bucket
        assert upload.filename == f"bukti-{reference}-1.jpg"

        # the ticket is closed, so /hapusdata erases it with its file
        ticket_id = (await desk.ticket(reference))["id"]
        await desk.press(OFFICER, f"t:claim:{ticket_id}")
        await desk.press(OFFICER, f"t:done:{ticket_id}")
        await desk.say(
            OFFICER,
            "Pelaku sudah diamankan.",
            reply_to=desk.group_calls()[-1].result["message_id"],
        )
        await citizen.say("/hapusdata")
        await citizen.press("privacy:erase")
        await h.settle()
        assert await h.rows("SELECT * FROM evidence") == []
        assert list(bucket_store.names()) == []
        assert not bucket_store.exists(stored_name)


async def test_an_unreachable_bucket_fails_the_file_politely(
    tmp_path: Path, router: Router, bucket: str
) -> None:
    clock = Clock(datetime.now(UTC))
    env = _s3_env(bucket, "http://127.0.0.1:9")  # nothing listens there
    async with telegram_harness(tmp_path / "data", router, env, clock=clock) as h:
        citizen = h.citizen(6302)
        await citizen.say("/start")
        await answer_until(citizen, "evidence", when="when:today")
        h.api.add_file("PHOTO-1", JPEG)
        sent = await citizen.send(h.updates.photo(citizen.user_id, file_id="PHOTO-1"))
        assert ID("This file could not be received. Please try sending it again.") in texts(sent)
        assert await state_of(citizen) == "evidence"
        assert await h.rows("SELECT * FROM evidence") == []
        # nothing already given is lost: the complaint is filed without the file
        await citizen.press("ev:skip")
        await answer_until(citizen, "idle", when="when:today")
        tickets = await h.rows("SELECT description FROM tickets")
        assert len(tickets) == 1 and tickets[0][0]
