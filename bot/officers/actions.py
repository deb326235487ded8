"""The buttons of staff-group messages as one typed value: `CardAction` (verb, ticket,
argument), packed into Telegram's callback data and unpacked from it.

This is the only place that knows the packed form ("t:<verb>:<ticket id>[:<argument>]")
and checks Telegram's 64-byte limit for callback data
(https://core.telegram.org/bots/api#inlinekeyboardbutton); cards, digests and the
handler build and read `CardAction`s, so a button and its handler cannot drift apart
on a mistyped string.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

PREFIX = "t"
MAX_BYTES = 64  # Telegram's limit for callback_data


class Verb(StrEnum):
    CARD = "card"  # show a ticket's card again (digest lines)
    DUPLICATE = "dup"  # show a possible duplicate's card
    CLAIM = "claim"
    REPLY = "reply"  # write to the citizen (a ForceReply follows)
    STANDARD = "std"  # the list of standard replies
    STANDARD_PICK = "sr"  # one standard reply chosen (arg: its id)
    SEND = "send"  # send the chosen standard reply (arg: its id)
    TRANSFER = "tx"  # the list of units to transfer to
    TRANSFER_TO = "to"  # transfer to one unit (arg: its id)
    RESOLVE = "done"
    REJECT = "rej"  # the list of reasons
    REJECT_REASON = "rr"  # reject with one reason (arg: its key)
    CANCEL = "cancel"  # drop what was pending
    SEND_ANYWAY = "rsend"  # send a reply despite the harsh-language warning
    PROVOCATION = "prov"  # mark the message as provocation
    FLAG_WRONG = "fw"  # a triage flag is wrong (arg: the flag)
    SAVE_ANSWER = "kb"  # save a relayed reply as a draft article (arg: the officer's message id)


@dataclass(frozen=True, slots=True)
class CardAction:
    verb: Verb
    ticket_id: int
    arg: str = ""

    def pack(self) -> str:
        data = f"{PREFIX}:{self.verb.value}:{self.ticket_id}"
        if self.arg:
            data += f":{self.arg}"
        if len(data.encode("utf-8")) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def unpack(cls, data: str | None) -> CardAction | None:
        """The action of a pressed button, or None for data no Dumas button carries."""
        parts = (data or "").split(":")
        if len(parts) < 3 or parts[0] != PREFIX or not parts[2].isdigit():
            return None
        try:
            verb = Verb(parts[1])
        except ValueError:
            return None
        return cls(verb, int(parts[2]), ":".join(parts[3:]))


@dataclass(frozen=True, slots=True)
class Button:
    """One button of a staff-group message: what it says and the action it presses
    (stored in the outbox as [label, packed data], bot/outbox/messages.py)."""

    label: str
    action: CardAction


def button(label: str, verb: Verb, ticket_id: int, arg: str = "") -> Button:
    """A button pressing `verb` on the ticket; packed once here, so an action that would
    not fit Telegram's 64 bytes fails where the button is built, not when it is sent."""
    action = CardAction(verb, ticket_id, arg)
    action.pack()
    return Button(label, action)
