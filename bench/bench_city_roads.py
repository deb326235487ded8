"""Cost of the session 36 street rules: the city km roads (city_roads.csv read by
bot/routing/toll_roads.py) and the crossing of two named streets
(`Router._where_the_streets_cross`). Counted first, then CPU per typed place with both
rules off and on, alternated in one process.

    .venv/bin/python bench/bench_city_roads.py [--rounds 2]

"Off" is the code as before the session: the toll tables loaded without the city files,
and `_where_the_streets_cross` answering nothing. Counted: how many development texts pass
the toll reader's trigger test (and so pay its word loop), how many get a city road
reading, how many reach the crossing reader (asked or not found) and how many it answers.
CPU: process time per `resolve_text` over the development half's texts, off then on, each
round; mean and p99 in milliseconds side by side.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_toll_roads import resolution_cpu_ms  # noqa: E402
from bot.routing.resolver import Router  # noqa: E402
from bot.routing.toll_roads import TollRoads  # noqa: E402
from bot.settings import load_settings  # noqa: E402

DEV = REPO / "tests" / "eval" / "places" / "dev.jsonl"


def _texts() -> list[str]:
    items = (json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines())
    return [str(i["text"]) for i in items if isinstance(i.get("text"), str)]


def _p99(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.99)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    router = Router.load(load_settings())
    texts = _texts()
    with_city = router.toll_roads
    without_city = TollRoads.load(city_roads_path=None, city_places_path=None)
    crossing = router._where_the_streets_cross

    def no_crossing(typed: str, res: object) -> None:
        return None

    triggered = {
        name: sum(1 for t in texts if roads.may_read(t))
        for name, roads in (("before", without_city), ("after", with_city))
    }
    city_readings = sum(1 for t in texts if (r := with_city.reading(t)) is not None and r.city)
    print(f"development texts: {len(texts)}")
    print(f"past the toll reader's trigger test: {triggered['before']} -> {triggered['after']}")
    print(f"with a city road reading: {city_readings}")
    reached = answered = 0
    for text in texts:
        res = router._resolution(router.gazetteer.search(text))
        if res.status in ("ambiguous", "not_found"):
            reached += 1
            answered += crossing(text, res) is not None
    print(f"first readings asked or not found (the crossing reader's input): {reached}")
    print(f"answered by the crossing reader: {answered}")
    for _ in range(20):  # warm-up
        router.resolve_text(texts[0])
    print("round  off mean / on mean (ms)   off p99 / on p99 (ms)")
    for n in range(args.rounds):
        router.toll_roads = without_city
        router._where_the_streets_cross = no_crossing  # type: ignore[method-assign]
        off = resolution_cpu_ms(router, texts)
        router.toll_roads = with_city
        router._where_the_streets_cross = crossing  # type: ignore[method-assign]
        on = resolution_cpu_ms(router, texts)
        print(
            f"{n + 1:>5}  {statistics.mean(off):.2f} / {statistics.mean(on):.2f}"
            f"                {_p99(off):.1f} / {_p99(on):.1f}"
        )


if __name__ == "__main__":
    main()
