"""Audit of the ask policy from the data: which shared names the resolver still guesses.

Owns: enumerating every name a table of the resolver keys (kecamatan and desa/kelurahan
names and their aliases and stems in the gazetteer's keys, landmark names, street names)
that lies in two or more kab/kota whose serving units differ; writing, for each, the bare
forms a citizen types with no other clue ("X", "di X", "dekat X", "kec X", "desa X",
"jalan X", "pasar X"/"terminal X" where a landmark of that name exists); and counting the
forms answered with one place (a guess) per table and form. The reverse is counted too:
a name whose places all share one unit, asked although any answer would route the same.
Used by `dumas routing audit-ambiguity` and tests/routing/test_ambiguity_audit.py.

A kab/kota's or province's own name is left out (a regency's name is the regency, by
design: "garut" is Kabupaten Garut, not Desa Garut elsewhere), as are the Kota X /
Kabupaten X pairs (tests/routing/ambiguity_cases.py checks them), foreign places (refused
or asked by their own tests), fillers, generic words and names with digits.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from bot.routing.gazetteer import Match
from bot.routing.place_words import FILLERS, GENERIC, MARKERS, STREET_WORDS, name_key
from bot.routing.regions import bare_regency_name, level_of
from bot.routing.resolver import Router

# Kinds of landmark a town's own name follows ("pasar X", "terminal X"): a citizen types
# them with the name and nothing else.
LANDMARK_HEADS = ("pasar", "terminal", "stasiun", "alun alun", "masjid agung")
BARE_FORMS = ("bare", "di", "dekat")


@dataclass(frozen=True, slots=True)
class SharedName:
    """A name and every place a table of the resolver keys by it: (table, code, unit)."""

    key: str
    places: tuple[tuple[str, str, str], ...]

    @property
    def tables(self) -> str:
        return "+".join(sorted({t for t, _, _ in self.places}))

    def units(self, levels: Iterable[int] | None = None) -> frozenset[str]:
        wanted = set(levels) if levels is not None else None
        return frozenset(
            u
            for t, c, u in self.places
            if wanted is None or (t == "kemendagri" and level_of(c) in wanted)
        )

    def regencies(self) -> frozenset[str]:
        return frozenset(c[:5] for _, c, _ in self.places)


@dataclass(frozen=True, slots=True)
class AuditCase:
    text: str
    form: str
    name: SharedName
    units: frozenset[str]  # the serving units a right answer may name


@dataclass
class AuditResult:
    """Counts per (tables, form): cases, guesses (one place where it must ask) and, for
    names of one unit, needless questions; with examples of each."""

    cases: Counter[tuple[str, str]] = field(default_factory=Counter)
    guesses: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    same_unit_cases: int = 0
    needless: Counter[str] = field(default_factory=Counter)
    needless_examples: list[str] = field(default_factory=list)

    @property
    def total_guesses(self) -> int:
        return sum(self.guesses.values())

    def lines(self, examples: int = 3) -> list[str]:
        out = [
            f"must-ask cases: {sum(self.cases.values())}, guessed: {self.total_guesses}",
            "tables / form: guessed of cases",
        ]
        for key in sorted(self.cases):
            tables, form = key
            out.append(f"  {tables:<28} {form:<9} {self.guesses[key]:>5} of {self.cases[key]}")
            for example in self.examples.get(key, [])[:examples]:
                out.append(f"      {example}")
        out.append(
            f"one-unit names' cases: {self.same_unit_cases}, asked needlessly: "
            f"{sum(self.needless.values())} {dict(sorted(self.needless.items()))}"
        )
        out.extend(f"      {e}" for e in self.needless_examples[:examples])
        return out


def _plain(key: str) -> bool:
    words = key.split()
    return (
        len(key) >= 3
        and not any(ch.isdigit() for ch in key)
        and not any(w in FILLERS or w in MARKERS or w in STREET_WORDS for w in words)
        and not (len(words) == 1 and words[0] in GENERIC)
    )


def shared_names(router: Router) -> tuple[list[SharedName], list[SharedName]]:
    """(names of places in 2+ kab/kota of different units, names of 2+ places all
    served by one unit)."""
    many: list[SharedName] = []
    one: list[SharedName] = []
    for name in named_places(router):
        if len(name.regencies()) > 1 and len(name.units()) > 1:
            many.append(name)
        elif len({c for _, c, _ in name.places}) > 1 and len(name.units()) == 1:
            one.append(name)  # "12430", three Desa Sukamaju of Kab. Bogor: one unit
    return many, one


def named_places(router: Router) -> list[SharedName]:
    """Every plain name the resolver's tables key (kecamatan and villages, landmarks,
    streets) with all its places, but a regency's or province's own name and foreign
    places; sorted by name. `shared_names` and the unique-name probe
    (bot/evaluation/unique_probe.py) split it."""
    gaz = router.gazetteer
    places: dict[str, set[tuple[str, str, str]]] = {}

    def unit(code: str) -> str:
        found = router.table.polres_for(code)
        return found.id if found else ""

    for key, codes in gaz.keys.items():
        local = [c for c in codes if level_of(c) >= 3]
        if local and _plain(key):
            places.setdefault(key, set()).update(("kemendagri", c, unit(c)) for c in local)
    for key in list(places):
        # "argo mulyo" is also Kec. Argomulyo, "air garam" Distrik Airgaram: one name
        joined = key.replace(" ", "")
        if joined != key:
            spelt = [c for c in gaz.keys.get(joined, ()) if level_of(c) >= 3]
            places[key].update(("kemendagri", c, unit(c)) for c in spelt)
    for key, slots in gaz.landmark_keys.items():
        if not _plain(key) or key in gaz.weak_landmark_keys:
            continue
        for slot in slots:
            mark = gaz.landmarks[slot]
            cand = router.candidate(
                Match(mark.code, level_of(mark.code), 100.0, via_landmark=mark.name)
            )
            places.setdefault(key, set()).add(("landmark", mark.code, cand.polres_id or ""))
    for key, codes in gaz.streets.items():
        if _plain(key):
            places.setdefault(key, set()).update(("street", c, unit(c)) for c in codes)
    names: list[SharedName] = []
    for key, found in sorted(places.items()):
        if key in gaz.foreign or key in gaz.foreign_listed:
            continue
        joined = key.replace(" ", "")
        if any(level_of(c) <= 2 for k in (key, joined) for c in gaz.keys.get(k, ())):
            continue  # a regency's or province's name (or its alias) is that region
        if key in gaz.regency_prefixes:
            continue
        names.append(SharedName(key, tuple(sorted(found))))
    return names


def cases(router: Router, name: SharedName) -> Iterator[AuditCase]:
    """The bare forms of one name, each with the units an answer may name: the places of
    the gazetteer and landmark tables for the name alone, a level word's places for "kec
    X"/"desa X" (every place of the name where none of that level bears it: the word was
    loose), the streets for "jalan X", the landmarks "pasar X"/"terminal X"."""
    gaz = router.gazetteer
    key = name.key
    named = frozenset(u for t, _, u in name.places if t != "street")
    says_city = _says_its_city(router, name)
    if says_city:
        named = says_city  # "padang barat", "sumur bandung": the city's own district
    for form in BARE_FORMS:
        text = {"bare": key, "di": f"di {key}", "dekat": f"dekat {key}"}[form]
        yield AuditCase(text, form, name, named)
    local = frozenset(u for t, _, u in name.places if t == "kemendagri")
    if local:
        districts, villages = name.units([3]), name.units([4])
        if f"kec {key}" not in gaz.landmark_keys:
            yield AuditCase(f"kec {key}", "kec", name, says_city or districts or local)
        if f"desa {key}" not in gaz.landmark_keys:
            yield AuditCase(f"desa {key}", "desa", name, villages or local)
    streets = frozenset(u for t, _, u in name.places if t == "street")
    if streets:
        yield AuditCase(f"jalan {key}", "jalan", name, streets)
    for head in LANDMARK_HEADS:
        slots = gaz.landmark_keys.get(f"{head} {key}")
        if slots and f"{head} {key}" not in gaz.weak_landmark_keys:
            units = frozenset(
                router.candidate(
                    Match(gaz.landmarks[s].code, 2, 100.0, via_landmark=gaz.landmarks[s].name)
                ).polres_id
                or ""
                for s in slots
            )
            yield AuditCase(f"{head} {key}", head.split()[0], name, units)


def _says_its_city(router: Router, name: SharedName) -> frozenset[str]:
    """The units of the kecamatan of this name whose name holds their own kab/kota's
    ("padang barat", "medan baru", "bandungkidul"): people mean that district by it, not
    villages so named elsewhere (the policy of tests/routing/ambiguity_cases.py)."""
    joined = name.key.replace(" ", "")
    found = set()
    for table, code, unit in name.places:
        if table != "kemendagri" or level_of(code) != 3:
            continue
        city = name_key(bare_regency_name(router.tree.name(code[:5]) or "")).replace(" ", "")
        if city and city in joined:
            found.add(unit)
    return frozenset(found)


def sample(names: list[SharedName], every: int) -> list[SharedName]:
    """A deterministic 1/every share of `names` (by a hash of each key)."""
    if every <= 1:
        return names
    return [n for n in names if int(hashlib.sha1(n.key.encode()).hexdigest()[:8], 16) % every == 0]


def guessed(router: Router, case: AuditCase) -> str | None:
    """What the resolver answered, when it named one place where several units are
    possible; None when it asked (or found nothing)."""
    res = router.resolve_text(case.text)
    if res.status != "ok" or res.chosen is None:
        return None
    return f"{case.text!r}: {res.chosen.code} {res.chosen.polres_id} ({res.reason})"


def audit(router: Router, every: int = 1) -> AuditResult:
    """Run every bare form of every (or 1/every of the) shared names."""
    many, one = shared_names(router)
    result = AuditResult()
    for name in sample(many, every):
        for case in cases(router, name):
            if len(case.units) < 2:
                continue
            slot = (name.tables, case.form)
            result.cases[slot] += 1
            wrong = guessed(router, case)
            if wrong:
                result.guesses[slot] += 1
                result.examples.setdefault(slot, []).append(wrong)
    for name in sample(one, every):
        for case in cases(router, name):
            if case.form not in BARE_FORMS:
                continue
            result.same_unit_cases += 1
            res = router.resolve_text(case.text)
            if res.status == "ambiguous":
                # a question among places of one unit only is needless; one that adds
                # another reading (a misspelt kab/kota: "bantur", Bantul) is not
                if len(res.candidates) < 2 or len({c.polres_id for c in res.candidates}) > 1:
                    continue  # a confirmation of one place, or another reading offered
                result.needless[case.form] += 1
                result.needless_examples.append(f"{case.text!r}: asked ({res.reason})")
    return result


# --- shared names inside sentences (session 33, "ambigsent") ---------------------------

# Sentence frames typical of complaints, written for this audit, each with one slot for
# the name and no other place word (`frames_naming_nothing` checks it). A kind says where
# the name stands: after "di" in a story, after "warga", first and set apart by a comma,
# last with no "di", or in an English or chat-spelt story.
SENTENCE_FRAMES: tuple[tuple[str, str], ...] = (
    ("di_story", "motor saya hilang di {X} kemarin sore"),
    ("di_story", "tolong pak ada tawuran di {X}"),
    ("di_story", "hp saya dijambret orang di {X} tadi malam"),
    ("di_story", "saya kena tipu online, pelakunya tinggal di {X}"),
    ("di_story", "ada pencurian rumah di {X} minggu lalu"),
    ("di_story", "tadi pagi terjadi kecelakaan di {X}, korbannya luka parah"),
    ("di_story", "anak saya dipukuli preman di {X}"),
    ("di_story", "sering ada balap liar di {X} tiap malam minggu"),
    ("di_story", "mohon bantuan, ada pungli di {X}"),
    ("di_story", "kejadiannya di {X} sekitar jam 9 malam"),
    ("di_story", "rumah saya di {X} dibobol maling"),
    ("di_story", "saya mau lapor kehilangan dompet di {X}"),
    ("di_story", "ada orang mabuk bikin onar di {X}"),
    ("di_story", "penipuan jual beli mobil di {X}"),
    ("di_story", "korban penganiayaan di {X} belum ditangani"),
    ("warga", "warga {X} resah ada begal"),
    ("warga", "kami warga {X} minta patroli malam"),
    ("warga", "warga {X} melapor ada judi"),
    ("warga", "saya warga {X}, mau lapor penipuan"),
    ("warga", "warga {X} dan sekitarnya resah karena pencurian ternak"),
    ("lead", "{X}, motor hilang kemarin"),
    ("lead", "{X}, ada tawuran pelajar"),
    ("lead", "{X} rawan begal tolong ditindak"),
    ("lead", "{X} sering terjadi curanmor"),
    ("last", "motor saya hilang waktu parkir dekat {X}"),
    ("last", "pencurian sapi semalam daerah {X}"),
    ("last", "lokasi kejadian {X}"),
    ("last", "tempat kejadian perkara {X}"),
    ("last", "maling ayam tertangkap warga sekitar {X}"),
    ("last", "begal beraksi lagi sekitar {X}"),
    ("english", "my motorbike was stolen in {X} yesterday"),
    ("english", "i was robbed near {X} last night"),
    ("english", "someone broke into my house in {X}"),
    ("chat", "mtr sy ilang di {X} td mlm"),
    ("chat", "tlg pak ada bgl di {X}"),
    ("chat", "hp ku dicopet di {X} kmrn"),
    ("chat", "ada yg mabok rusuh di {X} skrg"),
    ("chat", "sy ditipu org {X}"),
    ("chat", "bang ada maling di {X} gmn nih"),
    ("chat", "kena tipu cod di {X} brg ga dikirim"),
)


@dataclass
class SentenceAuditResult:
    """Counts per (frame kind, name kind): cases and guesses, with examples."""

    cases: Counter[tuple[str, str]] = field(default_factory=Counter)
    guesses: Counter[tuple[str, str]] = field(default_factory=Counter)
    per_frame: Counter[str] = field(default_factory=Counter)
    examples: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    dropped_frames: list[str] = field(default_factory=list)

    @property
    def total_guesses(self) -> int:
        return sum(self.guesses.values())

    def lines(self, examples: int = 3) -> list[str]:
        out = [
            f"sentence cases: {sum(self.cases.values())}, guessed: {self.total_guesses}",
            "frame kind / name kind: guessed of cases",
        ]
        for key in sorted(self.cases):
            out.append(f"  {key[0]:<9} {key[1]:<28} {self.guesses[key]:>5} of {self.cases[key]}")
            for example in self.examples.get(key, [])[:examples]:
                out.append(f"      {example}")
        out.append("guesses per frame:")
        out.extend(f"  {n:>5}  {frame}" for frame, n in self.per_frame.most_common())
        out.extend(f"frame dropped (names a place): {f}" for f in self.dropped_frames)
        return out


def name_kind(name: SharedName) -> str:
    """The tables that key the name, and "+word" when it is a word a sentence is told
    with ("pemuda", "pukul"): the story words that are also places' names."""
    from bot.routing.place_index import sentence_word

    told = all(sentence_word(w) for w in name.key.split())
    return name.tables + ("+word" if told else "")


def frames_naming_nothing(
    router: Router, frames: Iterable[tuple[str, str]] = SENTENCE_FRAMES
) -> tuple[list[tuple[str, str]], list[str]]:
    """(the frames whose words, slot left empty, name no place, the others): a frame
    word that names a place would make a guess right or wrong for another reason."""
    kept, dropped = [], []
    for kind, frame in frames:
        res = router.resolve_text(frame.replace("{X}", " "))
        if res.status in ("not_found", "invalid") and not res.candidates:
            kept.append((kind, frame))
        else:
            dropped.append(frame)
    return kept, dropped


def sentence_cases(
    router: Router, name: SharedName, frames: Iterable[tuple[str, str]]
) -> Iterator[tuple[str, AuditCase]]:
    """Each frame filled with the name, with the units its bare form may name (the
    places of the gazetteer and landmark tables: a frame word is no road word)."""
    named = frozenset(u for t, _, u in name.places if t != "street")
    if _says_its_city(router, name) or len(named) < 2:
        return
    for kind, frame in frames:
        yield kind, AuditCase(frame.replace("{X}", name.key), kind, name, named)


def sentence_audit(router: Router, every: int = 8) -> SentenceAuditResult:
    """Fill every frame with 1/every of the shared names and count what is answered with
    one place (a guess where the bare name is asked)."""
    many, _ = shared_names(router)
    frames, dropped = frames_naming_nothing(router)
    result = SentenceAuditResult(dropped_frames=dropped)
    for name in sample(many, every):
        kind_of_name = name_kind(name)
        for kind, case in sentence_cases(router, name, frames):
            slot = (kind, kind_of_name)
            result.cases[slot] += 1
            wrong = guessed(router, case)
            if wrong:
                result.guesses[slot] += 1
                result.per_frame[case.text.replace(name.key, "{X}")] += 1
                result.examples.setdefault(slot, []).append(wrong)
    return result


# --- kecamatan named like villages elsewhere; police units named (session 35) ----------

# Complaint frames where nothing decides which place of a kecamatan's name is meant.
# Expected: asked, the kecamatan first.
UNDECIDED_FRAMES: tuple[str, ...] = (
    "motor ilang di {X}",
    "ribut lagi di {X} tadi malam",
    "pencurian sapi di {X} semalam",
)
# A kind of place beside the name (a prayer house, a bridge, a school, a petrol station,
# a shop): in that kecamatan, as sessions 27 and 33 decided ("with a kind word it is the
# landmark"). Expected: a kecamatan of the name (asked only among such kecamatan).
KIND_FRAMES: tuple[str, ...] = (
    "motor ilang di mushola {X}",
    "jembatan ambruk di {X}",
    "ribut di depan sma 1 {X}",
    "parkir liar di minimarket {X}",
    "curanmor dekat spbu {X}",
)


@dataclass
class KecamatanAuditResult:
    """Counts per check: cases and misses, with examples. Checks: `undecided` (a frame
    above: must ask, the kecamatan first), `beside_a_kind` (a kind of place beside the
    name: a kecamatan of the name, chosen or first), `decided_by_regency` ("{X}, {its kab/kota}":
    that kecamatan), `polsek` ("lapor ke polsek {X}": the kecamatan, or asked among the
    kecamatan of the name only), `polres` / `kapolres` ("lapor ke polres {short name}",
    "kapolres {short name}": that unit)."""

    cases: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total_misses(self) -> int:
        return sum(self.misses.values())

    def miss(self, check: str, example: str) -> None:
        self.misses[check] += 1
        self.examples.setdefault(check, []).append(example)

    def lines(self, examples: int = 3) -> list[str]:
        out = [f"kecamatan/unit cases: {sum(self.cases.values())}, missed: {self.total_misses}"]
        for check in sorted(self.cases):
            out.append(f"  {check:<20} {self.misses[check]:>5} of {self.cases[check]}")
            out.extend(f"      {e}" for e in self.examples.get(check, [])[:examples])
        return out


def shared_kecamatan(router: Router) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(name, its kecamatan, every kecamatan and village of it) for each kecamatan name
    that places in two or more kab/kota of different units bear: the gazetteer's exact
    key only (not joined spellings, stems or aliases), a regency's own name and a name
    holding its city's ("padang barat") left out as in `shared_names`."""
    gaz = router.gazetteer
    found = []
    for key, codes in gaz.keys.items():
        spelt = (*codes, *gaz.keys.get(key.replace(" ", ""), ()))  # "suka karya": Sukakarya
        districts = tuple(dict.fromkeys(c for c in spelt if level_of(c) == 3))
        local = tuple(c for c in codes if level_of(c) >= 3)
        if not districts or not _plain(key) or any(level_of(c) <= 2 for c in codes):
            continue
        if key in gaz.foreign or key in gaz.foreign_listed or key in gaz.regency_prefixes:
            continue
        if any(
            name_key(bare_regency_name(router.tree.name(c[:5]) or "")).replace(" ", "")
            in key.replace(" ", "")
            for c in districts
        ):
            continue  # "padang barat": the city's own district
        units = {u.id if (u := router.table.polres_for(c)) else "" for c in local}
        if len({c[:5] for c in local}) > 1 and len(units) > 1:
            found.append((key, districts, local))
    return sorted(found)


def kecamatan_audit(router: Router, every: int = 1) -> KecamatanAuditResult:
    """Run the frames over 1/every of the shared kecamatan names, and every Polres of
    data/routing/units.csv after "polres" and "kapolres"."""
    from bot.routing.unit_names import resort_names

    result = KecamatanAuditResult()
    names = shared_kecamatan(router)
    if every > 1:
        names = [
            n for n in names if int(hashlib.sha1(n[0].encode()).hexdigest()[:8], 16) % every == 0
        ]
    for key, districts, _local in names:
        for frame in UNDECIDED_FRAMES:
            text = frame.replace("{X}", key)
            result.cases["undecided"] += 1
            res = router.resolve_text(text)
            first = res.candidates[0].code if res.candidates else ""
            if res.status != "ambiguous" or first not in districts:
                result.miss("undecided", f"{text!r}: {res.status} {first} ({res.reason})")
        for frame in KIND_FRAMES:
            text = frame.replace("{X}", key)
            result.cases["beside_a_kind"] += 1
            res = router.resolve_text(text)
            # the kecamatan chosen, or (two kecamatan of the name) asked with one first
            codes = [res.chosen.code] if res.status == "ok" and res.chosen else []
            if res.status == "ambiguous":
                codes = [c.code for c in res.candidates[:1]]
            if not codes or not any(codes[0].startswith(d) for d in districts):
                result.miss("beside_a_kind", f"{text!r}: {res.status} {codes[:3]} ({res.reason})")
        for district in districts:
            regency = router.tree.name(district[:5]) or ""
            text = f"jembatan ambruk di {key}, {name_key(regency)}"
            result.cases["decided_by_regency"] += 1
            res = router.resolve_text(text)
            if res.status != "ok" or res.chosen is None or res.chosen.code[:5] != district[:5]:
                got = res.chosen.code if res.chosen else ""
                result.miss("decided_by_regency", f"{text!r}: {res.status} {got} ({res.reason})")
        text = f"lapor ke polsek {key}"
        result.cases["polsek"] += 1
        res = router.resolve_text(text)
        units = {router.table.polres_for(c) for c in districts}
        if len(units) == 1:
            right = res.status == "ok" and res.chosen is not None and res.chosen.code in districts
        else:
            right = res.status == "ambiguous" and {c.code for c in res.candidates} <= set(districts)
        if not right:
            got = res.chosen.code if res.chosen else " ".join(c.code for c in res.candidates[:3])
            result.miss("polsek", f"{text!r}: {res.status} {got} ({res.reason})")
    names_of = resort_names(router.table)
    for unit in router.table.units("polres"):
        if not any(level_of(c) == 2 for c in unit.covers):
            continue  # a port's unit serves its port (sites.csv), named with the port
        own = name_key(unit.name)
        for text in (f"lapor ke {own}", f"ka{own}"):  # "kapolrestabes semarang"
            check = "polres" if text.startswith("lapor") else "kapolres"
            result.cases[check] += 1
            res = router.resolve_text(text)
            chosen = res.chosen
            namesakes = names_of.get(own, [])
            if len([u for u in namesakes if u.covers]) > 1:
                # two units of one name (Polres Banjar of Kota Banjar and of Kab. Banjar):
                # asked between them
                if res.status != "ambiguous" or unit.id not in {
                    c.polres_id for c in res.candidates
                }:
                    result.miss(check, f"{text!r} ({unit.id}): {res.status} ({res.reason})")
                continue
            if res.status != "ok" or chosen is None or chosen.polres_id != unit.id:
                got = f"{chosen.code} {chosen.polres_id}" if chosen else ""
                result.miss(check, f"{text!r} ({unit.id}): {res.status} {got} ({res.reason})")
    return result
