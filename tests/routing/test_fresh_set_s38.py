"""Session 38 (issue 14): the general readings behind the fresh set's misses.

- a village named like a chat spelling of a story word ("sampe" for sampai, Desa Sampe of
  Sumbawa; "dapet" for dapat, Desa Dapet of Gresik) is that word in a story, as a
  dictionary word already was (`resolver._told_name_at`);
- a country named after a side word ("pulau sebatik wilayah malaysia", "perairan
  malaysia") puts the text abroad, whatever Indonesian name it also holds
  (`gazetteer._on_a_countrys_side`);
- Sabah's and Sarawak's places near the border that migrants and fishermen name (Kalabakan,
  Wallace Bay on the Malaysian side of Sebatik, Lahad Datu, Merotai, Serikin) are rows of
  data/places/foreign.csv, each with the page it was read on;
- a kab/kota named by a one-word river and its reach is also written reach first ("hulu
  kapuas": Kab. Kapuas Hulu, not Kab. Kapuas) (`place_index.river_reach_forms`).

Every case goes through `Router.resolve_text`.
"""

from __future__ import annotations

import pytest

from bot.routing.place_index import river_reach_forms
from bot.routing.place_words import MATERIAL_NAMES
from bot.routing.regions import RegionTree, bare_regency_name, name_key
from bot.routing.resolver import Router
from tests.routing.answers import assert_decided

REFUSED = ("not_found", "invalid", "outside")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Desa Sampe (Sumbawa) was chosen over the places the story names
        ("tawuran sampe perlintasan rel pondok kopi duren sawit", "31.75"),
        ("motor dicuri sampe ke kebayoran lama", "31.74"),
    ],
)
def test_a_chat_spelling_of_a_story_word_is_no_village(
    router: Router, text: str, code: str
) -> None:
    assert_decided(router.resolve_text(text), text, code)


def test_a_shared_name_beside_a_chat_word_is_still_asked(router: Router) -> None:
    # Desa Bugbug (Karangasem) and Bug-Bug (Lombok Barat): asked, not Desa Sampe
    text = "ada kericuhan di bugbug sampe dilapor ke polda"
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (text, res.status, res.reason, res.chosen)
    assert {c.code[:5] for c in res.candidates} >= {"51.07", "52.01"}


@pytest.mark.parametrize(
    "text",
    [
        "dapet undangan nikah digital harus install, m-banking langsung kebobol",
        "43 wni ditangkap polisi malaysia di kampung melayu pulau sebatik wilayah malaysia",
        "kapal nelayan ditangkap di perairan malaysia",
        # towns of Sabah near the border (foreign.csv, session 38)
        "ditangkap polisi marin di perairan wallace bay mau ke kalabakan",
        "kerja di kebun sawit lahad datu",
    ],
)
def test_no_place_or_a_place_abroad_is_refused(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status in REFUSED, (text, res.status, res.reason, res.chosen)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("desa sampe", "52.04.21"),  # after its level word
        ("kena tipu investasi di dapet", "35.25.02"),  # a chat form after "di": Desa Dapet
        ("pulau sebatik", "65.03"),  # no side named: Nunukan's
        ("sebatik bagian indonesia", "65.03"),  # the side named is ours
        ("longboat karam di riam menyuai hulu kapuas", "61.06"),
        ("hulu mahakam", "64.11"),  # "ulu" is written "hulu" too
        ("kapuas hulu", "61.06"),
    ],
)
def test_places_read_as_written(router: Router, text: str, code: str) -> None:
    assert_decided(router.resolve_text(text), text, code)


def test_every_reach_form_names_its_own_regency(router: Router, tree: RegionTree) -> None:
    """Generated over the tree: each kab/kota "<river> <reach>" written reach first
    resolves to that kab/kota, and the form is no other region's name."""
    checked = 0
    for code, name in tree.items(2):
        for form in river_reach_forms(name_key(bare_regency_name(name))):
            held = router.gazetteer.keys.get(form, ())
            assert list(held) == [code], (form, held)
            assert_decided(router.resolve_text(form), form, code)
            checked += 1
    assert checked >= 6  # Indragiri, Rokan (Hulu, Hilir), Kapuas Hulu, Mahakam Ulu, Ogan Ilir


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # stone and coal beside a story word, another place stated: that place
        ("truk batu bara terbalik di simpang rimbo depan terminal damri", "15.71"),
        ("25 remaja bawa batu dekat ponpes al zaytun indramayu", "32.12"),
        ("wisatawan tertimpa runtuhan batu di curug cigamea", "32.01"),  # rubble of
        # nothing else stated: the kab/kota is all the text names
        ("truk batu bara terbalik", "12.19"),
        ("bawa batu", "35.79"),
        ("kebakaran di batu", "35.79"),
    ],
)
def test_stone_and_coal_are_things_beside_another_place(
    router: Router, text: str, code: str
) -> None:
    assert_decided(router.resolve_text(text), text, code)


def test_other_batu_names_stay_places(router: Router, tree: RegionTree) -> None:
    """Generated over the tree: every kecamatan name "Batu <word>" (Batu Ampar, Batu
    Putih...) after a story word is still offered or chosen as a kecamatan of that name;
    only the whole names of stone and coal (MATERIAL_NAMES) are read as the material."""
    names: dict[str, set[str]] = {}
    for code, name in tree.items(3):
        key = name_key(name)
        if key.startswith("batu ") and key not in MATERIAL_NAMES:
            names.setdefault(key, set()).add(code)
    assert len(names) >= 10
    lost = []
    for key, codes in sorted(names.items()):
        res = router.resolve_text(f"kebakaran {key}")
        if not codes & {c.code for c in res.candidates}:
            lost.append((key, res.status, res.reason))
    assert lost == [], lost
