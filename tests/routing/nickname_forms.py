"""The nickname audit: every kab/kota nickname and motto row, typed alone and in a sentence.

Owns: reading every `nickname` row of the region-alias tables (data/places/aliases*.csv and
data/routing/aliases*.csv), grouping the rows by the gazetteer's `name_key` of the alias (a
name two kab/kota claim has a row for each, so it is asked), and scoring what the resolver
does with each name typed alone and inside a complaint ("ada jambret di <nickname>"):

- `right`: one claimant, resolved to it (a province's motto: to the province or one of its
  kab/kota, or asked among them);
- `asked_ok`: several claimants, asked, every claimant among the buttons;
- `wrong`: resolved somewhere else, or asked without a claimant, or one claimant's name
  guessed where several claim it;
- `nothing`: not found or refused.

It also checks the names against the Kemendagri tree (generated from the tree, not from any
text): a nickname whose words are the name of a kab/kota other than its own ("Kota Angin"
must not take "Kota X" from a real city), or exactly a kecamatan or village name elsewhere
(a motto must not take over a place), is listed as `tree_clash`.

Run it (about a minute): `python -m tests.routing.nickname_forms [--failures N]`; it also
prints how many of the 514 kab/kota have a nickname row. tests/routing/test_nickname_forms.py
runs the same scoring over the rows of data/places/aliases_mottos.csv.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.routing.place_words import name_key
from bot.routing.region_names import DISTRICT, REGENCY, VILLAGE, read_region_names
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router

REPO = Path(__file__).resolve().parents[2]
TABLES = tuple(
    sorted((REPO / "data" / "places").glob("aliases*.csv"))
    + sorted((REPO / "data" / "routing").glob("aliases*.csv"))
)
MOTTOS = REPO / "data" / "places" / "aliases_mottos.csv"
# the sentence a nickname is typed in: a complaint's usual "<what> di <where>"
SENTENCE = "ada jambret di {}"
OUTCOMES = ("right", "asked_ok", "wrong", "nothing")


@dataclass(frozen=True)
class Nickname:
    key: str  # name_key of the alias
    alias: str  # as first written
    codes: frozenset[str]  # every kab/kota (or province) a row gives it


def rows(tables: Iterable[Path]) -> Iterator[tuple[Path, dict[str, str]]]:
    """The rows of the alias tables (data/routing's begin with `#` comment lines)."""
    for path in tables:
        with path.open(newline="", encoding="utf-8") as handle:
            lines = [line for line in handle if not line.startswith("#")]
        for row in csv.DictReader(lines):
            yield path, row


def nicknames(tables: Iterable[Path] = TABLES) -> list[Nickname]:
    codes: dict[str, set[str]] = defaultdict(set)
    written: dict[str, str] = {}
    for _path, row in rows(tables):
        if row["kind"] != "nickname":
            continue
        key = name_key(row["alias"])
        codes[key].add(row["code"])
        written.setdefault(key, row["alias"])
    return [Nickname(k, written[k], frozenset(c)) for k, c in sorted(codes.items())]


def claimants(key: str, tables: Iterable[Path] = TABLES) -> set[str]:
    """Every code any alias row (of any kind) gives this name: a nickname that is also a
    short form or island of another kab/kota is shared with it."""
    return {row["code"] for _p, row in rows(tables) if name_key(row["alias"]) == key}


def _within(code: str, claimed: Iterable[str]) -> bool:
    return any(code.startswith(c) for c in claimed)


def innermost(claimed: Iterable[str]) -> frozenset[str]:
    """The claimants that hold no other claimant: a name a province and one of its kab/kota
    both bear ("Bunda Tanah Melayu": Kepulauan Riau and Lingga) is the kab/kota's."""
    return frozenset(c for c in claimed if not any(o != c and o.startswith(c) for o in claimed))


def score(router: Router, text: str, claimed: frozenset[str]) -> tuple[str, str]:
    claimed = innermost(claimed)
    result = router.resolve_text(text)
    got = [c.code for c in result.candidates]
    shown = f"{result.status} {','.join(got[:6])} {result.reason}"
    if result.status == "ok" and result.chosen is not None:
        code = result.chosen.code
        if len(claimed) == 1 and _within(code, claimed):
            return "right", shown
        return "wrong", shown
    if result.status == "ambiguous":
        if len(claimed) == 1:
            # a province's motto may be asked among its kab/kota
            (only,) = claimed
            ok = len(only) == 2 and all(c.startswith(only) for c in got)
            return ("right" if ok else "wrong"), shown
        return (
            "asked_ok" if all(any(g.startswith(c) for g in got) for c in claimed) else "wrong"
        ), shown
    return "nothing", shown


def tree_clashes(tree: RegionTree, names: Iterable[Nickname]) -> list[tuple[Nickname, str]]:
    """Nicknames the tree gives to another place: the name of another kab/kota inside the
    nickname's words, or the whole nickname a kecamatan or village name elsewhere."""
    regions = read_region_names(tree)
    out = []
    for nick in names:
        words = nick.key.split()
        whole = regions.held(DISTRICT, nick.key) | regions.held(VILLAGE, nick.key)
        if whole and not any(_within(r, nick.codes) for r in whole):
            out.append((nick, f"a kecamatan/village of {', '.join(sorted(whole)[:5])}"))
            continue
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                run = " ".join(words[start : start + size])
                owners = regions.held(REGENCY, run)
                if owners and not any(_within(o, nick.codes) for o in owners):
                    out.append((nick, f"'{run}' is kab/kota {', '.join(sorted(owners))}"))
                    break
            else:
                continue
            break
    return out


def coverage(tree: RegionTree, tables: Iterable[Path] = TABLES) -> tuple[int, list[str]]:
    """(kab/kota with a nickname row, the codes of those without one)."""
    having = {row["code"] for _p, row in rows(tables) if row["kind"] == "nickname"}
    regencies = [code for code, _name in tree.items(REGENCY)]
    missing = [code for code in regencies if code not in having]
    return len(regencies) - len(missing), missing


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=0, help="print N failures per outcome")
    parser.add_argument("--missing", action="store_true", help="list kab/kota with no nickname")
    parser.add_argument("--only-mottos", action="store_true", help="only aliases_mottos.csv")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    tree = gazetteer.tree
    having, missing = coverage(tree)
    print(f"kab/kota with a nickname row: {having} of {having + len(missing)}")
    if args.missing:
        names = dict(tree.items(REGENCY))
        for code in missing:
            print(f"missing\t{code}\t{names[code]}")
    names_all = nicknames()
    if args.only_mottos:
        keys = {name_key(row["alias"]) for _p, row in rows([MOTTOS])}
        names_all = [n for n in names_all if n.key in keys]
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    failures: list[str] = []
    for nick in names_all:
        for form, text in (("alone", nick.key), ("sentence", SENTENCE.format(nick.key))):
            outcome, shown = score(router, text, nick.codes)
            totals[form][outcome] += 1
            if outcome not in ("right", "asked_ok"):
                failures.append(
                    f"{outcome}\t{form}\t{text!r} [{','.join(sorted(nick.codes))}] -> {shown}"
                )
    for form, counts in totals.items():
        n = sum(counts.values()) or 1
        ok = counts["right"] + counts["asked_ok"]
        cells = " ".join(f"{o}={counts[o]}" for o in OUTCOMES)
        print(f"{form:10} {ok / n:6.1%} of {n:5}  {cells}")
    clashes = tree_clashes(tree, names_all)
    print(f"tree_clash: {len(clashes)}")
    for line in failures[: args.failures]:
        print(line)
    for nick, why in clashes[: args.failures]:
        print(f"tree_clash\t{nick.alias} [{','.join(sorted(nick.codes))}]: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
