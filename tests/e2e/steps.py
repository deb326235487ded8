"""Driving a citizen to a given step of the intake conversation (shared by e2e tests)."""

from __future__ import annotations

from tests.harness import TgCitizen

DESCRIPTION = "Motor saya dicuri dua orang tak dikenal di parkiran pasar tadi malam"
PATH = [
    "consent",
    "category",
    "description",
    "when",
    "where",
    "where_confirm",
    "evidence",
    "contact",
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
        ("contact", lambda: citizen.press("ev:skip")),
        ("summary", lambda: citizen.press("contact:chat")),
    ]
    for name, act in actions:
        await act()
        if name == state:
            return
    raise ValueError(state)


def said(sent: list) -> str:  # type: ignore[type-arg]
    """Everything one step sent, as one text (a step may send a statement and a question)."""
    return "\n".join(call.text or "" for call in sent)
