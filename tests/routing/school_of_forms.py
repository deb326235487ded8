"""The student audit: a campus named after a word for a student, and the place of the story.

Owns: generating, from the university rows of data/places/landmarks (not from any text
this code was written beside), the forms incident news use for a student hurt away from
campus ("mahasiswa <campus> dibegal di <kecamatan>"), with a kecamatan of another province
whose name is the country's only one, and the same campus told alone ("mahasiswa <campus>
dibegal"); and scoring what the resolver does with each:

- `right`: resolved to the kab/kota the form expects (the kecamatan's when one is told,
  the campus's when it is the only place);
- `asked`: asked;
- `wrong`: resolved elsewhere;
- `nothing`: not found, refused or "outside Indonesia".

Run it as a script (about a minute): `python -m tests.routing.school_of_forms
[--failures N]`. It counts the audit with the session 38 rule off (no student word makes a
campus the person's: story_places.SCHOOL_OF_WORDS emptied) and on, side by side.
`tests/routing/test_school_of_forms.py` scores a fixed sample of the same forms.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import bot.routing.story_places as story_places
from bot.routing.landmarks import load_places
from bot.routing.resolver import Router

# Kecamatan of three provinces, so that every campus has one of another province, each of
# which "dibegal di <name>" alone resolves to (test_school_of_forms.py checks it): (name
# as typed, kab/kota code).
STORY_PLACES = (
    ("batang kuis", "12.07"),  # Kab. Deli Serdang, Sumatera Utara
    ("sambungmacan", "33.14"),  # Kab. Sragen, Jawa Tengah
    ("muara jawa", "64.02"),  # Kab. Kutai Kartanegara, Kalimantan Timur
)


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    regency: str  # the kab/kota code the form expects
    campus: str


def forms(router: Router) -> Iterator[Form]:
    """Two forms per university row: with a kecamatan of another province, and alone."""
    book = load_places(router.gazetteer.tree)
    for landmark in book.landmarks:
        if landmark.kind != "university":
            continue
        regency = landmark.code[:5]
        place, place_regency = next((n, c) for n, c in STORY_PLACES if c[:2] != regency[:2])
        name = landmark.names[-1] if len(landmark.names) > 1 else landmark.name
        yield Form(f"mahasiswa {name.lower()} dibegal di {place}", place_regency, landmark.name)
        yield Form(f"mahasiswa {name.lower()} dibegal", regency, landmark.name)


def score(router: Router, form: Form) -> str:
    res = router.resolve_text(form.text)
    if res.status == "ambiguous":
        return "asked"
    if res.status != "ok" or res.chosen is None:
        return "nothing"
    return "right" if res.chosen.code.startswith(form.regency) else "wrong"


def audit(router: Router, failures: int = 0) -> Counter[str]:
    counts: Counter[str] = Counter()
    shown = 0
    for form in forms(router):
        outcome = score(router, form)
        counts[outcome] += 1
        if outcome != "right" and shown < failures:
            shown += 1
            print(f"  {outcome:8} {form.text!r} (expected {form.regency})")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", type=int, default=0)
    args = parser.parse_args(argv)
    from bot.settings import load_settings

    router = Router.load(load_settings())
    kept = story_places.SCHOOL_OF_WORDS
    story_places.SCHOOL_OF_WORDS = frozenset()
    try:
        off = audit(router)
    finally:
        story_places.SCHOOL_OF_WORDS = kept
    on = audit(router, args.failures)
    for name, counts in (("rule off", off), ("rule on", on)):
        total = sum(counts.values())
        parts = ", ".join(f"{k} {counts[k]}" for k in ("right", "asked", "wrong", "nothing"))
        print(f"{name}: {total} forms: {parts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
