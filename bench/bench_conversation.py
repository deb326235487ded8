"""How much a citizen must do and read to file a typical complaint, per channel and language.

    python bench/bench_conversation.py [--transcript] [--json]

Walks every story of tests/e2e/walk.py (three typical complaints in Indonesian, three in
English), each opened two ways (the menu: /start or a greeting; or the story typed
straight away), on Telegram and on WhatsApp, through the real runtime and the fake Bot
API / fake Twilio. Prints per channel and language the median number of actions and
characters read before the ticket exists (the confirmation that brings the ticket
number is counted apart), and the longest single message; `--transcript` prints
every walk's messages too (the README's example conversations come from it).

These are counts, not timings: the same code gives the same figures on any machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import aiohttp  # noqa: E402

from bot.routing.resolver import Router  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from tests.e2e.walk import WalkResult, medians, walk_all  # noqa: E402
from tests.fakes.telegram_api import FakeBotAPI  # noqa: E402
from tests.fakes.twilio_api import FakeTwilio  # noqa: E402
from tests.harness import TOKEN, Clock, Harness, make_runtime, settings_for  # noqa: E402
from tests.whatsapp.harness import WaHarness, make_wa_runtime, wa_settings  # noqa: E402


async def measure(data: Path) -> list[WalkResult]:
    router = Router.load(load_settings({"DUMAS_DATA_DIR": str(data / "router")}, env_file=None))
    # Noon WIB: "tadi malam" and "kemarin sore" are unambiguous whatever the real time.
    clock = Clock(datetime.now(UTC).replace(hour=5, minute=0, second=0, microsecond=0))
    async with AsyncExitStack() as stack:
        api = await stack.enter_async_context(FakeBotAPI(token=TOKEN))
        tg_runtime = make_runtime(settings_for(data / "tg", api.url), router, clock=clock)
        await tg_runtime.start()
        stack.push_async_callback(tg_runtime.stop)
        twilio = await stack.enter_async_context(FakeTwilio())
        wa_api = await stack.enter_async_context(FakeBotAPI(token=TOKEN))
        wa_runtime = make_wa_runtime(wa_settings(data / "wa", twilio, wa_api), router, clock=clock)
        await wa_runtime.start()
        stack.push_async_callback(wa_runtime.stop)
        session = await stack.enter_async_context(aiohttp.ClientSession())
        wa = WaHarness(twilio, Harness(wa_api, wa_runtime), session)
        return await walk_all(Harness(api, tg_runtime), wa)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--transcript", action="store_true", help="print every walk")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = asyncio.run(measure(Path(tmp)))
    if args.json:
        print(json.dumps([r.__dict__ | {"characters": r.characters} for r in results]))
        return
    if args.transcript:
        for r in results:
            print(f"\n=== {r.channel} {r.language} {r.story} ({r.opener}): {r.actions} actions")
            for text in r.messages:
                print("---")
                print(text)
            print("--- (the ticket)")
            for text in r.confirmation:
                print(text)
    print("\nper walk: channel language story opener | actions characters-before-ticket")
    print("          ticket-message longest")
    for r in results:
        print(
            f"  {r.channel:9} {r.language} {r.story:15} {r.opener:5} | "
            f"{r.actions:3} {r.characters:6} {r.confirmation_characters:5} {r.longest:5}"
        )
    print("\nmedian per channel and language (targets: actions <= 10, characters <= 1600,")
    print("no message over 450 characters)")
    print("  channel   lang | actions characters messages | ticket message | longest message")
    for (channel, language), m in medians(results).items():
        print(
            f"  {channel:9} {language}   | {m['actions']:7} {m['characters']:10} "
            f"{m['messages']:8} | {m['confirmation']:14} | {m['longest']:7}"
        )


if __name__ == "__main__":
    main()
