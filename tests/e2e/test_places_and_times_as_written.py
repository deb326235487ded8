"""Places and times the way citizens write them, through the fake Bot API (issue: places,
times and jurisdictions). Each story ends with what the citizen saw and, where it matters,
the ticket's unit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.e2e.steps import reach, said, state_of_user
from tests.harness import Clock, Harness, TgCitizen


async def _file(citizen: TgCitizen) -> None:
    await citizen.press("place:yes")
    await citizen.press("ev:skip")
    await citizen.press("sum:confirm")


@pytest.mark.parametrize(
    ("text", "place", "unit"),
    [
        ("depan stasiun tugu", "Stasiun Yogyakarta", "polresta-yogyakarta"),  # a landmark
        (
            "bandara soetta terminal 3",
            "Bandara Soekarno-Hatta",  # a landmark
            "polresta-bandara-soekarno-hatta",
        ),  # with its unit
        ("ngalam", "Kota Malang", "polresta-malang-kota"),  # a short form
        ("ujung pandang", "Kota Makassar", "polrestabes-makassar"),  # a former name
        ("kuta badung", "Kec. Kuta", "polresta-denpasar"),  # served across
    ],
)  # regency lines
async def test_place_as_written_goes_to_its_serving_unit(
    harness: Harness, text: str, place: str, unit: str
) -> None:
    citizen = harness.citizen(9400)
    await reach(citizen, "where")
    sent = await citizen.say(text)
    shown = said(sent)
    assert place in shown, shown
    router = harness.runtime.router
    unit_name = router.unit(unit).name  # type: ignore[union-attr]
    assert unit_name in shown  # the confirmation names the serving unit
    assert sent[-1].callback_data() == ["place:yes", "place:change"]
    await _file(citizen)
    ticket = (await harness.rows("SELECT unit_id FROM tickets"))[0]
    assert ticket["unit_id"] == unit


async def test_same_polres_ambiguity_is_resolved_without_asking(harness: Harness) -> None:
    """Several villages named Sukamaju lie in Kab. Bogor: one Polres, no question."""
    citizen = harness.citizen(9401)
    await reach(citizen, "where")
    sent = await citizen.say("ds sukamaju kab bogor")
    assert await state_of_user(harness, 9401) == "where_confirm"
    assert "Kab. Bogor" in said(sent) and "Polres Bogor" in said(sent)


async def test_different_polres_ambiguity_is_asked_with_kab_kota_buttons(
    harness: Harness,
) -> None:
    citizen = harness.citizen(9402)
    await reach(citizen, "where")
    sent = await citizen.say("bandung")
    labels = [b["text"] for row in sent[-1].buttons() for b in row]
    assert any(label.startswith("Kota Bandung") for label in labels)
    assert any(label.startswith("Kab. Bandung") for label in labels)
    assert await state_of_user(harness, 9402) == "where_pick"


@pytest.mark.parametrize("text", ["di kuala lumpur", "jeddah", "singapur"])
async def test_foreign_city_is_refused_not_guessed(harness: Harness, text: str) -> None:
    citizen = harness.citizen(9403)
    await reach(citizen, "where")
    sent = await citizen.say(text)
    assert "Indonesia" in said(sent)
    assert await state_of_user(harness, 9403) == "where"  # asked again, nothing guessed


@pytest.mark.parametrize("text", ["dekat sini", "jalan raya", "🙏🙏", "081234567890"])
async def test_no_place_in_the_text_is_asked_again_with_an_example(
    harness: Harness, text: str
) -> None:
    citizen = harness.citizen(9404)
    await reach(citizen, "where")
    sent = await citizen.say(text)
    assert "Kec." in said(sent)  # the example
    assert await state_of_user(harness, 9404) == "where"


# 2026-12-05 10:00 WIB, a Saturday
SATURDAY = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Minggu (29/11) pukul 19.00 WIB", "29 Nov 2026, 19.00"),
        ("Senin, 3 November 2025", "3 November 2025"),  # a formal date, long ago
        ("kmrn setengah 8 malam", "4 Des 2026, 19.30"),
        ("antara jam 10 dan 11 tadi malam", "4 Des 2026, 22.00"),  # a range: its start
        ("sejak senin, terakhir kemarin sore", "Jumat, 4 Desember 2026, sore"),  # last time
    ],
)
async def test_time_as_written_is_echoed_with_the_full_day(
    harness: Harness, clock: Clock, text: str, shown: str
) -> None:
    clock.now = SATURDAY
    citizen = harness.citizen(9405)
    await reach(citizen, "when")
    sent = await citizen.say(text)
    assert shown in said(sent), said(sent)
    assert await state_of_user(harness, 9405) == "where"


@pytest.mark.parametrize("text", ["31 Februari", "besok pagi"])
async def test_impossible_or_future_date_is_refused_with_an_example(
    harness: Harness, clock: Clock, text: str
) -> None:
    clock.now = SATURDAY
    citizen = harness.citizen(9406)
    await reach(citizen, "when")
    sent = await citizen.say(text)
    assert "“" in said(sent)  # an example to follow
    assert await state_of_user(harness, 9406) == "when"
    draft = await harness.rows("SELECT draft FROM conversations")
    assert "Motor saya" in draft[0]["draft"]  # the story already given is kept
