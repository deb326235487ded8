"""Staff group events: button presses, replies, commands and `/daftar` binding.

`StaffDesk.on_staff_event(row, event)` is the dispatcher's staff handler. Membership of
the group is checked with getChatMember (a read, called directly, cached for
DUMAS_STAFF_MEMBER_CACHE_SECONDS) before the transaction; everything the event causes
(ticket changes, ticket_events rows with the officer's id and name, card edits, messages
to the citizen and the group, the callback answer) and the inbox row's "processed" mark
are then written in ONE transaction, so a crash repeats the whole event or nothing of it.
What an officer is in the middle of (Reply pressed, a closing note asked) is kept in the
store (`staff_pending`), never in memory.

Three declared tables say what an event does; this module only looks up, checks the
membership and what the entry declares it needs, and calls:
- a button: the card actions' table (bot/officers/card_actions/table.py), by `Verb`;
- a command: the staff commands' table (bot/officers/commands/table.py), by name; any
  other name is another bot's and is ignored;
- a text: the text follow-ups' table (bot/officers/follow_ups.py), by the `PendingKind` a
  button stored; without one, a text replying to a card is relayed to the citizen.
`/daftar` (bot/officers/binding.py) binds a group that is not bound yet, and the chat's own
changes (a migration, the bot removed) go to binding.py before anything else.
"""

from __future__ import annotations

import html
import json
import logging
import time
from collections.abc import Awaitable, Callable

from bot.channels.base import StaffEvent
from bot.officers import binding, follow_ups, roster
from bot.officers.actions import CardAction
from bot.officers.card_actions import preconditions, reply, table
from bot.officers.commands import preconditions as command_preconditions
from bot.officers.commands import table as commands_table
from bot.officers.commands.preconditions import StaffCommand
from bot.officers.pending import expired, kind_of
from bot.officers.service import Officers
from bot.officers.turn import Refused, Turn
from bot.outbox.messages import CallbackAnswer
from bot.store import inbox, staff_groups, staff_log, staff_pending, staff_roles, ticket_cards
from bot.store import outbox as outbox_store
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.store.database import utcnow

__all__ = ["Refused", "StaffDesk", "Turn"]

log = logging.getLogger(__name__)

MemberStatus = Callable[[str, str], Awaitable[str]]
MEMBER_STATUSES = {"member", "administrator", "creator"}
# an officer's reply to a card goes to the citizen: the holder (or a supervisor) only
REPLY_TO_CARD = preconditions.Needs(holder=True, contact=True)


class StaffDesk:
    def __init__(
        self, officers: Officers, member_status: MemberStatus | None, wake: Callable[[], None]
    ) -> None:
        self.o = officers
        self.member_status = member_status
        self.wake = wake
        self._members: dict[tuple[str, str], tuple[bool, float]] = {}

    # ------------------------------------------------------------------ entry point

    async def on_staff_event(self, row: inbox.InboxRow, event: StaffEvent) -> None:
        try:
            await self._handle(row, event)
        finally:
            self.wake()

    async def _finish(self, row: inbox.InboxRow, outcome: str) -> None:
        async with self.o.db.transaction() as conn:
            await inbox.mark_processed(conn, row.id, outcome)

    async def _handle(self, row: inbox.InboxRow, event: StaffEvent) -> None:
        db = self.o.db
        if await binding.on_chat_event(db, self.o.groups, self.o.cards, row, event):
            # migrated, bot removed
            return
        if event.kind in ("member", "member_status") or event.user_id is None:
            # Someone left, was banned or lost rights: what we remember of them goes now,
            # not when the cache expires (chat_member needs the bot to be an admin).
            gone = event.extra.get("left") or (
                event.user_id if event.kind == "member_status" else None
            )
            if gone:
                self.forget_member(event.chat_id, str(gone))
            await self._finish(row, "ignored:member change")
            return
        async with db.reading() as conn:
            group = await staff_groups.group(conn, event.chat_id)
            pending = await staff_pending.pending(conn, event.chat_id, event.user_id)
            target = (
                await ticket_cards.ticket_of_message(conn, event.chat_id, event.reply_to_message_id)
                if event.reply_to_message_id
                else None
            )
        if event.kind == "command" and event.command == binding.DAFTAR:
            await binding.bind_with_code(db, self.o.groups, self.o.distribution, row, event)
            return
        if group is None:
            await self._finish(row, "ignored:unbound group")
            return
        if event.kind == "edited":
            await self._on_edit(row, event, target)
            return
        if event.kind in ("text", "media") and pending is None and target is None:
            await self._finish(row, "ignored:chatter")
            return
        command = commands_table.lookup(event.command) if event.kind == "command" else None
        if event.kind == "command" and command is None:  # another bot's command
            await self._finish(row, "ignored:other command")
            return
        if event.extra.get("sender_chat"):
            await self._refuse_anonymous(row, event)
            return
        member = await self._is_member(event.chat_id, event.user_id)
        if not member:
            await self._refuse(row, event)
            return
        if not await roster.may_act(self.o.db, event.chat_id, event.user_id):
            await self._refuse(row, event, outcome="refused:not on the allow-list")
            return
        async with db.transaction() as conn:
            turn = Turn(
                self.o,
                conn,
                group,
                event,
                event.user_id,
                event.user_name or event.user_id,
                await staff_roles.role_of(conn, event.chat_id, event.user_id),
            )
            try:
                if event.kind == "callback":
                    await self._on_callback(turn)
                elif command is not None:
                    await self._on_command(turn, command)
                else:
                    await self._on_text(turn, target)
            except Refused as exc:
                turn.answer, turn.alert, turn.outcome = str(exc), True, "refused"
                if event.kind != "callback":
                    await self.o.groups.group_message(
                        conn, event.chat_id, html.escape(str(exc)), answering=event
                    )
            if event.callback_id:
                await self._answer(conn, event, turn.answer, turn.alert)
            await inbox.mark_processed(conn, row.id, turn.outcome)

    async def _answer(self, conn: Connection, event: StaffEvent, text: str, alert: bool) -> None:
        await outbox_store.enqueue(
            conn,
            channel=self.o.channel,
            chat_id=f"{event.chat_id}#cb",
            message=CallbackAnswer(event.callback_id or "", text[:190], alert),
        )

    # ------------------------------------------------------------------ membership

    async def _is_member(self, chat_id: str, user_id: str) -> bool:
        key = (chat_id, user_id)
        now = time.monotonic()
        cached = self._members.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]
        if self.member_status is None:
            return False
        try:
            status = await self.member_status(chat_id, user_id)
        except Exception as exc:  # cannot verify: refuse, and do not remember it
            log.warning(
                "getChatMember failed for %s in %s: %s", user_id, chat_id, type(exc).__name__
            )
            return False
        ok = status in MEMBER_STATUSES
        self._members[key] = (ok, now + self.o.settings.staff_member_cache_seconds)
        if len(self._members) > 10_000:
            self._members = {k: v for k, v in self._members.items() if v[1] > now}
        return ok

    def forget_member(self, chat_id: str, user_id: str) -> None:
        """Drop the cached membership of one user in one group (they left or were banned)."""
        self._members.pop((chat_id, user_id), None)

    async def _refuse_anonymous(self, row: inbox.InboxRow, event: StaffEvent) -> None:
        """A command or a reply posted as the group ("Remain anonymous" is on): the update
        does not say which officer it is, and every action on a ticket is recorded under
        the officer's own name, so the officer is asked, in the group, to post as
        themselves. Nothing else happens."""
        _ = self.o.tr.gettext
        action = f"/{event.command}" if event.command else event.kind
        async with self.o.db.transaction() as conn:
            await staff_log.log_attempt(
                conn,
                event.chat_id,
                event.user_id,
                event.user_name,
                action,
                "refused:anonymous admin",
            )
            await self.o.groups.group_message(
                conn,
                event.chat_id,
                html.escape(
                    _(
                        "Sorry, this message was posted as the group (“Remain anonymous” is "
                        "on), so Dumas cannot tell which officer sent it, and every action on "
                        "a ticket is recorded under the officer's own name. Please turn off "
                        "“Remain anonymous” for yourself in the group's administrator "
                        "settings and send it again."
                    )
                ),
                answering=event,
            )
            await inbox.mark_processed(conn, row.id, "refused:anonymous admin")

    async def _refuse(
        self, row: inbox.InboxRow, event: StaffEvent, outcome: str = "refused:not a member"
    ) -> None:
        _ = self.o.tr.gettext
        action = event.callback_data or (f"/{event.command}" if event.command else event.kind)
        ticket_id = _ticket_id(event.callback_data)
        allow_list = outcome != "refused:not a member"
        async with self.o.db.transaction() as conn:
            await staff_log.log_attempt(
                conn,
                event.chat_id,
                event.user_id,
                event.user_name,
                action,
                outcome,
                ticket_id,
            )
            if ticket_id is not None and await ticket_store.get(conn, ticket_id) is not None:
                await ticket_store.add_event(
                    conn,
                    ticket_id,
                    "refused",
                    at=self.o.clock(),
                    actor_kind="outsider",
                    actor_id=event.user_id,
                    actor_name=event.user_name,
                    detail={"action": action, "chat_id": event.chat_id, "outcome": outcome},
                )
            text = (
                _("Only the officers on this group's list can do this.")
                if allow_list
                else _("Only members of this staff group can do this.")
            )
            if event.callback_id:
                await self._answer(conn, event, text, True)
            elif allow_list:  # a member who is not on the list: told in the group
                await self.o.groups.group_message(
                    conn, event.chat_id, html.escape(text), answering=event
                )
            await inbox.mark_processed(conn, row.id, outcome)
        log.warning("%s: %s by %s in %s", outcome, action, event.user_id, event.chat_id)

    # ------------------------------------------------------------------ edits

    async def _on_edit(self, row: inbox.InboxRow, event: StaffEvent, target: int | None) -> None:
        """An officer edited a message. When it was a reply already relayed to the citizen
        (a message_out event of that ticket names it), the citizen's copy cannot change:
        the officer is told in the group that the edit was not sent. Any other edit is
        left alone."""
        relayed = (
            await self._relayed(target, event.chat_id, event.message_id)
            if target is not None and event.message_id
            else False
        )
        if not relayed or target is None:
            await self._finish(row, "ignored:edit")
            return
        _ = self.o.tr.gettext
        async with self.o.db.transaction() as conn:
            ticket = await ticket_store.get(conn, target)
            reference = ticket.reference if ticket else "-"
            await ticket_store.add_event(
                conn,
                target,
                "reply_edit_not_sent",
                at=self.o.clock(),
                actor_kind="officer",
                actor_id=event.user_id,
                actor_name=event.user_name,
                detail={"chat_id": event.chat_id, "message_id": event.message_id},
            )
            await self.o.groups.group_message(
                conn,
                event.chat_id,
                html.escape(
                    _(
                        "✏️ This edit was not sent: the citizen already received the first "
                        "version of this reply about {reference}. To correct it, send a new "
                        "reply to the card."
                    ).format(reference=reference)
                ),
                ticket_id=target,
                answering=event,
            )
            await inbox.mark_processed(conn, row.id, "refused:edit not relayed")

    async def _relayed(self, ticket_id: int, chat_id: str, message_id: str | None) -> bool:
        async with self.o.db.reading() as conn:
            events = await ticket_store.events_in(conn, ticket_id)
        for item in events:
            if item.kind != "message_out" or not item.detail:
                continue
            detail = json.loads(item.detail)
            if detail.get("chat_id") == chat_id and detail.get("message_id") == message_id:
                return True
        return False

    # ------------------------------------------------------------------ commands

    async def _on_command(self, turn: Turn, command: StaffCommand) -> None:
        """A command, looked up in the table before membership was checked (`_handle`):
        check what it declares it needs of its argument (the refusals come from one
        place), call it."""
        await command.run(await command_preconditions.check(turn, command))

    # ------------------------------------------------------------------ buttons

    async def _on_callback(self, turn: Turn) -> None:
        """A button: unpack, look the verb up in the table, check what it declares it
        needs (the refusals come from one place), call it. Membership and the allow-list
        were checked before the transaction (`_handle`)."""
        action = CardAction.unpack(turn.event.callback_data)
        handler = table.lookup(action.verb) if action is not None else None
        if action is None or handler is None:
            turn.answer = turn.gettext("This button is no longer valid.")
            turn.outcome = "ignored:data" if action is None else "ignored:verb"
            return
        ticket = (
            await preconditions.ticket_for(turn, action.ticket_id, handler.needs)
            if handler.needs.ticket
            else None
        )
        await handler.run(preconditions.Press(turn, action.arg, ticket))

    # ------------------------------------------------------------------ text in the group

    async def _on_text(self, turn: Turn, target: int | None) -> None:
        """A text (or photo, document) in the group: the answer to what the officer was
        asked (a reply, a unit's name, a closing note, a reason), or a reply to a card,
        relayed to the citizen."""
        conn, ev = turn.conn, turn.event
        pending = await staff_pending.pending(conn, turn.group.chat_id, turn.user_id)
        if pending is not None and expired(pending, utcnow()):
            await staff_pending.clear_pending(conn, turn.group.chat_id, turn.user_id)
            pending = None
        if pending is not None and (target is None or target == pending.ticket_id):
            await self._on_answer(turn, pending)
            return
        if target is None:
            turn.outcome = "ignored:chatter"
            return
        ticket = await preconditions.ticket_for(turn, target, REPLY_TO_CARD)
        if not ev.text.strip() and ev.media is None:
            turn.outcome = "ignored:empty"
            return
        await reply.reply(turn, ticket, ev.text.strip(), media=follow_ups.media_of(ev))

    async def _on_answer(self, turn: Turn, pending: staff_pending.Pending) -> None:
        """The officer's text answers what a button asked: look the kind up in the
        follow-ups' table, check the ticket's preconditions and the answer, call."""
        ev = turn.event
        follow_up = follow_ups.lookup(kind_of(pending))
        if follow_up is None:  # a kind no longer written: the question is dropped
            await staff_pending.clear_pending(turn.conn, turn.group.chat_id, turn.user_id)
            turn.outcome = "ignored:unknown pending"
            return
        ticket = await preconditions.ticket_for(turn, pending.ticket_id, follow_up.needs)
        text = ev.text.strip()
        why = follow_ups.refusal(
            follow_up, text, attached=ev.media is not None, gettext=turn.gettext
        )
        if why is not None:
            raise Refused(why)
        if not follow_up.keeps_asking:
            await staff_pending.clear_pending(turn.conn, turn.group.chat_id, turn.user_id)
        await follow_up.run(
            follow_ups.Answer(turn, ticket, text, follow_ups.media_of(ev), pending.arg)
        )


def _ticket_id(data: str | None) -> int | None:
    action = CardAction.unpack(data)
    return action.ticket_id if action is not None else None
