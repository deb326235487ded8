"""The everyday-spot probe (session 45, askkec): bare kecamatan names after a story's
"di" and an everyday spot, generated from the Kemendagri tree.

Owns: the story frames of session 45 ("pemuda dikeroyok di warkop {X}", "mayat ditemukan
di kebun sawit {X}", "motor ilang di mushola {X}", "motor petani dicuri di sawah {X}"),
each over every kecamatan name (compared without spaces) with the cases and scoring of
`tests/routing/askshared_forms.py`: a name other units' places bear is asked with every
unit offered, a name of one unit answered in its unit. A warkop, a garden, a prayer room
or a field stands in every village of the name (`bot/routing/everyday_spots.py`), so
the spot says no more than "di {X}" does.

And, for comparison, frames of a kind named after its place, counted but not listed as
misses: a petrol station's still decides for the kecamatan (sessions 35-44); a
puskesmas's story was asked already (the gazetteer ties the name's places there).

Run it: `python -m tests.routing.askkec_forms [--every N] [--failures N]`.
`tests/routing/test_askkec_spots.py` scores a small fixed sample of it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict

from bot.routing.resolver import Router
from tests.routing.askshared_forms import OUTCOMES, cases, score

SPOT_SENTENCES = (
    "pemuda dikeroyok di warkop {}",
    "mayat ditemukan di kebun sawit {}",
    "motor ilang di mushola {}",
    "motor petani dicuri di sawah {}",
)
# Kinds named after their place, for comparison (not listed as misses).
NAMED_SENTENCES = (
    "motor pegawai ilang di puskesmas {}",
    "ribut antrean di spbu {}",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--failures", type=int, default=0)
    args = parser.parse_args(argv)
    from bot.settings import load_settings

    router = Router.load(load_settings())
    sentences = SPOT_SENTENCES + NAMED_SENTENCES
    counts: dict[tuple[str, bool], Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    for case in cases(router, args.every, sentences):
        outcome, got = score(router, case)
        template = next(s for s in sentences if s.split("{}")[0] in case.text)
        counts[(template, len(case.units) > 1)][outcome] += 1
        if outcome != "right" and template in SPOT_SENTENCES and len(misses) < args.failures:
            misses.append(f"{outcome:14} {case.text!r}: {got}")
    for (template, shared), tally in sorted(counts.items()):
        total = sum(tally.values())
        line = ", ".join(f"{o} {tally[o]}" for o in OUTCOMES if tally[o])
        print(f"{'shared' if shared else 'one unit':8} {template!r} ({total}): {line}")
    print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
