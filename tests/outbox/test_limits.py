"""bot/outbox/limits.py: a chat's pace counts from the answer of its last request.

Telegram counts a message when the request arrives, anywhere between our start and its
answer (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this),
so a chat's bucket earns nothing while its request is out. The buckets take explicit
times here; the whole path through the fake Bot API is in
tests/reliability/test_rate_limits.py.
"""

from __future__ import annotations

import pytest

from bot.outbox.limits import TokenBucket


def bucket(rate: float, capacity: float) -> TokenBucket:
    return TokenBucket(rate=rate, capacity=capacity, tokens=capacity, stamp=0.0)


def test_a_chat_bucket_earns_nothing_while_its_request_is_out() -> None:
    chat = bucket(rate=1.0, capacity=1.0)
    chat.take(0.0, until_answered=True)
    assert chat.delay(10.0) == pytest.approx(1.0)  # no answer yet: still a full second
    chat.answered(10.0)
    assert chat.delay(10.5) == pytest.approx(0.5)
    assert chat.delay(11.0) == 0.0


def test_a_delayed_first_request_pushes_the_fourth_back() -> None:
    # The CI failure: burst of 3 at 0.95/s; the first request took 0.4 s to be answered
    # (it may have arrived at Telegram as late as 0.4), the next two were prompt.
    chat = bucket(rate=0.95, capacity=3.0)
    chat.take(0.0, until_answered=True)
    chat.answered(0.4)
    for start, answer in ((0.4, 0.41), (0.41, 0.42)):
        assert chat.delay(start) == 0.0
        chat.take(start, until_answered=True)
        chat.answered(answer)
    fourth = 0.42 + chat.delay(0.42)
    assert fourth - 0.4 >= 1.0  # a second after the first's latest possible arrival
    assert fourth == pytest.approx(0.42 + 1 / 0.95)


def test_a_shared_bucket_refills_while_requests_are_out() -> None:
    # The overall bucket: many chats' requests are out at once; holding it for each
    # would serialise them.
    overall = bucket(rate=28.0, capacity=1.0)
    overall.take(0.0)
    assert overall.delay(1 / 28) == 0.0


def test_an_answer_for_a_request_never_taken_does_not_free_the_next_one() -> None:
    chat = bucket(rate=1.0, capacity=1.0)
    chat.answered(0.0)  # e.g. a failed start releases its chats twice: no count below 0
    chat.take(0.0, until_answered=True)
    assert chat.delay(10.0) == pytest.approx(1.0)  # still held until its own answer
