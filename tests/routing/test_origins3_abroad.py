"""Session 45 (origins3): a town abroad after a building's word or a street's name, Arab
Saudi's everyday short form and the other class rows, local quarters and languages named
after a people, and "dari A ... di B" (bot/routing/events_abroad.py, home_towns.py,
story_places.py, gazetteer.py, data/places/foreign.csv)."""

from __future__ import annotations

import pytest

from bot.routing.events_abroad import a_buildings_town
from bot.routing.resolver import Router


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("meninggal di rs riyadh", "riyadh"),
        ("meninggal di rumah sakit tuanku jaafar seremban", "seremban"),
        ("ditemukan di waterfall bay park hong kong", "hong"),
        ("disekap di apartemen kowloon", "kowloon"),
        ("kecelakaan di jalan sarikei sarawak", "sarawak"),
    ],
)
def test_a_buildings_town(text: str, name: str) -> None:
    words = text.split()
    assert a_buildings_town(words.index(name), words)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("meninggal di riyadh", "riyadh"),  # right after "di": an_events_place's own case
        ("pulang dari rs riyadh", "riyadh"),  # no "di"
        ("di rs , riyadh", "riyadh"),  # a comma parts them
        ("di depan toko baju murah meriah riyadh", "riyadh"),  # no building word, too far
        ("di toko riyadh", "riyadh"),  # a shop is no building of the list
    ],
)
def test_no_buildings_town(text: str, name: str) -> None:
    words = text.split()
    assert not a_buildings_town(words.index(name), words)


@pytest.mark.parametrize(
    "text",
    [
        # dev lines main (4515864) answered with the home town or a question
        "tkw asal grobogan meninggal di arab, keluarga baru dikabarin 12 hari kemudian",
        "jenazah tki asal tasikmalaya udh 19 hari ketahan di arab, meninggal kena serangan jantung",
        "tki dr lombok meninggal di rs riyadh abis keguguran, jenazah belum dipulangin",
        "pmi asal jateng ditemukan meninggal di waterfall bay park hong kong, diduga dibunuh",
        "suami sy tki asal malingping lebak meninggal di hospital tuanku jaafar negeri sembilan",
        # the class rows of session 45
        "tkw asal sumenep disiksa majikan di uea",
        "tkw asal melawi disiksa majikan di muscat",
        "pmi asal cianjur kabur dari majikan di muskat",
        "tki asal grobogan meninggal di rumah sakit taipei",
        # a town or country after a street's own name is where the street runs (dev)
        "2 pmi asal tampak siring batukliang meninggal kecelakaan di jalan sarikei sarawak",
        "wanita sales mebel ditemukan tangan terikat di rumah jalan reko kajang malaysia",
    ],
)
def test_abroad_beats_the_origin(router: Router, text: str) -> None:
    assert router.resolve_text(text).status == "outside"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # a quarter named after a people beside its city (main asked for india, and for
        # arab once "arab" is a country's short form)
        ("dipukul di kampung arab pekalongan", "33.75"),
        ("dipukul di kampung india pekalongan", "33.75"),
        ("keturunan arab dipukul di kampung arab pekalongan", "33.75"),
        ("guru bahasa arab dipukul murid di grobogan", "33.15"),
        # the converse: a foreign origin, the event here
        ("wna asal arab ditipu di grobogan", "33.15"),
        ("turis asal uea dirampok di kuta mandalika lombok tengah", "52.02"),
        # "dari A ... di B": B (main asked between A and B)
        (
            "5 penumpang perahu jhonson dari yapen turun diam2 di belakang kantor dinas sosial "
            "biak",
            "91.06",
        ),
        ("pedagang dari dumai dipalak preman di terminal lombok tengah", "52.02"),
        ("rombongan dari sinjai ditahan di depan kantor bupati jakarta pusat", "31.71"),
    ],
)
def test_the_place_here(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None, result
    assert result.chosen.code.startswith(code)


@pytest.mark.parametrize(
    "text",
    [
        # "dari A" and the scene in A's own kab/kota: A's kab/kota stays the answer
        "pedagang dari kab grobogan dipalak preman di terminal purwodadi grobogan",
        # a flight's start is journeys' reading, the event there ("kabur dari")
        "pengungsi dari wamena ditampung di gedung serbaguna sentani",
    ],
)
def test_from_and_the_scene_agree(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None, result


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # right after the street word, or after a kind of place, the foreign name is the
        # street's or the building's (as on main)
        ("jalan raya jepang kudus", "33.19"),
        ("massa bakar ban blokade jalan depan hotel swiss-bel wosi manokwari", "92.02"),
        ("jl asia afrika bandung", "32.73"),
    ],
)
def test_a_streets_own_foreign_name(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None, result
    assert result.chosen.code.startswith(code)


def test_a_language_is_no_place_abroad(router: Router) -> None:
    assert router.resolve_text("les bahasa arab").status != "outside"
