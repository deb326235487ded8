"""The ask/refuse policy as properties of the reference data, not of eval phrasings.

Owns: deriving, from the shipped Kemendagri tree, the routing table (serving unit after
district exceptions) and data/places/foreign.csv, the texts that must be asked, resolved
or refused, and checking a resolver against them. Used by test_ambiguity_policy.py and,
for a full sweep with failure rates, by `python -m tests.routing.ambiguity_cases`.

A name is a kecamatan/desa/kelurahan key (the normal form the gazetteer compares in).
Names whose meaning other tables settle by design are left out: a kab/kota's or
province's name or alias (a regency's name is the regency), a landmark's, street's or
foreign place's name, generic words and fillers.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.gazetteer import Gazetteer, Match
from bot.routing.place_index import sentence_word
from bot.routing.place_words import FILLERS, GENERIC, MARKERS, STREET_WORDS, name_key
from bot.routing.regions import bare_regency_name, level_of, regency_display_name
from bot.routing.resolver import Router

# variant -> (template, level the level word names: None for none)
VARIANTS: dict[str, tuple[str, int | None]] = {
    "bare": ("{X}", None),
    "lower": ("{x}", None),
    "upper": ("{U}", None),
    "dekat": ("dekat {x}", None),
    "di": ("di {X}", None),
    "desa": ("Desa {X}", 4),
    "kelurahan": ("Kelurahan {X}", 4),
    "ds": ("ds {x}", 4),
    "kecamatan": ("Kecamatan {X}", 3),
    "kec": ("kec. {x}", 3),
    # inside a complaint (session 28): the words a sentence is told with settle nothing
    "sentence": ("hp saya dicopet di {x}", None),
    "sentence_comma": ("{X}, motor hilang kemarin", None),
    "sentence_desa": ("rumah kemalingan di desa {x}", 4),
}


# Session 29: the name as news pages, police releases and posts write it beside a kind of
# place, inside their sentences, or in English (each template a phrasing seen on pages of
# the search tool's pages corpus: Polsek releases, traffic news, lost-and-found posts,
# migrant workers' stories). None of these words says which of the places is meant, so a
# name places of different units share must never be answered with one of them.
# A kind of place before the name (a market, road, school named after it) may take the
# kecamatan of the name over villages of it elsewhere (session 27's rule), never one of
# several villages or kecamatan: "kind" in the variant's name.
PHRASES: dict[str, str] = {
    "kind_pasar": "pasar {x}",
    "kind_jl": "jl {x}",
    "kind_jalan_raya": "jalan raya {x}",
    "kind_masjid": "masjid {x}",
    "kind_sd": "sd n 1 {x}",
    "kind_tpu": "tpu desa {x}",
    "kind_dusun": "dusun {x}",
    "warga": "warga desa {x} melapor ke polsek",
    "news_when": "peristiwa itu terjadi di {X} pada Minggu (29/11) sekitar pukul 19.00 WIB",
    "news_parked": "motor korban raib saat diparkir di depan rumahnya di {x}",
    "news_crash": "kecelakaan lalu lintas terjadi di jalan raya {X} tadi pagi",
    "news_brawl": "tawuran antar pemuda pecah di {x} semalam",
    "news_from": "seorang pria asal {X} ditangkap polisi",
    "lost": "dicari dompet hilang di sekitar {x}, yang menemukan hub wa",
    "english_village": "I am from {X} village",
    "english_in": "my motorbike was stolen in {X}",
}
ROAD_VARIANTS = frozenset({"kind_jl", "kind_jalan_raya", "news_crash"})


def typos(key: str) -> list[str]:
    """Two one-edit misspellings of a name as people make them: a letter dropped from
    its middle and one doubled (never the first letter, which people rarely miss)."""
    if len(key) < 6:
        return []
    mid = len(key) // 2
    dropped = key[:mid] + key[mid + 1 :] if key[mid] != " " else key[: mid - 1] + key[mid:]
    doubled = key[:mid] + key[mid] + key[mid:] if key[mid] != " " else ""
    return [t for t in (dropped, doubled) if t and t != key]


def phrase_cases(router: Router, key: str, codes: list[str]) -> Iterator[Case]:
    """A name that places of different units share, beside a kind of place, inside news
    phrasing, in English, or misspelt: never answered with one place ("not_ok"; a
    misspelling may still be another place of its own: "not_this")."""
    gaz = router.gazetteer
    units = frozenset(unit_of(router, c) for c in codes)
    if any(level_of(c) == 3 and _bare(router, c[:5]) in key for c in codes):
        return  # "bandung kidul": a district whose name says its city is it (name_cases)
    for variant, template in PHRASES.items():
        text = template.format(X=_title(key), x=key)
        if name_key(template.format(X=key, x=key)) in gaz.landmark_keys:
            continue  # "Pasar Kebonsari" may be a landmark of its own
        if variant in ROAD_VARIANTS and (key in gaz.streets or f"raya {key}" in gaz.streets):
            continue  # "jalan raya babatan": a street of streets.csv in one city
        villages = [c for c in codes if level_of(c) == 4]
        if "desa" in template and len({unit_of(router, c) for c in villages}) < 2:
            continue  # "warga desa gangga": one desa Gangga, the others a kecamatan
        districts = {unit_of(router, c) for c in codes if level_of(c) == 3}
        kind = "not_ok"
        if variant.startswith("kind") and len(districts) == 1:
            kind = "district_or_ask"
        yield Case(text, kind, units, key, variant)
    for typo in typos(key):
        if typo in gaz.keys or typo in gaz.landmark_keys or typo in gaz.foreign:
            continue  # the misspelling is another place's name as it is
        yield Case(typo, "not_this", units, key, "typo")
        yield Case(f"desa {typo}", "not_this", units, key, "typo")
        yield Case(f"hp saya dicopet di {typo}", "not_this", units, key, "typo")


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    kind: str  # ask, resolve, refuse, ask_or_refuse, resolve_or_refuse, resolve_or_ask, not_ok,
    # not_this, district_or_ask
    units: frozenset[str]  # the serving units a right answer may name
    name: str
    variant: str


def sample(items: list[str], every: int) -> list[str]:
    """A deterministic 1/every share of `items` (by a hash of each, not by position)."""
    if every <= 1:
        return items
    return [i for i in items if int(hashlib.sha1(i.encode()).hexdigest()[:8], 16) % every == 0]


def _title(key: str) -> str:
    return " ".join(w.capitalize() for w in key.split())


def candidate_names(gaz: Gazetteer) -> dict[str, list[str]]:
    """Kecamatan/desa/kelurahan key -> every region code bearing it (levels 3 and 4),
    for names whose meaning no other table settles."""
    by_key: dict[str, list[str]] = {}
    for code, name in gaz.tree.items():
        if level_of(code) >= 3:
            by_key.setdefault(name_key(name), []).append(code)
    kept: dict[str, list[str]] = {}
    for key, codes in by_key.items():
        words = key.split()
        if (
            not key
            or len(key) < 3
            or any(w in FILLERS or w in MARKERS or w in STREET_WORDS for w in words)
            or all(w in GENERIC for w in words)
            or any(ch.isdigit() for ch in key)
            or any(level_of(c) <= 2 for c in gaz.keys.get(key, ()))
            or set(gaz.keys.get(key, ())) - set(codes)  # an alias of another place too
            or any(level_of(c) <= 2 for c in gaz.keys.get(key.replace(" ", ""), ()))
            or key in gaz.regency_prefixes
            or key in gaz.landmark_keys
            or key in gaz.foreign
            or key in gaz.streets
        ):
            continue
        joined = key.replace(" ", "")
        if joined != key:  # "air garam" is also Distrik Airgaram: the same name
            codes = [*codes, *(c for c in by_key.get(joined, ()) if c not in codes)]
        # "huta imbaru" is also how people write Kec. Padangsidimpuan Hutaimbaru
        for other in (key, joined):
            codes += [c for c in gaz.keys.get(other, ()) if level_of(c) == 3 and c not in codes]
        kept[key] = codes
    return kept


def unit_of(router: Router, code: str) -> str:
    unit = router.table.polres_for(code)
    return unit.id if unit else ""


def name_cases(router: Router, key: str, codes: list[str]) -> Iterator[Case]:
    """The level-word, filler and case variants of one name, each with what must happen."""
    # "padang barat", "medan baru": a district whose name says its city is that district
    # (villages of that name elsewhere are not what people mean by the city's part)
    says_city = [
        c
        for c in codes
        if level_of(c) == 3 and _bare(router, c[:5]).replace(" ", "") in key.replace(" ", "")
    ]
    in_sentence = all(sentence_word(w) for w in key.split())
    for variant, (template, level) in VARIANTS.items():
        text = template.format(X=_title(key), x=key, U=key.upper())
        named = text if not variant.startswith("sentence") else f"desa {key}"
        if level is not None and name_key(named) in router.gazetteer.landmark_keys:
            continue  # "Desa Sukarara" is a landmark (a weaving village of Lombok Tengah)
        fitting = [c for c in codes if level is None or level_of(c) == level]
        # no place of that level bears the name: the level word was loose, or the name
        # misspelt ("kec koto tengah": villages Koto Tengah, and Kec. Koto Tangah of
        # Padang one letter off); asking is then right too
        loose = not fitting
        fitting = fitting or codes
        if says_city and level in (None, 3):
            fitting = says_city
        units = frozenset(unit_of(router, c) for c in fitting)
        kind = "ask" if len(units) > 1 else "resolve_or_ask" if loose else "resolve"
        if in_sentence and variant.startswith("sentence"):
            # "hp saya dicopet di adu": a name made of words sentences are told with is
            # taken for those words inside one (session 27): refused, never guessed
            kind = {"ask": "ask_or_refuse", "resolve": "resolve_or_refuse"}.get(kind, kind)
        yield Case(text, kind, units, key, variant)


def qualified_cases(router: Router, key: str, codes: list[str]) -> Iterator[Case]:
    """A name with its kab/kota or province named beside it: that one, never asked."""
    tree = router.tree
    by_regency: dict[str, set[str]] = {}
    for c in codes:
        by_regency.setdefault(c[:5], set()).add(unit_of(router, c))
    if len({u for us in by_regency.values() for u in us}) < 2:
        return
    for regency, units in sorted(by_regency.items())[:3]:
        if len(units) != 1:
            continue
        full = regency_display_name(tree.name(regency) or "")
        yield Case(f"{_title(key)}, {full}", "resolve", frozenset(units), key, "kabkota")
        yield Case(f"desa {key} {full.lower()}", "resolve", frozenset(units), key, "desa+kabkota")
        bare = bare_regency_name(tree.name(regency) or "")
        same = [r for r in by_regency if r != regency and _bare(router, r) == name_key(bare)]
        if not same and router.gazetteer.keys.get(name_key(bare)) == (regency,):
            yield Case(f"{key} {bare.lower()}", "resolve", frozenset(units), key, "bare+kabkota")
    # the district: "desa X kec Z", for the first villages of the name
    villages = [c for c in codes if level_of(c) == 4]
    for village in villages[:3]:
        district = name_key(tree.name(village[:8]) or "")
        if not district or district == key or any(w in FILLERS for w in district.split()):
            continue  # Kec. Mau: "mau" is a filler ("mau lapor")
        inside = [c for c in villages if name_key(tree.name(c[:8]) or "") == district] + [
            c for c in router.gazetteer.keys.get(district, ()) if c == village[:8]
        ]
        served = frozenset(unit_of(router, c) for c in inside)
        kind = "resolve" if len(served) == 1 else "ask"
        yield Case(f"desa {key} kec {district}", kind, served, key, "desa+kecamatan")
    by_province: dict[str, set[str]] = {}
    for c in codes:
        by_province.setdefault(c[:2], set()).add(unit_of(router, c))
    for province, units in sorted(by_province.items()):
        if len(units) == 1:
            pname = tree.name(province) or ""
            yield Case(f"{_title(key)}, {pname}", "resolve", frozenset(units), key, "province")
            break


def _bare(router: Router, regency: str) -> str:
    return name_key(bare_regency_name(router.tree.name(regency) or ""))


def regency_pair_cases(router: Router) -> Iterator[Case]:
    """Kota X and Kabupaten X served by different units: "X" alone asked, "Kota X" and
    "Kab X" the one named."""
    pairs: dict[str, list[str]] = {}
    for code, name in router.tree.items(2):
        pairs.setdefault(name_key(bare_regency_name(name)), []).append(code)
    for key, codes in sorted(pairs.items()):
        if len(codes) != 2:
            continue
        units = {c: unit_of(router, c) for c in codes}
        if len(set(units.values())) < 2:
            continue
        both = frozenset(units.values())
        yield Case(key, "ask", both, key, "regency_pair")
        yield Case(f"di {_title(key)}", "ask", both, key, "regency_pair")
        # session 28: words before "di"/"asal" tell what happened, not which of the two
        yield Case(f"tawuran pelajar di {key}", "ask", both, key, "regency_pair+sentence")
        yield Case(f"tkw asal {_title(key)}", "ask", both, key, "regency_pair+sentence")
        yield Case(f"Kab/Kota {_title(key)}", "ask", both, key, "regency_pair+both")
        if len(key) >= 5 and " " not in key:
            # a misspelling of the name (its last letter doubled) says no more than it:
            # asked, or not understood, never one of the two
            yield Case(key + key[-1], "not_ok", both, key, "regency_pair+misspelt")
        for c in codes:
            word = "kota" if (router.tree.name(c) or "").startswith("Kota") else "kab"
            yield Case(f"{word} {key}", "resolve", frozenset([units[c]]), key, f"regency_{word}")
            # a district of one of them settles it: "cibinong bogor", "kec cibinong bogor"
            for district in router.tree.children(c)[:3]:
                dkey = name_key(router.tree.name(district) or "")
                if (
                    router.gazetteer.keys.get(dkey) != (district,)
                    or dkey in router.gazetteer.landmark_keys
                ):
                    continue  # a name borne elsewhere too is another property's case
                one = frozenset([unit_of(router, district)])
                yield Case(f"{dkey} {key}", "resolve", one, key, "regency_pair+district")
                yield Case(f"kec {dkey}, {key}", "resolve", one, key, "regency_pair+district")


def shared_name_cases(router: Router) -> Iterator[Case]:
    """Landmark names, region aliases (nicknames, short forms) and streets that several
    kab/kota with different units share: asked (or, for a street without its city,
    never resolved); with the kab/kota named, that one."""
    gaz, tree = router.gazetteer, router.tree
    for key, slots in sorted(gaz.landmark_keys.items()):
        if key in gaz.keys or key in gaz.foreign or key in gaz.weak_landmark_keys:
            continue
        codes = [gaz.landmarks[s].code for s in slots]
        units = frozenset(
            router.candidate(
                Match(c, level_of(c), 100.0, via_landmark=gaz.landmarks[s].name)
            ).polres_id
            or ""
            for s, c in zip(slots, codes, strict=True)
        )
        if len({c[:5] for c in codes}) > 1 and len(units) > 1:
            yield Case(key, "ask", units, key, "landmark")
            yield Case(f"dekat {_title(key)}", "ask", units, key, "landmark")
    aliases: dict[str, list[str]] = {}
    for alias in gaz_aliases(router):
        aliases.setdefault(name_key(alias.alias), []).append(alias.code)
    for key, alias_codes in sorted(aliases.items()):
        units = frozenset(unit_of(router, c) for c in alias_codes)
        mine = [c for c in gaz.keys.get(key, ()) if level_of(c) <= 2]
        if len(units) > 1 and len(mine) > 1 and key not in gaz.foreign:
            yield Case(key, "ask", units, key, "alias")
    for key, street_codes in sorted(gaz.streets.items()):
        cities = sorted({c[:5] for c in street_codes})
        units = frozenset(unit_of(router, c) for c in street_codes)
        if len(cities) < 2 or len(units) < 2 or key in gaz.keys or key in gaz.landmark_keys:
            continue
        yield Case(f"jl {key}", "not_ok", units, key, "street")
        for city in cities[:2]:
            one = frozenset(unit_of(router, c) for c in street_codes if c[:5] == city)
            full = regency_display_name(tree.name(city) or "").lower()
            if len(one) == 1:
                yield Case(f"jl {key}, {full}", "resolve", one, key, "street+kabkota")


def gaz_aliases(router: Router) -> list:  # type: ignore[type-arg]
    from bot.routing.landmarks import load_places

    return load_places(router.tree).aliases


FOREIGN_VARIANTS = ("{n}", "{l}", "{U}", "di {n}", "kota {l}", "{n} city", "di {l}")


def foreign_cases(gaz: Gazetteer, only: set[str] | None = None) -> Iterator[Case]:
    """Every foreign place of data/places/foreign*.csv (or those in `only`) in the forms
    people write it: refused as outside Indonesia, or asked where it is also an
    Indonesian place."""
    for key in sorted(gaz.foreign if only is None else only):
        head = key.split()[0]
        if key in gaz.foreign_listed and any(level_of(c) <= 2 for c in gaz.keys.get(head, ())):
            # "batu berendam" (Malaysia): "kota batu berendam" reads as Kota Batu, and a
            # town of the long list gives way to any Indonesian place by design
            continue
        indonesian = bool(gaz.keys.get(key)) or key in gaz.landmark_keys
        name = _title(key)
        for template in FOREIGN_VARIANTS:
            text = template.format(n=name, l=key, U=key.upper())
            if name_key(text) in gaz.keys:
                continue  # "kota raman" is Desa Kota Raman (Lampung Timur) as a whole
            kind = "ask_or_refuse" if indonesian else "refuse"
            yield Case(text, kind, frozenset(), key, "foreign")


def check(router: Router, case: Case) -> str | None:
    """None when the resolver does what the policy says, else what it did."""
    res = router.resolve_text(case.text)
    got = f"{res.status} {res.chosen.code if res.chosen else ''} {res.reason}"
    if case.kind == "refuse":
        return None if res.status == "outside" else got
    if case.kind == "ask_or_refuse":
        return None if res.status in ("outside", "ambiguous", "not_found") else got
    if case.kind == "ask":
        if res.status != "ambiguous":
            return got
        named = {c.polres_id for c in res.candidates}
        return None if len(named & case.units) >= 2 else got + " (candidates miss units)"
    if case.kind == "not_ok":
        return None if res.status != "ok" else got
    if case.kind == "district_or_ask":
        # the kecamatan of the name, or asked; never a village of it
        chosen = res.chosen
        if res.status != "ok" or chosen is None:
            return None
        its_name = name_key(router.tree.name(chosen.code) or "").replace(" ", "")
        at_district = chosen.level == "district" and its_name == case.name.replace(" ", "")
        return None if at_district else got
    if case.kind == "not_this":
        # a misspelling answered with a place of that very name is a guess among them
        chosen = res.chosen
        its_name = name_key(router.tree.name(chosen.code) or "") if chosen else ""
        same = its_name.replace(" ", "") == case.name.replace(" ", "")
        return None if res.status != "ok" or not same else got
    if case.kind == "resolve_or_refuse" and res.status in ("not_found", "outside"):
        return None
    if case.kind == "resolve_or_ask" and res.status == "ambiguous":
        named = {c.polres_id for c in res.candidates}
        return None if named & case.units else got + " (candidates miss units)"
    if res.status != "ok" or res.chosen is None:
        return got
    return None if res.chosen.polres_id in case.units else got + f" unit {res.chosen.polres_id}"


def main(argv: list[str]) -> None:
    """Full sweep with failure rates per kind: `python -m tests.routing.ambiguity_cases [EVERY]`."""
    import time
    from pathlib import Path

    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    every = int(argv[0]) if argv else 1
    gaz = load_gazetteer(Path("/tmp/dumas-ambiguity-cache"))
    router = Router(gaz, load_table(TABLE_PATH, gaz.tree))
    names = candidate_names(gaz)
    multi = {
        k: v
        for k, v in names.items()
        if len({c[:5] for c in v}) > 1 and len({unit_of(router, c) for c in v}) > 1
    }
    same = {
        k: v
        for k, v in names.items()
        if len({c[:5] for c in v}) > 1 and len({unit_of(router, c) for c in v}) == 1
    }
    print(f"names: {len(names)}; 2+ kab/kota, different units: {len(multi)}; one: {len(same)}")
    groups: dict[str, list[Case]] = {
        "names": [],
        "qualified": [],
        "phrases": [],
        "same_unit": [],
    }
    for key in sample(sorted(multi), every):
        groups["names"].extend(name_cases(router, key, multi[key]))
        groups["qualified"].extend(qualified_cases(router, key, multi[key]))
        groups["phrases"].extend(phrase_cases(router, key, multi[key]))
    for key in sample(sorted(same), every):
        groups["same_unit"].extend(name_cases(router, key, same[key]))
    groups["regency_pairs"] = list(regency_pair_cases(router))
    groups["shared_names"] = list(shared_name_cases(router))
    listed = set(getattr(gaz, "foreign_listed", ()))
    groups["foreign"] = list(foreign_cases(gaz, set(gaz.foreign) - listed))
    groups["foreign_listed"] = list(foreign_cases(gaz, set(sample(sorted(listed), every))))
    for group, cases in groups.items():
        started = time.perf_counter()
        fails: dict[str, list[str]] = {}
        for case in cases:
            wrong = check(router, case)
            if wrong:
                label = f"{case.kind}/{case.variant}"
                fails.setdefault(label, []).append(f"{case.text!r}: {wrong}")
        n = sum(len(v) for v in fails.values())
        took = time.perf_counter() - started
        share = 100 * n / max(1, len(cases))
        print(f"== {group}: {n}/{len(cases)} fail ({share:.1f}%) {took:.0f}s")
        for label, items in sorted(fails.items()):
            print(f"  {label}: {len(items)}")
            for item in items[:6]:
                print(f"    {item}")


if __name__ == "__main__":
    main(sys.argv[1:])
