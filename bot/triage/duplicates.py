"""Possible duplicates of a new ticket, linked in `ticket_links` inside its transaction.

* The same citizen, within 24 hours, the same category and a similar story (rapidfuzz
  token-set ratio >= SIMILAR) or the same place (same district or village code).
* Any citizen, within 2 hours, the same category, and close by: both GPS pins within
  1 km, or the same district (the first three parts of the Kemendagri code).

The candidates are read from an index on (category, created_at), so the check costs one
small query per new ticket. The queries are in bot/store/tickets.py (the candidates) and
bot/store/triage.py (the links); this module owns the matching rules.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from rapidfuzz import fuzz

from bot.store import tickets as ticket_store
from bot.store import triage as triage_store
from bot.store.connection import Connection
from bot.store.database import iso
from bot.tickets.ticket import Ticket

SAME_CITIZEN_HOURS = 24
NEARBY_HOURS = 2
NEARBY_KM = 1.0
SIMILAR = 70.0
MAX_LINKS = 10  # per new ticket: the most recent matches
CANDIDATES = 200  # recent tickets of the category compared with the new one


def district(code: str | None) -> str | None:
    parts = (code or "").split(".")
    return ".".join(parts[:3]) if len(parts) >= 3 else None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


async def link_duplicates(
    conn: Connection, ticket_id: int, now: datetime, me: Ticket | None = None
) -> list[int]:
    """Link the new ticket to the tickets it may repeat; returns their ids. `me`: the
    ticket as its caller just wrote it (not read again: a statement fewer in the ticket's
    transaction on PostgreSQL, session 36)."""
    if me is None:
        me = await ticket_store.get(conn, ticket_id)
    if me is None:
        return []
    citizen_id, category, description = me.citizen_id, me.category, me.description
    place_code, lat, lon = me.place_code, me.latitude, me.longitude
    since = iso(now - timedelta(hours=SAME_CITIZEN_HOURS))
    near_since = iso(now - timedelta(hours=NEARBY_HOURS))
    rows = await ticket_store.duplicate_candidates(
        conn, category, ticket_id, citizen_id, since, near_since, limit=CANDIDATES
    )
    links: list[tuple[int, str, float | None]] = []
    for other_id, other_citizen, other_text, other_code, olat, olon, created in rows:
        reason, score = None, None
        if other_citizen == citizen_id:
            similarity = fuzz.token_set_ratio(
                (description or "").lower(), (other_text or "").lower()
            )
            same_place = bool(place_code) and place_code == other_code
            if similarity >= SIMILAR or same_place:
                reason, score = "same_citizen", float(similarity)
        if reason is None and created >= near_since:
            if lat is not None and lon is not None and olat is not None and olon is not None:
                km = distance_km((lat, lon), (olat, olon))
                if km <= NEARBY_KM:
                    reason, score = "nearby", round(km, 3)
            elif district(place_code) and district(place_code) == district(other_code):
                reason = "nearby"
        if reason is not None:
            links.append((int(other_id), reason, score))
            if len(links) == MAX_LINKS:  # newest first: these are the most recent matches
                break
    if links:
        await triage_store.add_links(conn, ticket_id, links, now)
    return [other_id for other_id, _, _ in links]
