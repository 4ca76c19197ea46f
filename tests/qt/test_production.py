"""The production tools in the window: remembered, applied while live, scenes on F1-F4."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt

from studio.media.effects import Beauty, ChromaKey
from tests.support.clips import solid_clip
from tests.support.window import save_show_settings, stop_show

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier


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
    panel.key_colour.setCurrentIndex(panel.key_colour.findData("green"))
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


def test_a_fresh_window_names_every_tool_and_scene(qtbot, studio_app) -> None:
    """Found by using it: the panel's words came only with a language switch."""
    panel = studio_app.window.production
    assert [b.text() for b in panel.scene_buttons.values()] == [
        "Host  F1",
        "Close-up  F2",
        "Product  F3",
        "Be back  F4",
    ]
    assert panel.denoise.text() == "Noise suppression"  # plain words, no library's name
    assert panel.key_box.title() == "Cut out and new background"
    assert panel.beauty_label.text() == "Smoothing"
    assert panel.key_colour.currentText() == "Smart cutout (no green screen)"  # no cloth needed


def test_smart_cutout_with_a_blurred_room_applies_live_and_is_remembered(
    qtbot, studio_app, tmp_path
) -> None:
    from studio.core.picture import BLUR
    from studio.media.cutout import Cutout

    window = studio_app.window
    panel = window.production
    _rehearse(qtbot, window)
    engine = studio_app.studio.session.engine
    assert panel.key_colour.currentData() == "person"
    panel.key_box.setChecked(True)  # the first method is the smart cutout
    panel.blur.setChecked(True)
    assert not panel.background.isEnabled()  # the room is the background: no picture to choose
    qtbot.waitUntil(
        lambda: any(
            isinstance(e, Cutout) and e.backdrop == BLUR for e in engine.compositor.effects
        ),
        timeout=10_000,
    )
    backdrop = tmp_path / "果园.png"  # a green screen is keyed once it has a background
    cv2.imwrite(str(backdrop), np.full((90, 160, 3), (40, 160, 60), np.uint8))
    panel.key_colour.setCurrentIndex(panel.key_colour.findData("green"))
    panel.key_colour.activated.emit(panel.key_colour.currentIndex())
    assert not panel.blur.isEnabled() and panel.background.isEnabled()  # blur is the cutout's
    panel.background.set_path(str(backdrop), emit=True)
    qtbot.waitUntil(
        lambda: any(isinstance(e, ChromaKey) for e in engine.compositor.effects),
        timeout=10_000,
    )
    assert panel.tools().background == str(backdrop)  # a green screen does not blur
    stop_show(qtbot, window)
    s = studio_app.settings
    assert s.value("production/key_colour") == "green" and s.value("production/blur") == "true"


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


def test_after_stop_the_window_offers_a_clip_of_each_product(qtbot, studio_app, tmp_path) -> None:
    import av

    from studio.core.rundown import LinkUpState

    window = studio_app.window
    dialog = window.open_show_settings()
    qtbot.addWidget(dialog)
    dialog.countdown.setValue(1)
    save_show_settings(qtbot, dialog)
    assert studio_app.settings.value("show/countdown_s") == 1
    sheet = tmp_path / "s.csv"
    sheet.write_text("商品名称,直播价\n核桃 500g,30\n", encoding="utf-8")
    window.products.import_file(sheet)
    qtbot.waitUntil(lambda: window.products.list.count() == 1, timeout=10_000)
    _rehearse(qtbot, window)
    window.products.link_up()
    show = studio_app.studio.show
    qtbot.waitUntil(
        lambda: bool(show.link_ups) and show.link_ups[0].state is LinkUpState.LISTED,
        timeout=20_000,
    )
    # a few seconds on after "上链接!": what the clip shows of the sale
    qtbot.waitUntil(lambda: studio_app.studio.stats().on_air_s > 5, timeout=20_000)
    stop_show(qtbot, window)
    panel = window.report_panel
    qtbot.waitUntil(lambda: bool(panel.clips), timeout=60_000)
    assert panel.clips_button.isVisible() and panel.clips_button.isEnabled()
    assert panel.clips_button.text() == "Product clips (1)"
    (clip,) = panel.clips
    assert clip.name == "01-核桃 500g.mp4"
    with av.open(str(clip)) as c:
        first = next(c.decode(video=0))
        assert first.height > first.width  # portrait, to post


class _Broken:
    """A picture tool that fails at once: stands for a bug no test foresaw (a test double)."""

    def apply(self, planes: object) -> None:
        raise ValueError("simulated tool bug")


def test_a_failing_tool_is_said_and_the_panel_shows_it_off(qtbot, studio_app) -> None:
    window = studio_app.window
    panel = window.production
    panel.beauty.setValue(60)
    _rehearse(qtbot, window)
    engine = studio_app.studio.session.engine
    qtbot.waitUntil(  # the window's own tools are in first: nothing replaces the broken one
        lambda: any(isinstance(e, Beauty) for e in engine.compositor.effects), timeout=10_000
    )
    engine.set_tools((_Broken(),))
    from PySide6.QtWidgets import QMessageBox

    def told() -> str:  # the box stays until it is read; the status bar may move on
        boxes = [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]
        return next((t for t in boxes if "simulated tool bug" in t), "")

    qtbot.waitUntil(lambda: bool(told()), timeout=30_000)
    assert "the stream goes on" in told()
    assert panel.beauty.value() == 0 and not panel.key_box.isChecked()  # what is true now
    seen = engine.frames_encoded
    qtbot.waitUntil(lambda: engine.frames_encoded > seen + 10, timeout=20_000)
    assert studio_app.studio.live
    stop_show(qtbot, window)


def test_a_click_on_the_beauty_track_nudges_it_a_little(qtbot, studio_app) -> None:
    """Found by using it: a click beside the handle jumped 10 (Qt's page step)."""
    panel = studio_app.window.production
    panel.beauty.setValue(20)
    panel.beauty.resize(300, 30)
    track_end = panel.beauty.rect().center()
    track_end.setX(panel.beauty.width() - 5)
    qtbot.mouseClick(panel.beauty, Qt.MouseButton.LeftButton, pos=track_end)
    assert 20 < panel.beauty.value() <= 25
    assert panel.beauty_value.text() == str(panel.beauty.value())


def test_the_chinese_panel_names_no_library(qtbot, studio_app) -> None:
    studio_app.set_language("zh_CN")
    panel = studio_app.window.production
    assert panel.denoise.text() == "麦克风降噪"
    words = " ".join([panel.denoise.text(), panel.denoise.toolTip(), panel.sound_box.title()])
    assert "RNNoise" not in words


def test_a_screen_close_up_is_named_as_a_screen(qtbot, studio_app, xvfb, monkeypatch) -> None:
    from studio.app.studio import Studio

    monkeypatch.setenv("DISPLAY", xvfb.name)
    panel = studio_app.window.production
    panel.add_sources(Studio.devices())
    index = panel.closeup.findData("screen:1")
    assert index >= 0
    assert panel.closeup.itemText(index) == f"Screen 1 ({xvfb.width}×{xvfb.height})"


ORANGE = (240, 130, 20)  # the close-up clip


def _orange_share(rgb: np.ndarray) -> float:
    """How much of the picture's bottom-right quarter (where the close-up sits) is the
    close-up's orange."""
    h, w = rgb.shape[:2]
    corner = rgb[h // 2 :, w // 2 :].astype(int)
    near = np.abs(corner - np.array(ORANGE)).max(axis=2) <= 24
    return float(near.mean())


def test_f1_after_f2_shows_the_host_alone(qtbot, studio_app, tmp_path, monkeypatch) -> None:
    """Found by using it: 主播全屏 still showed the close-up after F2 → F1. Read in the
    composed picture: the close-up's corner is there in F2 and gone in F1, also after a
    tool changes while in F1."""
    from PySide6.QtWidgets import QFileDialog

    window = studio_app.window
    panel = window.production
    close = tmp_path / "特写.mp4"
    solid_clip(close, ORANGE, seconds=3)
    _rehearse(qtbot, window)
    studio = studio_app.studio
    # the host picks a close-up file in the open dialog
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(close), ""))
    panel.closeup.setCurrentIndex(panel.closeup.findData("file"))
    panel.closeup.activated.emit(panel.closeup.currentIndex())
    assert panel.scene_buttons["closeup"].isEnabled()
    qtbot.waitUntil(lambda: studio.preview_rgb() is not None, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: _orange_share(studio.preview_rgb()) > 0.04, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: studio.scene == "host", timeout=10_000)
    qtbot.waitUntil(lambda: _orange_share(studio.preview_rgb()) < 0.01, timeout=10_000)
    panel.beauty.setValue(30)  # a tool changed in F1 brings no close-up back
    engine = studio.session.engine
    qtbot.waitUntil(
        lambda: any(isinstance(e, Beauty) for e in engine.compositor.effects), timeout=10_000
    )
    shown = window.preview.frames_shown
    qtbot.waitUntil(lambda: window.preview.frames_shown > shown + 15, timeout=10_000)
    assert _orange_share(studio.preview_rgb()) < 0.01
    stop_show(qtbot, window)


def test_ticking_the_cutout_live_never_blacks_out_the_stream(qtbot, studio_app) -> None:
    """Found by using it: ticking 抠像与换背景 with the default background (none, black) put
    a black picture on air at once. The default is the room, blurred; read in the decoded
    recording, no frame after the click is black."""
    from studio.core.picture import BLUR
    from studio.media.cutout import Cutout
    from tests.support.media import decode_video_luma

    window = studio_app.window
    panel = window.production
    assert panel.blur.isChecked()  # a fresh studio blurs the room
    assert panel.key_colour.currentData() == "person"
    _rehearse(qtbot, window)
    engine = studio_app.studio.session.engine
    seen = engine.frames_encoded
    qtbot.waitUntil(lambda: engine.frames_encoded > seen + 15, timeout=10_000)
    panel.key_box.setChecked(True)  # one click, nothing else chosen
    qtbot.waitUntil(
        lambda: any(
            isinstance(e, Cutout) and e.backdrop == BLUR for e in engine.compositor.effects
        ),
        timeout=10_000,
    )
    seen = engine.frames_encoded
    qtbot.waitUntil(lambda: engine.frames_encoded > seen + 45, timeout=20_000)
    # unticking the blur with no picture chosen is no black either: the room stays
    panel.blur.setChecked(False)
    assert panel.tools().background == BLUR
    assert "blurred" in panel.background.name.text()
    stop_show(qtbot, window)
    outputs = studio_app.studio.last_ended.stats.outputs
    recording = Path(next(o.path for o in outputs if o.kind == "record"))
    lumas = [luma for _t, luma in decode_video_luma(recording)]
    first = next(i for i, luma in enumerate(lumas) if luma > 40)  # the camera's first frame
    assert len(lumas) - first > 60
    assert min(lumas[first:]) > 40, min(lumas[first:])  # nothing black once on air


def test_a_green_screen_without_a_background_keeps_the_picture(qtbot, studio_app) -> None:
    """A green screen ticked before a background is chosen is not keyed to black: the
    picture stays as it is until there is something to put behind the host."""
    panel = studio_app.window.production
    panel.key_colour.setCurrentIndex(panel.key_colour.findData("green"))
    panel.key_colour.activated.emit(panel.key_colour.currentIndex())
    panel.key_box.setChecked(True)
    assert panel.tools().key == "" and panel.tools().background == ""
    assert "replace the screen" in panel.background.name.text()


def test_each_frame_guard_choice_says_what_the_viewers_see(qtbot, studio_app) -> None:
    """The choices name what viewers lose (sharpness, not the encoder's preset), and the line
    under the choice, and each item's tooltip, say what the picture does, in turn."""
    panel = studio_app.window.production
    assert panel.guard_effect.isVisibleTo(panel) and panel.guard_effect.wordWrap()
    assert panel.guard_effect.text() == (
        "Viewers see, in turn: first the cutout's edge follows quick moves a little later; "
        "then the picture gets a little softer; last the picture sent gets smaller (less "
        "sharp on big screens)."
    )
    texts = {}
    for index in range(panel.guard.count()):
        tip = panel.guard.itemData(index, Qt.ItemDataRole.ToolTipRole)
        texts[panel.guard.itemData(index)] = tip
        for jargon in ("preset", "encoder", "x264", "superfast"):
            assert jargon not in panel.guard.itemText(index).lower() and jargon not in tip
    assert texts["off"] == "Nothing is lowered: when the PC falls behind, the picture stutters."
    assert texts["preset,cutout,resolution"].startswith(
        "Viewers see, in turn: first the picture gets a little softer;"
    )
    panel.guard.setCurrentIndex(panel.guard.findData("off"))
    assert panel.guard_effect.text() == texts["off"]
    studio_app.set_language("zh_CN")
    assert panel.guard.currentText() == "都不降（会掉帧）"
    assert panel.guard_effect.text() == "什么都不降：电脑忙不过来时，观众看到的画面会卡顿、掉帧。"
    panel.guard.setCurrentIndex(panel.guard.findData("preset,cutout,resolution"))
    assert panel.guard.currentText() == "清晰度、抠像、画面大小"
    assert panel.guard_effect.text().startswith("观众依次会看到：先是画面稍糊一点；")


def test_the_frame_guards_order_is_shown_changed_live_and_remembered(qtbot, studio_app) -> None:
    """What the studio turns down first when the PC falls behind: the host sees the order,
    picks another one while live (the running stream follows it) and finds it next time."""
    window = studio_app.window
    panel = window.production
    assert panel.guard_box.title() == "When the PC falls behind"
    assert panel.guard.currentText() == "Cutout, sharpness, size"
    assert window.choice().guard == ("cutout", "preset", "resolution")
    _rehearse(qtbot, window)
    engine = studio_app.studio.session.engine
    assert engine.guard.order == ("cutout", "preset", "resolution")
    panel.guard.setCurrentIndex(panel.guard.findData("resolution,preset,cutout"))
    panel.guard.activated.emit(panel.guard.currentIndex())
    qtbot.waitUntil(lambda: engine.guard.order == ("resolution", "preset", "cutout"), timeout=5_000)
    panel.guard.setCurrentIndex(panel.guard.findData("off"))
    panel.guard.activated.emit(panel.guard.currentIndex())
    qtbot.waitUntil(lambda: engine.guard.order == (), timeout=5_000)
    stop_show(qtbot, window)
    assert studio_app.settings.value("production/guard") == "off"
    assert window.choice().guard == ()
