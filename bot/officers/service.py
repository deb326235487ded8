"""`Officers`: the officers' side of a ticket assembled from its parts, for the callers
that want all of it (the runtime's hooks, the staff desk's `Turn`).

Each part owns one seam and takes only what it uses (the routing table, settings, the
clock, the staff channel):

- bot/officers/groups.py: units, the groups a ticket goes to, messages written into them;
- bot/officers/notices.py: what the citizen is told about their ticket;
- bot/officers/card_delivery.py: cards posted, refreshed and confirmed delivered;
- bot/officers/digests.py: new tickets listed in a busy group's digest;
- bot/officers/distribution.py: a new ticket's cards, and a newly bound group's backlog;
- bot/officers/citizen_followup.py: the citizen's follow-up as the groups see it;
- bot/officers/escalation.py: deadline reminders and escalations.

Every function that changes something takes the caller's connection, so it joins the
caller's transaction (invariant 2). A caller reaches the part it needs by name
(`officers.cards.post_card`, `turn.o.notices.notify`); a new feature should take that part
(or the table, settings and clock) rather than the whole `Officers`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.officers.card_delivery import CardDelivery
from bot.officers.citizen_followup import CitizenFollowup
from bot.officers.digests import Digests
from bot.officers.distribution import Distribution
from bot.officers.escalation import Escalation
from bot.officers.groups import StaffGroups
from bot.officers.notices import Notices
from bot.routing.table import RoutingTable
from bot.settings import Settings
from bot.store.database import Database, utcnow


class Officers:
    """The officers' side assembled: one of each part, sharing the staff groups."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        table: RoutingTable,
        clock: Callable[[], datetime] = utcnow,
        channel: str = "telegram",
    ) -> None:
        self.db = db
        self.settings = settings
        self.table = table
        self.clock = clock
        self.channel = channel
        self.groups = StaffGroups(table, channel)
        self.tr = self.groups.tr
        self.notices = Notices(settings, self.groups)
        self.cards = CardDelivery(self.groups, self.notices, clock)
        self.digests = Digests(settings, self.groups)
        self.distribution = Distribution(settings, clock, self.groups, self.cards, self.digests)
        self.followup = CitizenFollowup(settings, clock, self.groups, self.cards)
        self.escalation = Escalation(self.groups)
