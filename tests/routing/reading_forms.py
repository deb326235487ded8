"""The session 40 readings, probed over the Kemendagri tree (issue 14, the fresh set).

Owns: generating, from the tree itself (not from any text this code was written beside),
the forms of four readings and scoring what the resolver does with them:

- `roman`: every kecamatan and village name holding a Roman number, typed with the number
  in digits ("batin 24" for Kec. Batin XXIV, "4 koto" for Kec. IV Koto) after "di": the
  answer must be the place itself or a question offering it (another place bears the
  name), the same answer as the name typed with its Roman number;
- `numbering`: a house, RT or kilometre number before a name whose digit form starts with
  that number ("rt 4 koto baru"): the answer must not change from the text without the
  number (a number after a numbering word starts no name);
- `journey`: "<event> di A, pelaku kabur ke B", "pengungsi dari B ditampung di A" for
  pairs of kab/kota A, B of different provinces, each a name only one region bears: the
  answer must be A;
- `reciprocal`: "tawuran baku <verb> di A" for the reciprocal verbs of Manado and
  Makassar: the answer must be A (never Baku, Azerbaijan).

Run it (a minute or two): `python -m tests.routing.reading_forms [--failures N]`.
`tests/routing/test_reading_forms.py` scores a fixed sample with floors.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, TypeVar

from bot.routing.place_index import counts_a_thing, roman_value, with_digits
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name, is_within, level_of
from bot.routing.resolver import Router

EVENTS = ("motor dicuri", "rumah dibobol maling", "ibu dijambret", "warung dirampok")
JOURNEYS = (
    "{event} di {a}, pelaku kabur ke {b}",
    "{event} di {a} pelakunya lari ke arah {b}",
    "{event} di {a}, pelaku kabur naik bus ke {b}",
    "pengungsi dari {b} ditampung di {a}",
    "pengungsi dr {b} ditampung di gedung serbaguna {a}",
)
RECIPROCAL_VERBS = ("pukul", "tikam", "busur", "lempar", "hantam", "bacok", "kejar")
NUMBERING = ("rumah no {n} {rest}", "rt {n} {rest}", "kecelakaan km {n} {rest}")


@dataclass(frozen=True)
class Form:
    """One generated text, the reading it probes and the code it must answer."""

    reading: str
    text: str
    code: str
    alike: str = ""  # for `numbering`: the text whose answer it must keep


def hashed_sample(items: list[str], count: int, salt: str) -> list[str]:
    """A fixed sample (by hash, not by chance: the same on every run)."""
    keyed = sorted(items, key=lambda s: hashlib.sha256(f"{salt}:{s}".encode()).hexdigest())
    return keyed[:count]


class FramedForm(Protocol):
    """A generated case of a probe scored per frame (kinship_forms, origin2_forms)."""

    @property
    def frame(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def code(self) -> str: ...


F = TypeVar("F", bound=FramedForm)


def print_frame_tally(
    forms: Iterable[F], answer: Callable[[F], str], failures: int, width: int, no_code: str
) -> None:
    """Score `forms` with `answer` (right / guessed / asked / lost), print up to `failures`
    misses per frame and then one line of counts per frame: the report the per-frame
    probes share. `no_code` names what a form without a code expects ("ask", "none")."""
    counts: dict[str, Counter[str]] = {}
    shown: Counter[str] = Counter()
    for form in forms:
        got = answer(form)
        counts.setdefault(form.frame, Counter())[got] += 1
        if got != "right" and shown[form.frame] < failures:
            shown[form.frame] += 1
            print(f"  {got:8} {form.frame:{width}} {form.text!r} (expected {form.code or no_code})")
    for frame, c in counts.items():
        total = sum(c.values())
        parts = " ".join(f"{k}={c[k]}" for k in ("right", "guessed", "asked", "lost"))
        print(f"{frame:{width}} {c['right']}/{total}  {parts}")


def roman_forms(tree: RegionTree) -> Iterator[Form]:
    """Every kecamatan and village name holding a Roman number, in digits after "di"."""
    for code, name in tree.items():
        if level_of(code) < 3:
            continue
        key = name_key(name)
        if not any(roman_value(w) is not None for w in key.split()):
            continue
        counted = with_digits(key)
        if counted != key and not counts_a_thing(key, counted):  # "6 suku" counts things
            yield Form(
                "roman", f"maling masuk rumah di {counted}", code, f"maling masuk rumah di {key}"
            )


def numbering_forms(tree: RegionTree) -> Iterator[Form]:
    """A numbering word, the number a Roman-first name starts with, and the rest of that
    name: the number is the house's, not the name's."""
    for code, name in tree.items():
        if level_of(code) < 3:
            continue
        words = name_key(name).split()
        if len(words) < 2 or roman_value(words[0]) is None:
            continue
        number, rest = str(roman_value(words[0])), " ".join(words[1:])
        for frame in NUMBERING:
            # the same text with a number no name starts with ("rt 99 koto baru")
            alike = frame.format(n="99", rest=rest)
            yield Form("numbering", frame.format(n=number, rest=rest), code, alike)


def _unique_regencies(tree: RegionTree) -> list[str]:
    """Kab/kota whose bare name no other region bears."""
    counts = Counter(
        name_key(bare_regency_name(n) if level_of(c) == 2 else n) for c, n in tree.items()
    )
    return [
        c
        for c, n in tree.items(2)
        if counts[name_key(bare_regency_name(n))] == 1 and len(name_key(bare_regency_name(n))) >= 4
    ]


def journey_forms(tree: RegionTree, pairs: int = 40) -> Iterator[Form]:
    """Event at A, flight to or origin at B, A and B in different provinces."""
    unique = _unique_regencies(tree)
    firsts = hashed_sample(unique, pairs, "journey-a")
    seconds = hashed_sample(unique, pairs * 2, "journey-b")
    for k, a in enumerate(firsts):
        b = next(c for c in seconds[k:] + seconds[:k] if c[:2] != a[:2])
        a_name = name_key(bare_regency_name(tree.name(a) or ""))
        b_name = name_key(bare_regency_name(tree.name(b) or ""))
        frame = JOURNEYS[k % len(JOURNEYS)]
        event = EVENTS[k % len(EVENTS)]
        yield Form("journey", frame.format(event=event, a=a_name, b=b_name), a)


def reciprocal_forms(tree: RegionTree, places: int = 14) -> Iterator[Form]:
    """ "tawuran baku <verb> di A" over unique kab/kota names."""
    for k, a in enumerate(hashed_sample(_unique_regencies(tree), places, "reciprocal")):
        verb = RECIPROCAL_VERBS[k % len(RECIPROCAL_VERBS)]
        name = name_key(bare_regency_name(tree.name(a) or ""))
        yield Form("reciprocal", f"tawuran baku {verb} di {name}", a)


def all_forms(tree: RegionTree) -> list[Form]:
    return [
        *roman_forms(tree),
        *numbering_forms(tree),
        *journey_forms(tree),
        *reciprocal_forms(tree),
    ]


def _answer(router: Router, text: str) -> tuple[str, tuple[str, ...]]:
    result = router.resolve_text(text)
    codes = tuple(c.code for c in result.candidates)
    if result.status == "ok" and result.chosen is not None:
        return "ok", (result.chosen.code,)
    return result.status, codes


def score(router: Router, form: Form) -> bool:
    """Whether the resolver reads `form` as its reading says."""
    status, codes = _answer(router, form.text)
    if form.reading == "numbering":
        return (status, codes) == _answer(router, form.alike)
    if form.reading == "roman":
        if status == "ok":
            return any(is_within(c, form.code) or is_within(form.code, c) for c in codes)
        return status == "ambiguous" and (status, codes) == _answer(router, form.alike)
    return status == "ok" and any(is_within(c, form.code) for c in codes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--failures", type=int, default=0, help="print this many misses per reading"
    )
    args = parser.parse_args(argv)
    from bot.settings import load_settings

    router = Router.load(load_settings())
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    for form in all_forms(router.tree):
        total[form.reading] += 1
        if score(router, form):
            right[form.reading] += 1
        elif shown[form.reading] < args.failures:
            shown[form.reading] += 1
            print(f"  MISS {form.reading}: {form.text!r} -> {_answer(router, form.text)}")
    for reading in total:
        print(
            f"{reading:11} {right[reading]}/{total[reading]}"
            f" ({right[reading] / total[reading]:.1%})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
