"""/dataku: what Dumas stores about the citizen, in the citizen's language.

This module owns the rendering; the reads are in bot/store/privacy.py (the ticket list in
bot/store/tickets.py) and run in the caller's transaction.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from bot.privacy.carriers import carriers, channel_name
from bot.store import privacy as privacy_store
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.store.database import parse_iso
from flows.events import Reply
from flows.ports import Category, Translator
from flows.status import status_label

MAX_TICKETS = 20
# flows/safety.py's PRIVACY_NOTICE_VERSION: year-month of the wording, then its revision
_NOTICE_VERSION = re.compile(r"(\d{4})-(\d{2})-pdp-(\d+)")


def language_name(code: str | None, tr: Translator) -> str:
    """A stored language code as a name in the citizen's language ("Indonesia",
    "English"); the code itself when babel knows no such language, "-" when none."""
    if not code:
        return "-"
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(tr.locale) or code
    except (ValueError, UnknownLocaleError):
        return code


def notice_label(version: str, tr: Translator) -> str:
    """A notice version as a citizen reads it ("Desember 2026, revisi 4"); a version of
    another shape as it is stored."""
    found = _NOTICE_VERSION.fullmatch(version)
    if found is None or not 1 <= int(found.group(2)) <= 12:
        return version
    year, month, revision = (int(g) for g in found.groups())
    return tr.gettext("{month}, revision {number}").format(
        month=format_date(date(year, month, 1), "LLLL y", locale=tr.locale), number=revision
    )


async def my_data(
    conn: Connection,
    citizen_id: int,
    tr: Translator,
    categories: dict[str, Category],
    timezone: str,
    controller: str = "Polri",
    retention_days: int = 730,
) -> Reply:
    _ = tr.gettext
    row = await privacy_store.citizen_record(conn, citizen_id)
    if row is None:
        return Reply(_("Dumas stores nothing about you."))
    channel, external_id, name, locale, created, platform_locale = row

    def when(moment: str | datetime | None) -> str:
        if isinstance(moment, str):  # the store's other rows still carry ISO text
            moment = parse_iso(moment)
        return tr.format_datetime(moment, timezone) if moment else "-"

    lines = [
        _("What Dumas stores about you:"),
        "",
        _("Your account: {account} ({channel})").format(
            account=external_id, channel=_(channel_name(channel))
        ),
        _("Name shown by the app: {name}").format(name=name or "-"),
        _("Language: {value}").format(value=language_name(locale or platform_locale, tr)),
        _("First message: {when}").format(when=when(created)),
    ]
    consents = await privacy_store.consents_of(conn, citizen_id)
    lines += ["", _("Consents to the privacy notice:")]
    lines += [
        (
            _("• {when}: agreed (notice version {version})")
            if granted
            else _("• {when}: declined (notice version {version})")
        ).format(when=when(at), version=notice_label(version, tr))
        for at, version, granted in consents
    ] or ["• -"]
    tickets = await ticket_store.own_tickets_with_files(conn, citizen_id, MAX_TICKETS)
    lines += [
        "",
        tr.ngettext("Your complaints ({n}):", "Your complaints ({n}):", len(tickets)).format(
            n=len(tickets)
        ),
    ]
    for ticket, files in tickets:
        category = categories.get(ticket.category)
        label = category.label(tr.locale) if category else ticket.category
        lines.append(
            f"• {ticket.reference} – {label} – {status_label(tr, ticket.status)} – "
            f"{when(ticket.created_at)}"
        )
        erased = ticket.erased_at
        if erased:
            lines.append("  " + _("personal data erased on {when}").format(when=when(erased)))
            continue
        text = (ticket.description or "").replace("\n", " ")
        lines.append(
            "  "
            + _("What happened: {value}").format(
                value=text[:200] + ("…" if len(text) > 200 else "")
            )
        )
        lines.append(
            "  "
            + _("Place: {value}").format(value=ticket.place_text or ticket.place_label or "-")
            + (" " + _("(with a GPS pin)") if ticket.latitude is not None else "")
        )
        lines.append(
            "  "
            + tr.ngettext("Evidence: {n} file", "Evidence: {n} files", int(files)).format(n=files)
        )
    loose = await privacy_store.draft_evidence_count(conn, citizen_id)
    if loose:
        lines.append(
            tr.ngettext(
                "Files of a complaint not sent yet: {n}",
                "Files of a complaint not sent yet: {n}",
                int(loose),
            ).format(n=loose)
        )
    # What the privacy law asks a notice to say (UU PDP art. 16 ff.): who is responsible,
    # who else processes the data and where, and how long it is kept.
    lines += [
        "",
        _("Responsible for your data (controller): {controller}.").format(controller=controller),
        _(carriers(channel)),
        _(
            "Kept: an open complaint until it is closed; a closed one {days} days after it "
            "was closed, then its personal data is erased automatically. To erase it now, "
            "type /hapusdata."
        ).format(days=retention_days),
    ]
    return Reply("\n".join(lines))
