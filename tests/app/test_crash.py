"""What an unexpected failure leaves behind: a log the merchant can send, keys redacted."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from studio.app.crash import RUNNING, CrashReporter
from studio.app.logs import setup_logging
from tests.support.cli import studio_env

KEY = "live_8842xyz?sign=SECRET99"


def _fail_in_a_thread() -> None:
    def fail() -> None:
        raise RuntimeError(f"push to rtmp://push.example.com/live/{KEY} broke")

    thread = threading.Thread(target=fail, name="sender")
    thread.start()
    thread.join()


def test_an_uncaught_error_on_any_thread_is_written_down_redacted_and_said(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    setup_logging(False, log_file=logs / "studio.log")
    told: list[Path] = []
    reporter = CrashReporter(logs).install()
    reporter.on_error = told.append
    try:
        _fail_in_a_thread()
    finally:
        reporter.close()
    assert told == [logs / "crash.log"]  # the window is told where the log is
    crash = (logs / "crash.log").read_text(encoding="utf-8")
    assert "RuntimeError" in crash and "(sender)" in crash
    studio_log = (logs / "studio.log").read_text(encoding="utf-8")
    assert "unexpected error (sender)" in studio_log
    for text in (crash, studio_log):
        assert "SECRET99" not in text and "live_8842xyz" not in text
    assert not (logs / RUNNING).exists()  # a clean exit leaves no marker


def test_a_native_crash_leaves_its_stacks_and_the_next_start_knows(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    script = textwrap.dedent(
        f"""
        import faulthandler
        from pathlib import Path
        from studio.app.crash import CrashReporter
        CrashReporter(Path({str(logs)!r})).install()
        faulthandler._sigsegv()  # what a C library's bad pointer does
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=studio_env(), timeout=60
    )
    assert run.returncode != 0
    crash = (logs / "crash.log").read_text(encoding="utf-8")
    assert "Segmentation fault" in crash and "File " in crash
    again = CrashReporter(logs).install()
    try:
        assert again.previous_crash
    finally:
        again.close()
    after_clean_exit = CrashReporter(logs).install()
    try:
        assert not after_clean_exit.previous_crash
    finally:
        after_clean_exit.close()


def test_a_marker_of_a_running_studio_is_not_a_crash(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / RUNNING).write_text(str(os.getppid()), encoding="utf-8")  # alive: pytest's parent
    reporter = CrashReporter(logs).install()
    try:
        assert not reporter.previous_crash
    finally:
        reporter.close()


def test_a_log_folder_that_cannot_be_written_never_keeps_the_studio_from_starting(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the logs folder should be", encoding="utf-8")
    told: list[Path] = []
    reporter = CrashReporter(blocker / "logs").install()
    reporter.on_error = told.append
    try:
        _fail_in_a_thread()  # still reported to the window
    finally:
        reporter.close()
    assert told and not reporter.previous_crash
