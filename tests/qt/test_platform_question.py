"""Where live link-ups go is the host's answer, asked once before the first real go-live;
and the link-up settings read and write the keyring on a worker, saying 已保存 only when it
kept what was typed.

Real parts: the window offscreen, a real nginx-rtmp and FFmpeg listener as the ingest, the
in-memory keyring of the fixtures (a gated one for a slow keyring, keyring's own refusing
backend for a machine without one)."""

from __future__ import annotations

import threading

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from studio import credentials
from studio.qt.app import StudioApp
from studio.qt.platform_question import PlatformQuestion, guess_platform
from studio.qt.show_settings import ShowSettingsDialog, platform_specs
from tests.support.memory_keyring import GatedKeyring
from tests.support.servers import FfmpegIngest, NginxRtmp, port_accepted, port_open_listening
from tests.support.window import (
    answer_platform_question,
    answer_uplink_question,
    platform_question,
    save_show_settings,
    stop_show,
)

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier


def _questions(window) -> list[PlatformQuestion]:
    return [q for q in window.findChildren(PlatformQuestion) if q.isVisible()]


@pytest.mark.nginx
def test_the_first_real_go_live_asks_where_links_go_once_and_a_rehearsal_never(
    qtbot, qapp, studio_app, nginx: NginxRtmp
) -> None:
    window = studio_app.window
    window.destinations.save("测试服务器", nginx.url("live"))
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)  # a rehearsal
    qtbot.waitUntil(window.stop_button.isEnabled, timeout=30_000)
    assert not _questions(window)  # a rehearsal never asks
    stop_show(qtbot, window)

    window.rehearsal_box.setChecked(False)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    question = platform_question(qtbot, window)
    assert not studio_app.studio.live and window.golive.uplink_question is None  # asked first
    # every platform, each with what the studio does there; nothing ticked for the host
    # (a loopback address names no platform) and Go live waits for a choice
    login = " · not logged in"
    assert [question.choices[s].text() for s in platform_specs()] == [
        "Douyin (I click 讲解 in its console myself)",
        "Douyin Shop console (the studio clicks 讲解 for me)" + login,
        "Douyin Buyin (巨量百应) console (the studio clicks 讲解 for me)" + login,
        "Kuaishou (I click 上架 in its console myself)",
        "Kuaishou Shop console (the studio clicks 讲解 for me)" + login,
        "Taobao Live (I click 上架 in its console myself)",
        "Taobao Live console (the studio clicks 讲解 for me)" + login,
        "WeChat Channels console (the studio clicks 讲解 for me)" + login,
        "WeChat mini-program live (the studio lists it at zero)",
        "Another platform (I click in its console myself)",
        "My shop's server (open contract)",
    ]
    assert "巨量百应" in question.details["assisted:douyin"].text()
    assert "studio console login buyin" in question.details["console:buyin"].text()
    assert "itself at 0" in question.details["wechat"].text()
    assert "names no platform" in question.details["assisted"].text()
    assert question.chosen() is None and not question.go_button.isEnabled()
    assert question.guess_note.isHidden()
    qtbot.mouseClick(question.choices["assisted:kuaishou"], Qt.MouseButton.LeftButton)
    assert question.go_button.isEnabled() and question.go_button.text() == "Go live"
    qtbot.mouseClick(question.go_button, Qt.MouseButton.LeftButton)
    answer_uplink_question(qtbot, window)
    qtbot.waitUntil(lambda: "LIVE" in window.on_air.text(), timeout=30_000)
    qtbot.waitUntil(lambda: bool(nginx.recordings()), timeout=20_000)
    assert window.link_platform.whole_text() == "Live link-ups: Kuaishou"
    assert window.choice().live_platform == "assisted:kuaishou"
    stop_show(qtbot, window)

    window.golive.uplink_question = None
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)  # the second go-live
    answer_uplink_question(qtbot, window)
    qtbot.waitUntil(lambda: "LIVE" in window.on_air.text(), timeout=30_000)
    assert not _questions(window)  # answered once: never asked again
    stop_show(qtbot, window)

    again = StudioApp(qapp, studio_app.settings)  # nor at the next launch
    qtbot.addWidget(again.window)
    try:
        assert "Kuaishou" in again.window.link_platform.whole_text()
    finally:
        again.shutdown()
        again.window.close()


def test_cancelling_the_question_sends_nothing_and_remembers_nothing(
    qtbot, studio_app, ffmpeg_ingest: FfmpegIngest
) -> None:
    window = studio_app.window
    window.rehearsal_box.setChecked(False)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)  # nowhere to go yet
    said = window.status.currentMessage
    qtbot.waitUntil(lambda: "Push destinations" in said() or "推流设置" in said(), timeout=10_000)
    assert not _questions(window)  # what to fix first is said, and no question before it
    assert not window.settings.contains("show/platform")
    window.destinations.save("测试服务器", ffmpeg_ingest.url)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    question = platform_question(qtbot, window)
    qtbot.mouseClick(question.cancel_button, Qt.MouseButton.LeftButton)
    assert not question.isVisible()
    assert "nothing was sent" in window.status.currentMessage()
    assert window.start_button.isEnabled() and not studio_app.studio.live
    assert studio_app.tasks.wait(10_000)  # nothing started meanwhile either
    # the single-shot listener still waits for its first publisher, and got no byte
    assert port_open_listening(ffmpeg_ingest.port) and not port_accepted(ffmpeg_ingest.port)
    assert ffmpeg_ingest.packets() == [] and not ffmpeg_ingest.media().exists()
    assert not window.settings.contains("show/platform")

    # a choice that needs setup opens the link-up settings on it; cancelling them cancels too
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    question = platform_question(qtbot, window)
    qtbot.mouseClick(question.choices["wechat"], Qt.MouseButton.LeftButton)
    assert question.go_button.text() == "Next…"
    qtbot.mouseClick(question.go_button, Qt.MouseButton.LeftButton)
    settings = next(d for d in window.findChildren(ShowSettingsDialog) if d.isVisible())
    assert settings.platform.currentData() == "wechat" and settings.room.isVisibleTo(settings)
    qtbot.waitUntil(lambda: not settings.reading, timeout=10_000)
    assert "then Save" in settings.note.text()  # why it opened, and what comes next
    settings.reject()
    assert not studio_app.studio.live and not window.settings.contains("show/platform")
    assert port_open_listening(ffmpeg_ingest.port) and not port_accepted(ffmpeg_ingest.port)

    # asked again, answered: the listener gets the stream (it was there to get one)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    answer_platform_question(qtbot, window, "assisted")
    answer_uplink_question(qtbot, window)
    qtbot.waitUntil(lambda: len(ffmpeg_ingest.packets()) > 10, timeout=30_000)
    assert (
        window.link_platform.whole_text()
        == "Live link-ups: Another platform (I click in its console myself)"
    )
    stop_show(qtbot, window)


def test_a_platforms_own_ingest_address_is_ticked_for_the_host_to_confirm(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.core import messages

    monkeypatch.setattr(messages, "_language", "en")  # the window's, as StudioApp sets it
    douyin = "rtmp://push-rtmp-l11.douyincdn.com/third/stream-6964?expire=1&sign=x"
    kuaishou = "rtmp://open-push.voip.yximgs.com/gifshow/kwai_actL_o_x?sign=y"
    assert guess_platform([douyin]) == "assisted:douyin"
    assert guess_platform([kuaishou]) == "assisted:kuaishou"
    assert guess_platform(["wechat:6474"]) == "wechat"
    assert guess_platform(["rtmp://127.0.0.1:1935/live/x"]) is None  # names no platform
    assert guess_platform([douyin, kuaishou]) is None  # two platforms: the host says
    assert guess_platform([douyin, "rtmp://127.0.0.1/live/x"]) == "assisted:douyin"
    question = PlatformQuestion(guess_platform([douyin]))
    qtbot.addWidget(question)
    question.show()
    assert question.chosen() == "assisted:douyin" and question.go_button.isEnabled()
    assert "Douyin" in question.guess_note.text() and "check it" in question.guess_note.text()
    assert not question.guess_note.isHidden()


def test_link_up_settings_say_saved_only_once_the_keyring_kept_the_token(qtbot, studio_app) -> None:
    """A keyring slow to answer (a Secret Service asking for its password): the window goes
    on answering, says 读取中… then 保存中…, and 已保存 only once the token is kept."""
    ring = GatedKeyring()
    keyring.set_keyring(ring)
    window = studio_app.window
    dialog = window.open_show_settings()
    qtbot.addWidget(dialog)
    assert dialog.note.text() == "Reading…" and not dialog.save_button.isEnabled()
    ring.gate.set()
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10_000)
    assert dialog.note.text() == "" and dialog.save_button.isEnabled()
    ring.gate.clear()
    dialog.platform.setCurrentIndex(dialog.platform.findData("http"))
    dialog.url.setText("https://shop.example.com")
    dialog.token.setText("shop-token-Gz4")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.note.text() == "Saving…" and dialog.isVisible()
    qtbot.waitUntil(lambda: len(ring.threads) >= 2, timeout=10_000)  # the write is waiting
    assert dialog.note.text() == "Saving…" and dialog.isVisible()
    assert not window.settings.contains("show/platform")  # nothing counts as saved yet
    dialog.reject()  # Esc while the keyring is being written: the answer is awaited
    assert dialog.isVisible()
    ring.gate.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert dialog.note.text() == "Saved." and dialog.result() == QDialog.DialogCode.Accepted
    assert threading.main_thread().name not in ring.threads  # never on the GUI thread
    assert ring.get_password(credentials.SERVICE, "platform:https://shop.example.com") == (
        "shop-token-Gz4"
    )
    assert window.settings.value("show/platform") == "http"
    assert window.status.currentMessage() == "Link-up settings saved."
    assert "My shop's server" in window.link_platform.whole_text()


def test_a_keyring_that_refuses_is_said_and_what_was_typed_stays(qtbot, studio_app) -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # what keyring picks on a machine without one
    window = studio_app.window
    dialog = window.open_show_settings()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10_000)
    assert "could not be read" in dialog.note.text() and "keyring" in dialog.note.text()
    dialog.platform.setCurrentIndex(dialog.platform.findData("wechat"))
    dialog.room.setText("6474")
    dialog.appid.setText("wx1234567890abcdef")
    dialog.secret.setText("app-secret-Kd2")
    save_show_settings(qtbot, dialog)
    assert dialog.isVisible()
    note = dialog.note.text()
    assert note.startswith("Not saved:") and "keyring" in note and "Saved." not in note
    assert "app-secret-Kd2" not in note
    assert (dialog.room.text(), dialog.appid.text(), dialog.secret.text()) == (
        "6474",
        "wx1234567890abcdef",
        "app-secret-Kd2",
    )
    assert dialog.save_button.isEnabled()  # fix the keyring, press Save again
    assert not window.settings.contains("show/platform")
    assert "Another platform" in window.link_platform.whole_text()


def test_a_signal_while_live_stops_the_show_on_a_worker(qtbot, studio_app) -> None:
    """A logout or `kill` closes the window without asking (force_close): the stop runs on
    the task runner as Quit's does, never on the GUI thread."""
    window = studio_app.window
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.stop_button.isEnabled, timeout=30_000)
    studio = studio_app.studio
    threads: list[str] = []
    stop = studio.stop

    def noted():  # the real stop, noting the thread it runs on
        threads.append(threading.current_thread().name)
        return stop()

    studio.stop = noted
    window.force_close = True
    window.close()
    qtbot.waitUntil(lambda: not studio.live and bool(threads), timeout=30_000)
    assert studio_app.tasks.wait(60_000)
    assert threads and threading.main_thread().name not in threads
    assert studio.last_ended is not None  # ended: the recording finished, the journal told


def test_in_chinese_each_sentence_and_the_line_read_whole(qtbot, studio_app) -> None:
    """Found on Xvfb: the styled Chinese sentences wanted a line more than the question gave
    them (the last one cut in half), and the line under the picture, a centred button
    squeezed, read "：其他平台：我在平"."""
    studio_app.set_language("zh_CN")
    window = studio_app.window
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    line = window.link_platform
    assert line.whole_text() == "直播时上链接：其他平台（我自己在平台中控台操作）"
    shown = line.text()
    assert shown == line.whole_text() or (
        shown.endswith("…") and line.whole_text().startswith(shown[:-1])
    ), shown
    assert shown.startswith("直播时上链接") and line.whole_text() in line.toolTip()
    # a Douyin address (never reached: the question comes first and is cancelled) adds the
    # line on the guess, the longest the question gets
    window.destinations.save("抖音", "rtmp://push-rtmp-l11.douyincdn.com/third/stream-1")
    window.rehearsal_box.setChecked(False)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    question = platform_question(qtbot, window)
    assert question.windowTitle() == "直播时商品链接上到哪里？"
    assert question.chosen() == "assisted:douyin" and "抖音" in question.guess_note.text()
    qtbot.waitExposed(question)
    for spec, detail in question.details.items():
        assert detail.height() >= detail.heightForWidth(detail.width()), spec
    assert "抖音不允许" in question.details["assisted:douyin"].text()
    assert question.go_button.text() == "开始直播"
    question.reject()
    assert not studio_app.studio.live


def test_a_platform_added_from_the_tests_is_one_of_the_windows_choices(
    qtbot, studio_app, tiny_platform
) -> None:
    """Adding a platform is its module: the go-live's question and the link-up settings list
    it in its place, in the window's words, and a show on it uses its own spec."""
    question = PlatformQuestion(None)
    qtbot.addWidget(question)
    assert "tiny" in platform_specs()
    assert question.choices["tiny"].text() == "Tiny: I click in its console"
    assert question.details["tiny"].text() == "At 0 you click in Tiny's console."
    dialog = studio_app.window.open_show_settings()
    qtbot.addWidget(dialog)
    index = dialog.platform.findData("tiny")
    assert dialog.platform.itemText(index) == "Tiny: I click in its console"
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10_000)
    dialog.platform.setCurrentIndex(index)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert studio_app.window.choice().live_platform == "tiny:corner"
    assert "Tiny: I click in its console" in studio_app.window.link_platform.whole_text()
    assert "At 0 you click in Tiny's console." in studio_app.window.link_platform.toolTip()
