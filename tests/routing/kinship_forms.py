"""Generated probe: a village named with its own kecamatan or kab/kota, and a distractor.

Owns: generating, from the Kemendagri tree and the landmark table (not from any text this
code was written beside), the way complaints give an address inside a story: a village
whose name villages of other kab/kota bear too, right before the name of its kecamatan or
of its kab/kota ("desa pemuteran gerokgak", "kel cipare, kota serang", "sukamaju kec
cibungbulang"), and elsewhere in the sentence a looser reading, and scoring the resolver's
answer per frame (session 44, issue 14: bot/routing/kinship.py):

- `word`: a dictionary word that is also the name of a kab/kota or kecamatan of another
  province, used as a word ("sengketa tanah ...", "harga bawang ...");
- `village`: a village of another province whose name no other region bears, told as
  where a thing came from ("truk pasir dari X terguling di ...");
- `landmark`: a landmark of another province, named as the office of whoever is in the
  story ("portal kantor X dirusak di ...");
- `repeat`: the `word` distractor said twice ("sengketa tanah di ..., mafia tanah"), so
  that each time it is said it agrees with the other;
- `bare`: the pair without a level word ("pemuteran gerokgak"), with the `word` distractor;
- `word_kecamatan`: villages (sampled apart) whose kecamatan's name is a dictionary word,
  named together in a sentence told with words of the story only ("rumah dibakar di desa
  mulyorejo silo");
- `two_pairs`: two villages, each with its own kecamatan, in different kab/kota: the honest
  answer is to ask.

Outcomes: `right` (the village's kab/kota; for `two_pairs`, a question); `guessed` (another
place routed); `asked`; `lost` (no place found, or "outside Indonesia").

Run it (about 15 s): `python -m tests.routing.kinship_forms [--failures N]`. Session 44
measured the reading before its change by running this file from an export of main
(`git archive ded7ea2`), figures in data/routing/README.md.
`tests/routing/test_kinship_forms_kinship.py` scores a fixed sample.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.gazetteer import Gazetteer
from bot.routing.place_index import everyday_word, sentence_word
from bot.routing.place_words import GENERIC, name_key
from bot.routing.regions import RegionTree, bare_regency_name, level_of
from bot.routing.resolver import Router
from tests.routing.reading_forms import hashed_sample, print_frame_tally

# How the village is introduced, and how its kecamatan or kab/kota follows it.
VILLAGE_WORDS = ("desa", "kel", "ds", "kades", "kelurahan")
ANCESTOR_FORMS = ("{k}", "kec {k}", ", {k}", "{r}", "kab {r}", ", {r}")
# Story frames: {d} the distractor, {p} the address.
FRAMES = {
    "word": ("sengketa {d} di {p} warga protes", "harga {d} naik di {p}"),
    "village": ("truk pasir dari {d} terguling di {p}", "pemuda {d} dikeroyok di {p}"),
    "landmark": ("portal kantor {d} dirusak di {p}", "petugas {d} dipukul warga di {p}"),
    "repeat": ("sengketa {d} di {p} diduga ulah mafia {d}", "harga {d} di {p} naik, {d} langka"),
    "bare": ("sengketa {d} di {p}", "{d} dijual murah di {p}"),
    "word_kecamatan": ("rumah dibakar di {p}", "motor warga hilang di {p} tadi malam"),
    "two_pairs": ("bentrok warga {p} dan {q}",),
}


@dataclass(frozen=True)
class Form:
    """One generated text, its frame and the kab/kota it must answer (empty: ask)."""

    frame: str
    text: str
    code: str


def _name_counts(tree: RegionTree) -> Counter[str]:
    return Counter(
        name_key(bare_regency_name(n) if level_of(c) == 2 else n) for c, n in tree.items()
    )


def _kab_kota_holding(tree: RegionTree) -> dict[str, set[str]]:
    """Each village name's kab/kota codes (the villages bearing it)."""
    where: dict[str, set[str]] = {}
    for code, name in tree.items(4):
        where.setdefault(name_key(name), set()).add(code[:5])
    return where


def shared_villages(tree: RegionTree) -> list[str]:
    """Villages whose name villages of other kab/kota bear too (so that the kecamatan or
    kab/kota is needed), one word of at least five letters and no word of a sentence,
    whose kecamatan and bare kab/kota name are no words of a sentence either (a word
    there is another probe's question), in a kab/kota no other shares its bare name with."""
    where = _kab_kota_holding(tree)
    # a kab/kota whose bare name another bears ("blitar": Kota and Kab. Blitar) names
    # neither alone: asking is the right answer there, not this probe's question
    twins = Counter(name_key(bare_regency_name(n)) for _, n in tree.items(2))
    out = []
    for code, name in tree.items(4):
        key = name_key(name)
        if len(where[key]) < 2 or " " in key or len(key) < 5 or sentence_word(key):
            continue
        district = name_key(tree.name(code[:8]) or "")
        regency = name_key(bare_regency_name(tree.name(code[:5]) or ""))
        if twins[regency] > 1 or any(sentence_word(w) for w in f"{district} {regency}".split()):
            continue
        out.append(code)
    return out


def villages_of_word_kecamatan(tree: RegionTree) -> list[str]:
    """Villages whose name villages of other kab/kota bear too, one word of at least five
    letters and no word of a sentence, in a kecamatan whose one-word name is a dictionary
    word and no kind of place."""
    where = _kab_kota_holding(tree)
    out = []
    for code, name in tree.items(4):
        key = name_key(name)
        if len(where[key]) < 2 or " " in key or len(key) < 5 or sentence_word(key):
            continue
        district = name_key(tree.name(code[:8]) or "")
        # a kind of place ("tanjung", a cape) is read as a landmark's kind before any
        # weighing: the word lists' question, not this probe's
        if " " not in district and everyday_word(district) and district not in GENERIC:
            out.append(code)
    return out


def word_distractors(tree: RegionTree) -> list[str]:
    """Codes of kab/kota and kecamatan whose whole name is one dictionary word."""
    out = []
    for code, name in tree.items():
        if level_of(code) not in (2, 3):
            continue
        key = name_key(bare_regency_name(name) if level_of(code) == 2 else name)
        if " " not in key and len(key) >= 4 and everyday_word(key):
            out.append(code)
    return out


def unique_villages(tree: RegionTree) -> list[str]:
    """Villages whose name no other region bears, no word of a sentence."""
    counts = _name_counts(tree)
    return [
        c
        for c, n in tree.items(4)
        if counts[name_key(n)] == 1
        and len(name_key(n)) >= 5
        and not any(sentence_word(w) for w in name_key(n).split())
    ]


def landmark_distractors(gaz: Gazetteer) -> list[str]:
    """ "name|code" of landmarks of two words or more, found by their name alone, that no
    region bears."""
    out = set()
    for mark in gaz.landmarks:
        key = name_key(mark.name)
        if " " in key and key in gaz.landmark_keys and key not in gaz.keys:
            out.add(f"{key}|{mark.code}")
    return sorted(out)


def _address(tree: RegionTree, code: str, k: int) -> str:
    word = VILLAGE_WORDS[k % len(VILLAGE_WORDS)]
    form = ANCESTOR_FORMS[k % len(ANCESTOR_FORMS)]
    district = name_key(tree.name(code[:8]) or "")
    regency = name_key(bare_regency_name(tree.name(code[:5]) or ""))
    after = form.format(k=district, r=regency)
    return f"{word} {name_key(tree.name(code) or '')}{'' if after[0] == ',' else ' '}{after}"


def _far(pool: list[str], salt: int, province: str) -> str:
    """An item of `pool` (a code, or "name|code") of another province, from `salt` on."""
    return next(p for p in pool[salt:] + pool[:salt] if p.split("|")[-1][:2] != province)


def all_forms(gaz: Gazetteer, count: int = 60) -> Iterator[Form]:
    """The frames over `count` sampled villages."""
    tree = gaz.tree
    villages = hashed_sample(shared_villages(tree), count, "kinship-v")
    words = hashed_sample(word_distractors(tree), 4 * count, "kinship-w")
    others = hashed_sample(unique_villages(tree), 4 * count, "kinship-o")
    marks = hashed_sample(landmark_distractors(gaz), 4 * count, "kinship-l")
    worded = hashed_sample(villages_of_word_kecamatan(tree), count, "kinship-k")
    for k, code in enumerate(villages):
        address = _address(tree, code, k)
        province = code[:2]

        word = name_key(bare_regency_name(tree.name(_far(words, k, province)) or ""))
        other = name_key(tree.name(_far(others, k, province)) or "")
        mark = _far(marks, k, province).split("|")[0]
        pick = k % 2
        frames = (("word", word), ("village", other), ("landmark", mark), ("repeat", word))
        for frame, distractor in frames:
            shapes = FRAMES[frame]
            text = shapes[pick % len(shapes)].format(d=distractor, p=address)
            yield Form(frame, text, code[:5])
        bare = address.split(" ", 1)[1].replace(" kec ", " ").replace(" kab ", " ")
        shape = FRAMES["bare"][pick]
        yield Form("bare", shape.format(d=word, p=bare.replace(",", "")), code[:5])
        if k < len(worded):
            near = worded[k]
            pair = f"desa {name_key(tree.name(near) or '')} {name_key(tree.name(near[:8]) or '')}"
            shape = FRAMES["word_kecamatan"][pick]
            yield Form("word_kecamatan", shape.format(p=pair), near[:5])
        partner = villages[(k + 1) % len(villages)]
        if partner[:5] != code[:5]:
            second = _address(tree, partner, k + 3)
            yield Form("two_pairs", FRAMES["two_pairs"][0].format(p=address, q=second), "")


def answer(router: Router, form: Form) -> str:
    """right / guessed / asked / lost, as the module's docstring says."""
    result = router.resolve_text(form.text)
    if result.status == "ambiguous":
        return "right" if not form.code else "asked"
    if result.status != "ok" or result.chosen is None:
        return "lost"
    if not form.code:
        return "guessed"
    return "right" if result.chosen.code.startswith(form.code) else "guessed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", type=int, default=0, help="misses to print per frame")
    parser.add_argument("--villages", type=int, default=60, help="villages sampled")
    args = parser.parse_args(argv)
    from bot.settings import load_settings

    router = Router.load(load_settings())
    print_frame_tally(
        all_forms(router.gazetteer, args.villages),
        lambda f: answer(router, f),
        args.failures,
        9,
        "ask",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
