"""The ticket card officers see in their staff group, rendered as Telegram HTML.

Every value that came from a citizen is escaped with `html.escape`, so a complaint text
with tags or entities can never break the card's markup. The reporter's identity is
never on the card: anonymous reporters are shown as such, others as a masked handle.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from bot.i18n import Translator
from flows.ports import Category

DESCRIPTION_LIMIT = 2500  # the card must stay under Telegram's 4096 characters


@dataclass(frozen=True, slots=True)
class CardData:
    reference: str
    category: Category | None
    priority: str
    status: str
    unit_name: str
    polda_name: str
    timezone: str
    created_at: datetime
    place_label: str | None
    place_text: str | None
    latitude: float | None
    longitude: float | None
    description: str
    evidence_count: int
    contact: str
    reporter_handle: str


def mask(value: str) -> str:
    """Keep the first and last characters of an id: enough to tell two reporters apart."""
    if len(value) <= 4:
        return "•" * len(value)
    return f"{value[:2]}{'•' * (len(value) - 4)}{value[-2:]}"


def render_card(tr: Translator, card: CardData) -> str:
    _ = tr.gettext
    e = html.escape
    category = card.category.label(tr.locale) if card.category else "-"
    lines = [
        _("<b>New complaint {reference}</b>").format(reference=e(card.reference)),
        _("Category: {value}").format(value=e(category)),
        _("Received: {when}").format(when=e(tr.format_datetime(card.created_at,
                                                                card.timezone))),
        _("Unit: {unit} ({polda})").format(unit=e(card.unit_name), polda=e(card.polda_name)),
        _("Place: {value}").format(value=e(card.place_label or "-")),
    ]
    if card.place_text and card.place_text != card.place_label:
        lines.append(_("Place as typed: {value}").format(value=e(card.place_text[:300])))
    description = card.description
    if len(description) > DESCRIPTION_LIMIT:
        description = description[:DESCRIPTION_LIMIT] + "…"
    lines += ["", _("What happened:"), e(description), ""]
    lines.append(tr.ngettext("Evidence: {n} file", "Evidence: {n} files",
                             card.evidence_count).format(n=card.evidence_count))
    if card.contact == "anonymous":
        lines.append(_("Reporter: anonymous"))
    else:
        lines.append(_("Reporter: {handle} (reply in this chat)").format(
            handle=e(card.reporter_handle)))
    return "\n".join(lines)
