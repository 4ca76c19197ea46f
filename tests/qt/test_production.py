"""The production tools in the window: remembered, applied while live, scenes on F1-F4."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import Qt

from studio.media.effects import Beauty, ChromaKey
from tests.support.clips import solid_clip
from tests.support.window import stop_show


def _rehearse(qtbot, window) -> None:
    window.rehearsal_box.setChecked(True)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.stop_button.isEnabled, timeout=30_000)


def test_beauty_and_green_screen_apply_live_and_are_remembered(qtbot, studio_app, tmp_path) -> None:
    window = studio_app.window
    panel = window.production
    backdrop = tmp_path / "果园.png"
    cv2.imwrite(str(backdrop), np.full((90, 160, 3), (40, 160, 60), np.uint8))
    _rehearse(qtbot, window)
    engine = studio_app.studio.session.engine
    assert engine.compositor.effects == ()
    panel.beauty.setValue(60)  # the host drags the slider
    qtbot.waitUntil(
        lambda: any(
            isinstance(e, Beauty) and e.settings.strength == 60 for e in engine.compositor.effects
        ),
        timeout=10_000,
    )
    panel.background.set_path(str(backdrop), emit=True)
    panel.key_box.setChecked(True)
    qtbot.waitUntil(
        lambda: any(
            isinstance(e, ChromaKey) and e.backdrop is not None for e in engine.compositor.effects
        ),
        timeout=10_000,
    )
    assert panel.beauty_value.text() == "60"
    stop_show(qtbot, window)
    # kept for the next start of the window
    s = studio_app.settings
    assert int(s.value("production/beauty")) == 60
    assert s.value("production/key_on") == "true"
    assert s.value("production/background") == str(backdrop)
    assert window.choice().tools.beauty == 60 and window.choice().tools.key == "green"


def test_noise_suppression_is_a_remembered_switch(qtbot, studio_app) -> None:
    window = studio_app.window
    assert window.production.denoise.isChecked()  # on by default
    assert window.choice().denoise is True
    window.production.denoise.setChecked(False)
    assert window.choice().denoise is False
    assert studio_app.settings.value("production/denoise") == "false"


def test_scenes_switch_with_f_keys_while_live(qtbot, studio_app, tmp_path: Path) -> None:
    window = studio_app.window
    panel = window.production
    qtbot.keyClick(window, Qt.Key.Key_F4)  # not live yet: the window says when it works
    assert "once you are live" in window.status.currentMessage()
    assert panel.scene_buttons["host"].isChecked()
    assert not panel.scene_buttons["product"].isEnabled()  # no product video chosen yet
    assert "product video" in panel.scene_buttons["product"].toolTip()
    video = tmp_path / "脐橙.mp4"
    solid_clip(video, (240, 130, 20))
    panel.product_video.set_path(str(video), emit=True)
    assert panel.scene_buttons["product"].isEnabled()
    _rehearse(qtbot, window)
    studio = studio_app.studio
    qtbot.keyClick(window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: studio.scene == "brb", timeout=10_000)
    assert panel.scene_buttons["brb"].isChecked()
    qtbot.mouseClick(panel.scene_buttons["product"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: studio.scene == "product", timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F2)  # no close-up chosen: said, and nothing changes
    qtbot.waitUntil(lambda: "close-up" in window.status.currentMessage(), timeout=5_000)
    assert studio.scene == "product" and panel.scene_buttons["product"].isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: studio.scene == "host", timeout=10_000)
    stop_show(qtbot, window)
    assert panel.scene_buttons["host"].isChecked()
