"""Taking the place and the time from a citizen's story, only where the parsers are sure.

A citizen who writes "motor saya dicuri di parkiran Pasar Minggu tadi malam" has already
answered "where?" and "when?": asking again costs a distressed reader two steps and
reads as not listening. So the story is searched for a place phrase (the words after a
locative marker such as "di", "depan", "at", "in", up to a time word or a clause end)
and a time phrase, and each is taken only when it is unambiguous:

- the place: the router (the same `PlaceResolver` the "where" step uses) resolves the
  phrase to exactly one place ("ok", by an exact name, never a fuzzy one, and the
  place's name stands word for word in the phrase); a village is
  taken only when the phrase names it as one ("desa", "kelurahan"), because short
  village names collide with ordinary words;
  two phrases naming different places take neither;
- the time: `flows/when.py` parses the story with the place phrase removed ("Pasar
  Minggu" is no Sunday) and its answer is taken only when the phrase it used holds a time
  word or a date ("tadi malam", "kemarin sore", "23/11", "last night"), never a bare
  weekday or number.

What is taken is shown in the summary, where the citizen confirms or changes it; what is
not taken is asked as before. Pure functions: no state, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flows.ports import PlaceResolution, PlaceResolver
from flows.when import FutureTimeError, WhenAnswer, parse_when

# Words that introduce a place ("di parkiran ...", "depan stasiun ...", "at Kuta Beach").
_MARKERS = {
    "di",
    "dkt",
    "dekat",
    "depan",
    "dpn",
    "belakang",
    "samping",
    "sekitar",
    "daerah",
    "kawasan",
    "wilayah",
    "area",
    "at",
    "in",
    "near",
    "on",
    "around",
}
# Words that say when ("tadi malam", "kmrn"): they end a place phrase and make a time
# phrase count.
_WHEN_WORDS = frozenset(
    {"tadi", "td", "semalam", "kemarin", "kemaren", "kmrn", "kmarin", "barusan"}
)
# Words that end a place phrase: time words and clause starters.
_STOPS = _WHEN_WORDS | {
    "pukul",
    "jam",
    "saat",
    "ketika",
    "waktu",
    "sewaktu",
    "pada",
    "tgl",
    "tanggal",
    "dan",
    "lalu",
    "terus",
    "trus",
    "kemudian",
    "yang",
    "yg",
    "oleh",
    "karena",
    "krn",
    "sekarang",
    "hari",
    "saya",
    "sy",
    "aku",
    "gue",
    "last",
    "yesterday",
    "today",
    "tonight",
    "this",
    "when",
    "while",
    "and",
    "by",
    "ago",
    "but",
    "now",
    "i",
    "my",
    "ada",
    "sejak",
    "tiap",
    "setiap",
    "since",
    "every",
    "there",
    "was",
    "were",
}
# "10 menit lalu": a number followed by one of these starts a time phrase, not a place.
_UNITS = {
    "detik",
    "menit",
    "mnt",
    "jam",
    "hari",
    "minggu",
    "bulan",
    "tahun",
    "seconds",
    "minutes",
    "mins",
    "hours",
    "days",
    "weeks",
    "months",
    "years",
}
# A time phrase counts only when it holds one of these (or a date, or a clock time).
_TIME_CUES = _WHEN_WORDS | {
    "lalu",
    "pagi",
    "siang",
    "sore",
    "malam",
    "subuh",
    "dini",
    "jam",
    "pukul",
    "hari",
    "ago",
    "yesterday",
    "last",
    "tonight",
    "today",
    "morning",
    "afternoon",
    "evening",
    "night",
    "am",
    "pm",
}
_RECURRING = re.compile(r"\b(tiap|setiap|sering|selalu|every|often)\b", re.I)
_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}|\d{1,2}[.:]\d{2}")
_VILLAGE_WORDS = re.compile(r"\b(desa|ds|kelurahan|kel|kampung|dusun|nagari|gampong)\b", re.I)
_TOKEN = re.compile(r"[\w'/.-]+|[.!?;\n]|,", re.UNICODE)
_CLAUSE_END = {".", "!", "?", ";", "\n"}


@dataclass(frozen=True, slots=True)
class StoryPlace:
    phrase: str  # the words the place was read from, as the citizen wrote them
    resolution: PlaceResolution


def place_phrases(text: str) -> list[str]:
    """The phrases after each locative marker, longest reading first for each marker."""
    tokens = _TOKEN.findall(text)
    phrases: list[str] = []
    for i, token in enumerate(tokens):
        if token.lower() not in _MARKERS:
            continue
        words: list[str] = []
        rest = tokens[i + 1 :]
        for j, following in enumerate(rest):
            low = following.lower().strip(".")
            if following in _CLAUSE_END or (low in _STOPS and words):
                break
            if low.isdigit() and j + 1 < len(rest) and rest[j + 1].lower() in _UNITS:
                break
            if low in _MARKERS and words:
                break  # "di X di Y", "in Seminyak around 2 am": another phrase starts
            words.append(following)
        while words and words[-1] == ",":
            words.pop()
        if not words:
            continue
        full = " ".join(words).replace(" ,", ",")
        phrases.append(full)
        if "," in words:  # "Pasar Minggu, Jakarta Selatan, waktu itu": also the first part
            phrases.append(" ".join(words[: words.index(",")]))
    return phrases


def _sure_place(phrase: str, resolution: PlaceResolution) -> bool:
    chosen = resolution.chosen
    if resolution.status != "ok" or chosen is None:
        return False
    if resolution.reason.split(",")[0] != "exact":
        return False  # a fuzzy reading of a phrase out of a sentence is a guess
    # The place's own name, word for word, in the phrase: "halte busway Fatmawati" is
    # an exact alias hit on "Rumah Fatmawati" (Bengkulu), but not the place it names.
    if not _words_in(chosen.name, phrase):
        return False
    if chosen.level == "village":
        return bool(_VILLAGE_WORDS.search(phrase))
    return chosen.level in ("district", "regency", "landmark", "postal_code")


def _words_in(name: str, phrase: str) -> bool:
    wanted = re.findall(r"\w+", name.lower())
    have = set(re.findall(r"\w+", phrase.lower()))
    return bool(wanted) and all(word in have for word in wanted)


def find_place(text: str, places: PlaceResolver) -> StoryPlace | None:
    """The one place the story names clearly, or None."""
    found: list[StoryPlace] = []
    for phrase in place_phrases(text):
        resolution = places.resolve_text(phrase[:300])
        if _sure_place(phrase, resolution):
            found.append(StoryPlace(phrase, resolution))
    codes = {f.resolution.chosen.code for f in found if f.resolution.chosen is not None}
    if len(codes) != 1:
        return None  # nothing clear, or two different places: ask
    return found[0]


def find_when(text: str, now_local: datetime, place_phrase: str | None = None) -> WhenAnswer | None:
    """The time the story names, when it names one with a time word or a date."""
    if place_phrase:
        text = text.replace(place_phrase, " ")
    if _RECURRING.search(text):
        return None  # "tiap malam minggu": a nuisance that repeats has no one time
    try:
        answer = parse_when(text[:400], now_local)
    except FutureTimeError:
        return None  # "besok" in a story is a plan, not the time of the incident
    if answer is None:
        return None
    phrase = answer.phrase.lower()
    words = set(re.findall(r"\w+", phrase))
    if not (words & _TIME_CUES or _DATE.search(phrase)):
        return None
    return answer
