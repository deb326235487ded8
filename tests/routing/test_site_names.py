"""Region names inside the name of a nature site nobody compiled (session 41, issue 14):
bot/routing/site_names.py, and a fixed sample of the generated probe
tests/routing/site_name_forms.py (the full probe: `python -m tests.routing.site_name_forms`).
"""

from __future__ import annotations

import pytest

from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from bot.routing.site_names import kinds_before
from tests.routing.answers import assert_decided
from tests.routing.site_name_forms import generate, score


@pytest.mark.parametrize(
    ("text", "start", "kinds"),
    [
        ("air terjun pulau simo", 3, ["waterfall", "island"]),
        ("pemandian air terjun pantai salak", 4, ["hot_spring", "waterfall", "beach"]),
        ("tenggelam di coban sinde", 3, ["waterfall"]),
        ("dicopet di pasar lama", 3, ["market"]),
        ("hp hilang di simo", 3, []),
    ],
)
def test_kind_words_before_a_name(text: str, start: int, kinds: list[str]) -> None:
    assert kinds_before(text.split(), start) == kinds


@pytest.mark.parametrize(
    "text",
    [
        # development lines of the session-35 fresh set: the site is in no table; the word
        # after the kind was read as a kecamatan elsewhere (Simo of Boyolali, Periuk of
        # Tangerang, Sindue of Donggala)
        "pengunjung meninggal di air terjun pulau simo",
        "dua wisatawan tewas berpelukan di curug priuk",
        "coban sinde",
        # generated: a village's name, then a word no place bears; a second kind word; the
        # kind word itself a village's name (Desa Riam, Kotawaringin Barat)
        "air terjun wolutengah tijawu",
        "wisatawan tenggelam di air terjun cipelem jigasa",
        "coban gunung rante",
        "riam walata",
    ],
)
def test_a_region_inside_an_unknown_sites_name_decides_nothing(router: Router, text: str) -> None:
    assert router.resolve_text(text).status != "ok", text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the kab/kota written apart from the site's name decides, not the village Kunden
        # (Grobogan) the name starts with
        ("curug kunden mupugi seruyan", "62.07"),
        # guards: the site's whole name is its village's, or the place comes after it
        ("pantai modangan", "35.07"),
        ("pantai kuta", "51.03"),
        ("air terjun sedudo nganjuk", "35.18"),
        ("wisatawan tenggelam di pantai sawarna lebak", "36.02"),
    ],
)
def test_the_place_written_apart_from_the_site_decides(
    router: Router, text: str, code: str
) -> None:
    assert_decided(router.resolve_text(text), text, code)


def test_probe_sample(router: Router, tree: RegionTree) -> None:
    """A few forms of each kind of the probe, scored as the full probe scores them."""
    outcomes: dict[str, list[str]] = {}
    for form in generate(tree, per_kind=2):
        outcomes.setdefault(form.kind, []).append(score(router, form.text, form.regency)[0])
    right = {kind: got.count("right") / len(got) for kind, got in outcomes.items()}
    assert right["then_district"] == 1.0
    assert right["made_up"] >= 0.9
    assert right["region_then_more"] >= 0.8
    assert right["second_kind"] >= 0.8
    assert right["fuzzy"] >= 0.8
    assert right["then_regency"] >= 0.8
