"""`dumas demo`: Dumas on the embedded store with the web channel, on 127.0.0.1 only.

The demo keeps its own data directory (`<DUMAS_DATA_DIR>/demo`, marked by `demo.json`),
binds a web "staff group" to a few Polres on first start, and serves one page: a citizen's
phone on the left and the Polres staff group as officers see it on the right, plus the
transparency page. Nothing in it is sent anywhere. Its API answers only the demo's own
page in a browser session it started (bot/channels/web/guard.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from aiohttp import BodyPartReader, web

# The demo assembles its own Runtime (`demo_runtime`), so it depends on bot.app for real;
# bot.app never imports the demo (its pages arrive as `Runtime.extra_routes`).
from bot.app import Runtime
from bot.channels.web.adapter import WebAdapter, media_kind
from bot.channels.web.guard import DemoGuard
from bot.channels.web.mapsvg import MapRenderer
from bot.channels.web.pages import demo_page
from bot.channels.web.render import citizen_view, group_view
from bot.ingest import Incoming, ingest
from bot.settings import Settings
from bot.store import staff_groups
from bot.store import tickets as ticket_store
from bot.store import web as web_store
from bot.store.database import iso, utcnow
from bot.tickets.status import TicketStatus
from bot.transparency.routes import DEMO_MARKER

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
DEMO_UNITS = ("polres-metro-jakarta-selatan", "polrestabes-bandung", "polresta-denpasar")
DEMO_OFFICERS = (("officer-sari", "Bripka Sari (demo)"), ("officer-budi", "Aipda Budi (demo)"))
TYPED_PLACES = ("kec cilandak jaksel", "coblong bandung", "denpasar selatan")
LONG_POLL_SECONDS = 20.0
CHANNEL_HISTORY = "demo"  # the invented past complaints' citizen channel (no adapter)


def group_chat(unit_id: str) -> str:
    return f"g-{unit_id}"


def demo_settings(settings: Settings) -> Settings:
    """The demo's settings: its own data directory, local only, statistics on."""
    data_dir = settings.data_dir
    if not (data_dir / DEMO_MARKER).is_file():
        data_dir = data_dir / "demo"
    return replace(
        settings,
        data_dir=data_dir,
        public_stats=True,
        telegram_token="",
        twilio_account_sid="",
        http_host="127.0.0.1",
    )


def write_marker(data_dir: Path) -> None:
    marker = data_dir / DEMO_MARKER
    if not marker.is_file():
        data_dir.mkdir(parents=True, exist_ok=True)
        marker.write_text(
            json.dumps(
                {
                    "demo": True,
                    "created_at": iso(utcnow()),
                    "note": "Dumas demonstration data: not real complaints",
                }
            )
            + "\n",
            encoding="utf-8",
        )


async def seed(runtime: Runtime, history: bool = True) -> None:
    """First start: bind one web staff group to each demo Polres (idempotent) and, once,
    file a few months of invented, already answered complaints so the transparency page
    has figures to show."""
    fresh = not (runtime.settings.data_dir / DEMO_MARKER).is_file()
    write_marker(runtime.settings.data_dir)
    if fresh and history:
        await seed_history(runtime)
    for unit_id in DEMO_UNITS:
        unit = runtime.router.unit(unit_id) if runtime.router else None
        if unit is None:
            log.warning("demo unit %s is not in the routing table", unit_id)
            continue
        async with runtime.db.reading() as conn:
            bound = await staff_groups.group(conn, group_chat(unit_id))
        if bound is None:
            await staff_groups.bind(
                runtime.db, group_chat(unit_id), unit_id, "unit", f"{unit.name} (demo)"
            )


async def seed_history(runtime: Runtime, per_unit: int = 24, days: int = 120) -> None:
    """Invented past complaints (marked by their citizen "demo-history"), with claims,
    resolutions and ratings at plausible times; deterministic, so screenshots repeat."""
    import random
    from datetime import timedelta

    from bot.catalog import load_categories
    from bot.store import citizens
    from bot.tickets.reference import new_reference

    rng = random.Random(8)
    categories = [c.id for c in load_categories() if c.route_to == "polres"]
    now = runtime.clock()
    async with runtime.db.transaction() as conn:
        citizen = await citizens.upsert(
            conn, CHANNEL_HISTORY, "demo-history", "demo-history", "id", "Demo", touch=False
        )
        for unit_id in DEMO_UNITS:
            unit = runtime.handling_unit(unit_id)
            if unit is None:
                continue
            for _n in range(per_unit):
                created = now - timedelta(days=rng.uniform(0.5, days))
                category = rng.choice(categories)
                status = TicketStatus.FORWARDED
                events = [
                    (created, TicketStatus.RECEIVED),
                    (created + timedelta(seconds=2), TicketStatus.FORWARDED),
                ]
                if rng.random() < 0.9:
                    claimed = created + timedelta(
                        minutes=rng.choice(
                            (rng.uniform(3, 55), rng.uniform(3, 55), rng.uniform(40, 300))
                        )
                    )
                    events.append((claimed, TicketStatus.IN_PROGRESS))
                    status = TicketStatus.IN_PROGRESS
                    if rng.random() < 0.8:
                        done = claimed + timedelta(hours=rng.uniform(1, 90))
                        status = (
                            TicketStatus.RESOLVED if rng.random() < 0.9 else TicketStatus.REJECTED
                        )
                        events.append((done, status))
                events = [(at, st) for at, st in events if at < now]
                status = events[-1][1]
                rating = (
                    rng.choice((3, 4, 4, 5, 5, 5))
                    if status == TicketStatus.RESOLVED and rng.random() < 0.7
                    else None
                )
                await ticket_store.add_history_ticket(
                    conn,
                    reference=new_reference(),
                    citizen_id=citizen.id,
                    category=category,
                    unit_id=unit.id,
                    polda_id=unit.polda_id,
                    timezone=unit.timezone,
                    created=created,
                    events=events,
                    rating=rating,
                )


class Demo:
    def __init__(self, adapter: WebAdapter) -> None:
        self.adapter = adapter
        self.maps: MapRenderer | None = None
        self.runtime: Runtime | None = None
        self.guard = DemoGuard(lambda: self.rt.http_port)
        self._seq = 0

    # ---------------------------------------------------------------- wiring

    def add_routes(self, app: web.Application, runtime: Runtime) -> None:
        self.runtime = runtime
        router = runtime.router
        if router is not None and router.boundaries is not None:
            self.maps = MapRenderer(router.boundaries, router.tree)
        # every demo route checks the address; the API also the session, origin and type
        guard = self.guard
        app.router.add_get("/", self.root)
        app.router.add_get("/demo", guard.page(self.page))
        app.router.add_get("/demo/static/{name}", guard.page(self.static))
        app.router.add_get("/demo/api/state", guard.api(self.state))
        app.router.add_get("/demo/api/map", guard.api(self.map))
        app.router.add_post("/demo/api/citizen", guard.api(self.citizen, "application/json"))
        app.router.add_post("/demo/api/upload", guard.api(self.upload, "multipart/form-data"))
        app.router.add_post("/demo/api/staff", guard.api(self.staff, "application/json"))

    @property
    def rt(self) -> Runtime:
        assert self.runtime is not None
        return self.runtime

    def _external_id(self, who: str, cid: Any) -> str:
        if isinstance(cid, str) and 0 < len(cid) <= 64:
            return f"{who}:{cid}"  # the page's own id: a retried post is stored once
        self._seq += 1
        return f"{who}:{iso(utcnow())}:{self._seq}"

    async def _ingest(self, external_id: str, payload: dict[str, Any]) -> None:
        await ingest(self.rt.db, self.rt.dispatcher, self.adapter, [Incoming(external_id, payload)])

    # ---------------------------------------------------------------- pages

    async def root(self, request: web.Request) -> web.Response:
        raise web.HTTPFound("/demo")

    async def page(self, request: web.Request) -> web.Response:
        chosen = request.query.get("lang")
        lang = chosen if chosen in ("id", "en") else "id"
        groups = []
        for unit_id in DEMO_UNITS:
            unit = self.rt.router.unit(unit_id) if self.rt.router else None
            if unit is not None:
                groups.append((group_chat(unit_id), unit.name))
        response = web.Response(
            text=demo_page(
                lang,
                groups,
                DEMO_OFFICERS,
                self.maps is not None,
                TYPED_PLACES,
                lang_chosen=chosen == lang,
            ),
            content_type="text/html",
            charset="utf-8",
        )
        self.guard.give_session(request, response)
        return response

    async def static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in ("demo.js", "demo.css"):
            raise web.HTTPNotFound()
        return web.FileResponse(STATIC / name, headers={"Cache-Control": "no-cache"})

    async def map(self, request: web.Request) -> web.Response:
        if self.maps is None:
            raise web.HTTPNotFound(text="no boundaries imported")
        province = request.query.get("province") or None
        svg = await asyncio.to_thread(self.maps.svg, province)
        if not svg:
            raise web.HTTPNotFound(text="unknown province")
        return web.Response(
            text=svg,
            content_type="image/svg+xml",
            charset="utf-8",
            headers={"Cache-Control": "max-age=3600"},
        )

    # ---------------------------------------------------------------- reading

    async def state(self, request: web.Request) -> web.Response:
        db = self.rt.db
        since = request.query.get("since", "")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(
            LONG_POLL_SECONDS, float(request.query.get("wait", LONG_POLL_SECONDS))
        )
        version = await web_store.version(db)
        while version == since and loop.time() < deadline:
            self.adapter.changed.clear()
            # asyncio.timeout, not wait_for, which on Python 3.11 can lose the
            # cancellation of a request whose client went away (CPython gh-86296)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(0.25):
                    await self.adapter.changed.wait()
            version = await web_store.version(db)
        user = request.query.get("user", "")[:64]
        chat = request.query.get("group", "")[:128]
        body: dict[str, Any] = {"version": version}
        if user:
            lane = self.adapter.citizen_lane(user)
            body["chat"] = citizen_view(await web_store.timeline(db, lane, user))
            body["chat_busy"] = await web_store.pending(db, lane) > 0
        if chat:
            lane = f"web:g:{chat}"
            messages, toasts = group_view(await web_store.timeline(db, lane, chat))
            body["group"] = {
                "chat": chat,
                "messages": messages,
                "toasts": toasts,
                "busy": await web_store.pending(db, lane) > 0,
            }
        return web.json_response(body)

    # ---------------------------------------------------------------- writing

    async def citizen(self, request: web.Request) -> web.Response:
        data = await request.json()
        user = str(data.get("user") or "")[:64]
        if not user:
            raise web.HTTPBadRequest(text="user missing")
        payload: dict[str, Any] = {"role": "citizen", "user": user}
        if data.get("language"):  # only from a page whose language was chosen
            payload["language"] = str(data["language"])[:16]
        if data.get("choice"):
            payload["choice"] = str(data["choice"])[:200]
            payload["label"] = str(data.get("label") or "")[:200]
            payload["message"] = data.get("message")
        elif data.get("location") is not None:
            lat, lon = (float(v) for v in data["location"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise web.HTTPBadRequest(text="bad location")
            payload["location"] = [round(lat, 6), round(lon, 6)]
        else:
            payload["text"] = str(data.get("text") or "")[:20000]
        await self._ingest(self._external_id(user, data.get("cid")), payload)
        return web.json_response({"ok": True})

    async def upload(self, request: web.Request) -> web.Response:
        limit = self.rt.settings.max_file_bytes
        reader = await request.multipart()
        fields: dict[str, str] = {}
        token = name = mime = ""
        size = 0
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "file":
                name = (part.filename or "file")[-120:]
                mime = part.headers.get("Content-Type") or "application/octet-stream"
                chunks, size = [], 0
                while chunk := await part.read_chunk(256 * 1024):
                    size += len(chunk)
                    if size <= limit:
                        chunks.append(chunk)
                # An oversized file is still announced (its size), so the bot answers with
                # the limit, exactly as for a too-large Telegram file; its bytes are dropped.
                token = self.adapter.uploads.put(b"".join(chunks) if size <= limit else b"")
            elif part.name:
                fields[part.name] = (await part.text())[:4000]
        user = fields.get("user", "")[:64]
        if not user or not token:
            raise web.HTTPBadRequest(text="user or file missing")
        payload: dict[str, Any] = {
            "role": "citizen",
            "user": user,
            "file": {
                "token": token,
                "name": name,
                "mime": mime.split(";")[0].strip(),
                "size": size,
                "kind": media_kind(mime),
                "caption": fields.get("caption", ""),
            },
        }
        if fields.get("language"):
            payload["language"] = fields["language"][:16]
        await self._ingest(self._external_id(user, fields.get("cid")), payload)
        return web.json_response({"ok": True})

    async def staff(self, request: web.Request) -> web.Response:
        data = await request.json()
        chat = str(data.get("chat") or "")
        if chat not in {group_chat(u) for u in DEMO_UNITS}:
            raise web.HTTPBadRequest(text="unknown group")
        officers = dict(DEMO_OFFICERS)
        user = str(data.get("user") or DEMO_OFFICERS[0][0])
        if user not in officers:
            raise web.HTTPBadRequest(text="unknown officer")
        unit = self.rt.router.unit(chat.removeprefix("g-")) if self.rt.router else None
        payload: dict[str, Any] = {
            "role": "staff",
            "chat": chat,
            "user": user,
            "user_name": officers[user],
            "chat_title": f"{unit.name if unit else chat} (demo)",
        }
        external = self._external_id(f"{chat}:{user}", data.get("cid"))
        if data.get("callback"):
            payload["callback"] = str(data["callback"])[:64]
            payload["message"] = str(data.get("message") or "") or None
            payload["callback_id"] = external
        else:
            payload["text"] = str(data.get("text") or "")[:4096]
            payload["reply_to"] = data.get("reply_to")
            # Telegram message ids are numbers and the officers' layer reads them as such;
            # the microsecond clock never meets the outbox ids the bot's messages carry.
            payload["message_id"] = str(time.time_ns() // 1000)
        await self._ingest(external, payload)
        return web.json_response({"ok": True, "callback_id": payload.get("callback_id")})


def demo_runtime(settings: Settings, router: Any = None, **kwargs: Any) -> tuple[Runtime, Demo]:
    """A Runtime for the demo: web channel, web staff groups, demo pages and statistics."""
    from bot.routing.resolver import Router

    demo_s = demo_settings(settings)
    if router is None:
        # Boundaries and the gazetteer cache come from the main data directory unless the
        # demo's own has boundaries (`DUMAS_DATA_DIR=.../demo dumas geo import ...`).
        source = demo_s if (demo_s.geo_dir / "regencies.wkb.pickle").is_file() else settings
        router = Router.load(source)
    adapter = WebAdapter(demo_s.data_dir / "web-uploads")
    demo = Demo(adapter)
    runtime = Runtime(
        demo_s,
        router=router,
        extra_channels=[(adapter, adapter.sender)],
        staff_channel="web",
        extra_routes=[demo.add_routes],
        **kwargs,
    )
    return runtime, demo


async def serve(settings: Settings, announce: Any = print) -> None:
    """`dumas demo`: start, seed, print the address, run until interrupted."""
    runtime, _demo = await asyncio.to_thread(demo_runtime, settings)
    await runtime.start()
    try:
        await seed(runtime)
        base = f"http://127.0.0.1:{runtime.http_port}"
        announce(
            f"Dumas demo (demonstration data in {runtime.settings.data_dir}):\n"
            f"  citizen chat and staff group: {base}/demo\n"
            f"  transparency page:            {base}/statistik\n"
            "Press Ctrl-C to stop."
        )
        if runtime.router is None or runtime.router.boundaries is None:
            announce(
                "No boundaries imported: the map picker is off, typed places work. "
                "Import them with `dumas geo import FILE.geojson`."
            )
        await asyncio.Event().wait()
    finally:
        await runtime.stop()
