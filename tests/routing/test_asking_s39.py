"""Session 39 (issue 14: must-ask, refuse and the guesses).

Readings that made the resolver pick one place where a name lies in several kab/kota of
different units, found by the ask probe (bot/evaluation/ask_probe.py) and the development
half's misses:

- "tengah malam" (midnight) right after a name: its "tengah" joined the name into a
  village of another unit ("di cibitung tengah malem": Desa Cibitung Tengah of Bogor) or
  stood beside it as a spot word that kept a landmark ("di balekambang tengah malam":
  Pantai Balekambang). A kab/kota or province named "... Tengah" keeps its word.

Every case goes through `Router.resolve_text`; the generated checks run over the tree.
"""

from __future__ import annotations

import pytest

from bot.routing.place_words import name_key
from bot.routing.regions import bare_regency_name, level_of
from bot.routing.resolver import PlaceResolution, Router


def _answer(res: PlaceResolution) -> tuple[str, tuple[str, ...]]:
    return res.status, tuple(sorted(c.code for c in res.candidates))


@pytest.mark.parametrize(
    ("text", "regencies"),
    [
        # Kec. Cibitung of Bekasi, Sukabumi, Pandeglang... (dev line); not Desa Cibitung
        # Tengah of Bogor
        ("motor dirampas begal di cibitung tengah malem", {"32.16", "32.02", "36.01"}),
        # Pantai Balekambang (Malang) and Kel. Balekambang (Jakarta Timur), villages elsewhere
        ("motor dirampas begal di balekambang tengah malam", {"35.07", "31.75"}),
        ("hp dijambret di balekambang tengah-malam tadi", {"35.07", "31.75"}),
    ],
)
def test_a_name_before_midnight_is_asked(router: Router, text: str, regencies: set[str]) -> None:
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (text, res.reason, res.chosen)
    assert regencies <= {c.code[:5] for c in res.candidates}


def _names_ending_in_tengah(router: Router, levels: tuple[int, ...]) -> list[tuple[str, str]]:
    found = []
    for level in levels:
        for code in router.tree.codes(level):
            name = name_key(bare_regency_name(router.tree.name(code) or ""))
            if name.endswith(" tengah"):
                found.append((name, code))
    return found


def test_regions_named_tengah_keep_their_word_before_a_time(router: Router) -> None:
    """Generated over the tree: every kab/kota and province whose name ends in "tengah"
    ("lampung tengah", "jawa tengah", "timor tengah" is no whole name) is read the same
    with "malam" after it as with "tengah malam" read as its own last word."""
    names = _names_ending_in_tengah(router, (1, 2))
    assert len(names) >= 15  # 17 in the tree: 6 provinces, 11 kab/kota
    wrong = []
    for name, code in names:
        res = router.resolve_text(f"motor dirampas begal di {name} malam tadi")
        codes = {c.code for c in res.candidates}
        if not any(c == code or c.startswith(code + ".") for c in codes):
            wrong.append((name, code, res.status, sorted(codes)[:3]))
    assert not wrong


def test_villages_named_x_tengah_do_not_swallow_midnight(router: Router) -> None:
    """Generated over the tree: for every village "<X> Tengah" whose "<X>" is a name of
    its own, "di <X> tengah malam" is answered as "di <X> malam" is (the time said, not
    the village of the longer name)."""
    keys = router.gazetteer.keys
    names = sorted(
        {
            stem
            for code in router.tree.codes(4)
            if (full := name_key(router.tree.name(code) or "")).endswith(" tengah")
            and (stem := full.removesuffix(" tengah")) in keys
            # "muara jawa tengah": Jawa Tengah keeps its word (the rule's exception)
            and not any(
                level_of(c) <= 2
                for size in range(1, 4)
                for c in keys.get(" ".join(full.split()[-size - 1 :]), ())
            )
        }
    )
    assert len(names) >= 100
    differ = [
        name
        for name in names
        if _answer(router.resolve_text(f"motor dirampas begal di {name} tengah malam"))
        != _answer(router.resolve_text(f"motor dirampas begal di {name} malam"))
    ]
    assert not differ, differ[:10]
