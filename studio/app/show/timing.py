"""Time for the show: an injectable clock, and the platform's measured latency.

The link-up timeline is in Unix seconds (`wall()`), the one clock the platform's receipt is
stamped with too; timers run on monotonic nanoseconds (`mono_ns()`), converted at the moment
of planning. Tests give the show a simulated clock and run its timing without waiting.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

SPIN_S = 0.002  # the last 2 ms before a send are spun, not slept: asyncio wakes ~1 ms late


class Clock(Protocol):
    """The show's clock: wall time, monotonic time, and a sleep to a monotonic instant."""

    def wall(self) -> float: ...

    def mono_ns(self) -> int: ...

    async def sleep_until(self, target_ns: int) -> None: ...


class SystemClock:
    """The real clocks; `sleep_until` spins the last `SPIN_S` for a sub-millisecond wake-up."""

    def wall(self) -> float:
        return time.time()

    def mono_ns(self) -> int:
        return time.monotonic_ns()

    async def sleep_until(self, target_ns: int) -> None:
        while True:
            remaining = (target_ns - time.monotonic_ns()) / 1e9
            if remaining <= SPIN_S:
                break
            await asyncio.sleep(remaining - SPIN_S)
        while time.monotonic_ns() < target_ns:
            pass


def wall_of(clock: Clock, monotonic_ns: int) -> float:
    """A monotonic instant as Unix seconds, converted now (one clock for the timeline)."""
    return clock.wall() - (clock.mono_ns() - monotonic_ns) / 1e9


class LatencyEstimate:
    """How long a link-up takes from our send to the platform's receipt.

    With a platform on the same clock (loopback, or NTP-synced and close) the receipts give
    it directly; otherwise half the round trip. Used to send early, so receipt lands on zero.
    Bounded to [0, 1] s: a platform that reports nonsense cannot move a send by minutes.
    """

    MAX_LEAD_S = 1.0

    def __init__(self) -> None:
        self.one_way_s: float | None = None
        self.rtt_s: float | None = None

    def observe_rtt(self, rtt_s: float) -> None:
        if not 0.0 <= rtt_s < 10.0:
            return
        self.rtt_s = rtt_s if self.rtt_s is None else 0.7 * self.rtt_s + 0.3 * rtt_s

    def observe_receipt(self, sent_at: float, received_at: float, acked_at: float) -> None:
        one_way = received_at - sent_at
        if 0.0 <= one_way <= max(0.0, acked_at - sent_at):  # consistent only on one clock
            self.one_way_s = (
                one_way if self.one_way_s is None else 0.7 * self.one_way_s + 0.3 * one_way
            )

    @property
    def lead_s(self) -> float:
        lead = self.one_way_s if self.one_way_s is not None else (self.rtt_s or 0.0) / 2
        return min(self.MAX_LEAD_S, max(0.0, lead))
