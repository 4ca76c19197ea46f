"""Picture noise: what no encoder can squeeze, so the stream is as big as its bitrate allows.

The uplink test streams it to find what a link carries (a test pattern would be squeezed to
a fraction of the rate asked for, and the measurement would stop far below the link)."""

from __future__ import annotations

import time

import numpy as np

from studio.media.clock import pace
from studio.media.sources.base import VideoSource


class NoiseSource(VideoSource):
    def __init__(self, *, width: int = 640, height: int = 360, fps: int = 30) -> None:
        super().__init__("noise")
        self.width, self.height, self.fps = width, height, fps
        self._rng = np.random.default_rng(20261201)

    def _run(self) -> None:
        interval_ns = int(1e9 / self.fps)
        next_ns = time.monotonic_ns()
        shape = (self.height, self.width, 3)
        while not pace(next_ns, self._stop):
            buf = self.slot.writable(shape)
            buf[...] = self._rng.integers(0, 256, size=shape, dtype=np.uint8)
            self._publish(buf)
            next_ns += interval_ns
            now = time.monotonic_ns()
            if now - next_ns > interval_ns:  # fell behind: skip ahead rather than burst
                next_ns = now
