"""Run slow work off the GUI thread and come back to it (after Anki's taskman / napari).

    tasks.run(lambda: studio.import_catalog(path), on_done=self._on_imported,
              on_error=self._show_error)

`fn` runs on a pool thread; `on_done(result)` or `on_error(exception)` run on the GUI thread
(a queued signal), so they may touch widgets. Events that the Qt-free layers emit on their own
threads reach widgets through `to_gui`, the same way.

The host's show actions (next, 3-2-1 link up, cancel, take down, reorder, terms, restock, pin
a comment) go through `in_order` instead: one thread, one queue, so they reach the show one at
a time in the order the host made them (as a desktop app runs its document operations). On the
pool, "next" then F9 within a few ms could reach the show the other way round.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted from any thread is delivered there."""

    deliver = Signal(object, object)  # (callback, value)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._call)

    @Slot(object, object)
    def _call(self, callback: Callable[[Any], object], value: Any) -> None:
        try:
            callback(value)
        except Exception:
            log.exception("GUI callback %r failed", callback)


class _Job(QRunnable):
    def __init__(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], object] | None,
        error: Callable[[BaseException], object] | None,
        relay: _Relay,
    ) -> None:
        super().__init__()
        self.fn, self.done, self.error, self.relay = fn, done, error, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:
            if self.error is not None:
                self.relay.deliver.emit(self.error, exc)
            else:
                log.exception("background task failed")
            return
        if self.done is not None:
            self.relay.deliver.emit(self.done, result)


class TaskRunner:
    """One pool for background work and one ordered lane for the host's show actions;
    create it on the GUI thread."""

    def __init__(self, max_threads: int = 4) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(max_threads)
        self._relay = _Relay()
        self._lane = ThreadPoolExecutor(1, thread_name_prefix="show-actions")

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> None:
        self.pool.start(_Job(fn, on_done, on_error, self._relay))

    def in_order(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Like `run`, but after every action given before it has finished (one at a time,
        first in first out): the host's actions on the show."""
        self._lane.submit(_Job(fn, on_done, on_error, self._relay).run)

    def to_gui(self, callback: Callable[[Any], object]) -> Callable[[Any], None]:
        """Wrap `callback` so that calling it from any thread runs it on the GUI thread."""

        def relay(value: Any) -> None:
            self._relay.deliver.emit(callback, value)

        return relay

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Until the pool and the ordered lane are idle (False after `timeout_ms`)."""
        deadline = time.monotonic() + timeout_ms / 1000
        last = self._lane.submit(lambda: None)  # after everything queued before it
        done, _ = wait_futures([last], timeout_ms / 1000)
        left_ms = max(0, int((deadline - time.monotonic()) * 1000))
        return bool(done) and self.pool.waitForDone(left_ms)
