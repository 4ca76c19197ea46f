"""The first-run wizard: on a machine with no camera it still ends ready to rehearse; the
language is chosen first and spoken at once; the picture is live; the bar moves with the
tone; Skip stops the machine check."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QWizard

from studio.app import bench
from studio.qt.app import Translation, install_translator
from studio.qt.first_run import FirstRunWizard
from studio.qt.tasks import TaskRunner
from tests.support.servers import NginxRtmp, ThrottleProxy

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier


def test_the_wizard_checks_the_machine_and_saves_the_choices(qtbot, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tasks = TaskRunner()
    wizard = FirstRunWizard(settings, tasks, bench_seconds=0.5)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.english.setChecked(True)
    wizard.next()  # devices: this machine has no camera, the test pattern shows
    qtbot.waitUntil(
        lambda: wizard.picture.pixmap() is not None and not wizard.picture.pixmap().isNull(),
        timeout=15_000,
    )
    assert wizard.camera.currentData() in ("test",) or wizard.camera.currentData().startswith(
        "camera:"
    )
    wizard.next()  # the machine check picks a quality
    assert wizard.skip_bench.isVisible()
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=120_000)
    assert wizard.quality.currentData() == wizard.report.quality
    assert not wizard.skip_bench.isVisible()  # nothing left to skip
    wizard.next()
    wizard.accept()
    tasks.wait()
    assert settings.value("first_run_done") == "true"
    assert settings.value("language") == "en"
    assert settings.value("quality") in ("480p", "720p", "1080p")
    assert settings.value("rehearsal") == "true"


def test_the_language_is_chosen_first_and_the_rest_speaks_it(qtbot, qapp, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tasks = TaskRunner()
    current: list[Translation] = []

    def switch(code: str) -> None:
        for translation in current:
            translation.remove()
        current[:] = [install_translator(qapp, code)]
        QApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    switch("en")
    wizard = FirstRunWizard(settings, tasks, bench_seconds=0.5, set_language=switch, language="en")
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        # the page is English, so English is the one ticked
        assert wizard.english.isChecked() and wizard.currentPage().title() == "Language"
        wizard.chinese.setChecked(True)  # the merchant picks 简体中文 ...
        qtbot.waitUntil(lambda: wizard.currentPage().title() == "语言", timeout=5_000)
        assert wizard.windowTitle() == "欢迎使用商家直播工作台"
        assert wizard.buttonText(QWizard.WizardButton.NextButton) == "下一步"
        wizard.next()  # ... and the next page speaks it
        assert wizard.currentPage().title() == "摄像头和麦克风"
        assert wizard.camera.itemText(0) == "测试画面（没有摄像头）"
        wizard.back()
        wizard.english.setChecked(True)
        qtbot.waitUntil(lambda: wizard.currentPage().title() == "Language", timeout=5_000)
        wizard.chinese.setChecked(True)
        wizard.next()
        wizard.next()
        wizard.next()
        wizard.accept()
        assert settings.value("language") == "zh_CN"
    finally:
        wizard.stop_checks()
        tasks.wait()
        for translation in current:
            translation.remove()


def test_the_camera_is_live_and_the_bar_moves_with_the_test_tone(qtbot, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tasks = TaskRunner()
    wizard = FirstRunWizard(settings, tasks, bench_seconds=0.5)
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        wizard.next()
        # not one still frame: the picture keeps coming while the page is open
        qtbot.waitUntil(lambda: wizard.frames_shown >= 10, timeout=20_000)
        first = wizard.picture.pixmap().toImage()
        qtbot.waitUntil(lambda: wizard.picture.pixmap().toImage() != first, timeout=10_000)
        # the test tone is what plays on a machine without a microphone: the bar shows it
        wizard.microphone.setCurrentIndex(wizard.microphone.findData("tone"))
        qtbot.waitUntil(lambda: wizard.level.value() > -30, timeout=5_000)
        wizard.next()  # leaving the page closes the camera
        assert wizard._preview is None
        shown = wizard.frames_shown
        qtbot.waitUntil(lambda: wizard.skip_bench.isVisible(), timeout=5_000)
        assert wizard.frames_shown == shown
    finally:
        wizard.stop_checks()
        tasks.wait()


def test_skip_stops_the_machine_check_at_once(qtbot, tmp_path, monkeypatch) -> None:
    """A long check (60 s a canvas) skipped: the measuring stream stops, and the wizard's
    end does not wait for it."""
    started, stopped = threading.Event(), threading.Event()
    real_measure = bench.measure

    def measure(*args, **kwargs):
        started.set()
        try:
            return real_measure(*args, **kwargs)
        finally:
            stopped.set()

    monkeypatch.setattr(bench, "measure", measure)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tasks = TaskRunner()
    wizard = FirstRunWizard(settings, tasks, bench_seconds=60)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.next()
    assert wizard.skip_bench.isVisible() and "…" in wizard.bench_result.text()
    qtbot.waitUntil(started.is_set, timeout=20_000)  # the measuring stream is running
    qtbot.mouseClick(wizard.skip_bench, Qt.MouseButton.LeftButton)
    assert not wizard.skip_bench.isVisible()
    assert wizard.bench_result.text().startswith(("Skipped", "已跳过"))
    qtbot.waitUntil(stopped.is_set, timeout=10_000)  # the measuring stream is gone
    # Skip has gone away; Enter goes on to the next page
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.pages[-1], timeout=5_000)
    wizard.accept()
    assert tasks.wait(10_000)  # nothing left running behind the window (the check: 60 s)
    assert wizard.report is None and settings.value("quality") == "720p"


@pytest.mark.nginx
def test_a_pasted_push_url_measures_the_uplink_and_lowers_the_quality(
    qtbot, tmp_path, nginx: NginxRtmp
) -> None:
    """Real parts: nginx-rtmp behind a TCP proxy pacing 1.5 Mbit/s (a village uplink)."""
    proxy = ThrottleProxy(target_port=nginx.port, rate_kbps=1500)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tasks = TaskRunner()
    wizard = FirstRunWizard(settings, tasks, bench_seconds=0.5)
    qtbot.addWidget(wizard)
    try:
        wizard.show()
        wizard.english.setChecked(True)
        wizard.next()
        wizard.next()  # the machine page
        qtbot.mouseClick(wizard.skip_bench, Qt.MouseButton.LeftButton)
        wizard.quality.setCurrentIndex(wizard.quality.findData("1080p"))
        qtbot.keyClicks(wizard.uplink_url, "not a url")
        qtbot.keyClick(wizard.uplink_url, Qt.Key.Key_Return)
        assert wizard.uplink_result.text() and wizard.uplink is None  # says what is wrong
        wizard.uplink_url.clear()
        qtbot.keyClicks(wizard.uplink_url, f"rtmp://127.0.0.1:{proxy.port}/live/wizard-key-5")
        qtbot.mouseClick(wizard.uplink_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: wizard.uplink is not None, timeout=60_000)
        assert wizard.quality.currentData() == wizard.uplink.quality != "1080p"
        assert "kbps" in wizard.uplink_result.text()
        assert "wizard-key-5" not in wizard.uplink_result.text()
        wizard.next()
        wizard.accept()
        tasks.wait()
        assert settings.value("quality") == wizard.uplink.quality
        assert b"wizard-key-5" not in (tmp_path / "settings.ini").read_bytes()
    finally:
        proxy.close()


def test_a_language_picked_is_kept_even_if_the_wizard_is_closed(qtbot, tmp_path) -> None:
    """Found by using it under Xvfb: 简体中文 picked, then Cancel, and the window came up in
    English. The choice the host saw applied is the one the window speaks."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tasks = TaskRunner()
    wizard = FirstRunWizard(settings, tasks, bench_seconds=0.5, language="en")
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        wizard.chinese.setChecked(True)
        wizard.reject()  # Cancel
        assert settings.value("language") == "zh_CN"
        assert settings.value("first_run_done") != "true"  # the rest was not set up
    finally:
        wizard.stop_checks()
        tasks.wait()


def test_with_no_camera_the_wizard_picks_the_test_picture_not_the_screen_and_says_why(
    qtbot, tmp_path, xvfb, monkeypatch
) -> None:
    """A screen is found (a real X display) but no camera: picking 屏幕 1 would broadcast the
    merchant's desktop without their meaning to. The test picture stays, and the page says
    why; the screen is offered by its name, never as a bare size."""
    monkeypatch.setenv("DISPLAY", xvfb.name)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tasks = TaskRunner()
    wizard = FirstRunWizard(settings, tasks, bench_seconds=0.5, language="en")
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        wizard.next()
        qtbot.waitUntil(lambda: wizard.camera.findData("screen:1") >= 0, timeout=20_000)
        screen = wizard.camera.itemText(wizard.camera.findData("screen:1"))
        assert screen == f"Screen 1 ({xvfb.width}×{xvfb.height})"
        assert wizard.camera.currentData() == "test"
        assert wizard.camera_note.isVisible()
        assert "No camera was found" in wizard.camera_note.text()
        assert "whole desktop" in wizard.camera_note.text()
    finally:
        wizard.stop_checks()
        tasks.wait()
