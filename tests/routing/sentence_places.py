"""The sentence audit: places with one right answer written inside complaint sentences.

Owns: generating, from the Kemendagri tree and data/places/landmarks (not from any text
this code was written beside), places that have ONE right kab/kota, and slotting each
into complaint frames citizens write ("motor saya hilang di {P} kemarin sore", "{P} rawan
begal malam hari"); and scoring the resolver's answer on each sentence. The places:

- `kecamatan`: "kec X kab Y", "kecamatan X kota Y", "X, Y" where X is a kecamatan of
  kab/kota Y and no other kecamatan of Y is named X;
- `desa`: "desa X kec Y" / "kel X kecamatan Y" where X is the only village X of kecamatan
  Y and Y is a kecamatan name found in one kab/kota only;
- `kabkota`: "kota X" / "kabupaten X" (the level word settles Kota vs Kabupaten);
- `landmark`: a landmark's table name followed by its kab/kota's bare name.

Each place is first resolved alone; only places right alone are slotted (the audit
measures what the sentence does to them). Outcomes per sentence: `right` (the place's
kab/kota and serving unit), `asked`, `wrong` (another kab/kota), `nothing` (not found or
refused).

Run it (a few minutes on this machine): `python -m tests.routing.sentence_places
[--failures N] [--per-place K]`. `tests/routing/test_sentence_places.py` checks a fixed
sample of the same sentences.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.landmarks import load_places
from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name
from bot.routing.resolver import Router

# Complaint frames as citizens write them; `{}` is where the place goes. Written for this
# audit (session 33) after the shapes of public complaint posts: a loss, a fight, a
# threat, a request, a time and a number beside the place.
FRAMES = (
    "motor saya hilang di {} kemarin sore",
    "tolong pak ada tawuran pelajar dekat {}",
    "{} rawan begal malam hari",
    "hp saya dicopet di {} tadi pagi",
    "ada pencurian di {} jam 2 malam",
    "rumah saya di {} kemasukan maling",
    "lapor pak, ada balap liar di {} setiap malam minggu",
    "saya ditipu orang di {}",
    "kejadian di {} sekitar pukul 21.00",
    "tolong ada kecelakaan di depan {}",
    "pak polisi tolong ada orang mabuk bikin onar di {}",
    "mobil saya dibobol di {} hari senin",
    "ada perkelahian di {} tadi malam",
    "anak saya dipalak preman di {}",
    "saya mau lapor kehilangan dompet di {}",
    "di {} banyak pungli pak",
    "tadi siang ada jambret di {} korbannya ibu ibu",
    "warga {} resah dengan peredaran narkoba",
    "tolong pak di {} ada judi online",
    "penipuan jual beli mobil di {} kerugian 50 juta",
    "helm saya hilang di parkiran {}",
    "ada penganiayaan di {} tgl 12 maret",
    "kemarin malam terjadi perampokan di {}",
    "sepeda motor dicuri di {} pada pukul 03.00 wib",
    "lokasi kejadian {}",
    "tkp di {}",
    "alamat kejadian {} rt 03 rw 05",
    "ada kebakaran di {} mohon bantuan",
    "saya dianiaya tetangga di {}",
    "kena begal di {} pas pulang kerja",
    "ada orang hilang terakhir terlihat di {}",
    "pencurian ternak sapi di {} minggu lalu",
    "pemuda {} sering tawuran",
    "mohon ditindak pengedar sabu di {}",
    "ada pelecehan di {} kemarin",
    "begal di {} arah pulang",
    "mobil ditabrak lari di {} dekat lampu merah",
    "di sekitar {} sering ada pencurian",
    "ada kdrt di {} tolong segera",
    "saya jadi korban hipnotis di {} kemarin siang",
    # a second batch, measured before the fixes that followed it (session 33)
    "motor saya hilang pas parkir di {} no 12",
    "jam 7 pagi di {} ada tabrakan",
    "di jalan dekat {} ada pungli",
    "arah {} ada razia palsu",
    "depan {} ada copet",
    "kemarin di {} rumah saya dibobol maling",
    "tetangga saya di {} sering mukul istrinya",
    "uang 5 juta raib di atm {}",
    "anak sekolah tawuran di {} pakai sajam",
    "ada transaksi narkoba di {} tiap malam",
    "laporan kehilangan motor honda beat di {}",
    "orang gila ngamuk di {} pagi ini",
    "{} tadi malam jam 11 ada perampokan",
    "ada yang jual miras ilegal di {}",
    "saya dipukul orang tak dikenal di {} hari minggu tgl 3",
    "mobil pick up terguling di {} sopir kabur",
    "pencuri kabel tertangkap warga di {}",
    "ada penipuan arisan online warga {} rugi ratusan juta",
    "bapak saya kecopetan di angkot arah {}",
    "toko emas di {} dirampok 2 orang bersenjata",
)
KINDS = ("kecamatan", "desa", "kabkota", "landmark")
OUTCOMES = ("right", "asked", "wrong", "nothing")


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    kind: str  # one of KINDS
    code: str  # the region the answer must lie in (kab/kota, or the kecamatan)


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    frame: str
    place: Place


def _h(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)


def _bare(tree: RegionTree, code: str) -> str:
    return name_key(bare_regency_name(tree.name(code[:5]) or ""))


def _level(tree: RegionTree, code: str) -> str:
    return "kota" if (tree.name(code[:5]) or "").startswith("Kota") else "kab"


def places(tree: RegionTree, per_kind: int = 120) -> Iterator[Place]:
    """`per_kind` places of each kind, chosen by a hash of their code, each with one right
    kab/kota by construction (see the module docstring)."""
    district_regencies: dict[str, set[str]] = defaultdict(set)
    for code, name in tree.items(3):
        district_regencies[name_key(name)].add(code[:5])
    villages_in: Counter[tuple[str, str]] = Counter()
    for code, name in tree.items(4):
        villages_in[(code[:8], name_key(name))] += 1

    picked = sorted(tree.items(2), key=lambda item: _h(item[0]))[:per_kind]
    for code, _name in picked:
        word = ("kota" if _level(tree, code) == "kota" else "kabupaten", "kab")[_h(code) % 2]
        word = "kota" if _level(tree, code) == "kota" else word
        yield Place(f"{word} {_bare(tree, code)}", "kabkota", code)

    districts = [(c, n) for c, n in tree.items(3) if len(district_regencies[name_key(n)]) == 1]
    for code, name in sorted(districts, key=lambda item: _h(item[0]))[:per_kind]:
        key, city, level = name_key(name), _bare(tree, code), _level(tree, code)
        shapes = (f"kec {key} {level} {city}", f"kecamatan {key} {city}", f"{key}, {city}")
        yield Place(shapes[_h(code) % len(shapes)], "kecamatan", code)

    villages = [
        (c, n)
        for c, n in tree.items(4)
        if villages_in[(c[:8], name_key(n))] == 1
        and len(district_regencies[name_key(tree.name(c[:8]) or "")]) == 1
    ]
    for code, name in sorted(villages, key=lambda item: _h(item[0]))[:per_kind]:
        key, district = name_key(name), name_key(tree.name(code[:8]) or "")
        word = "kel" if code[9:10] == "1" else "desa"  # Kemendagri: 1xxx kelurahan, 2xxx desa
        written = (f"{word} {key} kec {district}", f"{word} {key} kecamatan {district}")
        yield Place(written[_h(code) % 2], "desa", code)

    book = load_places(tree)
    marks = sorted(book.landmarks, key=lambda lm: _h(lm.name + lm.code))[:per_kind]
    for landmark in marks:
        city = _bare(tree, landmark.code)
        text = name_key(landmark.name)
        if city not in text:
            text = f"{text} {city}"
        yield Place(text, "landmark", landmark.code[:5])


def sentences(places_: list[Place], per_place: int = 4) -> Iterator[Sentence]:
    """Each place in `per_place` frames chosen by a hash of its text."""
    for place in places_:
        order = sorted(FRAMES, key=lambda f: _h(place.text + f))
        for frame in order[:per_place]:
            yield Sentence(frame.format(place.text), frame, place)


def score(router: Router, text: str, place: Place) -> tuple[str, str]:
    """(outcome, what the resolver said) for `text` meant to name `place`."""
    result = router.resolve_text(text)
    got = f"{result.status} {result.chosen.code if result.chosen else ''} {result.reason}".strip()
    if result.status == "ok" and result.chosen is not None:
        chosen = result.chosen.code
        if chosen[:5] != place.code[:5]:
            return "wrong", got
        in_district = place.kind in ("kecamatan", "desa") and len(chosen) >= 8
        if in_district and chosen[:8] != place.code[:8]:
            return "wrong", got  # another kecamatan of the kab/kota: another Polsek
        return "right", got
    if result.status == "ambiguous":
        return "asked", got
    return "nothing", got


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=0, help="print N failures per kind")
    parser.add_argument("--per-kind", type=int, default=120)
    parser.add_argument("--per-place", type=int, default=4)
    parser.add_argument("--dump", default="", help="write every sentence's outcome here")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    alone: dict[str, Counter[str]] = defaultdict(Counter)
    kept: list[Place] = []
    for place in places(gazetteer.tree, args.per_kind):
        outcome, _got = score(router, place.text, place)
        alone[place.kind][outcome] += 1
        if outcome == "right":
            kept.append(place)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    by_frame: dict[str, Counter[str]] = defaultdict(Counter)
    failures: dict[str, list[str]] = defaultdict(list)
    dump = open(args.dump, "w") if args.dump else None  # noqa: SIM115
    for sentence in sentences(kept, args.per_place):
        outcome, got = score(router, sentence.text, sentence.place)
        by_kind[sentence.place.kind][outcome] += 1
        by_frame[sentence.frame][outcome] += 1
        if outcome != "right":
            failures[sentence.place.kind].append(
                f"{outcome}: {sentence.text!r} [{sentence.place.code}] -> {got}"
            )
        if dump:
            dump.write(f"{outcome}\t{sentence.place.kind}\t{sentence.text}\t")
            dump.write(f"{sentence.place.code}\t{got}\n")
    if dump:
        dump.close()

    def line(label: str, counts: Counter[str]) -> str:
        n = sum(counts.values()) or 1
        cells = " ".join(f"{o}={counts[o]}" for o in OUTCOMES)
        return f"{label[:52]:52} {counts['right'] / n:6.1%} of {n:5}  {cells}"

    for kind in KINDS:
        print(line(f"alone: {kind}", alone[kind]))
    total: Counter[str] = Counter()
    for kind in KINDS:
        total.update(by_kind[kind])
        print(line(f"in sentences: {kind}", by_kind[kind]))
    print(line("in sentences: all", total))
    for frame in FRAMES:
        print(line(frame, by_frame[frame]))
    for kind, lines in sorted(failures.items()):
        for text in lines[: args.failures]:
            print(f"{kind} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
