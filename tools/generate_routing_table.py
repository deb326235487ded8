"""One-off generator of data/routing/units.csv from lokal's Kemendagri regions.

Run ONCE (python tools/generate_routing_table.py > data/routing/units.csv); from then on the
CSV is the human-edited source of truth and this script is only a record of how the first
version was derived. It is never imported at runtime.

Rules: one Polda per province (Polda Metro Jaya also takes the Depok/Bekasi/Tangerang buffer),
one Polres per regency/city named "Polres X" (a city with a same-named regency: "Polres X
Kota"), with the Polresta/Polrestabes/Metro names below taken from general knowledge, a few
regencies served by a neighbouring Polres, and district-level overrides for port units.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.routing.regions import RegionTree, bare_regency_name

# province code -> (polda id, polda name, time zone)
POLDA: dict[str, tuple[str, str, str]] = {
    "11": ("polda-aceh", "Polda Aceh", "Asia/Jakarta"),
    "12": ("polda-sumut", "Polda Sumatera Utara", "Asia/Jakarta"),
    "13": ("polda-sumbar", "Polda Sumatera Barat", "Asia/Jakarta"),
    "14": ("polda-riau", "Polda Riau", "Asia/Jakarta"),
    "15": ("polda-jambi", "Polda Jambi", "Asia/Jakarta"),
    "16": ("polda-sumsel", "Polda Sumatera Selatan", "Asia/Jakarta"),
    "17": ("polda-bengkulu", "Polda Bengkulu", "Asia/Jakarta"),
    "18": ("polda-lampung", "Polda Lampung", "Asia/Jakarta"),
    "19": ("polda-babel", "Polda Kepulauan Bangka Belitung", "Asia/Jakarta"),
    "21": ("polda-kepri", "Polda Kepulauan Riau", "Asia/Jakarta"),
    "31": ("polda-metro-jaya", "Polda Metro Jaya", "Asia/Jakarta"),
    "32": ("polda-jabar", "Polda Jawa Barat", "Asia/Jakarta"),
    "33": ("polda-jateng", "Polda Jawa Tengah", "Asia/Jakarta"),
    "34": ("polda-diy", "Polda Daerah Istimewa Yogyakarta", "Asia/Jakarta"),
    "35": ("polda-jatim", "Polda Jawa Timur", "Asia/Jakarta"),
    "36": ("polda-banten", "Polda Banten", "Asia/Jakarta"),
    "51": ("polda-bali", "Polda Bali", "Asia/Makassar"),
    "52": ("polda-ntb", "Polda Nusa Tenggara Barat", "Asia/Makassar"),
    "53": ("polda-ntt", "Polda Nusa Tenggara Timur", "Asia/Makassar"),
    "61": ("polda-kalbar", "Polda Kalimantan Barat", "Asia/Jakarta"),
    "62": ("polda-kalteng", "Polda Kalimantan Tengah", "Asia/Jakarta"),
    "63": ("polda-kalsel", "Polda Kalimantan Selatan", "Asia/Makassar"),
    "64": ("polda-kaltim", "Polda Kalimantan Timur", "Asia/Makassar"),
    "65": ("polda-kaltara", "Polda Kalimantan Utara", "Asia/Makassar"),
    "71": ("polda-sulut", "Polda Sulawesi Utara", "Asia/Makassar"),
    "72": ("polda-sulteng", "Polda Sulawesi Tengah", "Asia/Makassar"),
    "73": ("polda-sulsel", "Polda Sulawesi Selatan", "Asia/Makassar"),
    "74": ("polda-sultra", "Polda Sulawesi Tenggara", "Asia/Makassar"),
    "75": ("polda-gorontalo", "Polda Gorontalo", "Asia/Makassar"),
    "76": ("polda-sulbar", "Polda Sulawesi Barat", "Asia/Makassar"),
    "81": ("polda-maluku", "Polda Maluku", "Asia/Jayapura"),
    "82": ("polda-malut", "Polda Maluku Utara", "Asia/Jayapura"),
    "91": ("polda-papua", "Polda Papua", "Asia/Jayapura"),
    "92": ("polda-papua-barat", "Polda Papua Barat", "Asia/Jayapura"),
}
# Provinces created in 2022 without a Polda of their own (at the time of writing): the parent.
NEW_PROVINCE_PARENT = {"93": "91", "94": "91", "95": "91", "96": "92"}
PROVINCE_TZ = {
    "93": "Asia/Jayapura",
    "94": "Asia/Jayapura",
    "95": "Asia/Jayapura",
    "96": "Asia/Jayapura",
}

# Regencies/cities in Polda Metro Jaya's jurisdiction outside DKI Jakarta.
METRO_BUFFER = ["32.75", "32.16", "32.76", "36.71", "36.03", "36.74"]

# Official names that differ from the "Polres X" rule (regency code -> name).
NAMES: dict[str, str] = {
    # Polrestabes
    "12.71": "Polrestabes Medan",
    "35.78": "Polrestabes Surabaya",
    "33.74": "Polrestabes Semarang",
    "32.73": "Polrestabes Bandung",
    "73.71": "Polrestabes Makassar",
    "16.71": "Polrestabes Palembang",
    # Polda Metro Jaya
    "31.01": "Polres Kepulauan Seribu",
    "31.71": "Polres Metro Jakarta Pusat",
    "31.72": "Polres Metro Jakarta Utara",
    "31.73": "Polres Metro Jakarta Barat",
    "31.74": "Polres Metro Jakarta Selatan",
    "31.75": "Polres Metro Jakarta Timur",
    "32.75": "Polres Metro Bekasi Kota",
    "32.16": "Polres Metro Bekasi",
    "32.76": "Polres Metro Depok",
    "36.71": "Polres Metro Tangerang Kota",
    "36.03": "Polresta Tangerang",
    "36.74": "Polres Tangerang Selatan",
    # Polresta
    "11.71": "Polresta Banda Aceh",
    "12.07": "Polresta Deli Serdang",
    "13.71": "Polresta Padang",
    "14.71": "Polresta Pekanbaru",
    "15.71": "Polresta Jambi",
    "17.71": "Polresta Bengkulu",
    "18.71": "Polresta Bandar Lampung",
    "19.71": "Polresta Pangkalpinang",
    "21.71": "Polresta Barelang",
    "21.72": "Polresta Tanjungpinang",
    "32.71": "Polresta Bogor Kota",
    "32.04": "Polresta Bandung",
    "32.09": "Polresta Cirebon",
    "32.74": "Polres Cirebon Kota",
    "33.72": "Polresta Surakarta",
    "33.02": "Polresta Banyumas",
    "33.01": "Polresta Cilacap",
    "33.18": "Polresta Pati",
    "33.08": "Polresta Magelang",
    "33.71": "Polres Magelang Kota",
    "34.71": "Polresta Yogyakarta",
    "34.04": "Polresta Sleman",
    "35.73": "Polresta Malang Kota",
    "35.15": "Polresta Sidoarjo",
    "35.10": "Polresta Banyuwangi",
    "51.71": "Polresta Denpasar",
    "52.71": "Polresta Mataram",
    "53.71": "Polresta Kupang Kota",
    "61.71": "Polresta Pontianak",
    "62.71": "Polresta Palangka Raya",
    "63.71": "Polresta Banjarmasin",
    "64.72": "Polresta Samarinda",
    "64.71": "Polresta Balikpapan",
    "71.71": "Polresta Manado",
    "72.71": "Polresta Palu",
    "74.71": "Polresta Kendari",
    "75.71": "Polresta Gorontalo Kota",
    "76.02": "Polresta Mamuju",
    "81.71": "Polresta Pulau Ambon dan Pulau-Pulau Lease",
    "91.71": "Polresta Jayapura Kota",
    "92.02": "Polresta Manokwari",
    "96.71": "Polresta Sorong Kota",
    "36.73": "Polresta Serang Kota",
    # usual short forms
    "12.06": "Polres Tanah Karo",
    "73.10": "Polres Pangkajene Kepulauan",
    "71.09": "Polres Kepulauan Siau Tagulandang Biaro",
    "92.03": "Polres Fakfak",
    "74.72": "Polres Baubau",
    "72.04": "Polres Tolitoli",
}

# Regencies without a Polres of their own: regency code -> the regency whose Polres serves it.
SERVED_BY: dict[str, tuple[str, str]] = {
    "32.17": ("32.77", "Kab. Bandung Barat is served by Polres Cimahi"),
    "12.24": ("12.04", "Nias Utara is served by Polres Nias"),
    "12.25": ("12.04", "Nias Barat is served by Polres Nias"),
    "12.78": ("12.04", "Kota Gunungsitoli is served by Polres Nias"),
    "12.22": ("12.10", "Labuhanbatu Selatan is served by Polres Labuhanbatu"),
    "12.23": ("12.10", "Labuhanbatu Utara is served by Polres Labuhanbatu"),
    "15.72": ("15.01", "Kota Sungai Penuh is served by Polres Kerinci"),
    "81.72": ("81.02", "Kota Tual is served by Polres Maluku Tenggara"),
    "82.08": ("82.05", "Pulau Taliabu is served by Polres Kepulauan Sula"),
    "92.12": ("92.02", "Pegunungan Arfak is served by Polresta Manokwari"),
    "53.17": ("53.12", "Sumba Tengah is served by Polres Sumba Barat"),
    "74.13": ("74.03", "Muna Barat is served by Polres Muna"),
    "71.10": ("71.74", "Bolaang Mongondow Timur is served by Polres Kotamobagu"),
    "71.11": ("71.74", "Bolaang Mongondow Selatan is served by Polres Kotamobagu"),
}

# District-level overrides: (unit id, name, regency code it belongs to, district codes, note)
PORT_UNITS = [
    (
        "polres-pelabuhan-tanjung-priok",
        "Polres Pelabuhan Tanjung Priok",
        "31.72",
        ["31.72.02", "31.72.03"],
        "Kec. Tanjung Priok and Kec. Koja",
    ),
    (
        "polres-pelabuhan-belawan",
        "Polres Pelabuhan Belawan",
        "12.71",
        ["12.71.08", "12.71.12", "12.71.13"],
        "Kec. Medan Belawan, Medan Marelan, Medan Labuhan",
    ),
]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def main() -> None:
    tree = RegionTree()
    regencies = dict(tree.items(2))
    out = csv.writer(sys.stdout, lineterminator="\n")
    print("# Routing table: every Polda, Polres and Propam unit and the Kemendagri codes it covers")
    print("# Generated once by tools/generate_routing_table.py; now edited by hand. See README.md.")
    out.writerow(["id", "name", "kind", "polda_id", "timezone", "covers", "note"])

    polda_of_province: dict[str, str] = {}
    tz_of_province: dict[str, str] = {}
    for prov, _name in tree.items(1):
        parent = NEW_PROVINCE_PARENT.get(prov)
        pid, _pname, tz = POLDA[parent or prov]
        polda_of_province[prov] = pid
        tz_of_province[prov] = PROVINCE_TZ.get(prov, tz)

    for prov, (pid, pname, tz) in POLDA.items():
        covers = [prov] + [p for p, parent in NEW_PROVINCE_PARENT.items() if parent == prov]
        note = ""
        if pid == "polda-metro-jaya":
            covers += METRO_BUFFER
            note = (
                "DKI Jakarta plus Kota Depok, Kota/Kab. Bekasi, Kota/Kab. Tangerang, Kota Tangsel"
            )
        extra = [p for p, parent in NEW_PROVINCE_PARENT.items() if parent == prov]
        if extra:
            names = ", ".join(tree.name(p) or p for p in extra)
            note = f"also {names}: new provinces (2022) without a Polda of their own yet"
        out.writerow([pid, pname, "polda", pid, tz, " ".join(covers), note])
        out.writerow([f"propam-{pid}", f"Bid Propam {pname}", "propam", pid, tz, "", ""])

    used_ids: set[str] = set()
    units: dict[str, list[str]] = {}  # regency code -> row
    for code, name in regencies.items():
        if code in SERVED_BY:
            continue
        prov = code[:2]
        bare = bare_regency_name(name)
        is_city = name.startswith("Kota")
        twin = any(
            c[:2] == prov and c != code and bare_regency_name(n) == bare
            for c, n in regencies.items()
        )
        unit_name = NAMES.get(code) or (
            f"Polres {bare} Kota" if is_city and twin else f"Polres {bare}"
        )
        uid = slug(unit_name)
        if uid in used_ids:
            polda_id = POLDA[NEW_PROVINCE_PARENT.get(prov, prov)][0]
            uid = f"{uid}-{polda_id.removeprefix('polda-')}"
        used_ids.add(uid)
        polda = "polda-metro-jaya" if code in METRO_BUFFER else polda_of_province[prov]
        note = ""
        if code == "36.03":
            note = (
                "Kab. Tangerang: check - Polresta Tangerang is reported under Polda Banten "
                "since 2019; kept in Polda Metro Jaya per issue 3"
            )
        units[code] = [uid, unit_name, "polres", polda, tz_of_province[prov], code, note]
    for code, (host, note) in SERVED_BY.items():
        units[host][5] += " " + code
        units[host][6] = "; ".join(x for x in (units[host][6], note) if x)
    for row in units.values():
        out.writerow(row)
    for uid, uname, regency, districts, note in PORT_UNITS:
        host = units[regency]
        out.writerow(
            [
                uid,
                uname,
                "polres",
                host[3],
                host[4],
                " ".join(districts),
                f"district-level override inside {regency}: {note}",
            ]
        )


if __name__ == "__main__":
    main()
