"""The journal's own writer: one thread that owns every write, and loses none.

Callers (the show's loop, the platform's event stream) hand it writes and never wait: a
countdown is never behind an order burst. Writes are applied in the order given, a batch of
them to one transaction. When SQLite refuses (a full disk, a data folder that turned
read-only, a file locked by another program), the refused writes stay queued in memory, in
order, the failure is reported once through `problem`, and the writer tries again with a
backoff; when a try succeeds everything kept is written and `recovered` says so. Only
samples marked `droppable` (the report's health samples) are let go while failing, so memory
does not fill with them; orders, comments and link-ups are kept until they are written.

A write that fails for its own sake (a bug: a constraint, a wrong statement) can never
succeed: it is set aside, logged with its traceback and reported, and the writes behind it
go on.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from studio.core.backoff import Backoff, RetryBudget
from studio.core.events import Signal
from studio.storage.journal import Journal, error_reason

log = logging.getLogger(__name__)

MAX_BATCH = 500
FIRST_RETRY_S = 0.2
MAX_RETRY_S = 5.0
# Orders of a huge show are a few hundred bytes each: 200k of them held while the disk is
# full is ~100 MB, and says the journal has been failing for a long time already.
MAX_KEPT = 200_000


@dataclass(frozen=True)
class WriteProblem:
    """The journal cannot write: `reason` is a code (`disk_full`, `read_only`, `locked`,
    `io`, `not_a_database`, `other`); `kept` writes are held in memory, none lost."""

    reason: str
    detail: str
    kept: int
    path: str


@dataclass
class _Write:
    what: str
    apply: Callable[[Journal], object]
    droppable: bool = False


class JournalWriter:
    """Owns every write to `journal` from its own thread. `write()` never blocks."""

    def __init__(self, journal: Journal, name: str = "journal-writer") -> None:
        self.journal = journal
        self.problem: Signal[WriteProblem] = Signal()
        self.recovered: Signal[int] = Signal()  # how many kept writes were then written
        self.set_aside: list[str] = []  # writes that failed for their own sake (bugs)
        self._pending: deque[_Write] = deque()
        self._cond = threading.Condition()
        self._closing = False
        self._busy = False
        self._failing: WriteProblem | None = None
        self._written = 0
        self._dropped = 0
        # what close() could not write, in order: kept so that the report can count it
        self.unwritten: list[tuple[str, Callable[[Journal], object]]] = []
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    # -- the callers' side ---------------------------------------------------------------------
    def write(
        self, what: str, apply: Callable[[Journal], object], *, droppable: bool = False
    ) -> None:
        """Queue one write (`apply(journal)`); `what` names it in logs and reports."""
        with self._cond:
            if self._closing:
                log.error("journal write %s after close; not written", what)
                return
            if self._failing is not None and droppable:
                self._dropped += 1
                return
            if len(self._pending) >= MAX_KEPT:
                self._shed()
            self._pending.append(_Write(what, apply, droppable))
            self._cond.notify()

    def flush(self, timeout_s: float = 30.0) -> bool:
        """Wait until everything queued is written; False if the journal is failing (what
        is kept stays queued) or the time ran out."""
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while self._pending or self._busy:
                if self._failing is not None:
                    return False
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return self._failing is None

    @property
    def failing(self) -> WriteProblem | None:
        return self._failing

    @property
    def kept(self) -> int:
        """Writes waiting in memory (all of them while the journal is failing)."""
        with self._cond:
            return len(self._pending)

    @property
    def written(self) -> int:
        return self._written

    def close(self, timeout_s: float = 10.0) -> int:
        """Write what is left (trying until `timeout_s`), stop; returns how many are lost."""
        deadline = time.monotonic() + timeout_s
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(max(0.0, deadline - time.monotonic()) + 1.0)
        with self._cond:
            lost = len(self._pending)
            self.unwritten = [(w.what, w.apply) for w in self._pending if not w.droppable]
        if lost:
            log.error("journal closed with %d writes not written (%s)", lost, self._failing)
        return lost

    def with_unwritten(self) -> Journal:
        """The journal as the show left it: itself when every write landed, else a copy in
        memory with the writes the disk refused applied (the report's source: it must
        never count less than the platform did)."""
        if not self.unwritten:
            return self.journal
        copy = self.journal.in_memory_copy()
        for what, apply in self.unwritten:
            try:
                with copy.batch():
                    apply(copy)
            except Exception:  # a write wrong in itself: as the writer would, set aside
                log.exception("journal write %s failed in the in-memory copy", what)
        return copy

    # -- the writer thread ---------------------------------------------------------------------
    def _shed(self) -> None:
        """Full: let go of droppable samples first; orders and link-ups are never shed."""
        kept = deque(w for w in self._pending if not w.droppable)
        self._dropped += len(self._pending) - len(kept)
        self._pending = kept
        if len(kept) >= MAX_KEPT:
            log.error("journal writer holds %d writes; still keeping them", len(kept))

    def _run(self) -> None:
        # no budget while the studio runs (a write is kept until the disk takes it); closing
        # gives the last tries 10 s
        retry = RetryBudget(Backoff(first_s=FIRST_RETRY_S, factor=2.0, cap_s=MAX_RETRY_S, jitter=0))
        while True:
            with self._cond:
                while not self._pending and not self._closing:
                    self._cond.wait()
                if not self._pending:
                    return
                if self._closing and retry.deadline is None:
                    retry.deadline = time.monotonic() + 10.0
                batch = [self._pending[i] for i in range(min(MAX_BATCH, len(self._pending)))]
                self._busy = True
            error = self._apply(batch)
            first = False
            with self._cond:
                self._busy = False
                if error is None:
                    for _ in batch:
                        self._pending.popleft()
                    self._written += len(batch)
                    if self._failing is not None:
                        kept = len(batch) + len(self._pending)
                        self._failing = None
                        retry.reset()
                        self._cond.notify_all()
                        recovered = kept
                    else:
                        recovered = 0
                        self._cond.notify_all()
                else:
                    recovered = 0
                    first = self._failing is None
                    self._failing = WriteProblem(
                        error_reason(error), str(error), len(self._pending), str(self.journal.path)
                    )
                    if first:
                        self._pending = deque(w for w in self._pending if not w.droppable)
                    self._cond.notify_all()
            if recovered:
                log.warning("journal writable again: %d kept writes written", recovered)
                self.recovered.emit(recovered)
                continue
            if error is None:
                continue
            assert self._failing is not None
            if first:
                log.error("journal write failed (%s); keeping writes in memory", error)
                self.problem.emit(self._failing)
            if self._failing.reason == "disk_full":
                # the WAL keeps the space it grew into (and refills what the host frees):
                # fold it into the database and truncate it, then try again
                self.journal.checkpoint()
            if retry.spent():
                return
            delay = retry.wait_s()
            with self._cond:  # wait for the retry, or a close that wants one last try
                self._cond.wait(delay)

    def _apply(self, batch: list[_Write]) -> BaseException | None:
        """Write `batch` in one transaction; the environment's error, if it refused."""
        try:
            with self.journal.batch():
                for w in batch:
                    w.apply(self.journal)
        except Exception as exc:
            if _environmental(exc):
                return exc
            return self._one_by_one(batch)  # a write that can never succeed: set it aside
        return None

    def _one_by_one(self, batch: list[_Write]) -> BaseException | None:
        """A batch failed for one write's own sake: write the rest, set that one aside."""
        for w in batch:
            try:
                with self.journal.batch():
                    w.apply(self.journal)
            except Exception as exc:
                if _environmental(exc):
                    return exc
                self._set_aside(w, exc)
        return None

    def _set_aside(self, w: _Write, exc: BaseException) -> None:
        log.error("journal write %s failed for its own sake; set aside", w.what, exc_info=exc)
        self.set_aside.append(w.what)
        self.problem.emit(WriteProblem("other", f"{w.what}: {exc}", 0, str(self.journal.path)))


def _environmental(exc: BaseException) -> bool:
    """A journal that cannot take writes now (full, read-only, locked, damaged), as opposed
    to a write that is wrong in itself (a constraint, bad SQL: a bug)."""
    if isinstance(exc, OSError):
        return True
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        return not ("syntax error" in text or "no such" in text or "has no column" in text)
    # "file is not a database", "disk image is malformed" are the DatabaseError class itself;
    # IntegrityError, ProgrammingError and the like are subclasses: the write's own fault
    return type(exc) is sqlite3.DatabaseError
