"""The spelling audit: names of the tree typed with another short form or a slip off.

Owns: generating, from the Kemendagri tree itself (session 45, issue 14), the forms a
citizen types for a kecamatan or village whose name they spell otherwise, and scoring
what the resolver does with each:

- `abbreviation`: a name with Gunung/Lubuk/Batang/Meunasah/Teungku/Perkebunan typed with
  the tree's other form ("gn"/"gunung"), or a dotted short form of the tree ("Kt. Dian
  P. Tengah") typed in full, in its level word's frame ("kec X", "desa X");
- `slip`: a seeded one-edit variant of every kecamatan's name (a vowel for another, a
  consonant doubled, a letter dropped, "ng" as "n"; chosen by a hash of the code, so the
  same forms every run) after "kec", "smpn 2" and "polsek", and of a sample of villages
  after "desa"; only variants that are nobody's name and no word of a sentence;
- `false`: the same frames with one-edit variants that ARE a word of a sentence or
  another region's name: a slip reading onto the seed place is a false match.

Outcomes: `right` (the seed place or a place inside it), `asked` (a question offering
it), `wrong` (another place), `nothing`; and for `false`, `false_match` (the seed place
reached by the slip reading) or `kept` (anything else).

Run it (about eight minutes: every third kecamatan, 400 villages): `python -m
tests.routing.spelling_forms [--failures N] [--every N] [--villages N]`; `--abbreviations`
prints the tree's short forms and the names bearing each full form.
`tests/routing/test_spelling_slips.py` checks forms of each kind.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.misspelt_names import DOTTED_SHORT_FORMS
from bot.routing.place_index import sentence_word
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, level_of
from bot.routing.resolver import Router

# The full words and the short forms the tree and chats write them with (session 45;
# place_words.WORD_EXPANSIONS expands them): the probe's own list, so that it scores the
# code before the change alike
SHORT_FORMS = {
    "gunung": ("gn", "gng"),
    "lubuk": ("lbk",),
    "batang": ("btg",),
    "meunasah": ("mns",),
    "teungku": ("tgk",),
    "perkebunan": ("perk",),
}
FULL_WORDS = tuple(SHORT_FORMS)
VOWELS = "aeiou"
OUTCOMES = ("right", "asked", "wrong", "nothing", "false_match", "kept")


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    group: str  # "abbreviation", "slip", "false"
    frame: str  # the frame with "{}" for the name
    code: str  # the region the name is taken from


def _seed(code: str) -> int:
    return int(hashlib.sha256(code.encode()).hexdigest()[:8], 16)


def one_edits(word: str) -> Iterator[str]:
    """Every one-edit slip of `word` people make, in a fixed order: a vowel for another,
    a consonant doubled, a letter dropped (never the first), "ng" as "n"."""
    for i, ch in enumerate(word):
        if ch in VOWELS and i > 0:
            for v in VOWELS:
                if v != ch:
                    yield word[:i] + v + word[i + 1 :]
    for i, ch in enumerate(word):
        if ch.isalpha() and ch not in VOWELS and i > 0 and word[i - 1 : i] != ch:
            yield word[:i] + ch + word[i:]
    for i in range(1, len(word)):
        if word[i] != " " and word[i - 1] != " ":
            yield word[:i] + word[i + 1 :]
    at = word.find("ng")
    if at > 0:
        yield word[:at] + "n" + word[at + 2 :]


def slip_of(key: str, code: str, keys: object) -> str | None:
    """One seeded slip of `key` that is nobody's name and no word of a sentence."""
    edits = [e for e in one_edits(key) if e not in keys]  # type: ignore[operator]
    edits = [e for e in edits if not all(sentence_word(w) for w in e.split())]
    return edits[_seed(code) % len(edits)] if edits else None


def false_slips(key: str, keys: object) -> Iterator[str]:
    """The one-edit slips of `key` that are a sentence's word or another region's name."""
    for e in one_edits(key):
        if e in keys or (" " not in e and sentence_word(e)):  # type: ignore[operator]
            yield e


def generate(tree: RegionTree, keys: object, villages: int = 400, every: int = 3) -> Iterator[Form]:
    districts = list(tree.items(3))[::every]
    for code, name in districts:
        key = name_key(name)
        if len(key.replace(" ", "")) < 6:
            continue
        slip = slip_of(key, code, keys)
        if slip is not None:
            frames = ["kec {}"]
            if _seed(code) % 7 == 0:
                frames += ["smpn 2 {}", "polsek {}"]
            for frame in frames:
                yield Form(frame.format(slip), "slip", frame, code)
        for wrong in list(false_slips(key, keys))[:2]:
            yield Form(f"kec {wrong}", "false", "kec {}", code)
    all_villages = list(tree.items(4))
    step = max(1, len(all_villages) // villages)
    for code, name in all_villages[::step]:
        key = name_key(name)
        if len(key.replace(" ", "")) < 6:
            continue
        slip = slip_of(key, code, keys)
        if slip is not None:
            yield Form(f"desa {slip}", "slip", "desa {}", code)
        for wrong in list(false_slips(key, keys))[:1]:
            yield Form(f"desa {wrong}", "false", "desa {}", code)
    yield from abbreviation_forms(tree)


def abbreviation_forms(tree: RegionTree) -> Iterator[Form]:
    for code, name in tree.items():
        level = level_of(code)
        if level < 3:
            continue
        frame = "kec {}" if level == 3 else "desa {}"
        words = [w.rstrip(".").lower() for w in name.split()]
        for full, forms in SHORT_FORMS.items():
            if full in words:
                typed = " ".join(forms[0] if w == full else w for w in words)
                yield Form(frame.format(typed), "abbreviation", frame, code)
            elif any(f in words for f in forms):
                typed = " ".join(full if w in forms else w for w in words)
                yield Form(frame.format(typed), "abbreviation", frame, code)
        dotted = [w for w in name.split() if w.endswith(".")]
        if any(w[:-1].lower() in DOTTED_SHORT_FORMS for w in dotted):
            typed = " ".join(
                DOTTED_SHORT_FORMS.get(w[:-1].lower(), w.rstrip(".")) if w.endswith(".") else w
                for w in name.split()
            ).lower()
            yield Form(frame.format(typed), "abbreviation", frame, code)


def score(router: Router, form: Form) -> tuple[str, str]:
    result = router.resolve_text(form.text)
    got = f"{result.status} {result.chosen.code if result.chosen else ''} {result.reason}"
    # the place, a place inside it, or its own kab/kota ("smpn 2 ciunjur": Kab. Cianjur
    # for Kec. Cianjur; the unit serving both is the same)
    inside = result.chosen is not None and (
        result.chosen.code.startswith(form.code)
        or (level_of(result.chosen.code) == 2 and form.code.startswith(result.chosen.code))
    )
    if form.group == "false":
        slipped = "a_slip_off" in result.reason and inside
        return ("false_match" if slipped else "kept"), got
    if result.status == "ok":
        return ("right" if inside else "wrong"), got
    if result.status == "ambiguous":
        offered = any(c.code.startswith(form.code) for c in result.candidates)
        return ("asked" if offered else "wrong"), got
    return "nothing", got


def abbreviation_counts(tree: RegionTree) -> None:
    dotted: Counter[str] = Counter()
    full: Counter[str] = Counter()
    for _, name in tree.items():
        words = name.split()
        dotted.update(w.lower() for w in words if w.endswith(".") and len(w) <= 6)
        lower = {w.lower().rstrip(".") for w in words}
        full.update(f for f in FULL_WORDS if f in lower)
    print("dotted short forms in the tree's names:")
    for word, n in dotted.most_common():
        print(f"  {word:8} {n}")
    print("names bearing the full words:", dict(full))


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=0, help="print N failures per outcome")
    parser.add_argument("--villages", type=int, default=400)
    parser.add_argument("--every", type=int, default=3, help="every Nth kecamatan")
    parser.add_argument("--abbreviations", action="store_true")
    parser.add_argument("--dump", default="", help="write every form's outcome to this file")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    if args.abbreviations:
        abbreviation_counts(gazetteer.tree)
        return 0
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    by_group: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    failures: dict[str, list[str]] = defaultdict(list)
    dump = open(args.dump, "w") if args.dump else None  # noqa: SIM115
    for form in generate(gazetteer.tree, gazetteer.keys, args.villages, args.every):
        outcome, got = score(router, form)
        by_group[(form.group, form.frame)][outcome] += 1
        if outcome in ("wrong", "nothing", "false_match"):
            failures[outcome].append(f"{form.text!r} [{form.code}] -> {got}")
        if dump:
            dump.write(f"{outcome}\t{form.group}\t{form.text}\t{form.code}\t{got}\n")
    if dump:
        dump.close()
    for (group, frame), counts in sorted(by_group.items()):
        cells = " ".join(f"{o}={counts[o]}" for o in OUTCOMES if counts[o])
        print(f"{group:12} {frame:12} {sum(counts.values()):6}  {cells}")
    for outcome, lines in sorted(failures.items()):
        for text in lines[: args.failures]:
            print(f"{outcome}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
