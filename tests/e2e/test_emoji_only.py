"""A first message of emojis only, on Telegram: thanks is thanked back, distress is asked
gently what happened (with the emergency numbers when the emojis say danger), never
answered "you're welcome" (session 32's walk-through: "🙏😭😭" got "Sama-sama")."""

from __future__ import annotations

import pytest

from bot.i18n import translator
from tests.e2e.steps import said, state_of
from tests.harness import Harness

ID = translator("id").gettext
WELCOME = ID("You are welcome. Stay safe!")
ASKED = ID("We are here to help. What happened? Tell us in your own words, or choose below.")
DANGER = ID("🚨 In danger right now? Call the police at 110 now (free, 24 hours).")


@pytest.mark.parametrize("text", ["🙏😭😭", "😭", "😢😢🙏"])
async def test_distress_emojis_ask_what_happened(harness: Harness, text: str) -> None:
    citizen = harness.citizen(7501)
    sent = await citizen.say(text)
    assert WELCOME not in said(sent)
    assert ASKED in said(sent)
    assert DANGER not in said(sent)
    assert sent[-1].callback_data()  # the menu to start a report
    assert await state_of(citizen) == "idle"


@pytest.mark.parametrize("text", ["🆘", "🔪😱", "🚨🚨🙏"])
async def test_danger_emojis_give_the_emergency_numbers(harness: Harness, text: str) -> None:
    citizen = harness.citizen(7502)
    sent = await citizen.say(text)
    assert WELCOME not in said(sent)
    assert DANGER in said(sent) and "112" in said(sent)
    assert ASKED in said(sent)


async def test_a_story_after_the_emojis_starts_the_complaint(harness: Harness) -> None:
    citizen = harness.citizen(7503)
    await citizen.say("🙏😭😭")
    sent = await citizen.say("hp saya dijambret tadi pagi di depan stasiun bogor, tolong pak")
    assert "consent:yes" in sent[-1].callback_data()
    assert await state_of(citizen) == "consent"


@pytest.mark.parametrize("text", ["🙏", "👍👍", "🙏🙏"])
async def test_thanks_emojis_are_still_thanked(harness: Harness, text: str) -> None:
    citizen = harness.citizen(7504)
    sent = await citizen.say(text)
    assert WELCOME in said(sent)
    assert ASKED not in said(sent)
