"""The health chips and the sound indicators tell the host the truth (issue 23, points 4, 6)."""

from __future__ import annotations

import threading
from typing import Any

from studio.qt.app import StudioApp
from tests.qt.test_main_window import _start, _stop


class SlowTool:
    """Test double for a picture tool too heavy for this computer (a cutout at 1080p on two
    cores): it holds each frame for three frame intervals, on an event no one sets, as a real
    tool's arithmetic would. The wait is the tool's cost inside the frame, not a test's sleep."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._never = threading.Event()

    def apply(self, planes: Any) -> None:
        self._never.wait(self.seconds)


def test_a_picture_too_slow_for_the_computer_turns_the_frames_chip_red(
    qtbot, studio_app: StudioApp
) -> None:
    window = studio_app.window
    studio_app.set_language("zh_CN")
    assert window.frames_chip.text() == "帧 —"
    _start(qtbot, studio_app)
    engine = studio_app.studio.session.engine
    qtbot.waitUntil(lambda: "未出帧" in window.frames_chip.text(), timeout=15_000)
    engine.set_tools((SlowTool(3 / engine.config.fps),))
    # frames are no longer made in time: counted as missed, and the chip says so in red
    qtbot.waitUntil(lambda: window.frames_chip.property("level") == "bad", timeout=20_000)
    text = window.frames_chip.text()
    missed = int(text.split("未出帧 ")[1].split(" ")[0])
    assert missed > 0 and "丢帧 0" in text
    fps = int(text.split("/")[0])
    assert fps < 0.8 * engine.config.fps
    assert "毫秒" in window.frames_chip.toolTip()
    engine.set_tools(())  # the tool off: the picture recovers and the chip with it
    qtbot.waitUntil(lambda: window.frames_chip.property("level") != "bad", timeout=30_000)
    _stop(qtbot, studio_app)
    assert window.frames_chip.text() == "帧 —" and window.frames_chip.property("level") == "idle"
