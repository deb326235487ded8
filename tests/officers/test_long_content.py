"""Long cards, /tiket histories, digests and messages reach the group whole (issue 16).

Telegram refuses a text over 4,096 characters after entity parsing and an HTML text cut
inside a tag (https://core.telegram.org/bots/api#sendmessage,
https://core.telegram.org/bots/api#html-style); the fake Bot API applies both rules
(tests/fakes/telegram_api.py, `parse_html`, `visible_length`). The product splits a long
text into numbered parts at line boundaries (bot/channels/telegram/split.py) instead of
cutting it at 4,096 raw characters, which lost the last lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.officers import digests as officers_digests
from bot.officers.actions import Verb, button
from bot.outbox.limits import LimitConfig
from bot.outbox.messages import Edit, MediaItem, Outgoing, StaffMessage, keyboard
from bot.routing.resolver import Router
from bot.store import citizens, conversations, staff_groups
from bot.store import outbox as outbox_store
from bot.store import tickets as ticket_store
from bot.store.database import utcnow
from flows.events import Draft
from tests.fakes.telegram_api import Call, FakeBotAPI, FaultPlan, parse_html, visible_length
from tests.harness import TOKEN, Harness, make_runtime, settings_for
from tests.officers.conftest import GROUP, JAKSEL, OFFICER, Desk, reply_target
from tests.officers.test_burst import burst

# the button under the test messages (pressing it is not part of these tests)
OK = keyboard([[button("OK", Verb.CARD, 1)]])

PART = re.compile(r"\n\((\d+)/(\d+)\)$")


def visible(call: Call) -> str:
    assert call.text is not None
    return parse_html(call.text) if call.params.get("parse_mode") == "HTML" else call.text


def parts_of(calls: list[Call]) -> list[str]:
    """The visible texts of a run of numbered parts, numbers checked and taken off."""
    texts = [visible(c) for c in calls]
    numbers = [PART.search(t) for t in texts]
    assert all(numbers), texts
    assert [(int(m.group(1)), int(m.group(2))) for m in numbers if m] == [
        (i, len(texts)) for i in range(1, len(texts) + 1)
    ]
    return [PART.sub("", t) for t in texts]


def accepted(api: FakeBotAPI, chat: int = GROUP) -> None:
    """Every request to the chat passed the strict fake."""
    refused = [(c.method, c.error) for c in api.calls if c.chat_id == chat and c.error]
    assert not refused, refused


async def submit(h: Harness, router: Router, user: int, description: str) -> str:
    """A citizen at the summary of a complete complaint presses "send" (the intake itself
    is covered elsewhere); returns the ticket's reference once the outbox is idle."""
    chosen = router.resolve_text("kec cilandak jaksel").chosen
    assert chosen is not None
    draft = Draft(
        category="crime",
        description=description,
        place_text="kec cilandak jaksel",
        place_code=chosen.code,
        place_candidates=[chosen.to_json()],
        contact="chat",
    )
    async with h.db.transaction() as conn:
        citizen = await citizens.upsert(conn, "telegram", str(user), str(user), "id", "Warga")
        await conversations.save(conn, citizen.id, "summary", draft, utcnow(), None, None)
    await h.deliver(h.updates.callback(user, "sum:confirm", 1))
    rows = await h.rows(
        "SELECT t.reference FROM tickets t JOIN citizens c ON c.id = t.citizen_id "
        "WHERE c.external_id = ?",
        str(user),
    )
    return str(rows[0][0])


# A description of 3,900 characters, most of them characters HTML must escape: over
# 15,000 raw characters once escaped, 3,900 visible.
LONG = " ".join(f'<{i:04d}> Tom & Jerry\'s "pasar" & toko' for i in range(130))[:3900]


async def test_a_long_card_arrives_whole_and_tiket_shows_every_character(
    desk: Desk, router: Router
) -> None:
    ref = await submit(desk.h, router, 6301, LONG)
    tid = (await desk.ticket(ref))["id"]
    async with desk.h.db.transaction() as conn:  # many flag lines at the card's end
        await ticket_store.set_flags(
            conn,
            tid,
            {
                "emergency": ["tolong", "bunuh", "senjata", "darah"],
                "abuse": {"words": ["anjing", "bangsat"], "kinds": ["profanity"]},
                "category": {"words": ["dicuri", "motor"], "accepted": True},
            },
        )
    first = desk.card_of(ref)
    await desk.press(OFFICER, f"t:card:{tid}", message_id=first.result["message_id"])
    accepted(desk.api)
    cards = [c for c in desk.group_calls() if c.method == "sendMessage" and ref in (c.text or "")]
    assert len(cards) == 2
    for card in cards:  # one message each: replies, buttons and edits address it
        text = visible(card)
        assert "Reporter" in text or "Pelapor" in text, text[-300:]
        assert visible_length(card.text or "", "HTML") <= 4096
        assert not PART.search(text)
        assert "/tiket " + ref in text  # the card says the description was shortened
    last = visible(cards[-1])
    assert "tolong" in last and "anjing" in last and "dicuri" in last

    before = len(desk.group_calls())
    await desk.say(OFFICER, f"/tiket {ref}")
    accepted(desk.api)
    answer = [c for c in desk.group_calls()[before:] if c.method == "sendMessage"]
    texts = parts_of(answer)
    assert len(texts) >= 2
    whole = "".join(texts)
    assert LONG.replace(" ", "") in whole.replace(" ", "").replace("\n", "")


async def test_tiket_lists_every_event_newest_first_in_numbered_parts(
    desk: Desk, router: Router
) -> None:
    ref = await submit(desk.h, router, 6302, "Motor saya dicuri di parkiran pasar")
    tid = (await desk.ticket(ref))["id"]
    async with desk.h.db.transaction() as conn:
        for n in range(60):
            await ticket_store.add_event(
                conn,
                tid,
                "message_in",
                at=desk.clock(),
                actor_kind="citizen",
                detail={"text": f"pesan nomor {n:02d} " + "tambahan keterangan & bukti " * 4},
            )
    before = len(desk.group_calls())
    await desk.say(OFFICER, f"/tiket {ref}")
    accepted(desk.api)
    answer = [c for c in desk.group_calls()[before:] if c.method == "sendMessage"]
    whole = "\n".join(parts_of(answer))
    positions = [whole.find(f"pesan nomor {n:02d} ") for n in range(60)]
    assert all(p >= 0 for p in positions), [n for n, p in enumerate(positions) if p < 0]
    assert positions == sorted(positions, reverse=True)  # newest first


async def test_a_digest_over_4096_characters_arrives_whole(
    tmp_path: Path, router: Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tickets arrive faster than cards can be posted: every ticket goes to a digest, and
    # one digest holds more tickets than fit in 4,096 characters.
    monkeypatch.setattr(officers_digests, "DIGEST_MAX", 80)
    async with FakeBotAPI(token=TOKEN) as api:
        settings = settings_for(tmp_path / "data", api.url, DUMAS_DIGEST_WINDOW_SECONDS="5")
        runtime = make_runtime(settings, router, limits=LimitConfig())  # Telegram's limits
        await runtime.start()
        try:
            h = Harness(api, runtime)
            await staff_groups.bind(h.db, str(GROUP), JAKSEL)
            await burst(h, router, 70)
            refs = [r[0] for r in await h.rows("SELECT reference FROM tickets")]
            accepted(api)
            sent = [c for c in api.sent(GROUP) if c.method == "sendMessage"]
            assert any(PART.search(visible(c)) for c in sent), "no digest needed splitting"
            shown = "\n".join(visible(c) for c in sent)
            assert all(ref in shown for ref in refs), [r for r in refs if r not in shown]
            reachable = {  # a card's claim button, or a digest's button for the card
                int(d.rsplit(":", 1)[1])
                for c in sent
                for d in c.callback_data()
                if d.startswith(("t:card:", "t:claim:"))
            }
            assert reachable == {r[0] for r in await h.rows("SELECT id FROM tickets")}
            for call in sent:  # buttons only under the last part of a split digest
                m = PART.search(visible(call))
                if m and m.group(1) != m.group(2):
                    assert not call.callback_data()
        finally:
            await runtime.stop()


async def _send(desk: Desk, text: str, html: bool = True) -> list[Call]:
    before = len(desk.group_calls())
    async with desk.h.db.transaction() as conn:
        await outbox_store.enqueue(
            conn,
            channel="telegram",
            chat_id=str(GROUP),
            message=StaffMessage(text, html=html, buttons=OK),
        )
    desk.h.runtime.wake_outbox()
    await desk.h.settle(timeout=30, retries=True)
    return [c for c in desk.group_calls()[before:] if c.method == "sendMessage"]


async def test_many_entities_over_the_raw_limit_fit_in_one_message(desk: Desk) -> None:
    # 3,611 visible characters, 6,019 raw: one message, nothing cut.
    text = "<b>Daftar</b>\n" + "a &amp; b\n" * 600 + "akhir"
    assert len(text) > 4096 and visible_length(text, "HTML") <= 4096
    calls = await _send(desk, text)
    accepted(desk.api)
    assert len(calls) == 1 and calls[0].text == text


async def test_wide_characters_under_the_raw_limit_are_split(desk: Desk) -> None:
    # 2,100 emoji: 2,100 Python characters, 4,200 UTF-16 code units as Telegram counts.
    text = "Foto:\n" + "📷" * 2100 + "\nakhir"
    calls = await _send(desk, text, html=False)
    accepted(desk.api)
    texts = parts_of(calls)
    assert len(texts) >= 2 and "".join(texts).replace("\n", "") == text.replace("\n", "")
    assert not calls[0].callback_data() and calls[-1].callback_data() == ["t:card:1"]


async def test_a_failed_part_is_retried_without_sending_the_others_again(desk: Desk) -> None:
    lines = [f"baris {n:03d} " + "isi " * 20 for n in range(150)]  # about 13,000 characters
    desk.api.faults = FaultPlan(script=[None, "5xx"], methods=["sendMessage"])
    before = len(desk.api.calls)
    delivered = await _send(desk, "\n".join(lines))
    texts = parts_of(delivered)  # each part delivered once, in order
    requests = [c for c in desk.api.calls[before:] if c.method == "sendMessage"]
    assert len(texts) >= 3 and len(requests) == len(texts) + 1  # part 2 refused once
    whole = "\n".join(texts)
    assert all(line.strip() in whole for line in lines)
    sent = await desk.h.rows("SELECT status FROM outbox ORDER BY id DESC LIMIT 1")
    assert sent[0][0] == "sent"


async def _enqueue(desk: Desk, message: Outgoing) -> list[Call]:
    before = len(desk.api.calls)
    async with desk.h.db.transaction() as conn:
        await outbox_store.enqueue(conn, channel="telegram", chat_id=str(GROUP), message=message)
    desk.h.runtime.wake_outbox()
    await desk.h.settle(timeout=30, retries=True)
    return desk.api.calls[before:]


async def test_a_caption_over_1024_characters_follows_its_file(desk: Desk) -> None:
    desk.api.add_file("PHOTO-1", b"\x89PNG fake", "photos/p1.jpg")
    caption = "Keterangan foto: " + "kendaraan & pelaku " * 80  # 1,537 characters
    calls = await _enqueue(desk, MediaItem("photo", "PHOTO-1", caption))
    accepted(desk.api)
    photo, *texts = [c for c in calls if c.method in ("sendPhoto", "sendMessage")]
    assert photo.method == "sendPhoto" and not photo.params.get("caption")
    assert texts and all(t.method == "sendMessage" for t in texts)
    assert all(reply_target(t) == photo.result["message_id"] for t in texts)
    shown = "".join(PART.sub("", visible(t)) for t in texts)
    assert shown.replace(" ", "") == caption.replace(" ", "")


async def test_an_edit_too_long_for_one_message_edits_the_first_part(desk: Desk) -> None:
    calls = await _send(desk, "Kartu pendek")
    message_id = calls[0].result["message_id"]
    lines = [f"baris {n:03d} " + "isi " * 20 for n in range(80)]  # about 7,000 characters
    text = "\n".join(lines)
    after = await _enqueue(desk, Edit(message_id, text, buttons=OK))
    accepted(desk.api)
    edit, *rest = [c for c in after if c.method in ("editMessageText", "sendMessage")]
    assert edit.method == "editMessageText" and edit.callback_data() == ["t:card:1"]
    assert rest and all(reply_target(c) == message_id for c in rest)
    whole = "\n".join(parts_of([edit, *rest]))
    assert all(line.strip() in whole for line in lines)


@pytest.mark.parametrize("limit", [4096, 1024, 200])
def test_every_part_parses_fits_and_nothing_is_lost(limit: int) -> None:
    """bot/channels/telegram/split.py against the fake's parser: tags open at a cut are
    closed and reopened, entities stay whole, only blanks at a cut go."""
    import random

    from bot.channels.telegram.split import split

    rng = random.Random(limit)
    words = ["kata", "&amp;", "<b>tebal</b>", "📷", "a&lt;b", "\n", "\n\n", "x" * 300]
    words.append('<a href="https://polri.go.id/?a=1&amp;b=2">tautan</a>')
    for _ in range(15):
        body = " ".join(rng.choice(words) for _ in range(rng.randint(50, 2500)))
        plain = " ".join(rng.choice(["kode", "&quot;x&quot;", "📷"]) for _ in range(200))
        text = f"<blockquote>{body}</blockquote>\n<i><code>{plain}</code></i>"
        parts = split(text, limit)
        for part in parts:
            assert visible_length(part, "HTML") <= limit
        shown = [parse_html(p) for p in parts]
        if len(parts) > 1:
            shown = [PART.sub("", s) for s in shown]
        assert "".join("".join(shown).split()) == "".join(parse_html(text).split())
