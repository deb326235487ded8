"""bot/outbox/sender.py: a "sent" mark of an exempt chat waits for a start only where the
exempt chats are button answers (Telegram's "#cb" lanes), behind which nothing queues.

The web and console channels call every chat "exempt" (no rate limits there): a citizen's
replies queue one behind the other in the same chat, and each waited for the previous
one's mark. Session 31 made those marks wait `mark_within` as a button answer's does, so
each reply of a step came up to `mark_within` (0.1 s, to the grid) after the one before.
"""

from __future__ import annotations

from pathlib import Path

from bot.outbox.limits import UNLIMITED, RateLimits
from bot.outbox.sender import OutboxSender
from bot.store.database import open_store
from tests.outbox.test_sender_commits import Channel, all_sent, enqueue, running, until


class EveryChatExempt(Channel):
    """As the web and console channels' senders: no chat is rate-limited."""

    def lane_kind(self, chat_id: str) -> str:
        return "exempt"


async def test_replies_in_a_chat_that_is_exempt_do_not_wait_for_each_others_marks(
    tmp_path: Path,
) -> None:
    async with open_store("", tmp_path / "dumas.sqlite3") as db:
        channel = EveryChatExempt(db)
        # a long `mark_within` makes the wait plain: before the fix the first reply's
        # mark waited all of it, and the second reply with it
        sender = OutboxSender(
            db,
            channel,
            limits=RateLimits(UNLIMITED),
            mark_within=30.0,
            exempt_chats_are_answers=False,
        )
        await enqueue(db, [("w-1", "one"), ("w-1", "two"), ("w-1", "three")])
        async with running(sender):
            await until(all_sent(db), 5)
        assert channel.out_of_order == []
