"""Documents reach the staff group rebuilt from the stored bytes under a neutral name
(`bukti-<reference>-<n>.<ext>`), never as the citizen uploaded them: an "anonymous"
reporter's file name ("Laporan Budi Santoso.pdf") does not reach the officers
(bot/officers/forwarding.py)."""

from __future__ import annotations

from tests.e2e.steps import answer_until
from tests.officers.conftest import GROUP, Desk

PDF = b"%PDF-1.4\n" + b"laporan pencurian motor" * 50
NAME = "Laporan Budi Santoso 0812-3456-7890.pdf"


def _documents(desk: Desk) -> list:  # type: ignore[type-arg]
    return [c for c in desk.group_calls(GROUP) if c.method == "sendDocument"]


async def test_evidence_and_follow_up_documents_go_under_a_neutral_name(desk: Desk) -> None:
    citizen = desk.h.citizen(5601)
    f = desk.h.updates
    await citizen.say("/start")
    await answer_until(citizen, "evidence", when="when:today")
    desk.api.add_file("DOC-EVIDENCE", PDF)
    await citizen.send(
        f.document(
            citizen.user_id,
            file_id="DOC-EVIDENCE",
            file_name=NAME,
            file_size=len(PDF),
            caption="dari Budi Santoso",
        )
    )
    await citizen.press("ev:done")
    await citizen.press("sum:confirm")
    reference = str((await desk.h.rows("SELECT reference FROM tickets"))[0][0])

    sent = _documents(desk)
    assert len(sent) == 1
    upload = sent[0].files["document"]
    assert upload.filename == f"bukti-{reference}-1.pdf"
    assert upload.content == PDF
    assert "DOC-EVIDENCE" not in str(sent[0].params)  # not re-sent by its file_id
    assert "Budi" not in (sent[0].text or "")  # Dumas's caption, not the citizen's

    # a document sent later about the ticket is forwarded the same way
    later = PDF + b" tambahan"
    desk.api.add_file("DOC-LATER", later)
    answer = await citizen.send(
        f.document(citizen.user_id, file_id="DOC-LATER", file_name=NAME, file_size=len(later))
    )
    assert "ditambahkan" in answer[-1].text or "added" in (answer[-1].text or "")
    sent = _documents(desk)
    assert len(sent) == 2
    upload = sent[-1].files["document"]
    assert upload.filename.startswith(f"bukti-{reference}-") and upload.filename.endswith(".pdf")
    assert upload.content == later
    for call in sent:  # what the group's members can see of the file
        assert "Budi" not in str(call.params)
        assert call.result["document"]["file_name"].startswith(f"bukti-{reference}-")


async def test_an_audio_file_goes_under_a_neutral_name_too(desk: Desk) -> None:
    """An audio file carries its file name on Telegram like a document
    ("rekaman.mp3" in the fake, "Rekaman Budi.mp3" in life): re-uploaded as well."""
    citizen = desk.h.citizen(5603)
    f = desk.h.updates
    await citizen.say("/start")
    await answer_until(citizen, "evidence", when="when:today")
    mp3 = b"ID3" + b"rekaman suara pelaku" * 40
    desk.api.add_file("AUDIO-1", mp3)
    await citizen.send(f.audio(citizen.user_id, file_id="AUDIO-1", file_size=len(mp3)))
    await citizen.press("ev:done")
    await citizen.press("sum:confirm")
    reference = str((await desk.h.rows("SELECT reference FROM tickets"))[0][0])
    sent = [c for c in desk.group_calls(GROUP) if c.method == "sendAudio"]
    assert len(sent) == 1
    upload = sent[0].files["audio"]
    assert upload.filename.startswith(f"bukti-{reference}-1.") and upload.content == mp3
    assert "AUDIO-1" not in str(sent[0].params)
