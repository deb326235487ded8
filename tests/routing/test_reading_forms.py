"""The session 40 readings of the fresh set (issue 14), as probes over the tree.

A fixed sample of the forms `tests/routing/reading_forms.py` generates (the full probe
runs as `python -m tests.routing.reading_forms`), scored with floors, and the fresh set's
own texts these readings were found from.
"""

from __future__ import annotations

import pytest

from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.reading_forms import (
    Form,
    journey_forms,
    numbering_forms,
    reciprocal_forms,
    roman_forms,
    score,
)

# Floors measured on the full probe (session 40): roman 1329/1334, numbering 87/90,
# journey 40/40, reciprocal 14/14. The samples must keep them.
FLOORS = {"roman": 0.97, "numbering": 0.9, "journey": 0.95, "reciprocal": 1.0}


def _share(router: Router, forms: list[Form]) -> float:
    return sum(score(router, f) for f in forms) / len(forms)


def test_roman_numbers_in_digits(router: Router, tree: RegionTree) -> None:
    forms = list(roman_forms(tree))[::8]  # every 8th: ~170 names
    assert len(forms) > 100
    assert _share(router, forms) >= FLOORS["roman"]


def test_house_and_km_numbers_start_no_name(router: Router, tree: RegionTree) -> None:
    forms = list(numbering_forms(tree))
    assert _share(router, forms) >= FLOORS["numbering"]


def test_a_journeys_end_gives_way_to_the_event(router: Router, tree: RegionTree) -> None:
    forms = list(journey_forms(tree, pairs=20))
    assert _share(router, forms) >= FLOORS["journey"]


def test_reciprocal_baku_is_no_town(router: Router, tree: RegionTree) -> None:
    forms = list(reciprocal_forms(tree, places=7))
    assert _share(router, forms) >= FLOORS["reciprocal"]


def _answer(router: Router, text: str) -> tuple[str, str]:
    result = router.resolve_text(text)
    return result.status, result.chosen.code if result.chosen else ""


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("mapolsek batin 24 dilempari warga", "15.04.04"),  # Kec. Batin XXIV, Batang Hari
        ("maling di 4 koto", "13.06.05"),  # Kec. IV Koto, Agam
        ("maling di 10 koto singkarak", "13.02.11"),  # Kec. X Koto Singkarak, Solok
        ("pencurian di koto 11 tarusan", "13.01.07"),  # Kec. Koto XI Tarusan
        ("tawuran baku busur di jalan petta punggawa bontoala", "73.71.06"),  # Kec. Bontoala
        ("pemuda baku tikam di tuminting", "71.71.02"),
        ("pengungsi dr wamena ditampung di base ops sila papare sentani", "91.03.01"),
        ("motor dicuri di sleman pelaku kabur ke klaten", "34.04"),
    ],
)
def test_the_fresh_sets_readings(router: Router, text: str, code: str) -> None:
    assert _answer(router, text) == ("ok", code)


@pytest.mark.parametrize(
    "text",
    [
        "beli 6 suku cadang motor",  # six spare parts, not Kel. VI Suku of Solok
        "rumah di rt 4 koto baru",  # RT 4, not Kec. IV Koto
        "kenalan di facebook ngaku mau buka usaha, sy pinjemin modal terus ilang",
        "beli baju lebaran di akun ig busanafamily, transfer 400rb barang ga dikirim",
    ],
)
def test_numbers_and_chat_words_name_no_such_place(router: Router, text: str) -> None:
    status, code = _answer(router, text)
    assert code not in ("13.72.01.1002", "13.06.05", "33.08", "74.06.01.1016"), (status, code)


def test_a_journey_alone_is_the_place_told(router: Router) -> None:
    # no other place named: the destination is the only place there is (as before)
    assert _answer(router, "pelaku kabur ke surabaya") == ("ok", "35.78")


def test_a_sentence_word_is_no_event_place(router: Router) -> None:
    # Desa Begal of Ngawi is the robber: the flight's place is still asked
    status, _code = _answer(router, "begal yg ngerampas motor kabur ke arah sumber urip")
    assert status == "ambiguous"


def test_baku_alone_and_abroad_is_still_baku(router: Router) -> None:
    assert _answer(router, "kerja di baku azerbaijan ditipu agen")[0] == "outside"
    assert _answer(router, "tkw di baku")[0] == "outside"
