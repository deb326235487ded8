"""How West Sumatra's place names are written in Minangkabau and in Indonesian.

Owns the spelling pairs of the two languages for the ends of words, so that a name typed
in one spelling finds the region Kemendagri writes in the other. Kemendagri mixes both in
Sumatera Barat: "Kec. Candung" beside "Kec. Lubuak Aluang" and "Kec. Gunuang Omeh";
people write "canduang" for the first and "lubuk alung" for the second, and news writes
"Guguak Bulek" for Kel. Campago Guguk Bulek (session 32). Used by
bot/routing/place_index.py `region_keys` for the regions of province 13 only: elsewhere
"tanjuang" is nobody's spelling, and the pairs would only make namesakes.
"""

from __future__ import annotations

MINANG_PROVINCE = "13"

# Ends of an Indonesian word and of its Minangkabau spelling: lubuk/lubuak, candung/
# canduang, bukit/bukik, pasir/pasia. Only ends a place name of Sumatera Barat shows in
# both spellings; the vowel changes (empat/ampek, lima/limo) make other words, not
# other spellings of one name.
_INDONESIAN_TO_MINANG = (("uk", "uak"), ("ung", "uang"), ("it", "ik"), ("ir", "ia"))
_MINANG_TO_INDONESIAN = (("uak", "uk"), ("uang", "ung"))


def _respelt(word: str, pairs: tuple[tuple[str, str], ...]) -> str:
    if len(word) < 4:
        return word
    for end, other in pairs:
        if word.endswith(end) and not word.endswith(other):
            return word[: -len(end)] + other
    return word


def minang_variants(key: str) -> list[str]:
    """The other spellings of a normalised name `key` of Sumatera Barat: "candung" ->
    ["canduang"], "lubuak aluang" -> ["lubuk alung"], "guguk bulek" -> ["guguak bulek"];
    [] when no word has an end of the pairs."""
    words = key.split()
    variants = []
    for pairs in (_INDONESIAN_TO_MINANG, _MINANG_TO_INDONESIAN):
        other = " ".join(_respelt(w, pairs) for w in words)
        if other != key and other not in variants:
            variants.append(other)
    return variants
