"""Device checks for the first-run wizard: a camera's live picture, and a microphone's level.

They raise `DeviceCheckError` with a message for the host; `studio.app.device_checks` is what the
window calls."""

from __future__ import annotations

import math

import cv2
import numpy as np

from studio.core.errors import StudioError
from studio.core.messages import Message, said
from studio.media.audio import MicrophoneSource, SilenceSource, ToneSource
from studio.media.clock import AUDIO_RATE, MediaClock
from studio.media.compositor import to_rgb
from studio.media.sources import SourceError, open_source


class DeviceCheckError(StudioError, RuntimeError):
    """A camera or microphone that cannot be checked; the message says what to look at."""


class CameraPreview:
    """A camera (or the test pattern, a clip) opened for a live look. Open it off the GUI
    thread (a device takes a while); `latest()` and `stop()` from any thread."""

    def __init__(self, spec: str, fps: int = 15, max_height: int = 360) -> None:
        self.clock = MediaClock()
        self.max_height = max_height
        try:
            self.source = open_source(spec, self.clock, fps=fps)
        except SourceError as exc:
            raise DeviceCheckError(said(exc)) from None
        self.source.start()
        self._seen = 0

    def latest(self) -> np.ndarray | None:
        """The newest frame as RGB (shrunk to `max_height`), or None when there is no new one."""
        slot = self.source.slot
        if slot.seq == self._seen:
            return None
        with slot.read() as (frame, seq):
            if frame is None:
                return None
            self._seen = seq
            rgb = to_rgb(frame)
        h, w = rgb.shape[:2]
        if h > self.max_height:
            size = (max(2, w * self.max_height // h), self.max_height)
            rgb = np.ascontiguousarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA))
        return rgb

    def problem(self) -> Message | str:
        """What is wrong with the source, or "" while it works."""
        status = self.source.status
        return "" if status.ok else status.message

    def stop(self) -> None:
        self.source.stop()


class MicrophoneCheck:
    """A sound source opened for a level check: a microphone (`mic:<name>`), the test tone
    or silence. Create, poll and stop it on the GUI thread."""

    def __init__(self, spec: str) -> None:
        self.clock = MediaClock()
        self.source: MicrophoneSource | ToneSource | SilenceSource
        if spec == "tone":
            self.source = ToneSource()
        elif spec == "silence":
            self.source = SilenceSource()
        else:
            self.source = MicrophoneSource(self.clock, spec.partition(":")[2])
        try:
            self.source.start()
        except RuntimeError as exc:
            raise DeviceCheckError(said(exc)) from None
        self._buf = np.zeros((2, AUDIO_RATE // 10), np.float32)

    def level_dbfs(self) -> float:
        """The peak of the last 100 ms that reached the studio."""
        lag = int(getattr(self.source, "latency_s", 0.0) * AUDIO_RATE)
        self.source.fill(self.clock.sample_at_now() - lag - self._buf.shape[1], self._buf)
        peak = float(np.abs(self._buf).max())
        return 20 * math.log10(peak) if peak > 1e-6 else -120.0

    def stop(self) -> None:
        self.source.stop()
