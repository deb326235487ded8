"""Lists of the area's tickets: `/antrian` (the open queue, oldest first) and `/cari TEXT`
(a search). A unit group sees its unit's tickets, a supervisory group its Polda's. An
unclaimed sensitive case shows none of its text (SENSITIVE_MARKER instead) and `/cari`
finds it by its number only; a claimed one's text shown by `/cari` is audited."""

from __future__ import annotations

import html
from datetime import datetime, timedelta

from bot.catalog import load_categories
from bot.i18n import Translator
from bot.officers.commands.preconditions import Command, CommandNeeds, StaffCommand
from bot.officers.groups import StaffGroups
from bot.officers.sensitive import SENSITIVE_MARKER, hidden_details, sensitive_case
from bot.store import staff_groups
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from flows.status import status_label
from flows.texts import N_

SEARCH_MIN_CHARS = 3


def age(tr: Translator, delta: timedelta) -> str:
    """How long a ticket has waited, in the group's language. The calls stay spelt
    `tr.ngettext` so that `dumas i18n update` extracts them."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return tr.ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    hours = minutes // 60
    if hours < 48:
        return tr.ngettext("{n} hour", "{n} hours", hours).format(n=hours)
    days = hours // 24
    return tr.ngettext("{n} day", "{n} days", days).format(n=days)


def category_label(category_id: str) -> str:
    category = next((c for c in load_categories() if c.id == category_id), None)
    return category.label("id") if category else category_id


async def queue_text(
    o: StaffGroups, conn: Connection, group: staff_groups.StaffGroup, now: datetime
) -> str:
    tr, e = o.tr, html.escape
    scope = o.scope_of(group)
    tickets = await ticket_store.queue(conn, scope)
    total = await ticket_store.count_open(conn, scope)
    if not tickets:
        return tr.gettext("No open tickets. 👍")
    lines = [
        tr.ngettext(
            "<b>Queue: {n} open ticket</b> (oldest first)",
            "<b>Queue: {n} open tickets</b> (oldest first)",
            total,
        ).format(n=total)
    ]
    for t in tickets:
        waited = age(tr, now - t.created_at)
        holder = f" · {e(t.holder_name)}" if t.holder_name else ""
        lines.append(
            f"• <code>{e(t.reference)}</code> – {e(status_label(tr, t.status))}{holder}"
            f" – {e(category_label(t.category)[:40])} – {e(waited)}"
        )
    if total > len(tickets):
        lines.append(tr.gettext("… and {n} more.").format(n=total - len(tickets)))
    return "\n".join(lines)


async def search_text(
    o: StaffGroups, conn: Connection, group: staff_groups.StaffGroup, query: str
) -> tuple[str, list[int]]:
    """The answer, and the claimed sensitive cases whose text it shows (audited)."""
    tr, e = o.tr, html.escape
    query = query.strip()
    # An unclaimed sensitive case is found by its number only: matching its words would
    # tell the group what it says.
    found = [
        t
        for t in await ticket_store.search(conn, o.scope_of(group), query[:100])
        if not hidden_details(t) or query.upper() in t.reference.upper()
    ]
    if not found:
        return tr.gettext("Nothing found for “{query}”.").format(query=e(query[:100])), []
    lines = [tr.gettext("<b>Found for “{query}”:</b>").format(query=e(query[:100]))]
    revealed: list[int] = []
    for t in found:
        if hidden_details(t):
            place, text = t.place_label or "-", tr.gettext(SENSITIVE_MARKER)
        else:
            place, text = t.place_label or t.place_text or "-", t.description[:120]
            if sensitive_case(t) and text:
                revealed.append(t.id)
        lines.append(
            f"• <code>{e(t.reference)}</code> – {e(status_label(tr, t.status))} – "
            f"{e(place[:50])}\n  {e(text)}"
        )
    return "\n".join(lines), revealed


async def queue(command: Command) -> None:
    turn = command.turn
    await command.say(await queue_text(turn.o.groups, turn.conn, turn.group, turn.o.clock()))


async def search(command: Command) -> None:
    turn = command.turn
    text, revealed = await search_text(turn.o.groups, turn.conn, turn.group, command.args)
    for shown in revealed:  # a sensitive case's text shown to the group: audited
        await turn.record(shown, "details_viewed", via="/cari")
    await command.say(text)


COMMANDS = (
    StaffCommand(("antrian",), queue),
    StaffCommand(
        ("cari",),
        search,
        CommandNeeds(min_chars=SEARCH_MIN_CHARS),
        usage=N_("Usage: /cari TEXT (at least 3 characters)"),
    ),
)
