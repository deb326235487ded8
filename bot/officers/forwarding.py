"""Forwarding a new ticket to its unit's staff groups, in the ticket's own transaction.

`on_ticket_created` writes a card row to the outbox for every group bound to the
ticket's unit (and the map pin when the citizen shared one), inside the transaction that
creates the ticket. When the card is delivered, `on_card_sent` keeps its message id (for
editing it later) and moves the ticket from "received" to "forwarded". A ticket whose
unit has no group yet stays "received" in the unit's queue until a group is bound.
"""

from __future__ import annotations

from collections.abc import Callable

import aiosqlite

from bot.catalog import load_categories
from bot.i18n import translator
from bot.officers.cards import CardData, mask, render_card
from bot.store import outbox as outbox_store
from bot.store import staff
from bot.store import tickets as ticket_store
from bot.store.database import Database, utcnow
from bot.store.outbox import OutboxRow
from flows.context import SubmitComplaint
from flows.ports import HandlingUnit

STAFF_LOCALE = "id"
UnitLookup = Callable[[str], HandlingUnit | None]


class Forwarding:
    def __init__(self, db: Database, unit_info: UnitLookup, staff_channel: str = "telegram"
                 ) -> None:
        self.db = db
        self.unit_info = unit_info
        self.channel = staff_channel

    async def on_ticket_created(self, conn: aiosqlite.Connection, ticket_id: int,
                                action: SubmitComplaint) -> None:
        if action.unit_id is None:
            return
        groups = await staff.groups_for_unit(conn, action.unit_id)
        if not groups:
            return
        unit = self.unit_info(action.unit_id)
        d = action.draft
        async with conn.execute("SELECT citizen_id, created_at FROM tickets WHERE id = ?",
                                (ticket_id,)) as cur:
            row = await cur.fetchone()
        assert row is not None
        async with conn.execute("SELECT external_id FROM citizens WHERE id = ?",
                                (row[0],)) as cur:
            citizen_row = await cur.fetchone()
        category = next((c for c in load_categories() if c.id == d.category), None)
        chosen = next((c for c in d.place_candidates if c.get("code") == d.place_code), {})
        card = CardData(
            reference=action.reference, category=category, priority="normal",
            status="received", unit_name=unit.name if unit else action.unit_id,
            polda_name=unit.polda_name if unit else (action.polda_id or ""),
            timezone=action.timezone, created_at=utcnow(), place_label=chosen.get("path"),
            place_text=d.place_text, latitude=d.latitude, longitude=d.longitude,
            description=d.description or "", evidence_count=len(d.evidence),
            contact=d.contact or "chat",
            reporter_handle=mask(str(citizen_row[0]) if citizen_row else ""))
        text = render_card(translator(STAFF_LOCALE), card)
        for group in groups:
            outbox_id = await outbox_store.enqueue(
                conn, channel=self.channel, chat_id=group.chat_id, kind="card",
                payload={"text": text, "html": True, "ticket_id": ticket_id},
                ticket_id=ticket_id)
            await staff.record_card(conn, ticket_id, group.chat_id, outbox_id)
            if d.latitude is not None and d.longitude is not None:
                await outbox_store.enqueue(
                    conn, channel=self.channel, chat_id=group.chat_id, kind="location",
                    payload={"latitude": d.latitude, "longitude": d.longitude},
                    ticket_id=ticket_id)

    async def on_card_sent(self, row: OutboxRow, external_id: str | None) -> None:
        if row.kind != "card" or row.ticket_id is None:
            return
        async with self.db.transaction() as conn:
            await staff.card_sent(conn, row.ticket_id, row.chat_id, external_id)
            async with conn.execute("SELECT status FROM tickets WHERE id = ?",
                                    (row.ticket_id,)) as cur:
                found = await cur.fetchone()
            if found is not None and found[0] == "received":
                await ticket_store.add_event(conn, row.ticket_id, "status", actor_kind="system",
                                             status="forwarded",
                                             detail={"chat_id": row.chat_id})

