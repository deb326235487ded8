"""bot/officers/card_actions/preconditions.py: every verb of the table against a closed
ticket, a ticket held by someone else, an anonymous reporter and a ticket of another
area gets the polite refusal the handler's if/elif ladder gave (or none)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.officers.actions import Verb
from bot.officers.card_actions.preconditions import Needs, refusal
from bot.officers.card_actions.table import TABLE
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket

ME, OTHER = "9001", "9002"

# What each verb was checked for before the table (the ladder in bot/officers/handler.py):
# open (not resolved/rejected), holder (unclaimed, mine, or I am a supervisor), contact
# (the reporter is not anonymous). CANCEL needs no ticket at all.
EXPECTED: dict[Verb, set[str]] = {
    Verb.CARD: set(),
    Verb.DUPLICATE: set(),
    Verb.CLAIM: {"open", "holder"},
    Verb.REPLY: {"open", "holder", "contact"},
    Verb.STANDARD: {"open", "contact"},
    Verb.STANDARD_PICK: {"open"},
    Verb.SEND: {"open", "holder", "contact"},
    Verb.TRANSFER: {"open", "holder"},
    Verb.TRANSFER_TO: {"open", "holder"},
    Verb.RESOLVE: {"open", "holder"},
    Verb.REJECT: {"open", "holder"},
    Verb.REJECT_REASON: {"open", "holder"},
    Verb.SEND_ANYWAY: {"open"},  # the contact is checked when the reply is sent
    Verb.PROVOCATION: {"open"},
    Verb.FLAG_WRONG: {"open"},
    Verb.SAVE_ANSWER: set(),  # a closed question's answer can still be saved
}
TICKET_VERBS = [v for v in Verb if v is not Verb.CANCEL]

REFUSALS = {
    "area": "This ticket is not in this group's area.",
    "open": "Ticket DMS-TEST-0001 is already closed.",
    "holder": "DMS-TEST-0001 is held by Budi; only they or a supervisor can do this.",
    "contact": "The reporter of DMS-TEST-0001 is anonymous: replies cannot be sent.",
}


def ticket(**changes: Any) -> Ticket:
    values: dict[str, Any] = {
        "id": 1,
        "reference": "DMS-TEST-0001",
        "citizen_id": 1,
        "category": "crime",
        "priority": "normal",
        "kind": "complaint",
        "status": TicketStatus.FORWARDED,
        "unit_id": "polres-metro-jakarta-selatan",
        "polda_id": "polda-metro-jaya",
        "timezone": "Asia/Jakarta",
        "description": "Motor saya dicuri",
        "occurred_at": None,
        "occurred_text": None,
        "place_text": None,
        "place_code": None,
        "place_label": None,
        "latitude": None,
        "longitude": None,
        "contact": "chat",
        "locale": "id",
        "created_at": datetime(2026, 12, 5, tzinfo=UTC),
        "updated_at": datetime(2026, 12, 5, tzinfo=UTC),
        "holder_id": None,
        "holder_name": None,
        "claimed_at": None,
        "resolved_at": None,
        "closing_note": None,
        "feedback_state": None,
        "rating": None,
        "rating_comment": None,
    }
    values.update(changes)
    return Ticket(**values)


def refused(
    needs: Needs, t: Ticket | None, in_scope: bool = True, supervisor: bool = False
) -> str | None:
    return refusal(
        needs, t, in_scope=in_scope, user_id=ME, supervisor=supervisor, gettext=lambda s: s
    )


SITUATIONS: dict[str, tuple[Ticket, str | None]] = {
    # situation: (the ticket, the need that refuses it)
    "closed": (ticket(status=TicketStatus.RESOLVED), "open"),
    "rejected": (ticket(status=TicketStatus.REJECTED), "open"),
    "held by another": (ticket(holder_id=OTHER, holder_name="Budi"), "holder"),
    "anonymous reporter": (ticket(contact="anonymous"), "contact"),
}


def test_every_verb_has_a_handler_and_the_table_declares_what_the_ladder_checked() -> None:
    assert set(TABLE) == set(Verb)
    assert set(EXPECTED) | {Verb.CANCEL} == set(Verb)
    assert TABLE[Verb.CANCEL].needs.ticket is False


@pytest.mark.parametrize("situation", list(SITUATIONS))
@pytest.mark.parametrize("verb", TICKET_VERBS, ids=lambda v: v.name)
def test_each_verb_in_each_situation_gets_its_refusal(verb: Verb, situation: str) -> None:
    t, need = SITUATIONS[situation]
    expected = REFUSALS[need] if need in EXPECTED[verb] else None
    assert refused(TABLE[verb].needs, t) == expected


@pytest.mark.parametrize("verb", TICKET_VERBS, ids=lambda v: v.name)
def test_a_ticket_of_another_area_or_gone_is_refused_for_every_verb(verb: Verb) -> None:
    assert refused(TABLE[verb].needs, ticket(), in_scope=False) == REFUSALS["area"]
    assert refused(TABLE[verb].needs, None, in_scope=False) == REFUSALS["area"]


@pytest.mark.parametrize("verb", TICKET_VERBS, ids=lambda v: v.name)
def test_the_holder_and_a_supervisor_may_act_on_a_held_ticket(verb: Verb) -> None:
    needs = TABLE[verb].needs
    assert refused(needs, ticket(holder_id=ME, holder_name="Me")) is None
    assert refused(needs, ticket(holder_id=OTHER, holder_name="Budi"), supervisor=True) is None
    assert refused(needs, ticket()) is None  # unclaimed, open, reachable


def test_the_first_failed_need_is_the_one_shown() -> None:
    """Order as before: area, then open, then holder, then contact."""
    everything = Needs(holder=True, contact=True)
    closed_held_anonymous = ticket(
        status="resolved", holder_id=OTHER, holder_name="Budi", contact="anonymous"
    )
    assert refused(everything, closed_held_anonymous) == REFUSALS["open"]
    held_anonymous = ticket(holder_id=OTHER, holder_name="Budi", contact="anonymous")
    assert refused(everything, held_anonymous) == REFUSALS["holder"]
    # a holder without a name is named by id
    assert "held by 9002;" in (refused(everything, ticket(holder_id=OTHER)) or "")
