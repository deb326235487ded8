"""Where a text's runs of words name places: the one scan of word windows over the
gazetteer's keys.

Owns: `named_spans`, the windows (start, end, codes) of a text's words whose run is a key
of the gazetteer (`Gazetteer.keys`: name -> region codes), written apart as typed
("karang anom") or, where the reading wants it, written together ("karanganom": Kec.
Karanganom). Readings that ask "which names does this text hold, and where" use it
rather than a loop of their own: session 42 added three such loops to resolver.py that
differed only in the order of the windows and in how the joined spelling counts, and
those differences are this function's knobs (session 43).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Literal

# How a window written together counts beside the window as typed:
#   "fallback": the joined spelling only when the words as typed are no key;
#   "also":     the codes of both spellings (the typed ones first).
# (Session 42's names after the kecamatan read the typed spelling only: "wiro sari" did
# not name Kec. Wirosari there; session 43 reads both.)
JoinedSpelling = Literal["fallback", "also"]

# The longest window read by default: the readings of session 42 looked names up in runs
# of up to four words.
MOST_WORDS = 4


def named_spans(
    words: Sequence[str],
    keys: Mapping[str, tuple[str, ...]],
    *,
    most: int = MOST_WORDS,
    longest_first: bool = False,
    joined: JoinedSpelling = "fallback",
) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """Every window `words[start:end]` of at most `most` words that names a key of `keys`,
    as (start, end, codes), windows of one size left to right, the sizes shortest first
    or, with `longest_first`, longest first (a reading that wants the longest name a
    code is typed by stops at the first window holding it). `joined` says whether the
    window written together counts too (see `JoinedSpelling`). Windows that name nothing
    are not yielded; the scan is lazy, so a caller may stop early."""
    sizes = range(1, min(len(words), most) + 1)
    for size in reversed(sizes) if longest_first else sizes:
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            codes = tuple(keys.get(" ".join(run), ()) or ())
            if size > 1 and (joined == "also" or not codes):
                together = keys.get("".join(run), ()) or ()
                codes += tuple(c for c in together if c not in codes)
            if codes:
                yield start, start + size, codes
