"""The closed loop's conversation through the flows alone, counted (issue 21, session 32).

    . .venv/bin/activate
    python bench/bench_flow_steps.py [--citizens 300] [--runs 3] [--count] [--tree DIR]

bench/bench_closed_loop.py's citizens, without the bot around the flows: each sends
/aduan, then presses the first button it knows (consent:yes, cat:crime, desc:done,
when:yesterday, place:yes, place:0, ev:skip, sum:confirm) or types the next text of its
story (the description, then the place "kec cilandak jaksel"), until it sends the
complaint. Every event goes through `complaint.handle` with the shipped triage model and
the real router, as the dispatcher calls it (`owned=True`), on in-memory state.

Prints CPU ms per event (medians of --runs, after a warm-up run). With --count, one run
under cProfile: Python calls per event in all and by layer (flows, the triage, the
time parser, `transitions`, routing, babel, the rest), and the functions called most.
With --tree DIR, the flows, bot and bench modules are imported from DIR (a `git archive`
of another commit), so two trees are compared with this same script, alternated.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", action="store_true", help="one run under cProfile")
    parser.add_argument("--top", type=int, default=25, help="with --count: functions shown")
    parser.add_argument("--tree", type=Path, help="import Dumas from this checkout")
    return parser.parse_args()


ARGS = _args()
REPO = (ARGS.tree or Path(__file__).resolve().parent.parent).resolve()
sys.path.insert(0, str(REPO))

from bench.pipeline import DESCRIPTION, prepare_template  # noqa: E402
from bot.catalog import load_categories  # noqa: E402
from bot.i18n import translator  # noqa: E402
from bot.routing.resolver import Router  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.tickets import reference as references  # noqa: E402
from bot.triage.model_file import load_model  # noqa: E402
from flows import complaint  # noqa: E402
from flows.context import FlowContext  # noqa: E402
from flows.events import Choice, Command, Draft, Inbound, Text  # noqa: E402
from flows.ports import HandlingUnit  # noqa: E402

PLACE = "kec cilandak jaksel"  # bench/bench_closed_loop.py's
PREFERRED = (
    "consent:yes",
    "cat:crime",
    "desc:done",
    "when:yesterday",
    "place:yes",
    "place:0",
    "ev:skip",
    "sum:confirm",
)
LAST = "sum:confirm"


def context(router: Router, model: Any) -> FlowContext:
    from datetime import UTC, datetime

    def route(place: Any, route_to: str) -> HandlingUnit | None:
        unit = router.unit_for(place, route_to)
        polda = router.unit(unit.polda_id)
        return HandlingUnit(
            unit.id, unit.name, unit.polda_id, polda.name if polda else unit.polda_id, unit.timezone
        )

    return FlowContext(
        triage_model=model,
        tr=translator("id"),
        translator_for=translator,
        categories=load_categories(),
        places=router,
        route_unit=route,
        new_reference=references.new_reference,
        now=datetime.now(UTC),
        max_text_chars=4000,
        max_files_per_ticket=20,
        expiry_hours=24,
        max_file_mb=20,
        retention_days=730,
    )


async def citizens(ctx: FlowContext, n: int) -> int:
    """n complaints as the closed loop's citizens file them; the events handled."""
    events = 0
    for _ in range(n):
        state, draft = complaint.IDLE, Draft()
        story = [DESCRIPTION, PLACE]
        body: Any = Command("aduan", "")
        for _step in range(20):
            inbound = Inbound(body=body, language_code="id", display_name="Warga")
            result = await complaint.handle(state, draft, inbound, ctx, owned=True)
            events += 1
            state, draft = result.state, result.draft
            if isinstance(body, Choice) and body.choice_id == LAST:
                break
            shown = {o.id for reply in result.replies for o in reply.options}
            choice = next((c for c in PREFERRED if c in shown), None)
            if choice is not None:
                body = Choice(choice, None)
            elif story:
                body = Text(story.pop(0))
            else:
                raise RuntimeError(f"no answer at {state}: {[r.text for r in result.replies]}")
        else:
            raise RuntimeError("a citizen did not finish")
        assert state == complaint.IDLE, state
    return events


LAYERS = (  # (layer, path piece), first match wins
    ("triage", "/flows/triage"),
    ("triage", "/flows/intent.py"),
    ("time parser", "/flows/when.py"),
    ("flows", "/flows/"),
    ("transitions", "/transitions/"),
    ("routing", "/bot/routing/"),
    ("babel", "/babel/"),
    ("i18n", "/bot/i18n/"),
    ("rapidfuzz", "rapidfuzz"),
)


def layer_of(filename: str) -> str:
    return next((name for name, piece in LAYERS if piece in filename), "other")


def count_report(profile: cProfile.Profile, events: int, top: int) -> str:
    """Calls and own time per event by layer; a built-in function (no file of its own) is
    charged to the layer of each function that called it, by its calls from there."""
    stats = pstats.Stats(profile)
    calls: dict[str, float] = {}
    own: dict[str, float] = {}
    rows = []
    total = 0
    table = stats.stats  # type: ignore[attr-defined]
    for (filename, line, name), (_cc, ncalls, tottime, _ct, callers) in table.items():
        total += ncalls
        rows.append((ncalls, f"{Path(filename).name}:{line}({name})"))
        if filename == "~" and callers:
            for (c_file, _l, _n), (_c, c_calls, c_tt, _c_ct) in callers.items():
                layer = layer_of(c_file)
                calls[layer] = calls.get(layer, 0) + c_calls
                own[layer] = own.get(layer, 0.0) + c_tt
            continue
        layer = layer_of(filename)
        calls[layer] = calls.get(layer, 0) + ncalls
        own[layer] = own.get(layer, 0.0) + tottime
    lines = [f"Python calls per event: {total / events:.1f} (layer: calls, own µs under cProfile)"]
    lines += [
        f"  {layer:<12} {n / events:8.1f} {own.get(layer, 0.0) * 1e6 / events:8.1f}"
        for layer, n in sorted(calls.items(), key=lambda kv: -kv[1])
    ]
    lines.append("most called (per event):")
    lines += [f"  {n / events:8.2f}  {where}" for n, where in sorted(rows)[::-1][:top]]
    return "\n".join(lines)


async def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dumas-flow-steps-") as tmp:
        router = Router.load(
            load_settings({"DUMAS_DATA_DIR": str(prepare_template(Path(tmp)))}, env_file=None)
        )
    ctx = context(router, load_model())
    await citizens(ctx, max(10, ARGS.citizens // 10))  # warm-up: imports, caches, intakes
    if ARGS.count:
        profile = cProfile.Profile()
        profile.enable()
        events = await citizens(ctx, ARGS.citizens)
        profile.disable()
        print(f"{REPO}: {events} events, {events / ARGS.citizens:.1f} a complaint")
        print(count_report(profile, events, ARGS.top))
        return 0
    cpu = []
    for _ in range(ARGS.runs):
        cpu0 = time.process_time()
        events = await citizens(ctx, ARGS.citizens)
        cpu.append((time.process_time() - cpu0) * 1000 / events)
    print(
        f"{REPO}: {statistics.median(cpu):.4f} CPU ms/event "
        f"(median of {ARGS.runs}: {', '.join(f'{ms:.4f}' for ms in cpu)}), "
        f"{events / ARGS.citizens:.1f} events a complaint"
    )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
