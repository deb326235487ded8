"""Shared fixtures: the routing data (built once per session) and the e2e harness.

`DUMAS_TEST_DATABASE=postgresql` runs the tests on PostgreSQL: one throwaway cluster for
the session (tests/pg_cluster.py), and for each test fresh databases copied from a
migrated template, one per data directory the test's settings name, as each has its
SQLite file on the other run (TestDatabases: the default of DUMAS_DATABASE_URL is
replaced for the test); they are dropped after the test.
Unset (or `sqlite`), nothing changes: each test has its SQLite file under tmp_path.

`DUMAS_TEST_STORE_TESTS=FILE` lets CI run on PostgreSQL exactly the tests that use a
store: the SQLite run writes to FILE the ids of the tests during which the store ran a
statement (the store's connection is watched), and the PostgreSQL run given the same
FILE deselects the others.
The tests left out (routing, triage training, the flows' pure functions) never reach
the store, so running them twice would measure nothing new; a test that starts using a
store is picked up by the next SQLite run without anyone editing a list.

A test may reach the store in a process of its own: `python -m bot.cli ...` (the CLI
tests, a real `dumas run` killed and restarted). Every process the tests start goes
through `subprocess.Popen` (asyncio's subprocesses too), which is watched here
(`_watch_product_processes`): on SQLite, a test whose product process wrote the SQLite
store file of its settings is noted like one whose own connection ran a statement; on
PostgreSQL, a product process given no DUMAS_DATABASE_URL gets its data directory's
database, as the settings loaded in the test process do. (A process given a URL keeps it: the kill
tests of several instances have a PostgreSQL cluster of their own on both runs.)

The suite runs in parallel with pytest-xdist (`make test` passes `-n`; see the README's
"Development"). Each worker is a process of its own; what the tests of a run share is
handled here: DUMAS_DATA_DIR (a subdirectory per worker), the noted store tests (each
worker sends its own to the controller, which writes the one file) and the PostgreSQL
cluster (one per run, started by the controller; each worker makes its databases in it
under names with its process id).

`DUMAS_TEST_EVENT_LOOP=uvloop` runs the tests' event loops (pytest-asyncio's) and every
product process the tests start (given no DUMAS_EVENT_LOOP of its own; by default those
on PostgreSQL run on uvloop, those on SQLite on asyncio's loop) on uvloop
(bench/README.md "Session 36: the event loop and round trips on PostgreSQL").
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import itertools
import os
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.routing.resolver import Router
from bot.store.database import Database, open_store
from bot.store.postgres import PostgresDatabase
from tests.built_once import imported_boundaries, installed_router, run_directory
from tests.dispatcher.pg_database import fresh_database_url
from tests.harness import Clock, Harness, telegram_harness
from tests.pg_cluster import ON_POSTGRESQL, Cluster

_databases = itertools.count(1)

STORE_TESTS_FILE = os.environ.get("DUMAS_TEST_STORE_TESTS", "").strip()
_running_test = ""  # the node id of the test being run (pytest_runtest_protocol)
_opened_a_store: set[str] = set()
# The SQLite store files the running test's product processes were pointed at
# (_watch_product_processes).
_product_stores: set[Path] = set()
# On PostgreSQL, the running test's databases (test_database): one per data directory,
# as each data directory has its SQLite file on the other run.
_test_databases: TestDatabases | None = None

# Set by pytest-xdist in its workers ("gw0", "gw1"...); unset in the controller and in a
# run without -n.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
# How the controller tells its workers where the run's PostgreSQL cluster is.
CLUSTER_ENV = "DUMAS_TEST_PG_CLUSTER"
_own_cluster: Cluster | None = None  # the cluster this process started (and stops)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, object, object]:
    """Which test runs (for the watch of the store); after its teardown, whether a
    product process it started wrote its SQLite store (mtime since the test began)."""
    global _running_test
    _running_test = item.nodeid
    _product_stores.clear()
    began = time.time()
    try:
        return (yield)
    finally:
        if STORE_TESTS_FILE and not ON_POSTGRESQL and _wrote_since(_product_stores, began):
            _opened_a_store.add(item.nodeid)


def _wrote_since(stores: set[Path], began: float) -> bool:
    """Whether one of these SQLite files (or its write-ahead log) changed since `began`
    (less a second: the file system's clock may be coarser than ours)."""
    for store in stores:
        for path in (store, store.with_name(store.name + "-wal")):
            try:
                if path.stat().st_mtime >= began - 1.0:
                    return True
            except OSError:
                continue
    return False


def _is_product(args: object) -> bool:
    """`python -m bot...` (bot.cli, bot.intake.process) or the `dumas` script, also
    inside a shell command (`/bin/sh -c "umask 022 && exec python -m bot.cli migrate"`)."""
    parts = [args] if isinstance(args, str | bytes | os.PathLike) else list(args)  # type: ignore[call-overload]
    words = [w for part in parts for w in os.fsdecode(part).split()]
    return any(Path(w).name == "dumas" for w in words) or any(
        a == "-m" and b.split(".")[0] == "bot" for a, b in itertools.pairwise(words)
    )


TEST_EVENT_LOOP = os.environ.get("DUMAS_TEST_EVENT_LOOP", "").strip() or "asyncio"

if TEST_EVENT_LOOP == "uvloop":

    def pytest_asyncio_loop_factories(
        config: pytest.Config, item: pytest.Item
    ) -> Mapping[str, Any]:
        import uvloop

        return {"uvloop": uvloop.new_event_loop}


def _watch_product_processes() -> None:
    """Wrap `subprocess.Popen.__init__` (asyncio's create_subprocess_exec uses it too)
    so that every product process a test starts is seen (module doc)."""
    original = subprocess.Popen.__init__

    def watched(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        if _is_product(args):
            env: Mapping[str, str] = kwargs.get("env") or os.environ
            data = Path(env.get("DUMAS_DATA_DIR") or "./var")
            cwd = Path(kwargs.get("cwd") or os.getcwd())
            if TEST_EVENT_LOOP != "asyncio" and "DUMAS_EVENT_LOOP" not in env:
                env = kwargs["env"] = {**env, "DUMAS_EVENT_LOOP": TEST_EVENT_LOOP}
            if ON_POSTGRESQL:
                if _test_databases is not None and not env.get("DUMAS_DATABASE_URL"):
                    url = _test_databases.url_for(cwd / data)
                    kwargs["env"] = {**env, "DUMAS_DATABASE_URL": url}
            elif not env.get("DUMAS_DATABASE_URL"):  # the SQLite file its settings name
                for store in (data, data / "demo"):  # the demo's (bot/channels/web/demo.py)
                    _product_stores.add((cwd / store / "dumas.sqlite3").resolve())
        original(self, args, *rest, **kwargs)

    subprocess.Popen.__init__ = watched  # type: ignore[method-assign]


def pytest_configure(config: pytest.Config) -> None:
    """A worker gets a DUMAS_DATA_DIR of its own: the CLI tests' subprocesses and any
    settings loaded from the environment write there, and two workers must not share it
    (as two tests of a serial run never run at once)."""
    shared = os.environ.get("DUMAS_DATA_DIR", "").strip()
    if WORKER and shared:
        own = Path(shared) / WORKER
        own.mkdir(parents=True, exist_ok=True)
        os.environ["DUMAS_DATA_DIR"] = str(own)


def pytest_sessionstart(session: pytest.Session) -> None:
    """On PostgreSQL: the run's cluster, started before pytest-xdist starts its workers
    (its own hook runs last), which inherit CLUSTER_ENV. On SQLite with
    DUMAS_TEST_STORE_TESTS: note every test during which the store ran a statement (a
    test may use a store a module-scoped fixture opened before it)."""
    global _own_cluster
    if ON_POSTGRESQL and not os.environ.get(CLUSTER_ENV):
        cluster = Cluster()
        try:
            cluster.start()
            _psql(cluster, "CREATE DATABASE dumas_template")
            _migrate(cluster.url("dumas_template"))
        except BaseException:
            cluster.stop()
            raise
        _own_cluster = cluster
        os.environ[CLUSTER_ENV] = cluster.described()
    _watch_product_processes()
    if not STORE_TESTS_FILE or ON_POSTGRESQL:
        return
    from bot.store.connection import Connection

    for name in ("execute", "execute_fetchall", "executemany"):
        original = getattr(Connection, name)

        def noting(self: Connection, *args: Any, _original: Any = original) -> Any:
            _opened_a_store.add(_running_test)
            return _original(self, *args)

        setattr(Connection, name, noting)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The noted store tests: a worker hands them to the controller
    (pytest_testnodedown), the controller or a serial run writes the file."""
    if STORE_TESTS_FILE and not ON_POSTGRESQL:
        if WORKER:
            session.config.workeroutput["store_tests"] = sorted(_opened_a_store)  # type: ignore[attr-defined]
        elif _opened_a_store:
            Path(STORE_TESTS_FILE).write_text("".join(f"{t}\n" for t in sorted(_opened_a_store)))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """pytest-xdist, in the controller: a worker finished; keep the store tests it noted."""
    _opened_a_store.update(getattr(node, "workeroutput", {}).get("store_tests", ()))


def pytest_unconfigure(config: pytest.Config) -> None:
    global _own_cluster, _admin
    if _admin is not None:  # before the cluster it is connected to stops
        _admin.close()
        _admin = None
    if _own_cluster is not None:
        _own_cluster.stop()
        _own_cluster = None
        os.environ.pop(CLUSTER_ENV, None)


# The tests that take longest (`pytest --durations=40` in a CI run: tens of seconds to
# minutes each), longest first: a node id or a prefix of node ids (a module: all its
# tests). They run first, spread over the workers (_dealt); only the order changes, and
# a test missing here merely runs in its place. Figures: README, "Development",
# "Session 33: CI time". Two lists, as two kinds share the two cores differently:
# COMPUTING keeps a core busy the whole test (model training, the engine oracle, whole-
# table routing checks: four at once on two cores each took 4 times as long, and the
# oracle's slices and a training hit the 300 s timeout under a load average of 20);
# WAITING mostly waits on real `dumas run` processes, sockets or PostgreSQL.
LONGEST_COMPUTING = (
    "tests/triage/test_training.py::test_training_twice_gives_the_same_file_byte_for_byte",
    "tests/triage/test_engine_oracle.py",
    "tests/triage/test_training.py::test_a_fixed_c_is_used_and_recorded_instead_of_the_search",
    "tests/routing/test_ambiguity_policy.py::test_a_shared_name_in_news_phrasing_english_or_misspelt_is_never_one_place",
    "tests/triage/test_category_folds.py",
    "tests/routing/test_eval.py",
    "tests/routing/test_commands.py",
    "tests/triage/test_training.py",
    "tests/routing/test_gps.py",
    "tests/routing/test_outline_files.py",
    "tests/channels/telegram/test_split.py",
    "tests/triage/test_commands.py",
    "tests/routing/test_packed_places.py",
    "tests/routing/test_ambiguity_policy.py",
)
LONGEST_WAITING = (
    "tests/reliability/test_properties.py",  # 349 s on PostgreSQL in session 33; less since 34
    "tests/e2e/test_conversation_length.py",  # 130-140 s
    "tests/test_bench_closed_loop.py",  # 65 s: both bots and a PostgreSQL cluster
    "tests/test_bench_summary.py",  # 50 s: four real `dumas run`
    "tests/reliability/test_whatsapp_cut_off.py",
    "tests/reliability/test_whatsapp_failover.py",
    "tests/reliability/test_webhook_failover.py",
    "tests/reliability/test_failover.py",
    "tests/reliability/test_webhook_redelivery.py",
    "tests/reliability/test_intake_process.py",
    "tests/test_cli.py",
    "tests/test_leadership.py",
    "tests/reliability/test_crash_safety.py",
    "tests/test_database_url.py",
    "tests/store/test_copy.py",
    "tests/test_safe_defaults.py",
    "tests/reliability/test_rate_limits.py",
    "tests/officers/test_burst.py",
    "tests/officers/test_long_content.py",
    "tests/reliability/test_platform_faults.py",
    "tests/store/test_database_close.py",
)
LONGEST_FIRST = LONGEST_COMPUTING + LONGEST_WAITING


def _rank(item: pytest.Item, entries: tuple[str, ...] = LONGEST_FIRST) -> int:
    """The index of the first of `entries` naming the test (checked in order: a test
    named alone before its module's entry); len(entries) if none does."""
    for index, entry in enumerate(entries):
        if item.nodeid == entry or item.nodeid.startswith(entry + ("[" if "::" in entry else "::")):
            return index
    return len(entries)


def _dealt(items: list[pytest.Item], workers: int) -> list[pytest.Item]:
    """The order for pytest-xdist's `--dist worksteal` with `workers` workers. It first
    hands worker k the k-th contiguous block of the collection (the sizes its
    check_schedule computes: each takes the remaining count divided by the workers left),
    and later an idle worker takes only the tail of a busy one's queue. With the longest
    tests all at the front they were one block's: in session 32's CI one worker ran the
    triage trainings and the engine oracle's slices one after another while the others
    had finished. So the longest tests are dealt in turn to the blocks' fronts: the
    computing ones to the first half of the workers (at most that many at once: the
    Makefile runs twice as many workers as cores), the waiting ones to the other half;
    the rest fill the blocks in their collection order."""
    computing = sorted(
        (i for i in items if _rank(i, LONGEST_COMPUTING) < len(LONGEST_COMPUTING)),
        key=lambda i: _rank(i, LONGEST_COMPUTING),
    )  # stable: a module's tests in their order
    waiting = sorted(
        (i for i in items if _rank(i) < len(LONGEST_FIRST) and i not in computing),
        key=_rank,
    )
    fronts: list[list[pytest.Item]] = [[] for _ in range(workers)]
    half = max(1, workers // 2)
    for n, item in enumerate(computing):
        fronts[n % half].append(item)
    others = workers - half or 1
    for n, item in enumerate(waiting):
        fronts[(half + n % others) % workers].append(item)
    dealt_ids = {id(i) for front in fronts for i in front}
    rest = iter([item for item in items if id(item) not in dealt_ids])
    dealt: list[pytest.Item] = []
    left = len(items)
    for k in range(workers):
        size = left // (workers - k)
        left -= size
        dealt += fronts[k] + list(itertools.islice(rest, max(0, size - len(fronts[k]))))
    return dealt + list(rest)


@pytest.hookimpl(trylast=True)  # after `-k`/`-m` deselected theirs: the dealing counts
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest tests first, dealt to the workers (_dealt; in one process: longest
    first). On PostgreSQL with DUMAS_TEST_STORE_TESTS naming a file the SQLite run
    wrote: only the tests that open a store (before the dealing: it counts the tests)."""
    if STORE_TESTS_FILE and ON_POSTGRESQL and Path(STORE_TESTS_FILE).is_file():
        # one id a line: a parametrized id may hold spaces ("[the leader]")
        wanted = set(Path(STORE_TESTS_FILE).read_text().splitlines())
        config.hook.pytest_deselected(items=[item for item in items if item.nodeid not in wanted])
        items[:] = [item for item in items if item.nodeid in wanted]
    # every worker collects and orders alike (pytest-xdist checks the collections match)
    given: dict[str, Any] = getattr(config, "workerinput", {})
    if given.get("dist") == "worksteal" and given.get("workercount", 1) > 1:
        items[:] = _dealt(items, int(given["workercount"]))
    else:
        items.sort(key=_rank)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist, in the controller: tell each worker the distribution mode (a
    worker's own `dist` option reads "no"), for pytest_collection_modifyitems."""
    node.workerinput["dist"] = node.config.getoption("dist")


def _psql(cluster: Cluster, sql: str) -> None:
    done = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", cluster.url(tcp=False), "-c", sql],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"psql {sql!r}: {done.stderr.strip()}")


def _migrate(url: str) -> None:
    """The template's schema, on a thread of its own (no event loop is running here)."""

    async def run() -> None:
        from bot.store.postgres import PostgresDatabase

        db = await PostgresDatabase(url).open()
        await db.close()

    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(run())
        except BaseException as exc:  # re-raised below
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


@pytest.fixture(scope="session")
def pg_cluster() -> Cluster | None:
    """The run's PostgreSQL cluster with a migrated template database `dumas_template`
    (None on SQLite); started and stopped by the controller (pytest_sessionstart)."""
    if not ON_POSTGRESQL:
        return None
    return Cluster.attached(os.environ[CLUSTER_ENV])


@pytest.fixture(params=["sqlite", "postgresql"])
async def either_store(
    request: pytest.FixtureRequest, tmp_path: Path, pg_cluster: Cluster | None
) -> AsyncIterator[Database]:
    """A store of each dialect in turn, in every suite: SQLite in a temporary file,
    PostgreSQL in a fresh database (tests/dispatcher/pg_database.py: the suite's cluster,
    or a throwaway one started on first use). For store modules that write the same rows
    with different SQL per dialect, and the outbox's sender over them."""
    url = await fresh_database_url(pg_cluster) if request.param == "postgresql" else ""
    async with open_store(url, tmp_path / "dumas.sqlite3") as db:
        yield db


@pytest.fixture
async def two_instances(
    pg_cluster: Cluster | None,
) -> AsyncIterator[tuple[Database, Database]]:
    """Two PostgreSQL stores on one fresh database, as two `dumas run` instances have
    (lanes, locks and races between instances)."""
    url = await fresh_database_url(pg_cluster)
    first = await PostgresDatabase(url).open()
    second = await PostgresDatabase(url).open()
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


# The default of DUMAS_DATABASE_URL while a test runs on PostgreSQL: settings loaded with
# it get their data directory's database instead (TestDatabases.settings).
PER_DATA_DIR = "postgresql://per-data-directory.invalid/dumas"


@dataclasses.dataclass
class TestDatabases:
    """A test's databases on PostgreSQL, one per data directory.

    On SQLite each data directory has its own store file, so two runtimes of one test
    with two data directories (the Telegram harness beside the WhatsApp one) are two
    separate installations. Giving every settings the test loads one database made them
    two instances of one installation on PostgreSQL: each drained and sent the other's
    rows through its own fake Bot API, and a citizen's reply went to the wrong fake
    (test_conversation_length failed in CI). A test that wants instances on one
    database says so with DUMAS_DATABASE_URL, and keeps it."""

    __test__ = False  # not a test class, despite its name
    cluster: Cluster
    first: str  # the test's own database (the fixture's value): the first data directory's
    by_data_dir: dict[Path, str] = dataclasses.field(default_factory=dict)
    made: list[str] = dataclasses.field(default_factory=list)  # names of the others

    def url_for(self, data_dir: Path) -> str:
        key = data_dir.expanduser().resolve()
        url = self.by_data_dir.get(key)
        if url is None:
            if not self.by_data_dir:
                url = self.first
            else:
                name = _create_database(self.cluster)
                self.made.append(name)
                url = self.cluster.url(name)
            self.by_data_dir[key] = url
        return url

    def settings(self, **fields: Any) -> Any:
        """bot.settings.Settings while the test runs: the default URL made concrete."""
        if fields.get("database_url") == PER_DATA_DIR:
            fields["database_url"] = self.url_for(Path(fields["data_dir"]))
        return _real_settings(**fields)


class _AdminConnection:
    """This process's one connection to the run's cluster, for the tests' CREATE and DROP
    DATABASE: a `psql` process for each (two a test, more with more data directories)
    took ~0.17 s of wall time each under a load average of 14, the statement itself less
    (README, "Session 39: CI time"). The fixtures using it are synchronous and a test's
    event loop is pytest-asyncio's, so the connection lives on a thread and an event
    loop of its own.

    The test waited for both statements, though neither is its subject: its database is
    now made while the test before it runs (`new_database` hands over the spare and
    starts the next one) and dropped while the next one runs (`drop_later`); the
    statements still run one at a time, in the order given (session 43, "Session 43:
    CI time" in the README). A statement that failed unwaited is raised by the next
    `new_database` or by `close`."""

    def __init__(self, url: str) -> None:
        import asyncpg

        self.url = url
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pg-admin", daemon=True)
        self._thread.start()
        self._conn = self._call(asyncpg.connect(url))
        self._turn = asyncio.Lock()  # one statement at a time on the connection (FIFO)
        self._unwaited: list[concurrent.futures.Future[None]] = []
        self._spare: tuple[str, concurrent.futures.Future[None]] | None = None

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=300)

    async def _in_turn(self, sql: str) -> None:
        async with self._turn:
            await self._conn.execute(sql)

    def _submit(self, sql: str) -> concurrent.futures.Future[None]:
        return asyncio.run_coroutine_threadsafe(self._in_turn(sql), self._loop)

    def execute(self, sql: str) -> None:
        self._submit(sql).result(timeout=300)

    def drop_later(self, name: str) -> None:
        """DROP DATABASE `name` without waiting (a test's teardown: the next test need not
        wait for it; the names are never reused)."""
        self._unwaited.append(self._submit(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

    def _make(self) -> tuple[str, concurrent.futures.Future[None]]:
        name = f"t{os.getpid()}_{next(_databases)}"
        return name, self._submit(f"CREATE DATABASE {name} TEMPLATE dumas_template")

    def new_database(self) -> str:
        """A fresh copy of the template: the spare made while the previous test ran (made
        now if there is none), and the next spare started."""
        pending = self._unwaited
        self._unwaited = [f for f in pending if not f.done()]
        for finished in (f for f in pending if f.done()):
            finished.result()  # a drop that failed fails here, not silently
        name, made = self._spare if self._spare is not None else self._make()
        self._spare = None
        made.result(timeout=300)
        self._spare = self._make()
        return name

    def close(self) -> None:
        """Waits for the statements given, drops the spare and closes; then raises the
        first statement's failure, if any (the spare is dropped all the same)."""
        failed: Exception | None = None
        try:
            for unwaited in self._unwaited:
                try:
                    unwaited.result(timeout=300)
                except Exception as exc:
                    failed = failed or exc
            if self._spare is not None:  # made for a test that never came
                name, made = self._spare
                made.result(timeout=300)
                self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self._call(self._conn.close())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()
        if failed is not None:
            raise failed


_admin: _AdminConnection | None = None


def _admin_for(cluster: Cluster) -> _AdminConnection:
    """This process's admin connection to `cluster` (opened on first use)."""
    global _admin
    if _admin is None or _admin.url != cluster.url():
        if _admin is not None:
            _admin.close()
        _admin = _AdminConnection(cluster.url())
    return _admin


def _create_database(cluster: Cluster) -> str:
    return _admin_for(cluster).new_database()


_real_settings: Any = None


@pytest.fixture(autouse=True)
def test_database(
    pg_cluster: Cluster | None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str | None]:
    """On PostgreSQL, fresh databases for this test (TestDatabases): the fixture's value
    and the database of every settings the test loads without a URL of its own (a test
    that sets the URL itself keeps it), one per data directory."""
    if pg_cluster is None:
        yield None
        return
    import bot.settings

    global _test_databases, _real_settings
    first = _create_database(pg_cluster)
    url = pg_cluster.url(first)
    databases = TestDatabases(pg_cluster, url)
    patched = tuple(
        dataclasses.replace(s, default=PER_DATA_DIR) if s.name == "DUMAS_DATABASE_URL" else s
        for s in bot.settings.SETTINGS
    )
    monkeypatch.setattr(bot.settings, "SETTINGS", patched)
    _real_settings = bot.settings.Settings
    # load_settings builds its Settings by this module-level name
    monkeypatch.setattr(bot.settings, "Settings", databases.settings)
    _test_databases = databases  # and for its product processes (_watch_product_processes)
    try:
        yield url
    finally:
        _test_databases = None
        for name in [first, *databases.made]:
            _admin_for(pg_cluster).drop_later(name)


SHARED_GEO = Path(__file__).resolve().parents[1].parent / "shared" / "geo"
GEOJSON = SHARED_GEO / "indonesia_kabupaten.geojson"


@pytest.fixture(scope="session")
def router(tmp_path_factory: pytest.TempPathFactory) -> Router:
    """The real Router as a fresh install has it (installed_router)."""
    return installed_router(tmp_path_factory, "router-data")


@pytest.fixture(scope="session")
def gazetteer_cache(tmp_path_factory: pytest.TempPathFactory, router: Router) -> Path:
    """The gazetteer cache file the `router` fixture built for the run. A product process
    whose data directory has a copy in its `cache/` starts as an installation's second
    start does, loading it instead of building it (~3.5 s of CPU a start on this machine,
    session 37): for tests of several `dumas run` processes whose subject is not a first
    start (tests/reliability/instances.py)."""
    (built,) = run_directory(tmp_path_factory, "gazetteer").glob("gazetteer-*.pickle")
    return built


@pytest.fixture(scope="session")
def gps_router(tmp_path_factory: pytest.TempPathFactory, router: Router) -> Router:
    """The real Router with the shared boundary file imported (skips when it is absent);
    imported once for the run's workers (tests/built_once.py)."""
    if not GEOJSON.is_file():
        pytest.skip(f"shared boundary file not found at {GEOJSON}")
    geo_dir = tmp_path_factory.mktemp("router-geo")
    index = imported_boundaries(tmp_path_factory, geo_dir, GEOJSON, router.tree)
    return Router(router.gazetteer, router.table, index, router.max_distance_km)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
async def harness(
    request: pytest.FixtureRequest, tmp_path: Path, router: Router, clock: Clock
) -> AsyncIterator[Harness]:
    """A runtime on the fake Bot API; `@pytest.mark.settings(NAME="value")` overrides."""
    marker = request.node.get_closest_marker("settings")
    extra = dict(marker.kwargs) if marker else {}
    async with telegram_harness(tmp_path / "data", router, extra, clock=clock) as h:
        yield h
