"""Shared machinery of the pipeline benchmarks: a data directory, a real `dumas run`
process, the fakes in their own process, simulated citizens, and the figures.

Used by bench_pipeline.py (one run / the scaling table) and `make bench`. Nothing here is
a test: it measures and prints; it asserts nothing about time.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import pg_server  # noqa: E402
from bot.catalog import load_categories  # noqa: E402
from bot.i18n import translator  # noqa: E402
from bot.routing.resolver import CACHE_DIR_NAME  # noqa: E402
from tests.e2e.steps import DESCRIPTION  # noqa: E402
from tests.fakes.twilio_api import TwilioWebhookFactory, signed_webhook  # noqa: E402
from tests.fakes.updates import UpdateFactory  # noqa: E402

TOKEN = "424242:BENCH-TOKEN-abcdefghijklmnopqrstuvwxyz"
SECRET = "bench-webhook-secret"
ACCOUNT_SID = "AC" + "b" * 32
AUTH_TOKEN = "bench-twilio-token"
WA_FROM = "whatsapp:+14155238886"
PUBLIC_URL = "https://dumas.bench.example"
GROUP = -1009000
GEOJSON = REPO.parent / "shared" / "geo" / "indonesia_kabupaten.geojson"
PIN = (-6.2615, 106.8106)  # Cilandak, Jakarta Selatan
FIRST_USER = 5_000_000  # benchmark citizens; seeded drafts use 20_000_000+
CHANNELS = ("webhook", "polling", "whatsapp")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(data: Path, *args: str) -> None:
    """`python -m bot.cli ...` on the SQLite store in `data` (bench/pg_server.py's, quietly)."""
    pg_server.cli(data, "", *args)


def unit_for_pin(data: Path = REPO / "var") -> str:
    """The Polres of the benchmarks' pin, resolved by a router loaded from the data
    directory `data` (which caches its gazetteer there)."""
    from bot.routing.resolver import Router
    from bot.settings import load_settings

    router = Router.load(load_settings({"DUMAS_DATA_DIR": str(data)}, env_file=None))
    result = router.resolve_text("kec cilandak jaksel")
    assert result.chosen is not None
    return router.unit_for(result.chosen, "polres").id


def prepare_template(root: Path, gazetteer: Path | None = None) -> Path:
    """A migrated data directory with boundaries imported, the gazetteer cached and the
    staff group of Jakarta Selatan bound (so every ticket sends a card). `gazetteer`: a
    gazetteer cache file already built (tests/conftest.py `gazetteer_cache`), copied into
    the template instead of building it again (~3.5 s of CPU, session 37)."""
    template = root / "template"
    if (template / "dumas.sqlite3").is_file():
        return template
    template.mkdir(parents=True, exist_ok=True)
    if gazetteer is not None:
        (template / CACHE_DIR_NAME).mkdir()
        shutil.copy2(gazetteer, template / CACHE_DIR_NAME)
    cli(template, "migrate")
    if GEOJSON.is_file():
        cli(template, "geo", "import", str(GEOJSON))
    else:
        print(f"note: {GEOJSON} not found: GPS pins fall back to 'type the place'")
    # resolved in the template itself, which caches its gazetteer: each `dumas run` started
    # from a copy then loads that file (a start that is not the installation's first)
    # instead of building it (~3.5 s of CPU a start here, session 37)
    cli(template, "staff", "link", "--polres", unit_for_pin(template), "--chat-id", str(GROUP))
    return template


def seed(db_path: Path, drafts: int, tickets: int) -> None:
    """Open drafts (citizen + conversation with timers due in the future) and closed
    tickets with their history (inbox, outbox, events): direct SQL, in one transaction."""
    if not drafts and not tickets:
        return
    now = datetime.now(UTC)
    stamp = now.isoformat(timespec="microseconds")
    draft_json = json.dumps({"category": "crime", "description": DESCRIPTION}, ensure_ascii=False)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    with conn:
        n = max(drafts, tickets)
        conn.executemany(
            "INSERT INTO citizens (channel, external_id, chat_id, platform_locale, "
            "display_name, last_inbound_at, created_at) VALUES ('telegram', ?, ?, 'id', "
            "'Warga', ?, ?)",
            ((str(20_000_000 + i), str(20_000_000 + i), stamp, stamp) for i in range(n)),
        )
        first = conn.execute(
            "SELECT MIN(id) FROM citizens WHERE external_id = ?", (str(20_000_000),)
        ).fetchone()[0]

        def due(i: int, hours: float) -> str:
            moment = now + timedelta(hours=hours) + timedelta(seconds=i % 3600)
            return moment.isoformat(timespec="microseconds")

        conn.executemany(
            "INSERT INTO conversations (citizen_id, state, draft, last_activity_at, "
            "reminder_due_at, expiry_due_at, timers_due_from, updated_at) "
            "VALUES (?, 'when', ?, ?, ?, ?, ?, ?)",
            (
                (first + i, draft_json, stamp, due(i, 2), due(i, 26), due(i, 2), stamp)
                for i in range(drafts)
            ),
        )
        # history: each seeded citizen left 10 processed updates and 10 sent replies
        payload = json.dumps({"update_id": 0, "message": {"text": DESCRIPTION}})
        reply = json.dumps({"text": "Terima kasih. " * 8, "locale": "id"})
        conn.executemany(
            "INSERT INTO inbox (channel, external_id, lane, payload, received_at, "
            "processed_at, outcome) VALUES ('telegram', ?, ?, ?, ?, ?, 'ok')",
            (
                (f"seed{i}", f"tg:{20_000_000 + i // 10}", payload, stamp, stamp)
                for i in range(10 * n)
            ),
        )
        conn.executemany(
            "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, "
            "status, attempts, sent_at, external_id) VALUES ('telegram', ?, 'reply', ?, ?, "
            "?, 'sent', 1, ?, ?)",
            (
                (str(20_000_000 + i // 10), reply, stamp, stamp, stamp, str(i))
                for i in range(10 * n)
            ),
        )
        # closed tickets of the last two years, over every category, in Jakarta Selatan
        categories = [c.id for c in load_categories()]

        def created(i: int) -> str:
            moment = now - timedelta(days=730) * (1 - i / max(1, tickets))
            return moment.isoformat(timespec="microseconds")

        conn.executemany(
            "INSERT INTO tickets (reference, citizen_id, category, status, unit_id, polda_id, "
            "timezone, description, contact, locale, created_at, updated_at) VALUES "
            "(?, ?, ?, 'resolved', '31.74', '31', 'Asia/Jakarta', ?, 'chat', 'id', ?, ?)",
            (
                (
                    f"SEED-{i:08d}",
                    first + i,
                    categories[i % len(categories)],
                    DESCRIPTION,
                    created(i),
                    created(i),
                )
                for i in range(tickets)
            ),
        )
        conn.execute(
            "INSERT INTO ticket_events (ticket_id, at, kind, status, actor_kind) "
            "SELECT id, created_at, 'status', 'resolved', 'system' FROM tickets "
            "WHERE reference LIKE 'SEED-%'"
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


# ------------------------------------------------------------------------- processes


def proc_cpu_seconds(pid: int, which: str = "both") -> float:
    """utime + stime (or one of "user", "sys") of a process and its threads, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    user, system = int(fields[11]), int(fields[12])
    ticks = {"both": user + system, "user": user, "sys": system}[which]
    return ticks / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """The process and its descendants (the intake process is the bot's child)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def tree_cpu_seconds(pid: int, which: str = "both") -> float:
    total = 0.0
    for member in process_tree(pid):
        try:
            total += proc_cpu_seconds(member, which)
        except OSError:
            continue
    return total


def tree_status_mb(pid: int, key: str) -> float:
    return sum(proc_status_mb(member, key) for member in process_tree(pid))


def proc_status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Fakes:
    """bench/fake_platforms.py in its own process; its event stream, parsed."""

    def __init__(self, files: int, file_kb: int) -> None:
        self.files, self.file_kb = files, file_kb
        self.proc: asyncio.subprocess.Process | None = None
        self.urls: dict[str, Any] = {}
        self.arrivals: dict[str, list[float]] = defaultdict(list)  # chat -> times
        self.confirmed: dict[int, float] = {}  # update_id -> time (long polling)
        self.errors: list[str] = []
        self.stats: asyncio.Future[dict[str, Any]] | None = None
        self._waiters: dict[str, list[tuple[int, asyncio.Future[None]]]] = defaultdict(list)
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(REPO / "bench" / "fake_platforms.py"),
            "--token",
            TOKEN,
            "--account-sid",
            ACCOUNT_SID,
            "--auth-token",
            AUTH_TOKEN,
            "--files",
            str(self.files),
            "--file-kb",
            str(self.file_kb),
            cwd=REPO,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=2**24,
        )
        assert self.proc.stdout is not None
        self.urls = json.loads(await self.proc.stdout.readline())
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        while True:
            line = (await self.proc.stdout.readline()).decode()
            if not line:
                return
            kind, _, rest = line.rstrip("\n").partition(" ")
            if kind in ("M", "W"):
                chat, t = rest.split(" ")
                times = self.arrivals[chat]
                times.append(float(t))
                waiters = self._waiters.get(chat)
                if waiters:
                    for n, fut in list(waiters):
                        if len(times) >= n and not fut.done():
                            fut.set_result(None)
                    waiters[:] = [(n, f) for n, f in waiters if not f.done()]
            elif kind == "C":
                update_id, t = rest.split(" ")
                self.confirmed[int(update_id)] = float(t)
                waiters = self._waiters.get(f"C{update_id}")
                if waiters:
                    for _, fut in waiters:
                        if not fut.done():
                            fut.set_result(None)
            elif kind in ("E", "X"):
                self.errors.append(rest)
            elif kind == "S" and self.stats is not None and not self.stats.done():
                self.stats.set_result(json.loads(rest))

    async def wait_arrivals(self, chat: str, n: int, timeout: float) -> float:
        """Wait until `chat` got its n-th message; return that message's arrival time."""
        if len(self.arrivals[chat]) < n:
            fut = asyncio.get_running_loop().create_future()
            self._waiters[chat].append((n, fut))
            await asyncio.wait_for(fut, timeout)
        return self.arrivals[chat][n - 1]

    async def wait_confirmed(self, update_id: int, timeout: float) -> float:
        if update_id not in self.confirmed:
            fut = asyncio.get_running_loop().create_future()
            self._waiters[f"C{update_id}"].append((1, fut))
            await asyncio.wait_for(fut, timeout)
        return self.confirmed[update_id]

    def push(self, update: dict[str, Any]) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(b"U " + json.dumps(update).encode() + b"\n")

    async def counters(self) -> dict[str, Any]:
        assert self.proc is not None and self.proc.stdin is not None
        self.stats = asyncio.get_running_loop().create_future()
        self.proc.stdin.write(b"S\n")
        return await asyncio.wait_for(self.stats, 10)

    async def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(Exception):
            assert self.proc.stdin is not None
            self.proc.stdin.write(b"Q\n")
            await self.proc.stdin.drain()
            await asyncio.wait_for(self.proc.wait(), 5)
        if self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()
        if self._reader is not None:
            self._reader.cancel()


def bot_env(
    data: Path, channel: str, port: int, fakes: Fakes, extra: dict[str, str] | None = None
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    env |= {
        "DUMAS_DATA_DIR": str(data),
        "DUMAS_TELEGRAM_TOKEN": TOKEN,
        "DUMAS_TELEGRAM_API_URL": fakes.urls["telegram"],
        "DUMAS_HTTP_PORT": str(port),
        "DUMAS_TELEGRAM_MODE": "polling" if channel == "polling" else "webhook",
        "DUMAS_TELEGRAM_WEBHOOK_SECRET": SECRET,
        "DUMAS_PUBLIC_URL": PUBLIC_URL,
        "DUMAS_OUTBOX_RATE_LIMITS": "off",
        # scripted citizens answer faster than people type: flood control is tested apart
        "DUMAS_FLOOD_MESSAGES": "100000",
        "DUMAS_LOG_LEVEL": "warning",
        # the staff group's digest waits 15 s for more tickets by default: the run would
        # idle that long before everything is sent
        "DUMAS_DIGEST_WINDOW_SECONDS": "1",
    }
    if channel == "whatsapp":
        env |= {
            "DUMAS_TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "DUMAS_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "DUMAS_TWILIO_WHATSAPP_FROM": WA_FROM,
            "DUMAS_TWILIO_API_URL": fakes.urls["twilio"],
        }
    env |= extra or {}
    return env


# ------------------------------------------------------------------------- citizens


@dataclass
class Step:
    payload: Any  # update dict (Telegram) or form dict (WhatsApp)
    update_id: int | None = None


def telegram_script(f: UpdateFactory, user: int, photo: int, photo_bytes: int) -> list[Step]:
    """A whole complaint, 10 updates: command, buttons, text, GPS pin, photo (the summary
    sends with replies in this chat: there is no contact step since issue 17)."""
    updates = [
        f.command(user, "/aduan"),
        f.callback(user, "consent:yes", 1),
        f.callback(user, "cat:crime", 2),
        f.text(user, DESCRIPTION),
        f.callback(user, "when:yesterday", 3),
        f.location(user, *PIN),
        f.callback(user, "place:yes", 5),
        # the largest size is the registered file; the bot downloads that one
        f.photo(user, file_id=f"BENCH{photo}", file_size=photo_bytes, caption="pelaku"),
        f.callback(user, "ev:done", 7),
        f.callback(user, "sum:confirm", 8),
    ]
    return [Step(u, u["update_id"]) for u in updates]


def whatsapp_script(f: TwilioWebhookFactory, number: str, media_url: str) -> list[Step]:
    """The same complaint as WhatsApp users answer numbered lists: mostly by number."""
    _ = translator("id").gettext
    crime = next(c for c in load_categories() if c.id == "crime").label("id")
    forms = [
        f.text(number, "/aduan"),
        f.text(number, "1"),  # I agree
        f.text(number, crime),  # the option's text, typed
        f.text(number, DESCRIPTION),
        f.text(number, _("Yesterday")),
        f.location(number, *PIN, address="Jl. Fatmawati", label="Cilandak"),
        f.text(number, "1"),  # yes, that's right
        f.media(number, [(media_url, "image/jpeg")], "pelaku"),
        f.text(number, "1"),  # done
        f.text(number, "1"),  # send the complaint
    ]
    return [Step(form) for form in forms]


@dataclass
class Samples:
    commit_ms: list[float] = field(default_factory=list)  # post -> 200 / offset passed
    reply_ms: list[float] = field(default_factory=list)  # post -> reply at the fake
    # the same by step of the script (which step is slow)
    reply_ms_by_step: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    timeouts: int = 0
    completed: int = 0  # citizens whose every step was answered
    first_post: float = float("inf")
    last_commit: float = 0.0
    last_reply: float = 0.0


class RawPoster:
    """HTTP/1.1 POSTs over a fixed set of keep-alive connections, with pre-encoded
    requests and a minimal response parser: about a quarter of aiohttp's client CPU, so
    that the load generator takes as little as possible of the machine Dumas runs on
    (Telegram's servers are not on our box)."""

    def __init__(self, port: int, connections: int) -> None:
        self.port = port
        self.size = connections
        self.idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )
        self.opened = 0

    async def post(
        self, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[float, float, int]:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        request = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n{head}"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        if self.idle.empty() and self.opened < self.size:
            self.opened += 1
            conn = await asyncio.open_connection("127.0.0.1", self.port)
        else:
            conn = await self.idle.get()
        reader, writer = conn
        try:
            t0 = time.monotonic()
            writer.write(request)
            head_bytes = await reader.readuntil(b"\r\n\r\n")
            status = int(head_bytes[9:12])
            length = 0
            for line in head_bytes.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            t1 = time.monotonic()
        except BaseException:
            writer.close()
            self.opened -= 1
            raise
        self.idle.put_nowait(conn)
        return t0, t1, status

    async def close(self) -> None:
        while not self.idle.empty():
            _, writer = self.idle.get_nowait()
            writer.close()


def _quiet_for(seconds: float) -> Callable[[str], Awaitable[None]]:
    """The warm-up's step is finished when no reply came for `seconds` after its first
    (bench_instances.py's instances share no store file this process could read)."""

    async def settled(chat: str) -> None:
        await asyncio.sleep(seconds)

    return settled


class StepSettled:
    """The warm-up's "this step is finished", asked of the store and the fakes instead of
    a fixed quiet time (0.3 s a step made 60 of the warm-up's 2 x 10 steps x 4 runs of
    `make bench`'s table, session 37): every update in the inbox is processed, no
    message to the chat is pending or being sent in the outbox (a step writes its
    replies there in its own transaction), and then one round trip to the fakes'
    process, whose event stream is in order: every reply the bot saw answered has been
    read off the stream before the round trip's answer."""

    def __init__(self, db: Path, fakes: Fakes, timeout: float) -> None:
        self.db, self.fakes, self.timeout = db, fakes, timeout

    async def __call__(self, chat: str) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        while _query(
            self.db,
            "SELECT (SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL) + (SELECT "
            "COUNT(*) FROM outbox WHERE chat_id = ? AND status IN ('pending', 'sending'))",
            chat,
        )[0][0]:
            if loop.time() > deadline:
                raise TimeoutError(f"the warm-up's step for {chat} did not finish")
            await asyncio.sleep(0.01)
        await self.fakes.counters()


class Load:
    """Posts citizens' scripts to a running Dumas and measures each step."""

    def __init__(
        self,
        channel: str,
        port: int,
        fakes: Fakes,
        connections: int,
        think: float,
        timeout: float,
        burst: bool = False,
    ) -> None:
        self.channel, self.port, self.fakes = channel, port, fakes
        self.think, self.timeout = think, timeout
        # burst: a citizen's next post waits for the 200 of the previous one (and the
        # pacing), not for the reply; replies are matched to posts afterwards
        self.burst = burst
        self.post_times: dict[str, list[float]] = {}
        self.samples = Samples()
        self.session: aiohttp.ClientSession | None = None
        self.poster = RawPoster(port, connections)
        self.per_step: list[int] = []  # replies each step causes (learnt by warm-up)
        self.update_ids = itertools.count(100_000_000)
        # the warm-up's "this step is finished": by default a fixed quiet time; run_once
        # asks the store and the fakes instead (StepSettled)
        self.settled: Callable[[str], Awaitable[None]] = _quiet_for(0.3)

    async def __aenter__(self) -> Load:
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0, force_close=False),
            timeout=aiohttp.ClientTimeout(total=self.timeout),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.session is not None
        await self.session.close()
        await self.poster.close()

    async def _post(self, step: Step) -> tuple[float, float, int]:
        """Send one step; return (t_post, t_durable, status)."""
        assert self.session is not None
        if self.channel == "polling":
            # Telegram numbers updates in the order it receives them (getUpdates' offset
            # drops anything below it), so the id is given at the moment of the push
            update_id = next(self.update_ids)
            t0 = time.monotonic()
            self.fakes.push({**step.payload, "update_id": update_id})
            t1 = await self.fakes.wait_confirmed(update_id, self.timeout)
            return t0, t1, 200
        if self.channel == "webhook":
            path = "/telegram/webhook"
            data = json.dumps(step.payload).encode()
            headers = {
                "X-Telegram-Bot-Api-Secret-Token": SECRET,
                "Content-Type": "application/json",
            }
        else:
            path = "/whatsapp/webhook"
            headers = signed_webhook(PUBLIC_URL + path, step.payload, AUTH_TOKEN)
            data = urlencode(step.payload).encode()
        return await asyncio.wait_for(self.poster.post(path, data, headers), self.timeout)

    async def citizen(
        self, chat: str, steps: list[Step], start_at: float, record: bool = True
    ) -> list[int]:
        """One citizen: each step after the previous reply (and `think` after the
        previous post). Returns the replies counted after each step."""
        loop = asyncio.get_running_loop()
        await asyncio.sleep(max(0.0, start_at - loop.time()))
        counts: list[int] = []
        s = self.samples
        for i, step in enumerate(steps):
            before = len(self.fakes.arrivals[chat])
            try:
                t0, t1, status = await self._post(step)
            except (TimeoutError, aiohttp.ClientError, OSError, asyncio.IncompleteReadError):
                s.timeouts += 1
                return counts
            if record:
                s.statuses[status] += 1
                s.first_post = min(s.first_post, t0)
                s.last_commit = max(s.last_commit, t1)
                s.commit_ms.append((t1 - t0) * 1000)
            if status != 200:
                return counts
            if self.burst and self.per_step:
                self.post_times.setdefault(chat, []).append(t0)
                counts.append(self.per_step[i])
                wait = t0 + self.think - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                continue
            expected = self.per_step[i] if self.per_step else 1
            try:
                t2 = await self.fakes.wait_arrivals(chat, before + 1, self.timeout)
                if not self.per_step:  # warm-up: let the step finish, count its replies
                    await self.settled(chat)
                else:
                    await self.fakes.wait_arrivals(chat, before + expected, self.timeout)
            except TimeoutError:
                s.timeouts += 1
                return counts
            counts.append(len(self.fakes.arrivals[chat]) - before)
            if record:
                s.reply_ms.append((t2 - t0) * 1000)
                s.reply_ms_by_step[i].append((t2 - t0) * 1000)
                s.last_reply = max(s.last_reply, t2)
            wait = t0 + self.think - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        if self.burst and self.per_step:
            # the replies to every step, then their latencies
            try:
                await self.fakes.wait_arrivals(chat, self.expected_total(chat), self.timeout)
            except TimeoutError:
                s.timeouts += 1
                return counts
            arrivals = self.fakes.arrivals[chat]
            index = self.first_reply_index
            for k, t0 in enumerate(self.post_times[chat]):
                t2 = arrivals[index[k]]
                if record:
                    s.reply_ms.append((t2 - t0) * 1000)
                    s.reply_ms_by_step[k].append((t2 - t0) * 1000)
                    s.last_reply = max(s.last_reply, t2)
        if record:
            s.completed += 1
        return counts

    @property
    def first_reply_index(self) -> list[int]:
        """Index (among this citizen's replies) of each step's first reply."""
        index, total = [], 0
        for n in self.per_step:
            index.append(total)
            total += n
        return index

    def expected_total(self, chat: str) -> int:
        return sum(self.per_step)  # measured citizens' chats start empty


# ------------------------------------------------------------------------- one run


@dataclass
class RunResult:
    channel: str
    burst: bool
    citizens: int
    drafts: int
    updates: int
    accepted_per_s: float
    processed_per_s: float
    commit: dict[str, float]
    reply: dict[str, float]
    reply_p99_by_step: list[float]
    cpu_ms_per_update: float
    sys_ms_per_update: float
    rss_start_mb: float
    rss_end_mb: float
    rss_peak_mb: float
    db_kb_per_ticket: float
    evidence_kb_per_ticket: float
    tickets: int
    errors: dict[str, Any]
    wall_s: float
    loadgen_cpu_s: float
    fakes_cpu_s: float

    def row(self) -> dict[str, Any]:
        return self.__dict__


def _dist(values: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values) if values else float("nan"),
    }


def _db_bytes(data: Path) -> int:
    return sum(p.stat().st_size for p in data.glob("dumas.sqlite3*"))


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


async def _wait_healthy(port: int, proc: asyncio.subprocess.Process, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with aiohttp.ClientSession() as session:
        while loop.time() < deadline:
            if proc.returncode is not None:
                raise RuntimeError(f"dumas exited with {proc.returncode}")
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
                    if r.status == 200:
                        return
            await asyncio.sleep(0.05)
    raise TimeoutError("dumas did not become healthy")


def _query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as conn:
        return list(conn.execute(sql, params).fetchall())


async def run_once(
    work: Path,
    template: Path,
    *,
    channel: str,
    citizens: int,
    rate: float,
    drafts: int = 0,
    tickets: int = 0,
    connections: int = 100,
    file_kb: int = 16,
    timeout: float = 120.0,
    env: dict[str, str] | None = None,
    profile: str | None = None,
    quiet: bool = False,
    burst: bool = False,
) -> RunResult:
    """One benchmark run in a fresh copy of the template data directory.

    rate: offered updates per second over all citizens (each citizen waits
    citizens/rate seconds between its posts, and always for the reply); 0: as fast as
    the replies come (saturation).
    burst: a citizen posts its next update as soon as the previous one was acknowledged
    (and the pacing allows), without waiting for the reply: the platform's view of a
    burst, which measures how fast Dumas acknowledges; replies are matched afterwards."""
    data = work / f"run-{channel}-{citizens}-{drafts}-{time.monotonic_ns()}"
    shutil.copytree(template, data)
    seed(data / "dumas.sqlite3", drafts, tickets)
    db_before = _db_bytes(data)
    warm = 2
    fakes = Fakes(files=citizens + warm, file_kb=file_kb)
    await fakes.start()
    port = free_port()
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=REPO,
        env=bot_env(data, channel, port, fakes, env),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    spy: subprocess.Popen[bytes] | None = None
    try:
        await _wait_healthy(port, bot, 60)
        steps_of: dict[str, list[Step]] = {}
        if channel == "whatsapp":
            wf = TwilioWebhookFactory(ACCOUNT_SID, WA_FROM)
            for n in range(citizens + warm):
                number = f"+62812{FIRST_USER + n:08d}"
                media = f"{fakes.urls['twilio']}/media/ME{n:032x}"
                steps_of[f"whatsapp:{number}"] = whatsapp_script(wf, number, media)
        else:
            uf = UpdateFactory(bot_id=int(TOKEN.split(":")[0]))
            for n in range(citizens + warm):
                steps_of[str(FIRST_USER + n)] = telegram_script(
                    uf, FIRST_USER + n, n, file_kb * 1024
                )
        chats = list(steps_of)
        think = citizens / rate if rate > 0 else 0.0
        db = data / "dumas.sqlite3"
        async with Load(channel, port, fakes, connections, think, timeout, burst=burst) as load:
            loop = asyncio.get_running_loop()
            load.settled = StepSettled(db, fakes, timeout)
            # warm-up: two citizens, one after the other, learn how many replies each
            # step causes (the correlation of posts and replies) and warm the caches
            learnt = []
            load.think = 0.0  # no pacing while learning
            for chat in chats[:warm]:
                learnt.append(await load.citizen(chat, steps_of[chat], loop.time(), record=False))
            load.think = think
            if learnt[0] != learnt[1] or len(learnt[0]) != len(steps_of[chats[0]]):
                raise RuntimeError(f"warm-up citizens disagree or stalled: {learnt}")
            load.per_step = learnt[0]
            load.samples = Samples()
            await asyncio.sleep(0.5)
            base_id = _query(db, "SELECT COALESCE(MAX(id), 0) FROM inbox")[0][0]
            cpu0 = tree_cpu_seconds(bot.pid)
            sys0 = tree_cpu_seconds(bot.pid, "sys")
            rss0 = tree_status_mb(bot.pid, "VmRSS")
            own0 = time.process_time()
            fakes_cpu0 = proc_cpu_seconds(fakes.proc.pid)  # type: ignore[union-attr]
            if profile:
                # --gil: samples of the thread holding the GIL, i.e. Python CPU time
                form = (
                    "speedscope"
                    if profile.endswith(".json")
                    else "raw"
                    if profile.endswith(".txt")
                    else "flamegraph"
                )
                spy = subprocess.Popen(
                    [
                        "py-spy",
                        "record",
                        "-o",
                        profile,
                        "-f",
                        form,
                        "--pid",
                        str(bot.pid),
                        "--nonblocking",
                        "--gil",
                        "-r",
                        "200",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            start = loop.time() + 0.2
            spread = think if think else 0.0
            t_start = time.monotonic()
            await asyncio.gather(
                *(
                    load.citizen(chat, steps_of[chat], start + spread * i / citizens)
                    for i, chat in enumerate(chats[warm:])
                )
            )
            # everything sent? (cards to the staff group may still be on their way)
            for _ in range(600):
                left = _query(
                    db,
                    "SELECT (SELECT COUNT(*) FROM inbox WHERE processed_at "
                    "IS NULL) + (SELECT COUNT(*) FROM outbox WHERE status IN "
                    "('pending', 'sending'))",
                )[0][0]
                if left == 0:
                    break
                await asyncio.sleep(0.1)
            t_end = time.monotonic()
            cpu1 = tree_cpu_seconds(bot.pid)
            sys1 = tree_cpu_seconds(bot.pid, "sys")
            rss1 = tree_status_mb(bot.pid, "VmRSS")
            peak = tree_status_mb(bot.pid, "VmHWM")
            own1 = time.process_time()
            fakes_cpu1 = proc_cpu_seconds(fakes.proc.pid)  # type: ignore[union-attr]
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(30)
            fake_counts = await fakes.counters()
        s = load.samples
        new_tickets = (
            _query(db, "SELECT COUNT(*) FROM tickets WHERE reference NOT LIKE 'SEED-%'")[0][0]
            - warm
        )
        prefix = "whatsapp" if channel == "whatsapp" else "telegram"
        inbox_rows = _query(
            db,
            "SELECT COUNT(*), SUM(outcome != 'ok'), MIN(received_at), "
            "MAX(processed_at) FROM inbox WHERE channel = ? AND id > ?",
            prefix,
            base_id,
        )[0]
        failed_out = _query(db, "SELECT COUNT(*) FROM outbox WHERE status = 'failed'")[0][0]
        first_rx, last_done = inbox_rows[2], inbox_rows[3]
        posted = citizens * len(steps_of[chats[0]])
        processed_s = (
            (datetime.fromisoformat(last_done) - datetime.fromisoformat(first_rx)).total_seconds()
            if first_rx and last_done
            else float("nan")
        )
    finally:
        if spy is not None and spy.poll() is None:
            spy.kill()
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(bot.wait(), 20)
            except TimeoutError:
                bot.kill()
                await bot.wait()
        stderr = (await bot.stderr.read()).decode(errors="replace") if bot.stderr else ""
        if os.environ.get("BENCH_BOT_LOG"):  # keep the bot's log for a closer look
            Path(os.environ["BENCH_BOT_LOG"]).write_text(stderr)
        await fakes.stop()
    errors = {
        "http_non_200": {k: v for k, v in s.statuses.items() if k != 200},
        "timeouts": s.timeouts,
        # acknowledged (200 / offset passed) but not in the inbox
        "lost_updates": s.statuses.get(200, 0) - inbox_rows[0],
        "not_posted": posted - len(s.commit_ms),  # steps of citizens that gave up
        "inbox_not_ok": int(inbox_rows[1] or 0),
        "outbox_failed": failed_out,
        "api_errors": len(fakes.errors),
        "api_429": sum(1 for e in fakes.errors if " 429 " in f" {e} "),
        "missing_tickets": max(0, s.completed - new_tickets),
        "bot_log_errors": sum(
            1 for line in stderr.splitlines() if "ERROR" in line or "Traceback" in line
        ),
    }
    db_after = _db_bytes(data)
    evidence = _dir_bytes(data / "evidence")
    result = RunResult(
        channel=channel,
        burst=burst,
        citizens=citizens,
        drafts=drafts,
        updates=len(s.commit_ms),
        accepted_per_s=len(s.commit_ms) / max(1e-9, s.last_commit - s.first_post),
        processed_per_s=inbox_rows[0] / processed_s if processed_s == processed_s else float("nan"),
        commit=_dist(s.commit_ms),
        reply=_dist(s.reply_ms),
        reply_p99_by_step=[
            round(_dist(s.reply_ms_by_step[k])["p99"], 1) for k in sorted(s.reply_ms_by_step)
        ],
        cpu_ms_per_update=(cpu1 - cpu0) * 1000 / max(1, len(s.commit_ms)),
        sys_ms_per_update=(sys1 - sys0) * 1000 / max(1, len(s.commit_ms)),
        rss_start_mb=rss0,
        rss_end_mb=rss1,
        rss_peak_mb=peak,
        db_kb_per_ticket=(db_after - db_before) / 1024 / max(1, new_tickets + warm),
        evidence_kb_per_ticket=evidence / 1024 / max(1, new_tickets + warm),
        tickets=new_tickets,
        errors=errors,
        wall_s=t_end - t_start,
        loadgen_cpu_s=own1 - own0,
        fakes_cpu_s=fakes_cpu1 - fakes_cpu0,
    )
    if stderr.strip() and not quiet:
        tail = "\n".join(stderr.strip().splitlines()[-5:])
        print(f"  (dumas stderr, last lines)\n{tail}")
    del fake_counts
    if os.environ.get("BENCH_KEEP_DATA"):  # keep the run's store for a closer look
        shutil.rmtree(os.environ["BENCH_KEEP_DATA"], ignore_errors=True)
        shutil.move(str(data), os.environ["BENCH_KEEP_DATA"])
    shutil.rmtree(data, ignore_errors=True)
    return result


def median_result(results: list[RunResult]) -> dict[str, Any]:
    """Medians over runs of every number (errors summed)."""

    def med(get: Any) -> float:
        return statistics.median(get(r) for r in results)

    first = results[0]
    return {
        "channel": first.channel,
        "burst": first.burst,
        "citizens": first.citizens,
        "drafts": first.drafts,
        "runs": len(results),
        "updates": med(lambda r: r.updates),
        "accepted_per_s": med(lambda r: r.accepted_per_s),
        "processed_per_s": med(lambda r: r.processed_per_s),
        "commit": {k: med(lambda r, k=k: r.commit[k]) for k in first.commit},
        "reply": {k: med(lambda r, k=k: r.reply[k]) for k in first.reply},
        "cpu_ms_per_update": med(lambda r: r.cpu_ms_per_update),
        "sys_ms_per_update": med(lambda r: r.sys_ms_per_update),
        "rss_start_mb": med(lambda r: r.rss_start_mb),
        "rss_end_mb": med(lambda r: r.rss_end_mb),
        "rss_peak_mb": med(lambda r: r.rss_peak_mb),
        "db_kb_per_ticket": med(lambda r: r.db_kb_per_ticket),
        "evidence_kb_per_ticket": med(lambda r: r.evidence_kb_per_ticket),
        "wall_s": med(lambda r: r.wall_s),
        "loadgen_cpu_s": med(lambda r: r.loadgen_cpu_s),
        "fakes_cpu_s": med(lambda r: r.fakes_cpu_s),
        "errors": _sum_errors([r.errors for r in results]),
    }


def _sum_errors(all_errors: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for errors in all_errors:
        for key, value in errors.items():
            if isinstance(value, dict):
                merged = total.setdefault(key, {})
                for k, v in value.items():
                    merged[k] = merged.get(k, 0) + v
            else:
                total[key] = total.get(key, 0) + value
    return total


def format_table(rows: list[dict[str, Any]]) -> str:
    head = (
        "channel",
        "citizens",
        "drafts",
        "offered/s",
        "accepted/s",
        "processed/s",
        "commit p50/p99/max ms",
        "reply p50/p99/max ms",
        "CPU ms/upd",
        "RSS end/peak MB",
        "DB KB/ticket",
        "errors",
    )
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        errs = sum(v if isinstance(v, int) else sum(v.values()) for v in r["errors"].values())
        lines.append(
            " | ".join(
                [
                    r["channel"] + (" burst" if r.get("burst") else ""),
                    f"{r['citizens']:,}",
                    f"{r['drafts']:,}",
                    r.get("offered", "max"),
                    f"{r['accepted_per_s']:,.0f}",
                    f"{r['processed_per_s']:,.0f}",
                    f"{r['commit']['p50']:.1f} / {r['commit']['p99']:.1f} / "
                    f"{r['commit']['max']:.0f}",
                    f"{r['reply']['p50']:.1f} / {r['reply']['p99']:.1f} / {r['reply']['max']:.0f}",
                    f"{r['cpu_ms_per_update']:.2f}",
                    f"{r['rss_end_mb']:.0f} / {r['rss_peak_mb']:.0f}",
                    f"{r['db_kb_per_ticket']:.1f}",
                    "0" if errs == 0 else json.dumps(r["errors"]),
                ]
            )
        )
    return "\n".join(lines)
