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
from studio.core.messages import Message
from studio.media.compositor import Picture

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceStatus:
    """A source's health as the host sees it: ok, or an error that says what to do."""

    source: str
    ok: bool
    message: Message | str = ""  # worded when shown


class FrameSlot:
    """The latest frame, by reference.

    A source either writes into one of three reusable buffers (`writable`, then `publish`),
    so the writer never overwrites the latest frame or the one being read, or publishes a
    picture it will never write again (a decoder's own frame, a still image), which the slot
    just keeps a reference to: no copy either way.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buffers: list[np.ndarray] = []
        self._latest: Picture | None = None
        self._reading: Picture | None = None
        self.seq = 0
        self.capture_ns = 0

    def writable(self, shape: tuple[int, ...]) -> np.ndarray:
        """A buffer of `shape` that is neither the latest frame nor being read."""
        with self._lock:
            if not self._buffers or self._buffers[0].shape != shape:
                self._buffers = [np.zeros(shape, np.uint8) for _ in range(3)]
            for buf in self._buffers:
                if buf is not self._latest and buf is not self._reading:
                    return buf
        raise AssertionError("unreachable: three buffers, at most two in use")

    def publish(self, picture: Picture, capture_ns: int | None = None) -> None:
        with self._lock:
            self._latest = picture
            self.seq += 1
            self.capture_ns = capture_ns or time.monotonic_ns()

    @contextlib.contextmanager
    def read(self) -> Iterator[tuple[Picture | None, int]]:
        with self._lock:
            picture = self._reading = self._latest
            seq = self.seq
        try:
            yield picture, seq
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
            self._set_status(False, Message("source.stopped", {"reason": str(exc)}))

    def _run(self) -> None:
        raise NotImplementedError

    def _set_status(self, ok: bool, message: Message | str = "") -> None:
        if ok == self.status.ok and message == self.status.message:
            return
        self.status = SourceStatus(self.name, ok, message)
        (log.info if ok else log.warning)("source %s: %s", self.name, message or "ok")
        self.status_changed.emit(self.status)

    def _publish(self, picture: Picture, capture_ns: int | None = None) -> None:
        self.slot.publish(picture, capture_ns)
        self.frames_captured += 1
