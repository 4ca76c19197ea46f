"""The gate in front of link-ups: hold them while viewers' destinations reconnect.

A destination that has been live holds link-ups while it reconnects: its viewers would miss
the countdown. One that has never connected holds them only for a short grace at the start
(the first connect); after that it has no viewers waiting and must not stall the show ("one
dead destination never stalls the others"). A destination that failed for good holds
nothing. Runs on the show's loop; the caller waits on `all_live` with a timeout and asks
`is_all_live` again, since the grace runs out without any event.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from enum import Enum

from studio.core.state import OutputState, OutputStatus


class Change(Enum):
    NONE = 0
    LOST = 1  # a destination viewers watch dropped
    BACK = 2  # every destination viewers watch is live again


class OutputGate:
    """Which destinations viewers watch, and whether all of them are on air now."""

    def __init__(self, startup_grace_s: float = 10.0) -> None:
        self.startup_grace_s = startup_grace_s
        self._grace_until_ns: int | None = None
        self._states: dict[str, OutputState] = {}
        self._ever_live: set[str] = set()
        self.all_live = asyncio.Event()
        self.all_live.set()
        self.missed: set[int] = set()  # link-ups some viewers missed while reconnecting

    def watch(self, names: Iterable[str], now_ns: int) -> None:
        for name in names:
            self._states[name] = OutputState.CONNECTING
        self._grace_until_ns = now_ns + int(self.startup_grace_s * 1e9)
        if self._states:
            self.all_live.clear()

    @property
    def watched(self) -> bool:
        return bool(self._states)

    def is_all_live(self, now_ns: int) -> bool:
        in_grace = self._grace_until_ns is not None and now_ns < self._grace_until_ns
        return all(
            state is OutputState.LIVE
            for name, state in self._states.items()
            if state is not OutputState.FAILED and (name in self._ever_live or in_grace)
        )

    def seen(self, name: str, state: OutputState, now_ns: int) -> None:
        """Where a destination stands now, read rather than told (it may have gone live
        before anyone listened): no change is reported."""
        if name not in self._states:
            return
        self._states[name] = state
        if state is OutputState.LIVE:
            self._ever_live.add(name)
        if self.is_all_live(now_ns):
            self.all_live.set()
        else:
            self.all_live.clear()

    def reconnecting(self) -> bool:
        """Whether a destination viewers watched is away now (not one still connecting)."""
        return any(
            name in self._ever_live and state not in (OutputState.LIVE, OutputState.FAILED)
            for name, state in self._states.items()
        )

    def update(self, status: OutputStatus, now_ns: int) -> Change:
        if status.output not in self._states:
            return Change.NONE
        was_live = self.is_all_live(now_ns)
        self._states[status.output] = status.state
        if status.state is OutputState.LIVE:
            self._ever_live.add(status.output)
        now_live = self.is_all_live(now_ns)
        if now_live:
            self.all_live.set()
        else:
            self.all_live.clear()
        if status.output in self._ever_live and status.state in (
            OutputState.RECONNECTING,
            OutputState.FAILED,
        ):
            return Change.LOST
        if now_live and not was_live:
            return Change.BACK
        return Change.NONE
