"""The `dumas` command: thin wrappers that parse arguments and call the runtime.

Every command loads settings first; a bad setting stops it with one line naming the
variable (exit code 2).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Coroutine, Sequence
from typing import Any

from bot import logs
from bot.settings import SettingsError, load_settings, settings_help


def build_parser() -> argparse.ArgumentParser:
    from bot.knowledge.commands import add_kb_commands
    from bot.routing.commands import add_routing_commands
    from bot.triage.commands import add_triage_commands

    parser = argparse.ArgumentParser(
        prog="dumas",
        description="Dumas: public complaints to Polri's Polda and Polres over Telegram and "
        "WhatsApp.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=settings_help(),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="start the configured channels; with none configured it stops with the "
        "settings to set (unless --demo-if-unconfigured, what `make run` passes)",
    )
    run.add_argument(
        "--demo-if-unconfigured",
        action="store_true",
        help="with no channel configured, start the web demo instead of stopping",
    )
    run.set_defaults(handler=cmd_run)

    demo = sub.add_parser(
        "demo",
        help="try Dumas in the browser without a token: a citizen "
        "chat and a staff group on http://127.0.0.1, "
        "demonstration data only",
    )
    demo.add_argument(
        "--port",
        type=int,
        default=None,
        help="HTTP port (default: DUMAS_HTTP_PORT; 0 picks a free one)",
    )
    demo.set_defaults(handler=cmd_demo)

    chat = sub.add_parser("chat", help="talk to the bot in this terminal (no token needed)")
    chat.add_argument("--user", default="local", help="who you are in the chat")
    chat.set_defaults(handler=cmd_chat)

    check = sub.add_parser("check", help="check settings, data files and catalogs")
    check.set_defaults(handler=cmd_check)

    migrate = sub.add_parser("migrate", help="create or upgrade the database")
    migrate.set_defaults(handler=cmd_migrate)

    db = sub.add_parser("db", help="the database: migrate it, move it")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    # `dumas db migrate` is `dumas migrate` where the other database commands are
    db_sub.add_parser("migrate", help="create or upgrade the database").set_defaults(
        handler=cmd_migrate
    )
    db_copy = db_sub.add_parser(
        "copy",
        help="copy this SQLite installation (DUMAS_DATA_DIR) into an empty PostgreSQL "
        "database migrated to the same version; stop Dumas first",
    )
    db_copy.add_argument("--to", required=True, metavar="postgresql://...", dest="target")
    db_copy.add_argument(
        "--batch-size", type=_at_least_one, default=1000, help="rows read and written at a time"
    )
    db_copy.set_defaults(handler=cmd_db_copy)

    staff = sub.add_parser("staff", help="bind Telegram staff groups to units")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    link = staff_sub.add_parser(
        "link",
        help="print a one-time code to post as /daftar CODE in "
        "the group, or bind a group directly (--chat-id)",
    )
    link.add_argument(
        "--polres", "--unit", dest="unit", required=True, help="unit id from data/routing/units.csv"
    )
    link.add_argument("--chat-id", help="Telegram chat id of the group (binds at once)")
    link.add_argument(
        "--role",
        choices=("unit", "supervisor", "ppa"),
        default="unit",
        help="ppa: the unit's women and children protection group, which alone receives "
        "its sensitive cases",
    )
    link.set_defaults(handler=cmd_staff_link)
    unlink = staff_sub.add_parser("unlink", help="unbind a group")
    unlink.add_argument("--chat-id", required=True)
    unlink.set_defaults(handler=cmd_staff_unlink)
    listing = staff_sub.add_parser("list", help="list bound groups")
    listing.set_defaults(handler=cmd_staff_list)
    role = staff_sub.add_parser("role", help="give a group member a role")
    role.add_argument("--chat-id", required=True)
    role.add_argument("--user-id", required=True, help="Telegram user id of the member")
    role.add_argument("--role", choices=("officer", "supervisor"), required=True)
    role.set_defaults(handler=cmd_staff_role)
    allow = staff_sub.add_parser(
        "allow", help="let only listed officers act in a group: add one (GROUP_ID USER_ID)"
    )
    allow.add_argument("group_id")
    allow.add_argument("user_id")
    allow.set_defaults(handler=cmd_staff_allow)
    deny = staff_sub.add_parser("deny", help="take an officer off a group's list")
    deny.add_argument("group_id")
    deny.add_argument("user_id")
    deny.set_defaults(handler=cmd_staff_deny)
    allowed = staff_sub.add_parser("allowed", help="list a group's allowed officers")
    allowed.add_argument("group_id")
    allowed.set_defaults(handler=cmd_staff_allowed)

    i18n = sub.add_parser("i18n", help="translation catalogs")
    i18n_sub = i18n.add_subparsers(dest="i18n_command", required=True)
    i18n_check = i18n_sub.add_parser("check", help="fail if catalogs miss or lack strings")
    i18n_check.set_defaults(handler=cmd_i18n_check)
    i18n_update = i18n_sub.add_parser("update", help="extract strings and merge catalogs")
    i18n_update.set_defaults(handler=cmd_i18n_update)

    add_triage_commands(sub)
    add_kb_commands(sub)

    purge = sub.add_parser(
        "purge",
        help="erase personal data and evidence of tickets closed "
        "longer than DUMAS_RETENTION_DAYS ago; prints counts",
    )
    purge.add_argument("--dry-run", action="store_true", help="count only, change nothing")
    purge.set_defaults(handler=cmd_purge)

    evidence = sub.add_parser("evidence", help="evidence files")
    evidence_sub = evidence.add_subparsers(dest="evidence_command", required=True)
    evidence_copy = evidence_sub.add_parser(
        "copy",
        help="copy every evidence file to another store (files already there are skipped); "
        "then set DUMAS_EVIDENCE_URL to it",
    )
    evidence_copy.add_argument(
        "--to", required=True, metavar="URL", help="s3://bucket/prefix or an absolute directory"
    )
    evidence_copy.set_defaults(handler=cmd_evidence_copy)

    when = sub.add_parser(
        "when",
        help="print, as JSON, when a typed time happened (status, "
        "local time, precision, phrase), or with --eval the "
        "parser's accuracy on tests/eval/when",
    )
    when.add_argument("text", nargs="?", help='what a citizen typed, e.g. "tadi malam jam 9"')
    when.add_argument("--now", help="local ISO time to read the text at (default: now in --zone)")
    when.add_argument("--zone", default="Asia/Jakarta", help="zone of --now's default")
    when.add_argument(
        "--eval",
        action="store_true",
        help="score the labelled sets; exit 1 if held-out accuracy < 0.95",
    )
    when.add_argument("--set", choices=("dev", "heldout", "all"), default="all", dest="eval_set")
    when.add_argument(
        "--compare",
        action="store_true",
        help="also score dateparser and the combination (when installed)",
    )
    when.set_defaults(handler=cmd_when)

    add_routing_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"dumas: {exc}", file=sys.stderr)
        return 2
    logs.configure(settings)
    if args.command not in ("i18n", "when"):  # those write nothing under the data directory
        from bot.data_dir import make_private

        make_private(settings.data_dir)
    from bot.store.database import StoreUnavailableError

    try:
        result: int = args.handler(args)
    except StoreUnavailableError as exc:  # a wrong or unreachable DUMAS_DATABASE_URL
        print(f"dumas: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`dumas routing eval | head`): the output was not wanted,
        # which is no error of ours. Python would print a traceback, and another one when
        # it flushes stdout at exit, so stdout is pointed at /dev/null first (the recipe
        # of the signal module's documentation, "Note on SIGPIPE").
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a command its pipe stopped
    return result


def cmd_run(args: argparse.Namespace) -> int:
    from bot.process_memory import prepare_bot_process

    prepare_bot_process()  # before bot.app imports the libraries (bot/process_memory.py)
    from bot.app import Runtime

    settings = load_settings()
    if not settings.telegram_enabled and not settings.whatsapp_enabled:
        # A server started without its token must not quietly become the demo (a page
        # with demonstration data on a port the operator meant for webhooks): only the
        # quick start (`make run`) asks for that fallback.
        if not getattr(args, "demo_if_unconfigured", False):
            print(
                "dumas: no channel is configured: set DUMAS_TELEGRAM_TOKEN (Telegram) or "
                "DUMAS_TWILIO_ACCOUNT_SID, DUMAS_TWILIO_AUTH_TOKEN and "
                "DUMAS_TWILIO_WHATSAPP_FROM (WhatsApp), or try `dumas demo`",
                file=sys.stderr,
            )
            return 2
        print(
            "No channel is configured (DUMAS_TELEGRAM_TOKEN / DUMAS_TWILIO_ACCOUNT_SID are "
            "empty): starting the web demo instead (`dumas chat` is the terminal chat).",
            file=sys.stderr,
        )
        return cmd_demo(args)

    from bot.event_loop import running_loop_name

    async def serve() -> None:
        runtime = Runtime(settings)
        await runtime.start()
        logging.getLogger("dumas").info(
            "Dumas is running; channels: %s; event loop: %s",
            ", ".join(sorted(runtime.adapters)),
            running_loop_name(),
        )
        try:
            await asyncio.Event().wait()
        finally:
            await runtime.stop()

    return _serve(serve(), "Dumas", settings.loop)


def _serve(main: Coroutine[Any, Any, None], what: str, event_loop: str) -> int:
    """Run a long-lived service on the chosen event loop (DUMAS_EVENT_LOOP) until Ctrl-C
    or SIGTERM (systemd, docker stop), either of which stops it cleanly; a broken routing
    table or a port in use stops it with one line."""
    from bot.event_loop import run
    from bot.routing.table import RoutingTableError

    async def until_terminated() -> None:
        task = asyncio.current_task()
        assert task is not None
        # SIGTERM cancels the service like Ctrl-C does, so its `finally` stops the
        # runtime (and the intake process) instead of the process dying mid-step.
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await main

    try:
        run(until_terminated(), event_loop)
    except RoutingTableError as exc:
        print(f"dumas: the routing table is invalid: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"dumas: cannot start {what}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from bot.channels.web.demo import serve

    settings = load_settings()
    port = getattr(args, "port", None)
    if port is not None:
        settings = replace(settings, http_port=port)
    return _serve(
        serve(settings, announce=lambda text: print(text, flush=True)),
        "the demo",
        settings.loop,
    )


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.app import Runtime
    from bot.channels.console import ConsoleAdapter
    from bot.ingest import Incoming, ingest

    settings = load_settings()
    user = getattr(args, "user", "local")
    console = ConsoleAdapter()

    async def talk() -> None:
        runtime = Runtime(settings, serve_http=False, extra_channels=[(console, console.sender)])
        await runtime.start()
        print(
            "Dumas try-out chat. Type /start to begin, a number to press a button, "
            "@LAT,LON to share a location, Ctrl-D to quit.",
            flush=True,
        )
        loop = asyncio.get_running_loop()
        try:
            while True:
                line = await loop.run_in_executor(None, sys.stdin.readline)
                if not line:
                    break
                if not line.strip():
                    continue
                payload = console.event_for_line(user, line.rstrip("\n"))
                await ingest(
                    runtime.db, runtime.dispatcher, console, [Incoming(console.next_id(), payload)]
                )
                await runtime.dispatcher.wait_idle()
                await runtime.senders["console"].drain(5)
        finally:
            await runtime.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(talk())
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from bot.catalog import load_categories
    from bot.i18n.catalogs import catalog_problems
    from bot.routing.regions import RegionTree
    from bot.routing.resolver import TABLE_PATH
    from bot.routing.table import read_table
    from bot.triage.model_file import model_problems

    problems = []
    categories = load_categories()
    _, table_problems = read_table(TABLE_PATH, RegionTree())
    problems += [f"routing table: {p}" for p in table_problems]
    problems += [f"catalogs: {p}" for p in catalog_problems()]
    problems += [f"triage model: {p}" for p in model_problems()]
    for problem in problems:
        print(problem)
    print(
        f"settings OK; {len(categories)} categories; "
        f"{'problems: ' + str(len(problems)) if problems else 'routing table and catalogs OK'}"
    )
    return 1 if problems else 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from bot.store.database import open_store

    settings = load_settings()

    async def migrate() -> None:
        async with open_store(settings.database_url, settings.db_path) as db:
            print(f"{settings.database}: schema version {await db.schema_version()}")

    asyncio.run(migrate())
    return 0


def _at_least_one(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def cmd_db_copy(args: argparse.Namespace) -> int:
    from bot.store.copy import CopyFailed, CopyRefused, TableCopy, copy_database
    from bot.store.postgres import redacted

    settings = load_settings()
    if settings.database_url:
        print(
            "dumas: db copy reads the SQLite file under DUMAS_DATA_DIR, but "
            f"DUMAS_DATABASE_URL={settings.database} is set: run it with that setting empty",
            file=sys.stderr,
        )
        return 2
    if not args.target.startswith(("postgresql://", "postgres://")):
        print("dumas: --to must be a postgresql:// URL", file=sys.stderr)
        return 2

    async def table_done(table: TableCopy) -> None:
        print(f"  {table.name}: {table.rows} rows, checksum {table.checksum[:16]}", flush=True)

    print(f"copying {settings.db_path} to {redacted(args.target)} (one transaction)")
    try:
        report = asyncio.run(
            copy_database(
                settings.db_path, args.target, batch_size=args.batch_size, on_table=table_done
            )
        )
    except CopyRefused as exc:
        print(f"dumas: {exc}", file=sys.stderr)
        return 2
    except CopyFailed as exc:
        print(f"dumas: the copy failed and was rolled back: {exc}", file=sys.stderr)
        return 1
    rows = sum(t.rows for t in report.tables)
    print(
        f"copied and verified {rows} rows in {len(report.tables)} tables (schema version "
        f"{report.schema_version}); identity sequences moved past the highest ids"
    )
    from bot.evidence import CorruptEvidence, EvidenceUnavailable

    try:
        for line in _evidence_after_copy(settings):
            print(line)
    except (EvidenceUnavailable, CorruptEvidence) as exc:
        print(
            f"dumas: the database was copied, the evidence files not: {exc}. Fix that and "
            "run `dumas evidence copy --to URL` (it skips the files already there).",
            file=sys.stderr,
        )
        return 1
    print(
        f"next: set DUMAS_DATABASE_URL={redacted(args.target)} and start Dumas; keep "
        f"{settings.db_path.name} as the backup of the day you moved"
    )
    return 0


def _evidence_after_copy(settings: Any) -> list[str]:
    """What `db copy` does with the evidence files. They are read from
    DUMAS_DATA_DIR/evidence (the SQLite installation's place); when DUMAS_EVIDENCE_URL names
    another store (a shared mount, S3), the files it lacks are copied there, each checked
    against its SHA-256 name (bot/evidence/copying.py), so a second run copies only what
    the first did not. Otherwise they stay where the PostgreSQL installation reads them."""
    from bot.evidence import DirectoryStore, copy_all

    directory = settings.data_dir / "evidence"  # where an SQLite installation keeps them
    source = DirectoryStore(directory)
    target = settings.evidence
    if str(target) != str(source):
        copied = copy_all(source, target)
        return [f"evidence: {copied} file(s) copied from {source} to {target}"]
    files = sum(1 for p in directory.rglob("*") if p.is_file()) if directory.is_dir() else 0
    return [
        f"evidence: {files} file(s) stay in {directory}; nothing was moved. One instance "
        "reads them there as before; for several instances, mount that directory on every "
        "one at the same DUMAS_DATA_DIR/evidence path (a shared mount), or set "
        "DUMAS_EVIDENCE_URL (a shared directory or s3://) and run this copy again, or "
        "`dumas evidence copy --to URL`."
    ]


def _with_db(work):
    from bot.store.database import open_store

    settings = load_settings()

    async def run() -> int:
        async with open_store(settings.database_url, settings.db_path) as db:
            result: int = await work(db)
            return result

    return asyncio.run(run())


def cmd_staff_link(args: argparse.Namespace) -> int:
    from bot.routing.regions import RegionTree
    from bot.routing.resolver import TABLE_PATH
    from bot.routing.table import load_table
    from bot.store import staff_groups

    table = load_table(TABLE_PATH, RegionTree())
    unit = table.unit(args.unit)
    if unit is None:
        print(
            f"dumas: no unit {args.unit!r} in {TABLE_PATH} (see `dumas routing check`)",
            file=sys.stderr,
        )
        return 2
    if args.chat_id is None:
        from bot.officers.binding import new_code

        async def make_code(db) -> int:
            settings = load_settings()
            code = await new_code(db, unit.id, args.role, settings.staff_code_hours)
            print(
                f"One-time code for {unit.name} ({unit.id}, {args.role}), valid "
                f"{settings.staff_code_hours:g} h:\n\n    /daftar {code}\n\nAdd the bot to "
                "the group and post that line there."
            )
            return 0

        return int(_with_db(make_code))
    chat_id = str(args.chat_id).strip()
    if not chat_id.lstrip("-").isdigit():
        print("dumas: --chat-id must be a Telegram chat id such as -1001234567890", file=sys.stderr)
        return 2

    async def work(db) -> int:
        from bot.officers.service import Officers

        await staff_groups.bind(db, chat_id, unit.id, args.role)
        backlog = 0
        if args.role in ("unit", "ppa"):  # waiting tickets get their cards (the bot sends them)
            officers = Officers(db, load_settings(), table)
            async with db.transaction() as conn:
                backlog = await officers.distribution.on_group_bound(conn, chat_id, unit.id)
        print(
            f"group {chat_id} bound to {unit.name} ({unit.id}) as {args.role}; "
            f"{backlog} waiting ticket(s) queued for it"
        )
        return 0

    return int(_with_db(work))


def cmd_staff_unlink(args: argparse.Namespace) -> int:
    from bot.store import staff_groups

    async def work(db) -> int:
        if await staff_groups.unbind(db, str(args.chat_id)):
            print(f"group {args.chat_id} unbound")
            return 0
        print(f"dumas: group {args.chat_id} was not bound", file=sys.stderr)
        return 1

    return int(_with_db(work))


def cmd_staff_list(args: argparse.Namespace) -> int:
    from bot.store import staff_groups

    async def work(db) -> int:
        groups = await staff_groups.all_groups(db)
        print(
            json.dumps(
                [
                    g.__dict__
                    if hasattr(g, "__dict__")
                    else {
                        "chat_id": g.chat_id,
                        "unit_id": g.unit_id,
                        "role": g.role,
                        "title": g.title,
                        "bound_at": g.bound_at,
                    }
                    for g in groups
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0

    return int(_with_db(work))


def cmd_staff_role(args: argparse.Namespace) -> int:
    from bot.store import staff_roles

    async def work(db) -> int:
        await staff_roles.set_role(db, str(args.chat_id), str(args.user_id), args.role)
        print(f"user {args.user_id} in group {args.chat_id}: {args.role}")
        return 0

    return int(_with_db(work))


def cmd_staff_allow(args: argparse.Namespace) -> int:
    from bot.officers import roster

    async def work(db) -> int:
        added = await roster.allow(db, args.group_id, args.user_id)
        count = len(await roster.listed(db, args.group_id))
        state = "added to" if added else "already on"
        print(f"user {args.user_id} {state} the list of group {args.group_id} ({count} listed)")
        return 0

    return _staff_list_command(work)


def cmd_staff_deny(args: argparse.Namespace) -> int:
    from bot.officers import roster

    async def work(db) -> int:
        if not await roster.deny(db, args.group_id, args.user_id):
            print(f"dumas: user {args.user_id} is not on group {args.group_id}'s list")
            return 1
        left = len(await roster.listed(db, args.group_id))
        tail = f"{left} listed" if left else "no list now: every member may act"
        print(f"user {args.user_id} taken off the list of group {args.group_id} ({tail})")
        return 0

    return _staff_list_command(work)


def cmd_staff_allowed(args: argparse.Namespace) -> int:
    from bot.officers import roster

    async def work(db) -> int:
        users = await roster.listed(db, args.group_id)
        print(json.dumps({"group_id": str(args.group_id), "allowed": users}, indent=2))
        return 0

    return _staff_list_command(work)


def _staff_list_command(work) -> int:
    try:
        return int(_with_db(work))
    except ValueError as exc:  # not a numeric id
        print(f"dumas: {exc}", file=sys.stderr)
        return 2


def cmd_i18n_check(args: argparse.Namespace) -> int:
    from bot.i18n.catalogs import catalog_problems

    problems = catalog_problems()
    for problem in problems:
        print(problem)
    print("catalogs OK" if not problems else f"{len(problems)} catalog problem(s)")
    return 1 if problems else 0


def cmd_purge(args: argparse.Namespace) -> int:
    from bot.privacy.service import purge
    from bot.store.database import open_store, utcnow

    settings = load_settings()

    async def go() -> dict[str, int]:
        db = await open_store(settings.database_url, settings.db_path).open()
        try:
            return await purge(
                db, settings.evidence, settings.retention_days, utcnow(), dry_run=args.dry_run
            )
        finally:
            await db.close()

    print(json.dumps(asyncio.run(go())))
    return 0


def cmd_evidence_copy(args: argparse.Namespace) -> int:
    from bot.evidence import CorruptEvidence, EvidenceUnavailable, MissingClient, copy_all, store_at

    settings = load_settings()
    if not args.to.startswith(("s3://", "/", "file:///")):
        print(
            "dumas evidence copy: --to must be s3://bucket/prefix or an absolute directory",
            file=sys.stderr,
        )
        return 2
    try:
        source = settings.evidence
        # the target is on the same object store as the source when both are s3://
        target = store_at(args.to, settings.evidence_dir, settings.s3_endpoint_url)
        if str(source) == str(target):
            print(f"dumas evidence copy: the evidence is already in {target}", file=sys.stderr)
            return 2
        copied = copy_all(source, target)
    except (EvidenceUnavailable, MissingClient, CorruptEvidence) as exc:
        print(f"dumas evidence copy: {exc}", file=sys.stderr)
        return 1
    print(f"copied {copied} evidence files from {source} to {target}")
    return 0


def cmd_when(args: argparse.Namespace) -> int:
    from bot.evaluation import when as evaluation

    if args.eval:
        return evaluation.run_eval(args.eval_set, compare=args.compare)
    if not args.text:
        print("dumas when: give a TEXT, or --eval", file=sys.stderr)
        return 2
    print(
        json.dumps(
            evaluation.parse_json(args.text, evaluation.now_in(args.now, args.zone)),
            ensure_ascii=False,
        )
    )
    return 0


def cmd_i18n_update(args: argparse.Namespace) -> int:
    from bot.i18n.catalogs import update_catalogs

    for line in update_catalogs():
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
