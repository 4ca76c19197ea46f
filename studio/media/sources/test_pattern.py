"""Colour bars with a moving block, the stream clock and a frame counter (drawn with cv2 in C)."""

from __future__ import annotations

import time

import cv2
import numpy as np

from studio.media.clock import MediaClock, pace
from studio.media.sources.base import VideoSource

BARS_BGR = [
    (192, 192, 192),
    (0, 192, 192),
    (192, 192, 0),
    (0, 192, 0),
    (192, 0, 192),
    (0, 0, 192),
    (192, 0, 0),
]


class TestPatternSource(VideoSource):
    __test__ = False  # not a pytest class

    def __init__(
        self, clock: MediaClock, *, width: int = 1280, height: int = 720, fps: int = 30
    ) -> None:
        super().__init__("test")
        self.clock, self.width, self.height, self.fps = clock, width, height, fps
        self._base = np.zeros((height, width, 3), np.uint8)
        bar_w = width // len(BARS_BGR) + 1
        for i, colour in enumerate(BARS_BGR):
            self._base[: height * 2 // 3, i * bar_w : (i + 1) * bar_w] = colour
        ramp = np.linspace(0, 255, width, dtype=np.uint8)
        self._base[height * 2 // 3 :, :, :] = ramp[None, :, None]

    def _run(self) -> None:
        interval_ns = int(1e9 / self.fps)
        next_ns = time.monotonic_ns()
        n = 0
        scale = self.height / 720
        while not pace(next_ns, self._stop):
            buf = self.slot.writable(self._base.shape)
            np.copyto(buf, self._base)
            t = self.clock.now_s()
            x = int((t * 200) % (self.width - 80 * scale))
            cv2.rectangle(
                buf,
                (x, int(40 * scale)),
                (x + int(80 * scale), int(120 * scale)),
                (255, 255, 255),
                -1,
            )
            label = f"{int(t // 60):02d}:{t % 60:06.3f}  #{n}"
            origin = (int(40 * scale), int(self.height * 0.6))
            for colour, thickness in (((0, 0, 0), 8), ((255, 255, 255), 3)):  # outline, fill
                cv2.putText(
                    buf,
                    label,
                    origin,
                    cv2.FONT_HERSHEY_SIMPLEX,
                    2.0 * scale,
                    colour,
                    int(thickness * scale),
                    cv2.LINE_AA,
                )
            self._publish(buf)
            n += 1
            next_ns += interval_ns
            now = time.monotonic_ns()
            if now - next_ns > interval_ns:  # fell behind: skip ahead rather than burst
                next_ns = now
