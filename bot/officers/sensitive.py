"""Sensitive cases (violence against women and children, sexual crimes): which tickets
are sensitive, and what the staff group may see of them before an officer claims one.

The category decides (`sensitive` in data/categories.json). Until the claim, the group
sees neither the reporter's details nor the description, pin or files; where a text would
show them, it shows `SENSITIVE_MARKER` instead.
"""

from __future__ import annotations

from bot.catalog import load_categories
from bot.tickets.ticket import Ticket
from flows.texts import N_

# What the group sees of an unclaimed sensitive case's text (search, follow-ups, history).
SENSITIVE_MARKER = N_("(sensitive case: claim to see)")


def sensitive_case(ticket: Ticket) -> bool:
    """The ticket's category is marked `sensitive` in data/categories.json."""
    category = next((c for c in load_categories() if c.id == ticket.category), None)
    return bool(category and category.sensitive)


def hidden_details(ticket: Ticket) -> bool:
    """A sensitive case shows no reporter details, description, pin or files until an
    officer claims it."""
    return hidden_before_claim(ticket.category, ticket.holder_id)


def hidden_before_claim(category_id: str, holder_id: str | None) -> bool:
    """`hidden_details` on the two columns it reads (the staff digest reads no whole
    ticket)."""
    category = next((c for c in load_categories() if c.id == category_id), None)
    return bool(category and category.sensitive and holder_id is None)
