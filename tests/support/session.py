"""Run a LiveSession in a test and always stop it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from studio.app.live import LiveConfig, LiveSession
from studio.core.state import OutputState, OutputStatus


@contextlib.contextmanager
def live(config: LiveConfig) -> Iterator[tuple[LiveSession, list[OutputStatus]]]:
    session = LiveSession(config)
    events: list[OutputStatus] = []
    session.output_status.connect(events.append)
    session.start()
    try:
        yield session, events
    finally:
        session.stop()


def output(session: LiveSession, kind: str = "rtmp", index: int = 0) -> Any:
    return [o for o in session.outputs if o.kind == kind][index]


def states(events: list[OutputStatus], name: str | None = None) -> list[OutputState]:
    return [e.state for e in events if name is None or e.output == name]
