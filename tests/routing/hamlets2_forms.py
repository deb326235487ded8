"""The regions' hamlet and village words probe (session 42, issue 14).

Owns: generating, from the Kemendagri tree, a hamlet named like a place elsewhere inside a
real village, in every region's own words for the hamlet and for the village: "<hamlet
word> <X> <village word> <V>" and, where V's name is shared by kab/kota of different
units, "<hamlet word> <X> <village word> <V> <D>" with D the kecamatan that holds one V
only (written bare, as citizens add it: "desa mulyorejo silo", or after "kec" when it
bears V's own name). X is the name of a
village, a kecamatan or a kab/kota of ANOTHER kab/kota (by a hash of V's code), since
hamlets are so often named like places elsewhere; V is chosen by hash among the villages
of the word's region. Where the form may lie: the kab/kota holding V (in D, in the word's
region). Scored as `tests/routing/hamlet_forms.py` `score` does, and counted as

- `right`: V's kab/kota and its serving unit;
- `guessed`: another kab/kota answered (the hamlet's name read as the place, mostly);
- `asked`: buttons offered although V (with D) settles it;
- `lost`: nothing found, refused or "outside Indonesia".

The words and where they are used, as public pages read for this probe say (the search
tool's pages corpus, session 42):
- jorong: the parts of a nagari, headed by a wali jorong (text-id.123dok.com, "Jorong
  Pemerintahan Nagari"); korong: the same in Padang Pariaman ("Korong Kampuang Bendang,
  Nagari Sungai Sariak, Kecamatan VII Koto", harianhaluan.id);
- nagori and huta: Simalungun's village ("desa disebut dengan Nagori", inovasi.web.id)
  and its hamlet ("warga Huta II Nagori Manik Maraja Kecamatan Sidamanik", kompasiana);
- sosor, huta, lumban: the hamlets (dusun) of a Humbang Hasundutan desa (id.wikipedia,
  Huta Gurgur, Dolok Sanggul);
- banjar (dinas, adat): Bali's part of a desa or kelurahan (id.wikipedia, Banjar (Bali));
  the desa adat (desa pakraman) beside the desa dinas (staff.blog.ui.ac.id, "Sistem
  pemerintahan Bali");
- tiyuh: the desa of Tulang Bawang Barat ("Tiyuh (Desa) Gedung Ratu", lensalampung.com);
  pekon: the desa of Pringsewu ("Dua pekon (desa) di Pringsewu", radarlampung);
- lembang: the desa of Tana Toraja ("Lembang (Desa) Tapparan Utara", semangatkarya.com)
  and of Toraja Utara (Lembang Tallung Penanian, divided into five dusun);
- ohoi: the desa of the Kei islands ("ohoi (desa)", wwf.id); negeri: the village of
  Maluku Tengah under a raja (id.wikipedia, Negeri (Maluku Tengah));
- kampung: the village of Papua under the distrik (tempo.co; jv.wikipedia, Kampung
  (Papua)); gampong: Aceh's smallest unit, headed by a keuchik (sultansinindonesieblog);
- padukuhan, kalurahan, kapanewon: Yogyakarta's hamlet, desa and kecamatan since 2020
  (yogyakarta.kompas.com; patmamedia.com for padukuhan within a kalurahan).

Run it (a minute or two): `python -m tests.routing.hamlets2_forms [--per-frame N]
[--failures N] [--only FRAME] [--dump FILE]`.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bot.routing.place_words import name_key
from bot.routing.regions import RegionTree, bare_regency_name
from bot.routing.resolver import Router
from tests.routing.hamlet_forms import Form, Villages, _h, _plain

PAPUA = ("91", "92", "94", "95", "96", "97")


@dataclass(frozen=True, slots=True)
class Frame:
    hamlet: str  # the hamlet's word(s), a number after it when wanted ("huta ii")
    village: str  # the village's word(s) ("desa adat")
    region: tuple[str, ...]  # code prefixes where V is drawn from; () anywhere
    kelurahan: bool = False  # V a kelurahan (codes 1xxx)
    district: str = ""  # the kecamatan's word before D ("kapanewon"), or bare

    @property
    def name(self) -> str:
        return " ".join(w for w in (self.hamlet, "X", self.village, "V") if w)


FRAMES = (
    Frame("dusun", "desa", ()),
    Frame("dusun ii", "desa", ()),
    Frame("dukuh", "desa", ("33",)),
    Frame("lingkungan", "kelurahan", (), kelurahan=True),
    Frame("lingkungan", "kelurahan", ("73", "52"), kelurahan=True),  # Sulsel, NTB
    Frame("lorong", "kelurahan", (), kelurahan=True),
    Frame("kampung", "desa", ("32", "36")),  # Jawa Barat, Banten
    Frame("kp", "", ("32", "33", "36")),  # the kampung of Java before its village, bare
    Frame("jorong", "nagari", ("13",)),
    Frame("korong", "nagari", ("13.05",)),  # Padang Pariaman
    Frame("banjar", "desa", ("51",)),
    Frame("banjar", "desa adat", ("51",)),
    Frame("huta", "nagori", ("12.08",)),  # Simalungun
    Frame("huta ii", "nagori", ("12.08",)),
    Frame("sosor", "desa", ("12.02", "12.12", "12.16")),  # Tapanuli Utara, Toba, Humbahas
    Frame("dusun", "gampong", ("11",)),
    Frame("dusun", "pekon", ("18.10", "18.06", "18.04", "18.13")),  # Pringsewu, Tanggamus...
    Frame("dusun", "tiyuh", ("18.12",)),
    Frame("dusun", "lembang", ("73.18", "73.26")),
    Frame("dusun", "ohoi", ("81.02", "81.72")),
    Frame("dusun", "negeri", ("81.01", "81.71")),  # Maluku Tengah, Ambon
    Frame("dusun", "kampung", (*PAPUA, "64.03", "14.08")),  # Papua, Berau, Siak
    Frame("padukuhan", "kalurahan", ("34",), district="kapanewon"),
)
KINDS = ("unique", "shared")
OUTCOMES = ("right", "guessed", "asked", "lost")


class Names:
    """The tree's names X may take: villages, kecamatan and kab/kota, with their kab/kota."""

    def __init__(self, tree: RegionTree, villages: Villages) -> None:
        self.villages = villages
        self.districts: list[tuple[str, str]] = sorted(
            (name_key(n), c) for c, n in tree.items(3) if _plain(name_key(n))
        )
        self.regencies: list[tuple[str, str]] = sorted(
            (name_key(bare_regency_name(n)), c) for c, n in tree.items(2)
        )
        # every kab/kota holding a village, kecamatan or kab/kota of a name
        self.where: dict[str, set[str]] = defaultdict(set)
        for key, codes in villages.by_key.items():
            self.where[key].update(c[:5] for c in codes)
        for key, code in (*self.districts, *self.regencies):
            self.where[key].add(code[:5])

    def elsewhere(self, code: str, salt: str) -> str:
        """A name (of a village, kecamatan or kab/kota by hash) that lies in no place of
        V's kab/kota."""
        kind = _h(code + salt) % 3
        for k in range(30):
            pick = _h(f"{code}{salt}{k}")
            if kind == 0:
                key = self.villages.names[pick % len(self.villages.names)]
            elif kind == 1:
                key = self.districts[pick % len(self.districts)][0]
            else:
                key = self.regencies[pick % len(self.regencies)][0]
            if code[:5] not in self.where[key]:
                return key
        return self.villages.hamlet_name(code, salt)


def _in(code: str, region: tuple[str, ...]) -> bool:
    return not region or code.startswith(region)


def generate(tree: RegionTree, per_frame: int = 40) -> Iterator[Form]:
    """`per_frame` unique and `per_frame` shared villages of each frame's region."""
    villages = Villages(tree)
    names = Names(tree, villages)
    district_of = {c: name_key(n) for c, n in tree.items(3)}
    # villages of a name in each kecamatan name: D settles V when it holds one only
    in_district: Counter[tuple[str, str]] = Counter(
        (key, district_of.get(code[:8], "")) for code, key in villages.key_of.items()
    )
    for frame in FRAMES:
        pool = [
            c
            for c, key in villages.key_of.items()
            if _in(c, frame.region)
            and _plain(key)
            and (not frame.kelurahan or c[9] == "1")
            and len(district_of.get(c[:8], "").split()) <= 3
        ]
        pool.sort(key=lambda c: _h(c + frame.name))
        for kind in KINDS:
            picked = 0
            for code in pool:
                key = villages.key_of[code]
                regencies = {c[:5] for c in villages.by_key[key]}
                district = district_of[code[:8]]
                if kind == "unique" and len(regencies) != 1:
                    continue
                if kind == "shared" and (len(regencies) < 2 or in_district[(key, district)] != 1):
                    continue
                x = names.elsewhere(code, frame.name + kind)
                text = " ".join(w for w in (frame.hamlet, x, frame.village, key) if w)
                if kind == "shared":
                    # a kecamatan named as its village is written with its word: "desa
                    # selat selat" reads as a doubled word (a plural), "desa selat kec
                    # selat" as two places
                    word = frame.district or ("kec" if district == key else "")
                    text += f" {word} {district}" if word else f" {district}"
                holders = villages.holders(key, district if kind == "shared" else "", frame.region)
                yield Form(text, f"{frame.name} [{kind}]", code, holders)
                picked += 1
                if picked >= per_frame:
                    break


def score(router: Router, form: Form) -> tuple[str, str]:
    """(outcome, what the resolver said) for one form: every form has one answer, V's
    kab/kota with the unit serving V's kecamatan (V settled by its name, its region or
    D), so an answer elsewhere or by another unit is a guess."""
    result = router.resolve_text(form.text)
    got = f"{result.status} {result.chosen.code if result.chosen else ''} {result.reason}"
    if result.status == "ambiguous":
        return "asked", got
    if result.status != "ok" or result.chosen is None or len(result.chosen.code) < 5:
        return "lost", got
    chosen = result.chosen.code
    if not form.code.startswith(chosen) and chosen[:5] != form.code[:5]:
        return "guessed", got
    if form.code.startswith(chosen):
        return "right", got  # V itself, its kecamatan or its kab/kota
    wanted = router.table.polres_for(form.code[:8])
    try:
        served = router.unit_for(result.chosen, "polres").id
    except ValueError:
        served = None
    return ("right" if wanted and served == wanted.id else "guessed"), got


def main(argv: list[str] | None = None) -> int:
    from bot.routing.resolver import TABLE_PATH, load_gazetteer
    from bot.routing.table import load_table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-frame", type=int, default=40)
    parser.add_argument("--failures", type=int, default=0, help="print N failures per frame")
    parser.add_argument("--only", default="", help="only frames whose name contains this")
    parser.add_argument("--dump", default="", help="write every form's outcome to this file")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(None)
    router = Router(gazetteer, load_table(TABLE_PATH, gazetteer.tree))
    totals: Counter[str] = Counter()
    by_frame: dict[str, Counter[str]] = defaultdict(Counter)
    failures: dict[str, list[str]] = defaultdict(list)
    dump = open(args.dump, "w") if args.dump else None  # noqa: SIM115
    for form in generate(gazetteer.tree, args.per_frame):
        if args.only and args.only not in form.form:
            continue
        counted, got = score(router, form)
        totals[counted] += 1
        by_frame[form.form][counted] += 1
        if counted != "right":
            failures[form.form].append(f"{counted}: {form.text!r} [{form.code}] -> {got}")
        if dump:
            dump.write(f"{counted}\t{form.form}\t{form.text}\t{form.code}\t{got}\n")
    if dump:
        dump.close()

    def line(label: str, counts: Counter[str]) -> str:
        n = sum(counts.values()) or 1
        cells = " ".join(f"{o}={counts[o]:3}" for o in OUTCOMES)
        return f"{label:44} {counts['right'] / n:6.1%} of {n:4}  {cells}"

    print(line("all", totals))
    for name, counts in by_frame.items():
        print(line(name, counts))
    for name, lines in failures.items():
        for text in lines[: args.failures]:
            print(f"{name}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
