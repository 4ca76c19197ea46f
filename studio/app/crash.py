"""When something goes wrong that nothing caught: a log the merchant can send, and words.

- A Python exception nobody caught (on any thread) is logged in full, redacted like every log
  line, to `studio.log`, and its traceback to `crash.log` beside it; the window is told, so it
  can say where the log is. The stream and the show go on where they can.
- A native crash (a C library's segfault or abort) cannot be caught: faulthandler writes every
  thread's Python stack to `crash.log` as the process dies (file, line and function names, no
  values, so no key can be in it). A marker file says a run is going on; a marker left over
  at the next start means the last run ended that way, and the window says so then.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from studio import __version__
from studio.core.destination import redact

log = logging.getLogger(__name__)

CRASH_LOG = "crash.log"
RUNNING = "running.pid"
MAX_CRASH_LOG = 1_000_000  # bytes: started afresh past this (a support file, not a history)


class CrashReporter:
    """Installs the hooks for one process; `close()` at a clean exit."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.crash_log = log_dir / CRASH_LOG
        self.on_error: Callable[[Path], None] | None = None
        self.previous_crash = False  # the last run ended without a clean exit
        self._file: IO[str] | None = None
        self._previous_hooks = (sys.excepthook, threading.excepthook)

    def install(self) -> CrashReporter:
        """Never keeps the studio from starting: where the log folder cannot be written (a
        read-only or full disk), uncaught errors still reach studio.log's handler and the
        window; only the crash file and the marker are missing, and this says so."""
        try:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            marker = self.log_dir / RUNNING
            self.previous_crash = marker.exists() and _pid_gone(marker)
            marker.write_text(str(os.getpid()), encoding="utf-8")
            if self.crash_log.exists() and self.crash_log.stat().st_size > MAX_CRASH_LOG:
                self.crash_log.unlink()
            self._file = self.crash_log.open("a", encoding="utf-8")
            self._file.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} Merchant Studio ")
            self._file.write(f"{__version__} started (pid {os.getpid()})\n")
            self._file.flush()
            faulthandler.enable(self._file, all_threads=True)
        except OSError as exc:
            log.warning("no crash log in %s: %s", self.log_dir, exc)
            self._file = None
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        return self

    def _excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hooks[0](exc_type, exc, tb)
            return
        self.report(exc_type, exc, tb, "main")

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        self.report(args.exc_type, args.exc_value, args.exc_traceback, name)

    def report(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        where: str,
    ) -> None:
        """Write it down and tell the window. Never raises: it runs when things are bad."""
        try:
            log.critical("unexpected error (%s)", where, exc_info=(exc_type, exc, tb))
            if self._file is not None:
                text = "".join(traceback.format_exception(exc_type, exc, tb))
                self._file.write(f"{time.strftime('%H:%M:%S')} unexpected error ({where}):\n")
                self._file.write(redact(text, ()) + "\n")
                self._file.flush()
            if self.on_error is not None:
                self.on_error(self.crash_log)
        except Exception:  # a full disk, a closed stream: the hook itself must not fail
            pass

    def close(self) -> None:
        """A clean exit: the marker goes, the hooks are handed back."""
        sys.excepthook, threading.excepthook = self._previous_hooks
        if self._file is not None:
            faulthandler.disable()
            self._file.close()
            self._file = None
        with contextlib.suppress(OSError):
            (self.log_dir / RUNNING).unlink(missing_ok=True)


def _pid_gone(marker: Path) -> bool:
    """The marker's process is no longer running (a second window's start is not a crash)."""
    import psutil

    try:
        pid = int(marker.read_text(encoding="utf-8").strip() or 0)
    except (OSError, ValueError):
        return True
    return pid <= 0 or pid == os.getpid() or not psutil.pid_exists(pid)
