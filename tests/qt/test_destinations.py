"""Push destinations in the window: keyring only, platform recognised, test button, go live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from studio import credentials
from studio.core.state import OutputState
from studio.qt.widgets import select
from tests.support.servers import NginxRtmp
from tests.support.window import answer_platform_question, answer_uplink_question, stop_show

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier

DOUYIN = "rtmp://push-rtmp-l1.douyincdn.com/third/stream-6f2a9c?expire=1795&sign=ab12cd34ef"


def _files() -> bytes:
    root = Path(os.environ["STUDIO_DATA_DIR"])
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_a_destination_key_lands_in_the_keyring_and_in_no_file(qtbot, studio_app) -> None:
    window = studio_app.window
    dialog = window.open_destinations()
    qtbot.addWidget(dialog)
    dialog.name.setText("抖音主号")  # QTest types ASCII only; an input method types Chinese
    qtbot.keyClicks(dialog.url, DOUYIN)
    assert ("抖音" in dialog.platform.text()) != ("Douyin" in dialog.platform.text())
    assert "720x1280" in dialog.platform.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=5_000)  # saved on a worker
    assert "抖音" in dialog.list.item(0).text()
    (saved,) = window.destinations.all()
    key = credentials.load("stream-key", saved.dest_id)
    assert key is not None and "ab12cd34ef" in key.reveal()
    assert dialog.key.text() == ""  # never left on screen
    window.save_settings()
    assert b"ab12cd34ef" not in _files() and b"stream-6f2a9c" not in _files()
    dialog.list.setCurrentRow(0)
    qtbot.waitUntil(  # the keyring is read on a worker
        lambda: (
            "keyring" in dialog.key.placeholderText() or "钥匙串" in dialog.key.placeholderText()
        ),
        timeout=5_000,
    )


@pytest.mark.nginx
def test_the_test_button_and_going_live_from_the_window(
    qtbot,
    studio_app,
    nginx_with_key: NginxRtmp,
    tmp_path: Path,
) -> None:
    window = studio_app.window
    dialog = window.open_destinations()
    qtbot.addWidget(dialog)
    dialog.name.setText("测试服务器")
    qtbot.keyClicks(dialog.url, nginx_with_key.url("wrong-key"))
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("✗"), timeout=15_000)
    assert "wrong-key" not in dialog.test_result.text()
    dialog.url.setText(nginx_with_key.url("right-key-123"))
    dialog.key.clear()
    qtbot.keyClicks(dialog.key, "right-key-123")  # the key typed separately this time
    dialog.url.setText(nginx_with_key.url("right-key-123").rsplit("/", 1)[0])
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("✓"), timeout=15_000)
    assert window.destinations.all() == []  # testing saves nothing; Save does
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.destinations.all()) == 1, timeout=5_000)
    dialog.close()

    import logging

    from studio.app.logs import setup_logging

    root = logging.getLogger()
    kept = (root.handlers[:], root.level)
    log_file = tmp_path / "logs" / "studio.log"
    setup_logging(True, log_file=log_file)  # as `studio` sets it up, at the most detail
    try:
        window.rehearsal_box.setChecked(False)
        assert window.start_button.text() in ("Go live", "开始直播")
        select(window.quality, "1080p")
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        answer_platform_question(qtbot, window)  # the first real go-live asks this once
        # never measured: the go-live check tests the uplink to the destination first
        answer_uplink_question(qtbot, window, test=True)
        qtbot.waitUntil(window.stop_button.isEnabled, timeout=60_000)  # the window shows it
        uplink = window.golive.last_uplink
        assert uplink is not None and uplink.uplink_kbps > 2000
        assert window.quality.currentData() == "1080p"  # loopback carries it: kept
        assert not window.banner.isVisible()
        qtbot.waitUntil(
            lambda: any(s.state is OutputState.LIVE for s in window.health.outputs.values()),
            timeout=20_000,
        )
        qtbot.waitUntil(lambda: "kbps" in window.stream_stats.text(), timeout=5_000)
        # on air: the big label says so, in the live red, with the time, and the uplink is fine
        qtbot.waitUntil(lambda: window.on_air.property("state") == "live", timeout=5_000)
        assert window.on_air.text().startswith(("LIVE 0:", "直播中 0:"))
        assert window.uplink_chip.text().startswith(("Uplink 1/1", "上行 1/1"))
        assert window.uplink_chip.property("level") == "ok"
        stop_show(qtbot, window)
        assert window.on_air.property("state") == "off"  # off air: nothing reads as live
        assert nginx_with_key.recordings()
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], root.level = kept
    text = log_file.read_text(encoding="utf-8")
    assert "connect" in text.lower() and "right-key-123" not in text


def test_without_a_keyring_the_window_asks_for_the_key(qtbot, studio_app, monkeypatch) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    window = studio_app.window
    dialog = window.open_destinations()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.keyring_checked, timeout=5_000)  # asked on a worker
    assert dialog.keyring_note.isVisibleTo(dialog) and dialog.ask_key.isChecked()
    qtbot.keyClicks(dialog.url, "rtmp://127.0.0.1:9/live/typed-key-5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.destinations.all()), timeout=5_000)
    assert window.destinations.all()[0].ask_key
    assert b"typed-key-5" not in _files()
    asked: list[str] = []

    def get_text(*args, **kwargs):
        asked.append(args[2])
        return "", False  # the host cancels

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    window.rehearsal_box.setChecked(False)
    window.settings.setValue("show/platform", "assisted")  # asked at an earlier go-live
    window.golive.start()
    assert asked and not studio_app.studio.live


def test_the_platform_recommendation_sets_the_picture(qtbot, studio_app) -> None:
    window = studio_app.window
    select(window.quality, "1080p")
    select(window.orientation, False)
    dialog = window.open_destinations()
    qtbot.addWidget(dialog)
    dialog.url.setText(DOUYIN)
    assert dialog.recommended_button.isEnabled()
    qtbot.mouseClick(dialog.recommended_button, Qt.MouseButton.LeftButton)
    assert window.quality.currentData() == "720p" and window.orientation.currentData() is True
    dialog.url.setText("rtmp://10.0.0.5/live/x")  # a custom server: plain 720p landscape
    qtbot.mouseClick(dialog.recommended_button, Qt.MouseButton.LeftButton)
    assert window.quality.currentData() == "720p" and window.orientation.currentData() is False


@pytest.mark.nginx
def test_a_rehearsal_can_also_push_to_a_test_server(qtbot, studio_app, nginx: NginxRtmp) -> None:
    window = studio_app.window
    window.destinations.save("测试服务器", nginx.url("rehearsal"))
    window.rehearsal_push.setChecked(True)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    answer_uplink_question(qtbot, window)
    qtbot.waitUntil(window.stop_button.isEnabled, timeout=30_000)  # the window shows it
    # still a rehearsal, but the banner says what is true: it leaves the machine
    assert window.banner.isVisible()
    assert "测试服务器" in window.banner.text() and "viewers may see it" in window.banner.text()
    assert "nothing you do here is public" not in window.banner.text()
    assert "#ff9500" not in window.banner.styleSheet()  # not the private colour
    pushes = [o for o in studio_app.studio.session.outputs if o.stats.kind == "rtmp"]
    qtbot.waitUntil(lambda: pushes[0].stats.sent_video_frames > 30, timeout=20_000)
    stop_show(qtbot, window)
    assert nginx.recordings()


def test_enter_saves_what_was_pasted_and_a_click_reloads_the_selected_one(
    qtbot, studio_app
) -> None:
    window = studio_app.window
    dialog = window.open_destinations()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("快手")
    qtbot.keyClicks(dialog.url, "rtmp://open-push.voip.yximgs.com/gifshow/kwai-1?sign=zz9")
    qtbot.keyClick(dialog.url, Qt.Key.Key_Return)  # Enter, as a merchant presses it
    assert dialog.url.text().startswith("rtmp://open-push")  # the pasted URL is not cleared
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=5_000)  # Enter saved it
    dialog.url.setText("rtmp://changed.example.com/live/x")  # edited, then thought better of
    item = dialog.list.item(0)
    rect = dialog.list.visualItemRect(item)
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.url.text().startswith("rtmp://open-push")  # the click brought it back


WINDOW_WITHOUT_KEYRING = r"""
import sys
from PySide6.QtWidgets import QApplication
from studio.qt.app import StudioApp

app = QApplication(sys.argv)
studio = StudioApp(app)
dialog = studio.window.open_destinations()
while not dialog.keyring_checked:  # the keyring is asked on a worker
    app.processEvents()
print("note:", dialog.keyring_note.isVisibleTo(dialog), dialog.ask_key.isChecked())
dialog.ask_key.setChecked(False)  # the merchant unticks it and tries to save a key anyway
dialog.name.setText("抖音主号")
dialog.url.setText("rtmp://push-rtmp-l1.douyincdn.com/third/stream-1?sign=SECRETKEY9")
dialog.save()
while dialog.saving:  # saved on a worker
    app.processEvents()
print("result:", dialog.test_result.text())
print("saved:", len(studio.window.destinations.all()))
dialog.close()
studio.shutdown()
"""


def test_a_window_on_a_machine_without_a_keyring_says_so_and_keeps_no_key(tmp_path) -> None:
    """A separate process with keyring's own no-keyring backend and no test backend: what a
    merchant without GNOME Keyring or KWallet sees."""
    import subprocess
    import sys

    from tests.support.cli import studio_env

    env = studio_env(PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    result = subprocess.run(
        [sys.executable, "-c", WINDOW_WITHOUT_KEYRING],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "note: True True" in out  # the dialog says so, and asks for the key at go-live
    assert "result:" in out and "已保存" not in out and "Saved" not in out
    assert "钥匙串" in out or "keyring" in out
    assert "saved: 0" in out  # nothing half-saved either
    data = Path(os.environ["STUDIO_DATA_DIR"])
    kept = b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
    assert b"SECRETKEY9" not in kept


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_dialog_answers_in_the_windows_language_and_shows_whole_entries(
    qtbot, studio_app
) -> None:
    import re

    cjk = re.compile(r"[\u4e00-\u9fff]")
    window = studio_app.window
    dialog = window.open_destinations()
    qtbot.addWidget(dialog)
    dialog.name.setText("Main room")
    dialog.url.setText(f"rtmp://127.0.0.1:{_free_port()}/live/nobody-listens")
    for language, expected in (("en", "check the push URL"), ("zh_CN", "请检查推流地址")):
        studio_app.set_language(language)
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.test_result.text().startswith("✗"), timeout=15_000)
        answer = dialog.test_result.text()
        assert expected in answer
        if language == "en":
            assert not cjk.search(answer), answer  # not "无法连接 / cannot connect"
        dialog.test_result.clear()
        assert dialog.url.text().startswith("rtmp://127.0.0.1:")  # nothing typed was lost

    # a long name: the entry wraps inside the list, no sideways scrollbar, nothing cut off
    dialog.name.setText("抖音主号（赣南脐橙专场，每晚八点）")
    dialog.url.setText(DOUYIN)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=5_000)
    item = dialog.list.item(0)
    assert item.text().splitlines() == ["抖音主号（赣南脐橙专场，每晚八点）", "抖音"]
    rect = dialog.list.visualItemRect(item)
    assert rect.right() <= dialog.list.viewport().width()
    assert not dialog.list.horizontalScrollBar().isVisible()
    studio_app.set_language("en")
    assert dialog.list.item(0).text().splitlines()[1] == "Douyin"
    assert dialog.windowTitle() == "Push destinations" and dialog.save_button.text() == "Save"


@pytest.mark.nginx
def test_a_refused_destination_is_one_click_from_a_new_key(
    qtbot, studio_app, nginx_with_key: NginxRtmp, monkeypatch
) -> None:
    """The platform refuses the saved key (expired): the window says so, the stream and the
    recording go on, and pasting the new key puts the destination on air and keeps it."""
    import studio.media.outputs.rtmp as rtmp

    monkeypatch.setattr(rtmp, "CLOSED_AFTER_PUBLISH_FINAL_S", 2.0)  # 30 s in a real show
    window = studio_app.window
    window.destinations.save("测试平台", nginx_with_key.url("expired-key-1"))
    window.rehearsal_box.setChecked(False)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    answer_platform_question(qtbot, window)
    answer_uplink_question(qtbot, window)
    qtbot.waitUntil(
        lambda: "测试平台" in window.retry.boxes and window.retry.boxes["测试平台"].isVisible(),
        timeout=60_000,
    )
    box = window.retry.boxes["测试平台"]
    assert "推流码" in box.text() or "stream key" in box.text()
    assert "expired-key-1" not in box.text()
    assert studio_app.studio.live and window.on_air.property("state") != "live"
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("right-key-123", True))
    )
    qtbot.mouseClick(box.new_key_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.on_air.property("state") == "live", timeout=30_000)
    assert "测试平台" not in window.retry.boxes
    (saved,) = window.destinations.all()
    key = credentials.load("stream-key", saved.dest_id)
    assert key is not None and key.reveal() == "right-key-123"  # kept for the next show
    stop_show(qtbot, window)
    assert nginx_with_key.recordings()


def test_the_recommended_picture_says_where_its_figures_come_from(qtbot, studio_app) -> None:
    dialog = studio_app.window.open_destinations()
    qtbot.addWidget(dialog)
    dialog.url.setText(DOUYIN)
    assert "publishes no figures" in dialog.platform.text()  # Douyin publishes none
    dialog.url.setText("rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop")
    text = dialog.platform.text()
    assert "support.google.com/youtube/answer/2853702" in text and "8000 kbps" in text
    dialog.url.setText("rtmp://123.livepush.myqcloud.com/live/show?txSecret=aa&txTime=5867D600")
    assert "keyframe interval" in dialog.platform.text()  # what Tencent's page leaves out
    dialog.url.setText("rtmp://wxalivepush.weixin.qq.com/live/wx40f8626ddf43d362-6209?txSecret=x")
    assert "mini-program" in dialog.platform.text()


def test_a_signed_destination_is_saved_as_its_spec_and_signed_at_each_go_live(
    qtbot, studio_app, tmp_path
) -> None:
    import hashlib
    import time

    from tests.conftest import _require_nginx

    key = "console-push-key-31"

    def tencent_ok(form: dict[str, str]) -> bool:  # as Tencent checks it
        tx = form.get("txTime", "")
        sign = hashlib.md5(f"{key}{form.get('name', '')}{tx}".encode()).hexdigest()
        return form.get("txSecret") == sign and int(tx or "0", 16) > time.time()

    _require_nginx()
    nginx = NginxRtmp(workdir=tmp_path / "nginx", publish_check=tencent_ok)
    nginx.start()
    try:
        window = studio_app.window
        dialog = window.open_destinations()
        qtbot.addWidget(dialog)
        spec = f"tencent:127.0.0.1:{nginx.port}/live/show1"
        dialog.name.setText("腾讯云")
        dialog.url.setText(spec)
        assert "KEY" in dialog.key.placeholderText()
        dialog.key.setText(key)
        dialog.test()
        assert "Save it first" in dialog.test_result.text()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(window.destinations.all()) == 1, timeout=5_000)
        (saved,) = window.destinations.all()
        assert saved.server_url == spec and saved.platform == "tencent"
        assert credentials.load("push-key", f"tencent:127.0.0.1:{nginx.port}").reveal() == key
        assert key.encode() not in _files()
        dialog.close()
        window.rehearsal_box.setChecked(False)
        window.settings.setValue(f"uplink/{saved.dest_id}/at", str(time.time()))  # measured
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        answer_platform_question(qtbot, window)
        qtbot.waitUntil(lambda: "LIVE" in window.on_air.text(), timeout=30_000)
        assert any("show1" in p.name for p in nginx.recordings())
        stop_show(qtbot, window)
    finally:
        nginx.stop()
