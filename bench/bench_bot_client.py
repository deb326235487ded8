"""The Bot API client alone: CPU per request of a citizen's reply, before and after.

    python bench/bench_bot_client.py                         # this tree, 5 runs
    python bench/bench_bot_client.py --base /tmp/before      # alternated with another tree
    python bench/bench_bot_client.py --requests 3000 --concurrency 16 --runs 5
    python bench/bench_bot_client.py --profile /tmp/client.txt   # py-spy of one run

What one request is: the `sendMessage` a citizen's reply makes (`TelegramSender._send_raw`:
`Bot.do_api_request` with the text and an inline keyboard, the answer read as JSON), on
the `Bot` that `make_bot` builds from settings, so the transport, its pool and its
timeouts are the product's. The fake Bot API (tests/fakes, strict as in the tests) runs in
a process of its own; the client's process is measured alone.

Each run is a fresh process: it starts the bot (getMe), warms up with 200 requests, then
sends `--requests` requests `--concurrency` at a time and prints its CPU time
(utime+stime of the process, `getrusage`) over that phase. With `--base TREE` the runs of
this tree and of TREE alternate (this, base, this, base, ...), so the machine's load
falls on both alike; the medians and every run are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TOKEN = "123456:BENCH-client"
WARM_UP = 200

# A citizen's reply as `_send_raw` sends it: text and the step's buttons as the JSON
# Telegram takes (bot/channels/telegram/sender.py builds it so).
TEXT = (
    "Terima kasih. Kapan kejadiannya? Pilih salah satu atau tulis tanggal dan jam kejadian, "
    "misalnya 'kemarin jam 9 malam'."
)
MARKUP = {
    "inline_keyboard": [
        [{"text": "Hari ini", "callback_data": "when:today"}],
        [{"text": "Kemarin", "callback_data": "when:yesterday"}],
        [{"text": "Tidak tahu", "callback_data": "when:unknown"}],
    ]
}


def serve() -> None:
    """The fake Bot API in this process until stdin closes; prints its base URL."""
    sys.path.insert(0, str(REPO))
    from tests.fakes.telegram_api import FakeBotAPI

    class QuietBotAPI(FakeBotAPI):
        """Forgets calls and messages, so memory stays flat over many runs."""

        async def _dispatch(self, call: Any) -> Any:
            response = await super()._dispatch(call)
            self.calls.clear()
            self.messages.clear()
            return response

    async def main() -> None:
        async with QuietBotAPI(token=TOKEN) as api:
            print(api.url, flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

    asyncio.run(main())


def client(
    tree: Path, api_url: str, requests: int, concurrency: int, loop: str, count: bool = False
) -> None:
    """One run against the fake: print {"cpu_s": ..., "wall_s": ...} as JSON; with
    `count`, the measured phase under cProfile, and {"calls": ..., "futures": ...} (Python
    and built-in function calls, futures made) instead."""
    if loop == "uvloop":
        import uvloop  # not a dependency: installed by whoever measures it

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    sys.path.insert(0, str(tree))
    from bot.channels.telegram.client import make_bot
    from bot.channels.telegram.sender import TelegramSender
    from bot.settings import Settings

    warnings.simplefilter("ignore")  # do_api_request("sendMessage") warns by design
    bot = make_bot(
        Settings(data_dir=Path("/nonexistent"), telegram_token=TOKEN, telegram_api_url=api_url)
    )
    sender = TelegramSender(bot)

    async def send(count: int, chat: int) -> None:
        for _ in range(count):
            # the tree's own `_send_raw`, as a citizen's reply step calls it
            result = await sender._send_raw(
                "sendMessage", {"chat_id": str(chat), "text": TEXT, "reply_markup": MARKUP}
            )
            assert isinstance(result, dict) and result["message_id"]

    async def phase(total: int) -> None:
        each, extra = divmod(total, concurrency)
        await asyncio.gather(*(send(each + (i < extra), 1000 + i) for i in range(concurrency)))

    async def main() -> dict[str, float]:
        async with bot:
            await phase(WARM_UP)
            if count:
                return await counted()
            before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
            await phase(requests)
            after, end = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return {"cpu_s": cpu, "wall_s": end - start}

    async def counted() -> dict[str, float]:
        loop = asyncio.get_running_loop()
        made = 0
        create_future = loop.create_future

        def counting_create_future() -> asyncio.Future[Any]:
            nonlocal made
            made += 1
            return create_future()

        loop.create_future = counting_create_future  # type: ignore[method-assign]
        profile = cProfile.Profile()
        profile.enable()
        await phase(requests)
        profile.disable()
        calls = sum(entry.callcount for entry in profile.getstats())
        return {"calls": calls / requests, "futures": made / requests}

    print(json.dumps(asyncio.run(main())), flush=True)


def run_once(
    tree: Path,
    api_url: str,
    args: argparse.Namespace,
    profile: str | None = None,
    loop: str = "asyncio",
) -> dict[str, float]:
    command = [
        sys.executable, str(Path(__file__).resolve()), "--client", str(tree), "--url", api_url,
        "--requests", str(args.requests), "--concurrency", str(args.concurrency),
        "--loop", loop, *(["--count"] if args.count else []),
    ]  # fmt: skip
    if profile:
        command = ["py-spy", "record", "--gil", "-r", "500", "-f", "raw", "-o", profile, "--"]
        command += [sys.executable, str(Path(__file__).resolve()), "--client", str(tree)]
        command += ["--url", api_url, "--requests", str(args.requests)]
        command += ["--concurrency", str(args.concurrency)]
    out = subprocess.run(command, cwd=tree, stdout=subprocess.PIPE, text=True, check=True).stdout
    # the last JSON line: py-spy prints lines of its own after the client's
    return dict(json.loads([line for line in out.splitlines() if line.startswith("{")][-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--base", type=Path, help="a checkout before a change, alternated")
    parser.add_argument("--profile", help="py-spy --gil of one run of this tree into FILE")
    parser.add_argument(
        "--uvloop",
        action="store_true",
        help="alternate this tree on asyncio's loop and on uvloop's (uvloop importable)",
    )
    parser.add_argument(
        "--count",
        action="store_true",
        help="count instead of timing: function calls (cProfile) and futures per request",
    )
    parser.add_argument("--loop", default="asyncio", help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--client", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve()
    if args.client:
        return client(args.client, args.url, args.requests, args.concurrency, args.loop, args.count)

    fake = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--serve"],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert fake.stdout is not None
        api_url = fake.stdout.readline().strip()
        if args.profile:
            run_once(REPO, api_url, args, profile=args.profile)
            print(f"profile of one run of {REPO} in {args.profile}")
            return
        sides = {"this": REPO} | ({"base": args.base.resolve()} if args.base else {})
        if args.uvloop:
            sides = {"this": REPO, "uvloop": REPO}
        results: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
        load = [os.getloadavg()[0]]
        for run in range(args.runs):
            for name, tree in sides.items():
                loop = "uvloop" if name == "uvloop" else "asyncio"
                result = run_once(tree, api_url, args, loop=loop)
                if args.count:
                    print(f"{name}: {result['calls']:.1f} calls, "
                          f"{result['futures']:.2f} futures per request", flush=True)  # fmt: skip
                    continue
                results[name].append(result)
                per = 1000 * result["cpu_s"] / args.requests
                print(f"run {run + 1} {name}: {per:.3f} ms CPU/request, "
                      f"{args.requests / result['wall_s']:.0f} requests/s", flush=True)  # fmt: skip
            load.append(os.getloadavg()[0])
        print(f"\n{args.requests} requests, {args.concurrency} at a time, {args.runs} runs; "
              f"load average {min(load):.1f}-{max(load):.1f}")  # fmt: skip
        for name, runs in results.items():
            if not runs:
                continue
            cpu = sorted(1000 * r["cpu_s"] / args.requests for r in runs)
            rate = statistics.median(args.requests / r["wall_s"] for r in runs)
            print(f"{name:5} ({sides[name]}): median {statistics.median(cpu):.3f} ms CPU/request "
                  f"({', '.join(f'{c:.3f}' for c in cpu)}), {rate:.0f} requests/s")  # fmt: skip
    finally:
        if fake.stdin is not None:
            fake.stdin.close()
        fake.wait(timeout=30)


if __name__ == "__main__":
    main()
