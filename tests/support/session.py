"""Run a LiveSession in a test and always stop it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from studio.app.live import LiveConfig, LiveSession
from studio.core.destination import Destination
from studio.core.state import OutputState, OutputStatus
from studio.media.audio import ToneSource
from studio.media.clock import MediaClock
from studio.media.engine import Engine, EngineConfig
from studio.media.sources import TestPatternSource


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


def pattern_engine(width: int = 640, height: int = 360, video_kbps: int = 800) -> Engine:
    """The test pattern and a tone, encoded: an engine to hang one output on by hand (its
    own TLS context, its own options), started and stopped by the caller."""
    clock = MediaClock()
    return Engine(
        EngineConfig(width=width, height=height, video_kbps=video_kbps),
        TestPatternSource(clock, width=width, height=height),
        ToneSource(),
        clock,
    )


def output(session: LiveSession, kind: str = "rtmp", index: int = 0) -> Any:
    return [o for o in session.outputs if o.kind == kind][index]


def states(events: list[OutputStatus], name: str | None = None) -> list[OutputState]:
    return [e.state for e in events if name is None or e.output == name]


def stream_config(*urls: str, **overrides: Any) -> LiveConfig:
    """The test pattern and a tone at 640x360@30, 800 kbps, pushed to `urls`; override any field."""
    fields: dict[str, Any] = {
        "source": "test",
        "audio": "tone",
        "width": 640,
        "height": 360,
        "fps": 30,
        "video_kbps": 800,
        "destinations": [Destination.parse(u) for u in urls],
    }
    fields.update(overrides)
    return LiveConfig(**fields)
