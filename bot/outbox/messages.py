"""What Dumas sends: one frozen type per kind of outgoing message, and the one codec
between those types and an outbox row's stored `kind` and `payload` JSON.

Producers (the dispatcher, bot/officers) build an `Outgoing` value and hand it to
`bot.store.outbox.enqueue`; the senders (bot/channels/*/sender.py, the web page) get
it back decoded on the row and dispatch with `match` on its type. Nothing else reads
or writes a payload dict.

The stored form is the one rows already in databases have (no migration): the kind
strings and payload keys below are what earlier versions wrote, so a queued row from
before this module still decodes and is delivered. `to_row` writes every key a
reader of that form needs; `from_row` reads what it finds, ignores keys no reader
uses (e.g. the erasure flag the privacy code adds in SQL, see bot/store/privacy.py),
and refuses a kind it does not know (`UnknownKind`) or a payload it cannot read
(`MalformedPayload`). A row whose content was erased (bot/store/privacy.py writes
`{"redacted": true}`) decodes as `Erased`.

To add a kind: a frozen dataclass with a `KIND`, added to `Outgoing`, an encoder and a
decoder in `_CODECS`, a round-trip case in tests/outbox/test_messages.py, and a `case`
in each sender that can deliver it (the others refuse it as a permanent failure).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from bot.officers.actions import Button, CardAction
from flows.events import Reply, reply_from_dict, to_dict

# A staff message's buttons, row by row.
Keyboard = tuple[tuple[Button, ...], ...]

# Payload flag of WhatsApp's held copy of a notice whose template carried only its first
# words (bot/channels/whatsapp/sender.py); the key earlier versions wrote.
FULL_TEXT = "full_text_after_template"


def keyboard(rows: Iterable[Iterable[Button]] | None) -> Keyboard:
    """Buttons as the messages hold them (tuples: a message is immutable)."""
    return tuple(tuple(row) for row in rows or ())


# ---------------------------------------------------------------- to citizens


@dataclass(frozen=True, slots=True)
class CitizenReply:
    """A message to a citizen: the flow's `Reply` in the citizen's `locale` (a channel
    that adds words of its own, WhatsApp's "reply with a number", uses it). A notice
    about a ticket names it (`notice`: "officer_reply", "status_change", ...): WhatsApp
    sends those outside the 24-hour window as a template or holds them."""

    KIND: ClassVar[str] = "reply"

    reply: Reply
    locale: str | None = None
    notice: str | None = None
    ticket_id: int | None = None
    # WhatsApp's copy of a notice held whole after a template carried its first words
    full_text_after_template: bool = False


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    """The answer to a button press (Telegram's answerCallbackQuery; a toast on the web):
    a short text, shown as an alert when `alert`."""

    KIND: ClassVar[str] = "callback_answer"

    callback_id: str
    text: str = ""
    alert: bool = False


# ---------------------------------------------------------------- to staff groups
# Every one of these may go to a forum topic (`thread_id`, sent as message_thread_id) and
# answer a message (`reply_to`, reply_to_message_id).


@dataclass(frozen=True, slots=True)
class StaffMessage:
    """A text in a staff group: HTML built with every citizen value escaped, buttons,
    and a ForceReply when the bot waits for the officer's answer."""

    KIND: ClassVar[str] = "message"

    text: str
    html: bool = True
    buttons: Keyboard = ()
    reply_to: int | None = None
    force_reply: bool = False
    thread_id: int | None = None


@dataclass(frozen=True, slots=True)
class Card:
    """A ticket's card (bot/officers/cards.py): known afterwards by its message id."""

    KIND: ClassVar[str] = "card"

    text: str
    ticket_id: int
    buttons: Keyboard = ()
    html: bool = True
    thread_id: int | None = None


@dataclass(frozen=True, slots=True)
class Digest:
    """A busy group's list of new tickets (bot/officers/digests.py), rewritten while it
    waits; `ticket_ids` are the tickets it lists."""

    KIND: ClassVar[str] = "digest"

    text: str
    buttons: Keyboard = ()
    ticket_ids: tuple[int, ...] = ()
    html: bool = True
    thread_id: int | None = None


@dataclass(frozen=True, slots=True)
class Edit:
    """A delivered message edited in place (a card brought up to date or frozen)."""

    KIND: ClassVar[str] = "edit"

    message_id: int
    text: str
    buttons: Keyboard = ()
    html: bool = True
    ticket_id: int | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """A map pin."""

    KIND: ClassVar[str] = "location"

    latitude: float
    longitude: float
    reply_to: int | None = None
    thread_id: int | None = None


@dataclass(frozen=True, slots=True)
class AlbumItem:
    """One file of a media group: its kind ("photo", "video"), file id and caption."""

    kind: str
    file_ref: str
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class MediaItem:
    """One file re-sent by its platform file id (`kind`: photo, video, voice, audio,
    document)."""

    KIND: ClassVar[str] = "media"

    kind: str
    file_ref: str
    caption: str | None = None
    reply_to: int | None = None
    thread_id: int | None = None


@dataclass(frozen=True, slots=True)
class MediaGroup:
    """An album of 2-10 photos and videos; the first item's caption is the album's."""

    KIND: ClassVar[str] = "media_group"

    items: tuple[AlbumItem, ...]
    reply_to: int | None = None
    thread_id: int | None = None


Outgoing = (
    CitizenReply
    | CallbackAnswer
    | StaffMessage
    | Card
    | Digest
    | Edit
    | Location
    | MediaItem
    | MediaGroup
)
# The messages that go to a staff group's forum topic (`StaffGroups.post` sets it).
ToGroup = StaffMessage | Card | Digest | Location | MediaItem | MediaGroup


# ---------------------------------------------------------------- read back only


@dataclass(frozen=True, slots=True)
class Erased:
    """A row whose content the privacy code erased (sent or failed rows of an erased
    citizen or ticket): nothing left to show or send."""

    kind: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A stored row this version cannot read (an unknown kind, a broken payload): the
    outbox fails it with `error` instead of stopping on it."""

    kind: str
    error: str


Stored = Outgoing | Erased | Unreadable


class UnknownKind(ValueError):
    """A stored kind no message type has."""


class MalformedPayload(ValueError):
    """A payload its kind cannot be read from."""


# ---------------------------------------------------------------- the codec


def to_row(message: Outgoing) -> tuple[str, str]:
    """The stored (kind, payload JSON) of `message`."""
    encode, _decode = _CODECS[message.KIND]
    return message.KIND, json.dumps(encode(message), ensure_ascii=False)


def from_row(kind: str, payload: str | Mapping[str, Any]) -> Outgoing | Erased:
    """The message of a stored row (`payload`: its JSON, or that JSON already parsed).
    Raises `UnknownKind` or `MalformedPayload`."""
    codec = _CODECS.get(kind)
    if codec is None:
        raise UnknownKind(f"unknown outgoing message kind {kind!r} (known: {', '.join(_CODECS)})")
    try:
        data = json.loads(payload) if isinstance(payload, str) else payload
    except ValueError as exc:
        raise MalformedPayload(f"{kind} payload is not JSON: {exc}") from exc
    if not isinstance(data, Mapping):
        raise MalformedPayload(f"{kind} payload is not an object: {data!r:.80}")
    if data.get("redacted") is True:
        return Erased(kind)
    try:
        return codec[1](data)
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedPayload(f"{kind} payload unreadable: {type(exc).__name__}: {exc}") from exc


def read_row(kind: str, payload: str | Mapping[str, Any]) -> Stored:
    """`from_row` for rows read back from the store: what cannot be read is `Unreadable`
    (the sender fails that row, the web page leaves it out) rather than an exception in
    the middle of a batch."""
    try:
        return from_row(kind, payload)
    except ValueError as exc:
        return Unreadable(kind, str(exc))


def kind_of(message: Stored) -> str:
    """The stored kind (for logs and ticket events)."""
    if isinstance(message, Erased | Unreadable):
        return message.kind
    return message.KIND


def ticket_named(message: Stored) -> int | None:
    """The ticket a message names in its content (a notice, a card, a card's edit)."""
    if isinstance(message, CitizenReply | Card | Edit):
        return message.ticket_id
    return None


def notice_of(message: Stored) -> str | None:
    """The notice a citizen reply carries (WhatsApp's window treats those apart)."""
    return message.notice if isinstance(message, CitizenReply) else None


# Each encoder writes the keys in the order earlier versions did, so a new row reads as
# an old one; optional keys are written only when set, as they were.


def _with_target(data: dict[str, Any], reply_to: int | None, thread_id: int | None) -> None:
    if reply_to is not None:
        data["reply_to_message_id"] = reply_to
    if thread_id is not None:
        data["thread_id"] = thread_id


def _buttons(rows: Keyboard) -> list[list[list[str]]]:
    return [[[b.label, b.action.pack()] for b in row] for row in rows]


def _read_buttons(value: Any) -> Keyboard:
    rows: list[tuple[Button, ...]] = []
    for row in value or ():
        buttons = []
        for label, data in row:
            action = CardAction.unpack(str(data))
            if action is None:
                raise ValueError(f"button {label!r} carries no card action: {data!r}")
            buttons.append(Button(str(label), action))
        rows.append(tuple(buttons))
    return tuple(rows)


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _encode_reply(m: CitizenReply) -> dict[str, Any]:
    data = to_dict(m.reply)
    if m.locale is not None:
        data["locale"] = m.locale
    if m.notice is not None:
        data["notice"] = m.notice
    if m.ticket_id is not None:
        data["ticket_id"] = m.ticket_id
    if m.full_text_after_template:
        data[FULL_TEXT] = True
    return data


def _decode_reply(data: Mapping[str, Any]) -> CitizenReply:
    return CitizenReply(
        reply_from_dict(dict(data)),
        locale=data.get("locale"),
        notice=data.get("notice"),
        ticket_id=_optional_int(data.get("ticket_id")),
        full_text_after_template=bool(data.get(FULL_TEXT)),
    )


def _encode_callback(m: CallbackAnswer) -> dict[str, Any]:
    return {"callback_id": m.callback_id, "text": m.text, "alert": m.alert}


def _decode_callback(data: Mapping[str, Any]) -> CallbackAnswer:
    return CallbackAnswer(
        str(data["callback_id"]), str(data.get("text") or ""), bool(data.get("alert"))
    )


def _encode_message(m: StaffMessage) -> dict[str, Any]:
    data: dict[str, Any] = {"text": m.text, "html": m.html}
    if m.buttons:
        data["buttons"] = _buttons(m.buttons)
    if m.reply_to is not None:
        data["reply_to_message_id"] = m.reply_to
    if m.force_reply:
        data["force_reply"] = True
    _with_target(data, None, m.thread_id)
    return data


def _decode_message(data: Mapping[str, Any]) -> StaffMessage:
    return StaffMessage(
        str(data["text"]),
        html=bool(data.get("html")),
        buttons=_read_buttons(data.get("buttons")),
        reply_to=_optional_int(data.get("reply_to_message_id")),
        force_reply=bool(data.get("force_reply")),
        thread_id=_optional_int(data.get("thread_id")),
    )


def _encode_card(m: Card) -> dict[str, Any]:
    data = {
        "text": m.text,
        "html": m.html,
        "ticket_id": m.ticket_id,
        "buttons": _buttons(m.buttons),
    }
    _with_target(data, None, m.thread_id)
    return data


def _decode_card(data: Mapping[str, Any]) -> Card:
    return Card(
        str(data["text"]),
        int(data["ticket_id"]),
        buttons=_read_buttons(data.get("buttons")),
        html=bool(data.get("html")),
        thread_id=_optional_int(data.get("thread_id")),
    )


def _encode_digest(m: Digest) -> dict[str, Any]:
    data = {
        "text": m.text,
        "html": m.html,
        "buttons": _buttons(m.buttons),
        "ticket_ids": list(m.ticket_ids),
    }
    _with_target(data, None, m.thread_id)
    return data


def _decode_digest(data: Mapping[str, Any]) -> Digest:
    return Digest(
        str(data["text"]),
        buttons=_read_buttons(data.get("buttons")),
        ticket_ids=tuple(int(t) for t in data.get("ticket_ids") or ()),
        html=bool(data.get("html")),
        thread_id=_optional_int(data.get("thread_id")),
    )


def listed_tickets(kind: str, payload: str) -> tuple[int, ...] | None:
    """The tickets a stored digest lists, read without decoding its text and buttons:
    a digest's adder reads them for every ticket that joins it, and decoding 30 buttons
    (`CardAction.unpack` each) cost 0.3-0.6 ms (bench/README.md "Session 37"). None when
    the row is not a digest this version can read."""
    if kind != Digest.KIND:
        return None
    try:
        data = json.loads(payload)
        return tuple(int(t) for t in data.get("ticket_ids") or ())
    except (AttributeError, TypeError, ValueError):
        return None


def _encode_edit(m: Edit) -> dict[str, Any]:
    data: dict[str, Any] = {"text": m.text, "html": m.html}
    if m.ticket_id is not None:
        data["ticket_id"] = m.ticket_id
    data["buttons"] = _buttons(m.buttons)
    data["message_id"] = m.message_id
    return data


def _decode_edit(data: Mapping[str, Any]) -> Edit:
    return Edit(
        int(data["message_id"]),
        str(data["text"]),
        buttons=_read_buttons(data.get("buttons")),
        html=bool(data.get("html")),
        ticket_id=_optional_int(data.get("ticket_id")),
    )


def _encode_location(m: Location) -> dict[str, Any]:
    data: dict[str, Any] = {"latitude": m.latitude, "longitude": m.longitude}
    _with_target(data, m.reply_to, m.thread_id)
    return data


def _decode_location(data: Mapping[str, Any]) -> Location:
    return Location(
        float(data["latitude"]),
        float(data["longitude"]),
        reply_to=_optional_int(data.get("reply_to_message_id")),
        thread_id=_optional_int(data.get("thread_id")),
    )


def _encode_media(m: MediaItem) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": m.kind, "file_ref": m.file_ref, "caption": m.caption}
    _with_target(data, m.reply_to, m.thread_id)
    return data


def _decode_media(data: Mapping[str, Any]) -> MediaItem:
    return MediaItem(
        str(data["kind"]),
        str(data["file_ref"]),
        caption=data.get("caption"),
        reply_to=_optional_int(data.get("reply_to_message_id")),
        thread_id=_optional_int(data.get("thread_id")),
    )


def _encode_group(m: MediaGroup) -> dict[str, Any]:
    data: dict[str, Any] = {
        "items": [
            {"kind": item.kind, "file_ref": item.file_ref, "caption": item.caption}
            for item in m.items
        ]
    }
    _with_target(data, m.reply_to, m.thread_id)
    return data


def _decode_group(data: Mapping[str, Any]) -> MediaGroup:
    return MediaGroup(
        tuple(
            AlbumItem(str(item["kind"]), str(item["file_ref"]), item.get("caption"))
            for item in data["items"]
        ),
        reply_to=_optional_int(data.get("reply_to_message_id")),
        thread_id=_optional_int(data.get("thread_id")),
    )


# kind -> (encoder, decoder); the encoder is called with a message of that kind only.
_Encode = Callable[[Any], dict[str, Any]]
_Decode = Callable[[Mapping[str, Any]], Outgoing]
_CODECS: dict[str, tuple[_Encode, _Decode]] = {
    CitizenReply.KIND: (_encode_reply, _decode_reply),
    CallbackAnswer.KIND: (_encode_callback, _decode_callback),
    StaffMessage.KIND: (_encode_message, _decode_message),
    Card.KIND: (_encode_card, _decode_card),
    Digest.KIND: (_encode_digest, _decode_digest),
    Edit.KIND: (_encode_edit, _decode_edit),
    Location.KIND: (_encode_location, _decode_location),
    MediaItem.KIND: (_encode_media, _decode_media),
    MediaGroup.KIND: (_encode_group, _decode_group),
}
