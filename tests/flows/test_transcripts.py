"""The pure intake (flows/complaint.py `handle` over the steps of flows/steps/), step by
step without a server: a state and draft in, an event in, the replies and next state out.
The end-to-end tests (tests/e2e/) play the same stories through the runtime."""

from __future__ import annotations

import pytest

from flows import complaint
from flows.context import RecordConsent, SubmitComplaint
from flows.events import Contact, Draft, Location, Media, Tick
from flows.steps import STEPS
from tests.fakes.triage_model import hand_model
from tests.flows.transcript import TO_STEP, Transcript, at_step

# ---------------------------------------------------------------- the table of steps


def test_every_step_is_declared_once_and_points_at_known_states() -> None:
    states = set(complaint.STATES)
    for name, step in STEPS.items():
        assert step.name == name
        assert step.back is None or step.back in states, name
        assert step.then is None or step.then in states, name
        assert step.part_of is None or STEPS[step.part_of].on_path, name
        assert set(step.triggers.values()) <= states, name
        assert step.hint, f"{name} has no hint for an answer that does not fit"
    assert [complaint.IDLE, *STEPS] == complaint.STATES


def test_the_main_path_is_the_table_order_of_the_path_steps() -> None:
    path = [name for name, step in STEPS.items() if step.on_path]
    assert path == ["consent", "category", "description", "when", "where", "evidence", "summary"]


# ---------------------------------------------------------------- one step at a time

# at each step: (event, next state, a text the reply contains)
ANSWERS_AT: dict[str, list[tuple[object, str, str]]] = {
    "consent": [
        ("consent:yes", "category", "What is your complaint about?"),
        ("yes", "category", "What is your complaint about?"),
        ("consent:no", complaint.IDLE, "Without your consent"),
    ],
    "category": [
        ("cat:crime", "description", "Category: Crime (theft, robbery) ✓"),
        ("1", "description", "Category: Crime (theft, robbery) ✓"),
    ],
    "description": [
        ("It was stolen by two men on a motorbike", "when", "When did it happen?"),
        ("stolen", "description", "Could you tell us a little more"),
    ],
    "when": [
        ("when:yesterday", "where", "When: Friday, 4 December 2026 ✓"),
        ("when:other", "when_other", "Type the date"),
        ("when:now", "where", "Where did it happen?"),
    ],
    "when_other": [
        ("when:unsure", "where", "When: not sure ✓"),
    ],
    "where": [
        ("Kec. Cilandak", "where_confirm", "Handled by: Polres Metro Jakarta Selatan"),
        ("cib", "where_pick", "Several places match"),
        ("nowhere land", "where", "we could not find that place"),
        (Location(-6.29, 106.8), "where_confirm", "Kec. Cilandak"),
    ],
    "where_pick": [
        ("place:0", "where_confirm", "Kec. Cibinong, Kab. Bogor"),
        ("2", "where_confirm", "Kec. Cilandak"),
        ("place:none", "where", "Please type the district"),
    ],
    "where_confirm": [
        ("place:yes", "evidence", "Any photos, videos or documents"),
        ("place:change", "where", "Where did it happen?"),
    ],
    "evidence": [
        ("ev:skip", "summary", "Check your complaint:"),
        ("done", "summary", "Check your complaint:"),
    ],
    "summary": [
        ("sum:edit", "edit", "What would you like to change?"),
    ],
    "edit": [
        ("edit:when", "when", "When did it happen?"),
        ("nav:back", "summary", "Check your complaint:"),
    ],
    "contact": [
        ("contact:anonymous", "summary", "Contact: Anonymous"),
    ],
}
ANSWERS = [(step, *answer) for step, answers in ANSWERS_AT.items() for answer in answers]


@pytest.mark.parametrize(("step", "event", "next_state", "said"), ANSWERS)
async def test_an_answer_moves_the_step_on(
    step: str, event: object, next_state: str, said: str
) -> None:
    transcript = await at_step(step)
    await transcript.send(event)  # type: ignore[arg-type]
    assert transcript.state == next_state, transcript.text
    assert said in transcript.text


@pytest.mark.parametrize("step", [name for name, s in STEPS.items() if s.back])
async def test_back_goes_to_the_declared_step(step: str) -> None:
    transcript = await at_step(step)
    await transcript.send("nav:back")
    expected = STEPS[step].back
    # while editing (contact is only reached from the edit menu) "back" is the summary
    assert transcript.state == ("summary" if step == "contact" else expected)
    assert transcript.replies, "going back asks the step's question"


@pytest.mark.parametrize(
    "step", [name for name, s in STEPS.items() if s.choices and name != "description"]
)
async def test_a_button_of_the_step_that_does_not_fit_repeats_it_with_the_hint(
    step: str,
) -> None:
    transcript = await at_step(step)
    before = transcript.text
    await transcript.send(f"{STEPS[step].choices[0]}bogus")
    assert transcript.state == step
    hint = transcript.ctx.tr.gettext(STEPS[step].hint)
    assert transcript.text.startswith(hint), transcript.text
    # the question is asked again (without the acknowledgements that came with it)
    assert transcript.replies[-1].text.split("\n\n")[-1] in before


@pytest.mark.parametrize("step", [name for name in STEPS if name != "consent"])
async def test_a_button_of_another_step_gets_a_popup_not_a_message(step: str) -> None:
    transcript = await at_step(step)
    stale = "consent:yes"
    await transcript.send(stale)
    assert transcript.state == step
    assert transcript.replies == []
    assert transcript.last is not None and transcript.last.toast == (
        "Already answered ✓ Please continue below."
    )


# ---------------------------------------------------------------- whole conversations


async def test_a_complaint_from_idle_to_its_ticket() -> None:
    transcript = Transcript()
    await transcript.walk(*TO_STEP["summary"])
    assert transcript.actions == []
    await transcript.send("sum:confirm")
    assert transcript.state == complaint.IDLE
    (submitted,) = transcript.actions
    assert isinstance(submitted, SubmitComplaint)
    assert submitted.reference == "ADU-TEST-0001"
    assert submitted.unit_id == "polres-jaksel"
    assert submitted.draft.category == "crime" and submitted.draft.contact == "chat"
    assert submitted.occurred_at_utc == "2026-12-04T05:00:00+00:00"  # yesterday 12:00 WIB
    assert "✅ Complaint received. Number: ADU-TEST-0001" in transcript.text
    assert transcript.draft == Draft(last_options=[])


async def test_the_consent_is_recorded_with_the_notice_version() -> None:
    transcript = await at_step("consent")
    await transcript.send("consent:yes")
    (consent,) = transcript.actions
    assert isinstance(consent, RecordConsent) and consent.granted


async def test_an_edited_step_comes_back_to_the_summary() -> None:
    transcript = await at_step("edit")
    await transcript.walk("edit:when", "when:today")
    assert transcript.state == "summary"
    assert not transcript.draft.editing
    assert "When: Saturday, 5 December 2026" in transcript.text


async def test_cancel_asks_first_when_something_was_written() -> None:
    transcript = await at_step("when")
    await transcript.send("batal")
    assert transcript.state == "when"
    assert transcript.options == ["cancel:yes", "cancel:no"]
    await transcript.send("cancel:yes")
    assert transcript.state == complaint.IDLE
    assert "Your complaint has been cancelled" in transcript.text


async def test_cancel_without_content_cancels_at_once() -> None:
    transcript = await at_step("category")
    await transcript.send("/batal")
    assert transcript.state == complaint.IDLE


async def test_a_step_the_story_answered_is_passed_once() -> None:
    transcript = await at_step("category")
    transcript.draft.prefilled = ["description"]
    transcript.draft.description = "My motorbike was stolen from the market"
    await transcript.send("cat:crime")
    assert transcript.state == "when"
    await transcript.send("nav:back")
    assert transcript.state == "description"  # going back shows it as usual


async def test_a_file_sent_at_another_step_is_kept_as_evidence() -> None:
    transcript = await at_step("when")
    await transcript.send(Media(kind="photo", file_ref="F1", stored_name="1.jpg"))
    assert transcript.state == "when"
    assert len(transcript.draft.evidence) == 1
    assert transcript.text.startswith("File saved as evidence ✓")


async def test_a_file_before_the_consent_is_not_kept() -> None:
    transcript = await at_step("consent")
    await transcript.send(Media(kind="photo", file_ref="F1", stored_name="1.jpg"))
    assert transcript.state == "consent"
    assert transcript.draft.evidence == []


async def test_a_voice_note_is_the_story() -> None:
    transcript = await at_step("description")
    await transcript.send(Media(kind="voice", file_ref="V1", stored_name="1.ogg"))
    assert transcript.state == "when"
    assert transcript.draft.description == "(told in a voice note)"


async def test_a_contact_card_is_not_needed() -> None:
    transcript = await at_step("where")
    await transcript.send(Contact("+628123"))
    assert transcript.state == "where"
    assert "a contact card is not needed" in transcript.text


async def test_a_number_typed_presses_the_option() -> None:
    transcript = await at_step("evidence")
    await transcript.send("1")  # the first option: "Skip"
    assert transcript.state == "summary"


async def test_a_time_not_understood_twice_is_kept_as_written() -> None:
    transcript = await at_step("when_other")
    await transcript.send("around the festival")
    assert transcript.state == "when_other"
    await transcript.send("around the festival")
    assert transcript.state == "where"
    assert transcript.draft.occurred_text == "around the festival"


async def test_the_expiry_timer_forgets_the_draft() -> None:
    transcript = await at_step("where")
    await transcript.send(Tick("expiry"))
    assert transcript.state == complaint.IDLE
    assert transcript.draft.description is None
    assert "has expired" in transcript.text


async def test_a_state_of_an_older_flow_starts_over() -> None:
    transcript = Transcript(state="no_such_step")
    await transcript.send("hello there")
    assert transcript.state == complaint.IDLE


@pytest.mark.parametrize("step", ["category", "description", "when_other", "where", "evidence"])
async def test_the_triage_model_reads_only_the_steps_where_a_story_is_told(step: str) -> None:
    """A model that calls everything an emergency is heard at the story steps (declared
    `story`) only; typed answers to structured questions go to the word lists alone."""
    transcript = await at_step(step, triage_model=hand_model(emergency_bias=9.0))
    await transcript.send("the blue house next to the small river bank")
    assert ("🚨" in transcript.text) == STEPS[step].story, transcript.text
