"""Driving a citizen to a given step of the intake conversation (shared by e2e tests)."""

from __future__ import annotations

from tests.fakes.telegram_api import Call
from tests.harness import Harness, TgCitizen

# No time or place in it: the steps that ask them are what these tests walk through.
DESCRIPTION = "Motor saya dicuri dua orang tak dikenal waktu diparkir di depan toko"
PATH = [
    "consent",
    "category",
    "description",
    "when",
    "where",
    "where_confirm",
    "evidence",
    "summary",
]


async def reach(citizen: TgCitizen, state: str, place: str = "kec cilandak jaksel") -> None:
    """From no conversation to `state` (the prompt of `state` is the last message)."""
    actions = [
        ("consent", lambda: citizen.say("/aduan")),
        ("category", lambda: citizen.press("consent:yes")),
        ("description", lambda: citizen.press("cat:crime")),
        ("when", lambda: citizen.say(DESCRIPTION)),
        ("where", lambda: citizen.press("when:yesterday")),
        ("where_confirm", lambda: citizen.say(place)),
        ("evidence", lambda: citizen.press("place:yes")),
        ("summary", lambda: citizen.press("ev:skip")),
    ]
    for name, act in actions:
        await act()
        if name == state:
            return
    raise ValueError(state)


def said(sent: list[Call]) -> str:
    """Everything one step sent, as one text (a step may send a statement and a question)."""
    return "\n".join(call.text or "" for call in sent)


async def state_of(citizen: TgCitizen) -> str:
    rows = await citizen.h.rows(
        "SELECT c.state FROM conversations c JOIN citizens z ON z.id = c.citizen_id"
        " WHERE z.channel = 'telegram' AND z.external_id = ?",
        str(citizen.user_id),
    )
    return str(rows[0]["state"]) if rows else "idle"


async def state_of_user(harness: Harness, user_id: int) -> str:
    """The intake state of the Telegram user `user_id` (see `state_of`)."""
    return await state_of(harness.citizen(user_id))


async def answer_until(
    citizen: TgCitizen,
    stop: str,
    *,
    story: str = DESCRIPTION,
    place: str = "kec cilandak jaksel",
    category: str = "crime",
    when: str = "when:now",
) -> list[Call]:
    """Answer each step the plain way until the intake reaches `stop` ("summary", or
    "idle": the ticket is filed). The answers follow the stored state, not a fixed list:
    steps a story already answered are skipped by the flow. Returns the last replies."""
    told = False  # the story was sent at the description step: "Continue" from then on
    answers = {
        "consent": lambda: citizen.press("consent:yes"),
        "category": lambda: citizen.press(f"cat:{category}"),
        "description": lambda: citizen.press("desc:done") if told else citizen.say(story),
        "when": lambda: citizen.press(when),
        "where": lambda: citizen.say(place),
        "where_pick": lambda: citizen.press("place:0"),
        "where_confirm": lambda: citizen.press("place:yes"),
        "evidence": lambda: citizen.press("ev:skip"),
        "contact": lambda: citizen.press("contact:chat"),
        "summary": lambda: citizen.press("sum:confirm"),
    }
    sent: list[Call] = []
    for _ in range(15):
        state = await state_of(citizen)
        if state == stop:
            return sent
        if state == "idle":
            raise AssertionError(f"the intake ended before {stop}")
        sent = await answers[state]()
        told = told or state == "description"
    raise AssertionError(f"{stop} not reached: still at {await state_of(citizen)}")


async def finish(citizen: TgCitizen, place: str = "kec cilandak jaksel") -> list[Call]:
    """From wherever the intake is to the ticket (see `answer_until`)."""
    return await answer_until(citizen, "idle", place=place)
