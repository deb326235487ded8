"""How citizens write, brought to the Indonesian the articles are written in (search.terms).

Questions to a Polres account come in chat spelling ("hrs", "blm", "dpt", "ilang"), with
Jakarta's colloquial affixes ("ngurus", "laporin", "dilecehin"), in regional words
(Javanese "kulo badhe damel", Sundanese "kumaha carana", Palembang "izinnyo ke mano",
Ambon and Papuan "beta pung oto", "sa", "su"), or in English ("lost my passport"). The
stemmer knows none of these, and typo tolerance turns them into wrong words ("pake" ->
"fake", "sabtu" -> "sabu"). Three steps, applied the same way to the articles' text and
to the question, so both sides meet:

1. `LEXICON`: a word -> its standard form (or several words, or nothing for pure
   fillers). Chat abbreviations and colloquial Jakarta forms, regional words common in
   messages to police accounts, and English content words -> the Indonesian word the
   articles use (so an English question meets Indonesian keywords). A plural or past
   English form ("fines", "reported") is looked up without its ending.
2. `colloquial_root`: a word the stemmer cannot reduce is tried without colloquial affixes
   (prefixes nge-/ng-/ny-/n- as in "ngecek", "nanya", "nyari"; suffix -in as in
   "laporin", "dirahasiain"; dialect -nyo and Javanese -e/-ne) and kept in that form only
   when it is a root word of PySastrawi's dictionary.
3. `is_word`: a root of that dictionary (about 30,000 words) is a real word, not a typo:
   typo tolerance leaves it alone ("sabtu" stays "sabtu", it is not "sabu").

Reduplication written with a 2 ("anak2", "balik2") is read as the word once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Cache.ArrayCache import ArrayCache
from Sastrawi.Stemmer.CachedStemmer import CachedStemmer
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

# PySastrawi's root words, held once: its stemmer looks them up and so does is_word (the
# stemmer as StemmerFactory.create_stemmer makes it; a second copy of the 30,000 words
# for is_word took ~3.7 MB of the bot's memory, bench/README.md).
_DICTIONARY = ArrayDictionary(StemmerFactory().get_words())
_STEMMER = CachedStemmer(ArrayCache(), Stemmer(_DICTIONARY))
_REDUPLICATION = re.compile(r"\b([a-z]{2,})2\b")


def _table(*blocks: str) -> dict[str, str]:
    """`word=replacement` pairs, whitespace separated; `_` stands for a space and an
    empty replacement drops the word."""
    table: dict[str, str] = {}
    for block in blocks:
        for pair in block.split():
            word, _sep, replacement = pair.partition("=")
            table[word] = replacement.replace("_", " ")
    return table


# Chat abbreviations and colloquial Jakarta forms (Betawi-influenced "gaul" Indonesian).
CHAT = _table(
    """
    hrs=harus hrus=harus kudu=harus blm=belum blom=belom belom=belum udh=sudah udah=sudah
    dah=sudah sdh=sudah dpt=dapat dapet=dapat dtg=datang dateng=datang brp=berapa
    dmn=dimana dimn=dimana skrg=sekarang skrang=sekarang jg=juga jga=juga tp=tapi tpi=tapi
    sm=sama ama=sama lgsg=langsung langsng=langsung ato=atau atw=atau pake=pakai pk=pakai
    kemaren=kemarin kmrn=kemarin kmarin=kemarin deket=dekat dkt=dekat cepet=cepat
    ilang=hilang ilangin=hilang nyari=cari liat=lihat tau=tahu emang=memang knp=kenapa
    krn=karena karna=karena bgt=banget org=orang tdk=tidak gak= ga= gk=
    nggak= ngga= enggak= engga= kagak= g= lg=lagi msh=masih
    td= tadi= bs=bisa bsa=bisa sy=saya gue=saya gw=saya aku=saya nomer=nomor nmr=nomor
    tlp=telepon telp=telepon telpon=telepon nelpon=telepon ditelpon=telepon
    kapolres=kepala_polres kapolsek=kepala_polsek kapolda=kepala_polda kapolri=kepala_polri
    kapolresta=kepala_polres
    ortu=orang_tua almt=alamat alamt=alamat mlm=malam malem=malam pagi2=pagi
    dlu=dulu sblm=sebelum sblum=sebelum stlh=setelah abis=habis abs=habis trus=terus ttg=tentang
    gimana= gmn= gmna= gimn= gmana= gitu= bgmn= bagaimanakah= caranya= carana=
    gak2= dong= deh= sih= kok= loh= lho= nih= tuh= kan= kah= yah= ya= yaa= min= mimin=
    kak= ka= bang= bro= sis= gan= om= tante=
    """
)
# Regional words often written to police accounts, -> standard Indonesian.
REGIONAL = _table(
    # Javanese (ngoko and krama).
    """
    kulo= kula= aku= ingsun= badhe=mau arep=mau pengen=mau damel=buat nggawe=buat gawe=buat
    kangge=untuk kanggo=untuk napa=apa nopo=apa opo=apa mawon=saja wae=saja nggih= ya=
    ning=di teng=di ten=di wonten=ada ana=ada pora=tidak ora=tidak mboten=tidak boten=tidak
    sampun=sudah wes=sudah wis=sudah uwis=sudah dereng=belum durung=belum pundi=mana
    endi=mana dugi=sampai sade=jual adol=jual kedah=harus mundhak=naik akeh=banyak
    iki=ini kuwi=itu niki=ini niku=itu piye=bagaimana pripun=bagaimana kepiye=bagaimana
    omah=rumah griya=rumah bocah=anak lare=anak riyoyo=lebaran bodo=lebaran lur= rek=
    dulur= mas= mbak= mbok= pak= nggeh= monggo= matur= nuwun= ilang=hilang
    """,
    # Sundanese.
    """
    kumaha= supados=supaya artos=uang artosna=uang tiasa=bisa uih=kembali
    deui=lagi punten= bade=mau naros=tanya abdi= teu=tidak aya=ada kamari=kemarin
    hoyong=mau wios=boleh leungit=hilang kaleungitan=hilang upami= nyuwun= sewu=
    kelangan=hilang ical=hilang
    """,
    # Palembang and Malay dialects (Medan, Riau, Banjar).
    """
    nak=mau kito= mano=mana cemano=bagaimana caronyo= apo=apa dak=tidak idak=tidak
    awak= ulun= kada=tidak handak=mau
    """,
    # Ambon, Papuan and North Maluku Malay.
    """
    beta= sa= sy= pung=punya pu=punya seng=tidak sonde=tidak tra=tidak trada=tidak
    su=sudah oto=mobil de= ko= kaka= bapa= mace= pace= ade=keluarga
    """,
)
# Relatives other than parents and children: one word for the articles ("keluarga
# hilang"), so "kakek sy pikun pergi dari rumah" meets the missing-persons article.
FAMILY = _table(
    """
    kakek=keluarga nenek=keluarga eyang=keluarga mbah=keluarga cucu=keluarga
    keponakan=keluarga ponakan=keluarga sepupu=keluarga mertua=keluarga paman=keluarga
    bibi=keluarga adik=keluarga adek=keluarga
    """
)
# English content words -> the Indonesian the articles use (function words are fillers).
ENGLISH = _table(
    """
    lost=hilang lose=hilang missing=hilang stolen=curi steal=curi theft=curi
    robbed=rampok robbery=rampok pickpocket=copet snatched=jambret report=lapor
    complain=adu complaint=adu license=sim licence=sim driving= renew=panjang renewal=panjang
    expired=mati expire=mati fine=denda ticket=tilang penalty=denda permit=izin
    event=acara concert=konser wedding=nikah party=pesta protest=demo demonstration=demo
    scam=tipu scammed=tipu scammer=tipu fraud=tipu cheated=tipu account=rekening
    block=blokir freeze=blokir drug=narkoba rehabilitation=rehab addict=candu
    addiction=candu violence=keras abuse=keras abused=keras harassment=leceh harassed=leceh
    child=anak children=anak kid=anak son=anak daughter=anak woman=perempuan women=perempuan
    wife=istri husband=suami address=alamat open=buka opening=buka hours=jam
    bribe=suap extortion=pungli passport=paspor insurance=asuransi embassy=kedutaan
    consulate=kedutaan emergency=darurat ambulance=ambulans fire=bakar number=nomor
    phone=hp call=telepon vehicle=kendaraan car=mobil motorbike=motor motorcycle=motor
    scooter=motor registration=stnk tax=pajak progress=kembang case=kasus
    investigator=penyidik electricity=listrik bill=tagih land=tanah foreigner=asing
    foreign=asing self=diri person=orang people=orang father=ayah mother=ibu
    elderly=lansia fake=palsu real=asli message=pesan crowd=ramai
    station=kantor office=kantor officer=petugas cost=biaya fee=biaya price=biaya
    app=aplikasi application=aplikasi phishing=tipu hacked=bajak hack=bajak hijacked=bajak
    return=pulang returned=pulang
    """
)
LEXICON: dict[str, str] = {**ENGLISH, **FAMILY, **REGIONAL, **CHAT}
_ENGLISH_ENDINGS = ("s", "es", "ed", "d", "ing")


def is_word(word: str) -> bool:
    """A root word of Indonesian (PySastrawi's dictionary): not to be read as a typo."""
    return bool(_DICTIONARY.contains(word))


def standard(word: str) -> list[str]:
    """`word` in the articles' spelling: one word, several, or none (a filler)."""
    if word in LEXICON:
        return LEXICON[word].split()
    for ending in _ENGLISH_ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= 3 and base in ENGLISH:
            return ENGLISH[base].split()
    return [word]


def words(text: str, pattern: re.Pattern[str]) -> list[str]:
    """The words of `text` (lower case, reduplication read once) in standard spelling."""
    text = _REDUPLICATION.sub(r"\1", text.lower())
    return [w for raw in pattern.findall(text) for w in standard(raw)]


def _colloquial_forms(word: str) -> list[str]:
    """`word` without colloquial affixes, most likely first."""
    forms: list[str] = []
    bases = [word]
    if word.endswith("nyo"):
        bases.append(word[:-3])
    if word.endswith("in") and len(word) > 5:  # laporin, dirahasiain, diwakilin
        bases.append(word[:-2])
    if word.endswith("ne") and len(word) > 4:  # Javanese possessive: motore, STNK-ne
        bases.append(word[:-2])
    if word.endswith("e") and len(word) > 4:
        bases.append(word[:-1])
    for base in bases:
        forms.append(base)
        if base.startswith("di") and len(base) > 5:
            forms.append(base[2:])
        if base.startswith("penge") and base.endswith("an") and len(base) > 8:  # pengecekan
            forms.append(base[5:-2])
        if base.startswith("nge") and len(base) > 5:  # ngecek, ngelapor
            forms.append(base[3:])
        if base.startswith("ng") and len(base) > 4 and base[2] in "aeiou":  # ngurus, ngadu
            forms.append(base[2:])
            forms.append("k" + base[2:])  # ngirim -> kirim
        if base.startswith("ny") and len(base) > 4:  # nyari -> cari, nyabu -> sabu
            forms.append("c" + base[2:])
            forms.append("s" + base[2:])
        if base.startswith("n") and len(base) > 4 and base[1] in "aeiou":  # nanya, nunggu
            forms.append("t" + base[1:])
        if base.startswith("m") and len(base) > 4 and base[1] in "aeiou":  # minjem
            forms.append("p" + base[1:])
    return forms[1:]


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The root of `word`: PySastrawi's, or a colloquial form's root when PySastrawi's
    is no dictionary word ("ngurusnya" -> "urus", "dilecehin" -> "leceh")."""
    root = str(_STEMMER.stem(word)) or word
    if is_word(root) or not word.isalpha():
        return root
    for form in _colloquial_forms(word):
        candidate = str(_STEMMER.stem(form)) or form
        if is_word(candidate):
            return candidate
    return root
