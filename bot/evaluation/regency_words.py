"""Probe of the words of kab/kota names that are also words of a story ("tanah" of Tanah
Datar, Tanah Laut and Tanah Bumbu; "tulang" of Tulang Bawang; "pegunungan" of
Pegunungan Arfak and Pegunungan Bintang; "batu", Kota Batu and the first word of Kab.
Batu Bara): whether a sentence using the word for a thing ("mafia tanah", "tulang
belulang", "pake batu") is answered with those kab/kota, and whether the word typed alone
or after "di" (the answer to "where?") still names them. Used by `dumas routing
audit-story-words --part regency` (session 44, issue 14).

Owns choosing the words from the tree, not from the development lines: the first or last
word of every kab/kota name of two words or more that is a citizen's word
(`everyday_words.a_citizens_word`: common in Indonesian text by wordfreq and a word of a
sentence) and that the gazetteer reads, alone, as a kab/kota: a first word several kab/kota
share (`Gazetteer.regency_prefixes`, kind "head") or a kab/kota's own one-word name or
alias (kind "name": "batu", "padang", "puncak"). The frames are everyday_words' (beside
a real unique village, and naming no place) and three of this class's: the word as a
thing a story tells of ("mafia {W}", "pake {W}"), and the word alone or after "di",
which must still name its kab/kota (`kept`: right when an answer or a question holds
one of them). The counting is everyday_words' (`EverydayProbeResult`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.evaluation.ambiguity import frames_naming_nothing
from bot.evaluation.everyday_words import (
    NO_PLACE_FRAMES,
    PLACE_FRAMES,
    EverydayProbeResult,
    a_citizens_word,
    count_beside_villages,
    count_naming_nothing,
    usable_place_frames,
    word_hash,
)
from bot.evaluation.story_words import real_villages
from bot.routing.place_words import name_key
from bot.routing.regions import bare_regency_name, level_of
from bot.routing.resolver import Router

# This class's own frames: the word as a thing of the story, naming no place ...
THING_FRAMES: tuple[tuple[str, str], ...] = (
    ("mafia-", "mafia {W} caplok lahan warga"),
    ("with-", "warga diserang pake {W}, 2 luka"),
)
# ... and beside a real unique village {V}
THING_PLACE_FRAMES: tuple[tuple[str, str], ...] = (("with", "rumah warga {V} dilempar pake {W}"),)
# The word typed as the answer to "where?": it must still name its kab/kota.
KEPT_FRAMES: tuple[tuple[str, str], ...] = (
    ("alone", "{W}"),
    ("di", "di {W}"),
)


@dataclass(frozen=True, slots=True)
class RegencyWord:
    """A word of a kab/kota's name that is a citizen's word, and the kab/kota it names."""

    word: str
    codes: tuple[str, ...]  # the kab/kota the gazetteer reads the word alone as
    head: bool  # a first word several kab/kota share, not a kab/kota's own name

    @property
    def kind(self) -> str:
        return "head" if self.head else "name"


def regency_words(router: Router) -> list[RegencyWord]:
    """The first and last words of kab/kota names of two words or more that are citizen's
    words and that the gazetteer reads alone as one or several kab/kota."""
    gaz = router.gazetteer
    words: set[str] = set()
    for _, name in gaz.tree.items(2):
        parts = name_key(bare_regency_name(name)).split()
        if len(parts) >= 2:
            words.update((parts[0], parts[-1]))
    found = []
    for word in sorted(words):
        if not a_citizens_word(word):
            continue
        shared = gaz.regency_prefixes.get(word)
        if shared:
            found.append(RegencyWord(word, tuple(sorted(shared)), True))
            continue
        own = tuple(sorted(c for c in gaz.keys.get(word, ()) if level_of(c) == 2))
        if own:
            found.append(RegencyWord(word, own, False))
    return found


def probe(router: Router, every: int = 1) -> EverydayProbeResult:
    """Fill every frame with every (or 1/every of the) word of the class."""
    result = EverydayProbeResult()
    empty, dropped = frames_naming_nothing(
        router, [(k, f.replace("{W}", "{X}")) for k, f in NO_PLACE_FRAMES + THING_FRAMES]
    )
    result.dropped_frames = dropped
    frames = PLACE_FRAMES + THING_PLACE_FRAMES
    villages = usable_place_frames(router, real_villages(router, 16), frames)
    result.dropped_frames += [f for k, f in frames if k not in villages]
    names = regency_words(router)
    if every > 1:  # a deterministic 1/every share, by a hash of each word
        names = [n for n in names if word_hash(n.word) % every == 0]
    for name in names:
        result.names[name.kind] += 1
        count_beside_villages(router, result, name.word, name.codes, name.kind, frames, villages)
        for frame_kind, frame in empty:
            text = frame.replace("{X}", name.word)
            count_naming_nothing(router, result, text, frame_kind, name.kind)
        for frame_kind, frame in KEPT_FRAMES:
            count_kept(router, result, name, frame_kind, frame)
    return result


def count_kept(
    router: Router, result: EverydayProbeResult, name: RegencyWord, frame_kind: str, frame: str
) -> None:
    """The word alone or after "di": right when the answer or the question holds one of
    its kab/kota, lost when nothing is found, guessed when only other places are."""
    text = frame.replace("{W}", name.word)
    res = router.resolve_text(text)
    held = {c.code[:5] for c in res.candidates}
    if res.chosen is not None:
        held.add(res.chosen.code[:5])
    outcome = "right" if held & set(name.codes) else ("guessed" if held else "lost")
    slot = (frame_kind, name.kind, outcome)
    result.outcomes[slot] += 1
    if outcome != "right":
        got = res.chosen.code if res.chosen is not None else ""
        result.examples.setdefault(slot, []).append(f"{text!r}: {res.status} {got} ({res.reason})")
