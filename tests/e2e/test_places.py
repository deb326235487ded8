"""Where it happened: typed places, GPS pins and the confirm/change path, via Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.i18n import translator
from bot.routing.resolver import Router
from tests.e2e.steps import reach, said, state_of_user
from tests.harness import Clock, Harness, telegram_harness

ID = translator("id").gettext


async def test_city_or_regency_of_the_same_name_is_asked(harness: Harness) -> None:
    citizen = harness.citizen(9201)
    await reach(citizen, "where")
    sent = await citizen.say("bogor")
    buttons = [b for row in sent[-1].buttons() for b in row]
    labels = " | ".join(b["text"] for b in buttons)
    assert "Kota Bogor" in labels and "Kab. Bogor" in labels
    assert sent[-1].callback_data()[-2:] == ["place:none", "nav:back"]
    assert await state_of_user(harness, 9201) == "where_pick"
    # nothing was picked on the citizen's behalf
    city = next(b["callback_data"] for b in buttons if b["text"].startswith("Kota Bogor"))
    sent = await citizen.press(city)
    assert "Bogor Kota" in said(sent)  # Polresta Bogor Kota handles the city
    assert sent[-1].callback_data() == ["place:yes", "place:change"]
    await citizen.press("place:yes")
    assert await state_of_user(harness, 9201) == "evidence"


async def test_none_of_these_and_change_ask_again(harness: Harness) -> None:
    citizen = harness.citizen(9202)
    await reach(citizen, "where")
    await citizen.say("bogor")
    sent = await citizen.press("place:none")
    assert await state_of_user(harness, 9202) == "where"
    assert "Kec." in sent[-1].text
    sent = await citizen.say("kec cibinong kab bogor")
    assert "Cibinong" in said(sent)
    sent = await citizen.press("place:change")
    assert await state_of_user(harness, 9202) == "where"
    sent = await citizen.say("12430")  # a postal code in Jakarta Selatan
    assert "Jakarta Selatan" in said(sent)


async def test_unknown_place_asks_for_district_and_regency(harness: Harness) -> None:
    citizen = harness.citizen(9203)
    await reach(citizen, "where")
    sent = await citizen.say("qwzx plmokn")
    assert "kecamatan" in sent[-1].text.lower()
    assert await state_of_user(harness, 9203) == "where"


async def test_police_conduct_goes_to_the_polda_propam(harness: Harness) -> None:
    citizen = harness.citizen(9204)
    await citizen.say("/aduan")
    await citizen.press("consent:yes")
    await citizen.press("cat:police_conduct")
    await citizen.say("Oknum petugas meminta uang damai saat razia di jalan raya")
    await citizen.press("when:now")
    await citizen.say("kec cilandak jaksel")
    await citizen.press("place:yes")
    sent = await citizen.press("ev:skip")
    assert "Propam" in sent[-1].text
    await citizen.press("sum:confirm")
    ticket = (await harness.rows("SELECT unit_id, polda_id FROM tickets"))[0]
    assert ticket["unit_id"].startswith("propam")
    unit = harness.runtime.router.unit(ticket["unit_id"])
    assert unit is not None and unit.kind == "propam"


@pytest.fixture
async def gps_harness(tmp_path: Path, gps_router: Router, clock: Clock) -> AsyncIterator[Harness]:
    async with telegram_harness(tmp_path / "data", gps_router, clock=clock) as h:
        yield h


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (-6.1754, 106.8272, "Jakarta Pusat"),  # Monas
        (-6.9025, 107.6188, "Kota Bandung"),  # Gedung Sate
    ],
)
async def test_gps_pin_is_confirmed_with_its_polres(
    gps_harness: Harness, lat: float, lon: float, expected: str
) -> None:
    citizen = gps_harness.citizen(9300)
    await reach(citizen, "where")
    sent = await citizen.send(gps_harness.updates.location(9300, lat, lon))
    assert expected in said(sent)
    assert sent[-1].callback_data() == ["place:yes", "place:change"]
    await citizen.press("place:yes")
    await citizen.press("ev:skip")
    await citizen.press("sum:confirm")
    ticket = (await gps_harness.rows("SELECT latitude, longitude, unit_id, timezone FROM tickets"))[
        0
    ]
    assert (ticket["latitude"], ticket["longitude"]) == (lat, lon)
    assert ticket["timezone"] == "Asia/Jakarta"


async def test_gps_pin_in_a_split_regency_goes_to_the_districts_unit(harness: Harness) -> None:
    """Kuta lies in Kab. Badung, but Polsek Kuta belongs to Polresta Denpasar
    (data/routing/districts.csv): the kecamatan outlines shipped in data/geo place the pin
    in Kec. Kuta, and the confirmation names Polresta Denpasar. On a fresh install."""
    citizen = harness.citizen(9302)
    await reach(citizen, "where")
    sent = await citizen.send(harness.updates.location(9302, -8.7180, 115.1686))  # Kuta
    assert "Kuta" in said(sent) and "Polresta Denpasar" in said(sent)
    assert sent[-1].callback_data() == ["place:yes", "place:change"]
    await citizen.press("place:yes")
    await citizen.press("ev:skip")
    await citizen.press("sum:confirm")
    ticket = (await harness.rows("SELECT unit_id, timezone, place_code FROM tickets"))[0]
    assert ticket["unit_id"] == "polresta-denpasar"
    assert ticket["timezone"] == "Asia/Makassar" and ticket["place_code"] == "51.03.01"


async def test_gps_pin_elsewhere_in_a_split_regency_stays_with_its_polres(
    harness: Harness,
) -> None:
    """Canggu, Kec. Kuta Utara: the same regency, but its own Polres Badung serves it."""
    citizen = harness.citizen(9303)
    await reach(citizen, "where")
    sent = await citizen.send(harness.updates.location(9303, -8.6478, 115.1385))  # Canggu
    assert "Kuta Utara" in said(sent) and "Polres Badung" in said(sent)
    await citizen.press("place:yes")
    await citizen.press("ev:skip")
    await citizen.press("sum:confirm")
    ticket = (await harness.rows("SELECT unit_id, place_code FROM tickets"))[0]
    assert ticket["unit_id"] == "polres-badung" and ticket["place_code"] == "51.03.06"


async def test_a_migrant_detained_abroad_is_told_where_help_is(harness: Harness) -> None:
    """Session 41: a family's text about a migrant worker held abroad is refused as outside
    Indonesia (it had gone to the home regency's Polres), and the answer says where help
    is: the embassy through Safe Travel, the migrant workers' line; the complaint's
    description and time are kept, and a place in Indonesia (the recruiter's) goes on."""
    citizen = harness.citizen(9210)
    await reach(citizen, "where")
    sent = await citizen.say("abk asal merauke ditahan di darwin australia")
    assert await state_of_user(harness, 9210) == "where"
    text = sent[-1].text or ""
    assert "KBRI/KJRI" in text and "Safe Travel" in text and "0800-1000" in text
    assert "Polres Merauke" not in said(sent)
    sent = await citizen.say("kec cilandak jaksel")
    assert "Cilandak" in said(sent)
    await citizen.press("place:yes")
    assert await state_of_user(harness, 9210) == "evidence"


async def test_gps_pin_outside_indonesia_is_refused_politely(gps_harness: Harness) -> None:
    citizen = gps_harness.citizen(9301)
    await reach(citizen, "where")
    sent = await citizen.send(gps_harness.updates.location(9301, -12.4634, 130.8456))  # Darwin
    assert await state_of_user(gps_harness, 9301) == "where"
    assert "Indonesia" in sent[-1].text
