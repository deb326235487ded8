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
"""

from __future__ import annotations

import time
from dataclasses import dataclass


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

    def answered(self, now: float) -> None:
        """One request's answer came (or it never went out): from `now` on, the time
        counts again, as if its token had been spent now."""
        self._refill(now)
        self.unanswered = max(0, self.unanswered - 1)


@dataclass(frozen=True, slots=True)
class LimitConfig:
    """Telegram's limits, with a margin: a token bucket of capacity b and rate r lets
    b + r*T messages through in any window of T seconds, and Telegram counts in sliding
    windows with its own clock, so the rates sit just below the published figures."""

    overall_per_second: float = 28.0  # ~30/s per bot: 1 + 28 in any second, 1 to spare
    overall_burst: float = 1.0
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
        self.overall = TokenBucket.full(self.config.overall_per_second, self.config.overall_burst)
        self._chats: dict[str, TokenBucket] = {}

    def _bucket(self, kind: str, chat: str) -> TokenBucket | None:
        if kind == "exempt":
            return None
        bucket = self._chats.get(chat)
        if bucket is None:
            c = self.config
            bucket = (
                TokenBucket.full(c.group_per_minute / 60.0, c.group_burst)
                if kind == "group"
                else TokenBucket.full(c.private_per_second, c.private_burst)
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
        sent): the chat's pace counts from now. The overall bucket still paces the starts:
        many requests to many chats share it at once, and holding it until each answer
        would serialise them; its margin (1 + 28 of ~30 in any second) covers a spread
        of ~1/28 s between requests' delays."""
        bucket = self._chats.get(chat)
        if bucket is not None:
            bucket.answered(time.monotonic())

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
