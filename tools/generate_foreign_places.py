"""One-off generator of data/places/foreign.csv: places outside Indonesia as people type them.

    python tools/generate_foreign_places.py > data/places/foreign.csv

Country names in Indonesian and English come from CLDR (through babel), cities from the IANA
time-zone database's zone names (through zoneinfo), and a short hand list of the
destinations Indonesians write about most (migrant work, pilgrimage, study, holidays), with
their everyday spellings. Indonesia's own names are left out. Edit the CSV by hand
afterwards; this script only records how the first version was made.
"""

from __future__ import annotations

import csv
import sys
import zoneinfo

import babel
from babel import Locale

HAND_LIST = "hand list: everyday spelling (tools/generate_foreign_places.py)"
# Everyday names and spellings, each pointing at its country (ISO 3166 alpha-2).
EVERYDAY: dict[str, str] = {
    "johor": "MY",
    "johor bahru": "MY",
    "johor baru": "MY",
    "penang": "MY",
    "pulau pinang": "MY",
    "kuching": "MY",
    "kota kinabalu": "MY",
    "sabah": "MY",
    "sarawak": "MY",
    "selangor": "MY",
    "shah alam": "MY",
    "petaling jaya": "MY",
    "klang": "MY",
    "ipoh": "MY",
    "tawau": "MY",
    "sandakan": "MY",
    "miri": "MY",
    "kuala lumpur": "MY",
    "kl": "MY",
    "malay": "MY",
    "malaysia": "MY",
    "jeddah": "SA",
    "jedah": "SA",
    "jiddah": "SA",
    "mekkah": "SA",
    "makkah": "SA",
    "mekah": "SA",
    "makah": "SA",
    "madinah": "SA",
    "medina": "SA",
    "riyadh": "SA",
    "riyad": "SA",
    "dammam": "SA",
    "taif": "SA",
    "saudi": "SA",
    "arab saudi": "SA",
    "saudi arabia": "SA",
    "dubai": "AE",
    "abu dhabi": "AE",
    "doha": "QA",
    "kuwait": "KW",
    "hong kong": "HK",
    "hongkong": "HK",
    "hk": "HK",
    "taipei": "TW",
    "taiwan": "TW",
    "kaohsiung": "TW",
    "taichung": "TW",
    "tainan": "TW",
    "tokyo": "JP",
    "osaka": "JP",
    "nagoya": "JP",
    "jepang": "JP",
    "japan": "JP",
    "seoul": "KR",
    "busan": "KR",
    "korsel": "KR",
    "korea": "KR",
    "singapore": "SG",
    "singapura": "SG",
    "singapur": "SG",
    "spore": "SG",
    "sg": "SG",
    "bangkok": "TH",
    "phuket": "TH",
    "thailand": "TH",
    "manila": "PH",
    "davao": "PH",
    "filipina": "PH",
    "dili": "TL",
    "timor leste": "TL",
    "darwin": "AU",
    "perth": "AU",
    "sydney": "AU",
    "melbourne": "AU",
    "australia": "AU",
    "bandar seri begawan": "BN",
    "brunei": "BN",
    "amsterdam": "NL",
    "den haag": "NL",
    "belanda": "NL",
    "london": "GB",
    "inggris": "GB",
    "paris": "FR",
    "perancis": "FR",
    "new york": "US",
    "amerika": "US",
    "kairo": "EG",
    "cairo": "EG",
    "mesir": "EG",
    "istanbul": "TR",
    "turki": "TR",
    "beijing": "CN",
    "shanghai": "CN",
    "guangzhou": "CN",
    "shenzhen": "CN",
    "china": "CN",
    "cina": "CN",
    "macau": "MO",
    "makau": "MO",
    "port moresby": "PG",
    "papua nugini": "PG",
    "vanimo": "PG",
    "ho chi minh": "VN",
    "hanoi": "VN",
    "vietnam": "VN",
}


def main() -> int:
    ind, eng = Locale("id"), Locale("en")
    rows: dict[str, tuple[str, str, str]] = {}  # lowercase name -> (name, country, source)
    cldr = f"CLDR via babel {babel.__version__}"
    for code in eng.territories:
        if len(code) != 2 or not code.isalpha() or code in ("ID", "ZZ", "EU", "EZ", "UN"):
            continue
        for loc in (ind, eng):
            name = loc.territories.get(code)
            if name:
                rows.setdefault(name.lower(), (name, code, cldr))
    for zone in sorted(zoneinfo.available_timezones()):
        parts = zone.split("/")
        if (
            len(parts) < 2
            or parts[0] in ("Etc", "SystemV", "US", "Canada", "Brazil", "Chile", "Mexico")
            or zone.startswith("Asia/Ja")
        ):
            continue
        if zone in ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"):
            continue
        city = parts[-1].replace("_", " ")
        try:
            country = _country_of(zone)
        except LookupError:
            continue
        if country and country != "ID":
            rows.setdefault(city.lower(), (city, country, "IANA tz database (zone name)"))
    for name, country in EVERYDAY.items():
        rows.setdefault(name, (name, country, HAND_LIST))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["name", "country", "source"])
    for _key, (name, country, source) in sorted(rows.items()):
        out.writerow([name, country, source])
    return 0


_ZONE_COUNTRY: dict[str, str] = {}


def _country_of(zone: str) -> str:
    if not _ZONE_COUNTRY:
        with open("/usr/share/zoneinfo/zone1970.tab", encoding="utf-8") as tab:
            for line in tab:
                if line.startswith("#"):
                    continue
                fields = line.rstrip("\n").split("\t")
                if len(fields) >= 3:
                    _ZONE_COUNTRY.setdefault(fields[2], fields[0].split(",")[0])
    if zone not in _ZONE_COUNTRY:
        raise LookupError(zone)
    return _ZONE_COUNTRY[zone]


if __name__ == "__main__":
    raise SystemExit(main())
