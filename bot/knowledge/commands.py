"""`dumas kb ...`: the knowledge base from the command line (thin; the work is elsewhere).

dumas kb list                 every article: id, title, last check, sources
dumas kb show ID              one article, both languages
dumas kb check                fail on a missing language or source, a stale check date
                              (articles and data/knowledge/unit_facts.csv)
dumas kb export [FILE]        every article as JSON Lines (one article a line) to FILE
                              or standard output
dumas kb import FILE [--dry-run] [--root DIR]
                              add or update the articles of a JSON Lines file (as
                              `export` writes it) in data/knowledge; refuses the whole
                              file, writing nothing, when one article fails `check`
dumas kb ask "TEXT" [--locale id|en]
                              JSON: intent, status (answered / handoff /
                              not_a_question), topic, article, score, runner-up
dumas kb eval [--set dev|heldout|all] [--failures] [--json]
                              top-1, answered right/wrong, hand-off rate, reports
                              answered; exits 1 when held-out figures miss a target
dumas kb drafts [show ID | --toml ID]
                              officers' answers saved as drafts: the list (id, unit,
                              question, answer, officer, date), or one as a TOML
                              article skeleton to review and commit
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_kb_commands(sub: Any) -> None:
    kb = sub.add_parser(
        "kb",
        help="the knowledge base: list | show | check | export | import | ask | eval",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verbs = kb.add_subparsers(dest="kb_verb", required=True)
    verbs.add_parser("list").set_defaults(handler=cmd_list)
    show = verbs.add_parser("show")
    show.add_argument("article_id")
    show.set_defaults(handler=cmd_show)
    verbs.add_parser("check").set_defaults(handler=cmd_check)
    export = verbs.add_parser("export")
    export.add_argument("file", nargs="?", default="-", help="default: standard output")
    export.set_defaults(handler=cmd_export)
    imp = verbs.add_parser("import")
    imp.add_argument("file", help="JSON Lines as `dumas kb export` writes; - for stdin")
    imp.add_argument("--dry-run", action="store_true", help="say what would change")
    imp.add_argument("--root", default=None, help="default: data/knowledge")
    imp.set_defaults(handler=cmd_import)
    ask = verbs.add_parser("ask")
    ask.add_argument("text")
    ask.add_argument("--locale", default="id", choices=("id", "en"))
    ask.set_defaults(handler=cmd_ask)
    ev = verbs.add_parser("eval")
    ev.add_argument("--set", default="all", choices=("dev", "heldout", "all"))
    ev.add_argument("--failures", action="store_true", help="the development half's misses")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(handler=cmd_eval)
    drafts = verbs.add_parser("drafts", help="officers' answers saved for review")
    drafts.add_argument("show", nargs="*", metavar="show ID", help="one draft as TOML")
    drafts.add_argument("--toml", type=int, metavar="ID", help="one draft as TOML")
    drafts.set_defaults(handler=cmd_drafts)


def cmd_list(args: argparse.Namespace) -> int:
    from bot.knowledge.articles import load_articles

    for article in load_articles():
        print(f"{article.id:32} {article.checked}  {article.title.get('id', '')}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from bot.knowledge.articles import load_articles

    article = next((a for a in load_articles() if a.id == args.article_id), None)
    if article is None:
        print(f"no article {args.article_id!r} (see `dumas kb list`)", file=sys.stderr)
        return 1
    for locale in ("id", "en"):
        print(f"[{locale}] {article.text('title', locale)}\n{article.text('answer', locale)}\n")
    print("sources: " + ", ".join(article.sources) + f" (checked {article.checked})")
    if article.topic == "layanan_jam":  # the units' own facts complete these answers
        from bot.knowledge.articles import load_unit_facts

        facts = load_unit_facts()
        print(f"\nunit facts (data/knowledge/unit_facts.csv): {len(facts)} units")
        for fact in facts.values():
            told = "; ".join(x for x in (fact.address, fact.phone, fact.hours) if x)
            print(f"  {fact.unit}: {told} ({fact.source})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from bot.knowledge.articles import (
        article_problems,
        load_articles,
        load_unit_facts,
        unit_fact_problems,
    )

    problems = article_problems() + unit_fact_problems()
    for problem in problems:
        print(problem)
    print(
        f"{len(load_articles())} articles, facts of {len(load_unit_facts())} units, "
        f"{len(problems)} problems"
    )
    return 1 if problems else 0


def cmd_export(args: argparse.Namespace) -> int:
    from bot.knowledge.articles import load_articles
    from bot.knowledge.interchange import export_lines

    text = "".join(line + "\n" for line in export_lines(load_articles()))
    if args.file == "-":
        sys.stdout.write(text)
    else:
        Path(args.file).write_text(text, encoding="utf-8")
        print(f"{text.count(chr(10))} articles written to {args.file}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from bot.knowledge.articles import KNOWLEDGE_ROOT
    from bot.knowledge.interchange import ImportRefused, import_lines

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    root = Path(args.root) if args.root else KNOWLEDGE_ROOT
    try:
        report = import_lines(text.splitlines(), root, dry_run=args.dry_run)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        print(f"nothing imported: {len(refused.problems)} problems", file=sys.stderr)
        return 1
    verb = "would be" if args.dry_run else "were"
    for label, ids in (("created", report.created), ("updated", report.updated)):
        for article_id in ids:
            print(f"{label:8} {article_id}")
    print(
        f"{len(report.created)} {verb} created, {len(report.updated)} {verb} updated, "
        f"{len(report.unchanged)} unchanged (under {root})"
    )
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from bot.catalog import load_categories
    from bot.knowledge.search import default_index
    from bot.triage.model_file import load_model
    from flows.intent import Intent
    from flows.triage import triage

    verdict = triage(args.text, load_categories(), load_model())
    index = default_index()
    match = index.ask(args.text, args.locale) if index else None
    status: str = match.status if match else "handoff"
    if verdict.intent.label is not Intent.QUESTION:
        status = "not_a_question"  # the runtime sends it its own way, never to an article
    out = {
        "intent": verdict.intent.label.value,
        "status": status,
        "topic": match.topic if match else None,
        "article": match.article_id if match else None,
        "score": match.score if match else 0.0,
        "runner_up": match.runner_up if match else None,
        "runner_up_score": match.runner_up_score if match else 0.0,
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluation.knowledge import EVAL_DIR, evaluate_set, shortfalls
    from bot.knowledge.search import default_index

    index = default_index()
    if index is None:
        print("no articles in data/knowledge", file=sys.stderr)
        return 1
    names = ("dev", "heldout") if args.set == "all" else (args.set,)
    status = 0
    report: dict[str, Any] = {}
    for name in names:
        if not (EVAL_DIR / f"{name}.jsonl").is_file():
            print(f"no {EVAL_DIR / name}.jsonl", file=sys.stderr)
            return 1
        figures = evaluate_set(name, index)
        report[name] = figures.as_dict()
        if not args.json:
            values = figures.as_dict()
            print(
                f"{name:8} lines {figures.lines}  questions {figures.questions}  "
                f"top-1 {values['top1']:.3f}  answered right {values['answered_right']:.3f}"
                f"  wrong {values['answered_wrong']:.3f}  hand-off {values['handoff']:.3f}"
                f"  reports answered {figures.reports_answered}/{figures.reports}"
                f"  unclear answered {figures.unclear_answered}/{figures.unclear}"
                f"  p99 {values['p99_ms']:.2f} ms"
            )
        if name == "heldout" and shortfalls(figures):
            print("targets not met: " + "; ".join(shortfalls(figures)))
            status = 1
        if args.failures and name == "dev":
            for failure in figures.failures:
                print(json.dumps(failure, ensure_ascii=False))
    if args.json:
        print(json.dumps(report))
    return status


def cmd_drafts(args: argparse.Namespace) -> int:
    import asyncio

    from bot.knowledge.drafts import draft_skeleton, drafts_report
    from bot.settings import load_settings
    from bot.store.database import Database

    words = list(args.show)
    if words and (len(words) != 2 or words[0] != "show" or not words[1].isdigit()):
        print("usage: dumas kb drafts [show ID | --toml ID]", file=sys.stderr)
        return 2
    draft_id = int(words[1]) if words else args.toml

    async def run() -> str | None:
        async with Database(load_settings().db_path) as db:
            if draft_id is None:
                return await drafts_report(db)
            return await draft_skeleton(db, draft_id)

    out = asyncio.run(run())
    if out is None:
        print(f"no draft {draft_id} (see `dumas kb drafts`)", file=sys.stderr)
        return 1
    print(out)
    return 0
