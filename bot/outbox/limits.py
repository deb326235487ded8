"""Token-bucket rate limits: Telegram's ~30 messages/s per bot, 1/s per private chat and
20/min per group, so that we slow ourselves down before Telegram answers 429.
(python-telegram-bot's AIORateLimiter has no per-chat limiter, hence our own.)

`RateLimits.delay(kind, chat)` says how long to wait before the next message to that chat
may go; `take` spends the tokens as the request starts, `answered` says its answer came.
Buckets start full, so a short burst (three quick replies in one step) goes out at once
and only sustained flow is paced.

The limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this:
"In a single chat, avoid sending more than one message per second") are enforced by
Telegram's servers, which can only count a request when it *arrives*: somewhere between
our start and its answer. A chat's bucket therefore earns nothing while its request is out: the pace
counts from the answer, so however long the earlier request took to arrive, the next one
(which starts after that answer) cannot arrive closer to it than the pace. Pacing the
starts instead let a delayed first message and a prompt fourth arrive < 1 s apart.

The overall limit (~30/s per bot) is counted the same way, by `ArrivalWindow`: a request
holds one of its places from its start until a second after its answer, so whatever the
delays on the way, no second of arrivals can hold more than its places. A token bucket
charged at the starts (28/s) let a stall of the first requests of a broadcast (a slow
network, a slow commit) bunch them with the prompt ones after: a stall of 1 s got 12 of
90 messages answered 429 (tests/reliability/test_rate_limits.py). The price: with
answers taking L seconds, at most 29 / (1 + L) messages a second.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field


@dataclass(slots=True)
class TokenBucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float
    stamp: float
    # Requests paid for whose answer has not come: the platform may count any of them
    # at any moment until then, so the bucket does not refill meanwhile (module doc).
    unanswered: int = 0

    @classmethod
    def full(cls, rate: float, capacity: float) -> TokenBucket:
        return cls(rate, capacity, capacity, time.monotonic())

    def _refill(self, now: float) -> None:
        # `now` may be read just before the bucket was made (RateLimits.delay): earlier
        # than its stamp. Time never runs back: a full new bucket must not owe a few
        # microseconds (it made a chat's first message wait for another round).
        if now <= self.stamp:
            return
        if self.unanswered == 0:
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def delay(self, now: float) -> float:
        """The wait for the next token, counted as if no request were out."""
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self, now: float, *, until_answered: bool = False) -> None:
        """Spend a token; `until_answered`: and earn nothing until `answered`."""
        self._refill(now)
        self.tokens -= 1
        if until_answered:
            self.unanswered += 1

    def spend_all(self, now: float) -> None:
        """Whatever was saved is gone (another sender spent it): it refills from `now`."""
        self._refill(now)
        self.tokens = min(self.tokens, 0.0)

    def answered(self, now: float) -> None:
        """One request's answer came (or it never went out): from `now` on, the time
        counts again, as if its token had been spent now."""
        self._refill(now)
        self.unanswered = max(0, self.unanswered - 1)


@dataclass(slots=True)
class ArrivalWindow:
    """At most `places` requests arrive in any second, however long each took to get
    there: a request holds a place from its start until a second after its answer (it
    arrived somewhere in between). Proof: the requests arriving in a second [s, s+1]
    all started by s+1 and were answered at s or later, so when the last of them
    started, each of the others still held its place.

    Unlike a bucket held until each answer, this does not serialise: `places` requests
    may be out at once. The price is throughput: with answers taking L seconds, at most
    places / (1 + L) per second (~29/s on the fakes, ~24/s at 0.2 s answers)."""

    places: float
    out: int = 0  # requests started and not answered
    # answer times of the last second, oldest first: their places are still held
    answers: deque[float] = field(default_factory=deque)
    filled_until: float = float("-inf")  # `fill`: no place before this time

    def _expire(self, now: float) -> None:
        # `answer + 1.0 <= now`, as `delay` computes it: written `answer <= now - 1.0`,
        # rounding could keep a place that `delay` already says is free (a wait of 0).
        while self.answers and self.answers[0] + 1.0 <= now:
            self.answers.popleft()

    def delay(self, now: float) -> float:
        """The wait until a place is free: a second after the oldest answer still held;
        with every place held by a request still out, at least a second (however soon
        one is answered, its place is held a second more); after `fill`, at least
        until its second is over."""
        self._expire(now)
        if now < self.filled_until:
            return self.filled_until - now
        if self.out + len(self.answers) < self.places:
            return 0.0
        return self.answers[0] + 1.0 - now if self.answers else 1.0

    def take(self, now: float) -> None:
        self._expire(now)
        self.out += 1

    def fill(self, now: float) -> None:
        """Every place counts as held until a second from `now` by another sender's
        requests (a leader before this one, whose last second Telegram still counts):
        nothing goes out before then. A time, not `places` answers: `places` is 1e9
        with the limits off."""
        self.filled_until = max(self.filled_until, now + 1.0)

    def answered(self, now: float) -> None:
        """One request's answer came (or it never went out): its place is held a second
        more. An answer for a request never taken frees nothing (no count below 0)."""
        if self.out > 0:
            self.out -= 1
            self.answers.append(now)


@dataclass(frozen=True, slots=True)
class LimitConfig:
    """Telegram's limits, with a margin: a token bucket of capacity b and rate r lets
    b + r*T messages through in any window of T seconds, and Telegram counts in sliding
    windows with its own clock, so the rates sit just below the published figures."""

    # ~30/s per bot. Telegram's: at most 29 arriving in any second, 1 to spare
    # (`ArrivalWindow`); with `overall_at_arrival=False` a token bucket of this rate and
    # burst charged at the starts (Twilio queues what exceeds its rate instead of
    # refusing it, so the starts' pace is enough there).
    overall_per_second: float = 29.0
    overall_burst: float = 1.0
    overall_at_arrival: bool = True
    private_per_second: float = 0.95  # 1/s per chat in sustained flow...
    private_burst: float = 3.0  # ...after a short burst (one step's replies go at once)
    group_per_minute: float = 19.0  # 20/min per group: 1 + 19 in any minute
    group_burst: float = 1.0


# DUMAS_OUTBOX_RATE_LIMITS=off (benchmarks against the fakes): no bucket ever runs dry.
UNLIMITED = LimitConfig(
    overall_per_second=1e9,
    overall_burst=1e9,
    private_per_second=1e9,
    private_burst=1e9,
    group_per_minute=6e10,
    group_burst=1e9,
)


class RateLimits:
    def __init__(self, config: LimitConfig | None = None) -> None:
        self.config = config or LimitConfig()
        c = self.config
        self.overall: ArrivalWindow | TokenBucket = (
            ArrivalWindow(c.overall_per_second)
            if c.overall_at_arrival
            else TokenBucket.full(c.overall_per_second, c.overall_burst)
        )
        self._chats: dict[str, TokenBucket] = {}
        # Set by `spent_by_another`: a chat's bucket made later fills from this moment,
        # as if emptied then, instead of starting full.
        self._empty_at: float | None = None

    def spent_by_another(self) -> None:
        """Another sender of this bot may have just spent every chat's budget: the
        leader this instance takes over from (PostgreSQL, several instances), whose last
        messages Telegram still counts while the buckets here are full. A new leader
        that sent a chat's burst at once beside the old one's exceeded 1/s per chat
        (tests/reliability/test_failover.py, session 31). So every chat's bucket counts
        as empty from now: the first message to a chat waits one pace (~1.05 s; a
        group's, ~3.2 s), and only within a few seconds of the takeover.

        The bot-wide ~30/s is counted across both leaders too: the overall window
        starts full (nothing goes for a second; a token bucket, empty). The chats' pace
        alone delays every first message past that second today; the window no longer
        rests on the pace being over a second (session 32,
        tests/reliability/test_takeover_limits.py: 28 of 29 answered 429 with neither)."""
        now = time.monotonic()
        self._empty_at = now
        for bucket in self._chats.values():
            bucket.spend_all(now)
        if isinstance(self.overall, ArrivalWindow):
            self.overall.fill(now)
        else:
            self.overall.spend_all(now)

    def _bucket(self, kind: str, chat: str) -> TokenBucket | None:
        if kind == "exempt":
            return None
        bucket = self._chats.get(chat)
        if bucket is None:
            c = self.config
            rate, capacity = (
                (c.group_per_minute / 60.0, c.group_burst)
                if kind == "group"
                else (c.private_per_second, c.private_burst)
            )
            bucket = (
                TokenBucket.full(rate, capacity)
                if self._empty_at is None
                else TokenBucket(rate, capacity, 0.0, self._empty_at)  # refills from then
            )
            self._chats[chat] = bucket
        return bucket

    def delay(self, kind: str, chat: str) -> float:
        now = time.monotonic()
        bucket = self._bucket(kind, chat)
        chat_delay = bucket.delay(now) if bucket else 0.0
        return max(chat_delay, self.overall.delay(now) if kind != "exempt" else 0.0)

    def take(self, kind: str, chat: str) -> None:
        now = time.monotonic()
        bucket = self._bucket(kind, chat)
        if bucket is not None:
            bucket.take(now, until_answered=True)
            self.overall.take(now)

    def answered(self, chat: str) -> None:
        """The request `take` paid for to this chat is over (answered, failed, or never
        sent): the chat's pace counts from now, and the overall place it held is held a
        second more (`ArrivalWindow`). Only for a request `take` paid for (its chat's
        bucket has it out): an exempt chat, or a second answer, frees nothing."""
        bucket = self._chats.get(chat)
        if bucket is None or bucket.unanswered == 0:
            return
        now = time.monotonic()
        bucket.answered(now)
        if isinstance(self.overall, ArrivalWindow):
            self.overall.answered(now)

    def penalise(self, chat: str, seconds: float) -> None:
        """After a 429 for this chat, empty its bucket for the time Telegram asked."""
        bucket = self._chats.get(chat)
        if bucket is not None:
            bucket.tokens = -seconds * bucket.rate

    def forget_idle(self) -> None:
        """Drop full buckets so memory does not grow with every chat ever served."""
        now = time.monotonic()
        for chat in [
            c
            for c, b in self._chats.items()
            if b.unanswered == 0
            and b.delay(now) == 0
            and b.tokens + (now - b.stamp) * b.rate >= b.capacity
        ]:
            del self._chats[chat]
