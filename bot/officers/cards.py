"""The ticket card officers see in their staff group, rendered as Telegram HTML.

Every value that came from a citizen is escaped with `html.escape`, so a complaint text
with tags or entities can never break the card's markup. The reporter's identity is
never on the card: anonymous reporters are shown as such, others as a masked handle
(hidden until the ticket is claimed for sensitive categories). The card is edited in
place when the ticket changes: status, who holds it, the buttons that still apply.

Buttons are `CardAction`s (bot/officers/actions.py), packed within Telegram's 64 bytes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.channels.telegram.split import utf16_length
from bot.i18n import Translator
from bot.officers.actions import Button, Verb, button
from bot.tickets.status import CLOSED
from flows.ports import Category
from flows.status import status_label
from flows.texts import N_

# The card is one Telegram message (replies, buttons and edits address it), so its
# longest part, the description, is shortened on it, and says so: /tiket shows it whole,
# in as many messages as it takes. Counted as Telegram counts (bot/channels/telegram/split.py).
DESCRIPTION_LIMIT = 2000

Buttons = list[list[Button]]

REJECT_REASONS = {
    "spam": N_("Spam"),
    "provocation": N_("Provocation"),
    "not_police": N_("Not police business"),
    "duplicate": N_("Duplicate"),
    "other": N_("Other reason"),
}


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
    ticket_id: int = 0
    occurred_text: str | None = None
    holder_name: str | None = None
    claim_due: datetime | None = None
    resolve_due: datetime | None = None
    closing_note: str | None = None
    moved_to: str | None = None  # shown in a group the ticket was transferred away from
    # triage: {"emergency": [...], "abuse": {"words", "kinds"}, "provocation": {...}}
    flags: dict[str, Any] = field(default_factory=dict)
    links: tuple[tuple[str, int], ...] = ()  # possibly the same incident: (reference, id)


def mask(value: str) -> str:
    """Keep the first and last characters of an id: enough to tell two reporters apart."""
    if len(value) <= 4:
        return "•" * len(value)
    return f"{value[:2]}{'•' * (len(value) - 4)}{value[-2:]}"


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` visible characters, at a word boundary when one is
    near (the cut is said on the card, see `render_card`)."""
    size = 0
    for index, ch in enumerate(text):
        size += utf16_length(ch)
        if size > limit:
            cut = text[:index]
            space = cut.rfind(" ", max(0, index - 200))
            return cut[:space] if space > 0 else cut
    return text


def render_card(tr: Translator, card: CardData, *, whole: bool = False) -> str:
    """The card's text; `whole`: the description in full (/tiket, sent in parts when it
    is long) instead of shortened to fit one message."""
    _ = tr.gettext
    e = html.escape
    category = card.category.label(tr.locale) if card.category else "-"
    title = _("<b>Complaint {reference}</b>").format(reference=e(card.reference))
    if card.priority == "high":
        title += " " + _("🔴 HIGH PRIORITY")
    elif card.priority == "urgent":
        title = _("🆘 URGENT") + " " + title
    lines = [title, _("Status: {value}").format(value=e(status_label(tr, card.status)))]
    if card.moved_to:
        lines[-1] = _("Status: transferred to {unit}").format(unit=e(card.moved_to))
    if card.holder_name and card.status not in CLOSED and not card.moved_to:
        lines.append(_("Held by: {name}").format(name=e(card.holder_name)))
    lines += [
        _("Category: {value}").format(value=e(category)),
        _("Received: {when}").format(when=e(tr.format_datetime(card.created_at, card.timezone))),
        _("Unit: {unit} ({polda})").format(unit=e(card.unit_name), polda=e(card.polda_name)),
        _("Place: {value}").format(value=e(card.place_label or "-")),
    ]
    # sensitive: no description, typed place or pin until an officer claims it
    hidden = card.category is not None and card.category.sensitive and card.holder_name is None
    if card.place_text and card.place_text != card.place_label and not hidden:
        lines.append(_("Place as typed: {value}").format(value=e(card.place_text[:300])))
    if card.latitude is not None and card.longitude is not None and not hidden:
        lines.append(
            _("GPS: {lat:.5f}, {lon:.5f} (pin below)").format(lat=card.latitude, lon=card.longitude)
        )
    if card.occurred_text and not hidden:
        lines.append(_("When it happened: {value}").format(value=e(card.occurred_text[:200])))
    description = card.description
    shortened = ""
    if not whole and not hidden and utf16_length(description) > DESCRIPTION_LIMIT:
        description = shorten(description, DESCRIPTION_LIMIT) + " …"
        shortened = _(
            "(shortened: {n} more characters; /tiket {reference} shows the whole text)"
        ).format(n=len(card.description) - len(description) + 2, reference=e(card.reference))
    if hidden:
        description = _("(hidden until an officer claims the ticket: sensitive case)")
    elif not description and card.status in CLOSED:
        description = _("(personal data erased)")
    lines += ["", _("What happened:"), e(description)]
    if shortened:
        lines.append(f"<i>{shortened}</i>")
    lines.append("")
    lines += triage_lines(tr, card)
    lines.append(
        tr.ngettext("Evidence: {n} file", "Evidence: {n} files", card.evidence_count).format(
            n=card.evidence_count
        )
    )
    if card.contact == "anonymous":
        lines.append(_("Reporter: anonymous (cannot be asked questions)"))
    elif hidden:
        lines.append(
            _("Reporter: hidden until the ticket is claimed (sensitive); reply in this chat")
        )
    else:
        lines.append(
            _("Reporter: {handle} (reply in this chat)").format(handle=e(card.reporter_handle))
        )
    if card.status not in CLOSED and not card.moved_to:
        if card.claim_due is not None and card.holder_name is None:
            lines.append(
                _("⏱ Claim by: {when}").format(
                    when=e(tr.format_datetime(card.claim_due, card.timezone))
                )
            )
        if card.resolve_due is not None:
            lines.append(
                _("⏱ Resolve by: {when}").format(
                    when=e(tr.format_datetime(card.resolve_due, card.timezone))
                )
            )
    if card.closing_note and card.status in CLOSED:
        lines.append(_("Closing note: {note}").format(note=e(card.closing_note[:500])))
    return "\n".join(lines)


def triage_lines(tr: Translator, card: CardData) -> list[str]:
    """What triage found: emergency, harsh language, provocation, possible duplicates."""
    _ = tr.gettext
    e = html.escape
    lines: list[str] = []
    flags = card.flags or {}
    if flags.get("emergency"):
        words = e(", ".join(flags["emergency"][:8]))
        if flags.get("emergency_rules") == ["model"]:
            # no word list fired: say so, the officer weighs a statistical guess differently
            lines.append(
                _(
                    "🆘 Possible emergency, recognised by the model (the citizen was "
                    "advised to call 110); words that weighed most: {words}"
                ).format(words=words)
            )
        else:
            lines.append(
                _("🆘 Possible emergency (the citizen was advised to call 110): {words}").format(
                    words=words
                )
            )
    if flags.get("repeated_urgent"):
        # Several urgent reports from one account in a day: a real run of danger, or an
        # account abusing the urgent lane; the supervisor decides, the card says it.
        lines.append(
            tr.ngettext(
                "🔁 {n} urgent complaint from this account in 24 hours: check it with a supervisor",
                "🔁 {n} urgent complaints from this account in 24 hours: check them with a "
                "supervisor",
                int(flags["repeated_urgent"]),
            ).format(n=int(flags["repeated_urgent"]))
        )
    abuse = flags.get("abuse") or {}
    if abuse.get("words"):
        kinds = ", ".join(tr.gettext(ABUSE_KINDS.get(k, k)) for k in abuse.get("kinds", []))
        lines.append(
            _("⚠️ Harsh language ({kinds}): {words}").format(
                kinds=e(kinds), words=e(", ".join(abuse["words"][:8]))
            )
        )
    category = flags.get("category") or {}
    if category.get("words"):
        lines.append(
            _("🏷 Category proposed from: {words}").format(words=e(", ".join(category["words"][:8])))
            + ("" if category.get("accepted", True) else " " + _("(the citizen chose another)"))
        )
    for flag, correction in (flags.get("corrected") or {}).items():
        label = _(CORRECTED.get(flag, flag))
        lines.append(label.format(name=e(str(correction.get("by", "-")))))
    if flags.get("provocation"):
        lines.append(
            _("🚩 Marked as provocation by {name}").format(
                name=e(str(flags["provocation"].get("by", "-")))
            )
        )
    for reference, _id in card.links[:5]:
        lines.append(_("🔗 Possibly the same incident: {reference}").format(reference=e(reference)))
    if lines:
        lines.append("")
    return lines


ABUSE_KINDS = {
    "profanity": N_("profanity"),
    "insult": N_("insult"),
    "threat": N_("threat"),
    "sara": N_("ethnic/religious provocation"),
    "harsh": N_("harsh tone, recognised by the model"),
}
CORRECTED = {
    "emergency": N_("✖️ Emergency flag marked wrong by {name}"),
    "abusive": N_("✖️ Harsh-language flag marked wrong by {name}"),
}
# The flags an officer can mark wrong, with their key in the ticket's flags and button.
CORRECTABLE = (
    ("emergency", "emergency", N_("✖️ Not an emergency")),
    ("abusive", "abuse", N_("✖️ Not harsh language")),
)


def card_buttons(
    tr: Translator,
    ticket_id: int,
    status: str,
    held: bool,
    moved: bool = False,
    links: tuple[tuple[str, int], ...] = (),
    provocation: bool = False,
    flags: dict[str, Any] | None = None,
) -> Buttons:
    """The buttons that still apply to the ticket in its state (`flags`: the ticket's
    triage flags; each one present gets a one-tap "mark wrong")."""
    _ = tr.gettext
    if status in CLOSED or moved:
        return []
    t = ticket_id
    first = [
        button(_("💬 Reply"), Verb.REPLY, t),
        button(_("📝 Standard replies"), Verb.STANDARD, t),
    ]
    if not held:
        first.insert(0, button(_("✋ Claim"), Verb.CLAIM, t))
    rows = [
        first,
        [
            button(_("↪️ Transfer"), Verb.TRANSFER, t),
            button(_("✅ Resolve"), Verb.RESOLVE, t),
            button(_("⛔ Reject"), Verb.REJECT, t),
        ],
    ]
    if not provocation:
        rows.append([button(_("🚩 Provocation"), Verb.PROVOCATION, t)])
    wrong = [
        button(_(label), Verb.FLAG_WRONG, t, flag)
        for flag, key, label in CORRECTABLE
        if (flags or {}).get(key)
    ]
    if wrong:
        rows.append(wrong)
    if links:
        rows.append(
            [button(f"🔗 {reference}", Verb.DUPLICATE, other) for reference, other in links[:3]]
        )
    return rows


def reject_buttons(tr: Translator, ticket_id: int) -> Buttons:
    _ = tr.gettext
    rows = [
        [button(_(label), Verb.REJECT_REASON, ticket_id, key)]
        for key, label in REJECT_REASONS.items()
    ]
    return rows + [[button(_("Cancel"), Verb.CANCEL, ticket_id)]]
