"""Print how the resolver reads the Polsek names of data/routing/polsek_lists.csv (session 41).

Each name is typed as "polsek X" and "lapor ke polsek X" (bot/evaluation/polsek_probe.py)
and its answer sorted into right / asked / wrong / missed; the counts are printed per Polda,
then every form that is not right or asked (the names that need a row in
data/routing/polsek_names.csv, or a page showing they are shared).

Run from the repository root:
    .venv/bin/python tools/probe_polsek_names.py [--all]
--all also prints the asked forms (names shared by several units).
"""

from __future__ import annotations

import argparse
from collections import Counter

from bot.evaluation.polsek_probe import (
    OUTCOMES,
    counts_by_polda,
    probe_all,
    read_polsek_lists,
)
from bot.routing.resolver import Router
from bot.settings import load_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also print the asked forms")
    args = parser.parse_args()
    router = Router.load(load_settings())
    listed = read_polsek_lists()
    answers = probe_all(router, listed)
    counts = counts_by_polda(router, answers)
    print(f"{len(listed)} Polsek names, {len(answers)} forms")
    print("polda\t" + "\t".join(OUTCOMES))
    for polda in sorted(counts):
        print(polda + "\t" + "\t".join(str(counts[polda][o]) for o in OUTCOMES))
    total: Counter[str] = sum(counts.values(), start=Counter())
    print("all\t" + "\t".join(str(total[o]) for o in OUTCOMES))
    shown = {"wrong", "missed"} | ({"asked"} if args.all else set())
    for answer in answers:
        if answer.outcome in shown:
            print(f"{answer.outcome}\t{answer.text}\t{answer.polsek.regency}\t{answer.answer}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
