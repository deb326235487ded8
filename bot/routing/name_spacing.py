"""Names written with other spacing than the tables write them.

Owns: the reading that a name is the same name whatever its spacing (session 40, issue 14):

- `glued_short_forms`: a name of several words typed as one word with its first word in
  the short form addresses use ("seibeduk": Kec. Sei Beduk of Batam, keyed "sungai beduk";
  "tgbalai", "kpmelayu"). The glued full form ("sungaiapit") is keyed by
  `place_index.region_keys` already, and the spaced short form ("sei beduk") is expanded
  by `place_words.normalise`; only the glued short form was lost.
- `joined_pair_forms`: a landmark's one-word name typed in two parts after its kind
  ("air terjun jambu ara": Air Terjun Jambuara of Kab. Karo, not Kec. Jambu of Semarang).
  Only after a kind word (the kind says a name follows; two bare words joined are too
  often another place's name or a sentence's words), only names of at least
  MIN_JOINED_LETTERS letters, and never when the two words as written are a name.

Region names written apart ("bojong gede": Kec. Bojonggede) are read by the gazetteer's
`_lookup` itself (whole spans of up to three words joined).
"""

from __future__ import annotations

from collections.abc import Collection, Container, Iterator, Mapping

from bot.routing.place_words import FILLERS, GENERIC, MARKERS, WORD_EXPANSIONS

# The first words of names whose short forms people glue to the rest ("seibeduk",
# "tgpinang", "kpmelayu", "psrminggu", "pdgede"): every short form WORD_EXPANSIONS
# expands into one of them.
GLUED_HEADS = frozenset({"sungai", "tanjung", "kampung", "pasar", "pondok", "bandar"})
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    head: tuple(sorted(short for short, full in WORD_EXPANSIONS.items() if full == head))
    for head in sorted(GLUED_HEADS)
}
# A name's rest shorter than this glued to a short form reads as a chat word ("sein").
MIN_REST_LETTERS = 3
# Two typed parts joined into a landmark's name: at least this long (the probe's split
# forms; shorter joined pairs are too often two words of a story: "ke kota" / "kekota").
MIN_JOINED_LETTERS = 8


def glued_short_forms(key: str) -> list[str]:
    """ "sungai beduk" -> ["seibeduk"]; "tanjung balai" -> ["tgbalai", "tjbalai",
    "tjgbalai"]: the name glued into one word after each short form of its first word."""
    head, _, rest = key.partition(" ")
    if head not in SHORT_FORMS or not rest:
        return []
    glued = rest.replace(" ", "")
    if len(glued) < MIN_REST_LETTERS or not glued.isalpha():
        return []
    return [short + glued for short in SHORT_FORMS[head]]


def joined_pair_forms(
    span: list[str],
    names: Container[str],
    regions: Mapping[str, object],
    kinds: Container[str] = GENERIC,
    kind_phrases: Collection[str] = (),
) -> Iterator[str]:
    """The keys of `span` with two neighbouring words of its name joined, for a span
    that starts with a kind word (`kinds`, or a two-word kind of `kind_phrases`: "air
    terjun jambu ara" -> "air terjun jambuara"), when the joined word is long enough and
    the two words as written name nothing (neither a region nor a landmark: "kali
    banteng" stays apart where it is a name)."""
    kind = 2 if " ".join(span[:2]) in kind_phrases else 0
    while kind < len(span) and (span[kind] in GENERIC or span[kind] in kinds):
        kind += 1
    if kind == 0 or len(span) - kind < 2:
        return
    for i in range(kind, len(span) - 1):
        a, b = span[i], span[i + 1]
        if not (a.isalpha() and b.isalpha()) or len(a) + len(b) < MIN_JOINED_LETTERS:
            continue
        if a in FILLERS or b in FILLERS or a in MARKERS or b in MARKERS or b in GENERIC:
            continue
        pair = f"{a} {b}"
        if pair in regions or pair in names:
            continue
        yield " ".join([*span[:i], a + b, *span[i + 2 :]])
