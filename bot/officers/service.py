"""The officers' side of a ticket: cards and digests in staff groups, notices to the
citizen, deadlines, and the effects of the citizen's follow-up.

Every function that changes something takes the caller's connection, so it joins the
caller's transaction (invariant 2): the state change and every message it causes are
written together, and the outbox sender delivers them. Officer-facing text is rendered in
Indonesian (`STAFF_LOCALE`); citizen-facing text in the citizen's language and the
ticket's time zone.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from bot.catalog import load_categories
from bot.channels.base import StaffEvent
from bot.i18n import Translator, pick_locale, translator
from bot.officers import deadlines
from bot.officers.actions import Verb, button
from bot.officers.cards import CardData, card_buttons, mask, render_card
from bot.routing.table import RoutingTable
from bot.settings import Settings
from bot.store import citizens, staff
from bot.store import outbox as outbox_store
from bot.store import tickets as ticket_store
from bot.store import triage as triage_store
from bot.store.connection import Connection
from bot.store.database import Database, parse_iso, utcnow
from bot.store.outbox import OutboxRow
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket
from flows import followup
from flows.context import AttachMessage, FollowupTicket, SubmitComplaint, TicketFeedback
from flows.events import Option, Reply, to_dict
from flows.texts import N_

log = logging.getLogger(__name__)

STAFF_LOCALE = "id"
# What the group sees of an unclaimed sensitive case's text (search, follow-ups, history).
SENSITIVE_MARKER = N_("(sensitive case: claim to see)")
DIGEST_MAX = 30  # tickets per digest message (buttons and text stay within Telegram's limits)


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: str
    name: str
    kind: str
    polda_id: str
    polda_name: str
    timezone: str


class Officers:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        table: RoutingTable,
        clock: Callable[[], datetime] = utcnow,
        channel: str = "telegram",
    ) -> None:
        self.db = db
        self.settings = settings
        self.table = table
        self.clock = clock
        self.channel = channel
        self.tr = translator(STAFF_LOCALE)

    # ------------------------------------------------------------------ lookups

    def unit(self, unit_id: str | None) -> UnitInfo | None:
        unit = self.table.unit(unit_id) if unit_id else None
        if unit is None:
            return None
        polda = self.table.unit(unit.polda_id)
        return UnitInfo(
            unit.id,
            unit.name,
            unit.kind,
            unit.polda_id,
            polda.name if polda else unit.polda_id,
            unit.timezone,
        )

    def unit_name(self, unit_id: str | None) -> str:
        unit = self.unit(unit_id)
        return unit.name if unit else (unit_id or "-")

    @staticmethod
    def scope_of(group: staff.StaffGroup) -> tuple[str, str]:
        return ("polda", group.unit_id) if group.role == "supervisor" else ("unit", group.unit_id)

    @staticmethod
    def in_scope(group: staff.StaffGroup, ticket: Ticket) -> bool:
        if group.role == "supervisor":
            return ticket.polda_id == group.unit_id
        return ticket.unit_id == group.unit_id

    async def citizen_translator(
        self, conn: Connection, ticket: Ticket
    ) -> tuple[citizens.Citizen | None, Translator]:
        citizen = await citizens.by_id(conn, ticket.citizen_id)
        locale = pick_locale(
            citizen.locale if citizen else ticket.locale,
            citizen.platform_locale if citizen else None,
            ticket.locale,
        )
        return citizen, translator(locale)

    async def groups_for(self, conn: Connection, ticket: Ticket) -> list[staff.StaffGroup]:
        """Where the ticket's cards go: its unit's groups; Propam cases also to the Polda's
        supervisory groups. A unit with a PPA group (role "ppa", women and children
        protection) gets its sensitive cases there only, and the rest in its other
        groups; without one, everything goes to the unit's groups."""
        if ticket.unit_id is None:
            return []
        bound = await staff.groups_for_unit(conn, ticket.unit_id)
        ppa = [g for g in bound if g.role == "ppa"]
        groups = ppa if ppa and sensitive_case(ticket) else [g for g in bound if g.role != "ppa"]
        unit = self.unit(ticket.unit_id)
        if unit is not None and unit.kind == "propam" and ticket.polda_id:
            groups += await staff.supervisor_groups(conn, ticket.polda_id)
        return groups

    # ------------------------------------------------------------------ cards

    async def card_data(
        self, conn: Connection, ticket: Ticket, moved_to: str | None = None
    ) -> CardData:
        unit = self.unit(ticket.unit_id)
        citizen = await citizens.by_id(conn, ticket.citizen_id)
        category = next((c for c in load_categories() if c.id == ticket.category), None)
        due = await staff.deadlines_of(conn, ticket.id)
        return CardData(
            reference=ticket.reference,
            category=category,
            priority=ticket.priority,
            status=ticket.status,
            unit_name=unit.name if unit else (ticket.unit_id or "-"),
            polda_name=unit.polda_name if unit else (ticket.polda_id or ""),
            timezone=ticket.timezone,
            created_at=ticket.created_at,
            place_label=ticket.place_label,
            place_text=ticket.place_text,
            latitude=ticket.latitude,
            longitude=ticket.longitude,
            description=ticket.description,
            evidence_count=await staff.count_evidence(conn, ticket.id),
            contact=ticket.contact,
            reporter_handle=mask(citizen.external_id if citizen else ""),
            ticket_id=ticket.id,
            occurred_text=ticket.occurred_text,
            holder_name=ticket.holder_name,
            claim_due=_dt(due["claim"].due_at) if "claim" in due else None,
            resolve_due=_dt(due["resolve"].due_at) if "resolve" in due else None,
            closing_note=ticket.closing_note,
            moved_to=moved_to,
            flags=await ticket_store.flags_of(conn, ticket.id),
            links=tuple(
                (link.reference, link.other_id)
                for link in await triage_store.links_of(conn, ticket.id)
            ),
        )

    async def card_message(
        self, conn: Connection, ticket: Ticket, moved_to: str | None = None
    ) -> dict[str, Any]:
        card = await self.card_data(conn, ticket, moved_to)
        return {
            "text": render_card(self.tr, card),
            "html": True,
            "ticket_id": ticket.id,
            "buttons": card_buttons(
                self.tr,
                ticket.id,
                ticket.status,
                held=ticket.holder_id is not None,
                moved=moved_to is not None,
                links=card.links,
                provocation="provocation" in card.flags,
                flags=card.flags,
            ),
        }

    async def post_card(
        self,
        conn: Connection,
        ticket: Ticket,
        chat_id: str,
        with_attachments: bool = True,
    ) -> None:
        """The full card in a group, with the map pin and the evidence after it."""
        ticket_id = ticket.id
        payload = await self.card_message(conn, ticket)
        # An urgent ticket's card (and its pin and files) jumps the group's queue.
        priority = 1 if ticket.priority == "urgent" else 0
        outbox_id = await self._in_group(
            conn, chat_id, "card", payload, ticket_id=ticket_id, priority=priority
        )
        await staff.record_card(conn, ticket_id, chat_id, outbox_id)
        if not with_attachments or hidden_details(ticket):
            return  # a sensitive case's pin and files follow the claim
        await self.post_attachments(conn, ticket, chat_id, priority)

    async def post_attachments(
        self, conn: Connection, ticket: Ticket, chat_id: str, priority: int = 0
    ) -> None:
        if ticket.latitude is not None and ticket.longitude is not None:
            await self._in_group(
                conn,
                chat_id,
                "location",
                {"latitude": ticket.latitude, "longitude": ticket.longitude},
                ticket_id=ticket.id,
                priority=priority,
            )
        await self._post_evidence(conn, ticket, chat_id, priority)

    async def _post_evidence(
        self, conn: Connection, ticket: Ticket, chat_id: str, priority: int = 0
    ) -> None:
        # Only Telegram file ids can be re-sent by the bot; other channels' files are
        # counted on the card and kept in the evidence store.
        items = [e for e in await staff.evidence_of(conn, ticket.id) if e.channel == "telegram"]
        visual = [e for e in items if e.kind in ("photo", "video")]
        others = [e for e in items if e.kind not in ("photo", "video")]
        caption = self.tr.gettext("Evidence for {reference}").format(reference=ticket.reference)
        for start in range(0, len(visual), 10):
            chunk = visual[start : start + 10]
            if len(chunk) == 1:
                others.insert(0, chunk[0])
                continue
            await self._in_group(
                conn,
                chat_id,
                "media_group",
                {
                    "items": [
                        {
                            "kind": e.kind,
                            "file_ref": e.file_ref,
                            "caption": caption if i == 0 else None,
                        }
                        for i, e in enumerate(chunk)
                    ]
                },
                ticket_id=ticket.id,
                priority=priority,
            )
        for item in others:
            await self._in_group(
                conn,
                chat_id,
                "media",
                {"kind": item.kind, "file_ref": item.file_ref, "caption": caption},
                ticket_id=ticket.id,
                priority=priority,
            )

    async def post_held_files(self, conn: Connection, ticket: Ticket, chat_id: str) -> None:
        """Files the citizen sent about a sensitive case before it was claimed (kept in
        the ticket's history, not posted): they follow the claim, as its evidence does."""
        for event in await ticket_store.events_in(conn, ticket.id):
            held = json.loads(event.detail).get("held_file") if event.detail else None
            if event.kind != "message_in" or not isinstance(held, list) or len(held) != 2:
                continue
            await self._in_group(
                conn,
                chat_id,
                "media",
                {"kind": held[0], "file_ref": held[1], "caption": ticket.reference},
                ticket_id=ticket.id,
            )

    async def refresh_cards(self, conn: Connection, ticket_id: int) -> None:
        """Edit every delivered card of the ticket in place (undelivered ones are brought up
        to date when they are sent, see `on_sent`)."""
        ticket = await ticket_store.get(conn, ticket_id)
        if ticket is None:
            return
        payload = await self.card_message(conn, ticket)
        for chat_id, message_id in await staff.cards_of(conn, ticket_id):
            if message_id:
                await self._edit(conn, chat_id, message_id, payload, ticket_id)

    async def _edit(
        self,
        conn: Connection,
        chat_id: str,
        message_id: str,
        payload: dict[str, Any],
        ticket_id: int,
    ) -> None:
        await outbox_store.enqueue(
            conn,
            channel=self.channel,
            chat_id=chat_id,
            kind="edit",
            payload={**payload, "message_id": int(message_id)},
            ticket_id=ticket_id,
        )

    async def _in_group(
        self,
        conn: Connection,
        chat_id: str,
        kind: str,
        payload: dict[str, Any],
        *,
        answering: StaffEvent | None = None,
        ticket_id: int | None = None,
        priority: int = 0,
        not_before: datetime | None = None,
    ) -> int:
        """A row for a staff group, in the right forum topic: the topic of the message it
        answers (an answer stays where the officer wrote), otherwise the topic the group
        chose with /topik for its cards (`thread_id`, sent as message_thread_id,
        https://core.telegram.org/bots/api#sendmessage). No topic: the main chat."""
        if answering is not None:
            thread = answering.extra.get("thread")
        else:
            thread = await staff.topic_of(conn, chat_id)
        if thread is not None:
            payload = {**payload, "thread_id": int(thread)}
        return await outbox_store.enqueue(
            conn,
            channel=self.channel,
            chat_id=chat_id,
            kind=kind,
            payload=payload,
            ticket_id=ticket_id,
            priority=priority,
            not_before=not_before,
        )

    async def group_message(
        self,
        conn: Connection,
        chat_id: str,
        text: str,
        *,
        ticket_id: int | None = None,
        reply_to: str | None = None,
        buttons: list[list[tuple[str, str]]] | None = None,
        force_reply: bool = False,
        answering: StaffEvent | None = None,
    ) -> int:
        """An HTML message in a staff group. `answering`: the officer's message it answers
        (replied to, in that message's topic); otherwise it goes to the group's topic."""
        payload: dict[str, Any] = {"text": text, "html": True}
        if answering is not None and answering.message_id:
            reply_to = reply_to or answering.message_id
        if buttons:
            payload["buttons"] = buttons
        if reply_to:
            payload["reply_to_message_id"] = int(reply_to)
        if force_reply:
            payload["force_reply"] = True
        return await self._in_group(
            conn, chat_id, "message", payload, answering=answering, ticket_id=ticket_id
        )

    async def card_message_id(self, conn: Connection, ticket_id: int, chat_id: str) -> str | None:
        return dict(await staff.cards_of(conn, ticket_id)).get(chat_id)

    # ------------------------------------------------------------------ new tickets

    async def on_ticket_created(
        self, conn: Connection, ticket_id: int, action: SubmitComplaint
    ) -> None:
        """Dispatcher hook, inside the ticket's own transaction."""
        ticket = await ticket_store.get(conn, ticket_id)
        assert ticket is not None
        priority = deadlines.priority_of(ticket.category)
        if priority != ticket.priority and ticket.priority != "urgent":  # urgent: triage
            await ticket_store.update(conn, ticket_id, now=self.clock(), priority=priority)
            ticket = replace(ticket, priority=priority)
        await deadlines.start(conn, self.settings, ticket_id, ticket.category, self.clock())
        await self.distribute(conn, ticket)

    async def distribute(self, conn: Connection, ticket: Ticket) -> None:
        """A card (or a digest line when the group is busy) in each of the ticket's groups.
        `ticket` is as it is now in this transaction (the caller read it)."""
        for group in await self.groups_for(conn, ticket):
            waiting = await staff.waiting_cards(conn, group.chat_id)
            if waiting >= self.settings.digest_after and ticket.priority != "urgent":
                await self._add_to_digest(conn, ticket.id, group.chat_id)
            else:
                await self.post_card(conn, ticket, group.chat_id)

    async def _add_to_digest(self, conn: Connection, ticket_id: int, chat_id: str) -> None:
        now = utcnow()  # the outbox runs on wall-clock time
        digest = await staff.open_digest(conn, chat_id, DIGEST_MAX)
        if digest is None:
            digest = await self._in_group(
                conn,
                chat_id,
                "digest",
                {"text": "…", "html": True},
                not_before=now + timedelta(seconds=self.settings.digest_window_seconds),
            )
        await staff.add_digest_item(conn, digest, ticket_id)
        payload = await self.digest_payload(conn, await staff.digest_items(conn, digest))
        thread = await staff.topic_of(conn, chat_id)
        if thread is not None:  # the rewritten payload keeps the digest in the topic
            payload["thread_id"] = int(thread)
        await staff.update_pending_payload(conn, digest, payload)

    async def digest_payload(self, conn: Connection, ticket_ids: list[int]) -> dict[str, Any]:
        _ = self.tr.gettext
        categories = {c.id: c for c in load_categories()}
        lines = [
            self.tr.ngettext(
                "<b>🗂 {n} new ticket</b>", "<b>🗂 {n} new tickets</b>", len(ticket_ids)
            ).format(n=len(ticket_ids)),
            _(
                "Tickets are arriving faster than cards can be posted. Press a ticket to "
                "post its full card."
            ),
            "",
        ]
        buttons: list[tuple[str, str]] = []
        for ticket_id in ticket_ids:
            ticket = await ticket_store.get(conn, ticket_id)
            if ticket is None:
                continue
            category = categories.get(ticket.category)
            label = category.label(STAFF_LOCALE) if category else ticket.category
            place = ticket.place_label or ticket.place_text or "-"
            if hidden_details(ticket):
                place = _(SENSITIVE_MARKER)
            lines.append(
                f"• <code>{html.escape(ticket.reference)}</code> – "
                f"{html.escape(label[:40])} – {html.escape(place[:60])}"
            )
            buttons.append(button(ticket.reference, Verb.CARD, ticket_id))
        rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
        return {"text": "\n".join(lines), "html": True, "buttons": rows, "ticket_ids": ticket_ids}

    async def on_group_bound(self, conn: Connection, chat_id: str, unit_id: str) -> int:
        """A group was bound: the unit's tickets still waiting ("received") get cards."""
        backlog = []
        for ticket_id in await ticket_store.received_backlog(conn, unit_id):
            ticket = await ticket_store.get(conn, ticket_id)
            # a PPA group takes only sensitive cases, the unit's other groups the rest
            if ticket is not None and chat_id in {
                g.chat_id for g in await self.groups_for(conn, ticket)
            }:
                backlog.append(ticket)
        for ticket in backlog:
            if await staff.waiting_cards(conn, chat_id) >= self.settings.digest_after:
                await self._add_to_digest(conn, ticket.id, chat_id)
            else:
                await self.post_card(conn, ticket, chat_id)
        return len(backlog)

    async def on_sent(self, conn: Connection, row: OutboxRow, external_id: str | None) -> None:
        """Outbox hook, inside the transaction that marks the row sent: a card or digest
        was delivered."""
        if row.kind not in ("card", "digest"):
            return
        if row.kind == "card" and row.ticket_id is not None:
            await staff.card_sent(conn, row.ticket_id, row.chat_id, external_id)
            ticket = await ticket_store.get(conn, row.ticket_id)
            if ticket is not None and external_id:
                # The ticket may have changed while its card waited: bring it up to date.
                current = await self.card_message(conn, ticket)
                if current["text"] != row.payload.get("text") or (
                    current["buttons"] != _rows(row.payload.get("buttons"))
                ):
                    await self._edit(conn, row.chat_id, external_id, current, ticket.id)
            if ticket is not None:
                await self._forwarded(conn, ticket, row.chat_id)
            return
        for ticket_id in row.payload.get("ticket_ids") or []:
            ticket = await ticket_store.get(conn, ticket_id)
            if ticket is not None:
                await self._forwarded(conn, ticket, row.chat_id)

    async def _forwarded(self, conn: Connection, ticket: Ticket, chat_id: str) -> None:
        if ticket.status != TicketStatus.RECEIVED:
            return
        await ticket_store.add_event(
            conn,
            ticket.id,
            "status",
            at=self.clock(),
            actor_kind="system",
            status=TicketStatus.FORWARDED,
            detail={"chat_id": chat_id},
        )
        due = await staff.deadlines_of(conn, ticket.id)
        citizen, tr = await self.citizen_translator(conn, ticket)
        text = tr.gettext("Your complaint {reference} has been forwarded to {unit}.").format(
            reference=ticket.reference, unit=self.unit_name(ticket.unit_id)
        )
        if "claim" in due:
            text += "\n" + tr.gettext("An officer will take it up by {when}.").format(
                when=tr.format_datetime(_dt(due["claim"].due_at), ticket.timezone)
            )
        await self.notify(conn, ticket, Reply(text), "ticket_update", citizen, tr)

    # ------------------------------------------------------------------ the citizen

    async def notify(
        self,
        conn: Connection,
        ticket: Ticket,
        reply: Reply,
        notice: str,
        citizen: citizens.Citizen | None = None,
        tr: Translator | None = None,
    ) -> None:
        if citizen is None or tr is None:
            citizen, tr = await self.citizen_translator(conn, ticket)
        if citizen is None:
            return
        await outbox_store.enqueue(
            conn,
            channel=citizen.channel,
            chat_id=citizen.chat_id,
            kind="reply",
            payload={
                **to_dict(reply),
                "locale": tr.locale,
                "notice": notice,
                "ticket_id": ticket.id,
            },
            ticket_id=ticket.id,
        )

    def signature(self, tr: Translator, ticket: Ticket, officer_name: str | None) -> str:
        unit = self.unit_name(ticket.unit_id)
        if self.settings.sign_officer_name and officer_name:
            return tr.gettext("{name}, officer of {unit}").format(name=officer_name, unit=unit)
        return tr.gettext("Officer of {unit}").format(unit=unit)

    async def relay_to_citizen(
        self,
        conn: Connection,
        ticket: Ticket,
        text: str,
        officer_name: str | None,
        media: tuple[str, str] | None = None,
    ) -> None:
        citizen, tr = await self.citizen_translator(conn, ticket)
        if citizen is None:
            return
        body = tr.gettext("💬 Message from the police about your complaint {reference}:").format(
            reference=ticket.reference
        )
        body += f"\n\n{text.strip()}\n\n— {self.signature(tr, ticket, officer_name)}"
        files: tuple[tuple[str, str], ...] = ()
        if media is not None and citizen.channel == "telegram":
            files = (media,)
        elif media is not None:
            body += "\n" + tr.gettext(
                "(The officer also sent a file, which cannot be passed on in this chat.)"
            )
        await self.notify(conn, ticket, Reply(body, media=files), "officer_reply", citizen, tr)

    # ------------------------------------------------------------------ follow-up

    async def followup_tickets(
        self, conn: Connection, citizen_id: int, now: datetime
    ) -> tuple[FollowupTicket, ...]:
        since = now - timedelta(days=self.settings.followup_days)
        rows = await ticket_store.followup_tickets(conn, citizen_id, since)
        return tuple(
            FollowupTicket(
                id=t.id,
                reference=t.reference,
                status=t.status,
                contact=t.contact,
                feedback_state=t.feedback_state,
                resolved_at=t.resolved_at,
                unit_name=self.unit_name(t.unit_id),
            )
            for t in rows
        )

    async def on_followup(
        self, conn: Connection, citizen: citizens.Citizen, action: AttachMessage | TicketFeedback
    ) -> None:
        """Dispatcher hook for the follow-up flow's actions (inside its transaction)."""
        ticket = await ticket_store.get(conn, action.ticket_id)
        if ticket is None or ticket.citizen_id != citizen.id:  # invariant 4
            return
        _ = self.tr.gettext
        e = html.escape
        if isinstance(action, AttachMessage):
            hidden = hidden_details(ticket)
            detail: dict[str, Any] = {"text": action.text, "media": action.media_kind}
            resendable = bool(
                action.file_ref and action.media_kind and citizen.channel == "telegram"
            )
            if hidden and resendable:  # posted to the group when an officer claims
                detail["held_file"] = [action.media_kind, action.file_ref]
            await ticket_store.add_event(
                conn,
                ticket.id,
                "message_in",
                at=self.clock(),
                actor_kind="citizen",
                actor_id=str(citizen.id),
                detail=detail,
            )
            if action.reopen:
                await self.reopen(conn, ticket, "message")
            header = _("💬 Message from the citizen about {reference}:").format(
                reference=e(ticket.reference)
            )
            if hidden:  # a sensitive case: the whole group would read it
                body = _(SENSITIVE_MARKER)
            elif action.text:
                body = e(action.text)
            else:
                body = _("(a file, without text)")
            await self._to_groups(conn, ticket, header + "\n\n" + body)
            if resendable and not hidden:
                for group in await self.groups_for(conn, ticket):
                    await self._in_group(
                        conn,
                        group.chat_id,
                        "media",
                        {
                            "kind": action.media_kind,
                            "file_ref": action.file_ref,
                            "caption": ticket.reference,
                            "reply_to_message_id": _int(
                                await self.card_message_id(conn, ticket.id, group.chat_id)
                            ),
                        },
                        ticket_id=ticket.id,
                    )
            return
        kind, value = action.kind, action.value
        if kind == "confirmed":
            await ticket_store.update(conn, ticket.id, now=self.clock(), feedback_state="rating")
            await ticket_store.add_event(
                conn,
                ticket.id,
                "feedback",
                at=self.clock(),
                actor_kind="citizen",
                actor_id=str(citizen.id),
                detail={"solved": True},
            )
            await self._to_groups(
                conn,
                ticket,
                _("✅ The citizen confirmed that {reference} is solved.").format(
                    reference=ticket.reference
                ),
            )
        elif kind == "reopen":
            await ticket_store.add_event(
                conn,
                ticket.id,
                "feedback",
                at=self.clock(),
                actor_kind="citizen",
                actor_id=str(citizen.id),
                detail={"solved": False},
            )
            await self.reopen(conn, ticket, "not_solved")
        elif kind == "rating":
            await ticket_store.update(
                conn, ticket.id, now=self.clock(), rating=int(value), feedback_state="comment"
            )
            await ticket_store.add_event(
                conn,
                ticket.id,
                "rating",
                at=self.clock(),
                actor_kind="citizen",
                actor_id=str(citizen.id),
                detail={"rating": int(value)},
            )
        elif kind in ("comment", "skip_comment"):
            await ticket_store.update(
                conn,
                ticket.id,
                now=self.clock(),
                feedback_state="done",
                rating_comment=value or None,
            )
            if value:
                await ticket_store.add_event(
                    conn,
                    ticket.id,
                    "rating_comment",
                    at=self.clock(),
                    actor_kind="citizen",
                    actor_id=str(citizen.id),
                    detail={"text": value},
                )
            if ticket.rating is not None:
                await self._to_groups(
                    conn,
                    ticket,
                    _(
                        "⭐ The citizen rated the handling of {reference}: {stars}/5{comment}"
                    ).format(
                        reference=ticket.reference,
                        stars=ticket.rating,
                        comment=f" – “{e(value)}”" if value else "",
                    ),
                )

    async def reopen(self, conn: Connection, ticket: Ticket, why: str) -> None:
        await ticket_store.add_event(
            conn,
            ticket.id,
            "status",
            at=self.clock(),
            actor_kind="citizen",
            actor_id=str(ticket.citizen_id),
            status=TicketStatus.REOPENED,
            detail={"reason": why},
        )
        await ticket_store.update(
            conn, ticket.id, now=self.clock(), feedback_state=None, resolved_at=None
        )
        await deadlines.start(
            conn, self.settings, ticket.id, ticket.category, self.clock(), kinds=("resolve",)
        )
        await self.refresh_cards(conn, ticket.id)
        await self._to_groups(
            conn,
            ticket,
            self.tr.gettext(
                "🔁 The citizen reopened {reference}: the problem is not solved."
            ).format(reference=ticket.reference),
        )

    async def _to_groups(self, conn: Connection, ticket: Ticket, text: str) -> None:
        """A message in each of the ticket's groups, as a reply to its card there."""
        for group in await self.groups_for(conn, ticket):
            reply_to = await self.card_message_id(conn, ticket.id, group.chat_id)
            await self.group_message(
                conn, group.chat_id, text, ticket_id=ticket.id, reply_to=reply_to
            )

    # ------------------------------------------------------------------ deadlines

    async def on_deadline(
        self, conn: Connection, deadline: staff.Deadline, what: str, now: datetime
    ) -> None:
        ticket = await ticket_store.get(conn, deadline.ticket_id)
        if ticket is None or not ticket.is_open:
            return
        _ = self.tr.gettext
        when = self.tr.format_datetime(_dt(deadline.due_at), ticket.timezone)
        unit = self.unit_name(ticket.unit_id)
        if deadline.kind == "claim":
            remind = _("⏰ Reminder: {reference} has not been claimed yet. Deadline: {when}.")
            late = _("⚠️ Escalation: {reference} ({unit}) was not claimed by its deadline ({when}).")
        else:
            remind = _("⏰ Reminder: {reference} must be resolved by {when}.")
            late = _(
                "⚠️ Escalation: {reference} ({unit}) was not resolved by its deadline ({when})."
            )
        if what == "remind":
            await self._to_groups(
                conn, ticket, remind.format(reference=html.escape(ticket.reference), when=when)
            )
            return
        await ticket_store.add_event(
            conn,
            ticket.id,
            "escalated",
            at=now,
            actor_kind="system",
            detail={"deadline": deadline.kind},
        )
        text = late.format(
            reference=html.escape(ticket.reference), unit=html.escape(unit), when=when
        )
        if ticket.holder_name:
            text += "\n" + _("Held by: {name}").format(name=html.escape(ticket.holder_name))
        supervisors = await staff.supervisor_groups(conn, ticket.polda_id or "")
        for group in supervisors:
            await self.group_message(
                conn,
                group.chat_id,
                text,
                ticket_id=ticket.id,
                buttons=[[button(_("Show card"), Verb.CARD, ticket.id)]],
            )
        if not supervisors:
            log.warning(
                "ticket %s is late but %s has no supervisory group",
                ticket.reference,
                ticket.polda_id,
            )
        await self._to_groups(conn, ticket, text)


def sensitive_case(ticket: Ticket) -> bool:
    """The ticket's category is marked `sensitive` in data/categories.json."""
    category = next((c for c in load_categories() if c.id == ticket.category), None)
    return bool(category and category.sensitive)


def hidden_details(ticket: Ticket) -> bool:
    """A sensitive case (violence against women and children, sexual crimes) shows no
    reporter details, description, pin or files until an officer claims it."""
    category = next((c for c in load_categories() if c.id == ticket.category), None)
    return bool(category and category.sensitive and ticket.holder_id is None)


def solved_question(tr: Translator, ticket: Ticket) -> Reply:
    return followup.solved_question(tr, ticket.reference, ticket.id)


def _dt(text: str | None) -> datetime:
    value = parse_iso(text)
    assert value is not None
    return value


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _rows(value: Any) -> list[list[tuple[str, str]]]:
    return [[(str(a), str(b)) for a, b in row] for row in (value or [])]


__all__ = ["STAFF_LOCALE", "Officers", "Option", "UnitInfo", "solved_question"]
