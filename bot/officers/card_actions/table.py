"""The card actions' table: every `Verb` (bot/officers/actions.py) to its handler and
declared preconditions, gathered from the family modules of this package.

Each family module (views, claim, reply, standard, transfer, resolve, reject, flags,
drafts) lists its `CardHandler`s in `ACTIONS`; `TABLE` is built from them once, and
refuses a verb registered twice. The handler (bot/officers/handler.py) does lookup,
membership, preconditions (bot/officers/card_actions/preconditions.py) and the call.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.officers.actions import Verb
from bot.officers.card_actions import (
    claim,
    drafts,
    flags,
    reject,
    reply,
    resolve,
    standard,
    transfer,
    views,
)
from bot.officers.card_actions.preconditions import CardHandler
from bot.officers.tables import one_each

FAMILIES = (views, claim, reply, standard, transfer, resolve, reject, flags, drafts)


def build(handlers: Iterable[CardHandler]) -> dict[Verb, CardHandler]:
    return one_each(handlers, lambda handler: (handler.verb,), "card action")


TABLE = build(handler for family in FAMILIES for handler in family.ACTIONS)


def lookup(verb: Verb) -> CardHandler | None:
    return TABLE.get(verb)
