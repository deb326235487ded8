"""Who may act in a staff group (issue 16): membership as Telegram reports it, and the
optional allow-list.

Telegram's rules, played by the fake Bot API: getChatMember answers a member's current
status (https://core.telegram.org/bots/api#getchatmember); the `chat_member` update, sent
when a member leaves or is banned, reaches only a bot that is an administrator of the
group and asks for it in allowed_updates (https://core.telegram.org/bots/api#update).
Dumas caches getChatMember answers for a minute; a `chat_member` update or a
`left_chat_member` service message (https://core.telegram.org/bots/api#message) drops the
cached answer at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.officers import roster
from tests.officers.conftest import GROUP, OFFICER, OFFICER_2, Desk


@pytest.fixture(autouse=True)
def one_update_counter(desk: Desk) -> None:
    """The fake's own updates and the factory's share one update_id counter."""
    desk.api.next_update_id = desk.h.updates.next_update_id


def _alert(sent: list) -> str:  # type: ignore[type-arg]
    answers = [c for c in sent if c.method == "answerCallbackQuery"]
    assert answers, [c.method for c in sent]
    return str(answers[0].params.get("text") or "") if answers[0].params.get("show_alert") else ""


async def _two_tickets(desk: Desk) -> tuple[int, int]:
    a = await desk.file(desk.h.citizen(7401))
    b = await desk.file(desk.h.citizen(7402), description="Helm saya dicuri di parkiran kantor")
    return (await desk.ticket(a))["id"], (await desk.ticket(b))["id"]


async def _status(desk: Desk, tid: int) -> str:
    rows = await desk.h.rows("SELECT status FROM tickets WHERE id = ?", tid)
    return str(rows[0][0])


async def test_a_member_who_leaves_loses_access_at_once(desk: Desk) -> None:
    desk.api.promote_bot(GROUP)  # the README asks for it: chat_member needs an admin bot
    first, second = await _two_tickets(desk)
    await desk.press(OFFICER, f"t:claim:{first}")  # a member: allowed, and cached
    assert await _status(desk, first) == "in_progress"

    assert desk.api.change_member(GROUP, OFFICER, "left")  # the chat_member update
    await desk.h.settle()
    sent = await desk.press(OFFICER, f"t:claim:{second}")
    assert "Hanya" in _alert(sent) or "Only" in _alert(sent)
    assert await _status(desk, second) != "in_progress"
    logged = await desk.h.rows("SELECT user_id, outcome FROM staff_log ORDER BY id DESC LIMIT 1")
    assert tuple(logged[0]) == (str(OFFICER), "refused:not a member")


async def test_a_member_banned_via_left_chat_member_loses_access_at_once(desk: Desk) -> None:
    first, second = await _two_tickets(desk)
    await desk.press(OFFICER_2, f"t:claim:{first}")
    desk.api.set_member(GROUP, OFFICER_2, "kicked")
    await desk.h.deliver(desk.h.updates.left_chat_member(GROUP, OFFICER_2))
    await desk.press(OFFICER_2, f"t:claim:{second}")
    assert await _status(desk, second) != "in_progress"


async def test_without_admin_rights_the_bot_gets_no_chat_member_update(desk: Desk) -> None:
    """The fake follows Telegram: no update reaches a bot that is not an admin."""
    assert not desk.api.change_member(GROUP, OFFICER, "left")
    assert not [u for u in desk.api.updates if "chat_member" in u]


async def test_a_group_with_an_allow_list_lets_only_those_officers_act(desk: Desk) -> None:
    first, second = await _two_tickets(desk)
    assert await roster.allow(desk.h.db, GROUP, OFFICER)
    assert not await roster.allow(desk.h.db, str(GROUP), str(OFFICER))  # already there
    assert await roster.listed(desk.h.db, GROUP) == [str(OFFICER)]

    sent = await desk.press(OFFICER_2, f"t:claim:{first}")  # a member, but not listed
    assert _alert(sent)
    assert await _status(desk, first) != "in_progress"
    logged = await desk.h.rows("SELECT user_id, outcome FROM staff_log ORDER BY id DESC LIMIT 1")
    assert tuple(logged[0]) == (str(OFFICER_2), "refused:not on the allow-list")
    refused = await desk.h.rows(
        "SELECT actor_id FROM ticket_events WHERE ticket_id = ? AND kind = 'refused'", first
    )
    assert refused and refused[0][0] == str(OFFICER_2)
    said = await desk.say(OFFICER_2, "/antrian")
    assert len([c for c in said if c.method == "sendMessage"]) == 1  # the refusal only
    assert "Antrian" not in (said[-1].text or "") and "Queue" not in (said[-1].text or "")

    await desk.press(OFFICER, f"t:claim:{first}")  # listed
    assert await _status(desk, first) == "in_progress"

    assert await roster.deny(desk.h.db, GROUP, OFFICER)  # the list is empty: no list
    await desk.press(OFFICER_2, f"t:claim:{second}")
    assert await _status(desk, second) == "in_progress"


def test_staff_allow_deny_and_list_on_the_command_line(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    env = {**base, "DUMAS_DATA_DIR": str(tmp_path)}

    def dumas(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", "staff", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    assert dumas("allow", "-1001000000001", "9001").returncode == 0
    assert dumas("allow", "-1001000000001", "9002").returncode == 0
    listing = dumas("allowed", "-1001000000001")
    assert '"9001"' in listing.stdout and '"9002"' in listing.stdout
    assert dumas("deny", "-1001000000001", "9001").returncode == 0
    assert dumas("deny", "-1001000000001", "9001").returncode == 1
    assert '"9001"' not in dumas("allowed", "-1001000000001").stdout
    bad = dumas("allow", "piket-jaksel", "9001")
    assert bad.returncode == 2 and "GROUP_ID" in bad.stderr
