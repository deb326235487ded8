"""WhatsApp buttons inside the 24-hour window, through the real runtime and FakeTwilio.

A reply with 2-3 short options arrives as quick-reply buttons, one with 4-10 as a list
picker (Twilio Content API); the citizen's tap comes back as Twilio posts it
(`ButtonPayload` / `ButtonText`, or a list reply) and moves the conversation on; a typed
number still works; the numbered text is the fallback when Twilio refuses or cannot be
reached; one content resource serves every citizen.
"""

from __future__ import annotations

import json
from typing import Any

from bot.channels.whatsapp.sender import (
    LIST_PICKER,
    QUICK_REPLY,
    Plan,
    WhatsAppSender,
    interactive_of,
)
from bot.i18n import translator
from bot.outbox.messages import CitizenReply
from bot.store.database import utcnow
from bot.store.outbox import OutboxRow
from flows.events import Option, Reply
from tests.fakes.twilio_api import FaultPlan
from tests.whatsapp.harness import ID, WaHarness, options_of
from tests.whatsapp.test_no_dead_ends import state_of

CONSENT = [ID("✅ I agree"), ID("✖️ I do not agree")]


async def test_consent_arrives_as_two_buttons_and_a_tap_moves_on(wa: WaHarness) -> None:
    citizen = wa.citizen("+6281234569001")
    await citizen.say("/aduan")
    message = citizen.received()[-1]
    assert message.body is None and message.content_sid in wa.twilio.contents
    shown = citizen.interactive()
    assert shown.kind == "twilio/quick-reply"
    assert shown.titles == CONSENT and shown.ids == ["consent:yes", "consent:no"]
    assert "110" in shown.body  # the body is the prompt itself, filled in as {{1}}
    assert ID("Reply with the number.") not in shown.body

    await citizen.tap(ID("✅ I agree"))
    assert await state_of(wa, "+6281234569001") == "category"


async def test_the_categories_arrive_as_a_list_picker_of_ten(wa: WaHarness) -> None:
    citizen = wa.citizen("+6281234569002")
    await citizen.say("/aduan")
    await citizen.tap(ID("✅ I agree"))
    shown = citizen.interactive()
    # Ten categories and "Back" are eleven, one more than a list picker holds: the ten
    # stay, "Back" is the word the body names (as on every free-text step).
    assert shown.kind == "twilio/list-picker" and len(shown.titles) == 10
    assert ID("Type *back* to go back.") in shown.body
    assert shown.button == ID("Choose") == "Pilih"
    assert all(item_id.startswith("cat:") for item_id in shown.ids)

    await citizen.pick(shown.titles[0])
    assert await state_of(wa, "+6281234569002") == "description"


async def test_a_proposed_category_picked_from_the_list_is_taken(wa: WaHarness) -> None:
    citizen = wa.citizen("+6281234569160")
    await citizen.say("/aduan")
    await citizen.tap(ID("✅ I agree"))
    await citizen.say("Saya mau memberi informasi dan saran soal parkir liar di pasar")
    shown = citizen.interactive()
    assert shown.kind == "twilio/list-picker" and shown.ids[0] == "cat:information"
    await citizen.pick(shown.titles[0])
    assert await state_of(wa, "+6281234569160") != "category"


async def test_a_typed_number_still_works_after_buttons(wa: WaHarness) -> None:
    citizen = wa.citizen("+6281234569003")
    await citizen.say("/aduan")
    assert citizen.interactive().titles == CONSENT
    await citizen.say("1")
    assert await state_of(wa, "+6281234569003") == "category"
    await citizen.say("kembali")
    assert await state_of(wa, "+6281234569003") == "consent"


async def test_one_content_serves_every_citizen(wa: WaHarness) -> None:
    first, second = wa.citizen("+6281234569004"), wa.citizen("+6281234569005")
    await first.say("/aduan")
    created = len(wa.twilio.content_calls)
    assert created == 1 and len(wa.twilio.contents) == 1
    await second.say("/aduan")
    assert len(wa.twilio.content_calls) == created  # the sid came from the store
    assert first.received()[-1].content_sid == second.received()[-1].content_sid
    rows = await wa.rows("SELECT kind FROM whatsapp_content")
    assert [row[0] for row in rows] == ["twilio/quick-reply"]


async def test_twilio_down_for_contents_means_the_numbered_text(wa: WaHarness) -> None:
    wa.twilio.faults = FaultPlan(methods={"create_content"}, script=["5xx"])
    citizen = wa.citizen("+6281234569006")
    sent = await citizen.say("/aduan")
    message = citizen.received()[-1]
    assert message.content_sid is None and message.interactive is None
    assert options_of(sent[-1]) == CONSENT and ID("Reply with the number.") in sent[-1]
    # Twilio back: the next citizen gets the buttons.
    other = wa.citizen("+6281234569007")
    await other.say("/aduan")
    assert other.interactive().titles == CONSENT


async def test_a_refused_content_is_not_asked_for_again(wa: WaHarness) -> None:
    wa.twilio.faults = FaultPlan(methods={"create_content"}, script=["5xx"], status=400)
    for number in ("+6281234569008", "+6281234569009"):
        citizen = wa.citizen(number)
        sent = await citizen.say("/aduan")
        assert citizen.received()[-1].content_sid is None
        assert options_of(sent[-1]) == CONSENT
    assert len(wa.twilio.content_calls) == 1  # refused once: the text from then on


async def test_an_english_citizen_gets_english_buttons(wa: WaHarness) -> None:
    en = translator("en").gettext
    citizen = wa.citizen("+447700900123", "Tourist")
    await citizen.say("Hello, I would like to report something")
    await citizen.say("/report")
    shown = citizen.interactive()
    assert shown.titles == [en("✅ I agree"), en("✖️ I do not agree")], shown
    sid = citizen.received()[-1].content_sid
    assert sid is not None and wa.twilio.contents[sid].language == "en"


# ------------------------------------------------------------ which replies get buttons

TR = translator("id")


def reply(*labels: str, **extra: Any) -> Reply:
    options = tuple(Option(f"o:{n}", label) for n, label in enumerate(labels))
    return Reply(text=extra.pop("text", "Pilih satu."), options=options, **extra)


def test_what_becomes_buttons_a_list_picker_or_text() -> None:
    buttons = interactive_of(reply("Ya", "Tidak"), TR)
    assert buttons is not None and buttons[0].kind == QUICK_REPLY and buttons[1] == "Pilih satu."
    listed = interactive_of(reply("a", "b", "c", "d"), TR)
    assert listed is not None and listed[0].kind == LIST_PICKER and listed[0].button == "Pilih"
    long_titles = interactive_of(reply("x" * 21, "Tidak"), TR)  # over 20: a list item
    assert long_titles is not None and long_titles[0].kind == LIST_PICKER
    for text_only in (
        reply("Satu saja"),  # one option: the text
        reply(*[f"p{n}" for n in range(11)]),  # eleven, the last not "Back"
        reply("Ya", "Tidak", request_location="where"),  # says how to share a place
        reply("Ya", "Tidak", links=(("110", "tel:110"),)),
        reply("Ya", "Ya"),  # two buttons alike
        reply("Ya", "Tidak", text="x" * 1025),  # body over 1,024 characters
    ):
        assert interactive_of(text_only, TR) is None, text_only


def test_a_label_over_24_loses_its_emoji_and_is_never_cut() -> None:
    found = interactive_of(reply("🛡️ Kekerasan perempuan/anak", "a", "b", "c"), TR)
    assert found is not None
    items = found[0].types()[LIST_PICKER]["items"]
    assert items[0] == {"item": "Kekerasan perempuan/anak", "id": "o:0"}
    # Still over 24 without the emoji: a cut title could not be recognised when it comes
    # back as text, so the whole list goes as the numbered text.
    assert interactive_of(reply("Ya, 🔎 Kehilangan barang/surat", "a", "b", "c"), TR) is None


async def pick_category(wa: WaHarness, number: str, n: int) -> str:
    citizen = wa.citizen(number)
    await citizen.say("/aduan")
    await citizen.tap(ID("✅ I agree"))
    shown = citizen.interactive()
    await citizen.pick(shown.titles[n])
    return shown.ids[n]


# A list pick arrives with its item id as `ListId` and its title as `Body`; parse.py
# reads only `ButtonPayload`, so the flow gets the title as text and must recognise it
# as the option's words. "💬 Informasi / saran" (the 9th) it takes as a story instead.
INFO = 8


async def test_every_category_picked_from_the_list_moves_on(wa: WaHarness) -> None:
    for n in range(10):
        if n == INFO:
            continue
        number = f"+62812345691{n:02d}"
        picked = await pick_category(wa, number, n)
        assert await state_of(wa, number) == "description", picked


async def test_the_information_category_picked_from_the_list_moves_on(wa: WaHarness) -> None:
    await pick_category(wa, "+6281234569150", INFO)
    assert await state_of(wa, "+6281234569150") == "description"


async def test_outside_the_window_a_reply_never_asks_for_a_content(wa: WaHarness) -> None:
    # A reply that goes as the approved template (or not at all) has no buttons.
    runtime_settings = wa.runtime.settings

    class NoContent:
        @property
        def content(self) -> Any:
            raise AssertionError("no content outside the window")

    sender = WhatsAppSender(NoContent(), wa.runtime.db, runtime_settings, lambda: utcnow())  # type: ignore[arg-type]
    # no ticket for this chat: the reference variable is "-" (an empty one is refused)
    row = OutboxRow(
        1,
        "whatsapp",
        "whatsapp:+6281234569010",
        CitizenReply(reply("Ya", "Tidak"), "id", notice="status_change"),
        None,
        "",
        "pending",
        0,
    )
    template = await sender.messages(row, Plan("template", "HX" + "c" * 32))
    assert template[0]["content_sid"] == "HX" + "c" * 32
    assert json.loads(template[0]["content_variables"]) == {"1": "-", "2": "Pilih satu."}
