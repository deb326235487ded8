"""bot/officers/commands/lists.py: how long a queued ticket has waited, in the group's language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.i18n import translator
from bot.officers.commands.lists import age


@pytest.mark.parametrize(
    ("locale", "delta", "expected"),
    [
        ("id", timedelta(minutes=5), "5 menit"),
        ("id", timedelta(hours=1), "1 jam"),
        ("id", timedelta(hours=30), "30 jam"),
        ("id", timedelta(days=3), "3 hari"),
        ("en", timedelta(hours=1), "1 hour"),
        ("en", timedelta(hours=30), "30 hours"),
        ("en", timedelta(days=1, hours=1), "25 hours"),
        ("en", timedelta(days=3), "3 days"),
    ],
)
def test_age_is_said_in_the_groups_language(locale: str, delta: timedelta, expected: str) -> None:
    # The hour and day forms were once never extracted for translation, so an Indonesian
    # group read "30 hours" in its queue.
    assert age(translator(locale), delta) == expected
