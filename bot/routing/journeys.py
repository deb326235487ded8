"""Places a story's people went to or came from, not where it happened.

Owns: telling, among the places a text names, the one after a word of flight or of
leaving and a word of direction ("pelaku kabur ke klaten", "lari ke arah gamping", "kabur
naik kapal ke surabaya", "pengungsi dari wamena"): the journey's end or start. Where the
text also names the place of the event (before the flight, or after "di" later:
"pengungsi dari wamena ditampung di sentani"), that place is the complaint's and the
journey's gives way. Alone ("pelaku kabur ke surabaya") the name is the only place told
and is kept, as the session 36-38 rules keep a place after "ke"/"dari" (session 40, the
fresh set; tests/routing/journey_forms.py probes it over the tree).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from bot.routing.place_index import sentence_word
from bot.routing.regions import is_within, level_of

# Words of running away or of leaving home: the place after their direction word is
# where someone went or came from. "bawa kabur" (made off with) is "kabur" too.
FLIGHT_WORDS = frozenset(
    [
        "kabur",
        "kabor",
        "kbur",
        "lari",
        "berlari",
        "melarikan",
        "larikan",
        "dilarikan",
        "minggat",
        "ngacir",
        "kabur2an",
        "mengungsi",
        "ngungsi",
        "pengungsi",
        "diungsikan",
    ]
)
# Words of direction after a flight word ("ke", "ke arah", "menuju") or of its start
# ("dari", "dr").
DIRECTION_WORDS = frozenset(["ke", "kearah", "arah", "menuju", "dari", "dr", "dri"])
# At most this many words between the flight word and its direction word ("kabur naik
# kapal ke"), and between the direction word and the name ("ke jl enggano priok").
FLIGHT_GAP = 3
NAME_GAP = 2
# Words that end a journey's phrase: the place of the event comes after them.
EVENT_WORDS = frozenset(["di", "dekat", "dkt", "sekitar", ","])


class Mentioned(Protocol):
    """What this rule reads of a gazetteer mention (gazetteer `_Mention`)."""

    entries: dict[str, float]
    exact: bool
    marked: bool
    start: int
    end: int


def journey_word_at(words: list[str], start: int) -> int | None:
    """The index of the flight word whose journey the name at `start` ends or starts, or
    None: a direction word at most `NAME_GAP` words before the name (no event word
    between), and a flight word at most `FLIGHT_GAP` words before that."""
    for d in range(start - 1, max(-1, start - 2 - NAME_GAP), -1):
        word = words[d]
        if word in EVENT_WORDS:
            return None
        if word not in DIRECTION_WORDS:
            continue
        for k in range(d - 1, max(-1, d - 2 - FLIGHT_GAP), -1):
            if words[k] in EVENT_WORDS:
                return None
            if words[k] in FLIGHT_WORDS:
                return k
        return None
    return None


def a_journeys_end(m: Mentioned, words: list[str], places: Collection[Mentioned]) -> bool:
    """ "motor dicuri di sleman, pelaku kabur ke klaten", "pengungsi dari wamena ditampung
    di sentani": `m` is where someone fled to or came from, and the text names the place
    of the event elsewhere: before the flight word, or after an event word ("di") later.
    A place inside `m`'s regions ("kabur ke desa X kec Y") does not count, nor a name
    made of the sentence's words without its level word ("begal yg ngerampas motor kabur
    ke arah sumber urip": Desa Begal is the robber)."""
    if not m.entries:
        return False
    flight = journey_word_at(words, m.start)
    if flight is None:
        return False
    events = [
        o
        for o in places
        if o is not m
        and o.entries
        and o.exact
        and (o.end <= flight or (o.start > m.end and _after_an_event_word(words, o.start, m.end)))
        and journey_word_at(words, o.start) is None
        and not _a_sentences_words(o, words)
    ]
    return bool(events) and not any(
        is_within(c, own) or is_within(own, c)
        for o in events
        for c in o.entries
        for own in m.entries
    )


def _a_sentences_words(o: Mentioned, words: list[str]) -> bool:
    """`o` names only kecamatan or villages, without a level word, by words of the
    sentence ("begal"); a kab/kota's name ("lampung tengah") is that kab/kota."""
    return (
        not o.marked
        and all(level_of(c) >= 3 for c in o.entries)
        and all(sentence_word(w) for w in words[o.start : o.end])
    )


def _after_an_event_word(words: list[str], start: int, since: int) -> bool:
    """An event word stands between `since` and `start` ("... ditampung di sentani")."""
    return any(w in EVENT_WORDS for w in words[since:start])
