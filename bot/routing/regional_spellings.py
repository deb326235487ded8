"""How West Sumatra's place names are written in Minangkabau and in Indonesian, and
Toraja's villages without their kecamatan's name.

Owns the spelling pairs of the two languages, so that a name typed in one spelling finds
the region Kemendagri writes in the other. Kemendagri mixes both in Sumatera Barat: "Kec.
Candung" beside "Kec. Lubuak Aluang" and "Kec. Gunuang Omeh", "Kel. Aie Pacah" beside
"Air Dingin", "Kamang Hilia" beside "Sungai Pua"; people write "canduang" for the first,
"lubuk alung" for the second, "air pacah" and "kamang hilir" (session 35), and news writes
"Guguak Bulek" for Kel. Campago Guguk Bulek (session 32). Used by
bot/routing/place_index.py `region_keys` for the regions of province 13 only: elsewhere
"tanjuang" is nobody's spelling, and the pairs would only make namesakes.

Every pair is one the tree itself shows, in names of province 13, both ways (session 35,
`tests/routing/regional_forms.py --pairs` counts them): uak/uk (guguak, lubuak, sintuak,
taluak), uang/ung (aluang, batuang, canduang, gunuang, kampuang, pancuang, payuang,
pungguang, tanjuang), ik/it (bukik, parik), ia/ir (hilia, pasia), uah/uh (baruah,
batipuah, kapuah, labuah, pauah), uik/ut (puruik), iak/ik (mudiak, sariak), and the
words aie/aia/air (water: 13, 15 and 24 names) and aua/aur (bamboo: 18 and 15 names).
The vowel changes (empat/ampek, lima/limo, koto/kota) make other words, not other
spellings of one name, and "koto" is also the level word "kota".
"""

from __future__ import annotations

from itertools import product

MINANG_PROVINCE = "13"

# Ends of a Minangkabau word and of its Indonesian spelling, longest first: a word
# takes the first end it has. Applied both ways (`_respellings`).
_MINANG_ENDS = (
    ("uang", "ung"),
    ("uak", "uk"),
    ("uah", "uh"),
    ("uik", "ut"),
    ("iak", "ik"),
    ("ik", "it"),
    ("ia", "ir"),
)
# Whole words of both spellings.
_MINANG_WORDS: dict[str, tuple[str, ...]] = {
    "aie": ("air", "aia"),
    "aia": ("air", "aie"),
    "air": ("aie", "aia"),
    "aua": ("aur",),
    "aur": ("aua",),
}
# A short word keeps its spelling: "ia" (he), "aik", "bit" are no Minang ends of a name
_SHORTEST = 4
# Names of many words would make many keys: a citizen respells a few words at most
MAX_VARIANTS = 8


def _respellings(word: str) -> list[str]:
    """The other spellings of one word: "bukik" -> ["bukit"], "bukit" -> ["bukik"],
    "aie" -> ["air", "aia"], "padang" -> []."""
    if word in _MINANG_WORDS:
        return list(_MINANG_WORDS[word])
    if len(word) < _SHORTEST:
        return []
    found = []
    for minang, indonesian in _MINANG_ENDS:
        if word.endswith(minang):
            found.append(word[: -len(minang)] + indonesian)
            break
    for minang, indonesian in _MINANG_ENDS:
        # "mudik" -> "mudiak" (not "mudit"): the longer Minang end of an Indonesian one
        if word.endswith(indonesian) and not word.endswith(minang):
            found.append(word[: -len(indonesian)] + minang)
            break
    return found


def minang_variants(key: str) -> list[str]:
    """The other spellings of a normalised name `key` of Sumatera Barat: "candung" ->
    ["canduang"], "lubuak aluang" -> ["lubuk aluang", "lubuak alung", "lubuk alung"],
    "aie pacah" -> ["air pacah", "aia pacah"], "kamang hilia" -> ["kamang hilir"]; []
    when no word has a pair. At most MAX_VARIANTS, those changing fewest words first."""
    options = [[w, *_respellings(w)] for w in key.split()]
    if all(len(o) == 1 for o in options):
        return []
    variants = sorted(
        (" ".join(words) for words in product(*options)),
        key=lambda v: sum(a != b for a, b in zip(v.split(), key.split(), strict=True)),
    )
    return [v for v in variants if v != key][:MAX_VARIANTS]


# Toraja's lembang are named after their kecamatan and a name of their own ("Sa'dan Liku
# Lambe'", "Sa'dan Ballo Pasange'" of Kec. Sa'dan); people write the own name alone
# ("lembang likulambe sadan", session 35). Toraja Utara holds 15 such names; elsewhere a
# district's name before a village's is mostly a direction ("Selatan") or a stem.
TORAJA_REGENCIES = ("73.18", "73.26")


def without_district_name(key: str, district_key: str) -> str | None:
    """The own name of a village named after its kecamatan ("sadan liku lambe" of Kec.
    Sa'dan -> "liku lambe"), or None when the village's name does not start so or the
    rest is shorter than five letters."""
    rest = key[len(district_key) + 1 :] if key.startswith(district_key + " ") else ""
    return rest if len(rest) >= 5 else None
