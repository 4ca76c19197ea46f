"""A small evented-model helper in the spirit of napari's EmitterGroup.

Models own `Signal`s; views and use cases subscribe with `signal.connect(callback)`.
Emission is synchronous on the emitting thread: a Qt view that subscribes to a signal
emitted on a worker thread must marshal to the GUI thread itself (the Qt task runner does).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class Signal(Generic[T]):
    """A list of callbacks called with one value; a failing callback never breaks the emitter."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], object]] = []
        self._lock = threading.Lock()

    def connect(self, callback: Callable[[T], object]) -> Callable[[T], object]:
        with self._lock:
            self._callbacks = [*self._callbacks, callback]
        return callback

    def disconnect(self, callback: Callable[[T], object]) -> None:
        with self._lock:
            self._callbacks = [c for c in self._callbacks if c is not callback]

    def emit(self, value: T) -> None:
        for callback in self._callbacks:  # a snapshot: connect/disconnect replace the list
            try:
                callback(value)
            except Exception:
                log.exception("event handler %r failed", callback)
