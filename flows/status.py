"""Answers to /status: the citizen's own tickets, or one ticket's history. Pure rendering.

The runtime loads only the asking citizen's tickets and passes them in; these functions
decide the wording. A wrong, mistyped or foreign number gets the same kind of answer as
"not yours or not found", so nothing is revealed about other people's tickets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flows.events import Option, Reply
from flows.ports import Translator
from flows.texts import N_

STATUS_LABELS = {
    "received": N_("Received"),
    "forwarded": N_("Forwarded to the police unit"),
    "in_progress": N_("Being handled"),
    "resolved": N_("Resolved"),
    "rejected": N_("Rejected"),
    "transferred": N_("Transferred to another unit"),
    "reopened": N_("Reopened"),
}


@dataclass(frozen=True, slots=True)
class TicketView:
    reference: str
    status: str
    category_label: str
    unit_name: str | None
    timezone: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class EventView:
    at: datetime
    status: str | None
    note: str | None = None


def status_label(tr: Translator, status: str) -> str:
    return tr.gettext(STATUS_LABELS.get(status, status))


def ticket_list(tr: Translator, tickets: Sequence[TicketView]) -> Reply:
    _ = tr.gettext
    if not tickets:
        return Reply(_("You have no complaints yet. Type /aduan to file one."))
    lines = [_("Your complaints, newest first:")]
    for number, ticket in enumerate(tickets, start=1):
        lines.append(
            _("{n}. {reference} – {category}\n    {status}, last update {when}").format(
                n=number,
                reference=ticket.reference,
                category=ticket.category_label,
                status=status_label(tr, ticket.status),
                when=tr.format_datetime(ticket.updated_at, ticket.timezone),
            )
        )
    lines.append("")
    lines.append(_("Choose a ticket for its history, or type /status NUMBER."))
    options = tuple(Option(f"cmd:status {t.reference}", t.reference) for t in tickets[:10])
    return Reply("\n".join(lines), options=options, columns=2)


def ticket_history(tr: Translator, ticket: TicketView, events: Sequence[EventView]) -> Reply:
    _ = tr.gettext
    lines = [
        _("Ticket {reference}").format(reference=ticket.reference),
        _("Category: {value}").format(value=ticket.category_label),
        _("Status: {value}").format(value=status_label(tr, ticket.status)),
    ]
    if ticket.unit_name:
        lines.append(_("Handled by: {unit}").format(unit=ticket.unit_name))
    lines.append("")
    lines.append(_("History:"))
    for event in events:
        when = tr.format_datetime(event.at, ticket.timezone)
        text = status_label(tr, event.status) if event.status else (event.note or "")
        lines.append(f"• {when} – {text}")
    return Reply("\n".join(lines))


def malformed_number(tr: Translator, typed: str) -> Reply:
    return Reply(
        tr.gettext(
            "“{typed}” is not a ticket number. Ticket numbers look like DMS-K7QM-XP4C. Type "
            "/status to see all your complaints."
        ).format(typed=typed[:40])
    )


def mistyped_number(tr: Translator, typed: str) -> Reply:
    return Reply(
        tr.gettext(
            "The number “{typed}” is not valid: please check it for a typing error (ticket "
            "numbers look like DMS-K7QM-XP4C). Type /status to see all your complaints."
        ).format(typed=typed[:40])
    )


def not_found(tr: Translator, reference: str) -> Reply:
    return Reply(
        tr.gettext(
            "We found no complaint of yours with number {reference}. Please check the number, "
            "or type /status to see all your complaints."
        ).format(reference=reference)
    )


# A status request typed in words ("cek aduan saya", "status laporan DMS-K7QM-XP4C",
# "check my complaint"): asking words, and nothing but words about one's complaint. A
# citizen with an open ticket who typed it had it passed to the officers as a message.
_ASKING = frozenset({"cek", "check", "status", "lihat", "liat"})
_ABOUT = frozenset(
    {
        *_ASKING,
        "aduan", "pengaduan", "laporan", "tiket", "ticket", "complaint", "report", "nomor",
        "no", "saya", "sy", "aku", "ku", "my", "the", "of", "on", "dong", "pak", "bu",
    }
)  # fmt: skip
_REFERENCE = re.compile(r"\bdms-?[0-9a-z]{4}-?[0-9a-z]{4}\b", re.IGNORECASE)
_WORDS = re.compile(r"[a-z]+")


def typed_request(text: str) -> str | None:
    """The /status argument (a ticket number, or "") when the text asks for the status
    in words; None for anything else, which stays a message to the officers."""
    reference = _REFERENCE.search(text)
    rest = _REFERENCE.sub(" ", text).lower()
    words = _WORDS.findall(rest)
    if len(words) > 6 or not words or not _ASKING & set(words):
        return None
    if any(w not in _ABOUT for w in words) or re.sub(r"[a-z\s?.!,:]", "", rest):
        return None
    return reference.group(0).upper() if reference else ""
