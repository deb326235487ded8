"""bot/officers/actions.py: the one typed value behind every staff-group button."""

from __future__ import annotations

import pytest

from bot.officers.actions import CardAction, Verb, button


def test_pack_and_unpack_round_trip() -> None:
    for action in (
        CardAction(Verb.CLAIM, 7),
        CardAction(Verb.REJECT_REASON, 123456, "spam"),
        CardAction(Verb.TRANSFER_TO, 9, "polres-metro-jakarta-selatan"),
    ):
        assert CardAction.unpack(action.pack()) == action
    assert CardAction(Verb.CLAIM, 7).pack() == "t:claim:7"  # the stored cards' format


@pytest.mark.parametrize("data", [None, "", "t", "t:claim", "t:nope:7", "t:claim:x", "x:claim:7"])
def test_data_no_dumas_button_carries_is_refused(data: str | None) -> None:
    assert CardAction.unpack(data) is None


def test_telegrams_64_bytes_are_checked_when_a_button_is_built() -> None:
    # https://core.telegram.org/bots/api#inlinekeyboardbutton: callback_data 1-64 bytes
    assert button("ok", Verb.TRANSFER_TO, 1, "u" * 50).action.pack().startswith("t:to:1:")
    with pytest.raises(ValueError):
        button("too long", Verb.TRANSFER_TO, 1, "ü" * 40)  # 80 bytes in UTF-8
