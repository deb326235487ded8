"""bot/officers/follow_ups.py: one follow-up per pending kind, each declaring what the
ladder in the staff desk did before the table (which answers a photo may give, which
refuse an empty text, which question stays open); then, through the real stack on the
fake Bot API, the desk's checks: an answer about a ticket closed meanwhile is refused
politely, a photo answers Reply but not Resolve, an answer typed too late or of a kind no
version writes is not taken, and a unit's name matching nothing is asked for again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.channels.base import MediaRef, StaffEvent
from bot.officers import follow_ups
from bot.officers.card_actions import reject, reply, resolve, transfer
from bot.officers.card_actions.preconditions import Needs
from bot.officers.pending import PendingKind
from bot.store.database import iso, utcnow
from tests.officers.conftest import GROUP, OFFICER, OFFICER_2, Desk

# kind: (the card-action family it answers for, media, text required, keeps asking)
EXPECTED: dict[PendingKind, tuple[Any, bool, bool, bool]] = {
    PendingKind.REPLY: (reply, True, True, False),
    PendingKind.CONFIRM_REPLY: (reply, True, True, False),
    PendingKind.TRANSFER: (transfer, False, False, True),
    PendingKind.RESOLVE: (resolve, False, True, False),
    PendingKind.REJECT: (reject, False, True, False),
}
PLEASE_WRITE = "Please write a text."


def test_every_kind_has_one_follow_up_declaring_what_the_ladder_did() -> None:
    assert set(follow_ups.TABLE) == set(PendingKind) == set(EXPECTED)
    for kind, (family, media, text_required, keeps_asking) in EXPECTED.items():
        entry = follow_ups.lookup(kind)
        assert entry is not None and entry.kind is kind
        assert (entry.media, entry.text_required, entry.keeps_asking) == (
            media,
            text_required,
            keeps_asking,
        ), kind
        # the ticket is checked as the ladder did: in the area and open, nothing more
        assert entry.needs == Needs()
        # the follow-up calls into the family that asked (`reply.reply(...)`, ...)
        assert family.__name__.rsplit(".", 1)[-1] in entry.run.__code__.co_names, kind


def test_a_kind_registered_twice_is_refused_and_no_kind_finds_nothing() -> None:
    one = follow_ups.TABLE[PendingKind.RESOLVE]
    with pytest.raises(ValueError, match="twice"):
        follow_ups.build([one, one])
    assert follow_ups.lookup(None) is None


ANSWERS = {
    # answer: (text, a file attached)
    "text": ("Pelaku tertangkap", False),
    "empty": ("", False),
    "photo without caption": ("", True),
    "photo with caption": ("lihat foto", True),
}


@pytest.mark.parametrize("answer", list(ANSWERS))
@pytest.mark.parametrize("kind", list(PendingKind), ids=lambda k: k.name)
def test_each_kind_refuses_the_answers_the_ladder_refused(kind: PendingKind, answer: str) -> None:
    text, attached = ANSWERS[answer]
    _family, media, text_required, _keeps = EXPECTED[kind]
    refused = text_required and not text and not (media and attached)
    got = follow_ups.refusal(follow_ups.TABLE[kind], text, attached=attached, gettext=str)
    assert got == (PLEASE_WRITE if refused else None)


def event(media: MediaRef | None) -> StaffEvent:
    return StaffEvent("telegram", "-1", "9", "Budi", "media", media=media)


@pytest.mark.parametrize(
    ("kind", "relayed"),
    [("photo", True), ("document", True), ("video", True), ("voice", False), ("sticker", False)],
)
def test_only_files_a_citizen_can_be_sent_go_with_a_reply(kind: Any, relayed: bool) -> None:
    got = follow_ups.media_of(event(MediaRef(kind, "FILE-1")))
    assert got == ((kind, "FILE-1") if relayed else None)
    assert follow_ups.media_of(event(None)) is None


# ------------------------------------------------------------------ through the desk


async def _asked(desk: Desk, user: int, verb: str, tid: int) -> int:
    """Press the card's button and return the ForceReply prompt's message id."""
    await desk.press(user, f"t:{verb}:{tid}")
    prompt = desk.group_calls()[-1]
    assert prompt.reply_markup and prompt.reply_markup.get("force_reply") is True
    return int(prompt.result["message_id"])


async def _sql(desk: Desk, sql: str, *params: Any) -> None:
    async with desk.h.db.transaction() as conn:
        await conn.execute(sql, params)


async def _filed(desk: Desk, user: int) -> tuple[str, int]:
    ref = await desk.file(desk.h.citizen(user))
    return ref, int((await desk.ticket(ref))["id"])


async def test_an_answer_about_a_ticket_closed_meanwhile_is_refused_politely(
    desk: Desk,
) -> None:
    ref, tid = await _filed(desk, 7801)
    citizen = desk.h.citizen(7801)
    prompt = await _asked(desk, OFFICER, "reply", tid)
    note = await _asked(desk, OFFICER_2, "done", tid)
    await desk.say(OFFICER_2, "Sudah ditangani.", reply_to=note)
    assert (await desk.ticket(ref))["status"] == "resolved"

    before = len(citizen.messages())
    said = await desk.say(OFFICER, "Kami cek CCTV.", reply_to=prompt)
    texts = [c.text or "" for c in said if c.method == "sendMessage" and c.chat_id == GROUP]
    assert texts == [f"Tiket {ref} sudah ditutup."]
    assert citizen.messages()[before:] == []


async def test_a_photo_answers_reply_but_a_closing_note_must_be_written(desk: Desk) -> None:
    ref, tid = await _filed(desk, 7802)
    note = await _asked(desk, OFFICER, "done", tid)
    await desk.h.deliver(desk.h.updates.group_photo(GROUP, OFFICER, reply_to_message_id=note))
    assert desk.group_calls()[-1].text == "Mohon tuliskan teksnya."
    assert (await desk.ticket(ref))["status"] != "resolved"
    # the question stays: the written note then closes the ticket
    await desk.say(OFFICER, "Motor ditemukan.", reply_to=note)
    assert (await desk.ticket(ref))["status"] == "resolved"

    ref, tid = await _filed(desk, 7803)
    citizen = desk.h.citizen(7803)
    prompt = await _asked(desk, OFFICER, "reply", tid)
    before = len(citizen.messages())
    photo = desk.h.updates.file_id()
    desk.api.add_file(photo, b"\xff\xd8\xff" + b"0" * 500)  # a file Telegram knows
    await desk.h.deliver(
        desk.h.updates.group_photo(GROUP, OFFICER, photo, 503, reply_to_message_id=prompt)
    )
    assert "sendPhoto" in [m.method for m in citizen.messages()[before:]]
    assert not await desk.h.rows("SELECT action FROM staff_pending")


async def test_a_late_answer_or_one_of_a_kind_no_longer_written_is_not_taken(
    desk: Desk,
) -> None:
    ref, tid = await _filed(desk, 7804)
    citizen = desk.h.citizen(7804)
    await _asked(desk, OFFICER, "reply", tid)
    # asked two hours ago (the store stamps the wall clock, not the test's)
    await _sql(desk, "UPDATE staff_pending SET created_at = ?", iso(utcnow() - timedelta(hours=2)))
    before = len(citizen.messages())
    await desk.say(OFFICER, "Ini jawaban yang terlambat.")  # not a reply to anything
    assert citizen.messages()[before:] == []
    assert not await desk.h.rows("SELECT action FROM staff_pending")

    await _asked(desk, OFFICER, "reply", tid)
    await _sql(desk, "UPDATE staff_pending SET action = 'edit_reply'")
    await desk.say(OFFICER, "Jawaban untuk pertanyaan lama.")
    assert citizen.messages()[before:] == []
    assert not await desk.h.rows("SELECT action FROM staff_pending")
    outcomes = await desk.h.rows("SELECT outcome FROM inbox ORDER BY id DESC LIMIT 1")
    assert outcomes[0]["outcome"] == "ignored:unknown pending"


async def test_a_unit_name_matching_nothing_is_asked_for_again(desk: Desk) -> None:
    _ref, tid = await _filed(desk, 7805)
    prompt = await _asked(desk, OFFICER, "tx", tid)
    await desk.say(OFFICER, "zzqx tidak ada", reply_to=prompt)
    again = desk.group_calls()[-1]
    assert again.reply_markup and again.reply_markup.get("force_reply") is True
    assert [r["action"] for r in await desk.h.rows("SELECT action FROM staff_pending")] == [
        "transfer"
    ]
    await desk.say(OFFICER, "polres bogor", reply_to=int(again.result["message_id"]))
    assert any(d.startswith(f"t:to:{tid}:") for d in desk.group_calls()[-1].callback_data())
