"""Who the studio is (About, the version everywhere), one studio per user, and what the host
is told when something fails unexpectedly."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from studio import __version__
from studio.qt.help import CrashNotice, show_about
from tests.support.cli import run_studio, studio_command, studio_env
from tests.support.servers import wait_for

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier


def test_the_about_box_names_the_studio_its_version_and_where_the_data_is(
    qtbot, studio_app
) -> None:
    window = studio_app.window
    assert window.about_action.text() in ("About Merchant Studio", "关于商家直播工作台")
    box = show_about(window)
    qtbot.addWidget(box)
    qtbot.waitUntil(box.isVisible)
    text = box.text()
    assert __version__ in text and "PySide6" in text and "PyAV" in text
    assert "studio-data" in text  # the data directory the test gave it
    box.close()


def test_the_version_is_the_projects_everywhere() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[2]
    declared = tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]
    assert __version__ == declared
    assert run_studio("--version").stdout.startswith(f"Merchant Studio {declared} ")


def test_an_unexpected_error_is_said_with_where_its_log_is(qtbot, studio_app, tmp_path) -> None:
    studio_app.apply_language("zh_CN")
    notice = CrashNotice(studio_app.window)
    log = tmp_path / "logs" / "crash.log"
    for _ in range(3):  # a failing timer: one box, not three
        notice.report(log)
    qtbot.waitUntil(lambda: notice.box is not None and notice.box.isVisible())
    assert str(log) in notice.box.text() and "直播不会中断" in notice.box.text()
    assert notice.box.windowTitle() == "出了点问题"
    buttons = [b.text() for b in notice.box.buttons()]
    assert "打开日志文件夹" in buttons
    assert notice.box.escapeButton() is not None  # Esc and × close it
    boxes = [w for w in studio_app.window.findChildren(QMessageBox) if w.isVisible()]
    assert len(boxes) == 1
    notice.box.close()


def test_a_second_launch_brings_the_running_window_forward(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.ini").write_text("[General]\nfirst_run_done=true\n", encoding="utf-8")
    env = studio_env(STUDIO_DATA_DIR=str(data))
    log = data / "logs" / "studio.log"
    first = subprocess.Popen(
        studio_command(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_for(lambda: log.exists() and "window shown" in log.read_text(), 60, "the window")
        second = subprocess.run(
            studio_command(), env=env, capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 0
        assert "已经打开，已切换到它的窗口" in second.stderr  # the system's language (C: Chinese)
        wait_for(lambda: "brought forward" in log.read_text(), 20, "the first one asked to show")
        assert first.poll() is None  # the first studio goes on
    finally:
        first.send_signal(signal.SIGTERM)  # as a logout does: closed cleanly, not killed
        started = time.monotonic()
        code = first.wait(30)
        assert first.stderr is not None
        err = first.stderr.read().decode("utf-8", "replace")
        first.stderr.close()
    assert code == 0, err[-2000:]
    assert "Traceback" not in err
    assert not (data / "logs" / "running.pid").exists(), time.monotonic() - started
    # a studio that was killed leaves its lock: the next launch takes over, nothing to kill
    third = subprocess.Popen(
        studio_command(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(lambda: log.read_text().count("window shown") == 2, 60, "a new window")
    finally:
        third.kill()
        third.wait(30)
    fourth = subprocess.Popen(
        studio_command(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(lambda: log.read_text().count("window shown") == 3, 60, "after a kill, a window")
    finally:
        fourth.send_signal(signal.SIGTERM)
        fourth.wait(30)


def test_a_data_folder_that_cannot_hold_a_lock_does_not_pass_for_a_running_studio(
    tmp_path: Path,
) -> None:
    from studio.qt.single import SingleInstance

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    single = SingleInstance(blocker)
    try:
        assert single.acquire()  # starts (and the journal says what is wrong), never "already open"
    finally:
        single.release()


def test_a_data_folder_that_cannot_be_made_is_said_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    env = studio_env(STUDIO_DATA_DIR=str(blocker / "data"))
    proc = subprocess.Popen(
        studio_command(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stderr is not None
        # then the same words in a box, until the host closes it (Qt's own warnings may come
        # first: a machine without PipeWire)
        line = proc.stderr.readline()
        while line.startswith("qt."):
            line = proc.stderr.readline()
        assert "打不开直播记录" in line and str(blocker) in line
    finally:
        proc.kill()
        proc.wait(30)
        rest = proc.stderr.read() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
    assert "Traceback" not in rest
