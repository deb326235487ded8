"""An admin who "Remains anonymous" posts as the group itself: the update carries
``sender_chat`` = the group and ``from`` = GroupAnonymousBot (1087968824), never the
officer's own id (https://core.telegram.org/bots/api#message). Dumas cannot tell who acts,
so it refuses, visibly and politely, instead of dropping the message unseen (issue 16)."""

from __future__ import annotations

from tests.officers.conftest import GROUP, Desk


async def _anonymous(desk: Desk, text: str, reply_to: int | None = None) -> list[str]:
    before = len(desk.api.calls)
    await desk.h.deliver(desk.h.updates.anonymous_admin_text(GROUP, text, reply_to))
    return [c.text or "" for c in desk.api.calls[before:] if c.method == "sendMessage"]


async def test_an_anonymous_admin_command_gets_a_visible_refusal(desk: Desk) -> None:
    said = await _anonymous(desk, "/antrian")
    assert len(said) == 1, said
    assert "anonim" in said[0].lower() and "Remain anonymous" in said[0]
    logged = await desk.h.rows("SELECT user_id, outcome FROM staff_log ORDER BY id")
    assert [tuple(r) for r in logged][-1] == ("1087968824", "refused:anonymous admin")


async def test_an_anonymous_reply_to_a_card_is_not_relayed_and_is_refused(desk: Desk) -> None:
    ref = await desk.file(desk.h.citizen(7301))
    card = desk.card_of(ref)
    said = await _anonymous(desk, "Kami akan datang besok", card.result["message_id"])
    assert len(said) == 1 and "Remain anonymous" in said[0]
    out = [e for e in await desk.events(ref) if e["kind"] == "message_out"]
    assert out == []
    to_citizen = [c for c in desk.api.sent(7301) if "datang besok" in (c.text or "")]
    assert to_citizen == []


async def test_anonymous_chatter_stays_unanswered(desk: Desk) -> None:
    """Group talk that is not for the bot (no command, no reply to its message) is left
    alone: the bot answers only what was meant for it."""
    assert await _anonymous(desk, "selamat pagi semua") == []
