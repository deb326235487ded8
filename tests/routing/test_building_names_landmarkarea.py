"""A building's own name and the area it stands in (bot/routing/building_names.py and the
resolver's `_the_area_of_a_building`, session 42): "<kind> <its own name> <area>", the
building's name a place's name of somewhere else, the area where it stands.

The cases come from the generated probe (bot/evaluation/landmark_area_probe.py: a unique
kecamatan or village name as the building's, a unique name of another unit as the area),
not from the evaluation sets."""

from __future__ import annotations

import pytest

from bot.routing.building_names import building_name_at
from bot.routing.resolver import Router
from tests.routing.answers import chosen_code


@pytest.mark.parametrize(
    ("text", "start", "kind_at"),
    [
        ("toko galeso seubun keutapang", 1, 0),
        ("smpn 10 desa talang randai", 4, None),  # after "desa": the village itself
        ("atm bri guguak bulek", 2, 0),  # a bank's initials between
        ("sd negeri 2 sukamaju", 3, 0),
        ("maling di sukamaju", 2, None),  # no kind
        ("toko idola suka merindu", 2, None),  # the shop's own word parts them
    ],
)
def test_a_name_right_after_a_kind_is_the_buildings(
    text: str, start: int, kind_at: int | None
) -> None:
    assert building_name_at(text.split(), start) == kind_at


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Desa Galeso (Polewali Mandar) names the shop; Desa Seubun Keutapang (Aceh Besar)
        # is where it stands
        ("toko galeso seubun keutapang", "11.06.02.2011"),
        ("maling di toko galeso seubun keutapang", "11.06.02.2011"),
        ("seubun keutapang, toko galeso", "11.06.02.2011"),
        # Desa Natolutali (Humbang Hasundutan); Desa Paloh Lhok Usi (Aceh Barat)
        ("pabrik natolutali paloh lhok usi", "11.07.24.2005"),
        # Kec. Barangin (Sawahlunto) names the coffee stall; Desa Kadujangkung (Pandeglang)
        ("warkop barangin kadujangkung", "36.01.30.2005"),
        # a landmark named after a company (Semen Gresik's row lies in Gresik); Kec. Kerek
        # of Tuban, where its plant stands
        ("maling kabel pabrik semen gresik kerek", "35.23.08"),
        # a stall named after its dish's home town: Kota Padang and Kab. Lamongan are the
        # dishes'; Kec. Tembalang (Semarang) is where the stalls stand
        ("maling di warung padang di tembalang", "33.74.10"),
        ("soto lamongan tembalang", "33.74.10"),
    ],
)
def test_the_area_settles_where_the_building_stands(router: Router, text: str, code: str) -> None:
    assert chosen_code(router, text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Kec. Siantar (Simalungun) is the end of Pematangsiantar's name, where the
        # hospital is: they lie together
        ("rs vita insani siantar", "12.72"),
        # the area lies with the building: the older rules' answer
        ("pasar cibinong bogor", "32.01.01"),
        # Kab. Toba, where Kec. Porsea lies, was split from Tapanuli Utara
        ("spbu porsea tapanuli utara", "12.12.07"),
    ],
)
def test_an_area_that_names_the_buildings_town_keeps_it(
    router: Router, text: str, code: str
) -> None:
    assert chosen_code(router, text) == code


def test_a_kecamatan_after_a_kind_named_after_its_place_stays(router: Router) -> None:
    # "pasar malalayang" is the market of Kec. Malalayang (Manado): markets and schools
    # are named after the kecamatan they serve, so the name is the building's place, and
    # a village of elsewhere before it with a comma does not move it
    assert chosen_code(router, "sidaling, pasar malalayang") == "71.71.09"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Desa Cabeankunti lies in Boyolali; Kec. Bebesen of Aceh Tengah written after it
        ("di desa cabeankunti bebesen", "11.04.03"),
        # Desa Kawengen lies in Semarang; Kec. Lintau Buo of Tanah Datar, with its level
        # word too
        ("di desa kawengen lintau buo", "13.04.06"),
        ("di desa kawengen kec lintau buo", "13.04.06"),
    ],
)
def test_the_kecamatan_written_after_a_village_of_elsewhere_settles_it(
    router: Router, text: str, code: str
) -> None:
    assert chosen_code(router, text) == code


def test_a_kecamatan_that_holds_the_village_leaves_it(router: Router) -> None:
    # Desa Rawakalong lies in Kec. Gunungsindur: the village, as before
    assert chosen_code(router, "motor hilang di rawakalong gunung sindur") == "32.01.11.2009"
