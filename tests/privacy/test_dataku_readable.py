"""/dataku names the citizen's account with a readable channel name and the privacy
notice by its month and revision, in the citizen's language (it showed the raw channel
key, "Akun Bapak/Ibu: telegram 6211", and the notice's code, "2026-12-pdp-4")."""

from __future__ import annotations

import re

import pytest

from bot.i18n import translator
from bot.privacy.views import language_name, notice_label
from tests.e2e.steps import answer_until
from tests.harness import Harness, texts


@pytest.mark.parametrize(
    ("language", "account", "notice"),
    [
        (
            "id",
            "Akun Bapak/Ibu: 6211 (Telegram)",
            r"versi pemberitahuan [A-Z][a-z]+ \d{4}, revisi \d+\)",
        ),
        (
            "en",
            "Your account: 6211 (Telegram)",
            r"notice version [A-Z][a-z]+ \d{4}, revision \d+\)",
        ),
    ],
)
async def test_dataku_names_the_channel_and_the_notice_readably(
    harness: Harness, language: str, account: str, notice: str
) -> None:
    citizen = harness.citizen(6211, language=language)
    await citizen.say("/start")
    await citizen.press("consent:yes")
    shown = texts(await citizen.say("/dataku"))
    assert account in shown, shown
    assert re.search(notice, shown), shown
    assert "telegram 6211" not in shown and "pdp-4" not in shown, shown


def test_a_version_of_another_shape_is_shown_as_it_is() -> None:
    assert notice_label("2027-01-pdp-12", translator("id")) == "Januari 2027, revisi 12"
    assert notice_label("v1", translator("en")) == "v1"


async def test_dataku_mid_complaint_ends_with_the_question_to_answer(harness: Harness) -> None:
    """The step's question came first and the long /dataku answer after it: on a phone
    the citizen saw the data last, with the buttons to go on scrolled out of sight."""
    citizen = harness.citizen(6213)
    await citizen.say("/start")
    await citizen.press("consent:yes")
    sent = await citizen.say("/dataku")
    assert len(sent) == 2, texts(sent)
    assert str(sent[0].text).startswith("Data Bapak/Ibu yang disimpan Dumas"), texts(sent)
    assert str(sent[-1].text).startswith("Aduan Bapak/Ibu tentang apa?"), texts(sent)
    assert sent[-1].callback_data()  # the category buttons, on the last message


async def test_dataku_names_a_complaint_s_status_in_the_citizen_s_language(
    harness: Harness,
) -> None:
    """Each complaint's line showed the stored status key ("– received –") in every
    language; /status shows the same status as "Diterima"."""
    citizen = harness.citizen(6214)
    await citizen.say("/start")
    await answer_until(citizen, "idle", when="when:today")
    shown = texts(await citizen.say("/dataku"))
    reference = str((await harness.rows("SELECT reference FROM tickets"))[0][0])
    assert f"{reference} – " in shown, shown
    assert " – Diterima – " in shown, shown
    assert " – received – " not in shown, shown


async def test_dataku_names_the_language_the_citizen_is_answered_in(harness: Harness) -> None:
    """ "Bahasa: -" for a citizen answered in Indonesian all along (only a language chosen
    with /bahasa was shown; the app's language, stored too, was not)."""
    citizen = harness.citizen(6216)
    await citizen.say("/start")
    await citizen.press("consent:yes")
    shown = texts(await citizen.say("/dataku"))
    assert "Bahasa: Indonesia\n" in shown, shown
    assert language_name("en", translator("en")) == "English"
    assert language_name("xx-unknown", translator("id")) == "xx-unknown"
