"""Staff group events: button presses, replies, commands and `/daftar` binding.

`StaffDesk.on_staff_event(row, event)` is the dispatcher's staff handler. Membership of
the group is checked with getChatMember (a read, called directly, cached for
DUMAS_STAFF_MEMBER_CACHE_SECONDS) before the transaction; everything the event causes
(ticket changes, ticket_events rows with the officer's id and name, card edits, messages
to the citizen and the group, the callback answer) and the inbox row's "processed" mark
are then written in ONE transaction, so a crash repeats the whole event or nothing of it.
What an officer is in the middle of (Reply pressed, a closing note asked) is kept in the
store (`staff_pending`), never in memory.
"""

from __future__ import annotations

import html
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.channels.base import StaffEvent
from bot.officers import binding, commands, deadlines, roster, standard
from bot.officers.actions import CardAction, Verb, button
from bot.officers.binding import code_hash
from bot.officers.cards import REJECT_REASONS, reject_buttons
from bot.officers.service import Officers, hidden_details, solved_question
from bot.store import inbox, staff
from bot.store import outbox as outbox_store
from bot.store import tickets as ticket_store
from bot.store import triage as triage_store
from bot.store.connection import Connection
from bot.store.database import iso, parse_iso, utcnow
from bot.tickets import reference as references
from bot.triage import corrections
from flows.events import Reply
from flows.triage import detect_abuse, normalize

log = logging.getLogger(__name__)

MemberStatus = Callable[[str, str], Awaitable[str]]
MEMBER_STATUSES = {"member", "administrator", "creator"}
PENDING_TTL = timedelta(hours=1)
COMMANDS = {
    "antrian",
    "tiket",
    "cari",
    "statistik",
    "bantuan",
    "help",
    "start",
    "provokasi",
    "topik",
}


class Refused(Exception):
    """The action is not allowed; the message is shown to the officer (alert)."""


@dataclass
class Turn:
    """One staff event being handled inside its transaction."""

    conn: Connection
    group: staff.StaffGroup
    event: StaffEvent
    user_id: str
    user_name: str
    role: str
    answer: str = ""
    alert: bool = False
    outcome: str = "ok"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor" or self.group.role == "supervisor"

    @property
    def mention(self) -> str:
        return f'<a href="tg://user?id={self.user_id}">{html.escape(self.user_name)}</a>'


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
        if await binding.on_chat_event(self.o, row, event):  # migrated, bot removed
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
            group = await staff.group(conn, event.chat_id)
            pending = await staff.pending(conn, event.chat_id, event.user_id)
            target = (
                await staff.ticket_of_message(conn, event.chat_id, event.reply_to_message_id)
                if event.reply_to_message_id
                else None
            )
        if event.kind == "command" and event.command == "daftar":
            await self._bind(row, event)
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
        if event.kind == "command" and event.command not in COMMANDS:
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
                conn,
                group,
                event,
                event.user_id,
                event.user_name or event.user_id,
                await staff.role_of(conn, event.chat_id, event.user_id),
            )
            try:
                if event.kind == "callback":
                    await self._on_callback(turn)
                elif event.kind == "command":
                    await self._on_command(turn)
                else:
                    await self._on_text(turn, target)
            except Refused as exc:
                turn.answer, turn.alert, turn.outcome = str(exc), True, "refused"
                if event.kind != "callback":
                    await self.o.group_message(
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
            kind="callback_answer",
            payload={"callback_id": event.callback_id, "text": text[:190], "alert": alert},
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
            await staff.log_attempt(
                conn,
                event.chat_id,
                event.user_id,
                event.user_name,
                action,
                "refused:anonymous admin",
            )
            await self.o.group_message(
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
            await staff.log_attempt(
                conn,
                event.chat_id,
                event.user_id,
                event.user_name,
                action,
                outcome,
                ticket_id,
            )
            if ticket_id is not None and await staff.ticket(conn, ticket_id) is not None:
                await ticket_store.add_event(
                    conn,
                    ticket_id,
                    "refused",
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
                await self.o.group_message(conn, event.chat_id, html.escape(text), answering=event)
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
            ticket = await staff.ticket(conn, target)
            reference = ticket.reference if ticket else "-"
            await ticket_store.add_event(
                conn,
                target,
                "reply_edit_not_sent",
                actor_kind="officer",
                actor_id=event.user_id,
                actor_name=event.user_name,
                detail={"chat_id": event.chat_id, "message_id": event.message_id},
            )
            await self.o.group_message(
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
            events = await staff.ticket_events(conn, ticket_id)
        for item in events:
            if item.kind != "message_out" or not item.detail:
                continue
            detail = json.loads(item.detail)
            if detail.get("chat_id") == chat_id and detail.get("message_id") == message_id:
                return True
        return False

    # ------------------------------------------------------------------ /daftar

    async def _bind(self, row: inbox.InboxRow, event: StaffEvent) -> None:
        _ = self.o.tr.gettext
        async with self.o.db.transaction() as conn:
            found = (
                await staff.use_link_code(conn, code_hash(event.args), event.chat_id, iso(utcnow()))
                if event.args.strip()
                else None
            )
            if found is None:
                await self.o.group_message(
                    conn,
                    event.chat_id,
                    _(
                        "This code is not valid: it may be mistyped, used already or expired. "
                        "Ask your administrator for a new one (`dumas staff link`)."
                    ),
                    answering=event,
                )
                await staff.log_attempt(
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
            await staff.bind_in(conn, event.chat_id, unit_id, role, event.chat_title)
            backlog = await self.o.on_group_bound(conn, event.chat_id, unit_id)
            if role == "ppa":
                text = _(
                    "✅ This group is now the PPA group (women and children protection) of "
                    "{unit}: the unit's sensitive cases come here, and only here."
                )
            elif role == "unit":
                text = _("✅ This group is now the staff group of {unit}.")
            else:
                text = _("✅ This group is now the supervisory group of {unit}.")
            text = text.format(unit=html.escape(self.o.unit_name(unit_id)))
            if backlog:
                text += "\n" + self.o.tr.ngettext(
                    "{n} waiting ticket follows.", "{n} waiting tickets follow.", backlog
                ).format(n=backlog)
            text += "\n\n" + commands.help_text(self.o)
            await self.o.group_message(conn, event.chat_id, text)
            await staff.log_attempt(
                conn, event.chat_id, event.user_id, event.user_name, "/daftar", f"bound:{unit_id}"
            )
            await inbox.mark_processed(conn, row.id, "ok")
        # the group message must come before the backlog cards: it was queued after them,
        # but cards are ordered per chat by id; acceptable (the cards carry everything).

    # ------------------------------------------------------------------ commands

    async def _on_command(self, turn: Turn) -> None:
        o, ev, conn = self.o, turn.event, turn.conn
        name = ev.command
        ticket_id: int | None = None
        if name == "antrian":
            text = await commands.queue_text(o, conn, turn.group, o.clock())
        elif name == "tiket":
            text, ticket_id = await commands.ticket_text(o, conn, turn.group, ev.args)
            if ticket_id is not None:  # the reporter's details were shown: audited
                ticket = await staff.ticket(conn, ticket_id)
                if ticket is not None and not hidden_details(ticket):
                    await self._event(turn, ticket_id, "details_viewed", via="/tiket")
        elif name == "provokasi":
            canonical, verdict = references.check(ev.args.strip())
            found = (
                await staff.ticket_by_reference(conn, canonical, o.scope_of(turn.group))
                if canonical and verdict == "ok"
                else None
            )
            if found is None:
                raise Refused(
                    o.tr.gettext(
                        "Usage: /provokasi NUMBER, e.g. /provokasi "
                        "DMS-K7QM-XP4C (a ticket of this group's area)."
                    )
                )
            await self.provocation(turn, found)
            return
        elif name == "topik":
            await self._choose_topic(turn)
            return
        elif name == "cari":
            text, revealed = await commands.search_text(o, conn, turn.group, ev.args)
            for shown in revealed:  # a sensitive case's text shown to the group: audited
                await self._event(turn, shown, "details_viewed", via="/cari")
        elif name == "statistik":
            text = await commands.stats_text(o, conn, turn.group, o.clock())
        else:
            text = commands.help_text(o)
        await o.group_message(conn, ev.chat_id, text, ticket_id=ticket_id, answering=ev)

    async def _choose_topic(self, turn: Turn) -> None:
        """/topik inside a forum topic: the group's cards, digests and notices go to that
        topic from now on (message_thread_id, https://core.telegram.org/bots/api#message).
        Sent outside a topic it explains how; `/topik umum` there sends them to the main
        chat again."""
        o, ev, conn = self.o, turn.event, turn.conn
        _ = o.tr.gettext
        thread = ev.extra.get("thread")
        if thread is not None:
            await staff.set_topic(conn, ev.chat_id, str(thread))
            text = _(
                "✅ From now on this group's cards, digests and notices are posted in this topic."
            )
        elif ev.args.strip().lower() == "umum":
            await staff.set_topic(conn, ev.chat_id, None)
            text = _("✅ From now on this group's cards are posted in the main chat.")
        else:
            text = _(
                "To post the cards in a topic, open that topic of this group (topics must be "
                "enabled) and send /topik there. To post them in the main chat again, send "
                "/topik umum here."
            )
        await o.group_message(conn, ev.chat_id, text, answering=ev)

    # ------------------------------------------------------------------ buttons

    async def _ticket(
        self, turn: Turn, ticket_id: int | None, open_only: bool = True
    ) -> staff.OfficerTicket:
        _ = self.o.tr.gettext
        ticket = await staff.ticket(turn.conn, ticket_id) if ticket_id is not None else None
        if ticket is None or not self.o.in_scope(turn.group, ticket):
            raise Refused(_("This ticket is not in this group's area."))
        if open_only and ticket.status in ("resolved", "rejected"):
            raise Refused(
                _("Ticket {reference} is already closed.").format(reference=ticket.reference)
            )
        return ticket

    def _check_holder(self, turn: Turn, ticket: staff.OfficerTicket) -> None:
        if ticket.holder_id and ticket.holder_id != turn.user_id and not turn.supervisor:
            raise Refused(
                self.o.tr.gettext(
                    "{reference} is held by {name}; only they or a supervisor can do this."
                ).format(reference=ticket.reference, name=ticket.holder_name or ticket.holder_id)
            )

    async def _event(
        self, turn: Turn, ticket_id: int, kind: str, status: str | None = None, **detail: Any
    ) -> None:
        await ticket_store.add_event(
            turn.conn,
            ticket_id,
            kind,
            actor_kind="officer",
            status=status,
            actor_id=turn.user_id,
            actor_name=turn.user_name,
            detail={"chat_id": turn.group.chat_id, **detail},
        )

    async def _ask(
        self,
        turn: Turn,
        ticket: staff.OfficerTicket,
        action: str,
        text: str,
        arg: str | None = None,
    ) -> None:
        """Remember what the officer is doing and ask for the text (ForceReply)."""
        await staff.set_pending(turn.conn, turn.group.chat_id, turn.user_id, action, ticket.id, arg)
        await self.o.group_message(
            turn.conn,
            turn.group.chat_id,
            f"{turn.mention}, {text}",
            ticket_id=ticket.id,
            force_reply=True,
        )

    async def _on_callback(self, turn: Turn) -> None:
        _ = self.o.tr.gettext
        action = CardAction.unpack(turn.event.callback_data)
        if action is None:
            turn.answer, turn.outcome = _("This button is no longer valid."), "ignored:data"
            return
        verb, ticket_id, arg = action.verb, action.ticket_id, action.arg
        conn, e = turn.conn, html.escape
        if verb in (Verb.CARD, Verb.DUPLICATE):  # a digest line, or a possible duplicate's card
            ticket = await self._ticket(turn, ticket_id, open_only=False)
            await self.o.post_card(conn, ticket, turn.group.chat_id)
            turn.answer = ticket.reference
            return
        if verb is Verb.CANCEL:
            await staff.clear_pending(conn, turn.group.chat_id, turn.user_id)
            turn.answer = _("Cancelled.")
            return
        if verb is Verb.SEND_ANYWAY:  # "Send anyway" after the harsh-language warning
            pending = await staff.pending(conn, turn.group.chat_id, turn.user_id)
            ticket = await self._ticket(turn, ticket_id)
            if (
                pending is None
                or pending.action != "confirm_reply"
                or pending.ticket_id != ticket.id
            ):
                raise Refused(_("This button is no longer valid."))
            await staff.clear_pending(conn, turn.group.chat_id, turn.user_id)
            data = json.loads(pending.arg or "{}")
            media = tuple(data["media"]) if data.get("media") else None
            await self.reply(
                turn,
                ticket,
                data.get("text", ""),
                media=media,  # type: ignore
                checked=True,
            )
            turn.answer = _("Sent to the citizen.")
            return
        ticket = await self._ticket(turn, ticket_id)
        ref = e(ticket.reference)
        if verb is Verb.CLAIM:
            await self.claim(turn, ticket)
        elif verb is Verb.REPLY:
            self._check_holder(turn, ticket)
            self._check_contact(ticket)
            await self._ask(
                turn,
                ticket,
                "reply",
                _(
                    "write your reply to the citizen about {reference} as a reply to this "
                    "message (text, photo or document)."
                ).format(reference=ref),
            )
            turn.answer = _("Write your reply.")
        elif verb is Verb.STANDARD:
            self._check_contact(ticket)
            buttons = [
                [button(r.label("id"), Verb.STANDARD_PICK, ticket.id, r.id)]
                for r in standard.load()
            ]
            await self.o.group_message(
                conn,
                turn.group.chat_id,
                _(
                    "📝 Standard replies for {reference}: choose one to see it before sending."
                ).format(reference=ref),
                ticket_id=ticket.id,
                buttons=buttons,
            )
        elif verb is Verb.STANDARD_PICK:
            await self._standard_draft(turn, ticket, arg)
        elif verb is Verb.SEND:
            self._check_holder(turn, ticket)
            self._check_contact(ticket)
            chosen = standard.find(arg)
            if chosen is None:
                raise Refused(_("This standard reply no longer exists."))
            _citizen, tr = await self.o.citizen_translator(conn, ticket)
            await self.reply(turn, ticket, chosen.text(tr.locale), standard_reply=chosen.id)
            turn.answer = _("Sent to the citizen.")
        elif verb is Verb.TRANSFER:
            self._check_holder(turn, ticket)
            await self._ask(
                turn,
                ticket,
                "transfer",
                _(
                    "type the name of the unit to transfer {reference} to (e.g. “polres "
                    "bogor”), as a reply to this message."
                ).format(reference=ref),
            )
            turn.answer = _("Type the unit's name.")
        elif verb is Verb.TRANSFER_TO:
            self._check_holder(turn, ticket)
            await self.transfer(turn, ticket, arg)
        elif verb is Verb.PROVOCATION:
            await self.provocation(turn, ticket)
        elif verb is Verb.FLAG_WRONG:
            await self.flag_wrong(turn, ticket, arg)
        elif verb is Verb.RESOLVE:
            self._check_holder(turn, ticket)
            await self._ask(
                turn,
                ticket,
                "resolve",
                _(
                    "write the closing note for {reference} (what was done); the citizen will "
                    "see it. Reply to this message."
                ).format(reference=ref),
            )
            turn.answer = _("Write the closing note.")
        elif verb is Verb.REJECT:
            self._check_holder(turn, ticket)
            await self.o.group_message(
                conn,
                turn.group.chat_id,
                _("⛔ Why is {reference} rejected?").format(reference=ref),
                ticket_id=ticket.id,
                buttons=reject_buttons(self.o.tr, ticket.id),
            )
        elif verb is Verb.REJECT_REASON:
            self._check_holder(turn, ticket)
            if arg not in REJECT_REASONS:
                raise Refused(_("This button is no longer valid."))
            if arg == "other":
                await self._ask(
                    turn,
                    ticket,
                    "reject",
                    _(
                        "write the reason for rejecting {reference}; the citizen will see it. "
                        "Reply to this message."
                    ).format(reference=ref),
                )
                turn.answer = _("Write the reason.")
            else:
                await self.reject(turn, ticket, arg, "")
        else:
            turn.answer, turn.outcome = _("This button is no longer valid."), "ignored:verb"

    def _check_contact(self, ticket: staff.OfficerTicket) -> None:
        if ticket.contact == "anonymous":
            raise Refused(
                self.o.tr.gettext(
                    "The reporter of {reference} is anonymous: replies cannot be sent."
                ).format(reference=ticket.reference)
            )

    async def _standard_draft(self, turn: Turn, ticket: staff.OfficerTicket, key: str) -> None:
        _ = self.o.tr.gettext
        chosen = standard.find(key)
        if chosen is None:
            raise Refused(_("This standard reply no longer exists."))
        _citizen, tr = await self.o.citizen_translator(turn.conn, ticket)
        text = _("Draft for {reference} (in the citizen's language):").format(
            reference=html.escape(ticket.reference)
        )
        text += f"\n\n<code>{html.escape(chosen.text(tr.locale))}</code>\n\n" + _(
            "Press “Send” to send it as is, or copy it, edit it and send it as a reply to "
            "this message."
        )
        await self.o.group_message(
            turn.conn,
            turn.group.chat_id,
            text,
            ticket_id=ticket.id,
            buttons=[
                [
                    button(_("📤 Send"), Verb.SEND, ticket.id, chosen.id),
                    button(_("Cancel"), Verb.CANCEL, ticket.id),
                ]
            ],
        )
        turn.answer = chosen.label("id")

    # ------------------------------------------------------------------ text in the group

    async def _on_text(self, turn: Turn, target: int | None) -> None:
        _ = self.o.tr.gettext
        conn, ev = turn.conn, turn.event
        pending = await staff.pending(conn, turn.group.chat_id, turn.user_id)
        if pending is not None and iso(utcnow() - PENDING_TTL) > pending.created_at:
            await staff.clear_pending(conn, turn.group.chat_id, turn.user_id)
            pending = None
        if pending is not None and (target is None or target == pending.ticket_id):
            ticket = await self._ticket(turn, pending.ticket_id)
            text = ev.text.strip()
            if pending.action == "transfer":
                await self._transfer_search(turn, ticket, text)
                return
            if not text and not (pending.action in ("reply", "confirm_reply") and ev.media):
                raise Refused(_("Please write a text."))
            await staff.clear_pending(conn, turn.group.chat_id, turn.user_id)
            if pending.action in ("reply", "confirm_reply"):  # an edited reply is checked again
                await self.reply(turn, ticket, text, media=_media(ev))
            elif pending.action == "resolve":
                await self.resolve(turn, ticket, text)
            elif pending.action == "reject":
                await self.reject(turn, ticket, "other", text)
            return
        if target is None:
            turn.outcome = "ignored:chatter"
            return
        ticket = await self._ticket(turn, target)
        self._check_holder(turn, ticket)
        self._check_contact(ticket)
        if not ev.text.strip() and ev.media is None:
            turn.outcome = "ignored:empty"
            return
        await self.reply(turn, ticket, ev.text.strip(), media=_media(ev))

    async def _transfer_search(self, turn: Turn, ticket: staff.OfficerTicket, text: str) -> None:
        _ = self.o.tr.gettext
        units = [
            u
            for u in self.o.table.search_units(text, limit=12)
            if u.kind in ("polres", "propam") and u.id != ticket.unit_id
        ][:8]
        if not units:
            await self.o.group_message(
                turn.conn,
                turn.group.chat_id,
                _(
                    "No unit matches “{text}”. Type another name, as a reply to this message."
                ).format(text=html.escape(text[:60])),
                ticket_id=ticket.id,
                force_reply=True,
            )
            return
        buttons = [[button(u.name, Verb.TRANSFER_TO, ticket.id, u.id)] for u in units]
        buttons.append([button(_("Cancel"), Verb.CANCEL, ticket.id)])
        await self.o.group_message(
            turn.conn,
            turn.group.chat_id,
            _("↪️ Transfer {reference} to:").format(reference=html.escape(ticket.reference)),
            ticket_id=ticket.id,
            buttons=buttons,
        )

    # ------------------------------------------------------------------ the actions

    async def claim(self, turn: Turn, ticket: staff.OfficerTicket) -> None:
        _ = self.o.tr.gettext
        o, conn = self.o, turn.conn
        if ticket.holder_id == turn.user_id:
            turn.answer = _("You already hold {reference}.").format(reference=ticket.reference)
            return
        self._check_holder(turn, ticket)
        now = o.clock()
        await staff.update_ticket(
            conn, ticket.id, holder_id=turn.user_id, holder_name=turn.user_name, claimed_at=iso(now)
        )
        await self._event(turn, ticket.id, "status", "in_progress", action="claim")
        await deadlines.finish(conn, ticket.id, "claim", now)
        await o.refresh_cards(conn, ticket.id)
        if hidden_details(ticket):
            # A sensitive case: the claim reveals the details (audited), pin and files follow.
            await self._event(turn, ticket.id, "details_viewed", via="claim")
            claimed = await staff.ticket(conn, ticket.id)
            assert claimed is not None
            for group in await o.groups_for(conn, claimed):
                await o.post_attachments(conn, claimed, group.chat_id)
                await o.post_held_files(conn, claimed, group.chat_id)
        turn.answer = _("You now hold {reference}.").format(reference=ticket.reference)
        due = (await staff.deadlines_of(conn, ticket.id)).get("resolve")
        citizen, tr = await o.citizen_translator(conn, ticket)
        text = tr.gettext(
            "Your complaint {reference} is now being handled by an officer of {unit}."
        ).format(reference=ticket.reference, unit=o.unit_name(ticket.unit_id))
        if due is not None:
            text += "\n" + tr.gettext("Expected response by {when}.").format(
                when=tr.format_datetime(parse_iso(due.due_at) or now, ticket.timezone)
            )
        await o.notify(conn, ticket, Reply(text), "ticket_update", citizen, tr)

    async def reply(
        self,
        turn: Turn,
        ticket: staff.OfficerTicket,
        text: str,
        *,
        media: tuple[str, str] | None = None,
        standard_reply: str | None = None,
        checked: bool = False,
    ) -> None:
        self._check_contact(ticket)
        harsh = (
            detect_abuse(normalize(text))
            if text and not checked and standard_reply is None
            else None
        )
        if harsh is not None and harsh.flagged:
            # Professional replies: warn before insulting language reaches a citizen.
            _ = self.o.tr.gettext
            await staff.set_pending(
                turn.conn,
                turn.group.chat_id,
                turn.user_id,
                "confirm_reply",
                ticket.id,
                json.dumps({"text": text, "media": media}, ensure_ascii=False),
            )
            await self.o.group_message(
                turn.conn,
                turn.group.chat_id,
                _(
                    "{mention}, your reply about {reference} contains language that may offend "
                    "the citizen ({words}). It was not sent. Send it anyway, or cancel and write "
                    "it again as a reply to the card."
                ).format(
                    mention=turn.mention,
                    reference=html.escape(ticket.reference),
                    words=html.escape(", ".join(harsh.words[:5])),
                ),
                ticket_id=ticket.id,
                buttons=[
                    [
                        button(_("📤 Send anyway"), Verb.SEND_ANYWAY, ticket.id),
                        button(_("Cancel"), Verb.CANCEL, ticket.id),
                    ]
                ],
            )
            await self._event(turn, ticket.id, "reply_held", words=list(harsh.words[:5]))
            turn.answer = _("Not sent: please check the wording.")
            return
        await self.o.relay_to_citizen(turn.conn, ticket, text, turn.user_name, media)
        await self._event(
            turn,
            ticket.id,
            "message_out",
            text=text,
            media=media[0] if media else None,
            standard=standard_reply,
            # the officer's own message, so that an edit of it can be recognised
            message_id=turn.event.message_id if turn.event.kind in ("text", "media") else None,
        )
        if turn.event.kind != "callback":
            await self.o.group_message(
                turn.conn,
                turn.group.chat_id,
                self.o.tr.gettext("✔️ Sent to the citizen ({reference}).").format(
                    reference=html.escape(ticket.reference)
                ),
                ticket_id=ticket.id,
                answering=turn.event,
            )

    async def resolve(self, turn: Turn, ticket: staff.OfficerTicket, note: str) -> None:
        o, conn = self.o, turn.conn
        now = o.clock()
        values: dict[str, Any] = {
            "resolved_at": iso(now),
            "closing_note": note[:2000],
            "feedback_state": "confirm" if ticket.contact == "chat" else None,
        }
        if ticket.holder_id is None:
            values.update(holder_id=turn.user_id, holder_name=turn.user_name, claimed_at=iso(now))
        await staff.update_ticket(conn, ticket.id, **values)
        await self._event(turn, ticket.id, "status", "resolved", note=note[:2000])
        await deadlines.finish(conn, ticket.id, "claim", now)
        await deadlines.finish(conn, ticket.id, "resolve", now)
        await staff.clear_pending(conn, turn.group.chat_id, turn.user_id)
        await o.refresh_cards(conn, ticket.id)
        citizen, tr = await o.citizen_translator(conn, ticket)
        text = tr.gettext("Your complaint {reference} has been resolved by {unit}.").format(
            reference=ticket.reference, unit=o.unit_name(ticket.unit_id)
        )
        text += "\n\n" + tr.gettext("Officer's note: {note}").format(note=note.strip())
        await o.notify(conn, ticket, Reply(text), "ticket_update", citizen, tr)
        if ticket.contact == "chat":
            await o.notify(conn, ticket, solved_question(tr, ticket), "ticket_update", citizen, tr)
        await o.group_message(
            conn,
            turn.group.chat_id,
            o.tr.gettext("✅ {reference} resolved by {name}.").format(
                reference=html.escape(ticket.reference), name=html.escape(turn.user_name)
            ),
            ticket_id=ticket.id,
            reply_to=await o.card_message_id(conn, ticket.id, turn.group.chat_id),
        )

    async def reject(self, turn: Turn, ticket: staff.OfficerTicket, reason: str, text: str) -> None:
        o, conn = self.o, turn.conn
        now = o.clock()
        label = o.tr.gettext(REJECT_REASONS[reason])
        note = f"{label}: {text}" if text else label
        await staff.update_ticket(
            conn, ticket.id, resolved_at=iso(now), closing_note=note, feedback_state=None
        )
        await self._event(turn, ticket.id, "status", "rejected", reason=reason, note=text)
        await deadlines.finish(conn, ticket.id, "claim", now)
        await deadlines.finish(conn, ticket.id, "resolve", now)
        await staff.clear_pending(conn, turn.group.chat_id, turn.user_id)
        await o.refresh_cards(conn, ticket.id)
        citizen, tr = await o.citizen_translator(conn, ticket)
        shown = tr.gettext(REJECT_REASONS[reason]) + (f" – {text}" if text else "")
        await o.notify(
            conn,
            ticket,
            Reply(
                tr.gettext(
                    "Your complaint {reference} was closed by {unit} without further action. "
                    "Reason: "
                    "{reason}. If you think this is a mistake, you can file a new complaint with "
                    "/aduan."
                ).format(reference=ticket.reference, unit=o.unit_name(ticket.unit_id), reason=shown)
            ),
            "ticket_update",
            citizen,
            tr,
        )
        turn.answer = o.tr.gettext("{reference} rejected.").format(reference=ticket.reference)

    async def transfer(self, turn: Turn, ticket: staff.OfficerTicket, unit_id: str) -> None:
        _ = self.o.tr.gettext
        o, conn = self.o, turn.conn
        new = o.unit(unit_id)
        if new is None or new.kind not in ("polres", "propam") or new.id == ticket.unit_id:
            raise Refused(_("This unit cannot take the ticket."))
        old_name = o.unit_name(ticket.unit_id)
        frozen = await o.card_message(conn, ticket, moved_to=new.name)
        for chat_id, message_id in await staff.cards_of(conn, ticket.id):
            if message_id:
                await o._edit(conn, chat_id, message_id, frozen, ticket.id)
        await staff.drop_cards(conn, ticket.id)
        await staff.clear_pending(conn, turn.group.chat_id, turn.user_id)
        await staff.update_ticket(
            conn,
            ticket.id,
            unit_id=new.id,
            polda_id=new.polda_id,
            timezone=new.timezone,
            holder_id=None,
            holder_name=None,
            claimed_at=None,
        )
        await self._event(
            turn, ticket.id, "status", "transferred", from_unit=ticket.unit_id, to_unit=new.id
        )
        await deadlines.start(
            conn, o.settings, ticket.id, ticket.category, o.clock(), kinds=("claim",)
        )
        moved = await staff.ticket(conn, ticket.id)
        assert moved is not None
        await o.distribute(conn, moved)
        citizen, tr = await o.citizen_translator(conn, moved)
        await o.notify(
            conn,
            moved,
            Reply(
                tr.gettext(
                    "Your complaint {reference} has been transferred from {old} to {unit}, "
                    "which is "
                    "responsible for it."
                ).format(reference=ticket.reference, old=old_name, unit=new.name)
            ),
            "ticket_update",
            citizen,
            tr,
        )
        await o.group_message(
            conn,
            turn.group.chat_id,
            _("↪️ {reference} transferred to {unit} by {name}.").format(
                reference=html.escape(ticket.reference),
                unit=html.escape(new.name),
                name=html.escape(turn.user_name),
            ),
        )
        turn.answer = _("Transferred to {unit}.").format(unit=new.name)

    async def provocation(self, turn: Turn, ticket: staff.OfficerTicket) -> None:
        """An officer marks the complaint as provocation: flagged on the card, counted for
        the citizen's cooldown, and the citizen gets the standard professional reply."""
        o, conn = self.o, turn.conn
        flags = await triage_store.flags_of(conn, ticket.id)
        if "provocation" in flags:
            raise Refused(
                o.tr.gettext("{reference} is already marked as provocation.").format(
                    reference=ticket.reference
                )
            )
        flags["provocation"] = {"by": turn.user_name, "at": iso(o.clock())}
        await triage_store.set_flags(conn, ticket.id, flags)
        await triage_store.add_citizen_flag(
            conn, ticket.citizen_id, "provocation", [], o.clock(), ticket.id
        )
        await self._event(turn, ticket.id, "provocation")
        await o.refresh_cards(conn, ticket.id)
        chosen = standard.find("provocation")
        if chosen is not None and ticket.contact == "chat":
            _citizen, tr = await o.citizen_translator(conn, ticket)
            await o.relay_to_citizen(conn, ticket, chosen.text(tr.locale), turn.user_name)
            await self._event(
                turn, ticket.id, "message_out", text=chosen.text(tr.locale), standard=chosen.id
            )
        await o.group_message(
            conn,
            turn.group.chat_id,
            o.tr.gettext(
                "🚩 {reference} marked as provocation by {name}; the citizen received the standard "
                "reply."
            ).format(reference=html.escape(ticket.reference), name=html.escape(turn.user_name)),
            ticket_id=ticket.id,
        )
        turn.answer = o.tr.gettext("{reference} marked as provocation.").format(
            reference=ticket.reference
        )

    async def flag_wrong(self, turn: Turn, ticket: staff.OfficerTicket, flag: str) -> None:
        """One tap on "✖️ Not an emergency" / "✖️ Not harsh language": the correction is
        stored with the officer and the time (exported for the next training), the flag
        leaves the card, and the card says who corrected it."""
        o, conn, _ = self.o, turn.conn, self.o.tr.gettext
        if not await corrections.correct_flag(
            conn, ticket.id, flag, turn.user_id, turn.user_name, o.clock()
        ):
            raise Refused(
                _("This flag is no longer on {reference}.").format(reference=ticket.reference)
            )
        await self._event(turn, ticket.id, "triage_corrected", flag=flag)
        await o.refresh_cards(conn, ticket.id)
        turn.answer = _("Thank you: the correction is saved and helps the next training.")


def _ticket_id(data: str | None) -> int | None:
    parts = (data or "").split(":")
    return _int(parts[2]) if len(parts) >= 3 and parts[0] == "t" else None


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _media(event: StaffEvent) -> tuple[str, str] | None:
    if event.media is None or event.media.kind not in ("photo", "document", "video"):
        return None
    return (event.media.kind, event.media.file_ref)
