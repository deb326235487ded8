"""Digests: when a group is busy, new tickets are listed in one message with a button
each (press one to post its full card) instead of a card each.

A digest waits `DUMAS_DIGEST_WINDOW_SECONDS` in the outbox and is rewritten as tickets
join it, up to `DIGEST_MAX`; once it starts sending, the next ticket opens a new one.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import timedelta

from bot.catalog import load_categories
from bot.officers.actions import Button, Verb, button
from bot.officers.groups import STAFF_LOCALE, StaffGroups
from bot.officers.sensitive import SENSITIVE_MARKER, hidden_before_claim
from bot.outbox.messages import Digest, keyboard
from bot.settings import Settings
from bot.store import staff_digests
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.store.database import utcnow

DIGEST_MAX = 30  # tickets per digest message (buttons and text stay within Telegram's limits)


class Digests:
    """New tickets listed in a busy group's digest."""

    def __init__(self, settings: Settings, groups: StaffGroups) -> None:
        self.settings = settings
        self.groups = groups

    async def add(self, conn: Connection, ticket_id: int, chat_id: str) -> None:
        held = await staff_digests.hold_open_digest(conn, chat_id, DIGEST_MAX)
        if held is None:
            # None collecting, or (several instances, PostgreSQL) it started sending
            # while we looked: a new digest, drawn once with its first ticket
            now = utcnow()  # the outbox runs on wall-clock time
            digest = await self.groups.post(
                conn,
                chat_id,
                await self.message(conn, [ticket_id]),
                not_before=now + timedelta(seconds=self.settings.digest_window_seconds),
            )
            await staff_digests.add_digest_item(conn, digest, ticket_id)
            return
        # A digest we hold is ours until we commit (another instance's sender or adder
        # waits for us), so the tickets it lists, read with it, are complete.
        message = await self.message(conn, sorted({*held.ticket_ids, ticket_id}))
        # the rewritten digest stays in the group's topic
        topic = None if held.topic is None else int(held.topic)
        await staff_digests.grow(conn, held.id, ticket_id, replace(message, thread_id=topic))

    async def message(self, conn: Connection, ticket_ids: list[int]) -> Digest:
        _ = self.groups.tr.gettext
        categories = {c.id: c for c in load_categories()}
        lines = [
            self.groups.tr.ngettext(
                "<b>🗂 {n} new ticket</b>", "<b>🗂 {n} new tickets</b>", len(ticket_ids)
            ).format(n=len(ticket_ids)),
            _(
                "Tickets are arriving faster than cards can be posted. Press a ticket to "
                "post its full card."
            ),
            "",
        ]
        buttons: list[Button] = []
        # one read of the six columns a line shows (tickets.digest_lines), not whole
        # tickets: the digest is drawn again for every ticket that joins it
        found = await ticket_store.digest_lines(conn, ticket_ids)
        for ticket_id in ticket_ids:
            ticket = found.get(ticket_id)
            if ticket is None:
                continue
            category = categories.get(ticket.category)
            label = category.label(STAFF_LOCALE) if category else ticket.category
            place = ticket.place_label or ticket.place_text or "-"
            if hidden_before_claim(ticket.category, ticket.holder_id):
                place = _(SENSITIVE_MARKER)
            lines.append(
                f"• <code>{html.escape(ticket.reference)}</code> – "
                f"{html.escape(label[:40])} – {html.escape(place[:60])}"
            )
            buttons.append(button(ticket.reference, Verb.CARD, ticket_id))
        rows = keyboard(buttons[i : i + 3] for i in range(0, len(buttons), 3))
        return Digest("\n".join(lines), buttons=rows, ticket_ids=tuple(ticket_ids))
