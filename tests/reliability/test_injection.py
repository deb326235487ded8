"""Hostile text cannot break a staff card, a reply, the store or the file system."""

from __future__ import annotations

import pytest

from bot.store import staff_groups
from tests.e2e.steps import reach
from tests.harness import Harness

GROUP = -1004242
NASTY = [
    "<b>tebal</b> <script>alert('x')</script> <a href=\"http://evil\">klik</a> &amp; &lt;",
    "*tebal* _miring_ `kode` [tautan](http://evil) ||spoiler|| ~coret~",
    "x" * 3000,  # one very long word
    "nama\u200b\u200c\u200dku \u202eolleh\u202c \u2066rtl\u2069 \ufeff",
    "'; DROP TABLE tickets; -- \" OR 1=1 /* */",
    "Motor dicuri </b></i></code> <b><i>tidak ditutup",
]


@pytest.mark.parametrize("text", NASTY)
async def test_nasty_description_reaches_the_card_intact(harness: Harness, text: str) -> None:
    result = harness.runtime.router.resolve_text("kec cilandak jaksel")
    unit = harness.runtime.router.unit_for(result.chosen, "polres")
    await staff_groups.bind(harness.db, str(GROUP), unit.id)
    citizen = harness.citizen(9900)
    await reach(citizen, "description")
    await citizen.say(text)
    if text.startswith("x"):  # a single long word is short on words: say it is enough
        await citizen.press("desc:done")
    await citizen.press("when:now")
    await citizen.say("kec cilandak jaksel")
    await citizen.press("place:yes")
    sent = await citizen.press("ev:skip")
    assert text[:60] in sent[-1].text  # the summary shows its start as plain text
    await citizen.press("sum:confirm")

    stored = (await harness.rows("SELECT description, reference FROM tickets"))[0]
    assert stored["description"] == text
    cards = [c for c in harness.api.sent(GROUP) if c.method == "sendMessage"]
    assert cards, "the card was delivered (the fake refuses malformed HTML with 400)"
    card = cards[0]
    assert card.params.get("parse_mode") == "HTML"
    assert stored["reference"] in card.text
    failed = await harness.rows("SELECT last_error FROM outbox WHERE status = 'failed'")
    assert failed == []
    assert await harness.db.columns("tickets")  # and nothing was dropped
