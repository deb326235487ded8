"""Officers' corrections of triage flags, and their export as labelled data.

An officer who sees "🆘 Possible emergency" or "⚠️ Harsh language" on a card that is
neither presses "✖️ Not an emergency" / "✖️ Not harsh language" (bot/officers/handler.py).
`correct_flag` records who and when (bot/store/triage_corrections.py), takes the flag off
the ticket and keeps it under `flags["corrected"]`, so the card says who corrected it and
the button goes; a ticket that was "urgent" only because of the emergency flag goes back
to "normal" priority.

`export_lines` (`dumas triage export`) turns every correction into a line of the
evaluation corpus's format (tests/eval/triage/README.md), with the ticket's text: the
corrected flag false, the other flag as the ticket has it now, intent "complaint" (or
"emergency" when only harsh language was corrected and the emergency flag stands), and
the ticket's category. `dumas triage train --extra FILE` adds them to the training data.
Tickets whose text was erased (/hapusdata, retention) are left out.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.catalog import load_categories
from bot.store import tickets as ticket_store
from bot.store import triage_corrections
from bot.store.connection import Connection
from bot.store.database import Database, iso

FLAG_KEYS = {"emergency": "emergency", "abusive": "abuse"}  # correction -> key in flags


async def correct_flag(
    conn: Connection, ticket_id: int, flag: str, officer_id: str, officer_name: str, at: datetime
) -> bool:
    """Mark `flag` of the ticket wrong; False when it is not (or no longer) on the ticket."""
    flags = await ticket_store.flags_of(conn, ticket_id)
    key = FLAG_KEYS.get(flag)
    if key is None or key not in flags:
        return False
    if not await triage_corrections.add(conn, ticket_id, flag, officer_id, officer_name, at):
        return False
    corrected = dict(flags.get("corrected") or {})
    corrected[flag] = {"by": officer_name, "at": iso(at), "was": flags.pop(key)}
    flags["corrected"] = corrected
    if flag == "emergency":
        flags.pop("emergency_rules", None)  # which rules fired: only meaningful with the flag
    await ticket_store.set_flags(conn, ticket_id, flags)
    if flag == "emergency":
        await ticket_store.lift_urgency(conn, ticket_id)
    return True


def labelled_line(correction: triage_corrections.Correction) -> dict[str, Any] | None:
    if not correction.description:
        return None
    category = next((c for c in load_categories() if c.id == correction.category), None)
    if category is not None and category.sensitive:
        # A sensitive case's story (violence against women and children) is hidden from
        # most officers; it does not leave the system as a training line either.
        return None
    flags = json.loads(correction.flags) if correction.flags else {}
    emergency = "emergency" in flags
    return {
        "text": correction.description,
        "intent": "emergency" if emergency else "complaint",
        "category": correction.category,
        "emergency": emergency,
        "abusive": "abuse" in flags,
        "criticism": False,
        "style": "chat",
        "kind": f"officer_correction:{correction.flag}",
        "source": f"officer correction of {correction.reference} by {correction.officer_name}"
        f" ({correction.officer_id}) at {correction.at}",
    }


async def export_lines(db: Database) -> list[dict[str, Any]]:
    async with db.transaction() as conn:
        corrections = await triage_corrections.all_corrections(conn)
    # one line per ticket: its flags as they are now already reflect every correction
    by_ticket: dict[int, dict[str, Any]] = {}
    for correction in corrections:
        line = labelled_line(correction)
        if line is None:
            continue
        if correction.ticket_id in by_ticket:
            line["source"] = f"{by_ticket[correction.ticket_id]['source']}; {line['source']}"
            line["kind"] = "officer_correction:both"
        by_ticket[correction.ticket_id] = line
    return list(by_ticket.values())


__all__ = ["correct_flag", "export_lines", "labelled_line"]
