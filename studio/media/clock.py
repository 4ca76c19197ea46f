"""One monotonic media clock for video ticks and audio samples, and the audio timeline."""

from __future__ import annotations

import threading
import time

import numpy as np

AUDIO_RATE = 48_000
CHANNELS = 2


SLEEP_UNDER_S = 0.05


def pace(next_ns: int, stop: threading.Event) -> bool:
    """Wait until `next_ns` (monotonic) unless stopped; True if stopped.

    The media threads call this every frame. A wait shorter than `SLEEP_UNDER_S` is a plain
    `time.sleep`, one C call, where `Event.wait` runs a Condition's Python code every frame;
    a stop then takes effect at the end of that frame, which `stop()`'s joins allow for.
    """
    delay = (next_ns - time.monotonic_ns()) / 1e9
    if delay <= 0:
        return stop.is_set()
    if delay < SLEEP_UNDER_S:
        time.sleep(delay)
        return stop.is_set()
    return stop.wait(delay)


class MediaClock:
    """Time since the stream started, from `time.monotonic_ns()` (never the wall clock)."""

    def __init__(self) -> None:
        self.t0_ns = time.monotonic_ns()

    def now_s(self) -> float:
        return (time.monotonic_ns() - self.t0_ns) / 1e9

    def at_s(self, monotonic_ns: int) -> float:
        return (monotonic_ns - self.t0_ns) / 1e9

    def sample_at(self, monotonic_ns: int) -> int:
        return round((monotonic_ns - self.t0_ns) * AUDIO_RATE / 1e9)

    def sample_at_now(self) -> int:
        return self.sample_at(time.monotonic_ns())

    def ns_at_sample(self, position: int) -> int:
        return self.t0_ns + position * 1_000_000_000 // AUDIO_RATE


class AudioTimeline:
    """A ring of stereo float32 samples addressed by absolute sample position on the clock.

    A clip's decoder writes its audio at the position its video frames are shown, and the
    audio thread reads the span it is about to encode: both follow one clock, so a clip stays
    in sync however its decoder is scheduled. Positions already read, or never written, are
    silence.
    """

    def __init__(self, seconds: float = 4.0) -> None:
        self.size = int(AUDIO_RATE * seconds)
        self._ring = np.zeros((CHANNELS, self.size), np.float32)
        self._lock = threading.Lock()
        self._read_pos = 0
        self.late_samples = 0

    def write(self, position: int, samples: np.ndarray) -> None:
        """`samples` is (channels, n) float32; parts before the reader or too far ahead drop."""
        n = samples.shape[1]
        with self._lock:
            start = max(position, self._read_pos)
            end = min(position + n, self._read_pos + self.size)
            if start >= end:
                if position + n <= self._read_pos:
                    self.late_samples += n
                return
            src = samples[:, start - position : end - position]
            self._copy_in(start, src)

    def _copy_in(self, position: int, src: np.ndarray) -> None:
        i = position % self.size
        n = src.shape[1]
        first = min(n, self.size - i)
        self._ring[:, i : i + first] = src[:, :first]
        if first < n:
            self._ring[:, : n - first] = src[:, first:]

    def read(self, position: int, out: np.ndarray) -> None:
        """Fill `out` (channels, n) with the samples at `position` and clear them behind."""
        n = out.shape[1]
        with self._lock:
            i = position % self.size
            first = min(n, self.size - i)
            out[:, :first] = self._ring[:, i : i + first]
            self._ring[:, i : i + first] = 0.0
            if first < n:
                out[:, first:] = self._ring[:, : n - first]
                self._ring[:, : n - first] = 0.0
            self._read_pos = position + n
