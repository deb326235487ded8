"""Probe of names that lie together: a shared village name beside a unique name near it.

Owns: the session 40 pairs generated over the Kemendagri tree (issue 14). S is a village
name the resolver keys in two or more kab/kota whose serving units differ; U is a
kecamatan or village name the resolver keys for one place only, lying in the kecamatan
(or else the kab/kota) of exactly one holder of S. Written together ("maling di S U",
"di desa S kec U", "U, S", and U with one letter dropped) the pair names that holder:
the citizen gave the village and the place around it. Each case is counted right (that
holder's unit), asked, or wrong (another unit).

The control pairs put beside S a unique name in a province none of S's holders lies in:
nothing lies together, so no holder of S may be answered (U's own place, or a question,
follow the older rules). Used by `dumas routing audit-ambiguity --together` and
tests/evaluation/test_together_probe.py.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.routing.place_index import sentence_word
from bot.routing.place_words import FILLERS, GENERIC, MARKERS, name_key
from bot.routing.regions import level_of
from bot.routing.resolver import Router

# (kind of U the frame fits: 3 kecamatan, 4 village, None either, frame)
FRAMES: tuple[tuple[int | None, str], ...] = (
    (None, "maling di {S} {U}"),
    (3, "di desa {S} kec {U}"),
    (None, "{U}, {S}"),
    (None, "motor hilang di {S} {U-}"),  # U with one letter dropped
)
# A dropped letter only in a word this long: shorter ones fall below the fuzzy matching's
# floor (or into another name) whatever the rule.
DROP_MIN_LETTERS = 7
SEED = 40


@dataclass(frozen=True, slots=True)
class Pair:
    """A shared village name, a unique name, and how they lie: `holder` is the village
    of S that U lies beside ("kecamatan" or "kabkota"), None for a control pair."""

    shared: str
    unique: str
    unique_code: str
    holder: str | None
    relation: str  # "kecamatan", "kabkota" or "control"


@dataclass
class TogetherResult:
    """Counts per (relation, frame) of right, asked and wrong answers, with examples."""

    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)

    def total(self, relation: str, outcome: str) -> int:
        return sum(n for (r, _, o), n in self.counts.items() if r == relation and o == outcome)

    def lines(self, examples: int = 3) -> list[str]:
        out = ["relation / frame: right asked wrong"]
        for relation in ("kecamatan", "kabkota", "control"):
            out.append(
                f"{relation}: right {self.total(relation, 'right')}, asked "
                f"{self.total(relation, 'asked')}, wrong {self.total(relation, 'wrong')}"
            )
            for _, frame in FRAMES:
                row = [self.counts[(relation, frame, o)] for o in ("right", "asked", "wrong")]
                if any(row):
                    out.append(f"  {frame:<28} {row[0]:>5} {row[1]:>5} {row[2]:>5}")
                for outcome in ("asked", "wrong"):
                    for e in self.examples.get((relation, frame, outcome), [])[:examples]:
                        out.append(f"      {outcome}: {e}")
        return out


def _plain(key: str) -> bool:
    """A name of words no sentence uses, level word, kind or filler: the probe is about
    the pair, not about telling a name from the sentence (other probes do that)."""
    words = key.split()
    return bool(words) and all(
        w.isalpha()
        and len(w) > 2
        and not sentence_word(w)
        and w not in FILLERS
        and w not in GENERIC
        and w not in MARKERS
        for w in words
    )


def _rank(seed: int, *parts: str) -> int:
    """A fixed pseudo-random rank of one candidate, from its own names only: a draw by
    these ranks keeps every other choice when a candidate joins or leaves. (The sequential
    draw of one random.Random redrew the whole sample whenever a new landmark row took a
    name out of it: session 44's nature sites did.)"""
    text = "\x1f".join((str(seed), *parts)).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def pairs(router: Router, per_province: int = 12, seed: int = SEED) -> list[Pair]:
    """Up to `per_province` pairs of each relation for every province, drawn with `seed`
    (per name: `_rank`)."""
    keys = router.gazetteer.keys
    landmarks = router.gazetteer.landmark_keys
    foreign = router.gazetteer.foreign
    unit_of = router.table.polres_for
    by_key: dict[str, list[str]] = defaultdict(list)
    for level in (3, 4):
        for code, name in router.tree.items(level):
            by_key[name_key(name)].append(code)
    shared: dict[str, tuple[str, ...]] = {}
    unique: dict[str, str] = {}  # code -> key
    for key, codes in by_key.items():
        known = keys.get(key, ())
        if key in landmarks or key in foreign or set(known) != set(codes) or not _plain(key):
            continue  # another table (alias, landmark, regency) keys it too
        if len(codes) == 1:
            unique[codes[0]] = key
        elif all(level_of(c) == 4 for c in codes) and len({c[:5] for c in codes}) >= 2:
            units = {u.id for u in map(unit_of, codes) if u}
            if len(units) >= 2:
                shared[key] = tuple(sorted(codes))
    uniques_in: dict[str, list[str]] = defaultdict(list)  # kecamatan or kab/kota -> codes
    for code in sorted(unique):
        uniques_in[code[:8]].append(code)
        uniques_in[code[:5]].append(code)
    # the controls' U: the first unique place at or after S's own rank on a ring of
    # ranks (consistent hashing), skipping S's provinces
    ring = sorted((_rank(seed, "control", code), code) for code in unique)
    found: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    for key in sorted(shared):
        holders = shared[key]
        for relation, width in (("kecamatan", 8), ("kabkota", 5)):
            for holder in holders:
                others = [h for h in holders if h != holder]
                near = [
                    u
                    for u in uniques_in[holder[:width]]
                    if u != holder
                    and unique[u] not in key.split()
                    and key not in unique[u].split()
                    and (width == 8 or u[:8] != holder[:8])
                    # U lies with this holder only, at this level or closer
                    and not any(o[:5] == u[:5] for o in others)
                    # two villages of one kab/kota served by different units (a
                    # kecamatan of Aceh Utara is Lhokseumawe's): either may be meant
                    and unit_of(u) == unit_of(holder)
                ]
                if near:
                    u = min(near, key=lambda c: _rank(seed, key, holder, relation, c))
                    found[(holder[:2], relation)].append(Pair(key, unique[u], u, holder, relation))
        provinces = {h[:2] for h in holders}
        start = bisect.bisect_left(ring, (_rank(seed, "control", key), ""))
        around = (ring[(start + step) % len(ring)][1] for step in range(len(ring)))
        far = next((c for c in around if c[:2] not in provinces), None)
        if far is not None:
            found[(far[:2], "control")].append(Pair(key, unique[far], far, None, "control"))
    chosen: list[Pair] = []
    for group in sorted(found):
        ranked = sorted(
            found[group], key=lambda p: _rank(seed, p.relation, p.shared, str(p.holder))
        )
        chosen.extend(ranked[:per_province])
    return chosen


def _dropped(name: str) -> str | None:
    """The name with the middle letter of its longest word dropped ("mekarharja" ->
    "mekarhrja"), None when no word is long enough."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < DROP_MIN_LETTERS:
        return None
    middle = len(word) // 2
    words[longest] = word[:middle] + word[middle + 1 :]
    return " ".join(words)


def cases(pair: Pair) -> Iterator[tuple[str, str]]:
    """(frame, text) for every frame the pair fits."""
    for kind, frame in FRAMES:
        if kind is not None and level_of(pair.unique_code) != kind:
            continue
        unique = pair.unique
        if "{U-}" in frame:
            dropped = _dropped(pair.unique)
            if dropped is None:
                continue
            unique = dropped
        yield (
            frame,
            frame.replace("{S}", pair.shared).replace("{U-}", unique).replace("{U}", unique),
        )


def outcome(router: Router, pair: Pair, text: str) -> str:
    """right, asked or wrong. A pair is right at the holder's unit; a control pair is
    wrong when it names the unit of a holder of S that U's own unit is not (U's place,
    or another reading of a misspelt U, is no holder's)."""
    unit_of = router.table.polres_for
    res = router.resolve_text(text)
    answered = res.chosen.polres_id if res.status == "ok" and res.chosen else None
    if pair.holder is not None:
        if answered is None:
            return "asked"
        holder_unit = router.table.polres_for(pair.holder)
        return "right" if holder_unit and answered == holder_unit.id else "wrong"
    if answered is None:
        return "asked"
    holders = {u.id for c in router.gazetteer.keys.get(pair.shared, ()) if (u := unit_of(c))}
    own = unit_of(pair.unique_code)
    return "wrong" if answered in holders and (own is None or answered != own.id) else "right"


def probe(
    router: Router, per_province: int = 12, seed: int = SEED, drawn: list[Pair] | None = None
) -> TogetherResult:
    """Every case of the pairs drawn (`drawn`: the pairs a caller already drew with these
    `per_province` and `seed`; the draw is most of the probe's time)."""
    result = TogetherResult()
    for pair in pairs(router, per_province, seed) if drawn is None else drawn:
        for frame, text in cases(pair):
            got = outcome(router, pair, text)
            result.counts[(pair.relation, frame, got)] += 1
            if got != "right":
                res = router.resolve_text(text)
                chosen = res.chosen.code if res.chosen else "-"
                result.examples.setdefault((pair.relation, frame, got), []).append(
                    f"{text!r} ({pair.holder or pair.unique_code}): {chosen} {res.reason}"
                )
    return result
