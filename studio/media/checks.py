"""Device checks for the first-run wizard: a camera's live picture, and a microphone's level.

They raise `DeviceCheckError` with a message for the host; `studio.app.device_checks` is what the
window calls."""

from __future__ import annotations

import math
from pathlib import Path

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


def draw_host(path: Path) -> None:
    """A stand-in for the host in front of the camera, for the machine checks, written to
    `path` (PNG, 1080x1920): a room, and a person whose face, neck and hands are in skin
    tones (inside beauty's skin range, spread over the middle of the picture as a host's
    are; the wall and the table outside it), with a camera's grain. The test pattern has no
    skin at all, so beauty, the commonest tool, cost nothing on it."""
    w, h = 1080, 1920
    rng = np.random.default_rng(26)
    room = np.empty((h, w, 3), np.uint8)
    room[:] = (170, 165, 150)  # a cool grey wall (outside the skin range)
    cv2.rectangle(room, (0, int(h * 0.62)), (w, h), (120, 115, 105), -1)  # a table
    for y in (350, 650):  # shelves with goods
        cv2.rectangle(room, (40, y), (330, y + 18), (60, 80, 110), -1)
        for x in range(60, 320, 70):
            cv2.rectangle(room, (x, y - 110), (x + 48, y), (40 + x % 90, 120, 200 - x % 70), -1)
    skin = (120, 160, 215)  # BGR: Cb about 99, Cr about 159, inside beauty's range
    cv2.ellipse(room, (540, 700), (330, 420), 0, 0, 360, (70, 60, 160), -1)  # the body
    cv2.rectangle(room, (480, 430), (600, 560), skin, -1)  # the neck
    cv2.ellipse(room, (540, 330), (170, 215), 0, 0, 360, skin, -1)  # the face
    for x in (250, 830):  # hands on the table, holding up the goods
        cv2.ellipse(room, (x, 1130), (95, 120), 0, 0, 360, skin, -1)
    grain = rng.normal(0, 6, (h, w, 1)).astype(np.int16)
    picture = np.clip(room.astype(np.int16) + grain, 0, 255).astype(np.uint8)
    cv2.imwrite(str(path), cv2.GaussianBlur(picture, (3, 3), 0))
