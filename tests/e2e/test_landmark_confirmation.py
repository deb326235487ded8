"""The place confirmation names the landmark the citizen typed, of the kind they typed
(session 34, issue 14 item 7), through the fake Bot API.

On the base of session 34 "bandara pattimura ambon" was confirmed as "Bundaran Pattimura
Ambon": the roundabout's name without its kind ("pattimura ambon") outranked the airport,
so a citizen at the airport read a roundabout and could only guess whether the bot had
understood. A name the table gives no kind word to carries its kind in the confirmation.
"""

from __future__ import annotations

from tests.e2e.steps import reach, said, state_of_user
from tests.harness import Harness


async def test_the_airport_typed_is_the_airport_confirmed(harness: Harness) -> None:
    citizen = harness.citizen(9341)
    await reach(citizen, "where")
    sent = await citizen.say("bandara pattimura ambon")
    text = said(sent)
    assert "Bandara Pattimura" in text
    assert "Bundaran" not in text
    assert "Kota Ambon" in text
    assert "Polresta Pulau Ambon" in text  # the serving unit, on its own line
    assert await state_of_user(harness, 9341) == "where_confirm"


async def test_a_name_of_another_kind_is_not_confirmed_as_that_landmark(
    harness: Harness,
) -> None:
    # no market is called Pattimura in the tables: the city is what the text settles,
    # not the roundabout keyed "pattimura ambon"
    citizen = harness.citizen(9342)
    await reach(citizen, "where")
    sent = await citizen.say("pasar pattimura ambon")
    text = said(sent)
    assert "Bundaran" not in text
    assert "Kota Ambon" in text


async def test_a_landmark_whose_name_lacks_its_kind_shows_it(harness: Harness) -> None:
    citizen = harness.citizen(9343)
    await reach(citizen, "where")
    sent = await citizen.say("uncen waena")
    assert "Uncen Waena (kampus)" in said(sent)
