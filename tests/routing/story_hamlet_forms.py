"""The story hamlet audit: an unknown hamlet's name before a known place, inside a story.

Owns: generating, from the Kemendagri tree itself (not from any text this code was written
beside), sentences a citizen or a reporter writes about a small place the tree does not
hold: "<story> di <settlement word> <hamlet> <village or kecamatan>" ("begal beraksi di
dusun H V", "motor warga dicuri di lingkungan H V", and the forms with commas and level
words "di dusun H, desa V", "di dusun H, desa V, kec D"), and scoring each with the
outcomes of tests/routing/hamlet_forms.py (`right`, `asked_ok`, `guessed`,
`asked_unneeded`, `wrong`, `nothing`).

- V: villages and kecamatan drawn by a hash of their code, a fixed number per province
  (every province is in the sample); plain names only (letters, one to three words).
- H: the hamlet's name, one or two words that are NO name of the tree: words of village
  names of ANOTHER province (real dusun-like words) that are no key of the gazetteer
  (region, village stem, landmark, street or town abroad), no dictionary or chat word,
  and that name nothing when typed alone. Hamlets are mostly unknown to the tree (it
  stops at the village), and that is what this audit asks: the unknown words before a
  known name must not make the known name lost.
- Where the form may lie (`holders`): every kab/kota holding a village, kecamatan or kab/kota
  named V (hamlet_forms.Villages.holders, bare), or only V's village's or kecamatan's
  kab/kota when a level word is written before V. A name shared by kab/kota of different
  units must be asked; a unique one resolved.

Each form is also scored without the hamlet ("<story> di V"): `baseline` in the output says
how often the hamlet changed nothing, the measure of this audit.

Run it (about a minute): `python -m tests.routing.story_hamlet_forms [--failures N]
[--only FORM] [--per-province N]`. `tests/routing/test_story_hamlet_forms.py` scores a
1-in-N sample of the same forms with a floor.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from bot.routing.gazetteer import Gazetteer
from bot.routing.place_index import sentence_word
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.hamlet_forms import OUTCOMES, Form, Villages, _h, _plain, score

# How stories begin: a crime or an accident and the preposition of place; {P} the place.
STORIES = (
    "begal beraksi hampir tiap malam di {P}",
    "motor warga dicuri di {P}",
    "sapi milik warga hilang di {P}",
    "8 pemuda ditangkap polisi di {P}",
    "rumah warga terbakar di {P}",
    "tolong pak ada maling di {P}",
    "seorang pria ditemukan tewas di {P}",
)
# The place written after the story: {H} the hamlet, {V} the known name, {D} V's kecamatan
# (village forms only). Settlement words from place_words.HAMLET_WORDS and the streets and
# estates citizens name below the village.
PLACE_FORMS = (
    "dusun {H} {V}",
    "dukuh {H} {V}",
    "lingkungan {H} {V}",
    "kampung {H} {V}",
    "gang {H} {V}",
    "lorong {H} {V}",
    "blok {H} {V}",
    "perumahan {H} {V}",
    "rt 03 rw 05 dusun {H} {V}",
    "dusun {H}, {V}",
    "dusun {H}, desa {V}",
    "dusun {H}, desa {V}, kec {D}",
)
# Forms that name a village's level word or its kecamatan: kecamatan are not put in them.
VILLAGE_ONLY = frozenset(f for f in PLACE_FORMS if "desa {V}" in f)


class HamletNames:
    """Words of village names that the gazetteer does not know, by province."""

    def __init__(self, gazetteer: Gazetteer, villages: Villages) -> None:
        self.gazetteer = gazetteer
        words: dict[str, str] = {}
        for code, key in villages.key_of.items():
            for word in key.split():
                if word.isalpha() and 5 <= len(word) <= 10:
                    words.setdefault(word, code[:2])
        known = gazetteer.keys
        self.by_province: dict[str, list[str]] = defaultdict(list)
        for word, province in sorted(words.items()):
            if word in known or word in gazetteer.landmark_keys or word in gazetteer.streets:
                continue
            if word in gazetteer.foreign or sentence_word(word):
                continue
            self.by_province[province].append(word)
        self.provinces = sorted(self.by_province)
        self._absent: dict[str, bool] = {}

    def _names_nothing(self, word: str) -> bool:
        """Typed alone the word is no place (not even a misspelt one)."""
        if word not in self._absent:
            result = self.gazetteer.search(word)
            self._absent[word] = result.status not in ("ok", "ambiguous", "outside")
        return self._absent[word]

    def name(self, code: str, salt: str, words: int) -> str:
        """`words` hamlet words from provinces other than `code`'s, chosen by hash."""
        picked: list[str] = []
        for k in range(60):
            if len(picked) == words:
                break
            seed = _h(f"{code}{salt}{k}")
            province = self.provinces[seed % len(self.provinces)]
            if province == code[:2]:
                continue
            pool = self.by_province[province]
            word = pool[(seed // 97) % len(pool)]
            if word not in picked and self._names_nothing(word):
                picked.append(word)
        return " ".join(picked)


def _known_names(tree: RegionTree, villages: Villages, per_province: int) -> list[str]:
    """`per_province` village codes and half as many kecamatan codes of each province,
    by hash, plain names only."""
    by_province: dict[str, list[str]] = defaultdict(list)
    for code, key in villages.key_of.items():
        if _plain(key) and name_key(key) == key:
            by_province[code[:2]].append(code)
    districts: dict[str, list[str]] = defaultdict(list)
    for code, name in tree.items(3):
        if _plain(name_key(name)):
            districts[code[:2]].append(code)
    picked: list[str] = []
    for province in sorted(by_province):
        picked += sorted(by_province[province], key=lambda c: _h(c + "village"))[:per_province]
        picked += sorted(districts[province], key=lambda c: _h(c + "district"))[
            : max(1, per_province // 2)
        ]
    return picked


def generate(gazetteer: Gazetteer, per_province: int = 6) -> Iterator[tuple[Form, str]]:
    """(form, the same story without the hamlet) for each known name, in every place form
    (village forms for villages only) and one story each, chosen by hash."""
    tree = gazetteer.tree
    villages = Villages(tree)
    hamlets = HamletNames(gazetteer, villages)
    for code in _known_names(tree, villages, per_province):
        is_village = code.count(".") == 3
        key = villages.key_of[code] if is_village else name_key(tree.name(code) or "")
        district = name_key(tree.name(code[:8]) or "")
        for form in PLACE_FORMS:
            if form in VILLAGE_ONLY and not is_village:
                continue
            story = STORIES[_h(code + form) % len(STORIES)]
            hamlet = hamlets.name(code, form, 1 + _h(form + code) % 2)
            if not hamlet:
                continue
            place = form.format(H=hamlet, V=key, D=district)
            if "desa {V}" in form:
                holders = villages.holders(key, district if "{D}" in form else "")
            else:
                holders = villages.holders(key, bare=True)
            plain = story.format(P=key if "desa {V}" not in form else f"desa {key}")
            yield Form(story.format(P=place), form, code, holders | {code[:5]}), plain


def audit(
    router: Router, pairs: Iterable[tuple[Form, str]]
) -> tuple[dict[str, Counter[str]], list[str]]:
    """Outcome counts per place form and in all ("all"), with "same" counting forms whose
    outcome equals the one without the hamlet; and the failures as lines."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    failures: list[str] = []
    for form, plain in pairs:
        outcome, got = score(router, form)
        alone, _ = score(router, Form(plain, form.form, form.code, form.holders))
        for label in ("all", form.form):
            counts[label][outcome] += 1
            counts[label]["same"] += outcome == alone
            counts[label]["alone_ok"] += alone in ("right", "asked_ok")
        if outcome not in ("right", "asked_ok"):
            failures.append(
                f"{outcome}: {form.text!r} [{form.code} in {sorted(form.holders)}] -> {got}"
                f" (alone: {alone})"
            )
    return counts, failures


def lines(counts: dict[str, Counter[str]]) -> list[str]:
    out = []
    for label, c in counts.items():
        n = sum(c[o] for o in OUTCOMES) or 1
        ok = c["right"] + c["asked_ok"]
        cells = " ".join(f"{o}={c[o]}" for o in OUTCOMES)
        out.append(
            f"{label:32} {ok / n:6.1%} of {n:5} (alone {c['alone_ok'] / n:6.1%},"
            f" same {c['same'] / n:6.1%})  {cells}"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=0, help="print N failures")
    parser.add_argument("--only", default="", help="only this place form")
    parser.add_argument("--per-province", type=int, default=6)
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    pairs = (
        p for p in generate(gazetteer, args.per_province) if not args.only or p[0].form == args.only
    )
    counts, failures = audit(router, pairs)
    print("\n".join(lines(counts)))
    print("\n".join(failures[: args.failures]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
