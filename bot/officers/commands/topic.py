"""`/topik`: in a group with forum topics, where the group's cards, digests and notices
are posted (message_thread_id, https://core.telegram.org/bots/api#message). Sent inside a
topic it chooses that topic; `/topik umum` sends them to the main chat again; sent
elsewhere it explains how."""

from __future__ import annotations

from bot.officers.commands.preconditions import Command, StaffCommand
from bot.store import staff_groups

MAIN_CHAT = "umum"  # "/topik umum": back to the main chat


async def choose_topic(command: Command) -> None:
    turn = command.turn
    _ = turn.gettext
    thread = turn.event.extra.get("thread")
    if thread is not None:
        await staff_groups.set_topic(turn.conn, turn.group.chat_id, str(thread))
        text = _("✅ From now on this group's cards, digests and notices are posted in this topic.")
    elif command.args.strip().lower() == MAIN_CHAT:
        await staff_groups.set_topic(turn.conn, turn.group.chat_id, None)
        text = _("✅ From now on this group's cards are posted in the main chat.")
    else:
        text = _(
            "To post the cards in a topic, open that topic of this group (topics must be "
            "enabled) and send /topik there. To post them in the main chat again, send "
            "/topik umum here."
        )
    await command.say(text)


COMMANDS = (StaffCommand(("topik",), choose_topic),)
