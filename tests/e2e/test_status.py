"""/status: own tickets, one ticket's history, and nothing about anyone else's."""

from __future__ import annotations

from bot.i18n import translator
from bot.tickets.reference import ALPHABET, new_reference
from tests.e2e.steps import reach
from tests.harness import Harness, TgCitizen

ID = translator("id").gettext


async def file_ticket(harness: Harness, citizen: TgCitizen) -> str:
    await reach(citizen, "summary")
    await citizen.press("sum:confirm")
    rows = await harness.rows("SELECT reference FROM tickets ORDER BY id DESC LIMIT 1")
    return str(rows[0]["reference"])


def typo(reference: str) -> str:
    """Change one character of the body: the check character must catch it."""
    body = reference[4:]
    index = 2
    replacement = next(c for c in ALPHABET if c != body[index])
    return reference[:4] + body[:index] + replacement + body[index + 1 :]


async def test_status_lists_own_tickets_newest_first(harness: Harness) -> None:
    alice = harness.citizen(8001)
    first = await file_ticket(harness, alice)
    second = await file_ticket(harness, alice)
    sent = await alice.say("/status")
    assert len(sent) == 1
    text = sent[0].text
    assert text.index(second) < text.index(first)
    assert "WIB" in text  # last update in the Polres's local time
    assert ID("Received") in text
    assert sent[0].callback_data() == [f"cmd:status {second}", f"cmd:status {first}"]


async def test_status_with_number_shows_history(harness: Harness) -> None:
    alice = harness.citizen(8002)
    reference = await file_ticket(harness, alice)
    for typed in (
        reference,
        reference.lower(),
        reference.replace("-", ""),
        reference[4:].replace("-", " "),
    ):
        sent = await alice.say(f"/status {typed}")
        assert reference in sent[0].text and ID("History:") in sent[0].text
    await alice.say("/status")
    sent = await alice.press(f"cmd:status {reference}")
    assert ID("History:") in sent[-1].text


async def test_foreign_wrong_and_mistyped_numbers_reveal_nothing(harness: Harness) -> None:
    alice, bob = harness.citizen(8003), harness.citizen(8004)
    alices = await file_ticket(harness, alice)

    foreign = (await bob.say(f"/status {alices}"))[0].text
    unknown = new_reference()
    missing = (await bob.say(f"/status {unknown}"))[0].text
    # a foreign ticket and a ticket that does not exist get the same answer
    assert foreign.replace(alices, "X") == missing.replace(unknown, "X")
    assert "Cilandak" not in foreign and "Motor" not in foreign
    assert ID("History:") not in foreign

    mistyped = (await alice.say(f"/status {typo(alices)}"))[0].text
    assert typo(alices) in mistyped and ID("History:") not in mistyped
    assert mistyped == ID(
        "The number “{typed}” is not valid: please check it for a typing "
        "error (ticket numbers look like DMS-K7QM-XP4C). Type /status to "
        "see all your complaints."
    ).format(typed=typo(alices))

    malformed = (await alice.say("/status 12345"))[0].text
    assert "12345" in malformed and alices not in malformed

    sql = (await alice.say("/status ' OR 1=1 --"))[0].text
    assert alices not in sql
    none = (await bob.say("/status"))[0].text
    assert none == ID("You have no complaints yet. Type /aduan to file one.")


async def test_status_during_a_draft_keeps_the_draft(harness: Harness) -> None:
    alice = harness.citizen(8005)
    await reach(alice, "when")
    asked = alice.last_with_buttons().callback_data()  # the "when" question's buttons
    sent = await alice.say("/status")
    assert len(sent) == 3  # the status, "your draft is kept", and the question again
    # last, so that on WhatsApp and the console a number answers the question, not the
    # status list (fails before: the status's line was last, with no buttons)
    assert sent[-1].callback_data() == asked
    rows = await harness.rows("SELECT state FROM conversations")
    assert rows[0]["state"] == "when"


async def test_status_asked_in_words_shows_the_status(harness: Harness) -> None:
    # With a ticket open, every text at idle went to the officers: "cek aduan saya"
    # got "Pesan Bapak/Ibu telah ditambahkan ke aduan..." and no status.
    citizen = harness.citizen(8020)
    reference = await file_ticket(harness, citizen)
    sent = await citizen.say(f"cek aduan {reference}")
    assert len(sent) == 1 and ID("History:") in sent[0].text and reference in sent[0].text
    sent = await citizen.say("cek status aduan saya")
    assert sent[0].callback_data() == [f"cmd:status {reference}"]  # the list of tickets
    events = await harness.rows("SELECT kind FROM ticket_events WHERE kind = 'message_in'")
    assert events == []  # nothing passed to the officers
    # a message that only mentions checking is still the officers'
    sent = await citizen.say("tolong cek cctv di parkiran pak")
    assert ID("History:") not in sent[0].text
    assert len(await harness.rows("SELECT id FROM ticket_events WHERE kind = 'message_in'")) == 1
