"""Session 44 (askshared, issue 14: asking where it matters): a kecamatan's name that places
of other units bear too is asked, the kecamatan first, when the words that kept it were no
deciding words:

- a word we do not know in another clause, set apart by a comma ("..., cctv buram"),
  tells more of the story, not where;
- a chat form of a dictionary word ("ngacir", "ngintip", the "ke-" passive "ketangkep":
  `Router._a_word_we_know`) names nothing;
- after a story's "di <name>", a kind of place told after an event word ("pulang
  sekolah": on the way home from school) is not the name's kind.

A word we do not know beside the name, in its clause ("lasem rmbg"), and a kind of place
beside it still decide, as sessions 27, 33 and 35 say. The generated probe is
`tests/routing/askshared_forms.py`; here a fixed share of it.
"""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router
from tests.routing.answers import assert_asked_first, assert_decided
from tests.routing.askshared_forms import cases, score

# Nothing decides: asked, the kecamatan first (Kec. Lasem of Rembang, villages Lasem of
# Gresik; Kec. Barombong of Gowa, Kel. Barombong of Makassar).
UNDECIDED = [
    ("motor ilang di lasem, cctv buram", "33.17.14"),
    ("ribut di barombong, videonya viral", "73.06.12"),
    ("motor ilang di lasem maling ngacir", "33.17.14"),
    ("ribut di barombong ngintip cewek", "73.06.12"),
    ("maling ketangkep warga lasem", "33.17.14"),  # the "ke-" passive: ketangkap
    ("anak sy kena klitih di lasem pulang sekolah", "33.17.14"),
]

# Still decided, as before.
DECIDED = [
    ("motor ilang di lasem rmbg", "33.17.14"),  # an unknown word beside it, in its clause
    ("motor ilang di lasem cctv buram", "33.17.14"),  # ... with no comma between
    # a kind named after its place beside it (a mushola no longer: session 45, askkec)
    ("motor ilang di puskesmas lasem, cctv buram", "33.17.14"),
    ("motor ilang di lasem, rembang", "33.17.14"),  # its kab/kota
]


@pytest.mark.parametrize(("text", "kecamatan"), UNDECIDED)
def test_words_that_settle_nothing_leave_the_name_asked(
    router: Router, text: str, kecamatan: str
) -> None:
    assert_asked_first(router.resolve_text(text), text, kecamatan)


@pytest.mark.parametrize(("text", "code"), DECIDED)
def test_a_deciding_word_still_keeps_the_kecamatan(router: Router, text: str, code: str) -> None:
    assert_decided(router.resolve_text(text), text, code)


def test_the_probe_never_answers_a_shared_name_with_its_kecamatan(router: Router) -> None:
    """One kecamatan name in 60 of the tree, in each probe sentence: a name other units'
    places bear is never answered as the kecamatan it was taken from (a guess; unless the
    name typed alone is answered so: `as_alone`), and a name of one unit is not asked."""
    guesses, unneeded, shared = [], [], 0
    for case in cases(router, every=60):
        outcome, got = score(router, case)
        if len(case.units) > 1:
            shared += 1
            if outcome == "guessed" and got.split()[1] == case.kecamatan:
                guesses.append((case.text, got))
        elif outcome == "asked_unneeded":
            unneeded.append((case.text, got))
    assert shared > 20
    assert guesses == []
    assert unneeded == []
