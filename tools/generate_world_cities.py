"""One-off generator of data/places/foreign_cities.csv: the world's towns above 15,000
inhabitants, so that a foreign town nobody listed by hand is answered "outside Indonesia".

    python tools/generate_world_cities.py WORLD_CITIES_CSV > data/places/foreign_cities.csv

WORLD_CITIES_CSV is data/world-cities.csv of github:datasets/world-cities (GeoNames
cities15000 with country names; CC BY 4.0, attribution to GeoNames). A name is left out
when it could be meant as something in Indonesia or as an ordinary word:
- any Indonesian region, alias, landmark, street or regency-prefix key of the shipped
  gazetteer (a village called Victoria, a Kampung Baru: those are asked, not refused);
- an Indonesian root word of PySastrawi's dictionary ("gaya", "mandi") or a generic word,
  filler or level word of bot/routing/place_words.py; a one-word name that is a common
  English word (lower-case entry of /usr/share/dict/words, Debian package wamerican:
  "mile", "orange", "reading");
- shorter than 4 letters, or of Indonesia itself;
- already in data/places/foreign.csv (the hand-checked list, which also matches fuzzily).
The country column is the ISO 3166 alpha-2 code, from CLDR's English territory names
(babel). Rerun after the gazetteer's data changes; the loader also skips names that have
become Indonesian places (bot/routing/place_index.py `foreign_names`).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from babel import Locale

from bot.routing.landmarks import PLACES_DIR
from bot.routing.place_words import FILLERS, GENERIC, MARKERS, STREET_WORDS, name_key
from bot.routing.resolver import load_gazetteer

SOURCE = "GeoNames cities15000 via github:datasets/world-cities (CC BY 4.0)"
# ISO 3166 names of the dataset (pycountry style) that CLDR spells otherwise
COUNTRY_FIXES = {
    "Antigua and Barbuda": "AG",
    "Bolivia, Plurinational State of": "BO",
    "Bonaire, Sint Eustatius and Saba": "BQ",
    "Brunei Darussalam": "BN",
    "Congo": "CG",
    "Congo, The Democratic Republic of the": "CD",
    "Côte d'Ivoire": "CI",
    "Falkland Islands (Malvinas)": "FK",
    "French Southern Territories": "TF",
    "Holy See (Vatican City State)": "VA",
    "Iran, Islamic Republic of": "IR",
    "Korea, Democratic People's Republic of": "KP",
    "Korea, Republic of": "KR",
    "Lao People's Democratic Republic": "LA",
    "Micronesia, Federated States of": "FM",
    "Moldova, Republic of": "MD",
    "No country found for alpha-2 code: XK": "XK",
    "Palestine, State of": "PS",
    "Pitcairn": "PN",
    "Russian Federation": "RU",
    "Saint Barthélemy": "BL",
    "Saint Helena, Ascension and Tristan da Cunha": "SH",
    "Saint Kitts and Nevis": "KN",
    "Saint Lucia": "LC",
    "Saint Martin (French part)": "MF",
    "Saint Pierre and Miquelon": "PM",
    "Saint Vincent and the Grenadines": "VC",
    "Sint Maarten (Dutch part)": "SX",
    "South Georgia and the South Sandwich Islands": "GS",
    "Svalbard and Jan Mayen": "SJ",
    "Syrian Arab Republic": "SY",
    "Taiwan, Province of China": "TW",
    "Tanzania, United Republic of": "TZ",
    "Trinidad and Tobago": "TT",
    "Turks and Caicos Islands": "TC",
    "Venezuela, Bolivarian Republic of": "VE",
    "Viet Nam": "VN",
    "Virgin Islands, British": "VG",
    "Virgin Islands, U.S.": "VI",
    "Wallis and Futuna": "WF",
    "Bosnia and Herzegovina": "BA",
    "Cabo Verde": "CV",
    "Hong Kong": "HK",
    "Macao": "MO",
    "Myanmar": "MM",
    "Sao Tome and Principe": "ST",
}


def country_codes() -> dict[str, str]:
    names = {name: code for code, name in Locale("en").territories.items() if code.isalpha()}
    names.update(COUNTRY_FIXES)
    return names


def dictionary_words() -> set[str]:
    import Sastrawi

    path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    return {w.strip().lower() for w in path.read_text(encoding="utf-8").split() if w.strip()}


def english_words() -> set[str]:
    path = Path("/usr/share/dict/words")
    if not path.is_file():
        raise SystemExit("install the Debian package wamerican (/usr/share/dict/words)")
    return {w for w in path.read_text(encoding="utf-8").split() if w.islower()}


def main(source: str) -> None:
    gaz = load_gazetteer(None)
    words = dictionary_words() | GENERIC | FILLERS | set(MARKERS) | STREET_WORDS
    english = english_words()
    codes = country_codes()
    curated = set()
    with (PLACES_DIR / "foreign.csv").open(encoding="utf-8") as handle:
        curated = {name_key(row["name"]) for row in csv.DictReader(handle)}
    taken = set(gaz.keys) | set(gaz.landmark_keys) | set(gaz.streets) | set(gaz.regency_prefixes)
    rows: dict[str, tuple[str, str]] = {}
    unknown_countries: set[str] = set()
    with open(source, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            country = codes.get(row["country"])
            if country is None:
                unknown_countries.add(row["country"])
                continue
            if country == "ID":
                continue
            key = name_key(row["name"])
            if (
                len(key.replace(" ", "")) < 4
                or key in taken
                or key.replace(" ", "") in taken
                or key in curated
                or key in words
                or key in english
                or all(w in words for w in key.split())
            ):
                continue
            rows.setdefault(key, (row["name"], country))
    if unknown_countries:
        print(f"countries without a code: {sorted(unknown_countries)}", file=sys.stderr)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["name", "country", "source"])
    for key in sorted(rows):
        name, country = rows[key]
        out.writerow([name, country, SOURCE])


if __name__ == "__main__":
    main(sys.argv[1])
