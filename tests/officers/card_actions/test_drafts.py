"""bot/officers/card_actions/drafts.py through the real stack on the fake Bot API: a
citizen's question handed off to the officers, an officer's answer relayed, "💾 Save as
answer" on the group's confirmation, the draft in the store, listed by `dumas kb drafts`
and printed as an article skeleton that parses as TOML; pressed twice it is saved once.
A complaint's reply gets no such button, and a supervisory group's save is national."""

from __future__ import annotations

import tomllib

from bot.knowledge.drafts import draft_skeleton, drafts_report
from bot.store import knowledge_drafts
from tests.e2e.steps import finish
from tests.fakes.telegram_api import Call
from tests.officers.conftest import OFFICER, OFFICER_2, POLDA, SUPERVISORS, Desk

QUESTION = "syarat bikin skck apa aja?"
ANSWER = 'Bawa KTP, KK, akta lahir dan pas foto 4x6 latar merah ke Polres; biaya "Rp30.000".'


async def ask_officers(desk: Desk, user: int) -> tuple[str, int]:
    citizen = desk.h.citizen(user)
    await citizen.say(QUESTION)
    await citizen.press("ask:officer")
    await citizen.press("consent:yes")
    await citizen.press("cat:information")
    await finish(citizen)
    rows = await desk.h.rows("SELECT id, reference, kind FROM tickets ORDER BY id DESC LIMIT 1")
    assert rows[0]["kind"] == "question"
    return str(rows[0]["reference"]), int(rows[0]["id"])


def save_button(calls: list[Call]) -> str | None:
    for call in calls:
        for data in call.callback_data():
            if data.startswith("t:kb:"):
                return data
    return None


async def test_an_officers_answer_to_a_question_is_saved_as_a_draft_once(desk: Desk) -> None:
    ref, tid = await ask_officers(desk, 7701)
    card = desk.card_of(ref)
    sent = await desk.say(OFFICER, ANSWER, reply_to=card.result["message_id"])
    confirmation = next(c for c in sent if c.text and "✔️" in c.text)
    data = save_button([confirmation])
    assert data is not None and data.startswith(f"t:kb:{tid}:")
    assert "💾 Simpan sebagai jawaban" in str(confirmation.params.get("reply_markup"))

    pressed = await desk.press(OFFICER_2, data)
    answer = next(c for c in pressed if c.method == "answerCallbackQuery")
    assert "#1" in answer.params["text"] and "dumas kb drafts" in answer.params["text"]
    drafts = await knowledge_drafts.all_drafts(desk.h.db)
    assert len(drafts) == 1
    draft = drafts[0]
    assert (draft.question, draft.answer) == (QUESTION, ANSWER)
    assert draft.unit_id == "polres-metro-jakarta-selatan" and draft.scope == "unit"
    assert draft.officer_id == str(OFFICER_2) and draft.officer_name == f"Warga{OFFICER_2}"
    assert draft.created_at and draft.approved_by is None
    events = [e for e in await desk.events(ref) if e["kind"] == "answer_saved"]
    assert len(events) == 1 and events[0]["actor_id"] == str(OFFICER_2)

    # pressed again: already saved, nothing new
    again = await desk.press(OFFICER, data)
    answer = next(c for c in again if c.method == "answerCallbackQuery")
    assert "#1" in answer.params["text"]
    assert (
        answer.params["text"]
        != next(c for c in pressed if c.method == "answerCallbackQuery").params["text"]
    )
    assert len(await knowledge_drafts.all_drafts(desk.h.db)) == 1

    # the CLI's list and skeleton
    listing = await drafts_report(desk.h.db)
    assert "#1" in listing and "polres-metro-jakarta-selatan" in listing
    assert QUESTION in listing and "Bawa KTP" in listing and f"Warga{OFFICER_2}" in listing
    assert draft.created_at[:10] in listing
    skeleton = await draft_skeleton(desk.h.db, 1)
    assert skeleton is not None
    article = tomllib.loads(skeleton)
    assert article["answer"]["id"].strip() == ANSWER
    assert article["title"]["id"] == QUESTION
    assert article["answer"]["en"] == "" and article["title"]["en"] == ""  # the reviewer's
    assert article["sources"] == [] and article["checked"] == ""
    assert await draft_skeleton(desk.h.db, 99) is None


async def test_a_reply_to_a_complaint_has_no_save_button(desk: Desk) -> None:
    citizen = desk.h.citizen(7702)
    ref = await desk.file(citizen)
    card = desk.card_of(ref)
    sent = await desk.say(OFFICER, "Baik, kami cek ke lokasi.", reply_to=card.result["message_id"])
    assert any(c.text and "✔️" in c.text for c in sent)
    assert save_button(sent) is None


async def test_a_save_from_the_supervisory_group_is_national(desk: Desk) -> None:
    """The Polda's supervisory group sees the card (a digest line's button), answers the
    question there and saves the answer: a national draft, approved by that group."""
    await desk.bind(SUPERVISORS, POLDA, "supervisor")
    ref, tid = await ask_officers(desk, 7703)
    shown = await desk.press(OFFICER, f"t:card:{tid}", chat=SUPERVISORS, message_id=1)
    card = next(c for c in shown if c.method == "sendMessage" and c.text and ref in c.text)
    sent = await desk.say(OFFICER, ANSWER, chat=SUPERVISORS, reply_to=card.result["message_id"])
    data = save_button(sent)
    assert data is not None
    await desk.press(OFFICER, data, chat=SUPERVISORS)
    drafts = await knowledge_drafts.all_drafts(desk.h.db)
    assert [(d.scope, d.unit_id, d.approved_by) for d in drafts] == [
        ("national", None, str(SUPERVISORS))
    ]
    assert "national" in await drafts_report(desk.h.db)
    skeleton = await draft_skeleton(desk.h.db, drafts[0].id)
    assert skeleton is not None and "approved by supervisory group" in skeleton


async def test_a_draft_goes_when_the_citizen_erases_their_data(desk: Desk) -> None:
    """The draft holds the citizen's question word for word: /hapusdata (once the question
    is closed) removes it with the ticket's other personal data."""
    ref, tid = await ask_officers(desk, 7704)
    citizen = desk.h.citizen(7704)
    card = desk.card_of(ref)
    sent = await desk.say(OFFICER, ANSWER, reply_to=card.result["message_id"])
    data = save_button(sent)
    assert data is not None
    await desk.press(OFFICER, data)
    assert len(await knowledge_drafts.all_drafts(desk.h.db)) == 1
    await desk.press(OFFICER, f"t:claim:{tid}")
    await desk.press(OFFICER, f"t:done:{tid}")
    await desk.say(OFFICER, "Sudah dijawab.", reply_to=desk.group_calls()[-1].result["message_id"])
    assert (await desk.ticket(ref))["status"] == "resolved"

    await citizen.say("/hapusdata")
    await citizen.press("privacy:erase")
    await desk.h.settle()
    assert await knowledge_drafts.all_drafts(desk.h.db) == []
    assert "syarat bikin skck" not in await drafts_report(desk.h.db)
