"""Every step's back, cancel and edit paths, through Telegram."""

from __future__ import annotations

import pytest

from tests.e2e.steps import PATH, reach, said, state_of_user
from tests.harness import Harness

# (state, what its prompt offers, the state "kembali" leads to, its prompt's marker)
BACK = [
    ("category", "cat:crime", "consent", "consent:yes"),
    ("description", "nav:back", "category", "cat:crime"),
    ("when", "when:now", "description", "desc:done"),
    ("where", None, "when", "when:now"),
    ("where_confirm", "place:yes", "where", None),
    ("evidence", "ev:skip", "where", None),
    ("summary", "sum:confirm", "evidence", "ev:skip"),
]


@pytest.mark.parametrize(("state", "offer", "previous", "previous_offer"), BACK)
async def test_kembali_goes_back_one_step(
    harness: Harness, state: str, offer: str | None, previous: str, previous_offer: str | None
) -> None:
    citizen = harness.citizen(6100)
    await reach(citizen, state)
    assert await state_of_user(harness, 6100) == state
    if offer:
        assert offer in citizen.last_with_buttons().callback_data()
    sent = await citizen.say("kembali")
    assert await state_of_user(harness, 6100) == previous
    assert len(sent) == 1
    if previous_offer:
        assert previous_offer in sent[0].callback_data()
    else:  # "where" asks for a location with a reply keyboard
        assert sent[0].reply_markup["keyboard"][0][0]["request_location"] is True


@pytest.mark.parametrize("state", PATH)
async def test_batal_cancels_from_every_step(harness: Harness, state: str) -> None:
    citizen = harness.citizen(6200)
    await reach(citizen, state)
    sent = await citizen.say("/batal")
    if state not in ("consent", "category"):
        # Something was written: one mistyped "batal" must not lose it.
        assert await state_of_user(harness, 6200) == state
        assert sent[-1].callback_data() == ["cancel:yes", "cancel:no"]
        sent = await citizen.press("cancel:yes")
    assert await state_of_user(harness, 6200) == "idle"
    assert len(sent) == 1 and "/aduan" in sent[0].text
    assert await harness.rows("SELECT * FROM tickets") == []
    # the draft is gone: a new complaint starts from the beginning
    sent = await citizen.say("/aduan")
    assert sent[-1].callback_data() == ["consent:yes", "consent:no"]


async def test_back_button_works_like_kembali(harness: Harness) -> None:
    citizen = harness.citizen(6300)
    await reach(citizen, "evidence")
    await citizen.press("nav:back")
    assert await state_of_user(harness, 6300) == "where"


@pytest.mark.parametrize(
    ("field", "state", "answer"),
    [
        ("category", "category", ("press", "cat:drugs")),
        (
            "description",
            "description",
            ("say", "Ada transaksi sabu di gang belakang pasar setiap malam"),
        ),
        ("when", "when", ("press", "when:now")),
        ("where", "where", ("say", "kec menteng jakarta pusat")),
        ("evidence", "evidence", ("press", "ev:skip")),
        ("contact", "contact", ("press", "contact:anonymous")),
    ],
)
async def test_edit_each_field_returns_to_summary(
    harness: Harness, field: str, state: str, answer: tuple[str, str]
) -> None:
    citizen = harness.citizen(6400)
    await reach(citizen, "summary")
    await citizen.press("sum:edit")
    sent = await citizen.press(f"edit:{field}")
    assert await state_of_user(harness, 6400) == state
    how, value = answer
    sent = await (citizen.press(value) if how == "press" else citizen.say(value))
    # (a description: the new text is added to the old one, long enough to end the edit)
    if field == "where":
        assert "Menteng" in said(sent)
        sent = await citizen.press("place:yes")
    assert await state_of_user(harness, 6400) == "summary"
    summary = sent[-1].text
    offers = ["sum:confirm", "sum:edit", "sum:cancel"]
    if field != "contact":  # anonymous already: no second way to ask for it
        offers.insert(1, "sum:anonymous")
    assert sent[-1].callback_data() == offers
    await citizen.press("sum:confirm")
    ticket = dict((await harness.rows("SELECT * FROM tickets"))[0])
    expected = {
        "category": ("category", "drugs"),
        "contact": ("contact", "anonymous"),
        "where": ("place_code", None),
    }
    if field in expected:
        column, value = expected[field]
        if value is not None:
            assert ticket[column] == value
        else:
            assert ticket["place_code"].startswith("31.71")  # Kota Jakarta Pusat
            assert "Menteng" in summary
    if field == "description":
        assert "transaksi sabu" in ticket["description"]


async def test_summary_cancel_button_asks_first(harness: Harness) -> None:
    citizen = harness.citizen(6500)
    await reach(citizen, "summary")
    sent = await citizen.press("sum:cancel")
    assert sent[-1].callback_data() == ["cancel:yes", "cancel:no"]
    # "No, continue": the summary again, nothing lost
    sent = await citizen.press("cancel:no")
    assert await state_of_user(harness, 6500) == "summary"
    assert "Motor saya dicuri" in sent[-1].text
    await citizen.press("sum:cancel")
    await citizen.press("cancel:yes")
    assert await state_of_user(harness, 6500) == "idle"
    assert await harness.rows("SELECT * FROM tickets") == []


async def test_a_typed_3_on_whatsapp_style_does_not_lose_the_draft(harness: Harness) -> None:
    """The summary's last option is "Batal": typing its number asks, it does not delete."""
    citizen = harness.citizen(6550)
    await reach(citizen, "summary")
    sent = await citizen.say("4")  # sum:confirm, sum:anonymous, sum:edit, sum:cancel
    assert sent[-1].callback_data() == ["cancel:yes", "cancel:no"]
    assert await state_of_user(harness, 6550) == "summary"


async def test_an_old_button_is_answered_with_a_popup_not_a_message(harness: Harness) -> None:
    citizen = harness.citizen(6600)
    await reach(citizen, "description")
    # press the category button again, from the earlier message (a double tap)
    sent = await citizen.press("cat:drugs")
    assert await state_of_user(harness, 6600) == "description"
    assert [c.method for c in sent] == []  # nothing resent into the chat
    answer = harness.api.calls_to("answerCallbackQuery")[-1]
    assert "✓" in answer.params["text"]
    draft = await harness.rows("SELECT draft FROM conversations")
    assert '"category": "crime"' in draft[0]["draft"]  # the earlier answer is kept


async def test_a_typed_number_answers_the_last_list_shown(harness: Harness) -> None:
    citizen = harness.citizen(6700)
    await reach(citizen, "when")
    sent = await citizen.say("/bahasa")
    assert sent[-1].callback_data() == ["lang:id", "lang:en"]
    sent = await citizen.say("2")  # English, not the second "when" button
    rows = await harness.rows("SELECT locale FROM citizens WHERE external_id = '6700'")
    assert rows[0]["locale"] == "en"
    assert await state_of_user(harness, 6700) == "when"
    assert "when:now" in sent[-1].callback_data()  # the step is shown again
    await citizen.say("3")  # now the step's list: "Yesterday"
    assert await state_of_user(harness, 6700) == "where"


async def test_a_sentence_with_a_buttons_word_is_no_press_of_that_button(harness: Harness) -> None:
    """At idle the menu offers "❓ Bantuan"; a story or a thank-you that contains the word
    ("tolong bantuannya pak") is read as a message, not as pressing the button."""
    citizen = harness.citizen(7301)
    sent = await citizen.say(
        "tolong bantuannya pak, motor saya dicuri di parkiran pasar kemarin sore"
    )
    assert "consent:yes" in sent[-1].callback_data()  # the complaint starts
    other = harness.citizen(7302)
    sent = await other.say("terima kasih banyak pak atas bantuannya")
    assert "menu:new" in sent[-1].callback_data()
    assert "sama-sama" in sent[-1].text.lower()
    sent = await other.say("bantuan")  # the label itself still works
    assert "/aduan" in sent[-1].text and "/status" in sent[-1].text  # the help


async def test_send_tapped_twice_files_one_ticket_and_resends_nothing(harness: Harness) -> None:
    citizen = harness.citizen(6610)
    await reach(citizen, "summary")
    sent = await citizen.press("sum:confirm")
    assert "DMS-" in sent[-1].text
    sent = await citizen.press("sum:confirm")  # the same button again
    assert [c.method for c in sent] == []  # no menu, no prompt: the number stays last
    assert "✓" in harness.api.calls_to("answerCallbackQuery")[-1].params["text"]
    assert len(await harness.rows("SELECT id FROM tickets")) == 1
