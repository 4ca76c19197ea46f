"""Video sources: each runs its own capture thread and writes the latest frame to a slot.

Live video never queues stale frames: the compositor always takes the newest frame, and
the capture thread never waits for it (aiortc's latest-frame fan-out, OBS's async sources).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from studio.core.events import Signal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceStatus:
    """A source's health as the host sees it: ok, or an error that says what to do."""

    source: str
    ok: bool
    message: str = ""


class FrameSlot:
    """The latest BGR frame, triple-buffered so the writer never overwrites what is being read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buffers: list[np.ndarray] = []
        self._latest: int | None = None
        self._reading: int | None = None
        self.seq = 0
        self.capture_ns = 0

    def writable(self, shape: tuple[int, ...]) -> np.ndarray:
        """A buffer of `shape` that is neither the latest frame nor being read."""
        with self._lock:
            if not self._buffers or self._buffers[0].shape != shape:
                self._buffers = [np.zeros(shape, np.uint8) for _ in range(3)]
                self._latest = None
            for i, buf in enumerate(self._buffers):
                if i != self._latest and i != self._reading:
                    return buf
        raise AssertionError("unreachable: three buffers, at most two in use")

    def publish(self, buf: np.ndarray, capture_ns: int | None = None) -> None:
        with self._lock:
            for i, b in enumerate(self._buffers):
                if b is buf:
                    self._latest = i
                    break
            else:  # a foreign array (a still image): adopt it
                self._buffers = [buf, np.zeros_like(buf), np.zeros_like(buf)]
                self._latest = 0
            self.seq += 1
            self.capture_ns = capture_ns or time.monotonic_ns()

    @contextlib.contextmanager
    def read(self) -> Iterator[tuple[np.ndarray | None, int]]:
        with self._lock:
            index = self._latest
            self._reading = index
            seq = self.seq
        try:
            yield (self._buffers[index] if index is not None else None), seq
        finally:
            with self._lock:
                self._reading = None


class VideoSource:
    """Base class: a name, a slot, a status signal, and a thread running `_run`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.slot = FrameSlot()
        self.status_changed: Signal[SourceStatus] = Signal()
        self.status = SourceStatus(name, True)
        self.frames_captured = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._guarded_run, name=f"source-{self.name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._thread = None

    def _guarded_run(self) -> None:
        try:
            self._run()
        except Exception as exc:
            log.exception("source %s stopped", self.name)
            self._set_status(False, f"视频源出错 / the video source stopped: {exc}")

    def _run(self) -> None:
        raise NotImplementedError

    def _set_status(self, ok: bool, message: str = "") -> None:
        if ok == self.status.ok and message == self.status.message:
            return
        self.status = SourceStatus(self.name, ok, message)
        (log.info if ok else log.warning)("source %s: %s", self.name, message or "ok")
        self.status_changed.emit(self.status)

    def _publish(self, buf: np.ndarray, capture_ns: int | None = None) -> None:
        self.slot.publish(buf, capture_ns)
        self.frames_captured += 1


def pace(next_ns: int, stop: threading.Event) -> bool:
    """Wait until `next_ns` (monotonic) unless stopped; True if stopped."""
    delay = (next_ns - time.monotonic_ns()) / 1e9
    if delay > 0:
        return stop.wait(delay)
    return stop.is_set()
