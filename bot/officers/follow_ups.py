"""Text follow-ups: what an officer's next text in the group does after a button asked
for it (bot/officers/pending.py), declared as a table like the card actions.

Each `PendingKind` has one `FollowUp`: the function that takes the answer, the ticket's
preconditions (bot/officers/card_actions/preconditions.py `Needs`, checked on the ticket
the question was about), whether a photo or document answers too, whether an empty text
is refused, and whether the question stays open after an answer (a unit's name that
matched nothing is asked again). The staff desk (bot/officers/handler.py `_on_text`)
only looks the stored kind up, checks the preconditions and the answer, and calls.

The functions themselves belong to the card-action family that asked the question
(reply, resolve, reject, transfer under bot/officers/card_actions/); this table is what
ties a kind to one of them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from bot.channels.base import StaffEvent
from bot.officers.card_actions import reject, reply, resolve, transfer
from bot.officers.card_actions.preconditions import Needs
from bot.officers.pending import PendingKind
from bot.officers.tables import one_each
from bot.officers.turn import Turn
from bot.tickets.ticket import Ticket

# the media kinds relayed to a citizen with a reply (others are answered as empty text)
RELAYED_MEDIA = ("photo", "document", "video")


@dataclass(frozen=True, slots=True)
class Answer:
    """The officer's text (or file) answering a pending question that passed its checks."""

    turn: Turn
    ticket: Ticket
    text: str  # stripped; a photo's caption
    media: tuple[str, str] | None  # (kind, file reference) of a photo, document or video
    arg: str | None  # what the question stored with it (the held reply, for instance)


@dataclass(frozen=True, slots=True)
class FollowUp:
    kind: PendingKind
    run: Callable[[Answer], Awaitable[None]]
    # Checked on the ticket asked about when the answer comes: by then it may be closed
    # or moved (the holder was checked when the button was pressed).
    needs: Needs = Needs()
    media: bool = False  # a photo or document without a caption is an answer too
    text_required: bool = True  # an empty answer gets "Please write a text."
    keeps_asking: bool = False  # the question stays after an answer (else cleared first)


def media_of(event: StaffEvent) -> tuple[str, str] | None:
    """The file a staff message carries, when it is one a citizen can be sent."""
    if event.media is None or event.media.kind not in RELAYED_MEDIA:
        return None
    return (event.media.kind, event.media.file_ref)


def refusal(
    follow_up: FollowUp, text: str, *, attached: bool, gettext: Callable[[str], str]
) -> str | None:
    """Why this answer is not taken (shown to the officer in the group), or None."""
    if follow_up.text_required and not text and not (follow_up.media and attached):
        return gettext("Please write a text.")
    return None


# ------------------------------------------------------------------ the answers


async def relay_reply(answer: Answer) -> None:
    """Reply pressed, then the text: relayed (harsh language is held again, even when the
    officer is answering the "Send anyway" warning with an edited text)."""
    await reply.reply(answer.turn, answer.ticket, answer.text, media=answer.media)


async def unit_name(answer: Answer) -> None:
    """Transfer pressed, then a unit's name: the matching units as buttons."""
    await transfer.search_units(answer.turn, answer.ticket, answer.text)


async def closing_note(answer: Answer) -> None:
    await resolve.resolve(answer.turn, answer.ticket, answer.text)


async def other_reason(answer: Answer) -> None:
    await reject.reject(answer.turn, answer.ticket, "other", answer.text)


FOLLOW_UPS = (
    FollowUp(PendingKind.REPLY, relay_reply, media=True),
    FollowUp(PendingKind.CONFIRM_REPLY, relay_reply, media=True),
    # an empty name finds no unit and is asked for again, like a name matching none
    FollowUp(PendingKind.TRANSFER, unit_name, text_required=False, keeps_asking=True),
    FollowUp(PendingKind.RESOLVE, closing_note),
    FollowUp(PendingKind.REJECT, other_reason),
)


def build(follow_ups: Iterable[FollowUp]) -> dict[PendingKind, FollowUp]:
    return one_each(follow_ups, lambda follow_up: (follow_up.kind,), "text follow-up")


TABLE = build(FOLLOW_UPS)


def lookup(kind: PendingKind | None) -> FollowUp | None:
    return TABLE.get(kind) if kind is not None else None
