"""Probe of two classes of citizen's words that are also a kecamatan's or a village's
name (session 43, issue 14): the words for a person by trade or age (agent nouns:
"penarik", "pemuda", "petani", "tukang", `bot.routing.persons.an_agent_noun`) and the
chat table's words ("sampe", "deket", "dah": place_words.CHAT_WORDS and CONNECTING,
the resolver's TOLD_WORDS, journeys.UNTIL_WORDS), each in the frames citizens write them
in: the person as the subject opening the text ("{W} gerobak ditemuin meninggal di
...") or after a number, "para" or "seorang"; the chat word between a counted level word
and a road ("bentrok 2 desa {W} jalan raya ..."), before a time ("ribut {W} subuh") or
before a verb after the people's word ("dikeroyok warga {W} meninggal"). Each frame
beside a real unique village (its kab/kota must be the answer) and with no place at all
(nothing may be answered). Used by `dumas routing audit-story-words --part persons`.

Owns choosing the words (the tree's one-word keys in either class; agent nouns only
where wordfreq finds them common, as everyday_words does) and the frames; the counting
is everyday_words' (`EverydayProbeResult`).

Session 42's fresh set lost lines so: "penarik gerobak sampah ditemuin meninggal di ..."
(Kec. Penarik of Mukomuko), "5 pemuda dihajar ...", "bentrok 2 desa sampe jalan ali
moertopo dobo" (Desa Sampe of Sumbawa). The frames are not those lines: each is the
place in a sentence where the class stands.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.evaluation.ambiguity import frames_naming_nothing
from bot.evaluation.everyday_words import (
    EverydayProbeResult,
    common,
    count_beside_villages,
    count_naming_nothing,
    usable_place_frames,
    word_hash,
)
from bot.evaluation.story_words import real_villages
from bot.routing.journeys import UNTIL_WORDS
from bot.routing.persons import an_agent_noun
from bot.routing.place_words import CHAT_WORDS, CONNECTING
from bot.routing.regions import level_of
from bot.routing.resolver import TOLD_WORDS, Router

# The chat table: chat spellings of story and connecting words (session 33 onwards).
CHAT_TABLE = CHAT_WORDS | TOLD_WORDS | CONNECTING | UNTIL_WORDS

# Frames with a real unique village {V}: its kab/kota must be the answer.
AGENT_PLACE_FRAMES: tuple[tuple[str, str], ...] = (
    ("p-opens", "{W} gerobak ditemuin meninggal di {V}"),
    ("p-count", "5 {W} dihajar orang ga dikenal di {V}"),
    ("p-para", "para {W} ribut sama preman di {V}"),
    ("p-seorang", "seorang {W} dianiaya di desa {V}"),
)
CHAT_PLACE_FRAMES: tuple[tuple[str, str], ...] = (
    ("c-between", "bentrok 2 desa {W} jalan raya desa {V}"),
    ("c-time", "warga ribut di {V} {W} subuh"),
    ("c-verb", "dikeroyok warga {W} meninggal di {V}"),
)
# The same frames naming no place: any place answered is a guess.
AGENT_NO_PLACE_FRAMES: tuple[tuple[str, str], ...] = (
    ("p-opens-", "{W} gerobak ditemuin meninggal"),
    ("p-count-", "5 {W} dihajar orang ga dikenal"),
    ("p-para-", "para {W} ribut sama preman"),
    ("p-seorang-", "seorang {W} dianiaya preman"),
)
CHAT_NO_PLACE_FRAMES: tuple[tuple[str, str], ...] = (
    ("c-between-", "bentrok 2 desa {W} jalan raya, 1 tewas"),
    ("c-time-", "anak muda ribut {W} subuh"),
    ("c-verb-", "dikeroyok warga {W} meninggal"),
)


@dataclass(frozen=True, slots=True)
class ClassName:
    """A one-word key of the tree in one of the two classes, and the codes it names."""

    word: str
    codes: tuple[str, ...]
    chat: bool  # the chat table's, not a person's word

    @property
    def kind(self) -> str:
        top = min(level_of(c) for c in self.codes)
        return {1: "province", 2: "regency", 3: "district"}.get(top, "village")


def class_names(router: Router) -> list[ClassName]:
    """Every one-word key (no province) that is a common agent noun or a word of the
    chat table."""
    names = []
    for key, codes in sorted(router.gazetteer.keys.items()):
        if " " in key or not key.isalpha():
            continue
        chat = key in CHAT_TABLE
        if not chat and not (an_agent_noun(key) and common(key)):
            continue
        name = ClassName(key, tuple(sorted(codes)), chat)
        if name.kind != "province":
            names.append(name)
    return names


def probe(router: Router, every: int = 1) -> EverydayProbeResult:
    """Fill each class's frames with every (or 1/every of the) word of the class."""
    result = EverydayProbeResult()
    no_place = AGENT_NO_PLACE_FRAMES + CHAT_NO_PLACE_FRAMES
    empty, dropped = frames_naming_nothing(
        router, [(k, f.replace("{W}", "{X}")) for k, f in no_place]
    )
    result.dropped_frames = dropped
    villages = usable_place_frames(
        router, real_villages(router, 16), AGENT_PLACE_FRAMES + CHAT_PLACE_FRAMES
    )
    result.dropped_frames += [
        f for k, f in AGENT_PLACE_FRAMES + CHAT_PLACE_FRAMES if k not in villages
    ]
    names = class_names(router)
    if every > 1:  # a deterministic 1/every share, by a hash of each word
        names = [n for n in names if word_hash(n.word) % every == 0]
    for name in names:
        kind = ("chat " if name.chat else "") + name.kind
        result.names[kind] += 1
        place_frames = CHAT_PLACE_FRAMES if name.chat else AGENT_PLACE_FRAMES
        count_beside_villages(router, result, name.word, name.codes, kind, place_frames, villages)
        prefix = "c-" if name.chat else "p-"
        for frame_kind, frame in empty:
            if frame_kind.startswith(prefix):
                text = frame.replace("{X}", name.word)
                count_naming_nothing(router, result, text, frame_kind, kind)
    return result
