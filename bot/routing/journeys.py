"""Places a story's people went to or came from, not where it happened.

Owns: telling, among the places a text names, the one after a word of flight or of
leaving and a word of direction ("pelaku kabur ke klaten", "lari ke arah gamping", "kabur
naik kapal ke surabaya", "pengungsi dari wamena"): the journey's end or start. Where the
text also names the place of the event (before the flight, or after "di" later:
"pengungsi dari wamena ditampung di sentani"), that place is the complaint's and the
journey's gives way. Alone ("pelaku kabur ke surabaya") the name is the only place told
and is kept, as the session 36-38 rules keep a place after "ke"/"dari" (session 40, the
fresh set; tests/routing/reading_forms.py, reading `journey`, probes it over the tree).

Session 42 (tests/routing/journeys2_forms.py): verbs of being taken away or of travel, a
refuge and its town ("ke mapolres di B": the "di" is the refuge's address), routes ("ngungsi
dari A ke B", "kabur ke B dr A": after a verb of fleeing the route's start is the event's),
"sampe ke" (as far as) and "lari ke" read as the journey's words, never a village's name.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from bot.routing.place_index import sentence_word
from bot.routing.regions import is_within, level_of

# Words of running away or of leaving home: the place after their direction word is
# where someone went or came from. "bawa kabur" (made off with) is "kabur" too.
FLEE_WORDS = frozenset(
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
        # taken away from the scene: the victim to a hospital, the people to safety
        # (session 42: "korban dibawa ke rs di B", "warga dievakuasi ke pos tni di B")
        "dievakuasi",
        "evakuasi",
        "dibawa",
        "dirujuk",
    ]
)
# Words of going somewhere that say nothing of a trouble left behind: after them "ke B"
# is where someone went, but a route "dari A ke B" does not put the event at A
# ("pulang dari jakarta ke klaten": the complaint may be about the trip).
TRAVEL_WORDS = frozenset(
    ["diantar", "diantarkan", "pulang", "balik", "pindah", "nyebrang", "menyebrang", "menyeberang"]
)
FLIGHT_WORDS = FLEE_WORDS | TRAVEL_WORDS
# Words of direction after a flight word ("ke", "ke arah", "menuju", "naik bus tujuan")
# or of its start ("dari", "dr").
TOWARD_WORDS = frozenset(["ke", "kearah", "arah", "menuju", "tujuan"])
FROM_WORDS = frozenset(["dari", "dr", "dri"])
DIRECTION_WORDS = TOWARD_WORDS | FROM_WORDS
# "as far as" between a flight word and its direction word ("ngungsi sampe ke").
UNTIL_WORDS = frozenset(["sampe", "sampai", "smpe", "smpai", "sampek", "hingga"])
# At most this many words between the flight word and its direction word ("kabur naik
# kapal ke"), and between the direction word and the name ("ke jl enggano priok").
FLIGHT_GAP = 3
NAME_GAP = 2
# Words that end a journey's phrase: the place of the event comes after them.
EVENT_WORDS = frozenset(["di", "dekat", "dkt", "sekitar", ","])
# Kinds of place people flee or are taken to, named before the town they stand in ("ngungsi
# sampe ke mapolres di wamena", "dilarikan ke rs di B", "ke pos tni polri di B"): the
# "di" after them is the refuge's address, not the place of the event (session 42). At
# most KIND_GAP words from the direction word to that "di" ("ke rumah saudara di").
REFUGE_KINDS = frozenset(
    [
        "mapolres",
        "polres",
        "polresta",
        "polrestabes",
        "mapolsek",
        "polsek",
        "kantor",
        "pos",
        "posko",
        "markas",
        "mako",
        "koramil",
        "kodim",
        "kodam",
        "korem",
        "rs",
        "rsud",
        "rsu",
        "puskesmas",
        "klinik",
        "rumah",
        "gedung",
        "aula",
        "balai",
        "masjid",
        "mesjid",
        "gereja",
        "sekolah",
        "asrama",
        "barak",
        "kamp",
        "tenda",
        "penampungan",
        "pengungsian",
        "hutan",
        "kebun",
        "gunung",
        "bukit",
        "pelabuhan",
        "terminal",
        "bandara",
        "stasiun",
        "hotel",
        "wisma",
        "kos",
        "kontrakan",
    ]
)
KIND_GAP = 3


def journeys_words_glued(span: list[str]) -> bool:
    """ "lari ke arah X" is no Desa Larike: a flight word and its direction word typed
    apart are the journey's words, never one name written apart."""
    return len(span) == 2 and span[0] in FLIGHT_WORDS and span[1] in DIRECTION_WORDS


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
    journey = _journey(words, start)
    return journey[0] if journey else None


def _journey(words: list[str], start: int) -> tuple[int, str] | None:
    """(the flight word's index, the direction word) of the journey the name at `start`
    ends or starts. Before the name: its direction word, or a kind of refuge and "di"
    ("ke mapolres di B"); before that the flight word, or the route's other end ("kabur
    ke surabaya dr B": B is where the flight started)."""
    d = start - 1
    while d >= 0 and d >= start - 1 - NAME_GAP:
        word = words[d]
        if word == "di" and (toward := _refuge_before(words, d)) is not None:
            d = toward
            word = words[d]
        elif word in EVENT_WORDS:
            return None
        if word in DIRECTION_WORDS:
            flight = _flight_before(words, d)
            return (flight, word) if flight is not None else None
        d -= 1
    return None


def _refuge_before(words: list[str], at: int) -> int | None:
    """The index of the toward word before a kind of refuge ending at the "di" at `at`
    ("ke mapolres di", "sampai ke pos tni di"), or None."""
    for t in range(at - 1, max(-1, at - 2 - KIND_GAP), -1):
        if words[t] in TOWARD_WORDS:
            return t if t < at - 1 and words[t + 1] in REFUGE_KINDS else None
        if words[t] in EVENT_WORDS or words[t] in FLIGHT_WORDS or words[t] in FROM_WORDS:
            return None
    return None


def _flight_before(words: list[str], d: int) -> int | None:
    """The flight word at most FLIGHT_GAP words before the direction word at `d`, or,
    for a route's start named after its end ("kabur ke surabaya dr trisakti"), the
    flight word of that end's direction word."""
    for k in range(d - 1, max(-1, d - 2 - FLIGHT_GAP), -1):
        if words[k] in EVENT_WORDS:
            return None
        if words[k] in FLIGHT_WORDS:
            return k
        if (words[d] in FROM_WORDS and words[k] in TOWARD_WORDS) or (
            words[d] in TOWARD_WORDS and words[k] in FROM_WORDS
        ):
            # the route's other end: "kabur dari A ke B", "kabur ke B dr A"
            return _flight_before(words, k)
    return None


def a_journeys_end(m: Mentioned, words: list[str], places: Collection[Mentioned]) -> bool:
    """ "motor dicuri di sleman, pelaku kabur ke klaten", "pengungsi dari wamena ditampung
    di sentani": `m` is where someone fled to or came from, and the text names the place
    of the event elsewhere: before the flight word, after an event word ("di") later, or
    as the start of the same flight's route ("ngungsi dari A ke B": `_the_routes_start`).
    A place inside `m`'s regions ("kabur ke desa X kec Y") does not count, nor a name
    made of the sentence's words without its level word ("begal yg ngerampas motor kabur
    ke arah sumber urip": Desa Begal is the robber)."""
    if not m.entries:
        return False
    journey = _journey(words, m.start)
    if journey is None:
        return False
    flight, direction = journey
    events = [
        o
        for o in places
        if o is not m
        and o.entries
        and o.exact
        and (
            (
                (
                    o.end <= flight
                    or (o.start > m.end and _after_an_event_word(words, o.start, m.end))
                )
                and journey_word_at(words, o.start) is None
                and not _a_sentences_words(o, words)
            )
            or (direction in TOWARD_WORDS and _the_routes_start(o, flight, words))
        )
    ]
    return bool(events) and not any(
        is_within(c, own) or is_within(own, c)
        for o in events
        for c in o.entries
        for own in m.entries
    )


def _the_routes_start(o: Mentioned, flight: int, words: list[str]) -> bool:
    """`o` starts the route of the same flight from trouble ("warga ngungsi dari A ke B",
    "pelaku kabur naik kapal ke B dr A"): one flees, or is taken, from the place where it
    happened, so the route's start is the event's (session 42). After a travel word
    ("pulang dari A ke B") it is not."""
    journey = _journey(words, o.start)
    return (
        journey is not None
        and journey[0] == flight
        and journey[1] in FROM_WORDS
        and words[flight] in FLEE_WORDS
    )


def an_until_word(m: Mentioned, words: list[str]) -> bool:
    """ "dibawa sampe ke warbal": "sampe" (as far as) between a flight word and its
    direction word is the journey's word, not Desa Sampe (session 42)."""
    return (
        not m.marked
        and m.end - m.start == 1
        and words[m.start] in UNTIL_WORDS
        and m.end < len(words)
        and words[m.end] in DIRECTION_WORDS
        and _flight_before(words, m.end) is not None
    )


def _a_sentences_words(o: Mentioned, words: list[str]) -> bool:
    """`o` names only kecamatan or villages, without a level word, by words of the
    sentence ("begal"); a kab/kota's name ("lampung tengah") is that kab/kota. After "di"
    it is a place ("dijambret di menyuke": Kec. Menyuke; session 42)."""
    return (
        not o.marked
        and not (o.start > 0 and words[o.start - 1] == "di")
        and all(level_of(c) >= 3 for c in o.entries)
        and all(sentence_word(w) for w in words[o.start : o.end])
    )


def _after_an_event_word(words: list[str], start: int, since: int) -> bool:
    """An event word stands between `since` and `start` ("... ditampung di sentani")."""
    return any(w in EVENT_WORDS for w in words[since:start])
