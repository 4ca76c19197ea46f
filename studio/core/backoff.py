"""Reconnect delays: the first retry fast, then exponential with jitter, capped (after OBS);
and the retry-within-a-budget loop's bookkeeping, written once."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Yields the wait before each reconnect attempt.

    OBS waits 2 s then ×1.5 up to 15 min. A merchant's show is minutes long and the ingest
    usually comes back within seconds, so the first retry is sub-second and the cap is short;
    between attempts the output also probes the server cheaply (see the RTMP output).
    """

    first_s: float = 0.25
    factor: float = 1.5
    cap_s: float = 10.0
    jitter: float = 0.2
    attempt: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    def next_delay_s(self) -> float:
        base = min(self.cap_s, self.first_s * self.factor**self.attempt)
        self.attempt += 1
        return max(0.0, base * (1.0 + self._rng.uniform(-self.jitter, self.jitter)))

    def reset(self) -> None:
        self.attempt = 0


@dataclass
class RetryBudget:
    """The waits between attempts of one call, within a time budget: the one retry loop the
    platform calls (HTTP, Volcengine, WeChat) and the journal writer share.

    A loop makes an attempt, and on a failure worth retrying asks `next_delay_s()`: the wait
    before the next attempt, or None when waiting that long would pass the deadline (give up
    now, with the last failure, rather than sleep past the budget). `attempts` counts the
    failed attempts asked about, for "tried 3 times". With no deadline it retries for ever
    (the journal writer: a write is kept until the disk takes it); `spent()` says whether a
    deadline set later (at close) has passed.
    """

    backoff: Backoff
    deadline: float | None = None  # time.monotonic(); None: no budget
    attempts: int = 0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    @classmethod
    def within(cls, budget_s: float, backoff: Backoff) -> RetryBudget:
        """A budget of `budget_s` seconds from now."""
        return cls(backoff, time.monotonic() + budget_s)

    def next_delay_s(self) -> float | None:
        """The wait before the next attempt; None when it would end past the deadline."""
        delay = self.wait_s()
        if self.deadline is not None and self.clock() + delay >= self.deadline:
            return None
        return delay

    def wait_s(self) -> float:
        """The wait before the next attempt, whatever the deadline (a loop that checks
        `spent()` itself, and whose wait a close cuts short)."""
        self.attempts += 1
        return self.backoff.next_delay_s()

    def spent(self) -> bool:
        return self.deadline is not None and self.clock() >= self.deadline

    def reset(self) -> None:
        """Back to the first, short wait (the call got through)."""
        self.attempts = 0
        self.backoff.reset()
