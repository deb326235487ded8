"""Normalized message types: what a channel adapter hands to a flow and what a flow answers.

Every platform (Telegram, WhatsApp, the web simulator) is translated into these few
types at its edge, so the conversation code never sees a platform payload and the
adapters never see conversation logic. They are plain frozen dataclasses so they can be
serialised into the store (inbox and outbox rows) with `to_dict` / `from_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

MediaKind = Literal["photo", "video", "document", "voice", "audio", "animation", "sticker"]


@dataclass(frozen=True, slots=True)
class Text:
    """Free text typed by the user."""

    text: str


@dataclass(frozen=True, slots=True)
class Choice:
    """A button (inline keyboard, numbered list entry, web button) the user pressed."""

    choice_id: str
    message_ref: str | None = None  # the platform message that carried the button


@dataclass(frozen=True, slots=True)
class Location:
    """A GPS pin shared by the user."""

    latitude: float
    longitude: float
    address: str | None = None


@dataclass(frozen=True, slots=True)
class Media:
    """A file sent by the user, already downloaded and stored by the runtime.

    `stored_name` is the generated name under the data directory (never the sender's);
    `file_ref` is the platform's own handle (Telegram file_id, Twilio media URL) so the
    file can be forwarded without re-uploading. `error` is set instead of `stored_name`
    when the runtime refused the file (too large, unknown type, quota).
    """

    kind: MediaKind
    file_ref: str
    mime_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    stored_name: str | None = None
    caption: str | None = None
    album_id: str | None = None
    error: str | None = None
    limit_bytes: int | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """A phone contact card shared by the user."""

    phone: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Command:
    """A slash command such as /status ABC; `name` is lower case without the slash."""

    name: str
    args: str = ""


@dataclass(frozen=True, slots=True)
class Unsupported:
    """Anything the product cannot take: stickers, polls, games, dice, GIFs..."""

    kind: str


@dataclass(frozen=True, slots=True)
class Tick:
    """A timer fired for this conversation (reminder or expiry); `due` is an ISO time."""

    timer: str


InboundBody = Text | Choice | Location | Media | Contact | Command | Unsupported | Tick


@dataclass(frozen=True, slots=True)
class Inbound:
    """One normalized event from one citizen."""

    body: InboundBody
    language_code: str | None = None
    display_name: str | None = None


# ---------------------------------------------------------------- outbound


@dataclass(frozen=True, slots=True)
class Option:
    """One button of a choice list: `id` comes back as `Choice.choice_id`."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Reply:
    """A message to the citizen.

    `options` render as inline buttons (Telegram), a numbered list (WhatsApp) or web
    buttons; `request_location` is the label of a "share location" keyboard button where
    the platform has one; `remove_keyboard` takes a previous reply keyboard away; `links`
    are tap-to-call or web links, buttons where supported, text elsewhere.
    """

    text: str
    options: tuple[Option, ...] = ()
    columns: int = 1
    request_location: str = ""
    remove_keyboard: bool = False
    location: tuple[float, float] | None = None
    media: tuple[tuple[str, str], ...] = ()  # (kind, file_ref) to echo back
    links: tuple[tuple[str, str], ...] = ()  # (label, url)


def to_dict(obj: Any) -> dict[str, Any]:
    """Serialise an event or reply with its type name, for the inbox/outbox JSON columns
    (tuples become lists, as JSON makes them anyway).

    Hand-written instead of `dataclasses.asdict`, which deep-copies every value: one reply
    per step and one notice per forwarded ticket made it a visible cost (bench/README.md)."""
    return {"type": type(obj).__name__, **_plain(obj)}


def _plain(value: Any) -> Any:
    cls = type(value)
    if cls in _SCALARS:
        # Most values are; checked first because `is_dataclass` on each of a draft's ~30
        # fields was 1.4 % of the bot's CPU under load (bench/README.md, issue 21).
        return value
    # Then a draft's lists and dicts, by their exact type: `is_dataclass` said no to each
    # of them on every call (session 29). A subclass takes the general path below.
    if cls is list or cls is tuple:
        # Scalars inline (no call each): a draft's lists are mostly of strings.
        return [item if type(item) in _SCALARS else _plain(item) for item in value]
    if cls is dict:
        return {
            key: item if type(item) in _SCALARS else _plain(item) for key, item in value.items()
        }
    names = _FIELD_NAMES.get(cls)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
# Exact types only: a subclass (an enum of str, say) takes the general path as before.
_SCALARS = frozenset({str, int, float, bool, type(None)})


_BODY_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (Text, Choice, Location, Media, Contact, Command, Unsupported, Tick)
}


def body_from_dict(data: dict[str, Any]) -> InboundBody:
    """Inverse of `to_dict` for inbound bodies."""
    data = dict(data)
    cls = _BODY_TYPES[data.pop("type")]
    return cls(**data)  # type: ignore[no-any-return]


def reply_from_dict(data: dict[str, Any]) -> Reply:
    """Inverse of `to_dict` for replies (tuples come back from JSON as lists)."""
    data = {k: v for k, v in data.items() if k in Reply.__dataclass_fields__}
    data["options"] = tuple(Option(**o) for o in data.get("options", ()))
    data["media"] = tuple(tuple(m) for m in data.get("media", ()))
    data["links"] = tuple(tuple(link) for link in data.get("links", ()))
    if data.get("location") is not None:
        data["location"] = tuple(data["location"])
    return Reply(**data)


@dataclass(slots=True)
class Draft:
    """What the citizen has told us so far; stored as JSON on the conversation row."""

    category: str | None = None
    description: str | None = None
    occurred_at: str | None = None  # ISO UTC
    occurred_text: str | None = None  # what the citizen typed, kept verbatim
    occurred_precision: str | None = None  # "moment", "part_of_day", "day" or "range"
    place_text: str | None = None
    place_code: str | None = None
    place_label: str | None = None
    polres_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    place_candidates: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    contact: str | None = None  # "chat" or "anonymous"
    editing: bool = False  # came to a step from the summary's "edit"
    history: list[str] = field(default_factory=list)  # states visited, for "kembali"
    # The buttons of the last list the citizen was shown, [id, label] each: a typed "2" or
    # label (WhatsApp has no buttons) means that list, even when it was not the step's own
    # prompt (/hapusdata's confirmation, /bahasa's languages, a follow-up question).
    last_options: list[list[str]] = field(default_factory=list)
    # triage (flows/triage.py): "urgent" after an emergency; harsh words for the officers'
    # card; the category suggested from the citizen's story
    priority: str = "normal"
    emergency_words: list[str] = field(default_factory=list)
    abuse_words: list[str] = field(default_factory=list)
    abuse_kinds: list[str] = field(default_factory=list)
    suggested_category: str | None = None
    category_evidence: list[str] = field(default_factory=list)  # the words behind it
    emergency_rules: list[str] = field(default_factory=list)  # "in progress", "model"...
    # A question (or story) typed at idle, kept until the citizen presses "Ask an
    # officer" or "File a complaint" (flows/question.py); idle keeps it like last_options.
    pending_text: str | None = None
    # Steps answered by the story itself (flows/story.py): "description", "when",
    # "where". Each is skipped once on the way forward; going back shows it as usual.
    prefilled: list[str] = field(default_factory=list)
    when_misses: int = 0  # times in a row the typed time was not understood
    all_categories: bool = False  # "another category": the whole list, not the proposal
    # "question" when the citizen passed a question to the officers ("Tanya petugas"):
    # filed as a ticket of that kind, with the question deadline (bot/officers/deadlines.py)
    kind: str = "complaint"
    # The album (Telegram media_group_id) whose file was last answered "not saved yet,
    # send it again after agreeing": its other files, one update each, get no new line.
    unkept_album: str | None = None
    # The tickets this account filed in the 24 hours before the draft began, [created_at
    # (ISO), priority] each: read with the complaint's start and carried to the
    # submission, where the per-citizen caps count those of the 24 hours before it (a
    # later window, so within these: bot/dispatcher.py; only the draft's own submission
    # files a ticket for the account meanwhile). None: not known here, read at the
    # submission.
    filed_recently: list[list[str]] | None = None

    def to_json(self) -> dict[str, Any]:
        return _plain(self)  # type: ignore[no-any-return]

    def copy(self) -> Draft:
        """A copy sharing nothing mutable with this draft: what `from_json(to_json())`
        gives, without filtering the keys it made itself.

        Made for every event (complaint.handle), so the first level is done here: a
        scalar is taken as it is and an empty list becomes a new one, without a call of
        `_plain` for each of the ~30 fields (half the copy's time, bench/README.md, issue
        21 session 29). Anything else goes through `_plain` as before."""
        values: dict[str, Any] = {}
        for name in _DRAFT_FIELDS:
            value = getattr(self, name)
            cls = type(value)
            if cls in _SCALARS:
                values[name] = value
            elif cls is list and not value:
                values[name] = []
            else:
                values[name] = _plain(value)
        return Draft(**values)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Draft:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


_DRAFT_FIELDS = tuple(f.name for f in fields(Draft))
