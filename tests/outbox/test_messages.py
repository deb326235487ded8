"""The outgoing messages and their stored form (bot/outbox/messages.py): every type
round-trips, the rows earlier versions wrote decode (and new rows are written the same
way), and what cannot be read is refused by name."""

from __future__ import annotations

import json
from typing import get_args

import pytest

from bot.officers.actions import CardAction, Verb, button
from bot.outbox.messages import (
    AlbumItem,
    CallbackAnswer,
    Card,
    CitizenReply,
    Digest,
    Edit,
    Erased,
    Location,
    MalformedPayload,
    MediaGroup,
    MediaItem,
    Outgoing,
    StaffMessage,
    UnknownKind,
    Unreadable,
    from_row,
    keyboard,
    kind_of,
    listed_tickets,
    read_row,
    to_row,
)
from flows.events import Option, Reply

BUTTONS = keyboard(
    [
        [button("✋ Ambil", Verb.CLAIM, 7), button("💬 Balas", Verb.REPLY, 7)],
        [button("Unit", Verb.TRANSFER_TO, 7, "polres-jaksel")],
    ]
)

EXAMPLES: list[Outgoing] = [
    CitizenReply(Reply("Halo")),
    CitizenReply(
        Reply(
            "Pilih satu",
            options=(Option("cat:theft", "Pencurian"), Option("nav:back", "⬅️ Kembali")),
            columns=2,
            request_location="📍 Kirim lokasi",
            remove_keyboard=True,
            location=(-6.2, 106.8),
            media=(("photo", "PHOTO-1"),),
            links=(("Telepon 110", "tel:110"),),
        ),
        "en",
        notice="officer_reply",
        ticket_id=12,
        full_text_after_template=True,
    ),
    CallbackAnswer("cb-1"),
    CallbackAnswer("cb-2", "Sudah diambil", alert=True),
    StaffMessage("<b>Halo</b>"),
    StaffMessage(
        "plain & simple", html=False, buttons=BUTTONS, reply_to=55, force_reply=True, thread_id=9
    ),
    Card("<b>Kartu</b>", 7, buttons=BUTTONS, thread_id=3),
    Digest("…"),
    Digest("<b>2 tiket</b>", buttons=BUTTONS, ticket_ids=(7, 8), thread_id=3),
    Edit(101, "<b>Kartu</b>", buttons=BUTTONS, ticket_id=7),
    Edit(102, "plain", html=False),
    Location(-6.25, 106.79),
    Location(-6.25, 106.79, reply_to=5, thread_id=3),
    MediaItem("photo", "PHOTO-1"),
    MediaItem("document", "DOC-1", "Bukti ABC", reply_to=5, thread_id=3),
    MediaGroup((AlbumItem("photo", "P1", "Bukti"), AlbumItem("video", "V1"))),
    MediaGroup((AlbumItem("photo", "P1"), AlbumItem("photo", "P2")), reply_to=4, thread_id=2),
]


@pytest.mark.parametrize("message", EXAMPLES, ids=lambda m: f"{type(m).__name__}")
def test_every_message_comes_back_as_it_was_stored(message: Outgoing) -> None:
    kind, payload = to_row(message)
    assert kind == message.KIND == kind_of(message)
    assert json.loads(payload)  # an object, never empty
    assert from_row(kind, payload) == message
    assert from_row(kind, json.loads(payload)) == message  # already parsed (the web store)


def test_every_type_of_the_union_has_an_example_and_its_own_kind() -> None:
    types = set(get_args(Outgoing))
    assert {type(m) for m in EXAMPLES} == types
    assert len({t.KIND for t in types}) == len(types)


# Rows exactly as the code before the typed messages wrote them (JSON with Python's
# default separators, keys in the producers' order), one per producer. `same`: the
# message decoded from it is written back byte for byte.
OLD_ROWS = [
    # bot/dispatcher.py: {**to_dict(reply), "locale": locale}
    (
        "reply",
        '{"type": "Reply", "text": "Halo", "options": [{"id": "consent:yes", "label": "Ya"}], '
        '"columns": 1, "request_location": "", "remove_keyboard": false, "location": null, '
        '"media": [], "links": [], "locale": "id"}',
        CitizenReply(Reply("Halo", options=(Option("consent:yes", "Ya"),)), "id"),
        True,
    ),
    # bot/officers/notices.py: ... "notice", "ticket_id"
    (
        "reply",
        '{"type": "Reply", "text": "Diteruskan", "options": [], "columns": 1, '
        '"request_location": "", "remove_keyboard": false, "location": null, "media": '
        '[["photo", "F1"]], "links": [], "locale": "en", "notice": "ticket_update", '
        '"ticket_id": 4}',
        CitizenReply(
            Reply("Diteruskan", media=(("photo", "F1"),)), "en", notice="ticket_update", ticket_id=4
        ),
        True,
    ),
    # bot/channels/whatsapp/sender.py: the held copy, {**payload, FULL_TEXT: True}
    (
        "reply",
        '{"type": "Reply", "text": "Panjang", "options": [], "columns": 1, '
        '"request_location": "", "remove_keyboard": false, "location": null, "media": [], '
        '"links": [], "locale": "id", "notice": "officer_reply", "ticket_id": 4, '
        '"full_text_after_template": true}',
        CitizenReply(
            Reply("Panjang"),
            "id",
            notice="officer_reply",
            ticket_id=4,
            full_text_after_template=True,
        ),
        True,
    ),
    # a reply of an erased citizen, flagged by SQLite's json_set (bot/store/privacy.py):
    # the flag is the store's, not the message's
    (
        "reply",
        '{"type":"Reply","text":"Data dihapus","options":[],"columns":1,"request_location":"",'
        '"remove_keyboard":false,"location":null,"media":[],"links":[],"locale":"id",'
        '"erase_after_send":true}',
        CitizenReply(Reply("Data dihapus"), "id"),
        False,
    ),
    # bot/officers/handler.py
    (
        "callback_answer",
        '{"callback_id": "77", "text": "Sudah diambil", "alert": true}',
        CallbackAnswer("77", "Sudah diambil", alert=True),
        True,
    ),
    # bot/dispatcher.py: no alert, no toast
    ("callback_answer", '{"callback_id": "78", "text": null}', CallbackAnswer("78"), False),
    # bot/officers/groups.py group_message, then post's thread_id
    (
        "message",
        '{"text": "<b>Balas</b>", "html": true, "buttons": [[["Kirim", "t:send:7:ok"], '
        '["Batal", "t:cancel:7"]]], "reply_to_message_id": 301, "force_reply": true, '
        '"thread_id": 12}',
        StaffMessage(
            "<b>Balas</b>",
            buttons=keyboard(
                [[button("Kirim", Verb.SEND, 7, "ok"), button("Batal", Verb.CANCEL, 7)]]
            ),
            reply_to=301,
            force_reply=True,
            thread_id=12,
        ),
        True,
    ),
    # bot/officers/card_delivery.py card_message
    (
        "card",
        '{"text": "<b>ABC</b>", "html": true, "ticket_id": 7, "buttons": '
        '[[["✋ Ambil", "t:claim:7"]]], "thread_id": 5}',
        Card("<b>ABC</b>", 7, buttons=keyboard([[button("✋ Ambil", Verb.CLAIM, 7)]]), thread_id=5),
        True,
    ),
    # bot/officers/digests.py: the placeholder, then the rewrite
    ("digest", '{"text": "…", "html": true}', Digest("…"), False),
    (
        "digest",
        '{"text": "<b>2</b>", "html": true, "buttons": [[["ABC", "t:card:7"], ["ABD", '
        '"t:card:8"]]], "ticket_ids": [7, 8]}',
        Digest(
            "<b>2</b>",
            buttons=keyboard([[button("ABC", Verb.CARD, 7), button("ABD", Verb.CARD, 8)]]),
            ticket_ids=(7, 8),
        ),
        True,
    ),
    # bot/officers/groups.py edit: {**card_message, "message_id"}
    (
        "edit",
        '{"text": "<b>ABC</b>", "html": true, "ticket_id": 7, "buttons": [], "message_id": 44}',
        Edit(44, "<b>ABC</b>", ticket_id=7),
        True,
    ),
    (
        "location",
        '{"latitude": -6.2, "longitude": 106.8, "thread_id": 5}',
        Location(-6.2, 106.8, thread_id=5),
        True,
    ),
    (
        "media",
        '{"kind": "photo", "file_ref": "F1", "caption": "Bukti ABC"}',
        MediaItem("photo", "F1", "Bukti ABC"),
        True,
    ),
    # bot/officers/citizen_followup.py: a card not delivered yet has no message id
    (
        "media",
        '{"kind": "video", "file_ref": "V1", "caption": "ABC", "reply_to_message_id": null}',
        MediaItem("video", "V1", "ABC"),
        False,
    ),
    (
        "media_group",
        '{"items": [{"kind": "photo", "file_ref": "P1", "caption": "Bukti"}, {"kind": '
        '"video", "file_ref": "V1", "caption": null}], "thread_id": 5}',
        MediaGroup((AlbumItem("photo", "P1", "Bukti"), AlbumItem("video", "V1")), thread_id=5),
        True,
    ),
]


@pytest.mark.parametrize(
    ("kind", "payload", "message", "same"),
    OLD_ROWS,
    ids=[f"{r[0]}-{i}" for i, r in enumerate(OLD_ROWS)],
)
def test_rows_written_before_the_typed_messages_are_read(
    kind: str, payload: str, message: Outgoing, same: bool
) -> None:
    assert from_row(kind, payload) == message
    if same:
        assert to_row(message) == (kind, payload)


def test_an_erased_row_reads_as_erased() -> None:
    # bot/store/privacy.py REDACTED replaces the payload of sent and failed rows
    assert from_row("reply", '{"redacted": true}') == Erased("reply")
    assert read_row("card", {"redacted": True}) == Erased("card")


def test_an_unknown_kind_is_refused_by_name() -> None:
    with pytest.raises(UnknownKind, match="'sticker'.*known: reply, callback_answer"):
        from_row("sticker", '{"file_ref": "S1"}')
    unreadable = read_row("sticker", '{"file_ref": "S1"}')
    assert isinstance(unreadable, Unreadable) and unreadable.kind == "sticker"
    assert "unknown outgoing message kind 'sticker'" in unreadable.error


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        ("card", '{"html": true, "ticket_id": 7}'),  # no text
        ("reply", '{"type": "Reply", "locale": "id"}'),  # a reply without text
        ("edit", '{"text": "x", "message_id": "not a number"}'),
        ("message", '{"text": "x", "buttons": [[["OK", "t:noop:1"]]]}'),  # no card action
        ("location", "[1, 2]"),
        ("media", '{"kind": "photo", "file_ref"'),  # cut short
    ],
)
def test_a_payload_its_kind_cannot_be_read_from_is_refused(kind: str, payload: str) -> None:
    with pytest.raises(MalformedPayload, match=kind):
        from_row(kind, payload)
    assert isinstance(read_row(kind, payload), Unreadable)


def test_buttons_are_stored_as_label_and_packed_action() -> None:
    kind, payload = to_row(StaffMessage("x", buttons=keyboard([[button("A", Verb.CLAIM, 3)]])))
    assert json.loads(payload)["buttons"] == [[["A", "t:claim:3"]]]
    decoded = from_row(kind, payload)
    assert isinstance(decoded, StaffMessage)
    assert decoded.buttons[0][0].action == CardAction(Verb.CLAIM, 3)


def test_a_digests_tickets_are_read_without_its_buttons() -> None:
    """`listed_tickets` (a digest's adder, bot/store/staff_digests.py) answers what the
    full decoding answers, and None for any other kind or an unreadable payload."""
    digest = Digest(
        "2 tiket",
        buttons=keyboard([[button("DMS-1", Verb.CARD, 11), button("DMS-2", Verb.CARD, 12)]]),
        ticket_ids=(11, 12),
        thread_id=5,
    )
    kind, payload = to_row(digest)
    decoded = from_row(kind, payload)
    assert isinstance(decoded, Digest)
    assert listed_tickets(kind, payload) == decoded.ticket_ids == (11, 12)
    assert listed_tickets(*to_row(Digest("kosong"))) == ()
    assert listed_tickets(*to_row(StaffMessage("pesan"))) is None
    assert listed_tickets("digest", "{broken") is None
    assert listed_tickets("digest", '{"ticket_ids": ["x"]}') is None
