"""How a Telegram group is bound to a unit, and how the binding follows the group's chat.

Binding: one-time codes, `dumas staff link --polres ID` prints one, an officer posts
`/daftar CODE` in the group (`bind_with_code`; the one command answered in a group that is
not bound yet, so before any membership check: the code is the proof). Only the SHA-256
of a code is stored; a code works once and expires (DUMAS_STAFF_CODE_HOURS). The bound
group is told what it now is, with the officers' help, and the unit's waiting tickets
follow as cards.

Following the chat (issue 16):
- a group upgraded to a supergroup gets a new chat id. Whichever reports it first, a send
  answered 400 with `parameters.migrate_to_chat_id` (the outbox's `after_moved` hook) or
  the service message `migrate_to_chat_id` / `migrate_from_chat_id`
  (https://core.telegram.org/bots/api#message), moves the binding, officers' roles and
  pending actions, cards and unfinished messages to the new id (`chat_moved`); the failed
  send goes out again there. Cards already delivered in the old group cannot be edited
  under the new id, so open tickets get a fresh card (without pin and files).
- the bot removed or kicked from a group, or no longer allowed to post (`my_chat_member`,
  https://core.telegram.org/bots/api#chatmemberupdated, or a send answered 403 "bot was
  kicked"): the group is marked unbound (its row and history are kept), what was waiting
  for it is dropped, the unit's tickets wait in its backlog ("received", no card), and
  the Polda's supervisory groups are told (`chat_gone`). Adding the bot back and posting
  `/daftar` with a new code binds the group again and posts the waiting tickets' cards.

Each function takes the parts of the officers' side it uses (the store, the staff groups,
card delivery, distribution), not the whole `Officers`: the outbox's hooks are built from
`chat_moved` and `chat_gone` with the one part each needs (bot/app.py).
"""

from __future__ import annotations

import hashlib
import html
import logging
import secrets
from datetime import timedelta

from bot.channels.base import StaffEvent
from bot.officers.card_delivery import CardDelivery
from bot.officers.commands.help import help_text
from bot.officers.distribution import Distribution
from bot.officers.groups import StaffGroups
from bot.store import inbox, staff_chats, staff_groups, staff_link_codes, staff_log
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.store.database import Database, iso, utcnow

log = logging.getLogger(__name__)

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
# my_chat_member statuses after which the bot cannot post in the group
# (https://core.telegram.org/bots/api#chatmember): it left or was banned.
GONE_STATUSES = frozenset({"left", "kicked"})


def normalize(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalize(code).encode()).hexdigest()


async def new_code(db: Database, unit_id: str, role: str, hours: float) -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(10))
    code = f"{raw[:5]}-{raw[5:]}"
    await staff_link_codes.add_link_code(
        db, code_hash(code), unit_id, role, iso(utcnow() + timedelta(hours=hours))
    )
    return code


# ------------------------------------------------------------------ /daftar

DAFTAR = "daftar"  # the command that binds a group with a code


async def bind_with_code(
    db: Database,
    groups: StaffGroups,
    distribution: Distribution,
    row: inbox.InboxRow,
    event: StaffEvent,
) -> None:
    """`/daftar CODE` in a group: a valid code binds it to the code's unit and role, the
    group is told so (with the help), and the unit's waiting tickets get their cards; any
    other code is refused in the group and logged. One transaction with the inbox row."""
    tr = groups.tr
    _ = tr.gettext
    async with db.transaction() as conn:
        found = (
            await staff_link_codes.use_link_code(
                conn, code_hash(event.args), event.chat_id, iso(utcnow())
            )
            if event.args.strip()
            else None
        )
        if found is None:
            await groups.group_message(
                conn,
                event.chat_id,
                _(
                    "This code is not valid: it may be mistyped, used already or expired. "
                    "Ask your administrator for a new one (`dumas staff link`)."
                ),
                answering=event,
            )
            await staff_log.log_attempt(
                conn,
                event.chat_id,
                event.user_id,
                event.user_name,
                "/daftar",
                "refused:bad code",
            )
            await inbox.mark_processed(conn, row.id, "refused:bad code")
            return
        unit_id, role = found
        await staff_groups.bind_in(conn, event.chat_id, unit_id, role, event.chat_title)
        backlog = await distribution.on_group_bound(conn, event.chat_id, unit_id)
        if role == "ppa":
            text = _(
                "✅ This group is now the PPA group (women and children protection) of "
                "{unit}: the unit's sensitive cases come here, and only here."
            )
        elif role == "unit":
            text = _("✅ This group is now the staff group of {unit}.")
        else:
            text = _("✅ This group is now the supervisory group of {unit}.")
        text = text.format(unit=html.escape(groups.unit_name(unit_id)))
        if backlog:
            text += "\n" + tr.ngettext(
                "{n} waiting ticket follows.", "{n} waiting tickets follow.", backlog
            ).format(n=backlog)
        text += "\n\n" + help_text(tr)
        await groups.group_message(conn, event.chat_id, text)
        await staff_log.log_attempt(
            conn, event.chat_id, event.user_id, event.user_name, "/daftar", f"bound:{unit_id}"
        )
        await inbox.mark_processed(conn, row.id, "ok")
    # the group message must come before the backlog cards: it was queued after them,
    # but cards are ordered per chat by id; acceptable (the cards carry everything).


# ------------------------------------------------------------------ the chat changes


async def chat_moved(cards: CardDelivery, conn: Connection, old: str, new: str) -> None:
    """The chat `old` is now `new` (inside the caller's transaction). Repeats are harmless:
    the send error and both service messages may report the same move."""
    move = await staff_chats.move_chat(conn, old, new)
    if move.group is None and not move.rows and not move.cards_left_behind:
        return
    await staff_log.log_attempt(conn, new, None, None, "chat migrated", f"moved from {old}")
    log.warning("staff chat %s became %s: %d waiting messages follow", old, new, move.rows)
    for ticket_id in move.cards_left_behind:
        ticket = await ticket_store.get(conn, ticket_id)
        if ticket is not None and ticket.is_open:
            await cards.post_card(conn, ticket, new, with_attachments=False)


async def chat_gone(
    groups: StaffGroups,
    conn: Connection,
    chat_id: str,
    reason: str,
    by: tuple[str | None, str | None] = (None, None),
) -> None:
    """The bot can no longer post in `chat_id` (inside the caller's transaction)."""
    group = await staff_groups.mark_unbound(conn, chat_id, reason)
    waiting = await staff_chats.hold_chat(conn, chat_id, f"no longer in the group: {reason}")
    if group is None:
        return
    user_id, user_name = by
    await staff_log.log_attempt(
        conn, chat_id, user_id, user_name, "bot removed", f"unbound:{group.unit_id}"
    )
    polda_id = group.unit_id if group.role == "supervisor" else None
    unit = groups.unit(group.unit_id)
    if polda_id is None and unit is not None:
        polda_id = unit.polda_id
    supervisors = [
        g
        for g in await staff_groups.supervisor_groups(conn, polda_id or "")
        if g.chat_id != chat_id
    ]
    if not supervisors:
        # No supervisory group to tell: the log line and the staff_log row above are all.
        log.warning(
            "bot removed from staff group %s of %s (%s); no supervisory group of %s to alert;"
            " %d cards wait for a new /daftar",
            chat_id,
            group.unit_id,
            reason,
            polda_id or "-",
            len(waiting),
        )
        return
    _ = groups.tr.gettext
    text = _(
        "⚠️ Dumas can no longer post in the staff group of {unit} ({group}): the bot was "
        "removed from it. New tickets of this unit wait until an officer adds the bot back "
        "and posts /daftar with a new code (`dumas staff link`)."
    ).format(
        unit=html.escape(groups.unit_name(group.unit_id)),
        group=html.escape(group.title or chat_id),
    )
    for supervisor in supervisors:
        await groups.group_message(conn, supervisor.chat_id, text)


async def on_chat_event(
    db: Database,
    groups: StaffGroups,
    cards: CardDelivery,
    row: inbox.InboxRow,
    event: StaffEvent,
) -> bool:
    """A staff event about the chat itself ("migrated", "bot_status"), handled with its
    inbox row in one transaction; False when the event is of another kind."""
    if event.kind == "migrated":
        old, new = str(event.extra["from"]), str(event.extra["to"])
        async with db.transaction() as conn:
            await chat_moved(cards, conn, old, new)
            await inbox.mark_processed(conn, row.id, f"migrated:{old}->{new}")
        return True
    if event.kind == "bot_status":
        status = str(event.extra.get("status"))
        gone = status in GONE_STATUSES or (
            status == "restricted" and not event.extra.get("can_send_messages", True)
        )
        async with db.transaction() as conn:
            if gone:
                await chat_gone(
                    groups, conn, event.chat_id, f"bot {status}", (event.user_id, event.user_name)
                )
            await inbox.mark_processed(conn, row.id, f"bot {status}")
        return True
    return False
