"""`/statistik`: the area's figures for the last 7 and 30 days (received, claimed,
resolved, rejected, median times to claim and resolve, the average rating)."""

from __future__ import annotations

import html
import statistics
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.officers.commands.preconditions import Command, StaffCommand
from bot.officers.groups import StaffGroups
from bot.store import staff_groups
from bot.store import tickets as ticket_store
from bot.store.connection import Connection

PERIODS_DAYS = (7, 30)


def minutes_text(value: float | None, gettext: Callable[[str], str]) -> str:
    if value is None:
        return "–"
    if value < 120:
        return str(gettext("{n} min").format(n=round(value)))
    return str(gettext("{n} h").format(n=round(value / 60, 1)))


async def stats_text(
    o: StaffGroups, conn: Connection, group: staff_groups.StaffGroup, now: datetime
) -> str:
    tr = o.tr
    _ = tr.gettext
    lines = [_("<b>Statistics of {unit}</b>").format(unit=html.escape(o.unit_name(group.unit_id)))]
    for days in PERIODS_DAYS:
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
            _("Median time to claim: {value}").format(value=minutes_text(median_claim, _)),
            _("Median time to resolve: {value}").format(value=minutes_text(median_resolve, _)),
            _("Average rating: {value}").format(value=rating),
        ]
    return "\n".join(lines)


async def show_stats(command: Command) -> None:
    turn = command.turn
    await command.say(await stats_text(turn.o.groups, turn.conn, turn.group, turn.o.clock()))


COMMANDS = (StaffCommand(("statistik",), show_stats),)
