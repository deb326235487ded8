"""A building's own name and the area it stands in: which name of a text says where.

Owns: the words that make a name a building's own name, and the reading of a text naming
a building and an area (session 42, issue 14). Citizens name a shop, school, market,
church or factory no table holds as "<kind> <its own name> <area>" ("pasar rawa kalong
tambun", "pabrik semen gresik kerek", "toko grosir sinar aron desa uteun geulanggang"), or
the area first and a comma ("tanjung priok, toko sinar jaya"). The building's own name is
often a place's name of somewhere else (the owner's home town, a company, a person, a
kampung named like a village elsewhere); the area is what the citizen added to say where.
When the two lie apart, the area is the place. Used by `Router._the_area_of_a_building`.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Kinds of building that carry a name of their own, chosen by an owner, a company or a
# parish: after one, the next name is the building's, whatever place bears it too.
# Not road words (a street named after a town runs anywhere: street rules' business),
# not level or hamlet words (they introduce the area itself), not nature (a beach or a
# waterfall is named after where it is). Dishes too: a stall is named after where its
# dish comes from ("warung padang", "soto lamongan", "bakso solo", "sate madura"), and
# stands anywhere.
BUILDING_KINDS = _words(
    """pasar psr toko tk kios warung warkop kedai kafe cafe resto restoran depot bengkel
    salon apotek apotik klinik rs rsia rsu spbu pom atm bank
    masjid mesjid musala mushola musholla langgar surau gereja pura vihara klenteng
    sekolah sd sdn smp smpn sma sman smk smkn mts mtsn pesantren ponpes ruko gudang
    pabrik perumahan perum komplek kompleks kantor hotel penginapan losmen wisma gedung
    indomaret alfamart alfamidi minimarket swalayan supermarket mall mal plaza dealer
    showroom rm warteg lesehan angkringan soto bakso sate pecel nasi mie martabak pempek
    coto gudeg"""
)
# Words that may stand between a kind and its building's name: numbers ("smpn 10"),
# ranks and sorts ("sd negeri 2", "toko grosir", "atm bri"), brand initials of the banks
# whose ATMs people name ("atm bri"). Anything else parts the kind from the name.
BETWEEN_KIND_AND_NAME = _words(
    """negeri swasta inpres grosir emas besar agung raya jami bri bni bca btn mandiri bsi
    katolik kristen protestan hkbp gpib gbi gkj gki gke gmim"""
)
# Kinds named after the kecamatan or kab/kota they serve ("pasar cibinong", "smpn 1
# cibinong"), and petrol stations, known by where they stand ("spbu porsea"): a
# kecamatan's name after one is the building's place, not someone's name.
PLACE_NAMED = _words("pasar psr sekolah sd sdn smp smpn sma sman smk smkn mts mtsn kantor spbu")
# How far a building's name may start after its kind word.
NAME_REACH = 3


def building_name_at(words: list[str], start: int) -> int | None:
    """The index of the kind word whose building a name starting at `start` names
    ("pasar rawa kalong": 0 for "rawa kalong" at 1; "smpn 10 desa ...": none for the
    name after "desa"), None when the name is no building's."""
    for at in range(start - 1, max(-1, start - 1 - NAME_REACH), -1):
        word = words[at]
        if word in BUILDING_KINDS:
            return at
        if not (word.isdigit() or word in BETWEEN_KIND_AND_NAME):
            return None
    return None
