"""Bad input gets a polite explanation and loses nothing already given."""

from __future__ import annotations

import json

import pytest

from bot.i18n import translator
from tests.e2e.steps import DESCRIPTION, reach, state_of_user
from tests.harness import Harness

ID = translator("id").gettext


async def draft_of(harness: Harness) -> dict:
    rows = await harness.rows("SELECT draft FROM conversations")
    return json.loads(rows[0]["draft"])


@pytest.mark.parametrize("kind", ["sticker", "animation", "poll", "video_note"])
async def test_unsupported_messages_explained_and_draft_kept(harness: Harness, kind: str) -> None:
    citizen = harness.citizen(9001)
    await reach(citizen, "when")
    before = await draft_of(harness)
    update = getattr(harness.updates, kind)(9001)
    sent = await citizen.send(update)
    assert len(sent) == 1
    names = {
        "sticker": "a sticker",
        "animation": "a GIF",
        "poll": "a poll",
        "video_note": "a round video message",
    }
    assert ID(names[kind]) in sent[0].text
    assert "when:now" in sent[0].callback_data()  # the step is repeated
    assert await state_of_user(harness, 9001) == "when"
    assert await draft_of(harness) == before


async def test_contact_where_text_is_expected(harness: Harness) -> None:
    citizen = harness.citizen(9002)
    await reach(citizen, "description")
    sent = await citizen.send(harness.updates.contact(9002))
    assert len(sent) == 1 and await state_of_user(harness, 9002) == "description"
    assert await harness.rows("SELECT * FROM evidence") == []


async def test_over_long_description_refused_with_the_limit(harness: Harness) -> None:
    citizen = harness.citizen(9003)
    await reach(citizen, "description")
    sent = await citizen.say("x " * 2500)
    assert "4000" in sent[0].text and "4999" in sent[0].text
    assert await state_of_user(harness, 9003) == "description"
    assert (await draft_of(harness))["description"] is None
    await citizen.say(DESCRIPTION)
    assert (await draft_of(harness))["description"] == DESCRIPTION


async def test_short_description_asks_for_more_then_accepts(harness: Harness) -> None:
    citizen = harness.citizen(9004)
    await reach(citizen, "description")
    sent = await citizen.say("dicopet")
    assert sent[-1].callback_data() == ["desc:done"]
    assert await state_of_user(harness, 9004) == "description"
    await citizen.say("di bus transjakarta, dompet dan hp hilang")
    assert await state_of_user(harness, 9004) == "when"
    assert (await draft_of(harness))["description"] == (
        "dicopet\ndi bus transjakarta, dompet dan hp hilang"
    )


async def test_file_over_the_limit_is_refused_with_the_limit_named(harness: Harness) -> None:
    citizen = harness.citizen(9005)
    await reach(citizen, "evidence")
    harness.api.add_file("BIGVIDEO", b"x" * 10, file_size=25 * 1024 * 1024)
    sent = await citizen.send(
        harness.updates.video(9005, file_id="BIGVIDEO", file_size=25 * 1024 * 1024)
    )
    assert "20 MB" in sent[0].text
    assert await harness.rows("SELECT * FROM evidence") == []
    assert harness.api.calls_to("getFile") == []  # refused before downloading
    assert await state_of_user(harness, 9005) == "evidence"


async def test_file_of_unexpected_type_is_refused(harness: Harness) -> None:
    citizen = harness.citizen(9006)
    await reach(citizen, "evidence")
    harness.api.add_file("EXE", b"MZ....")
    sent = await citizen.send(
        harness.updates.document(
            9006,
            file_id="EXE",
            file_name="../../etc/passwd.exe",
            mime_type="application/x-msdownload",
            file_size=6,
        )
    )
    assert sent[0].text == ID(
        "This type of file cannot be accepted. Please send photos, "
        "videos, PDF or office documents, or voice notes."
    )
    assert await harness.rows("SELECT * FROM evidence") == []


async def test_group_chat_that_is_not_a_staff_group_gets_no_conversation(harness: Harness) -> None:
    update = harness.updates.group_text(-100777, 9007, "/start")
    await harness.deliver(update)
    assert harness.api.sent(-100777) == []
    assert await harness.rows("SELECT * FROM conversations") == []
    rows = await harness.rows("SELECT outcome FROM inbox")
    assert rows[0]["outcome"].startswith("ignored")


async def test_unknown_and_misplaced_commands_get_help(harness: Harness) -> None:
    citizen = harness.citizen(9008)
    sent = await citizen.say("/daftar ABC123")
    assert "/aduan" in sent[0].text and "/status" in sent[0].text
    await reach(citizen, "when")
    sent = await citizen.say("/antrian")
    assert "/bantuan" in sent[0].text
    assert "when:now" in sent[-1].callback_data()  # and the step goes on
    assert await state_of_user(harness, 9008) == "when"


async def test_unparseable_date_explained(harness: Harness) -> None:
    citizen = harness.citizen(9009)
    await reach(citizen, "when")
    sent = await citizen.say("pokoknya waktu itu")
    # once more with a numeric example and a way out, nothing lost
    assert "4/12" in sent[0].text and await state_of_user(harness, 9009) == "when"
    assert "when:unsure" in sent[0].callback_data()
    sent = await citizen.press("when:other")
    sent = await citizen.say("31/12/2099")
    assert await state_of_user(harness, 9009) == "when_other"


@pytest.mark.parametrize(
    "text", ["", "🙂🙂🙂", "<script>alert(1)</script>", "'; DROP TABLE tickets; --", "x" * 5000]
)
async def test_odd_places_never_crash(harness: Harness, text: str) -> None:
    citizen = harness.citizen(9010)
    await reach(citizen, "where")
    if text:
        sent = await citizen.say(text)
        assert len(sent) == 1
    assert await state_of_user(harness, 9010) == "where"
    outcomes = await harness.rows("SELECT outcome FROM inbox")
    assert all(r["outcome"] == "ok" for r in outcomes)


async def test_location_outside_indonesia_and_invalid(harness: Harness) -> None:
    citizen = harness.citizen(9011)
    await reach(citizen, "where")
    sent = await citizen.send(harness.updates.location(9011, 48.8584, 2.2945))  # Paris
    assert len(sent) == 1 and await state_of_user(harness, 9011) == "where"
