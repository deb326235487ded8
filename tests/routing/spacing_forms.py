"""The spacing probe: names typed with other spacing than the tables write them.

Owns: generating, from the Kemendagri tree and the landmark tables themselves (a sample
chosen by a hash of each code, so over all provinces and the same on every run), the
forms citizens type when they do not space a name as Kemendagri or the table does, and
scoring what the resolver does with each:

- `glued`: a name of several words written as one ("seibeduk" for Kec. Sei Beduk,
  "tgbalai" for Tanjung Balai, "airterjun jambuara"), the abbreviated first word glued the
  same way (sei/sungai, tg/tanjung, kp/kampung, psr/pasar, pd/pondok, bdr/bandar);
- `short`: the same with the first word in its short form, for every name (of a sample)
  whose first word people shorten;
- `split`: a one-word name of at least 8 letters written in two parts at a syllable
  boundary ("jambu ara" for Jambuara, "bojong gede" for Bojonggede);
- `control`: the same names as written (today's right answers must not change).

Each form is written in two story frames. Outcomes: `right` (resolved into a kab/kota
holding the name), `asked` (offered buttons), `wrong` (resolved elsewhere), `not_found`.

Run it (a minute or two): `python -m tests.routing.spacing_forms [--sample N]
[--failures N]`. tests/routing/test_spacing_forms.py scores a small sample with a floor.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.landmarks import load_places
from bot.routing.place_words import FILLERS, GENERIC, MARKERS, name_key
from bot.routing.regions import RegionTree, bare_regency_name, level_of
from bot.routing.resolver import Router

FRAMES = ("motor saya dicuri di {} kemarin sore", "tolong pak ada penipuan di {}")
# The first words people abbreviate when they glue them to the rest of a name.
SHORT_FIRST_WORDS = {
    "sungai": ("sungai", "sei"),
    "tanjung": ("tanjung", "tg", "tj"),
    "kampung": ("kampung", "kp"),
    "pasar": ("pasar", "psr"),
    "pondok": ("pondok", "pd"),
    "bandar": ("bandar", "bdr"),
}
MIN_SPLIT_LETTERS = 8
_VOWELS = "aeiou"
_DIGRAPHS = frozenset({"ng", "ny", "kh", "sy"})


def _h(text: str) -> int:
    return int(hashlib.md5(text.encode()).hexdigest()[:8], 16)


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    way: str  # glued / split / control
    source: str  # region / landmark
    holders: frozenset[str]  # kab/kota codes holding a place of the name as the tables write it


def syllable_splits(word: str) -> list[tuple[str, str]]:
    """The places a word splits into two parts of 3+ letters at a syllable boundary: before
    a consonant followed by a vowel ("jambu|ara" is V|V, "bojong|gede" C|C, "suka|maju" V|CV)."""
    out = []
    for i in range(3, len(word) - 2):
        a, b, nxt = word[i - 1], word[i], word[i + 1]
        if a + b in _DIGRAPHS:
            continue
        if a not in _VOWELS and word[i - 2] not in _VOWELS and word[i - 2 : i] != "ng":
            continue  # "cangk|ring": a syllable ends in one consonant (or "ng")
        if (b not in _VOWELS and nxt in _VOWELS) or (a in _VOWELS and b in _VOWELS):
            out.append((word[:i], word[i:]))
    return out


def _glued(words: list[str], pick: int) -> str:
    """The name written as one word; an abbreviated first word on some."""
    first = SHORT_FIRST_WORDS.get(words[0], (words[0],))
    return first[pick % len(first)] + "".join(words[1:])


def _holders(book_keys: dict[str, set[str]], key: str) -> frozenset[str]:
    return frozenset(book_keys.get(key, ()))


def _a_name(words: list[str]) -> bool:
    return all(
        w.isalpha() and w not in GENERIC and w not in FILLERS and w not in MARKERS for w in words
    )


def generate(tree: RegionTree, sample: int = 400) -> Iterator[Form]:
    """`sample` regions (kab/kota, kecamatan, villages by hash) and `sample` landmark names:
    each glued or split form in both frames, and the name as written (control)."""
    holders: dict[str, set[str]] = defaultdict(set)
    for code, name in tree.items():
        if level_of(code) >= 2:
            holders[name_key(bare_regency_name(name) if level_of(code) == 2 else name)].add(
                code[:5]
            )
    book = load_places(tree)
    landmark_names: list[tuple[str, str, str]] = []  # (kind words, name words, code)
    for landmark in book.landmarks:
        key = name_key(landmark.name)
        words = key.split()
        kind = [w for w in words[:2] if w in GENERIC]
        if len(kind) == len(words[: len(kind)]) and words[: len(kind)] == kind:
            landmark_names.append((" ".join(kind), " ".join(words[len(kind) :]), landmark.code))
            holders[key].add(landmark.code[:5])
    regions = sorted(
        ((c, n) for c, n in tree.items() if level_of(c) >= 2), key=lambda item: _h(item[0])
    )
    made = 0
    for code, name in regions:
        if made >= sample:
            break
        key = name_key(bare_regency_name(name) if level_of(code) == 2 else name)
        words = key.split()
        if not _a_name(words):
            continue
        found = _holders(holders, key)
        if len(words) in (2, 3):
            text = _glued(words, _h(code))
        elif len(words) == 1 and len(key) >= MIN_SPLIT_LETTERS and syllable_splits(key):
            splits = syllable_splits(key)
            a, b = splits[_h(code) % len(splits)]
            text = f"{a} {b}"
        else:
            continue
        made += 1
        way = "glued" if len(words) > 1 else "split"
        for frame in FRAMES:
            yield Form(frame.format(text), way, "region", found)
            yield Form(frame.format(key), "control", "region", found)
    made = 0
    for code, name in regions:
        # every name whose first word people shorten, glued after the short form
        # ("seibeduk", "tgbalai"): few of the sample above start with one
        if made >= sample:
            break
        key = name_key(bare_regency_name(name) if level_of(code) == 2 else name)
        words = key.split()
        if len(words) not in (2, 3) or words[0] not in SHORT_FIRST_WORDS or not _a_name(words[1:]):
            continue
        short = SHORT_FIRST_WORDS[words[0]][1:]
        text = short[_h(code) % len(short)] + "".join(words[1:])
        made += 1
        for frame in FRAMES:
            yield Form(frame.format(text), "short", "region", _holders(holders, key))
    made = 0
    for kind, rest, code in sorted(landmark_names, key=lambda t: _h(t[1] + t[2])):
        if made >= sample:
            break
        words = rest.split()
        if not words or not _a_name(words):
            continue
        key = f"{kind} {rest}".strip()
        found = _holders(holders, key)
        if len(words) == 2 and kind:
            # a two-word name after its kind (longer ones end in the city's name, which
            # nobody glues to the name: "pasar kebun sayur balikpapan")
            text = f"{kind} {_glued(words, _h(code + rest))}"
        elif len(words) == 1 and len(rest) >= MIN_SPLIT_LETTERS and syllable_splits(rest):
            splits = syllable_splits(rest)
            a, b = splits[_h(code + rest) % len(splits)]
            text = f"{kind} {a} {b}".strip()
        else:
            continue
        made += 1
        way = "glued" if len(words) > 1 else "split"
        for frame in FRAMES:
            yield Form(frame.format(text), way, "landmark", found)
            yield Form(frame.format(key), "control", "landmark", found)


def score(router: Router, form: Form) -> tuple[str, str]:
    result = router.resolve_text(form.text)
    got = f"{result.status} {result.chosen.code if result.chosen else ''} {result.reason}"
    if result.status == "ok" and result.chosen is not None and len(result.chosen.code) >= 5:
        return ("right" if result.chosen.code[:5] in form.holders else "wrong"), got
    if result.status == "ambiguous":
        return "asked", got
    return "not_found", got


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=400)
    parser.add_argument("--failures", type=int, default=0, help="print N misses per way")
    parser.add_argument("--dump", default="", help="write every form's outcome to this file")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    misses: dict[str, list[str]] = defaultdict(list)
    dump = []
    for form in generate(gazetteer.tree, args.sample):
        outcome, got = score(router, form)
        counts[(form.way, form.source)][outcome] += 1
        dump.append(f"{form.way}\t{form.source}\t{outcome}\t{form.text}\t{got}")
        if outcome != "right":
            misses[form.way].append(f"  {outcome:9} {form.text!r}: {got}")
    for (way, source), c in sorted(counts.items()):
        total = sum(c.values())
        parts = " ".join(f"{k} {c[k]}" for k in ("right", "asked", "wrong", "not_found"))
        print(f"{way:8} {source:9} {total:5}  {parts}  ({100 * c['right'] / total:.1f} % right)")
    for way, lines in sorted(misses.items()):
        for line in lines[: args.failures]:
            print(f"[{way}]{line}")
    if args.dump:
        with open(args.dump, "w") as out:
            out.write("\n".join(dump) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
