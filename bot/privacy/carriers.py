"""Who carries a channel's messages, as the privacy notice and /dataku tell the citizen
(UU PDP: who else processes the data, and where): one sentence per channel, marked for
the catalogs and translated where it is shown; and the channel's name as /dataku shows
it (never the raw key: "web", "console").

Every channel a citizen can write on has a row: the notice of a channel without one
named Telegram (the web demo and `dumas chat` did, session 33)."""

from __future__ import annotations

from flows.texts import N_

CARRIERS = {
    # Telegram itself; WhatsApp is Meta's, reached through Twilio: both abroad
    "telegram": N_("Messages pass through Telegram (abroad)."),
    "whatsapp": N_("Messages pass through Meta/Twilio (abroad)."),
    # the web demo's page talks to the Polres's own server (bot/channels/web/)
    "web": N_("Messages stay on the Polres's own server, with no third party."),
    # `dumas chat`: the console of the machine it runs on
    "console": N_("Messages stay on this computer, with no third party."),
}
# a channel added without a row: say nothing false rather than name a platform
UNKNOWN = N_("Messages pass through the chat service you use.")


NAMES = {
    "telegram": "Telegram",  # the platforms' own names, the same in every language
    "whatsapp": "WhatsApp",
    "web": N_("web demo"),
    "console": N_("chat on this computer"),
}


def channel_name(channel: str) -> str:
    """The untranslated name of `channel` for a citizen (the key itself without a row)."""
    return NAMES.get(channel, channel)


def carriers(channel: str) -> str:
    """The untranslated sentence saying who carries `channel`'s messages."""
    return CARRIERS.get(channel, UNKNOWN)
