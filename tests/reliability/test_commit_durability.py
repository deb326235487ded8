"""Nothing outside acts on a DEFERRED commit before an AT_COMMIT one (bot/store/connection.py
`Durability`, docs/reliability.md "Durability settings").

A DEFERRED commit (PostgreSQL: synchronous_commit off for that transaction) is lost if the
server crashes before the next AT_COMMIT commit flushes the WAL through it. That is safe
only while nothing outside has acted on it yet: a step's replies may leave only after the
sender's 'sending' mark, an AT_COMMIT commit, and an update may be acknowledged only after
its inbox row's AT_COMMIT commit. Here a citizen files a whole complaint with a photo
through the real runtime and the fake Bot API, every commit of the store is recorded with
its durability in one sequence with every request the bot makes to Telegram, and:

- the last commit before each request that delivers something (sendMessage, an answer to a
  button, ...) is AT_COMMIT (one citizen at a time: the sender's mark is that commit; a
  mark made DEFERRED, or a message sent straight after a step, fails here);
- the acknowledging writes (bot/ingest.py) and the sender's (bot/outbox/, bot/channels/)
  are AT_COMMIT, and some commits are DEFERRED (the steps'), so the check is not empty.

And a step whose files are deleted after its commit (a cancelled draft's photo) commits
AT_COMMIT: the last commit before each deletion is (without `durable` in
bot/store/privacy.py this fails on PostgreSQL).

The durability is recorded on both backends (SQLite ignores it: synchronous=FULL, and its
steps share one COMMIT: bot/step_commit.py), so the test runs in either suite.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from bot.store.connection import Connection, Durability
from tests.e2e.steps import finish, reach
from tests.harness import Harness

JPEG = b"\xff\xd8\xff\xe0" + b"photo-bytes" * 100
REPO = Path(__file__).resolve().parents[2]
# Requests that read from Telegram or set the bot up: nothing in them acts on our rows.
NOT_EFFECTS = ("get", "setWebhook", "deleteWebhook", "setMy", "logOut", "close")
# Modules whose writes something outside acts on at once: the acknowledgement of an update
# (the webhook's 200, the poller's offset) and the sender's marks before a request.
ACTING = ("bot/ingest.py", "bot/outbox/", "bot/channels/")

Entry = tuple[str, str, str]  # ("commit", durability, caller) or ("request", method, "")


def _caller() -> str:
    """The repository path of the code that opened the transaction (past the steps'
    shared transaction, bot/step_commit.py, which opens it for its first member, and
    SQLite's `single_write`)."""
    frame = sys._getframe(2)
    while frame.f_back is not None and frame.f_code.co_filename.endswith(_PASSED):
        frame = frame.f_back
    path = Path(frame.f_code.co_filename).resolve()
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


# SQLite's single_write is a transaction() (bot/store/database.py): its caller's
_PASSED = ("bot/step_commit.py", "contextlib.py", "bot/store/database.py")


def _recording(
    log: list[Entry], opening: Callable[..., AbstractAsyncContextManager[Connection]]
) -> Callable[..., AbstractAsyncContextManager[Connection]]:
    """`opening` (a store's `transaction` or `single_write`), each commit logged once done
    with the durability the connection had at its COMMIT."""

    def opened(*args: Any, **kwargs: Any) -> AbstractAsyncContextManager[Connection]:
        caller = _caller()

        @asynccontextmanager
        async def recorded() -> AsyncIterator[Connection]:
            async with opening(*args, **kwargs) as conn:
                yield conn
                durability = conn.durability  # as it stands at the COMMIT
            log.append(("commit", durability.value, caller))

        return recorded()

    return opened


class _Requests(list[Any]):
    """The fake Bot API's `calls`, each also logged at its arrival."""

    def __init__(self, log: list[Entry], calls: list[Any]) -> None:
        super().__init__(calls)
        self.log = log

    def append(self, call: Any) -> None:
        self.log.append(("request", call.method, ""))
        super().append(call)


async def test_no_request_follows_a_deferred_commit(harness: Harness) -> None:
    log: list[Entry] = []
    db = harness.db
    db.transaction = _recording(log, db.transaction)
    if db.dialect == "postgresql":  # on SQLite it opens a transaction(), recorded there
        db.single_write = _recording(log, db.single_write)
    harness.api.calls = _Requests(log, harness.api.calls)

    citizen = harness.citizen(9301)
    await reach(citizen, "evidence")
    harness.api.add_file("PHOTO1", JPEG)
    await citizen.send(harness.updates.photo(9301, file_id="PHOTO1", file_size=len(JPEG)))
    await finish(citizen)
    assert await harness.rows("SELECT id FROM tickets"), "the complaint was not filed"
    assert len(await harness.rows("SELECT id FROM evidence")) == 1

    last_commit: str | None = None
    unsafe = []
    for n, (kind, what, _caller_path) in enumerate(log):
        if kind == "commit":
            last_commit = what
        elif not what.startswith(NOT_EFFECTS) and last_commit == Durability.DEFERRED.value:
            unsafe.append((n, what, log[max(0, n - 3) : n]))
    assert not unsafe, f"requests right after a DEFERRED commit: {unsafe}"

    commits = [(what, caller) for kind, what, caller in log if kind == "commit"]
    acting = [(what, caller) for what, caller in commits if caller.startswith(ACTING)]
    # (SQLite: the inbox's rows join the steps' shared COMMIT when one is forming, on
    # disk like every SQLite commit; PostgreSQL: always a write of their own)
    expected = {"ingest.py", "outbox"} if db.dialect == "postgresql" else {"outbox"}
    assert {caller.split("/")[1] for _what, caller in acting} >= expected
    assert all(what == Durability.AT_COMMIT.value for what, _caller_path in acting), acting
    deferred = {caller for what, caller in commits if what == Durability.DEFERRED.value}
    assert deferred, "no DEFERRED commit: the check above checked nothing"
    requests = [what for kind, what, _c in log if kind == "request"]
    assert "sendMessage" in requests


async def test_a_step_whose_files_go_after_it_commits_at_commit(harness: Harness) -> None:
    """A draft with a photo cancelled (/batal, confirmed): the step drops the draft's
    evidence row and the file is deleted after its commit. Were that commit DEFERRED and
    lost in a server crash, the row would come back naming a deleted file: the last
    commit before each deletion must be AT_COMMIT (bot/store/privacy.py `durable`)."""
    log: list[Entry] = []
    db = harness.db
    db.transaction = _recording(log, db.transaction)
    evidence = harness.runtime.settings.evidence
    delete = evidence.delete

    def deleting(name: str) -> None:
        log.append(("delete", name, ""))
        delete(name)

    evidence.delete = deleting  # type: ignore[method-assign]

    citizen = harness.citizen(9302)
    await reach(citizen, "evidence")
    harness.api.add_file("PHOTO2", JPEG)
    await citizen.send(harness.updates.photo(9302, file_id="PHOTO2", file_size=len(JPEG)))
    await citizen.say("/batal")
    await citizen.press("cancel:yes")  # something was written: /batal asks first
    assert not await harness.rows("SELECT id FROM evidence")

    deletions = [n for n, (kind, _what, _c) in enumerate(log) if kind == "delete"]
    assert deletions, "the draft's file was not deleted: nothing was checked"
    for n in deletions:
        commits = [entry for entry in log[:n] if entry[0] == "commit"]
        assert commits[-1][1] == Durability.AT_COMMIT.value, log[max(0, n - 4) : n + 1]
