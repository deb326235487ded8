"""The fake Bot API and fake Twilio of tests/fakes, in a process of their own, for benchmarks.

    python bench/fake_platforms.py --token T --files N [--file-kb 16]

Started by bench_pipeline.py so that neither the load generator nor the fakes share the
bot's process. Prints one JSON line with the fakes' URLs, then one line per event, with
`time.monotonic()` (CLOCK_MONOTONIC: comparable between processes on Linux):

    M <chat_id> <t>      a sendMessage reached the fake Bot API (answered 200)
    E <method> <status> <t>  any Bot API call answered with an error (429, 4xx, 5xx)
    W <to> <t>           a message creation reached the fake Twilio (answered 201)
    X <status> <t>       a Twilio message creation answered with an error
    C <update_id> <t>    long polling: getUpdates confirmed this update (offset passed it)

Reads commands on stdin, one per line: `U <update json>` queues an update for
getUpdates (long polling); `S` prints `S <json counters>`; `Q` stops.

Rate limits are not enforced (the fakes' default): the benchmark measures Dumas when no
rate limit applies. Files: N photos with file_id `BENCH<n>` (Telegram) and N media items
with sid `ME<n as 32 hex digits>` (Twilio), each `--file-kb` KB of distinct bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aiohttp import web  # noqa: E402

from tests.fakes.telegram_api import Call, FakeBotAPI  # noqa: E402
from tests.fakes.twilio_api import FakeTwilio, MediaItem  # noqa: E402

OUT = sys.stdout


class Emitter:
    """Buffers event lines and flushes them once per loop iteration (few syscalls)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.scheduled = False

    def emit(self, line: str) -> None:
        self.lines.append(line)
        if not self.scheduled:
            self.scheduled = True
            asyncio.get_running_loop().call_soon(self.flush)

    def flush(self) -> None:
        self.scheduled = False
        if self.lines:
            OUT.write("\n".join(self.lines) + "\n")
            OUT.flush()
            self.lines.clear()


EMIT = Emitter()


class BenchBotAPI(FakeBotAPI):
    """FakeBotAPI that streams arrivals and keeps memory flat over 100k calls."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.by_path: dict[str, bytes] = {}
        self.counts: dict[str, int] = {}

    async def _dispatch(self, call: Call) -> web.Response:
        response = await super()._dispatch(call)
        now = time.monotonic()
        self.counts[call.method] = self.counts.get(call.method, 0) + 1
        if call.status == 200:
            if call.method == "sendMessage":
                EMIT.emit(f"M {call.chat_id} {now:.6f}")
        else:
            EMIT.emit(f"E {call.method} {call.status} {now:.6f}")
        # The benchmark reads arrivals from the stream; don't keep every call in memory.
        if len(self.calls) > 1000:
            del self.calls[:500]
        if len(self.messages) > 20000:
            self.messages.clear()
        return response

    async def _getUpdates(self, call: Call) -> list[dict[str, Any]]:
        offset = int(call.params.get("offset") or 0)
        if offset > 0 and self.updates and self.updates[0]["update_id"] < offset:
            now = time.monotonic()
            for update in self.updates:
                if update["update_id"] >= offset:
                    break
                EMIT.emit(f"C {update['update_id']} {now:.6f}")
        return await super()._getUpdates(call)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        content = self.by_path.get(request.match_info["file_path"])
        if content is None or request.match_info["token"] != self.token:
            return await super()._handle_file(request)
        return web.Response(body=content, content_type="application/octet-stream")


class BenchTwilio(FakeTwilio):
    async def _create_message(self, request: web.Request) -> web.StreamResponse:
        response = await super()._create_message(request)
        now = time.monotonic()
        if response.status == 201 and self.messages:
            EMIT.emit(f"W {self.messages[-1].to} {now:.6f}")
        else:
            EMIT.emit(f"X {response.status} {now:.6f}")
        if len(self.messages) > 1000:
            del self.messages[:500]
        if len(self.requests) > 1000:
            del self.requests[:500]
        return response


def photo_bytes(n: int, size: int) -> bytes:
    """Distinct JPEG-looking bytes per citizen (stored by SHA-256, so no sharing)."""
    head = b"\xff\xd8\xff\xe0" + n.to_bytes(8, "big")
    block = os.urandom(1024) if n == 0 else BLOCK
    return (head + block * (size // 1024 + 1))[:size]


BLOCK = os.urandom(1024)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--token", required=True)
    parser.add_argument("--account-sid", default="AC" + "b" * 32)
    parser.add_argument("--auth-token", default="bench-twilio-token")
    parser.add_argument("--files", type=int, default=0)
    parser.add_argument("--file-kb", type=int, default=16)
    args = parser.parse_args()

    api = BenchBotAPI(token=args.token)
    twilio = BenchTwilio(account_sid=args.account_sid, auth_token=args.auth_token)
    await api.start()
    await twilio.start()
    size = args.file_kb * 1024
    for n in range(args.files):
        content = photo_bytes(n, size)
        stored = api.add_file(f"BENCH{n}", content, f"photos/file_{n}.jpg")
        api.by_path[stored.file_path] = content
        sid = f"ME{n:032x}"
        twilio.media[sid] = MediaItem(sid, content, "image/jpeg")
    OUT.write(json.dumps({"telegram": api.url, "twilio": twilio.url, "pid": os.getpid()}) + "\n")
    OUT.flush()

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**24)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line or line.startswith(b"Q"):
            break
        if line.startswith(b"U "):
            api.push_update(json.loads(line[2:]))
        elif line.startswith(b"S"):
            EMIT.emit(
                "S " + json.dumps({"telegram": api.counts, "twilio_messages": len(twilio.messages)})
            )
    EMIT.flush()
    await api.stop()
    await twilio.stop()


if __name__ == "__main__":
    asyncio.run(main())
