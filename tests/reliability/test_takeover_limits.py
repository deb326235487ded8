"""Telegram's bot-wide limit (about 30 messages a second,
https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this) across
a change of leader (issue 19: "limits for the bot as a whole, not per instance").

Only the leader sends, and each leader keeps its own `ArrivalWindow` (at most 29
messages arriving in any second, bot/outbox/limits.py). Telegram counts the old
leader's last second and the new leader's first one together. The old leader fills its
window (29 citizens answered at once) and stops; the new one takes over at once and has
29 other citizens to answer. The fake Bot API enforces the limits (a 30th message
within a second is answered 429 and counted, `limit_violations`).

What keeps the new leader from sending its 29 within that second is
`RateLimits.spent_by_another`: since session 31 every chat's bucket starts empty at a
takeover (the first message to a chat waits ~1.05 s), and since session 32 the
bot-wide window starts full too (nothing overall for a second), so either alone holds
it. Without both, the new leader's 29 went out within the old one's second: 429s.

Skipped without PostgreSQL's server binaries.
"""

from __future__ import annotations

from pathlib import Path

from bot.app import Runtime
from bot.leadership import AdvisoryLockLeadership
from bot.outbox.limits import UNLIMITED, ArrivalWindow, LimitConfig
from bot.routing.resolver import Router
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN, make_runtime, settings_for
from tests.pg_cluster import Cluster
from tests.test_leadership import new_database, wait_until

PLACES = 29  # LimitConfig().overall_per_second: the old leader's window, full


async def test_a_new_leader_keeps_to_the_bot_wide_limit_after_the_old_ones_second(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    url = new_database(cluster)
    f = UpdateFactory()
    before, after = range(8_100, 8_100 + PLACES), range(8_200, 8_200 + PLACES)
    async with FakeBotAPI(token=TOKEN, enforce_limits=True) as api:
        runtimes = [
            make_runtime(
                settings_for(
                    tmp_path / name, api.url, DUMAS_DATABASE_URL=url, DUMAS_INSTANCE_ID=name
                ),
                router,
                limits=LimitConfig(),  # Telegram's, not the harness's fast ones
            )
            for name in ("a", "b")
        ]
        stopped: Runtime | None = None
        for runtime in runtimes:
            await runtime.start()
        try:
            await wait_until(lambda: any(r.is_leader for r in runtimes))
            old, new = runtimes if runtimes[0].is_leader else runtimes[::-1]
            # the follower asks for the lock often: it leads right after the old leader
            # lets go, as it does by chance with the default beat of a second
            assert isinstance(new.leadership, AdvisoryLockLeadership)
            new.leadership.retry = 0.02
            for user in before:
                api.push_update(f.command(user, "/start"))
            await wait_until(lambda: all(api.sent(u) for u in before), 30)
            last_old = max(c.time for u in before for c in api.sent(u))
            for user in after:  # polled by the new leader once it leads
                api.push_update(f.command(user, "/start"))
            stopped = old
            await old.stop()
            await wait_until(lambda: new.is_leader, 30)
            await wait_until(lambda: all(api.sent(u) for u in after), 30)
        finally:
            for runtime in runtimes:
                if runtime is not stopped:
                    await runtime.stop()
    first_new = min(c.time for u in after for c in api.sent(u))
    arrivals = sorted(c.time for c in api.calls if c.method == "sendMessage" and c.status == 200)
    busiest = max(sum(1 for t in arrivals if s <= t < s + 1.0) for s in arrivals)
    print(
        f"\nbot-wide limit across a takeover: the old leader's last message, then the first "
        f"reply to the second {PLACES} citizens {first_new - last_old:.2f} s later; at most "
        f"{busiest} messages arrived in any second; 429s: {api.limit_violations}"
    )
    assert api.limit_violations == 0, api.limit_violation_log[:5]


def test_a_window_filled_by_another_sender_frees_its_places_a_second_later() -> None:
    """`ArrivalWindow.fill`: no place for a second, then every place, as before."""
    window = ArrivalWindow(PLACES)
    window.take(10.0)
    window.answered(10.25)  # one of our own: its place held until 11.25
    window.fill(10.5)
    assert window.delay(10.5) == 1.0
    assert window.delay(11.25) == 0.25
    assert window.delay(11.5) == 0.0
    for _ in range(PLACES):
        assert window.delay(11.5) == 0.0
        window.take(11.5)
    assert window.delay(11.5) == 1.0  # every place held by a request still out


def test_a_window_without_limits_is_filled_at_once() -> None:
    """With the limits off (`UNLIMITED`, 1e9 places) filling is one step: a first
    version held a place at a time, 1e9 of them, and tests/outbox/test_sender_faults.py
    (a takeover with `overall_per_second=1e9`) failed."""
    window = ArrivalWindow(UNLIMITED.overall_per_second)
    window.fill(5.0)
    assert window.delay(5.5) == 0.5
    assert window.delay(6.0) == 0.0
