"""Long polling: fetch updates, store them, and only then confirm them to Telegram.

Telegram forgets updates below the `offset` of the next getUpdates call, so the offset is
advanced only after the batch is committed: a crash between the two makes Telegram send
the batch again, and the inbox's unique key drops the copies.

Telegram answers 409 Conflict when another client polls the same bot ("terminated by other
getUpdates request; make sure that only one bot instance is running") or when a webhook is
set ("can't use getUpdates method while webhook is active",
https://core.telegram.org/bots/api#getupdates). Neither goes away by asking again at once:
the poller says so in one log line, waits (5 s, doubling up to a minute) and keeps trying,
so a second copy of the bot left running never makes this one spin or crash. The runtime
deletes any webhook before polling starts (bot/app.py); one set later is reported here.

Only the leader polls (bot/leadership.py). While the store cannot take a batch (the disk
is full, the PostgreSQL server unreachable) the offset stays where it is and the poller
waits: Telegram keeps the updates and sends them again.
"""

from __future__ import annotations

import asyncio
import logging
import warnings

from telegram import Bot
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut

from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.client import POLL_TIMEOUT
from bot.dispatcher import Dispatcher
from bot.ingest import Incoming, ingest
from bot.store.database import Database, DatabaseUnavailable, StoreFullError

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "chat_member"]
CONFLICT_BACKOFF = 5.0  # first wait after a 409, doubled each time up to 12 times it (60 s)
STORE_WAIT = 1.0  # seconds between tries while the store cannot take a batch


def conflict_reason(exc: Conflict) -> str:
    """The log line for a 409: what the operator has to do about it."""
    if "webhook" in exc.message.lower():
        return (
            "getUpdates refused: a webhook is set for this bot (another deployment in webhook "
            "mode?); polling waits until it is deleted (deleteWebhook)"
        )
    return (
        "getUpdates refused: another copy of this bot is polling with the same token; "
        "stop it -- both keep retrying and updates go to whichever asks last"
    )


async def poll_forever(
    bot: Bot,
    db: Database,
    dispatcher: Dispatcher,
    adapter: TelegramAdapter,
    timeout: int = POLL_TIMEOUT,
    conflict_backoff: float = CONFLICT_BACKOFF,
) -> None:
    offset: int | None = None
    failures = 0
    conflicts = 0  # 409s in a row
    while True:
        try:
            kwargs: dict[str, object] = {"timeout": timeout, "allowed_updates": ALLOWED_UPDATES}
            if offset is not None:
                kwargs["offset"] = offset
            with warnings.catch_warnings():
                # We call getUpdates raw on purpose: we store the update JSON exactly as
                # Telegram sent it; PTB would rather we used Bot.get_updates.
                warnings.simplefilter("ignore")
                updates = await bot.do_api_request("getUpdates", api_kwargs=kwargs)
            failures = 0
            if conflicts:
                log.warning("getUpdates works again after %d refused attempts", conflicts)
                conflicts = 0
        except RetryAfter as exc:
            await asyncio.sleep(float(exc._retry_after.total_seconds()))
            continue
        except Conflict as exc:
            if not conflicts:  # once per streak, not every few seconds for hours
                log.warning("%s", conflict_reason(exc))
            delay = conflict_backoff * min(12, 2 ** min(conflicts, 4))
            conflicts += 1
            await asyncio.sleep(delay)
            continue
        except (TimedOut, NetworkError, InvalidToken) as exc:
            failures += 1
            delay = min(30.0, 0.5 * 2 ** min(failures, 6))
            log.warning("getUpdates failed (%s); retrying in %.1fs", type(exc).__name__, delay)
            await asyncio.sleep(delay)
            continue
        if not updates:
            continue
        valid = [u for u in updates if isinstance(u, dict) and isinstance(u.get("update_id"), int)]
        try:
            await ingest(db, dispatcher, adapter, (Incoming(str(u["update_id"]), u) for u in valid))
        except StoreFullError:
            # Not stored, so not confirmed: Telegram keeps the updates until we can.
            await asyncio.sleep(5)
            continue
        except DatabaseUnavailable:
            # the same; the store reconnects by itself
            log.warning("updates not stored: the database is unreachable; waiting")
            await asyncio.sleep(STORE_WAIT)
            continue
        offset = max(u["update_id"] for u in valid) + 1 if valid else offset
