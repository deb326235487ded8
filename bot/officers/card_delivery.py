"""Ticket cards in staff groups: the card's content, posting it with its map pin and
files, keeping delivered cards up to date, and what a delivered card or digest sets off.

A card is rendered by bot/officers/cards.py from `CardData`; this module gathers that data
from the store and writes the outbox rows (in the caller's transaction, invariant 2).
When the outbox reports a card or digest delivered (`on_sent`), a ticket still
"received" becomes "forwarded" and the citizen is told where it went.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime

from bot.catalog import load_categories
from bot.i18n import Translator
from bot.officers.cards import CardData, card_buttons, mask, render_card
from bot.officers.deadlines import due_time
from bot.officers.groups import StaffGroups
from bot.officers.notices import Notices
from bot.officers.sensitive import hidden_details
from bot.outbox.messages import (
    AlbumItem,
    Card,
    Digest,
    Location,
    MediaGroup,
    MediaItem,
    keyboard,
)
from bot.store import citizens, ticket_cards, ticket_deadlines
from bot.store import evidence as evidence_store
from bot.store import tickets as ticket_store
from bot.store import triage as triage_store
from bot.store.connection import Connection
from bot.store.outbox import OutboxRow
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket
from flows.events import Reply

# A ticket's citizen and running deadlines, read once for its card and its notice
# (`on_sent`): both read them, and nothing between the two changes either.
Known = tuple[citizens.Citizen | None, dict[str, ticket_deadlines.Deadline]]


async def _known(conn: Connection, ticket: Ticket) -> Known:
    citizen = await citizens.by_id(conn, ticket.citizen_id)
    return citizen, await ticket_deadlines.deadlines_of(conn, ticket.id)


class CardDelivery:
    """Cards posted, attached to, refreshed and confirmed delivered."""

    def __init__(
        self, groups: StaffGroups, notices: Notices, clock: Callable[[], datetime]
    ) -> None:
        self.groups = groups
        self.notices = notices
        self.clock = clock

    async def card_data(
        self,
        conn: Connection,
        ticket: Ticket,
        moved_to: str | None = None,
        known: Known | None = None,
    ) -> CardData:
        unit = self.groups.unit(ticket.unit_id)
        citizen, due = known if known is not None else await _known(conn, ticket)
        category = next((c for c in load_categories() if c.id == ticket.category), None)
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
            evidence_count=await evidence_store.count_evidence(conn, ticket.id),
            contact=ticket.contact,
            reporter_handle=mask(citizen.external_id if citizen else ""),
            ticket_id=ticket.id,
            occurred_text=ticket.occurred_text,
            holder_name=ticket.holder_name,
            claim_due=due_time(due["claim"]) if "claim" in due else None,
            resolve_due=due_time(due["resolve"]) if "resolve" in due else None,
            closing_note=ticket.closing_note,
            moved_to=moved_to,
            flags=await ticket_store.flags_of(conn, ticket.id),
            links=tuple(
                (link.reference, link.other_id)
                for link in await triage_store.links_of(conn, ticket.id)
            ),
        )

    async def card_message(
        self,
        conn: Connection,
        ticket: Ticket,
        moved_to: str | None = None,
        known: Known | None = None,
    ) -> Card:
        card = await self.card_data(conn, ticket, moved_to, known)
        return Card(
            render_card(self.groups.tr, card),
            ticket.id,
            buttons=keyboard(
                card_buttons(
                    self.groups.tr,
                    ticket.id,
                    ticket.status,
                    held=ticket.holder_id is not None,
                    moved=moved_to is not None,
                    links=card.links,
                    provocation="provocation" in card.flags,
                    flags=card.flags,
                )
            ),
        )

    async def post_card(
        self,
        conn: Connection,
        ticket: Ticket,
        chat_id: str,
        with_attachments: bool = True,
    ) -> None:
        """The full card in a group, with the map pin and the evidence after it."""
        ticket_id = ticket.id
        card = await self.card_message(conn, ticket)
        # An urgent ticket's card (and its pin and files) jumps the group's queue.
        priority = 1 if ticket.priority == "urgent" else 0
        outbox_id = await self.groups.post(
            conn, chat_id, card, ticket_id=ticket_id, priority=priority
        )
        await ticket_cards.record_card(conn, ticket_id, chat_id, outbox_id)
        if not with_attachments or hidden_details(ticket):
            return  # a sensitive case's pin and files follow the claim
        await self.post_attachments(conn, ticket, chat_id, priority)

    async def post_attachments(
        self, conn: Connection, ticket: Ticket, chat_id: str, priority: int = 0
    ) -> None:
        if ticket.latitude is not None and ticket.longitude is not None:
            await self.groups.post(
                conn,
                chat_id,
                Location(ticket.latitude, ticket.longitude),
                ticket_id=ticket.id,
                priority=priority,
            )
        await self._post_evidence(conn, ticket, chat_id, priority)

    async def _post_evidence(
        self, conn: Connection, ticket: Ticket, chat_id: str, priority: int = 0
    ) -> None:
        # Only Telegram file ids can be re-sent by the bot; other channels' files are
        # counted on the card and kept in the evidence store.
        items = [
            e for e in await evidence_store.evidence_of(conn, ticket.id) if e.channel == "telegram"
        ]
        visual = [e for e in items if e.kind in ("photo", "video")]
        others = [e for e in items if e.kind not in ("photo", "video")]
        caption = self.groups.tr.gettext("Evidence for {reference}").format(
            reference=ticket.reference
        )
        for start in range(0, len(visual), 10):
            chunk = visual[start : start + 10]
            if len(chunk) == 1:
                others.insert(0, chunk[0])
                continue
            await self.groups.post(
                conn,
                chat_id,
                MediaGroup(
                    tuple(
                        AlbumItem(e.kind, e.file_ref, caption if i == 0 else None)
                        for i, e in enumerate(chunk)
                    )
                ),
                ticket_id=ticket.id,
                priority=priority,
            )
        for item in others:
            await self.groups.post(
                conn,
                chat_id,
                MediaItem(item.kind, item.file_ref, caption),
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
            await self.groups.post(
                conn,
                chat_id,
                MediaItem(str(held[0]), str(held[1]), ticket.reference),
                ticket_id=ticket.id,
            )

    async def refresh_cards(self, conn: Connection, ticket_id: int) -> None:
        """Edit every delivered card of the ticket in place (undelivered ones are brought up
        to date when they are sent, see `on_sent`)."""
        ticket = await ticket_store.get(conn, ticket_id)
        if ticket is None:
            return
        card = await self.card_message(conn, ticket)
        for chat_id, message_id in await ticket_cards.cards_of(conn, ticket_id):
            if message_id:
                await self.groups.edit(conn, chat_id, message_id, card, ticket_id)

    async def on_sent(self, conn: Connection, row: OutboxRow, external_id: str | None) -> None:
        """Outbox hook, inside the transaction that marks the row sent: a card or digest
        was delivered."""
        match row.message:
            case Card() as sent if row.ticket_id is not None:
                await ticket_cards.card_sent(conn, row.ticket_id, row.chat_id, external_id)
                ticket = await ticket_store.get(conn, row.ticket_id)
                known = None
                if ticket is not None and external_id:
                    # The ticket may have changed while its card waited: bring it up to date.
                    known = await _known(conn, ticket)
                    current = await self.card_message(conn, ticket, known=known)
                    if (current.text, current.buttons) != (sent.text, sent.buttons):
                        await self.groups.edit(conn, row.chat_id, external_id, current, ticket.id)
                if ticket is not None:
                    await self._forwarded(conn, ticket, row.chat_id, known)
            case Digest(ticket_ids=ticket_ids):
                await self._digest_forwarded(conn, ticket_ids, row.chat_id)

    async def _forwarded(
        self, conn: Connection, ticket: Ticket, chat_id: str, known: Known | None = None
    ) -> None:
        """A ticket still "received" whose card was delivered: "forwarded", and its
        citizen told. `known`: its citizen and deadlines as the card read them (else read
        here; two round trips on PostgreSQL)."""
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
        citizen, due = known if known is not None else await _known(conn, ticket)
        tr = self.notices.translator_for(citizen, ticket)
        reply = self._forwarded_reply(tr, ticket, due)
        await self.notices.notify(conn, ticket, reply, "ticket_update", citizen, tr)

    async def _digest_forwarded(
        self, conn: Connection, ticket_ids: Sequence[int], chat_id: str
    ) -> None:
        """`_forwarded` for every ticket a delivered digest lists (up to 30), with one
        statement per kind for the whole digest: the tickets, their events and status,
        their deadlines, their citizens, the notices. One ticket at a time this was six
        round trips per ticket on PostgreSQL, 0.6 statements per update in
        bench_instances.py (bench/README.md "Session 40: Dumas's side on PostgreSQL").
        A ticket listed twice is forwarded once, as the read after the first's event
        found it "forwarded" already."""
        listed = await ticket_store.get_many(conn, ticket_ids)
        received = [
            ticket
            for ticket_id in dict.fromkeys(ticket_ids)
            if (ticket := listed.get(ticket_id)) is not None
            and ticket.status == TicketStatus.RECEIVED
        ]
        if not received:
            return
        ids = [ticket.id for ticket in received]
        await ticket_store.add_events(
            conn,
            ids,
            "status",
            at=self.clock(),
            actor_kind="system",
            status=TicketStatus.FORWARDED,
            detail={"chat_id": chat_id},
        )
        due = await ticket_deadlines.deadlines_of_many(conn, ids)
        people = await citizens.by_ids(conn, [ticket.citizen_id for ticket in received])
        notices = []
        for ticket in received:
            citizen = people.get(ticket.citizen_id)
            if citizen is None:  # erased: nobody to tell (as `notify`)
                continue
            tr = self.notices.translator_for(citizen, ticket)
            reply = self._forwarded_reply(tr, ticket, due.get(ticket.id, {}))
            notices.append((ticket, citizen, tr, reply))
        await self.notices.notify_each(conn, notices, "ticket_update")

    def _forwarded_reply(
        self, tr: Translator, ticket: Ticket, due: dict[str, ticket_deadlines.Deadline]
    ) -> Reply:
        """The citizen's notice that their ticket reached its unit, with the claim's
        deadline when one runs."""
        text = tr.gettext("Your complaint {reference} has been forwarded to {unit}.").format(
            reference=ticket.reference, unit=self.groups.unit_name(ticket.unit_id)
        )
        if "claim" in due:
            text += "\n" + tr.gettext("An officer will take it up by {when}.").format(
                when=tr.format_datetime(due_time(due["claim"]), ticket.timezone)
            )
        return Reply(text)
