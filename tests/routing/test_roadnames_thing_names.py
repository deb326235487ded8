"""Where a place's name stands inside the name of a street, water or junction
(bot/routing/thing_names.py, session 45), read with small stand-ins for streets.csv and the
gazetteer's names."""

from __future__ import annotations

from bot.routing.place_words import normalise
from bot.routing.thing_names import CROSSING_WORDS, NAME_OPENERS, NameInside, place_inside_a_name

STREETS = {"sudirman", "ahmad yani"}
PLACES = {"mataram", "bumijo", "pekanbaru", "kapuas", "berau", "kebun jeruk", "bandung"}


def _inside(text: str, own: str, **kwargs: object) -> NameInside | None:
    return place_inside_a_name(
        normalise(text),
        own.split(),
        lambda part: part in STREETS,
        lambda part: part in PLACES,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_towns_name_deep_in_a_streets_own_name() -> None:
    found = _inside("dikeroyok di jalan tentara rakyat mataram bumijo", "mataram")
    assert found is not None
    assert (found.word, found.depth, found.is_road) == ("jalan", 2, True)
    words = normalise("dikeroyok di jalan tentara rakyat mataram bumijo")
    assert words[found.opener] == "jalan" and words[found.end] == "bumijo"


def test_a_rivers_and_the_waters_name() -> None:
    river = _inside("mandi di lanting sungai kapuas", "kapuas")
    waters = _inside("ditembak di perairan muara berau muara badak", "berau")
    assert river is not None and (river.word, river.depth) == ("sungai", 0)
    assert waters is not None and (waters.word, waters.depth) == ("muara", 0)


def test_sei_is_a_river() -> None:
    found = _inside("mayat di sei kapuas desa x", "kapuas")
    assert found is not None and found.word == "sungai"


def test_a_lake_after_its_shore() -> None:
    found = _inside("dipalak di jalan tepi danau limboto", "limboto")
    assert found is not None and found.depth == 0


def test_a_known_street_ends_the_streets_name() -> None:
    # "jl sudirman pekanbaru": Sudirman is the street, Pekanbaru its city
    assert _inside("jambret di jl sudirman pekanbaru", "pekanbaru") is None
    # a place before the town: an address, not a street's own name
    assert _inside("jalan kebun jeruk bandung", "bandung") is None


def test_words_that_say_where_end_a_name() -> None:
    assert _inside("jalan rusak di mataram", "mataram") is None
    assert _inside("jalan kaki menuju mataram", "mataram") is None
    assert _inside("jalan desa mataram", "mataram") is None


def test_too_deep_is_no_name() -> None:
    assert _inside("jalan satu dua tiga empat mataram", "mataram") is None


def test_a_river_is_named_right_after_its_word() -> None:
    assert _inside("sungai besar kapuas", "kapuas") is None


def test_junctions_only_when_asked_for() -> None:
    text = "tawuran di perempatan bumijo jalan raya x"
    assert _inside(text, "bumijo") is None
    found = _inside(text, "bumijo", openers=NAME_OPENERS, deepest=0)
    assert found is not None and found.word in CROSSING_WORDS


def test_a_name_nowhere_in_a_things_name() -> None:
    assert _inside("maling di bumijo", "bumijo") is None
    assert _inside("jalan mataram", "") is None
