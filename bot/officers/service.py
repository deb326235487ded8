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
caller's transaction (invariant 2). The methods below are those parts' methods, bound
here so that a caller holding an `Officers` reaches them by their old names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.officers.card_delivery import CardDelivery
from bot.officers.citizen_followup import CitizenFollowup
from bot.officers.digests import Digests
from bot.officers.distribution import Distribution
from bot.officers.escalation import Escalation
from bot.officers.groups import STAFF_LOCALE, StaffGroups, UnitInfo
from bot.officers.notices import Notices, solved_question
from bot.officers.sensitive import SENSITIVE_MARKER, hidden_details, sensitive_case
from bot.routing.table import RoutingTable
from bot.settings import Settings
from bot.store.database import Database, utcnow


class Officers:
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

        # staff groups
        self.unit = self.groups.unit
        self.unit_name = self.groups.unit_name
        self.scope_of = self.groups.scope_of
        self.in_scope = self.groups.in_scope
        self.groups_for = self.groups.groups_for
        self.group_message = self.groups.group_message
        self.edit = self.groups.edit
        self.card_message_id = self.groups.card_message_id
        # the citizen
        self.citizen_translator = self.notices.citizen_translator
        self.notify = self.notices.notify
        self.signature = self.notices.signature
        self.relay_to_citizen = self.notices.relay_to_citizen
        # cards and digests
        self.card_data = self.cards.card_data
        self.card_message = self.cards.card_message
        self.post_card = self.cards.post_card
        self.post_attachments = self.cards.post_attachments
        self.post_held_files = self.cards.post_held_files
        self.refresh_cards = self.cards.refresh_cards
        self.on_sent = self.cards.on_sent
        self.add_to_digest = self.digests.add
        self.digest_payload = self.digests.payload
        # new tickets
        self.on_ticket_created = self.distribution.on_ticket_created
        self.distribute = self.distribution.distribute
        self.on_group_bound = self.distribution.on_group_bound
        # follow-up
        self.followup_tickets = self.followup.followup_tickets
        self.on_followup = self.followup.on_followup
        self.reopen = self.followup.reopen
        # deadlines
        self.on_deadline = self.escalation.on_deadline


__all__ = [
    "SENSITIVE_MARKER",
    "STAFF_LOCALE",
    "Officers",
    "UnitInfo",
    "hidden_details",
    "sensitive_case",
    "solved_question",
]
