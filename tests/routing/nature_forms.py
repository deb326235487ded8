"""Audit of the nature sites of data/places/landmarks/nature.csv in the forms reporters use
(session 35, issue 14): "pantai modangan", "wisatawan tenggelam di curug cikaso", "coban
rondo malang", and the name without its generic word ("modangan"), which must not be
decided by the site alone.

    python -m tests.routing.nature_forms [--failures N] [--only typed|story|with_city|bare]

Forms, from every row of the file:

- typed: the name as written ("Pantai Modangan" -> "pantai modangan");
- story: the name after the words of an incident ("wisatawan tenggelam di pantai
  modangan");
- with_city: the name and its kab/kota without the level word ("pantai modangan malang");
- bare: the name without its generic word, where that rest is the name of a region
  (kecamatan or village) lying elsewhere ("modangan"): the site alone must not decide it.

A site is right when the answer lies in its kab/kota; a site spanning several kab/kota
(one row each: Gunung Merapi, Danau Toba) is right when the text is asked with exactly
those kab/kota among the buttons. A bare rest is wrong ("site") when the answer is the
site itself. Slow (a few minutes): it resolves some 2,500 texts; not part of the suite
(tests/routing/test_nature_sites.py holds samples).
"""

from __future__ import annotations

import argparse
import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name
from bot.routing.resolver import Router

NATURE_CSV = Path(__file__).resolve().parents[2] / "data" / "places" / "landmarks" / "nature.csv"
# The generic words a nature site's name starts with, longest first
_STARTS = """pemandian_air_panas air_terjun air_panas taman_nasional kebun_raya hutan_wisata
    pantai curug coban grojogan goa gua luweng danau telaga ranu situ waduk bendungan embung
    bukit gunung pulau gili kawah leuwi kedung riam tiu cunca umbul lembah teluk tanjung"""
GENERIC_STARTS = sorted((w.replace("_", " ") for w in _STARTS.split()), key=len, reverse=True)
STORY = "wisatawan tenggelam di {}"


@dataclass(frozen=True)
class Form:
    kind: str  # typed, story, with_city, bare
    text: str
    regencies: tuple[str, ...]  # the site's kab/kota (several for a spanning site)
    site: str


def read_rows(path: Path = NATURE_CSV) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def rest_of(name: str) -> str:
    key = name_key(name)
    for start in GENERIC_STARTS:
        if key.startswith(start + " "):
            return key[len(start) + 1 :]
    return ""


def generate(
    tree: RegionTree, rows: list[dict[str, str]], elsewhere_rows: dict[str, set[str]] | None = None
) -> list[Form]:
    """The forms of `rows`; `elsewhere_rows` gives the kab/kota of rows of the same name in
    the other landmark tables (Gunung Semeru: Lumajang there, Kab. Malang here)."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_name[row["name"]].append(row["regency"])
        by_name[row["name"]].extend((elsewhere_rows or {}).get(row["name"], ()))
    region_names: dict[str, set[str]] = defaultdict(set)
    for level in (3, 4):
        for code, name in tree.items(level):
            region_names[name_key(name)].add(code[:5])
    forms: list[Form] = []
    for name, regencies in by_name.items():
        group = tuple(sorted(set(regencies)))
        lowered = name.lower()
        forms.append(Form("typed", lowered, group, name))
        forms.append(Form("story", STORY.format(lowered), group, name))
        if len(group) == 1:
            city = bare_regency_name(tree.name(group[0]) or "").lower()
            forms.append(Form("with_city", f"{lowered} {city}", group, name))
            rest = rest_of(name)
            elsewhere = region_names.get(rest, set()) - set(group)
            if rest and elsewhere and group[0] not in region_names.get(rest, set()):
                forms.append(Form("bare", rest, group, name))
    return forms


def same_names(router: Router) -> dict[str, set[str]]:
    """Every landmark's kab/kota by name, over all the tables the gazetteer read."""
    found: dict[str, set[str]] = defaultdict(set)
    for landmark in router.gazetteer.landmarks:
        found[landmark.name].add(landmark.code[:5])
    return found


def score(router: Router, form: Form) -> str:
    """right, wrong, asked (a single site asked), not_found, site (a bare rest decided by
    the site)."""
    result = router.resolve_text(form.text)
    chosen = result.chosen
    if form.kind == "bare":
        if chosen is not None and chosen.name == form.site:
            return "site"
        return "right"
    if len(form.regencies) > 1:
        asked = {c.code[:5] for c in result.candidates}
        if result.status == "ambiguous" and set(form.regencies) <= asked:
            return "right"
        return "wrong" if result.status == "ok" else "not_found"
    if result.status == "ok" and chosen is not None:
        return "right" if chosen.code[:5] == form.regencies[0] else "wrong"
    if result.status == "ambiguous":
        return "asked"
    return "not_found"


def run(only: str | None = None, failures: int = 0) -> dict[str, Counter[str]]:
    from bot.settings import load_settings

    router = Router.load(load_settings())
    forms = generate(router.gazetteer.tree, read_rows(), same_names(router))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    shown: Counter[str] = Counter()
    for form in forms:
        if only and form.kind != only:
            continue
        outcome = score(router, form)
        counts[form.kind][outcome] += 1
        if outcome not in ("right",) and shown[form.kind] < failures:
            shown[form.kind] += 1
            print(f"  {form.kind} {outcome}: {form.text!r} (site {form.site}, {form.regencies})")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["typed", "story", "with_city", "bare"])
    parser.add_argument("--failures", type=int, default=0)
    args = parser.parse_args()
    counts = run(args.only, args.failures)
    for kind, counter in counts.items():
        total = sum(counter.values())
        parts = ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))
        right = counter.get("right", 0)
        print(f"{kind}: {total} forms; {parts}; right {100 * right / max(total, 1):.1f} %")


if __name__ == "__main__":
    main()


__all__ = ["Form", "generate", "read_rows", "rest_of", "same_names", "score"]
