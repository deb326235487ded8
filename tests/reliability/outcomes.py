"""What the kill tests check at the end, whatever killed what: the staff group's cards.

Shared by the SQLite crash test (test_crash_safety.py) and the multi-instance tests
(instances.py); each reads the rows its own way (sqlite3 or asyncpg) and hands them here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping

from tests.fakes.telegram_api import FakeBotAPI


def cards_sent(api: FakeBotAPI, group: int, references: Collection[str]) -> Counter[str]:
    """How many cards and digests the staff group received naming each ticket (edits not
    counted: a card is brought up to date when a later ticket links to it; lines naming
    another ticket as a possible duplicate, marked 🔗, skipped)."""
    return Counter(
        reference
        for call in api.sent(group)
        if call.method == "sendMessage" and call.text
        for reference in references
        if reference
        in "\n".join(line for line in call.text.split("\n") if not line.startswith("🔗"))
    )


def assert_each_card_once(
    sent: Counter[str],
    card_rows: Mapping[str, int],
    references: Collection[str],
    in_flight: Collection[int],
) -> None:
    """Each ticket's card arrived once; more than once only if its outbox row was on
    the wire when the process died (Telegram has no idempotency key)."""
    for reference in references:
        assert sent[reference] >= 1, reference
        assert sent[reference] == 1 or card_rows[reference] in in_flight, reference
