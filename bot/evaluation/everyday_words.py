"""Probe of everyday words in a citizen's sentence that are also a kecamatan's or a
village's name ("sawit", "tambang", "puluhan", "serang", and chat forms: "sampe",
"dapet", "ngumpul"): whether the real village the sentence names wins.

Owns: choosing the words (one-word keys of the gazetteer that are common in Indonesian
text and are words of a sentence: a dictionary word, one built from it with the usual
affixes, or a chat form of one) and the frames a citizen writes them in, beside a real
unique village ("{W} ... di desa {V}", "warga {V} {W} kampung sebelah", "... di {V}, {W}
...", a quantity "puluhan {W}", a count "5 {W}") and with no place at all ("{W} di
aplikasi ..."); counting per frame and per kind of name (regency, district, village):
right / guessed (another place) / asked / lost (no place found). Used by `dumas routing
audit-story-words --part everyday` and tests/evaluation/test_everyday_words.py
(session 41, issue 14).

Session 34's audit (bot/evaluation/story_words.py) puts every everyday name in two
frames beside a village; this one asks how a citizen writes the word (as a verb, a
quantity, a chat form), which is where a fresh set's lines were lost in session 41.

Which words: wordfreq's Zipf frequency in Indonesian at least `ZIPF_MIN` (the audit's
own test; wordfreq is read from its Twitter and web text too, so chat forms like "sampe"
4.3, "dapet" 4.2, "ngumpul" 3.3 have one) and a word a sentence is told with
(place_index.sentence_word) or a chat form of one (the resolver's chat readings: "e" for
"a", a bare nasal, "-in" for "-kan"). Without wordfreq the probe cannot tell a common
word from a rare one and uses the dictionary's roots only (story_words.frequent_word).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from bot.evaluation.ambiguity import frames_naming_nothing
from bot.evaluation.story_words import ZIPF_MIN, _plain, _zipf, real_villages
from bot.routing.place_index import everyday_word, sentence_word
from bot.routing.regions import level_of
from bot.routing.resolver import PlaceResolution, Router, _a_chat_form

# Frames with a real unique village: its kab/kota must be the answer. {V} is filled
# with the village's name; frames reading it bare are kept only where the frame without
# the word finds that village (`usable_place_frames`).
PLACE_FRAMES: tuple[tuple[str, str], ...] = (
    ("before", "{W} trus motor sy hilang di desa {V}"),
    ("residents", "warga {V} {W} kampung sebelah"),
    ("comma", "motor hilang di {V}, {W} sampai malam"),
    ("after", "di desa {V} ada {W} tadi malam"),
    ("quantity", "puluhan {W} dicuri di desa {V}"),
    ("count", "5 {W} dicuri di desa {V}"),
    # session 42: where the fresh set's writers put the word (the word opens the text, is
    # the subject or the object, stands after a verb, is a verb or an auxiliary itself,
    # or what a protest opposes), with the village bare after "di" or a people's word
    ("opens", "{W} online ngajak ketemuan di {V}"),
    ("subject", "{W} dicuri orang di {V}"),
    ("ninja", "ninja {W} ketangkep warga {V}"),
    ("object", "tiang dicolong puluhan {W} di {V}"),
    ("aux", "rumah warga {V} hanyut {W} bantuan"),
    ("until", "warga {V} ribut lagi {W} subuh"),
    ("verb", "orang bawa sajam {W} sekuriti di {V}"),
    ("protest", "demo tolak {W} di {V} ricuh"),
)
# Frames naming no place: any place answered is a guess, a question is asked for nothing.
NO_PLACE_FRAMES: tuple[tuple[str, str], ...] = (
    ("app", "{W} di aplikasi online, rugi jutaan"),
    ("told", "kemarin {W} sama teman terus hp dicuri"),
    # session 42: the same places of the word in a sentence, and no place at all
    ("opens-", "{W} online ngajak invest, rugi jutaan"),
    ("subject-", "{W} dicuri orang tadi malam"),
    ("ninja-", "ninja {W} ketangkep warga"),
    ("object-", "tiang dicolong puluhan {W} tiap malam"),
    ("aux-", "3 rumah hanyut kena banjir {W} bantuan"),
    ("until-", "anak muda ribut lagi {W} subuh"),
    ("verb-", "orang bawa sajam {W} sekuriti, 1 kritis"),
    ("protest-", "demo tolak {W} ricuh"),
)
# Frames naming a place the tree lacks ({U}: a made-up name no key, no fuzzy reading and
# no street holds, `unknown_names`): the honest answer is none or a question, never the
# word's own village or kecamatan (session 42: "banjir di tumbang tilap, puluhan kk").
UNKNOWN_PLACE_FRAMES: tuple[tuple[str, str], ...] = (
    ("unknown-after", "banjir di {U}, {W} kk kena"),
    ("unknown-before", "{W} diikat perampok di {U}"),
    ("unknown-mid", "anak muda {W} mabuk di pinggir jalan {U}"),
)
OUTCOMES = ("right", "guessed", "asked", "lost")
# Syllables of the made-up names (`unknown_names`): Indonesian-looking, so no rule may
# tell them apart from a real name by their letters.
_ONSETS = ("b", "d", "g", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w")
_VOWELS = ("a", "i", "u", "e", "o")


def common(word: str) -> bool:
    """`word` is met at least once in 100,000 words of Indonesian text (wordfreq), or, where
    wordfreq is not installed, is a root of the dictionary."""
    zipf = _zipf()
    return zipf(word) >= ZIPF_MIN if zipf else everyday_word(word)


def a_citizens_word(word: str) -> bool:
    """A common word a sentence is told with: a dictionary word or one derived from one
    ("puluhan", "petani", "kenalan"), or a chat form of one ("sampe", "dapet", "ngumpul")."""
    if not word.isalpha() or len(word) < 3 or not common(word):
        return False
    return sentence_word(word) or _a_chat_form(word)


@dataclass(frozen=True, slots=True)
class EverydayName:
    """A one-word key that is a citizen's word, and the codes it names."""

    word: str
    codes: tuple[str, ...]
    chat: bool  # a chat form, not a dictionary word or a derived one

    @property
    def kind(self) -> str:
        top = min(level_of(c) for c in self.codes)
        return {1: "province", 2: "regency", 3: "district"}.get(top, "village")


def everyday_names(router: Router) -> list[EverydayName]:
    """Every one-word gazetteer key that is a citizen's word (not a province's name)."""
    names = []
    for key, codes in sorted(router.gazetteer.keys.items()):
        if " " in key or not _plain(key) or not a_citizens_word(key):
            continue
        name = EverydayName(key, tuple(sorted(codes)), not sentence_word(key))
        if name.kind != "province":
            names.append(name)
    return names


def sample(names: list[EverydayName], every: int) -> list[EverydayName]:
    """A deterministic 1/every share of `names` (by a hash of each word)."""
    if every <= 1:
        return names
    return [n for n in names if word_hash(n.word) % every == 0]


def unknown_names(router: Router, count: int = 12) -> list[str]:
    """`count` made-up words of three syllables ("bilatuno") that name nothing: neither
    alone nor after "di" nor after "desa" does the router find any place or candidate.
    Deterministic (by a hash of the word)."""
    names: list[str] = []
    for at in range(5000):
        digest = hashlib.sha1(f"unknown{at}".encode()).digest()
        word = "".join(
            _ONSETS[digest[2 * k] % len(_ONSETS)] + _VOWELS[digest[2 * k + 1] % len(_VOWELS)]
            for k in range(3)
        ) + ("" if digest[7] % 2 else _ONSETS[digest[8] % len(_ONSETS)])
        if word in names or word in router.gazetteer.keys:
            continue
        if all(_names_nothing(router, t) for t in (word, f"di {word}", f"desa {word}")):
            names.append(word)
        if len(names) >= count:
            break
    return names


def _names_nothing(router: Router, text: str) -> bool:
    res = router.resolve_text(text)
    return res.status in ("not_found", "invalid") and not res.candidates


def usable_place_frames(
    router: Router,
    villages: list[tuple[str, str]],
    frames: tuple[tuple[str, str], ...] = PLACE_FRAMES,
) -> dict[str, list[tuple[str, str]]]:
    """Per place frame, the villages it finds with the word left out ("warga {V}
    kampung sebelah" must answer V): a frame that loses V by itself says nothing of
    the word."""
    usable: dict[str, list[tuple[str, str]]] = {}
    for kind, frame in frames:
        for village, code in villages:
            res = router.resolve_text(frame.replace("{W}", " ").replace("{V}", village))
            if res.status == "ok" and res.chosen and res.chosen.code[:5] == code[:5]:
                usable.setdefault(kind, []).append((village, code))
    return usable


@dataclass
class EverydayProbeResult:
    """Outcomes per (frame, name kind, outcome), with examples of what is not right."""

    outcomes: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    examples: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    dropped_frames: list[str] = field(default_factory=list)

    def count(self, outcome: str, frames: tuple[str, ...] | None = None) -> int:
        return sum(
            n
            for (f, _, o), n in self.outcomes.items()
            if o == outcome and (frames is None or f in frames)
        )

    def cases(self) -> int:
        return sum(self.outcomes.values())

    def defects(self) -> int:
        """Guesses: another place than the village stated, or a place where none is."""
        return self.count("guessed")

    def lines(self, examples: int = 3) -> list[str]:
        out = [
            "citizen's words: " + ", ".join(f"{k} {n}" for k, n in sorted(self.names.items())),
            f"cases {self.cases()}: " + ", ".join(f"{o} {self.count(o)}" for o in OUTCOMES),
            "frame / name kind: " + " / ".join(OUTCOMES),
        ]
        slots = sorted({(f, k) for f, k, _ in self.outcomes})
        for frame, kind in slots:
            counts = " / ".join(f"{self.outcomes[(frame, kind, o)]:>4}" for o in OUTCOMES)
            out.append(f"  {frame:<10} {kind:<9} {counts}")
            for outcome in OUTCOMES[1:]:
                for example in self.examples.get((frame, kind, outcome), [])[:examples]:
                    out.append(f"      {outcome}: {example}")
        out.extend(f"frame dropped (names a place): {f}" for f in self.dropped_frames)
        return out


def probe(router: Router, every: int = 1) -> EverydayProbeResult:
    """Fill every frame with every (or 1/every of the) citizen's words."""
    result = EverydayProbeResult()
    empty, dropped = frames_naming_nothing(
        router, [(k, f.replace("{W}", "{X}")) for k, f in NO_PLACE_FRAMES]
    )
    result.dropped_frames = dropped
    villages = usable_place_frames(router, real_villages(router, 16))
    unknown = unknown_names(router)
    unknown_frames = [
        (k, f)
        for k, f in UNKNOWN_PLACE_FRAMES
        if _names_nothing(router, f.replace("{W}", " ").replace("{U}", unknown[0]))
    ]
    result.dropped_frames += [f for k, f in UNKNOWN_PLACE_FRAMES if (k, f) not in unknown_frames]
    for name in sample(everyday_names(router), every):
        kind = name.kind
        result.names[("chat " if name.chat else "") + kind] += 1
        at = word_hash(name.word)
        count_beside_villages(router, result, name.word, name.codes, kind, PLACE_FRAMES, villages)
        for frame_kind, frame in empty:
            count_naming_nothing(router, result, frame.replace("{X}", name.word), frame_kind, kind)
        for frame_kind, frame in unknown_frames:
            text = frame.replace("{W}", name.word).replace("{U}", unknown[at % len(unknown)])
            count_naming_nothing(router, result, text, frame_kind, kind)
    return result


def word_hash(word: str) -> int:
    """A number fixed by the word: which village of a frame's pool it meets, and whether a
    1/every sample takes it (the same on every run and machine)."""
    return int(hashlib.sha1(word.encode()).hexdigest()[:8], 16)


def count_beside_villages(
    router: Router,
    result: EverydayProbeResult,
    word: str,
    codes: tuple[str, ...],
    kind: str,
    frames: tuple[tuple[str, str], ...],
    villages: dict[str, list[tuple[str, str]]],
) -> None:
    """Each frame with `word` for {W} and, for {V}, a real village of another kab/kota
    than the word's own places (picked by the word's hash): right when that village's
    kab/kota is the answer, guessed when another is, else asked or lost."""
    at = word_hash(word)
    own = {c[:5] for c in codes}
    for frame_kind, frame in frames:
        pool = [(v, c) for v, c in villages.get(frame_kind, []) if c[:5] not in own]
        if not pool:
            continue
        village, code = pool[at % len(pool)]
        text = frame.replace("{W}", word).replace("{V}", village)
        res = router.resolve_text(text)
        if res.status == "ok" and res.chosen is not None:
            outcome = "right" if res.chosen.code[:5] == code[:5] else "guessed"
        else:
            outcome = "asked" if res.status == "ambiguous" else "lost"
        _count(result, (frame_kind, kind, outcome), text, res, code)


def count_naming_nothing(
    router: Router, result: EverydayProbeResult, text: str, frame_kind: str, kind: str
) -> None:
    """A text that names no place the tree holds: right when nothing is answered."""
    res = router.resolve_text(text)
    outcome = {"ok": "guessed", "ambiguous": "asked"}.get(res.status, "right")
    _count(result, (frame_kind, kind, outcome), text, res, None)


def _count(
    result: EverydayProbeResult,
    slot: tuple[str, str, str],
    text: str,
    res: PlaceResolution,
    code: str | None,
) -> None:
    result.outcomes[slot] += 1
    if slot[2] != "right":
        got = res.chosen.code if res.chosen is not None else ""
        want = f", not {code}" if code else ""
        result.examples.setdefault(slot, []).append(
            f"{text!r}: {res.status} {got} ({res.reason}){want}"
        )
