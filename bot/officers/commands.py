"""Group commands: /antrian (queue), /tiket REF (detail and history, newest events
first), /cari TEXT (search), /statistik (7 and 30 days). An unclaimed sensitive case shows
none of its text in /cari or /tiket (SENSITIVE_MARKER instead), and /cari finds it by its
number only. A unit group sees its unit's
tickets, a supervisory group its Polda's. Everything is rendered as escaped HTML in the
officers' language; a long answer goes out in numbered parts (nothing is cut here)."""

from __future__ import annotations

import html
import json
import statistics
from datetime import datetime, timedelta

from bot.catalog import load_categories
from bot.officers.card_delivery import CardDelivery
from bot.officers.groups import StaffGroups
from bot.officers.sensitive import SENSITIVE_MARKER, hidden_details, sensitive_case
from bot.store import staff
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.tickets import reference as references
from flows.status import status_label
from flows.texts import N_

EVENT_LABELS = {
    "message_in": N_("message from the citizen"),
    "message_out": N_("reply to the citizen"),
    "claimed": N_("claimed"),
    "escalated": N_("escalated"),
    "feedback": N_("citizen's answer"),
    "rating": N_("rating"),
    "rating_comment": N_("comment"),
    "refused": N_("refused attempt"),
}


def _age(tr_ngettext, delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return str(tr_ngettext("{n} min", "{n} min", minutes).format(n=minutes))
    hours = minutes // 60
    if hours < 48:
        return str(tr_ngettext("{n} hour", "{n} hours", hours).format(n=hours))
    return str(tr_ngettext("{n} day", "{n} days", hours // 24).format(n=hours // 24))


def _label(category_id: str) -> str:
    category = next((c for c in load_categories() if c.id == category_id), None)
    return category.label("id") if category else category_id


async def queue_text(
    o: StaffGroups, conn: Connection, group: staff.StaffGroup, now: datetime
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
        age = _age(tr.ngettext, now - t.created_at)
        holder = f" · {e(t.holder_name)}" if t.holder_name else ""
        lines.append(
            f"• <code>{e(t.reference)}</code> – {e(status_label(tr, t.status))}{holder}"
            f" – {e(_label(t.category)[:40])} – {e(age)}"
        )
    if total > len(tickets):
        lines.append(tr.gettext("… and {n} more.").format(n=total - len(tickets)))
    return "\n".join(lines)


async def ticket_text(
    cards: CardDelivery, conn: Connection, group: staff.StaffGroup, argument: str
) -> tuple[str, int | None]:
    o = cards.groups
    tr, e = o.tr, html.escape
    canonical, verdict = references.check(argument.strip())
    if canonical is None or verdict != "ok":
        return tr.gettext("Usage: /tiket NUMBER, e.g. /tiket DMS-K7QM-XP4C"), None
    ticket = await ticket_store.by_reference_in_scope(conn, canonical, o.scope_of(group))
    if ticket is None:
        return tr.gettext("No ticket {reference} in this group's area.").format(
            reference=e(canonical)
        ), None
    card = await cards.card_data(conn, ticket)
    from bot.officers.cards import render_card

    # The whole description and every event, newest first: the outbox sends a long text
    # in numbered parts (bot/channels/telegram/split.py), nothing is cut here.
    lines = [render_card(tr, card, whole=True), "", tr.gettext("<b>History</b>")]
    # an unclaimed sensitive case: what the citizen and officers wrote stays hidden too
    hidden = hidden_details(ticket)
    for event in reversed(await ticket_store.events_in(conn, ticket.id)):
        when = tr.format_datetime(event.at, ticket.timezone)
        what = (
            status_label(tr, event.status)
            if event.kind == "status" and event.status
            else tr.gettext(EVENT_LABELS.get(event.kind, event.kind))
        )
        actor = f" – {e(event.actor_name)}" if event.actor_name else ""
        detail = ""
        if event.detail:
            data = json.loads(event.detail)
            note = data.get("text") or data.get("note") or data.get("reason")
            if isinstance(note, str) and note and hidden and event.kind != "status":
                detail = f": {e(tr.gettext(SENSITIVE_MARKER))}"
            elif isinstance(note, str) and note:
                detail = f": “{e(note)}”"
            elif "rating" in data:
                detail = f": {data['rating']}/5"
        lines.append(f"• {e(when)} – {e(what)}{actor}{detail}")
    return "\n".join(lines), ticket.id


async def search_text(
    o: StaffGroups, conn: Connection, group: staff.StaffGroup, query: str
) -> tuple[str, list[int]]:
    """The answer, and the claimed sensitive cases whose text it shows (audited)."""
    tr, e = o.tr, html.escape
    query = query.strip()
    if len(query) < 3:
        return tr.gettext("Usage: /cari TEXT (at least 3 characters)"), []
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


def _minutes(value: float | None, tr_gettext) -> str:
    if value is None:
        return "–"
    if value < 120:
        return str(tr_gettext("{n} min").format(n=round(value)))
    return str(tr_gettext("{n} h").format(n=round(value / 60, 1)))


async def stats_text(
    o: StaffGroups, conn: Connection, group: staff.StaffGroup, now: datetime
) -> str:
    tr = o.tr
    _ = tr.gettext
    lines = [_("<b>Statistics of {unit}</b>").format(unit=html.escape(o.unit_name(group.unit_id)))]
    for days in (7, 30):
        s = await ticket_store.stats(conn, o.scope_of(group), now - timedelta(days=days))
        median_claim = statistics.median(s.claim_minutes) if s.claim_minutes else None
        median_resolve = statistics.median(s.resolve_minutes) if s.resolve_minutes else None
        rating = f"{statistics.mean(s.ratings):.1f} ({len(s.ratings)})" if s.ratings else "–"
        lines += [
            "",
            _("<b>Last {days} days</b>").format(days=days),
            _("Received: {n}").format(n=s.received),
            _("Claimed: {n}").format(n=s.claimed),
            _("Resolved: {n}").format(n=s.resolved),
            _("Rejected: {n}").format(n=s.rejected),
            _("Median time to claim: {value}").format(value=_minutes(median_claim, _)),
            _("Median time to resolve: {value}").format(value=_minutes(median_resolve, _)),
            _("Average rating: {value}").format(value=rating),
        ]
    return "\n".join(lines)


def help_text(o: StaffGroups) -> str:
    return (
        o.tr.gettext(
            "<b>Dumas for officers</b>\n"
            "Each new complaint appears here as a card. Buttons: ✋ Claim, 💬 Reply, 📝 Standard "
            "replies, ↪️ Transfer, ✅ Resolve, ⛔ Reject. You can also reply to a card (Telegram "
            "“Reply”) to write to the citizen.\n"
            "/antrian – open tickets, oldest first\n"
            "/tiket NUMBER – a ticket's detail and history\n"
            "/cari TEXT – search tickets\n"
            "/statistik – figures for 7 and 30 days"
        )
        + "\n"
        + o.tr.gettext("/topik – in a group with topics: send it in the topic for the cards")
    )
