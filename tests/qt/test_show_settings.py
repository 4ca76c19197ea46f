"""Link-up settings from the window: countdown, words, and a live show against a shop server."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from studio import credentials
from studio.core.rundown import LinkUpState
from studio.qt.app import StudioApp
from studio.rehearsal.server import RehearsalServer
from tests.support.servers import NginxRtmp
from tests.support.window import (
    answer_platform_question,
    answer_uplink_question,
    save_show_settings,
    stop_show,
)

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier

TOKEN = "shop-token-Wq7"


def test_the_countdown_setting_reaches_the_link_up(qtbot, studio_app, tmp_path) -> None:
    window = studio_app.window
    dialog = window.open_show_settings()
    qtbot.addWidget(dialog)
    dialog.countdown.setValue(1)
    dialog.words.setCurrentIndex(dialog.words.findData("en"))
    save_show_settings(qtbot, dialog)
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,price\nWalnuts,30\n", encoding="utf-8")
    window.products.import_file(sheet)
    qtbot.waitUntil(lambda: window.products.list.count() == 1, timeout=10_000)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.products.attached_show is not None, timeout=30_000)
    window.products.link_up()
    show = studio_app.studio.show
    qtbot.waitUntil(lambda: bool(show.link_ups), timeout=10_000)
    assert show.link_ups[0].countdown_s == 1.0 and show.settings.language == "en"
    qtbot.waitUntil(lambda: show.link_ups[0].state is LinkUpState.LISTED, timeout=20_000)
    stop_show(qtbot, window)


@pytest.mark.nginx
def test_a_live_show_links_up_on_the_shops_server(
    qtbot, studio_app, tmp_path, nginx: NginxRtmp
) -> None:
    with RehearsalServer(token=TOKEN) as shop:
        window = studio_app.window
        dialog = window.open_show_settings()
        qtbot.addWidget(dialog)
        dialog.platform.setCurrentIndex(dialog.platform.findData("http"))
        dialog.url.setText(shop.url)
        dialog.token.setText(TOKEN)
        dialog.countdown.setValue(0)
        save_show_settings(qtbot, dialog)
        assert credentials.load("platform", shop.url).reveal() == TOKEN
        settings_files = b"".join(
            p.read_bytes() for p in Path(os.environ["STUDIO_DATA_DIR"]).rglob("*.ini")
        )
        assert TOKEN.encode() not in settings_files
        window.destinations.save("测试", nginx.url("live"))
        sheet = tmp_path / "s.csv"
        sheet.write_text("商品名称,直播价\n脐橙,19.9\n", encoding="utf-8")
        window.products.import_file(sheet)
        qtbot.waitUntil(lambda: window.products.list.count() == 1, timeout=10_000)
        window.rehearsal_box.setChecked(False)
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        answer_uplink_question(qtbot, window)
        qtbot.waitUntil(lambda: window.products.attached_show is not None, timeout=30_000)
        window.activateWindow()  # the settings dialog had the focus
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
        qtbot.keyClick(window, Qt.Key.Key_F9)
        show = studio_app.studio.show
        qtbot.waitUntil(lambda: bool(show.link_ups), timeout=10_000)
        qtbot.waitUntil(lambda: show.link_ups[0].state is LinkUpState.LISTED, timeout=20_000)
        (session,) = shop.platform.sessions.values()
        assert session.listings["脐橙"].status == "listed"
        stop_show(qtbot, window)
        qtbot.waitUntil(lambda: session.ended_at is not None, timeout=30_000)


@pytest.mark.nginx
def test_a_wechat_room_takes_the_stream_and_the_link_up(
    qtbot, studio_app, tmp_path, nginx: NginxRtmp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.wechat import FakeWeChat, Room, WeChatServer

    fake = FakeWeChat()
    fake.rooms[6474] = Room(6474, {101: True})
    fake.ingest = f"rtmp://127.0.0.1:{nginx.port}/live"
    with WeChatServer(fake) as wechat:
        monkeypatch.setenv("STUDIO_WECHAT_API", wechat.url)  # the AppSecret: from the dialog
        window = studio_app.window
        dialog = window.open_show_settings()
        qtbot.addWidget(dialog)
        dialog.platform.setCurrentIndex(dialog.platform.findData("wechat"))
        assert dialog.room.isEnabled() and not dialog.url.isEnabled()
        dialog.room.setText("房间")
        save_show_settings(qtbot, dialog)
        assert dialog.isVisible() and "room number is a number" in dialog.note.text()
        dialog.room.setText("6474")
        save_show_settings(qtbot, dialog)
        assert dialog.isVisible() and "AppID and AppSecret" in dialog.note.text()
        dialog.appid.setText(fake.appid)
        dialog.secret.setText(fake.secret)
        dialog.countdown.setValue(0)
        save_show_settings(qtbot, dialog)
        assert not dialog.isVisible()
        assert credentials.load("wechat", "secret").reveal() == fake.secret
        settings_files = b"".join(
            p.read_bytes() for p in Path(os.environ["STUDIO_DATA_DIR"]).rglob("*.ini")
        )
        assert fake.secret.encode() not in settings_files
        sheet = tmp_path / "s.csv"
        sheet.write_text("商品名称,小程序商品ID,直播价\n脐橙,101,19.9\n", encoding="utf-8")
        window.products.import_file(sheet)
        qtbot.waitUntil(lambda: window.products.list.count() == 1, timeout=10_000)
        window.rehearsal_box.setChecked(False)
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.products.attached_show is not None, timeout=30_000)
        qtbot.waitUntil(lambda: "LIVE" in window.on_air.text(), timeout=30_000)
        qtbot.waitUntil(lambda: bool(nginx.recordings()), timeout=10_000)
        assert f"{fake.appid}-6474" in nginx.recordings()[0].name
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
        qtbot.keyClick(window, Qt.Key.Key_F9)
        show = studio_app.studio.show
        qtbot.waitUntil(lambda: bool(show.link_ups), timeout=10_000)
        qtbot.waitUntil(lambda: show.link_ups[0].state is LinkUpState.LISTED, timeout=20_000)
        assert [c.body for c in fake.calls_to("goods/push")] == [{"roomId": 6474, "goodsId": 101}]
        stop_show(qtbot, window)


@pytest.mark.nginx
def test_the_viewers_delay_is_measured_from_the_window_and_used(
    qtbot, studio_app, tmp_path, nginx: NginxRtmp
) -> None:
    window = studio_app.window
    window.viewer_delay.measure(nginx.url("live"))  # nothing streams yet: said, not tried
    assert "Start the stream first" in window.status.currentMessage()
    window.destinations.save("测试", nginx.url("live"))
    sheet = tmp_path / "s.csv"
    sheet.write_text("商品名称,直播价\n脐橙,19.9\n", encoding="utf-8")
    window.products.import_file(sheet)
    qtbot.waitUntil(lambda: window.products.list.count() == 1, timeout=10_000)
    window.rehearsal_push.setChecked(True)  # a rehearsal that also goes to the test server
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    answer_uplink_question(qtbot, window)
    qtbot.waitUntil(lambda: window.products.attached_show is not None, timeout=30_000)
    qtbot.waitUntil(lambda: bool(nginx.recordings()), timeout=20_000)
    show = studio_app.studio.show
    threads: list[str] = []
    set_delay = show.set_viewer_delay

    def noted(seconds: float) -> None:  # the real call, noting the thread it runs on
        threads.append(threading.current_thread().name)
        set_delay(seconds)

    show.set_viewer_delay = noted
    window.viewer_delay.measure(nginx.url("live"), seconds=3)
    qtbot.waitUntil(lambda: window.viewer_delay.last is not None, timeout=60_000)
    delay = round(window.viewer_delay.last.median_s, 2)
    assert "Viewers see the picture" in window.status.currentMessage()
    assert float(window.settings.value("show/viewer_delay_s")) == delay
    qtbot.waitUntil(lambda: show.settings.viewer_delay_s == delay, timeout=5_000)
    assert threads and threading.main_thread().name not in threads  # never on the GUI thread
    stop_show(qtbot, window)


@pytest.mark.nginx
def test_the_window_says_where_comments_come_from_and_where_none_can(
    qtbot, studio_app, tmp_path, nginx: NginxRtmp
) -> None:
    window = studio_app.window
    dialog = window.open_show_settings()
    qtbot.addWidget(dialog)
    dialog.platform.setCurrentIndex(dialog.platform.findData("assisted:douyin"))
    dialog.youtube_video.setText("not a video id!")
    save_show_settings(qtbot, dialog)
    assert dialog.isVisible() and "watch?v=" in dialog.note.text()
    dialog.youtube_video.setText("dQw4w9WgXcQ")
    save_show_settings(qtbot, dialog)
    assert not dialog.isVisible()
    choice = window.choice()
    assert choice.comments == ["youtube:dQw4w9WgXcQ"]
    window.destinations.save("抖音", nginx.url("live"))
    sheet = tmp_path / "s.csv"
    sheet.write_text("商品名称,直播价\n脐橙,19.9\n", encoding="utf-8")
    window.products.import_file(sheet)
    qtbot.waitUntil(lambda: window.products.list.count() == 1, timeout=10_000)
    window.settings.setValue("show/youtube_video", "")
    window.rehearsal_box.setChecked(False)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    answer_uplink_question(qtbot, window)
    qtbot.waitUntil(lambda: window.products.attached_show is not None, timeout=30_000)
    note = window.host.comments_note
    qtbot.waitUntil(lambda: "approved interactive apps" in note.text(), timeout=10_000)
    assert "Douyin" in note.text() and not note.isHidden()
    stop_show(qtbot, window)


@pytest.mark.nginx
def test_a_plain_rtmp_destination_speaks_of_no_platform_it_is_not(
    qtbot, studio_app, tmp_path, nginx: NginxRtmp
) -> None:
    """Found by using it: going live to a plain rtmp:// address told the host to click 讲解 in
    巨量百应, said Douyin's comments could not be shown, and the report said 抖音（手动上架）.
    Until the host picks a platform, link-ups are by hand on "the platform", and the window
    shows that choice, one click from changing it."""
    from PySide6.QtWidgets import QMessageBox

    window = studio_app.window
    assert window.link_platform.whole_text() == (
        "Live link-ups: Another platform: I click in its console"
    )
    window.destinations.save("测试服务器", nginx.url("live"))
    sheet = tmp_path / "s.csv"
    sheet.write_text("商品名称,直播价\n脐橙,19.9\n", encoding="utf-8")
    window.products.import_file(sheet)
    qtbot.waitUntil(lambda: window.products.list.count() == 1, timeout=10_000)
    window.rehearsal_box.setChecked(False)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    answer_platform_question(qtbot, window, "assisted")  # the first real go-live asks
    answer_uplink_question(qtbot, window)
    qtbot.waitUntil(lambda: window.products.attached_show is not None, timeout=30_000)
    window.products.link_up()
    show = studio_app.studio.show
    qtbot.waitUntil(lambda: bool(show.link_ups), timeout=10_000)

    def boxes() -> list[str]:
        return [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]

    cue = window.preview.cue  # over the preview, not a box
    qtbot.waitUntil(lambda: cue.isVisible() and "live console" in cue.text(), timeout=20_000)
    said = " ".join(
        [*boxes(), cue.text(), window.host.comments_note.text(), window.status.currentMessage()]
    )
    for word in ("Douyin", "巨量百应", "抖音", "Kuaishou", "Taobao"):
        assert word not in said, said
    stop_show(qtbot, window)
    page = studio_app.studio.last_ended.report_page
    assert page is not None
    text = page.read_text(encoding="utf-8")
    assert "抖音" not in text and "Douyin" not in text
    assert "手动上架" in text or "listed by hand" in text


@pytest.mark.nginx
def test_on_douyin_the_window_never_claims_a_listing_and_refuses_an_empty_stock(
    qtbot, studio_app, tmp_path, nginx: NginxRtmp
) -> None:
    """Found by a first-time user: with link-ups by hand in 巨量百应, F9 put a box over the
    preview (the host had to close it mid-show) and a big green "Listed ✓" the studio cannot
    know; and a product with 0 in stock was linked up ("剩余 0 件 · 抢购中") without a word.
    Now the zero is a notice over the preview that takes no focus, the panel says the studio
    cannot confirm, and the empty product is refused with the way out."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    window = studio_app.window
    window.destinations.save("测试服务器", nginx.url("live"))
    sheet = tmp_path / "s.csv"
    sheet.write_text("商品名称,直播价,库存\n五常大米,59,0\n脐橙,19.9,30\n", encoding="utf-8")
    window.products.import_file(sheet)
    qtbot.waitUntil(lambda: window.products.list.count() == 2, timeout=10_000)
    window.rehearsal_box.setChecked(False)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    answer_platform_question(qtbot, window, "assisted:douyin")
    answer_uplink_question(qtbot, window)
    qtbot.waitUntil(lambda: window.products.attached_show is not None, timeout=30_000)
    show = studio_app.studio.show
    panel = window.products

    panel.link_up()  # the first product: 0 in stock
    qtbot.waitUntil(lambda: "0 in stock" in window.status.currentMessage(), timeout=10_000)
    assert "add stock" in window.status.currentMessage()
    assert not show.link_ups  # no countdown, nothing on stream
    for box in window.findChildren(QMessageBox):  # the refusal is read, and closed
        if box.isVisible() and "0 in stock" in box.text():
            box.close()
    qtbot.waitUntil(panel.link_button.isEnabled, timeout=10_000)  # ready for the next try

    def presenting() -> str:
        return show.queue.current.product.name if show.queue.current is not None else ""

    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)  # 五常大米 (refused)
    qtbot.waitUntil(lambda: presenting() == "五常大米", timeout=10_000)
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)  # 脐橙, 30 in stock
    qtbot.waitUntil(lambda: presenting() == "脐橙", timeout=10_000)
    qtbot.waitUntil(lambda: panel.list.currentRow() == 1, timeout=10_000)  # the row follows
    panel.link_button.setFocus()
    panel.link_up()
    cue = window.preview.cue
    qtbot.waitUntil(lambda: cue.isVisible() and "巨量百应" in cue.text(), timeout=20_000)
    qtbot.waitUntil(lambda: show.link_ups[-1].state is LinkUpState.LISTED, timeout=10_000)
    qtbot.waitUntil(lambda: "cannot confirm" in panel.countdown_label.text(), timeout=10_000)
    assert "Listed" not in panel.countdown_label.text()
    assert not [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert not isinstance(QApplication.activeWindow(), QMessageBox)
    stop_show(qtbot, window)
    assert not cue.isVisible()
    page = studio_app.studio.last_ended.report_page
    assert page is not None
    assert "left to the host" in page.read_text(encoding="utf-8")


def test_the_link_up_platform_chosen_is_remembered_and_shown(qtbot, qapp, studio_app) -> None:
    window = studio_app.window
    qtbot.mouseClick(window.link_platform, Qt.MouseButton.LeftButton)  # the line opens it
    dialog = next(d for d in window.findChildren(QDialog) if d.isVisible())
    assert dialog.platform.currentData() == "assisted"
    dialog.platform.setCurrentIndex(dialog.platform.findData("assisted:kuaishou"))
    save_show_settings(qtbot, dialog)
    assert "Kuaishou" in window.link_platform.whole_text()
    assert window.choice().live_platform == "assisted:kuaishou"
    again = StudioApp(qapp, studio_app.settings)
    qtbot.addWidget(again.window)
    try:
        assert "Kuaishou" in again.window.link_platform.whole_text()
    finally:
        again.shutdown()
        again.window.close()
