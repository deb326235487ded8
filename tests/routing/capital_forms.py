"""The regency-capital audit: every kabupaten's seat typed the way citizens and news name it.

Owns: reading `data/places/lists/regency_capitals.tsv` (the 416 kabupaten of the Kemendagri
tree, each with its ibu kota) and scoring, for each capital, three forms a complaint uses:
the town alone ("dobo"), in a story ("ada begal di dobo") and with its regency ("dobo,
kepulauan aru"). People name the town, not the regency ("ada begal di moanemani"), and a
seat is often no kecamatan or village of the tree (Purwokerto, Sengeti, Tiakur), or its name
is shared with villages of other units (Tanjung Selor, Sukadana, Martapura).

Outcomes are those of `tests/routing/kind_name_forms.score`: `right` (the capital's kab/kota
and its unit), `asked_ok` (asked among kab/kota of different units that hold a kab/kota,
kecamatan or village of that name, the capital's own among them), `asked_unneeded`,
`other_holder`, `wrong`, `nothing` (lost: not found or refused).

Run it: `python -m tests.routing.capital_forms [--failures N]`;
`tests/routing/test_capitals_forms.py` runs it over the whole list.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name
from tests.routing.kind_name_forms import OUTCOMES, Form, Names

CAPITALS_PATH = (
    Path(__file__).resolve().parents[2] / "data" / "places" / "lists" / "regency_capitals.tsv"
)
# the three ways a complaint names a capital (see forms_of)
SHAPES = ("alone", "story", "with_regency")


@dataclass(frozen=True, slots=True)
class Capital:
    code: str  # the kabupaten
    name: str  # its ibu kota as the list writes it


def read_capitals(path: Path = CAPITALS_PATH) -> list[Capital]:
    """The list's rows that name a capital (a row whose capital was not read is skipped)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [Capital(row["code"], row["capital"]) for row in rows if row["capital"].strip()]


class JoinedNames:
    """Name written without spaces -> kab/kota codes holding a kab/kota, kecamatan or village
    of that name: the resolver reads "suka makmue" and "sukamakmue" (a kecamatan of Sabang)
    as one name, so both holders may be asked."""

    def __init__(self, names: Names) -> None:
        self.codes: dict[str, set[str]] = defaultdict(set)
        for index in (names.regency, names.district, names.village):
            for key, codes in index.items():
                self.codes[key.replace(" ", "")].update(codes)

    def holders(self, key: str) -> frozenset[str]:
        return frozenset(self.codes.get(key.replace(" ", ""), ()))


def forms_of(
    tree: RegionTree, names: Names, joined: JoinedNames, capital: Capital
) -> Iterator[tuple[str, Form]]:
    """(shape, form) for the three ways a complaint names this capital."""
    key = name_key(capital.name)
    regency = name_key(bare_regency_name(tree.name(capital.code) or ""))
    # the capital's own kab/kota is a holder even where the tree has no place of its name
    holders = names.holders(key) | joined.holders(key) | {capital.code}
    texts = {
        "alone": key,
        "story": f"ada begal di {key}",
        "with_regency": f"{key}, {regency}",
    }
    for shape in SHAPES:
        with_regency = shape == "with_regency"
        yield shape, Form(texts[shape], "capital", "kabkota", capital.code, holders, with_regency)


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, Router, load_gazetteer
    from bot.routing.table import load_table
    from tests.routing.kind_name_forms import score

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=0, help="print N failures per outcome")
    parser.add_argument("--dump", default="", help="write every form's outcome to this file")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    names = Names(gazetteer.tree)
    joined = JoinedNames(names)
    by_shape: dict[str, Counter[str]] = defaultdict(Counter)
    failures: dict[str, list[str]] = defaultdict(list)
    dump = open(args.dump, "w") if args.dump else None  # noqa: SIM115
    for capital in read_capitals():
        for shape, form in forms_of(gazetteer.tree, names, joined, capital):
            outcome, got = score(router, form)
            by_shape[shape][outcome] += 1
            if outcome not in ("right", "asked_ok"):
                failures[outcome].append(f"{form.text!r} [{form.code}] -> {got}")
            if dump:
                dump.write(f"{outcome}\t{shape}\t{form.text}\t{form.code}\t{got}\n")
    if dump:
        dump.close()
    for shape in SHAPES:
        counts = by_shape[shape]
        cells = " ".join(f"{o}={counts[o]}" for o in OUTCOMES)
        print(f"{shape:14} of {sum(counts.values()):4}  {cells}")
    for outcome, lines in sorted(failures.items()):
        for text in lines[: args.failures]:
            print(f"{outcome}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
