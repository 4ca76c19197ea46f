"""A simulated clock for the show: time moves only when the show sleeps, to the instant it
sleeps to. Link-up timing runs in no real time and its arithmetic is checked exactly."""

from __future__ import annotations

import asyncio


class SimClock:
    """`Clock` for tests: monotonic ns from a fixed start, wall time a fixed offset from it."""

    def __init__(self, wall_at_start: float = 1_800_000_000.0) -> None:
        self.mono = 5_000_000_000_000
        self.offset = wall_at_start - self.mono / 1e9
        self.sleeps: list[int] = []

    def wall(self) -> float:
        return self.offset + self.mono / 1e9

    def mono_ns(self) -> int:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.mono += int(seconds * 1e9)

    async def sleep_until(self, target_ns: int) -> None:
        self.sleeps.append(target_ns)
        self.mono = max(self.mono, target_ns)
        await asyncio.sleep(0)
