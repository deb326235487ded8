"""bot/officers/card_actions/table.py: one handler per verb, a verb registered twice is
refused, and every button a card carries has a handler."""

from __future__ import annotations

import pytest

from bot.officers.actions import CardAction, Verb
from bot.officers.card_actions import preconditions, table


async def _noop(press: preconditions.Press) -> None:
    return None


def test_a_verb_registered_twice_is_refused() -> None:
    one = preconditions.CardHandler(Verb.CLAIM, _noop)
    with pytest.raises(ValueError, match="twice"):
        table.build([one, one])


def test_every_verb_is_looked_up_in_its_family() -> None:
    for verb in Verb:
        handler = table.lookup(verb)
        assert handler is not None and handler.verb is verb
        family = handler.run.__module__.rsplit(".", 1)[-1]
        assert family in {f.__name__.rsplit(".", 1)[-1] for f in table.FAMILIES}


def test_a_press_without_a_ticket_says_so() -> None:
    press = preconditions.Press(turn=None, arg="", checked_ticket=None)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        _ = press.ticket


def test_the_save_answer_button_fits_telegrams_64_bytes() -> None:
    # a Telegram message id is at most a 32-bit integer in practice; a large ticket id too
    data = CardAction(Verb.SAVE_ANSWER, 99_999_999, "2147483647").pack()
    assert len(data.encode()) <= 64 and CardAction.unpack(data) is not None
