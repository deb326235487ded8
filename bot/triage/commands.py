"""`dumas triage ...`: one message's verdict, the evaluation, training and export.

    dumas triage "TEXT" [--rules-only]     the verdict as JSON (intent, category, flags)
    dumas triage eval [--set dev|heldout|all] [--compare] [--failures] [--json]
    dumas triage eval --file FILE [--compare] [--failures]   a labelled file (e.g. a fresh
                                           check, measured before its lines join dev.jsonl)
    dumas triage train [--extra FILE ...] [--out PATH] [--compare] [--jobs N]
    dumas triage train --cv K [--c HEAD=C ...]   K-fold cross-validation on the
                                           development half (writes no model)
    dumas triage export [--out FILE]       officers' corrections as labelled lines

A text that is literally one of the verbs is given with `--text`: `dumas triage --text
eval`. The command functions are thin: the work is in flows/triage.py,
bot/evaluation/triage.py, bot/triage/training.py and bot/triage/corrections.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

VERBS = ("eval", "train", "export")


def add_triage_commands(sub: Any) -> None:
    triage = sub.add_parser(
        "triage",
        help="print the verdict on a text as JSON (intent, category, emergency, abusive); "
        "or: triage eval | train | export",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    triage.add_argument("--text", help="the text to judge (when it is literally a verb)")
    triage.add_argument(
        "--rules-only", action="store_true", help="the word lists alone, without the model"
    )
    # Everything after the text or verb is read here, so a verb's own options pass through.
    triage.add_argument("rest", nargs=argparse.REMAINDER, metavar="TEXT | VERB ...")
    triage.set_defaults(handler=cmd_triage)


def _verb_parser(verb: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"dumas triage {verb}")
    if verb == "eval":
        parser.add_argument("--set", choices=("dev", "heldout", "all"), default="all", dest="half")
        parser.add_argument(
            "--compare",
            action="store_true",
            help="the word lists alone beside what Dumas runs (for the model "
            "alone: `dumas triage train --compare`)",
        )
        parser.add_argument(
            "--failures",
            action="store_true",
            help="list the development half's misses (never the held-out's)",
        )
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--file",
            type=Path,
            help="measure this labelled file (the corpus's format) instead of the halves; "
            "--failures lists its misses",
        )
    elif verb == "train":
        parser.add_argument(
            "--extra",
            type=Path,
            action="append",
            default=[],
            help="more labelled lines (e.g. `dumas triage export` output)",
        )
        parser.add_argument(
            "--out",
            type=Path,
            help="where to write (default: the shipped data/triage/model.json.gz)",
        )
        parser.add_argument(
            "--compare",
            action="store_true",
            help="also train a model without the word lists' signals and "
            "print word lists / model / both on both halves",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="train the cross-validation folds in this many processes (same result)",
        )
        parser.add_argument(
            "--cv",
            type=int,
            metavar="K",
            help="write no model: cross-validate on the development half (train on the "
            "training-only messages and K-1 folds, judge the K-th) and list the misses",
        )
        parser.add_argument(
            "--c",
            action="append",
            default=[],
            metavar="HEAD=C",
            help="a head's regularisation: with --cv (default: the shipped model's), or "
            "when training, instead of searching the grid for it (5x fewer fits)",
        )
    elif verb == "export":
        parser.add_argument("--out", type=Path, help="file to write (default: stdout)")
    return parser


def _text_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dumas triage")
    parser.add_argument("words", nargs="*", help="the text to judge")
    parser.add_argument("--text", help="the text to judge (when it is literally a verb)")
    parser.add_argument(
        "--rules-only", action="store_true", help="the word lists alone, without the model"
    )
    return parser


def cmd_triage(args: argparse.Namespace) -> int:
    rest: list[str] = list(args.rest)
    if rest and rest[0] in VERBS and args.text is None:
        options = _verb_parser(rest[0]).parse_args(rest[1:])
        return {"eval": _eval, "train": _train, "export": _export}[rest[0]](options)
    parsed = _text_parser().parse_args(rest)
    given = args.text if args.text is not None else parsed.text
    text = given if given is not None else " ".join(parsed.words)
    parsed.rules_only = parsed.rules_only or args.rules_only
    from bot.catalog import load_categories
    from bot.triage.model_file import load_model
    from flows.triage import triage

    model = None if parsed.rules_only else load_model()
    print(
        json.dumps(triage(text, load_categories(), model).to_json(), ensure_ascii=False, indent=2)
    )
    return 0


def _eval(options: argparse.Namespace) -> int:
    from bot.evaluation.triage import evaluate, format_reports
    from bot.triage.model_file import load_model

    model = load_model()
    halves = ("dev", "heldout") if options.half == "all" else (options.half,)
    modes = ("rules", "combined") if options.compare else ("combined",)
    if model is None:
        modes = ("rules",)
    if options.file is not None:
        return _eval_file(options, modes, model)
    reports = [evaluate(half, mode, model) for half in halves for mode in modes]
    if options.json:
        print(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=2))
    else:
        print("\n".join(format_reports(reports)))
    if options.failures:
        for report in reports:
            if report.half == "dev" and report.mode == "combined":
                _print_misses(report)
    below = [
        f"{r.half} {r.mode}: {b}"
        for r in reports
        if r.half == "heldout"
        and r.mode in ("combined", "rules")
        and (r.mode == "combined" or model is None)
        for b in r.below_targets()
    ]
    for line in below:
        print(f"BELOW TARGET {line}", file=sys.stderr)
    return 1 if below else 0


def _eval_file(options: argparse.Namespace, modes: tuple[str, ...], model: Any) -> int:
    """A labelled file outside the two halves: how the running code does on messages it
    has never seen (a fresh check is measured so before its lines join dev.jsonl, which
    is the unbiased figure; afterwards the model trains on them)."""
    from bot.evaluation.triage import Report, format_reports, judge, score
    from bot.triage.training import EVAL_DIR, read_lines

    path: Path = options.file
    if path.resolve() == (EVAL_DIR / "heldout.jsonl").resolve():
        print("the held-out half is measured with --set heldout, never read", file=sys.stderr)
        return 2
    # score() keeps the misses of reports named "dev" only (the held-out half's are never
    # listed); a file given here may be read like the development half, so its reports
    # are named after the file once scored.
    reports = [Report("dev", mode) for mode in modes]
    for item in read_lines(path):
        for report in reports:
            started = time.perf_counter()
            verdict = judge(str(item["text"]), report.mode, model)
            report.times_ms.append((time.perf_counter() - started) * 1000)
            score(report, item, verdict)
    for report in reports:
        report.half = path.stem
    print("\n".join(format_reports(reports)))
    if options.failures:
        _print_misses(reports[-1])
    return 0


def _train(options: argparse.Namespace) -> int:
    from bot.triage.model_file import MODEL_PATH, write_model
    from bot.triage.training import EVAL_DIR, read_lines, train, training_items

    if options.cv:
        return _cross_validate(options)
    items = training_items(options.extra)
    report: list[str] = []
    development = {str(i["text"]) for i in read_lines(EVAL_DIR / "dev.jsonl")}
    model = train(
        items, report, jobs=options.jobs, fixed_c=_fixed_c(options.c), development=development
    )
    out = options.out or MODEL_PATH
    write_model(model, out)
    print("\n".join(report))
    print(
        f"wrote {out} ({out.stat().st_size} bytes, {len(model.weights)} features, "
        f"trained on {len(items)} lines)"
    )
    if options.compare:
        from bot.evaluation.triage import evaluate, format_reports

        alone_report: list[str] = []
        alone = train(items, alone_report, rule_signals=False)
        print("model without the word lists' signals:")
        print("\n".join(alone_report))
        reports = []
        for half in ("dev", "heldout"):
            reports.append(evaluate(half, "rules", None))
            reports.append(evaluate(half, "model", alone))
            reports.append(evaluate(half, "combined", model))
        print("\n".join(format_reports(reports)))
        print(
            "(dev rows judge messages the model was trained on: read the cross-validated "
            "lines above for the development half)"
        )
    return 0


def _fixed_c(given: list[str]) -> dict[str, float]:
    """`--c intent=100 --c emergency=30` as {head: C}."""
    fixed: dict[str, float] = {}
    for pair in given:
        head, _sep, value = pair.partition("=")
        fixed[head] = float(value)
    return fixed


def _print_misses(report: Any) -> None:
    for item, verdict in report.failures:
        print(
            f"  MISS {item['text'][:140]!r}: expected {item['intent']}/"
            f"{item.get('category')} E={item.get('emergency')} "
            f"A={item.get('abusive')}; got {verdict.intent}/{verdict.category} "
            f"E={verdict.emergency} A={verdict.abusive}"
        )


def _cross_validate(options: argparse.Namespace) -> int:
    from bot.evaluation.triage import format_reports
    from bot.triage.cross_validation import cross_validate
    from bot.triage.model_file import load_model

    if options.cv < 2:
        print("--cv needs K >= 2", file=sys.stderr)
        return 2
    shipped = load_model()
    c = dict(shipped.meta.get("c", {})) if shipped is not None else {}
    c.update(_fixed_c(options.c))
    result = cross_validate(
        options.cv, options.extra, c, shipped.policy if shipped is not None else None
    )
    print(f"C per head: {c or 'defaults'}")
    for k, policy in enumerate(result.policies):
        print(f"fold {k + 1} policy (chosen on the other folds): {policy}")
    print("\n".join(format_reports([result.chosen, result.shipped])))
    print(f"misses ({len(result.chosen.failures)}, policy chosen on the other folds):")
    _print_misses(result.chosen)
    return 0


def _export(options: argparse.Namespace) -> int:
    from bot.settings import SettingsError, load_settings
    from bot.store.database import open_store
    from bot.triage.corrections import export_lines

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2

    async def read() -> list[dict[str, Any]]:
        db = await open_store(settings.database_url, settings.db_path).open()
        try:
            return await export_lines(db)
        finally:
            await db.close()

    lines = asyncio.run(read())
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    if options.out:
        options.out.write_text(text, encoding="utf-8")
        print(f"wrote {len(lines)} corrected lines to {options.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


__all__ = ["add_triage_commands", "cmd_triage"]
