"""A citizen who starts with the whole story, on Telegram: the 110 advice when it is an
emergency, the time and place taken from the story when sure, the category proposed
once, the steps already answered passed; and the traps of issue 17 (a voice note as the
story, a time not understood twice, a zone shown only once the place is known)."""

from __future__ import annotations

from bot.i18n import translator
from tests.e2e.steps import reach, said, state_of
from tests.harness import Harness

ID = translator("id").gettext
OGG = b"OggS" + b"voice" * 50


async def test_a_story_with_time_and_place_skips_those_steps(harness: Harness) -> None:
    citizen = harness.citizen(7401)
    sent = await citizen.say(
        "Motor saya dicuri orang di parkiran Pasar Minggu, Jakarta Selatan, tadi malam"
    )
    assert not any("🚨" in (c.text or "") for c in sent)  # over: no emergency advice
    assert said(sent).count("privasi") <= 1 and "/hapusdata" in said(sent)
    assert "consent:yes" in sent[-1].callback_data()
    sent = await citizen.press("consent:yes")
    # the category proposed once: yes, or the whole list
    assert sent[-1].callback_data() == ["cat:crime", "cat:*", "nav:back"]
    sent = await citizen.press("cat:crime")
    # description, when and where were in the story: the next question is the evidence
    assert await state_of(citizen) == "evidence"
    assert "ev:skip" in sent[-1].callback_data()
    sent = await citizen.press("ev:skip")
    summary = sent[-1].text
    assert "Kec. Pasar Minggu, Kota Jakarta Selatan" in summary
    assert "Polres Metro Jakarta Selatan" in summary
    assert "malam" in summary  # the time as understood: the evening before
    await citizen.press("sum:confirm")
    ticket = dict((await harness.rows("SELECT * FROM tickets"))[0])
    assert ticket["place_code"] == "31.74.04"  # Kec. Pasar Minggu
    assert ticket["occurred_text"] == "tadi malam" and ticket["occurred_at"]


async def test_another_category_shows_the_whole_list(harness: Harness) -> None:
    citizen = harness.citizen(7402)
    await citizen.say("Motor saya dicuri orang di parkiran pasar tadi malam, tolong dibantu")
    await citizen.press("consent:yes")
    sent = await citizen.press("cat:*")
    data = sent[-1].callback_data()
    assert "cat:drugs" in data and "cat:crime" in data and len(data) == 11
    await citizen.press("cat:traffic")
    assert await state_of(citizen) == "where"  # the time was in the story, the place not


async def test_an_emergency_story_gets_110_first(harness: Harness) -> None:
    citizen = harness.citizen(7403)
    sent = await citizen.say(
        "hp saya baru dirampas orang di depan stasiun bogor 10 menit lalu, tangan saya luka"
    )
    assert "110" in sent[0].text and "tel:" not in sent[0].text
    assert "consent:yes" in sent[-1].callback_data()
    await citizen.press("consent:yes")
    await citizen.press("cat:crime")
    assert await state_of(citizen) == "evidence"  # "stasiun bogor", "10 menit lalu"
    sent = await citizen.press("ev:skip")
    assert "Stasiun Bogor" in sent[-1].text


async def test_a_place_name_inside_a_sentence_is_not_guessed(harness: Harness) -> None:
    """ "halte busway Fatmawati" names no place of the gazetteer by its own name (an alias
    hit would send it to Bengkulu): the citizen is asked where."""
    citizen = harness.citizen(7404)
    await citizen.say("Dompet saya dicopet di halte busway Fatmawati kemarin siang")
    await citizen.press("consent:yes")
    await citizen.press("cat:crime")
    assert await state_of(citizen) == "where"


async def test_a_voice_note_is_the_story(harness: Harness) -> None:
    citizen = harness.citizen(7405)
    await reach(citizen, "description")
    harness.api.add_file("VOICE1", OGG)
    sent = await citizen.send(harness.updates.voice(7405, file_id="VOICE1", file_size=len(OGG)))
    assert await state_of(citizen) == "when"
    assert ID("Voice note received as your story ✓") in said(sent)
    await citizen.press("when:now")
    await citizen.say("kec cilandak jaksel")
    sent = await citizen.press("place:yes")
    assert "ev:done" in sent[-1].callback_data()  # the voice note counts as evidence
    await citizen.press("ev:done")
    await citizen.press("sum:confirm")
    ticket = dict((await harness.rows("SELECT id, description FROM tickets"))[0])
    assert ticket["description"] == ID("(told in a voice note)")
    kinds = await harness.rows("SELECT kind FROM evidence WHERE ticket_id = ?", ticket["id"])
    assert [k["kind"] for k in kinds] == ["voice"]


async def test_a_photo_instead_of_the_story_is_kept_and_explained(harness: Harness) -> None:
    citizen = harness.citizen(7406)
    await reach(citizen, "description")
    harness.api.add_file("PHOTO7", b"\xff\xd8\xff" + b"0" * 300)
    sent = await citizen.send(harness.updates.photo(7406, file_id="PHOTO7", file_size=303))
    assert await state_of(citizen) == "description"
    assert ID("File saved as evidence. Please also tell us in a text.") in said(sent)
    assert len(await harness.rows("SELECT id FROM evidence")) == 1


async def test_a_time_not_understood_twice_is_kept_as_written(harness: Harness) -> None:
    citizen = harness.citizen(7407)
    await reach(citizen, "when")
    sent = await citizen.say("pas lagi rame-ramenya")
    assert await state_of(citizen) == "when"
    assert "4/12" in sent[-1].text and "when:unsure" in sent[-1].callback_data()
    sent = await citizen.say("waktu orang pada pulang kerja")
    assert await state_of(citizen) == "where"  # asked once more only
    assert "waktu orang pada pulang kerja" in said(sent)
    await citizen.say("kec cilandak jaksel")
    await citizen.press("place:yes")
    sent = await citizen.press("ev:skip")
    assert "waktu orang pada pulang kerja" in sent[-1].text  # the summary keeps the words
    await citizen.press("sum:confirm")
    ticket = dict((await harness.rows("SELECT occurred_at, occurred_text FROM tickets"))[0])
    assert ticket["occurred_at"] is None
    assert ticket["occurred_text"] == "waktu orang pada pulang kerja"


async def test_not_sure_of_the_time(harness: Harness) -> None:
    citizen = harness.citizen(7408)
    await reach(citizen, "when")
    await citizen.press("when:other")
    sent = await citizen.press("when:unsure")
    assert await state_of(citizen) == "where"
    assert ID("When: not sure ✓") in said(sent)


async def test_bali_time_shows_one_zone_once_the_place_is_known(harness: Harness) -> None:
    """Before the place is known the time is shown without a zone; the summary shows the
    place's own (WITA in Bali), never WIB first and WITA later."""
    citizen = harness.citizen(7409)
    await reach(citizen, "when")
    sent = await citizen.say("tadi jam 10.15")
    echo = said(sent)
    assert "10.15" in echo and "WIB" not in echo and "WITA" not in echo
    await citizen.say("kuta badung")
    await citizen.press("place:yes")
    sent = await citizen.press("ev:skip")
    summary = sent[-1].text
    assert "10.15 WITA" in summary and "WIB" not in summary


async def test_a_photo_while_another_question_waits_is_kept(harness: Harness) -> None:
    citizen = harness.citizen(7410)
    await reach(citizen, "when")
    harness.api.add_file("PHOTO8", b"\xff\xd8\xff" + b"1" * 300)
    sent = await citizen.send(harness.updates.photo(7410, file_id="PHOTO8", file_size=303))
    assert await state_of(citizen) == "when"  # the question stays
    assert ID("File saved as evidence ✓") in said(sent)
    assert "when:now" in sent[-1].callback_data()
    rows = await harness.rows("SELECT draft FROM conversations")
    assert "PHOTO8" in rows[0]["draft"]  # on the draft: it goes with the ticket


async def test_a_story_typed_under_the_privacy_notice_is_kept(harness: Harness) -> None:
    # Telegram's START button sends /start, which shows the privacy notice; a citizen who
    # then types what happened instead of pressing "Setuju" lost the story before.
    citizen = harness.citizen(7420)
    await citizen.say("/start")
    assert await state_of(citizen) == "consent"
    sent = await citizen.say("hp saya dijambret tadi pagi di depan stasiun bogor, tolong pak")
    assert ID("Thank you, your story is saved.") in said(sent)
    assert "consent:yes" in sent[-1].callback_data()  # the notice is asked again
    sent = await citizen.press("consent:yes")
    # the story's category is proposed, and the story is not asked for again
    assert sent[-1].callback_data()[0] == "cat:crime"
    await citizen.press("cat:crime")
    assert await state_of(citizen) != "description"
    rows = await harness.rows("SELECT draft FROM conversations")
    assert "dijambret" in rows[0]["draft"]


async def test_a_word_under_the_privacy_notice_is_not_a_story(harness: Harness) -> None:
    citizen = harness.citizen(7421)
    await citizen.say("/start")
    sent = await citizen.say("apa ini")
    assert ID("Thank you, your story is saved.") not in said(sent)
    assert "consent:yes" in sent[-1].callback_data()


FILE_NOT_KEPT = ID(
    "Your file is not saved yet: we can keep files only after you agree to the "
    "notice below. Please agree, then send the file again."
)


async def test_a_voice_note_sent_first_starts_the_complaint_and_says_it_was_not_kept(
    harness: Harness,
) -> None:
    # A citizen who opens by telling the story in a voice note got the menu, as if
    # nothing had come: the complaint starts, and the notice says to send it again.
    citizen = harness.citizen(7422)
    harness.api.add_file("VOICE22", OGG)
    sent = await citizen.send(harness.updates.voice(7422, file_id="VOICE22", file_size=len(OGG)))
    assert FILE_NOT_KEPT in said(sent)
    assert "consent:yes" in sent[-1].callback_data()
    assert await state_of(citizen) == "consent"
    await citizen.press("consent:yes")
    await citizen.press("cat:crime")
    sent = await citizen.send(harness.updates.voice(7422, file_id="VOICE22", file_size=len(OGG)))
    assert ID("Voice note received as your story ✓") in said(sent)


async def test_a_photo_with_the_story_as_caption_sent_first_keeps_the_story(
    harness: Harness,
) -> None:
    citizen = harness.citizen(7423)
    harness.api.add_file("PHOTO23", b"\xff\xd8\xff" + b"0" * 300)
    sent = await citizen.send(
        harness.updates.photo(
            7423,
            file_id="PHOTO23",
            file_size=303,
            caption="motor saya dicuri orang di parkiran pasar tadi malam, ini fotonya",
        )
    )
    assert FILE_NOT_KEPT in said(sent)
    assert ID("Thank you, your story is saved.") in said(sent)
    sent = await citizen.press("consent:yes")
    assert sent[-1].callback_data()[0] == "cat:crime"  # proposed from the caption
    assert await files_kept(harness) == 0  # nothing before the consent


async def files_kept(harness: Harness) -> int:
    """Evidence rows plus evidence files on disk."""
    rows = await harness.rows("SELECT id FROM evidence")
    disk = harness.runtime.settings.evidence_dir.rglob("*")
    return len(rows) + len([p for p in disk if p.is_file()])


async def test_a_photo_under_the_privacy_notice_is_not_kept(harness: Harness) -> None:
    # The notice's step says a file sent before the consent is not kept; the runtime
    # still wrote its evidence row and left the file on disk, and after the ticket was
    # filed nothing ever took them (the citizen then has an open ticket).
    citizen = harness.citizen(7425)
    await citizen.say("/start")
    harness.api.add_file("PHOTO25", b"\xff\xd8\xff" + b"5" * 300)
    sent = await citizen.send(harness.updates.photo(7425, file_id="PHOTO25", file_size=303))
    assert FILE_NOT_KEPT in said(sent)
    assert await files_kept(harness) == 0
    await citizen.press("consent:yes")
    await citizen.press("cat:crime")
    # the same photo sent again, now under a question that keeps files, is kept
    await citizen.send(harness.updates.photo(7425, file_id="PHOTO25", file_size=303))
    assert await files_kept(harness) == 2


async def test_a_caption_under_the_privacy_notice_is_kept_as_the_story(
    harness: Harness,
) -> None:
    # A typed story under the notice is kept; the same words as a photo's caption were
    # dropped with the photo. The caption is the citizen's story; the photo, sent before
    # the consent, is not kept.
    citizen = harness.citizen(7426)
    await citizen.say("/start")
    harness.api.add_file("PHOTO26", b"\xff\xd8\xff" + b"6" * 300)
    sent = await citizen.send(
        harness.updates.photo(
            7426,
            file_id="PHOTO26",
            file_size=303,
            caption="motor saya dicuri orang di parkiran pasar tadi malam, ini fotonya",
        )
    )
    assert FILE_NOT_KEPT in said(sent)
    assert ID("Thank you, your story is saved.") in said(sent)
    assert "consent:yes" in sent[-1].callback_data()  # the notice is asked again
    sent = await citizen.press("consent:yes")
    assert sent[-1].callback_data()[0] == "cat:crime"  # proposed from the caption
    await citizen.press("cat:crime")
    assert await state_of(citizen) != "description"
    rows = await harness.rows("SELECT draft FROM conversations")
    assert "parkiran pasar" in rows[0]["draft"]
    assert await files_kept(harness) == 0  # the photo itself is not kept


async def test_a_location_under_the_privacy_notice_is_explained(harness: Harness) -> None:
    citizen = harness.citizen(7424)
    await citizen.say("/start")
    sent = await citizen.send(harness.updates.location(7424, -6.2615, 106.8106))
    assert ID(
        "Your location is not saved yet: we can keep it only after you agree to the "
        "notice below. Please agree, then send the location again."
    ) in said(sent)
    assert "consent:yes" in sent[-1].callback_data()


async def test_an_album_sent_first_is_answered_not_kept_once(harness: Harness) -> None:
    # Telegram delivers an album as one update per photo (the same media_group_id): each
    # got the "not saved yet" line and the privacy notice again.
    citizen = harness.citizen(7426)
    sent = []
    for n in range(3):
        harness.api.add_file(f"ALBUM{n}", b"\xff\xd8\xff" + bytes([48 + n]) * 300)
        sent += await citizen.send(
            harness.updates.photo(
                7426, file_id=f"ALBUM{n}", file_size=303, media_group_id="album-26"
            )
        )
    assert said(sent).count(FILE_NOT_KEPT) == 1
    assert sum("consent:yes" in c.callback_data() for c in sent) == 1
    assert await state_of(citizen) == "consent"
    assert await files_kept(harness) == 0
    # another album, or a single photo, is answered again
    harness.api.add_file("SINGLE26", b"\xff\xd8\xff" + b"9" * 300)
    sent = await citizen.send(harness.updates.photo(7426, file_id="SINGLE26", file_size=303))
    assert FILE_NOT_KEPT in said(sent)
