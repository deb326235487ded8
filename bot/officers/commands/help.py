"""`/bantuan` (also `/help`, `/start`): what Dumas does in a staff group, its buttons and
commands. The same text follows a group's binding (`/daftar`, bot/officers/binding.py)."""

from __future__ import annotations

from bot.i18n import Translator
from bot.officers.commands.preconditions import Command, StaffCommand


def help_text(tr: Translator) -> str:
    return (
        tr.gettext(
            "<b>Dumas for officers</b>\n"
            "Each new complaint appears here as a card. Buttons: ✋ Claim, 💬 Reply, 📝 Standard "
            "replies, ↪️ Transfer, ✅ Resolve, ⛔ Reject. You can also reply to a card (Telegram "
            "“Reply”) to write to the citizen.\n"
            "/antrian – open tickets, oldest first\n"
            "/tiket NUMBER – a ticket's detail and history\n"
            "/cari TEXT – search tickets\n"
            "/statistik – figures for 7 and 30 days"
        )
        + "\n"
        + tr.gettext("/topik – in a group with topics: send it in the topic for the cards")
    )


async def show_help(command: Command) -> None:
    await command.say(help_text(command.turn.o.tr))


COMMANDS = (StaffCommand(("bantuan", "help", "start"), show_help),)
