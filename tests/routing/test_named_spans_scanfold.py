"""The one scan of a text's word windows over the gazetteer's keys (bot/routing/named_spans.py,
session 43): the order of the windows, how the joined spelling counts, the longest window."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bot.routing.gazetteer import Gazetteer
from bot.routing.named_spans import named_spans
from bot.routing.place_words import normalise

# Made-up keys and codes: the scan reads any name -> codes mapping.
KEYS: dict[str, tuple[str, ...]] = {
    "batu": ("b",),
    "api": ("a",),
    "batu api": ("ba",),
    "air besar": ("apart",),
    "airbesar": ("together",),
    "karanganom": ("k",),
}


def test_windows_come_shortest_first_left_to_right() -> None:
    assert list(named_spans(["pasar", "batu", "api"], KEYS)) == [
        (1, 2, ("b",)),
        (2, 3, ("a",)),
        (1, 3, ("ba",)),
    ]


def test_longest_first_puts_the_longer_name_before_its_parts() -> None:
    assert list(named_spans(["pasar", "batu", "api"], KEYS, longest_first=True)) == [
        (1, 3, ("ba",)),
        (1, 2, ("b",)),
        (2, 3, ("a",)),
    ]


def test_the_joined_spelling_as_fallback_only_where_the_words_are_no_key() -> None:
    assert list(named_spans(["karang", "anom"], KEYS)) == [(0, 2, ("k",))]
    assert list(named_spans(["air", "besar"], KEYS)) == [(0, 2, ("apart",))]


def test_the_joined_spelling_also_adds_its_codes_after_the_typed_ones() -> None:
    assert list(named_spans(["air", "besar"], KEYS, joined="also")) == [
        (0, 2, ("apart", "together"))
    ]
    assert list(named_spans(["karang", "anom"], KEYS, joined="also")) == [(0, 2, ("k",))]


def test_windows_longer_than_most_are_not_read() -> None:
    words = ["di", "batu", "api"]
    assert [(s, e) for s, e, _ in named_spans(words, KEYS, most=1)] == [(1, 2), (2, 3)]
    assert (1, 3, ("ba",)) in named_spans(words, KEYS, most=2)


class CountingKeys(Mapping[str, tuple[str, ...]]):
    """KEYS, counting the look-ups, to see that the scan stops when its caller does."""

    def __init__(self) -> None:
        self.asked = 0

    def __getitem__(self, key: str) -> tuple[str, ...]:
        self.asked += 1
        return KEYS[key]

    def __iter__(self) -> Iterator[str]:
        return iter(KEYS)

    def __len__(self) -> int:
        return len(KEYS)


def test_the_scan_is_lazy() -> None:
    keys = CountingKeys()
    first = next(named_spans(["batu", "api", "dan", "lain", "lain"], keys))
    assert first == (0, 1, ("b",))
    assert keys.asked == 1


def test_a_kecamatan_written_apart_is_found_by_its_joined_key(gazetteer: Gazetteer) -> None:
    """ "batu jajar" for Kec. Batujajar: the tree keys the joined spelling only, which
    both modes read."""
    joined = gazetteer.keys.get("batujajar", ())
    assert joined and "batu jajar" not in gazetteer.keys
    words = normalise("kecamatan batu jajar")
    spans = {(s, e): codes for s, e, codes in named_spans(words, gazetteer.keys)}
    assert spans[(1, 3)] == joined
    also = {(s, e): codes for s, e, codes in named_spans(words, gazetteer.keys, joined="also")}
    assert also[(1, 3)] == joined


def test_both_spellings_of_a_name_count_only_with_also(gazetteer: Gazetteer) -> None:
    """ "adi mulyo": the words as typed name a village, written together more places (Kec.
    Adimulyo among them): the fallback keeps the typed one's codes, "also" adds the rest."""
    apart, together = gazetteer.keys.get("adi mulyo", ()), gazetteer.keys.get("adimulyo", ())
    assert apart and set(together) - set(apart)
    words = ["di", "adi", "mulyo"]
    fallback = {(s, e): codes for s, e, codes in named_spans(words, gazetteer.keys)}
    both = {(s, e): codes for s, e, codes in named_spans(words, gazetteer.keys, joined="also")}
    assert fallback[(1, 3)] == apart
    assert set(both[(1, 3)]) == set(apart) | set(together)
