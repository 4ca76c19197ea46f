"""The window's go-live check measures the uplink to the destination, then picks the quality.

Real parts: nginx-rtmp behind a TCP proxy that paces what it forwards (a thin uplink), the
studio's RTMP output publishing the test stream, the window offscreen.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from studio.qt.widgets import select
from tests.support.servers import NginxRtmp, ThrottleProxy
from tests.support.window import answer_platform_question, answer_uplink_question, stop_show

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier


def _settings_bytes() -> bytes:
    return b"".join(p.read_bytes() for p in Path(os.environ["STUDIO_DATA_DIR"]).rglob("*.ini"))


@pytest.mark.nginx
def test_an_uplink_too_thin_for_480p_is_said_plainly_before_going_live(
    qtbot, studio_app, nginx: NginxRtmp
) -> None:
    proxy = ThrottleProxy(target_port=nginx.port, rate_kbps=450)
    try:
        window = studio_app.window
        window.destinations.save("村口路由器", f"rtmp://127.0.0.1:{proxy.port}/live/thin-key-77")
        window.rehearsal_box.setChecked(False)
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        answer_platform_question(qtbot, window)  # the first real go-live asks this first
        assert "村口路由器" in window.golive.uplink_question.text()
        answer_uplink_question(qtbot, window, test=True)
        assert not window.start_button.isEnabled()  # busy measuring, not live
        qtbot.waitUntil(
            lambda: (box := window.golive.uplink_warning) is not None and box.isVisible(),
            timeout=60_000,
        )
        text = window.golive.uplink_warning.text()
        assert "480p" in text and ("推不动" in text or "less than" in text)
        assert "thin-key-77" not in text
        cancel = window.golive.uplink_warning.button(QMessageBox.StandardButton.Cancel)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        assert not studio_app.studio.live  # the host chose not to go live on it
        assert window.start_button.isEnabled()
        assert window.golive.last_uplink is not None and window.golive.last_uplink.quality is None
    finally:
        proxy.close()
    assert b"thin-key-77" not in _settings_bytes()


@pytest.mark.nginx
def test_the_quality_is_lowered_to_what_the_uplink_carries_and_the_show_goes_live(
    qtbot, studio_app, nginx: NginxRtmp
) -> None:
    proxy = ThrottleProxy(target_port=nginx.port, rate_kbps=1500)
    try:
        window = studio_app.window
        window.destinations.save("乡镇宽带", f"rtmp://127.0.0.1:{proxy.port}/live/mid-key")
        window.rehearsal_box.setChecked(False)
        select(window.quality, "1080p")
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        answer_platform_question(qtbot, window)
        answer_uplink_question(qtbot, window, test=True)
        qtbot.waitUntil(window.stop_button.isEnabled, timeout=60_000)  # live after the test
        assert window.golive.last_uplink is not None
        assert window.quality.currentData() in ("480p", "720p")  # not the 1080p it was
        assert window.quality.currentData() == window.golive.last_uplink.quality
        # measured now: the next go-live does not ask again
        stop_show(qtbot, window)
        window.golive.uplink_question = None
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(window.stop_button.isEnabled, timeout=30_000)
        assert window.golive.uplink_question is None
        stop_show(qtbot, window)
    finally:
        proxy.close()


def test_testing_the_uplink_without_a_destination_says_what_to_do(qtbot, studio_app) -> None:
    window = studio_app.window
    window.uplink_action.trigger()
    assert not studio_app.studio.live
    message = window.status.currentMessage()
    assert "推流地址" in message or "push destination" in message


def test_the_resolution_steps_choice_reaches_the_stream_and_is_kept(qtbot, studio_app) -> None:
    window = studio_app.window
    assert window.resolution_steps.isChecked()  # on by default
    window.resolution_steps.trigger()  # Streaming › Lower the resolution on a weak uplink
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)  # a private rehearsal
    qtbot.waitUntil(window.stop_button.isEnabled, timeout=30_000)
    assert studio_app.studio.session.engine.config.resolution_steps is False
    stop_show(qtbot, window)
    window.save_settings()
    assert str(studio_app.settings.value("resolution_steps")) == "false"
