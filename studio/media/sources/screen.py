"""A screen as a source (`screen:1`): the product page, a price list, a spreadsheet.

Captured with `mss` (X11's XGetImage / XShm, GDI's BitBlt on Windows, CoreGraphics on macOS)
on the source's own thread, at 15 frames a second by default: a page of prices hardly moves,
and a 1080p grab costs a few milliseconds. The screens are numbered as `studio devices`
lists them, from 1; `screen:0` is all of them together.
"""

from __future__ import annotations

import logging
import time

import cv2
import numpy as np

from studio.core.errors import StudioError
from studio.core.messages import Message
from studio.media.clock import pace
from studio.media.sources.base import VideoSource

log = logging.getLogger(__name__)

SCREEN_FPS = 15


class ScreenError(StudioError, ValueError):
    """No such screen, or no screen to capture (no display); the message says which."""


def screens() -> list[dict[str, int]]:
    """The screens mss sees: index 0 is all of them, 1.. each one. ScreenError if there is
    no display to capture (a headless machine, a Wayland session without XWayland)."""
    import mss

    try:
        with mss.MSS() as grabber:
            return [dict(m) for m in grabber.monitors]
    except Exception as exc:  # mss.ScreenShotError, or the X library missing
        raise ScreenError(Message("source.no_screen", {"reason": str(exc)[:200]})) from None


class ScreenSource(VideoSource):
    def __init__(self, index: int, fps: int = SCREEN_FPS) -> None:
        super().__init__(f"screen:{index}")
        monitors = screens()
        if not 0 <= index < len(monitors):
            raise ScreenError(
                Message("source.no_such_screen", {"index": index, "count": len(monitors) - 1})
            )
        self.index = index
        self.monitor = monitors[index]
        self.fps = max(1, min(30, fps))

    def _run(self) -> None:
        import mss

        interval_ns = 1_000_000_000 // self.fps
        with mss.MSS() as grabber:
            next_ns = time.monotonic_ns()
            while not self._stop.is_set():
                try:
                    shot = grabber.grab(self.monitor)
                except Exception as exc:  # the display went away
                    self._set_status(False, Message("source.no_screen", {"reason": str(exc)[:200]}))
                    if pace(time.monotonic_ns() + 1_000_000_000, self._stop):
                        return
                    continue
                captured = time.monotonic_ns()
                bgra = np.frombuffer(shot.raw, np.uint8).reshape(shot.height, shot.width, 4)
                frame = self.slot.writable((shot.height, shot.width, 3))
                cv2.cvtColor(bgra, cv2.COLOR_BGRA2BGR, dst=frame)
                self._publish(frame, captured)
                self._set_status(True)
                next_ns += interval_ns
                if next_ns < time.monotonic_ns():  # behind: no catching up in a burst
                    next_ns = time.monotonic_ns()
                if pace(next_ns, self._stop):
                    return
