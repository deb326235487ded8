"""The site-name probe: a nature kind word ("air terjun", "curug", "pantai"...) followed by
a name nobody compiled (session 41, issue 14).

Owns: generating, from the Kemendagri tree and a seeded syllable generator (not from any
text this code was written beside), the forms a report takes when the site is in no table:

- `made_up`: the kind word and one or two made-up words ("air terjun bokamu"): nothing in
  the text says where; right when nothing is decided (not found or asked);
- `region_then_more`: a one-word kecamatan or village name followed by a made-up word
  ("pantai batu bengkung", "air terjun tumpang dua"): the region's word is the first word
  of the site's name, which may lie anywhere; right when nothing is decided;
- `second_kind`: a second kind word before a region's name ("air terjun pulau simo"): the
  name is the site's own; right when nothing is decided;
- `fuzzy`: a made-up word one letter away from a kecamatan's name ("curug priuk" is no
  Periuk): right when nothing is decided;
- `then_district`: a made-up name and then a kecamatan that no other kecamatan or village
  shares ("pantai bokamu anyer"): the place is written after the name; right when resolved
  to that kecamatan's kab/kota;
- `then_regency`: a region's word, a made-up word and a kab/kota ("air terjun simo bokamu
  kampar"): right when resolved to that kab/kota.

Every form is also scored inside a story ("wisatawan tenggelam di ..."). A made-up word is
kept only when no region's name holds it as a word.

    python -m tests.routing.site_name_forms [--per-kind N] [--failures N]

`tests/routing/test_site_name_forms.py` scores a small fixed sample of the same forms.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name
from bot.routing.resolver import Router

KINDS = ("air terjun", "curug", "coban", "grojogan", "riam", "sarambu", "pantai", "goa")
SECOND_KINDS = ("pulau", "gunung", "goa", "danau")
STORY = "wisatawan tenggelam di {}"
SEED = 41
_CONSONANTS = "bdgjklmnprstw"
_VOWELS = "aiuo"


@dataclass(frozen=True)
class Form:
    kind: str  # made_up, region_then_more, second_kind, fuzzy, then_district, then_regency
    text: str
    regency: str  # the kab/kota a right answer lies in ("|" between several); "" when
    # nothing must be decided


def known_words(tree: RegionTree) -> set[str]:
    """Every word of a region's name (a made-up word must be none of them). Not the
    landmark tables': the forms must not change when rows are added, so that one seed
    measures a branch against its base."""
    words: set[str] = set()
    for level in (1, 2, 3, 4):
        for _code, name in tree.items(level):
            words.update(name_key(name).split())
    return words


def made_up_words(rng: random.Random, known: set[str]) -> Iterator[str]:
    """Three-syllable words no place name holds."""
    while True:
        word = "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(3))
        if word not in known:
            yield word


def _one_word_names(tree: RegionTree, level: int) -> dict[str, set[str]]:
    """One-word names of `level` -> the kab/kota holding them."""
    names: dict[str, set[str]] = defaultdict(set)
    for code, name in tree.items(level):
        key = name_key(name)
        if " " not in key and len(key) >= 4 and key.isalpha():
            names[key].add(code[:5])
    return names


def generate(tree: RegionTree, per_kind: int = 40, seed: int = SEED) -> list[Form]:
    rng = random.Random(seed)
    known = known_words(tree)
    invented = made_up_words(rng, known)
    districts = _one_word_names(tree, 3)
    villages = _one_word_names(tree, 4)
    shared = set(districts) | set(villages)
    # a kecamatan no other kecamatan and no village shares: written after the site's name,
    # it says where
    lone = sorted(n for n, regs in districts.items() if len(regs) == 1 and n not in villages)
    regions = sorted(shared)
    # a kab/kota's bare name -> every kab/kota bearing it ("bogor": Kab. and Kota Bogor)
    bearing: dict[str, set[str]] = defaultdict(set)
    for code, name in tree.items(2):
        bearing[name_key(bare_regency_name(name))].add(code)
    regencies = sorted(
        name_key(bare_regency_name(name))
        for _code, name in tree.items(2)
        if not name.startswith("Kota")
    )
    forms: list[Form] = []
    for kind in KINDS:
        for _ in range(per_kind):
            forms.append(Form("made_up", f"{kind} {next(invented)}", ""))
            forms.append(Form("made_up", f"{kind} {next(invented)} {next(invented)}", ""))
            region = rng.choice(regions)
            forms.append(Form("region_then_more", f"{kind} {region} {next(invented)}", ""))
            second = rng.choice(SECOND_KINDS)
            if second != kind:
                forms.append(Form("second_kind", f"{kind} {second} {rng.choice(regions)}", ""))
            district = rng.choice(sorted(districts))
            if len(district) >= 6:
                at = rng.randrange(1, len(district) - 1)
                typo = district[:at] + district[at + 1 :]
                if typo not in shared and typo not in known:
                    forms.append(Form("fuzzy", f"{kind} {typo}", ""))
            lone_one = rng.choice(lone)
            (regency,) = districts[lone_one]
            forms.append(Form("then_district", f"{kind} {next(invented)} {lone_one}", regency))
            bare = rng.choice(regencies)
            forms.append(
                Form(
                    "then_regency",
                    f"{kind} {rng.choice(regions)} {next(invented)} {bare}",
                    "|".join(sorted(bearing[bare])),
                )
            )
    return forms


def score(router: Router, text: str, regency: str) -> tuple[str, str]:
    """("right" | "decided" (a place where nothing may be decided) | "wrong" (another
    kab/kota than the one written) | "undecided" (nothing where a place was written), what
    the resolver gave)."""
    result = router.resolve_text(text)
    got = result.chosen.code if result.status == "ok" and result.chosen else result.status
    if not regency:
        return ("decided" if result.status == "ok" else "right"), got
    if result.status != "ok":
        return "undecided", got
    return ("right" if got.startswith(tuple(regency.split("|"))) else "wrong"), got


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--failures", type=int, default=0, help="print N failures per form")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    failures: dict[tuple[str, str], list[str]] = defaultdict(list)
    for form in generate(gazetteer.tree, args.per_kind):
        for how, text in (("typed", form.text), ("story", STORY.format(form.text))):
            outcome, got = score(router, text, form.regency)
            counts[(form.kind, how)][outcome] += 1
            if outcome != "right":
                failures[(form.kind, how)].append(f"{text!r} -> {got}")
    for key in sorted(counts):
        total = sum(counts[key].values())
        right = counts[key]["right"]
        rest = ", ".join(f"{k} {v}" for k, v in sorted(counts[key].items()) if k != "right")
        print(f"{key[0]:17} {key[1]:6} {right:4}/{total:<4} right  {rest}")
        for line in failures[key][: args.failures]:
            print("    ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
