"""Notices to the citizen about their ticket: the citizen's language, a reply queued to
their chat, an officer's message passed on with its signature, and the "is it solved?"
question.

Citizen-facing text is in the citizen's language (their choice, else their platform's,
else the ticket's) and the ticket's time zone. Each notice is an outbox row in the
caller's transaction (invariant 2).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Translator, pick_locale, translator
from bot.officers.groups import StaffGroups
from bot.outbox.messages import CitizenReply
from bot.settings import Settings
from bot.store import citizens
from bot.store import outbox as outbox_store
from bot.store.connection import Connection
from bot.tickets.ticket import Ticket
from flows import followup
from flows.events import Reply


class Notices:
    """What the citizen is told about their ticket."""

    def __init__(self, settings: Settings, groups: StaffGroups) -> None:
        self.settings = settings
        self.groups = groups

    async def citizen_translator(
        self, conn: Connection, ticket: Ticket
    ) -> tuple[citizens.Citizen | None, Translator]:
        citizen = await citizens.by_id(conn, ticket.citizen_id)
        return citizen, self.translator_for(citizen, ticket)

    @staticmethod
    def translator_for(citizen: citizens.Citizen | None, ticket: Ticket) -> Translator:
        """The citizen's language: their choice, else their platform's, else the ticket's."""
        locale = pick_locale(
            citizen.locale if citizen else ticket.locale,
            citizen.platform_locale if citizen else None,
            ticket.locale,
        )
        return translator(locale)

    async def notify(
        self,
        conn: Connection,
        ticket: Ticket,
        reply: Reply,
        notice: str,
        citizen: citizens.Citizen | None = None,
        tr: Translator | None = None,
    ) -> None:
        if citizen is None or tr is None:
            citizen, tr = await self.citizen_translator(conn, ticket)
        if citizen is None:
            return
        await outbox_store.enqueue(
            conn,
            channel=citizen.channel,
            chat_id=citizen.chat_id,
            message=CitizenReply(reply, tr.locale, notice=notice, ticket_id=ticket.id),
            ticket_id=ticket.id,
        )

    async def notify_each(
        self,
        conn: Connection,
        notices: Sequence[tuple[Ticket, citizens.Citizen, Translator, Reply]],
        notice: str,
    ) -> None:
        """`notify` of several tickets' citizens, their rows written in one statement (in
        the order given), each as `notify` writes it."""
        await outbox_store.enqueue_each(
            conn,
            [
                (
                    citizen.channel,
                    citizen.chat_id,
                    CitizenReply(reply, tr.locale, notice=notice, ticket_id=ticket.id),
                    ticket.id,
                )
                for ticket, citizen, tr, reply in notices
            ],
        )

    def signature(self, tr: Translator, ticket: Ticket, officer_name: str | None) -> str:
        unit = self.groups.unit_name(ticket.unit_id)
        if self.settings.sign_officer_name and officer_name:
            return tr.gettext("{name}, officer of {unit}").format(name=officer_name, unit=unit)
        return tr.gettext("Officer of {unit}").format(unit=unit)

    async def relay_to_citizen(
        self,
        conn: Connection,
        ticket: Ticket,
        text: str,
        officer_name: str | None,
        media: tuple[str, str] | None = None,
    ) -> None:
        citizen, tr = await self.citizen_translator(conn, ticket)
        if citizen is None:
            return
        body = tr.gettext("💬 Message from the police about your complaint {reference}:").format(
            reference=ticket.reference
        )
        body += f"\n\n{text.strip()}\n\n— {self.signature(tr, ticket, officer_name)}"
        files: tuple[tuple[str, str], ...] = ()
        if media is not None and citizen.channel == "telegram":
            files = (media,)
        elif media is not None:
            body += "\n" + tr.gettext(
                "(The officer also sent a file, which cannot be passed on in this chat.)"
            )
        await self.notify(conn, ticket, Reply(body, media=files), "officer_reply", citizen, tr)


def solved_question(tr: Translator, ticket: Ticket) -> Reply:
    return followup.solved_question(tr, ticket.reference, ticket.id)
