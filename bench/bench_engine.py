"""Benchmark of the conversation engine alone: the complaint flow, with and without the store.

    . .venv/bin/activate
    python bench/bench_engine.py [--citizens 500] [--runs 3]

Three measures, each over the same 11-event complaint per citizen (command, consent,
category, description, when, GPS pin, confirm place, a photo, done, contact, confirm):

1. flows only, ONE shared `transitions` machine (what Dumas does): `complaint.handle`
   on in-memory state, no I/O;
2. flows only, a NEW machine built for every message (what we avoid), for the ratio;
3. the Dispatcher on a real Database (WAL, synchronous=FULL) in this process, no HTTP:
   events stored with `ingest`, then every lane drained; counts SQL statements and hops
   to a worker thread per event (the main store runs statements on the loop's thread and
   COMMIT on a worker thread: bot/store/connection.py).

With --postgresql, measure 3 again on PostgreSQL (a throwaway cluster with fsync on,
tests/pg_cluster.py): the process's CPU per event plus the database server's (read from
/proc), since on PostgreSQL part of the store's work moves to other processes, and the
round trips to the server per event (statements, BEGINs and COMMITs).

Prints events/s and CPU per event (medians of --runs).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from transitions.extensions.asyncio import AsyncMachine  # noqa: E402

from bench.pg_server import create_database, durable_cluster, server_cpu  # noqa: E402
from bench.pipeline import DESCRIPTION, PIN, prepare_template  # noqa: E402
from bot.catalog import load_categories  # noqa: E402
from bot.dispatcher import Dispatcher, Services  # noqa: E402
from bot.i18n import translator  # noqa: E402
from bot.ingest import Incoming, ingest  # noqa: E402
from bot.routing.resolver import Router  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.store.database import open_store  # noqa: E402
from bot.tickets import reference as references  # noqa: E402
from bot.triage.model_file import load_model  # noqa: E402
from flows import complaint  # noqa: E402
from flows.context import FlowContext  # noqa: E402
from flows.events import Choice, Command, Draft, Inbound, Location, Media, Text  # noqa: E402
from flows.intake import Intake  # noqa: E402
from flows.steps import STEPS  # noqa: E402
from flows.triage_model import TriageModel  # noqa: E402
from tests.fakes.scripted_channel import ScriptedChannel  # noqa: E402
from tests.pg_cluster import Cluster  # noqa: E402

PHOTO = b"\xff\xd8\xff\xe0" + os.urandom(16 * 1024)


def script() -> list[dict[str, Any]]:
    """One complaint as payloads of the in-bench channel below."""
    return [
        {"cmd": "aduan"},
        {"choice": "consent:yes"},
        {"choice": "cat:crime"},
        {"text": DESCRIPTION},
        {"choice": "when:yesterday"},
        {"location": PIN},
        {"choice": "place:yes"},
        {"photo": True},
        {"choice": "ev:done"},
        {"choice": "contact:chat"},
        {"choice": "sum:confirm"},
    ]


def body_of(p: dict[str, Any], n: int = 0) -> Any:
    if "cmd" in p:
        return Command(p["cmd"], "")
    if "choice" in p:
        return Choice(p["choice"], None)
    if "text" in p:
        return Text(p["text"])
    if "location" in p:
        return Location(*p["location"])
    return Media(
        kind="photo",
        file_ref=f"P{n}",
        mime_type="image/jpeg",
        size=len(PHOTO),
        sha256="0" * 64,
        stored_name=f"{n}.jpg",
    )


def context(router: Router, model: TriageModel | None = None) -> FlowContext:
    from datetime import UTC, datetime

    return FlowContext(
        triage_model=model,
        tr=translator("id"),
        translator_for=translator,
        categories=load_categories(),
        places=router,
        route_unit=_route(router),
        new_reference=references.new_reference,
        now=datetime.now(UTC),
        max_text_chars=4000,
        max_files_per_ticket=20,
        expiry_hours=24,
        max_file_mb=20,
        retention_days=730,
    )


def _route(router: Router) -> Any:
    from flows.ports import HandlingUnit

    def route(place: Any, route_to: str) -> HandlingUnit | None:
        unit = router.unit_for(place, route_to)
        polda = router.unit(unit.polda_id)
        return HandlingUnit(
            unit.id, unit.name, unit.polda_id, polda.name if polda else unit.polda_id, unit.timezone
        )

    return route


async def handle_fresh_machine(state: str, draft: Draft, inbound: Inbound, ctx: FlowContext) -> Any:
    """complaint.handle, but with a machine built for this one message."""
    machine = AsyncMachine(
        model=None,
        states=complaint._states(),
        transitions=complaint._transitions(),
        initial=None,
        queued="model",
        auto_transitions=True,
    )
    intake = Intake(Draft.from_json(draft.to_json()), ctx, STEPS)
    machine.add_model(intake, initial=state)
    try:
        await complaint._dispatch(intake, inbound.body)
    finally:
        machine.remove_model(intake)
    intake.flush_notes()
    return intake


async def flows_only(
    router: Router, citizens: int, fresh: bool, model: TriageModel | None = None
) -> tuple[float, float]:
    """events/s and CPU ms per event of the pure flow."""
    ctx = context(router, model)
    steps = script()
    events = 0
    cpu0, t0 = time.process_time(), time.perf_counter()
    for n in range(citizens):
        state, draft = complaint.IDLE, Draft()
        for p in steps:
            inbound = Inbound(body=body_of(p, n), language_code="id", display_name="Warga")
            if fresh:
                intake = await handle_fresh_machine(state, draft, inbound, ctx)
                state, draft = intake.state, intake.draft
            else:
                result = await complaint.handle(state, draft, inbound, ctx)
                state, draft = result.state, result.draft
            events += 1
        assert state == complaint.IDLE, state
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return events / wall, cpu * 1000 / events


class Counter:
    def __init__(self) -> None:
        self.hops = 0
        self.statements = 0
        self.turns = 0  # the event loop's iterations (each a select() and its callbacks)


def count_turns(counter: Counter) -> None:
    """Count the running loop's iterations: a statement awaited on a socket costs at least
    one (the reply's callback, then the task's resumption), one run inline none."""
    loop = asyncio.get_running_loop()
    original = loop._run_once  # type: ignore[attr-defined]

    def counted() -> None:
        counter.turns += 1
        original()

    loop._run_once = counted  # type: ignore[attr-defined]


async def with_store(
    router: Router,
    data: Path,
    citizens: int,
    counter: Counter,
    url: str = "",
    cluster: Any = None,
) -> tuple[float, float, float]:
    """(events/s, client CPU ms/event, database server CPU ms/event: 0 for SQLite)."""
    settings = load_settings(
        {"DUMAS_DATA_DIR": str(data), "DUMAS_FLOOD_MESSAGES": "100000", "DUMAS_DATABASE_URL": url},
        env_file=None,
    )
    channel = ScriptedChannel("bench", photo=PHOTO)
    async with open_store(settings.database_url, settings.db_path) as db:

        def trace(_sql: str) -> None:
            counter.statements += 1

        dispatcher = Dispatcher(
            Services(
                settings=settings,
                db=db,
                adapters={"bench": channel},
                places=router,
                route_unit=_route(router),
                unit_name=lambda unit: unit,
                wake_outbox=lambda: None,
            )
        )
        steps = script()
        counter.hops = counter.statements = counter.turns = 0
        round_trips = None
        if db.dialect == "sqlite":
            await db.conn.set_trace_callback(trace)
        else:
            round_trips = count_round_trips(db)
        cpu0, t0, server0 = time.process_time(), time.perf_counter(), server_cpu(cluster)
        # every citizen's i-th event is stored before anyone's (i+1)-th: the lanes run in
        # parallel (the dispatcher's concurrency) and each lane in order
        for i, p in enumerate(steps):
            await ingest(
                db,
                dispatcher,
                channel,
                [Incoming(f"{n}:{i}", {**p, "user": n}) for n in range(citizens)],
            )
            await dispatcher.wait_idle(600)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        server = server_cpu(cluster) - server0
        if round_trips is not None:
            counter.statements = round_trips()
        if db.dialect == "sqlite":
            await db.conn.set_trace_callback(None)
        tickets = await db.fetchone("SELECT COUNT(*) FROM tickets")
        assert tickets is not None and tickets[0] == citizens, tickets
        events = citizens * len(steps)
    return events / wall, cpu * 1000 / events, server * 1000 / events


def count_round_trips(db: Any) -> Callable[[], int]:
    """PostgreSQL: each statement is a round trip to the server, and so are a
    transaction's BEGIN and COMMIT. Returns what counts them so far."""
    conn, first = db.conn, db.conn.statements
    transaction = db.transaction
    transactions = 0

    @asynccontextmanager
    async def counted(*args: Any) -> AsyncIterator[Any]:
        nonlocal transactions
        transactions += 1
        async with transaction(*args) as inside:
            yield inside

    db.transaction = counted
    return lambda: int(conn.statements - first + 2 * transactions)


def count_hops(counter: Counter) -> None:
    """Count round trips to a worker thread (the store's COMMITs and slow statements)."""
    from bot.store import connection

    original = connection.off_loop

    async def counted(work: Any, *args: Any, **kwargs: Any) -> Any:
        counter.hops += 1
        return await original(work, *args, **kwargs)

    connection.off_loop = counted


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--store-only",
        action="store_true",
        help="only the Dispatcher on the store (measure 3): for before/after comparisons",
    )
    parser.add_argument(
        "--flows-only",
        action="store_true",
        help="only the flows on the shared machine (measure 1), each run's figure printed: "
        "for before/after comparisons of flows/",
    )
    parser.add_argument(
        "--triage-model",
        action="store_true",
        help="with --flows-only: the flows with the shipped triage model, as the bot runs "
        "them (bot/dispatcher.py loads it); without, the word lists alone",
    )
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="also the Dispatcher on PostgreSQL (a throwaway cluster, fsync on)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="keep the prepared data directory here between invocations (default: a "
        "temporary directory, prepared again each time)",
    )
    args = parser.parse_args()
    if args.flows_only:
        return await measure_flows(args)
    if not args.postgresql:
        return await measure(args, None)
    with durable_cluster() as cluster:
        return await measure(args, cluster)


async def measure_flows(args: argparse.Namespace) -> int:
    """Measure 1 alone, one warm-up run first (imports, caches, the first intakes)."""
    with tempfile.TemporaryDirectory(prefix="dumas-engine-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        # the router reads what it needs at load: the directory may go afterwards
        router = Router.load(
            load_settings({"DUMAS_DATA_DIR": str(prepare_template(work))}, env_file=None)
        )
    model = load_model() if args.triage_model else None
    await flows_only(router, max(10, args.citizens // 10), fresh=False, model=model)
    runs = [
        await flows_only(router, args.citizens, fresh=False, model=model) for _ in range(args.runs)
    ]
    cpu = [ms for _rate, ms in runs]
    print(
        f"flows{' + triage model' if model else ''}, one shared machine: "
        f"{statistics.median(cpu):.4f} CPU ms/event "
        f"(median of {args.runs}: {', '.join(f'{ms:.4f}' for ms in cpu)}), "
        f"{statistics.median(rate for rate, _ms in runs):,.0f} events/s"
    )
    return 0


async def measure(args: argparse.Namespace, cluster: Cluster | None) -> int:
    counter = Counter()
    count_hops(counter)
    count_turns(counter)
    with tempfile.TemporaryDirectory(prefix="dumas-engine-") as tmp:
        work = Path(tmp)
        if args.work is not None:
            args.work.mkdir(parents=True, exist_ok=True)
            template = prepare_template(args.work)
        else:
            template = prepare_template(work)
        router = Router.load(load_settings({"DUMAS_DATA_DIR": str(template)}, env_file=None))
        shared, fresh, stored, per_event, on_pg = [], [], [], [], []
        pg_trips: list[float] = []  # PostgreSQL: round trips per event
        turns: list[float] = []  # the event loop's iterations per event, SQLite's
        pg_turns: list[float] = []
        for run in range(args.runs):
            if not args.store_only:
                shared.append(await flows_only(router, args.citizens, fresh=False))
                fresh.append(await flows_only(router, max(50, args.citizens // 5), fresh=True))
            data = work / f"store-{run}"
            stored.append(await with_store(router, data, args.citizens, counter))
            events = args.citizens * len(script())
            per_event.append((counter.statements / events, counter.hops / events))
            turns.append(counter.turns / events)
            if cluster is not None:
                await create_database(cluster, f"run{run}")
                on_pg.append(
                    await with_store(
                        router, data, args.citizens, counter, cluster.url(f"run{run}"), cluster
                    )
                )
                pg_trips.append(counter.statements / events)
                pg_turns.append(counter.turns / events)

    def med(values: list[Any], i: int) -> float:
        return statistics.median(v[i] for v in values)

    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; {args.citizens} citizens "
        f"x {len(script())} events; medians of {args.runs} runs"
    )
    print("| engine | events/s | CPU ms/event |")
    print("| --- | --- | --- |")
    if shared:
        print(f"| flows, one shared machine | {med(shared, 0):,.0f} | {med(shared, 1):.3f} |")
        print(f"| flows, a new machine per message | {med(fresh, 0):,.0f} | {med(fresh, 1):.3f} |")
    print(f"| Dispatcher + Database (no HTTP) | {med(stored, 0):,.0f} | {med(stored, 1):.3f} |")
    if on_pg:
        print(
            f"| Dispatcher + PostgreSQL (no HTTP) | {med(on_pg, 0):,.0f} | "
            f"{med(on_pg, 1):.3f} + server {med(on_pg, 2):.3f} |"
        )
    if shared:
        print(
            f"new machine per message / shared machine: "
            f"{med(fresh, 1) / med(shared, 1):.1f}x the CPU per event "
            f"(+{med(fresh, 1) - med(shared, 1):.3f} ms)"
        )
    print(
        f"store per event: {med(per_event, 0):.1f} SQL statements, "
        f"{med(per_event, 1):.1f} hops to a worker thread, "
        f"{statistics.median(turns):.1f} event-loop turns"
    )
    if pg_trips:
        print(
            f"PostgreSQL per event: {statistics.median(pg_trips):.1f} round trips to the server "
            f"(statements, BEGINs and COMMITs), {statistics.median(pg_turns):.1f} event-loop turns"
        )
        print(
            f"PostgreSQL / SQLite: {med(on_pg, 0) / med(stored, 0):.0%} of the events/s, "
            f"{(med(on_pg, 1) + med(on_pg, 2)) / med(stored, 1):.2f}x the CPU per event"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
