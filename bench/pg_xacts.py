"""The server's transactions per update, each attributed to where in Dumas it comes from
(bench_instances.py --pg-xacts; issue 19, session 35).

pg_stat_database counts transactions (xact_commit) but cannot say whose they are. For the
measured runs the throwaway cluster logs every statement it executes with its duration
(`log_min_duration_statement = 0`: the line is written after the statement ran, so `%x`
shows the transaction id if the statement wrote), its backend, application name, virtual
transaction id and transaction id. Lines of one backend with one virtual transaction id
are one transaction (the COMMIT of an explicit one is logged after it ended, with local
id 0, and joins the transaction before it); a transaction that holds a transaction id
wrote, so its COMMIT waited for the WAL's flush (synchronous_commit on). Each
transaction's statements name its source (`SOURCES`, first match). Logging every
statement costs the server CPU: the CPU figures of a --pg-xacts run are not comparable
with others', its counts are.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

# the bench's own connections (the harness's polls, the snapshots) carry this name
HARNESS = "bench harness"

_SETTINGS = {
    "log_min_duration_statement": "0",
    "log_line_prefix": "'%p|%d|%a|%v|%x|'",
    "log_parameter_max_length": "0",
}

_LINE = re.compile(
    r"^(\d+)\|([^|]*)\|([^|]*)\|(\d+)/(\d+)\|(\d+)\|LOG:  duration: [\d.]+ ms  "
    r"(statement|parse|bind|execute)( [^:]*)?: (.*)$"
)

# Where a transaction comes from, by what it runs (the first rule that matches any of
# its statements, in this order). The store modules named are where the SQL lives.
SOURCES: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.S))
    for name, pattern in [
        ("lanes: take (lanes.take_many)", r"dumas_take_lane"),
        ("lanes: next or release (lanes.next_or_release_many)", r"dumas_next_or_release"),
        ("lanes: single take / release", r"pg_try_advisory_lock|pg_advisory_unlock\("),
        ("inbox insert (ingest's group commit)", r"^INSERT INTO inbox"),
        ("citizens' arrival (conversations.arrive_many)", r"platform_locale, display_name, n\)"),
        ("step, one statement (steps.apply_many)", r"outcome = 'ok' FROM given"),
        ("step, a transaction (a ticket, other steps)", r"^UPDATE inbox SET processed_at"),
        ("sender: 'sent' marks (+ next round's start)", r"status = 'sent'"),
        ("sender: round start (start_attempts)", r"^WITH locked AS"),
        ("sender: heads read (open_heads)", r"DISTINCT ON \(chat_id\)"),
        ("sender: reschedule / failed", r"UPDATE outbox SET status = '(pending|failed)'"),
        ("timers (conversations.due_timers)", r"timers_due_from <="),
        ("evidence claims (evidence_claims: claim, release)", r"evidence_claims"),
        ("evidence quota read", r"SUM\(size\)"),
        (
            "complaint start reads (tickets.complaint_start; the caps' filed_since)",
            r"citizen_flags WHERE citizen_id|FROM tickets WHERE citizen_id",
        ),
        ("staff digests / cards", r"staff_digest|ticket_cards|kind IN \('card', 'digest'\)"),
        ("officers' deadlines", r"ticket_deadlines"),
        ("inbox reads (sweep)", r"FROM inbox"),
        ("ticket reads", r"FROM tickets"),
    ]
]


@dataclass
class Transaction:
    app: str
    statements: list[str] = field(default_factory=list)  # executed (not parse/bind)
    prepares: int = 0
    wrote: bool = False
    explicit: bool = False

    @property
    def source(self) -> str:
        if self.app.startswith("dumas leader"):
            return "leadership (its own connection)"
        if not self.statements:
            return "statement preparation only (parse)"
        for name, pattern in SOURCES:
            if any(pattern.search(s) for s in self.statements):
                return name
        return "other: " + _shape(self.statements[0])[:70]


def _shape(sql: str) -> str:
    sql = " ".join(sql.split())
    sql = re.sub(r"\$\d+(?:, \$\d+)+", "$n, ...", sql)
    return re.sub(r"VALUES \([^)]*\)(?:, \([^)]*\))*", "VALUES (...)", sql)


async def start_logging(cluster_url: str, log: Path) -> int:
    """Log every statement from now on; the log's size, where the runs' lines begin."""
    conn = await asyncpg.connect(cluster_url)
    try:
        for name, value in _SETTINGS.items():
            await conn.execute(f"ALTER SYSTEM SET {name} = {value}")
        await conn.execute("SELECT pg_reload_conf()")
    finally:
        await conn.close()
    return log.stat().st_size


async def stop_logging(cluster_url: str, log: Path) -> int:
    size = log.stat().st_size
    conn = await asyncpg.connect(cluster_url)
    try:
        for name in _SETTINGS:
            await conn.execute(f"ALTER SYSTEM RESET {name}")
        await conn.execute("SELECT pg_reload_conf()")
    finally:
        await conn.close()
    return size


def transactions(log: Path, start: int, end: int, database: str) -> list[Transaction]:
    """The transactions of `database`'s backends logged between two offsets of the log
    (the bench's own connections left out)."""
    with log.open("rb") as f:
        f.seek(start)
        text = f.read(end - start).decode(errors="replace")
    found: dict[tuple[int, int, int], Transaction] = {}
    current: dict[int, tuple[int, int, int]] = {}
    last: tuple[int, int, int] | None = None
    for line in text.splitlines():
        if line.startswith("\t") and last is not None:  # a statement's next line
            t = found[last]
            if t.statements:
                t.statements[-1] += " " + line.strip()
            continue
        m = _LINE.match(line)
        if m is None:
            last = None
            continue
        pid, db, app, backend, lxid, xid, kind, _, sql = m.groups()
        if db != database or app == HARNESS:
            last = None
            continue
        if int(lxid) == 0:  # logged after its transaction ended: an explicit COMMIT
            key = current.get(int(pid))
            if key is None:
                last = None
                continue
        else:
            key = (int(pid), int(backend), int(lxid))
            current[int(pid)] = key
        t = found.setdefault(key, Transaction(app or "store"))
        if int(xid):
            t.wrote = True
        if kind == "parse":
            t.prepares += 1
        elif kind in ("statement", "execute"):
            if sql.strip().upper() in ("BEGIN", "COMMIT", "ROLLBACK"):
                t.explicit = True
            t.statements.append(sql)
        last = key
    return list(found.values())


_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)
_RETURNS = re.compile(r"\bRETURNING\b", re.I)


def unanswered(t: Transaction) -> tuple[int, int]:
    """Round trips of an explicit transaction whose answer Dumas could do without before
    sending the next statement (session 36): BEGIN, and a write that returns no rows
    (INSERT/UPDATE/DELETE without RETURNING) that is not the transaction's last
    statement before COMMIT; and of those writes, how many repeat the statement just
    before them (an `executemany` could send them together). An upper bound: a caller
    may read a write's row count."""
    if not t.explicit:
        return 0, 0
    count = repeats = 0
    body = [s for s in t.statements if s.strip().upper() not in ("COMMIT", "ROLLBACK")]
    for i, sql in enumerate(body):
        if sql.strip().upper() == "BEGIN":
            count += 1
        elif i + 1 < len(body) and _WRITE.match(sql) and not _RETURNS.search(sql):
            count += 1
            repeats += _shape(sql) == _shape(body[i - 1]) if i else 0
    return count, repeats


def profile(found: list[Transaction], updates: int) -> str:
    """Per update: transactions and their statements by source, as a markdown table."""
    per = 1 / max(1, updates)
    rows: dict[str, Counter[str]] = {}
    for t in found:
        c = rows.setdefault(t.source, Counter())
        c["xacts"] += 1
        c["writing"] += t.wrote
        c["explicit"] += t.explicit
        c["statements"] += len(t.statements)
        c["begin_commit"] += sum(
            1 for s in t.statements if s.strip().upper() in ("BEGIN", "COMMIT", "ROLLBACK")
        )
        c["apps_leader"] += t.app.startswith("dumas leader")
        waiting, repeated = unanswered(t)
        c["unanswered"] += waiting
        c["repeated"] += repeated
    out = [
        f"transactions per update by source ({updates} updates, {len(found)} transactions; "
        "statements = executions, BEGIN/COMMIT included):",
        "",
        "| source | transactions | of which wrote (COMMIT waits for the WAL flush) | "
        "explicit (BEGIN ... COMMIT) | statements | of which BEGIN/COMMIT |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total: Counter[str] = Counter()
    for source, c in sorted(rows.items(), key=lambda kv: -kv[1]["xacts"]):
        total.update(c)
        out.append(
            f"| {source} | {c['xacts'] * per:.3f} | {c['writing'] * per:.3f} | "
            f"{c['explicit'] * per:.3f} | {c['statements'] * per:.3f} | "
            f"{c['begin_commit'] * per:.3f} |"
        )
    out.append(
        f"| **all** | {total['xacts'] * per:.3f} | {total['writing'] * per:.3f} | "
        f"{total['explicit'] * per:.3f} | {total['statements'] * per:.3f} | "
        f"{total['begin_commit'] * per:.3f} |"
    )
    out += [
        "",
        f"round trips per update whose answer the next statement does not need (BEGIN, a "
        f"write without RETURNING that is not last; an upper bound): "
        f"{total['unanswered'] * per:.3f}, of which a write repeating the one before "
        f"{total['repeated'] * per:.3f}; by source: "
        + ", ".join(
            f"{source} {c['unanswered'] * per:.3f}"
            for source, c in sorted(rows.items(), key=lambda kv: -kv[1]["unanswered"])
            if c["unanswered"]
        ),
    ]
    out += ["", ticket_statements(found, updates)]
    # the shapes of the most frequent transactions, to check the attribution
    shapes = Counter(
        (t.source, " ; ".join(_shape(s)[:60] for s in t.statements[:6])) for t in found
    )
    out += ["", "most frequent transactions (statements, first 60 characters of each):"]
    for (source, text), n in shapes.most_common(20):
        out.append(f"  {n * per:.3f}  [{source}] {text}")
    return "\n".join(out)


_TICKET = re.compile(r"^\s*(WITH\b.*)?INSERT INTO tickets\b", re.I | re.S)


def ticket_statements(found: list[Transaction], updates: int) -> str:
    """The statements of the transactions that file a ticket (an INSERT INTO tickets,
    alone or in a CTE; session 36), by shape, in the order they first appear: how many
    each such transaction runs on average, to see which could fold into one another."""
    tickets = [t for t in found if any(_TICKET.match(s) for s in t.statements)]
    if not tickets:
        return "the ticket's transaction: none in these runs"
    order: dict[str, int] = {}
    counts: Counter[str] = Counter()
    for t in tickets:
        for sql in t.statements:
            shape = _shape(sql)[:110]
            order.setdefault(shape, len(order))
            counts[shape] += 1
    n = len(tickets)
    total = sum(counts.values())
    out = [
        f"the ticket's transaction: {n} in these runs ({n / max(1, updates):.3f} per update), "
        f"{total / n:.2f} statements each ({total / max(1, updates):.3f} per update); "
        "by shape, executions per ticket:",
    ]
    for shape in sorted(order, key=order.__getitem__):
        out.append(f"  {counts[shape] / n:5.2f}  {shape}")
    return "\n".join(out)
