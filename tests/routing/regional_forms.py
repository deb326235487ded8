"""The regional audit: villages written in a region's own spelling and settlement words.

Owns: generating, from the Kemendagri tree itself, the forms reporters use for a village
in a region's words and spelling (session 35), and scoring them as the hamlet audit does
(`tests/routing/hamlet_forms.py` `score`: right, asked_ok, guessed, asked_unneeded, wrong,
nothing):

- Minangkabau spellings: every village and kelurahan of Sumatera Barat whose name has a
  spelling pair of `bot/routing/regional_spellings.py` the tree shows both ways, written
  in the other spelling ("nagari kamang hilir" for Kamang Hilia, "air pacah" for Aie
  Pacah), after "nagari", after "kantor walinagari", and after "jorong H";
- Bali: "banjar H desa adat V", "banjar dinas H desa V", "br H desa V";
- the Batak lands: "huta iii V", "huta ii H nagori V" (Simalungun);
- Yogyakarta: "padukuhan H kalurahan V", "padukuhan H V";
- any province: "lingkungan H kel V" for kelurahan, "H rt3 rw2 V" and "rt04/rw02 dusun H
  desa V" (numbers glued to their word).

V is a village chosen by a hash of its code (for the Minang spellings: every one that has
a pair), H the name of a village of another kab/kota. `--pairs` prints how often the tree's
names of province 13 show each spelling pair both ways (the evidence the pairs rest on).

Run it (a few minutes): `python -m tests.routing.regional_forms [--failures N] [--only
FORM] [--dump FILE] [--pairs]`. `tests/routing/test_regional_forms.py` scores a fixed
sample of the same forms.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Iterator

from bot.routing.regional_spellings import MINANG_PROVINCE, minang_variants
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.hamlet_forms import Form, Villages, _h, _plain, print_audit

# (template, region of V, villages per kab/kota or in all): "{H}" the hamlet, "{V}" the
# village as the tree writes it
REGIONAL_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("banjar {H} desa adat {V}", ("51",)),
    ("banjar dinas {H} desa {V}", ("51",)),
    ("br {H} desa {V}", ("51",)),
    ("huta iii {V}", ("12.08",)),
    ("huta ii {H} nagori {V}", ("12.08",)),
    ("padukuhan {H} kalurahan {V}", ("34",)),
    ("padukuhan {H} {V}", ("34",)),
)
# any province, one village per kab/kota
ANYWHERE_FORMS = (
    "lingkungan {H} kel {V}",
    "{H} rt3 rw2 {V}",
    "rt04/rw02 dusun {H} desa {V}",
)
# the Minang village in its other spelling ("{W}")
MINANG_FORMS = ("nagari {W}", "kantor walinagari {W}", "jorong {H} nagari {W}")


def spelling_pairs(tree: RegionTree) -> dict[str, list[str]]:
    """For each Minang spelling pair, the words of province 13's names that the tree
    writes both ways ("bukik" and "bukit")."""
    words: set[str] = set()
    for code, name in tree.items():
        if code.startswith(MINANG_PROVINCE):
            words.update(re.sub(r"[^a-z ]", " ", name.lower().replace("'", "")).split())
    pairs: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words):
        for other in minang_variants(word):
            if other in words and other != word:
                pairs[f"{word}/{other}"].append(word)
    return pairs


def _kelurahan(code: str) -> bool:
    return code[9] == "1"


def generate(tree: RegionTree, regional: int = 60) -> Iterator[Form]:
    villages = Villages(tree)
    by_regency: dict[str, list[str]] = defaultdict(list)
    for code, key in villages.key_of.items():
        if _plain(key):
            by_regency[code[:5]].append(code)
    # Minang spellings: every village of province 13 with a pair
    for code in sorted(villages.key_of):
        key = villages.key_of[code]
        if not code.startswith(MINANG_PROVINCE) or not _plain(key):
            continue
        variants = minang_variants(key)
        if not variants:
            continue
        # the spelling typed may be another village's own ("tanjuang gadang" of Lima
        # Puluh Kota for Tanjung Gadang of Sijunjung): where the form may lie is either
        written = variants[0]
        holders = villages.holders(key, region=(MINANG_PROVINCE,))
        if any(c.startswith(MINANG_PROVINCE) for c in villages.by_key.get(written, ())):
            holders |= villages.holders(written, region=(MINANG_PROVINCE,))
        for template in MINANG_FORMS:
            hamlet = villages.hamlet_name(code, template)
            text = template.format(H=hamlet, W=written)
            yield Form(text, template, code, holders)
    for template, region in REGIONAL_FORMS:
        pool = sorted(
            (c for r, codes in by_regency.items() if r.startswith(region) for c in codes),
            key=lambda c: _h(c + template),
        )
        for code in pool[:regional]:
            key = villages.key_of[code]
            hamlet = villages.hamlet_name(code, template)
            text = template.format(H=hamlet, V=key)
            bare = "{H} {V}" in template
            yield Form(text, template, code, villages.holders(key, "", region, bare))
    for template in ANYWHERE_FORMS:
        for regency in sorted(by_regency):
            codes = by_regency[regency]
            if template.startswith("lingkungan"):
                codes = [c for c in codes if _kelurahan(c)]
            if not codes:
                continue
            code = min(codes, key=lambda c: _h(c + template))
            key = villages.key_of[code]
            hamlet = villages.hamlet_name(code, template)
            text = template.format(H=hamlet, V=key)
            bare = template == "{H} rt3 rw2 {V}"  # no village word before V
            yield Form(text, template, code, villages.holders(key, "", (), bare))


def read_forms(path: str) -> Iterator[Form]:
    """Forms written by `--write-forms` (to score the same texts on an older tree, whose
    spelling pairs would generate others)."""
    with open(path) as lines:
        for line in lines:
            text, template, code, holders = line.rstrip("\n").split("\t")
            yield Form(text, template, code, frozenset(holders.split()))


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=0, help="print N failures per reason")
    parser.add_argument("--only", default="", help="only this form (its template)")
    parser.add_argument("--regional", type=int, default=60)
    parser.add_argument("--dump", default="", help="write every form's outcome to this file")
    parser.add_argument("--pairs", action="store_true", help="print the tree's spelling pairs")
    parser.add_argument("--write-forms", default="", help="write the forms to this file, stop")
    parser.add_argument("--forms", default="", help="score this file's forms")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    if args.pairs:
        for pair, words in sorted(spelling_pairs(gazetteer.tree).items()):
            print(f"{pair}\t{len(words)}")
        return 0
    if args.write_forms:
        with open(args.write_forms, "w") as out:
            for form in generate(gazetteer.tree, args.regional):
                out.write(
                    f"{form.text}\t{form.form}\t{form.code}\t{' '.join(sorted(form.holders))}\n"
                )
        return 0
    forms = read_forms(args.forms) if args.forms else generate(gazetteer.tree, args.regional)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    return print_audit(router, forms, args, width=34)


if __name__ == "__main__":
    sys.exit(main())
