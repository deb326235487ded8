"""Names that lie together (bot/routing/names_together.py and the resolver's
`_lying_together`, session 40): equally good places of different units, and another name
of the text lying in the kecamatan (else the kab/kota) of one of them only.

The misspelt pairs come from the generated probe (bot/evaluation/together_probe.py: a
shared village name beside a unique name of its kecamatan with one letter dropped), not
from the evaluation sets."""

from __future__ import annotations

import pytest

from bot.routing.gazetteer import Gazetteer
from bot.routing.names_together import SAME_KABKOTA, SAME_KECAMATAN, Neighbourhoods
from bot.routing.place_words import normalise
from bot.routing.resolver import Router
from tests.routing.answers import chosen_code


@pytest.fixture(scope="module")
def neighbourhoods(gazetteer: Gazetteer) -> Neighbourhoods:
    return Neighbourhoods(gazetteer.tree, (gazetteer.keys,), gazetteer.keys)


@pytest.mark.parametrize(
    ("text", "village"),
    [
        # Desa Kunangan of Muaro Jambi and of Tebo; Desa Sekumbung lies beside the first
        ("motor hilang di kunangan sekubung", "15.05.11.2001"),
        # Desa Karangkembang of Kebumen and of Lamongan; Kemangguan, Kec. Alian (Kebumen)
        ("motor hilang di karangkembang kemanguan", "33.05.11.2009"),
        # Desa Selamat of four kab/kota; Kec. Biru-Biru (Deli Serdang), written as spoken
        ("rumah dibobol di desa selamat sibiru biru", "12.07.07.2014"),
        # Desa Bandar Setia of Aceh Tamiang and of Kec. Percut Sei Tuan, where Desa Laut
        # Dendang lies; Kec. Dendang (Jambi, Belitung Timur) two points above both
        ("mayat ditemukan di lau dendang bandar setia", "12.07.26.2017"),
    ],
)
def test_a_name_beside_one_of_the_places_settles_it(
    router: Router, text: str, village: str
) -> None:
    assert chosen_code(router, text) == village


def test_its_own_kecamatan_beats_a_street_named_after_a_city(router: Router) -> None:
    # Desa Sako of Kec. Rambutan (Banyuasin), Kel. Sako of Palembang: the road named
    # after Palembang supports the kelurahan as much as Rambutan the desa; the kecamatan
    # that holds the village is the closer reading
    assert chosen_code(router, "jambret di jl raya palembang desa sako rambutan") == (
        "16.07.06.2011"
    )


@pytest.mark.parametrize(
    "text",
    [
        # Babakan and Sukamantri are names of dozens of villages each: they lie together
        # in some kecamatan by chance, which says nothing of which one is meant
        "jembatan babakan sukamantri ambruk",
        # "peming" is no name of Klepek's kecamatan (Desa Klepek of Kediri and of Batam):
        # one letter off a village elsewhere in Kab. Kediri is a chance hit (the control
        # pairs of the probe: Pemping of Batam misspelt)
        "motor hilang di klepek peming",
        # "curian" (stolen) is one letter off Desa Durian of the kecamatan of one Desa
        # Gapura; a misspelt name is read only right beside the name it lies with
        "sapi curian ditemukan di desa gapura",
    ],
)
def test_names_that_do_not_lie_together_are_still_asked(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (res.reason, res.chosen)


def test_a_misspelt_kecamatan_is_found_in_its_own_kecamatan(
    neighbourhoods: Neighbourhoods,
) -> None:
    words = normalise("desa selamat sibiru biru")
    beside = neighbourhoods.beside("12.07.07.2014", words, (1, 2))
    assert beside is not None
    assert (beside.code, beside.closeness, beside.exact) == ("12.07.07", SAME_KECAMATAN, False)
    # the same words beside the Desa Selamat of Aceh Tamiang name nothing there
    assert neighbourhoods.beside("11.16.11.2004", words, (1, 2)) is None


def test_a_name_of_one_kab_kota_lies_beside_a_village_of_it(
    neighbourhoods: Neighbourhoods,
) -> None:
    # Kel. Pasir Kuda (Kota Bogor, Kec. Bogor Barat) beside Kel. Babakan (Bogor Tengah)
    words = normalise("kampung babakan pasir kuda")
    beside = neighbourhoods.beside("32.71.03.1005", words, (1, 2))
    assert beside is not None
    assert (beside.closeness, beside.exact, beside.words) == (SAME_KABKOTA, True, "pasir kuda")


def test_a_dictionary_word_is_a_name_only_after_a_level_word(
    neighbourhoods: Neighbourhoods,
) -> None:
    # Kec. Rambutan holds Desa Sako of Banyuasin: its own kecamatan, whatever the word
    beside = neighbourhoods.beside("16.07.06.2011", normalise("desa sako rambutan"), (1, 2))
    assert beside is not None and beside.code == "16.07.06"
    # the same name repeated is no other name ("padang ... nagori padang")
    words = normalise("huta padang nagori padang")
    assert neighbourhoods.beside("35.08.14.2006", words, (1, 2)) is None
