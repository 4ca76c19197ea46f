"""Device checks for the first-run wizard: one camera frame, and a microphone's level.

They raise `DeviceCheckError` with a message for the host; `studio.app.checks` is what the
window calls."""

from __future__ import annotations

import math
import time

import numpy as np

from studio.core.messages import Message
from studio.media.audio import MicrophoneSource
from studio.media.clock import AUDIO_RATE, MediaClock
from studio.media.compositor import to_rgb
from studio.media.sources import SourceError, open_source


def camera_snapshot(spec: str, timeout_s: float = 6.0) -> np.ndarray:
    """One frame from `spec` as RGB (slow: opens the device; call it off the GUI thread)."""
    clock = MediaClock()
    try:
        source = open_source(spec, clock, fps=30)
    except SourceError as exc:
        raise DeviceCheckError(str(exc)) from None
    source.start()
    try:
        deadline = time.monotonic() + timeout_s
        while source.slot.seq == 0:
            if time.monotonic() > deadline:
                raise DeviceCheckError(
                    Message("check.no_picture", {"detail": source.status.message or spec})
                )
            time.sleep(0.02)
        with source.slot.read() as (frame, _seq):
            assert frame is not None
            return to_rgb(frame)
    finally:
        source.stop()


class DeviceCheckError(RuntimeError):
    """A camera or microphone that cannot be checked; the message says what to look at."""


class MicrophoneCheck:
    """A microphone opened for a level check. Create, poll and stop it on the GUI thread."""

    def __init__(self, spec: str) -> None:
        self.clock = MediaClock()
        self.mic = MicrophoneSource(self.clock, spec.partition(":")[2])
        try:
            self.mic.start()
        except RuntimeError as exc:
            raise DeviceCheckError(str(exc)) from None
        self._buf = np.zeros((2, AUDIO_RATE // 10), np.float32)

    def level_dbfs(self) -> float:
        """The peak of the last 100 ms that reached the studio."""
        lag = int(self.mic.latency_s * AUDIO_RATE)
        self.mic.fill(self.clock.sample_at_now() - lag - self._buf.shape[1], self._buf)
        peak = float(np.abs(self._buf).max())
        return 20 * math.log10(peak) if peak > 1e-6 else -120.0

    def stop(self) -> None:
        self.mic.stop()
