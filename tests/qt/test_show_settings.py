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
        assert dialog.room.isVisibleTo(dialog) and not dialog.url.isVisibleTo(dialog)
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
        "Live link-ups: Another platform (I click in its console myself)"
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


def test_each_platform_choice_shows_its_own_fields_and_keeps_what_was_typed(
    qtbot, studio_app
) -> None:
    """Found by a newcomer: with 抖店 chosen the dialog still showed the shop server's address
    and token, the WeChat room's four rows (its push box ticked) and the comment feeds. Each
    choice shows only its own rows (the registry's platforms: the shop's server, the WeChat
    room, a console's login); what was typed in a hidden row is there on the way back."""
    window = studio_app.window
    dialog = window.open_show_settings()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10_000)
    own = {
        "url": dialog.url,
        "token": dialog.token,
        "room": dialog.room,
        "appid": dialog.appid,
        "secret": dialog.secret,
        "push_to_room": dialog.push_to_room,
        "console_login": dialog.console_login,
        "bilibili": dialog.bilibili,
        "bilibili_code": dialog.bilibili_code,
        "youtube": dialog.youtube_video,
    }

    def shown() -> set[str]:
        for name, widget in own.items():  # a row's label comes and goes with its field
            label = dialog.form.labelForField(widget)
            if label is not None and label.text():
                assert label.isVisible() == widget.isVisible(), name
        return {name for name, widget in own.items() if widget.isVisible()}

    def choose(spec: str) -> None:
        dialog.platform.setCurrentIndex(dialog.platform.findData(spec))

    for spec in dialog.specs:
        choose(spec)
        expected = (
            {"url", "token"}
            if spec == "http"
            else {"room", "appid", "secret", "push_to_room"}
            if spec == "wechat"
            else {"console_login"}
            if spec.startswith("console:")
            else set()
        )
        assert shown() == expected, spec
        assert dialog.countdown.isVisible() and dialog.words.isVisible(), spec
        assert dialog.more_comments.isVisible(), spec
    # 抖店, as the newcomer chose it: its login, and nothing of the others
    choose("console:douyin")
    assert shown() == {"console_login"}
    assert dialog.console_login.text() == "Log in to this console (scan its QR code)…"

    # typed, hidden by another choice, and there again on the way back
    choose("http")
    dialog.url.setText("https://shop.example.com")
    dialog.token.setText("t-123")
    choose("wechat")
    dialog.room.setText("6474")
    dialog.push_to_room.setChecked(False)
    choose("console:douyin")
    choose("http")
    assert (dialog.url.text(), dialog.token.text()) == ("https://shop.example.com", "t-123")
    choose("wechat")
    assert dialog.room.text() == "6474" and not dialog.push_to_room.isChecked()

    # Bilibili's and YouTube's comments go with any platform: folded away, one click open
    assert not dialog.more_comments.isChecked()
    assert dialog.more_comments.text() == "Comments from Bilibili or YouTube"
    qtbot.mouseClick(dialog.more_comments, Qt.MouseButton.LeftButton)
    assert shown() == {"room", "appid", "secret", "push_to_room"} | {
        "bilibili",
        "bilibili_code",
        "youtube",
    }
    dialog.youtube_video.setText("dQw4w9WgXcQ")
    qtbot.mouseClick(dialog.more_comments, Qt.MouseButton.LeftButton)
    assert "youtube" not in shown() and dialog.youtube_video.text() == "dQw4w9WgXcQ"
    dialog.reject()

    # a feed in use is shown unfolded the next time
    studio_app.settings.setValue("show/youtube_video", "dQw4w9WgXcQ")
    again = window.open_show_settings()
    qtbot.addWidget(again)
    assert again.more_comments.isChecked() and again.youtube_video.isVisibleTo(again)
    again.reject()


def test_each_choice_says_how_it_works_and_the_button_says_the_login_first(
    qtbot, studio_app
) -> None:
    """Found by a newcomer: 淘宝直播 and 淘宝直播 (快手 and 快手小店) differed only at the end of
    the line, 巨量百应 read "Buyin" in English, and the button under the picture was cut
    before the console's login state (抖店：工作台在我的中控…)."""
    window = studio_app.window
    dialog = window.open_show_settings()
    qtbot.addWidget(dialog)

    def item(spec: str) -> str:
        return dialog.platform.itemText(dialog.platform.findData(spec))

    assert item("assisted:taobao") == "Taobao Live (I click 上架 in its console myself)"
    assert item("console:taobao") == (
        "Taobao Live console (the studio clicks 讲解 for me) · not logged in"
    )
    assert item("console:buyin").startswith("Douyin Buyin (巨量百应) console")
    tip = dialog.platform.itemData(
        dialog.platform.findData("assisted:taobao"), Qt.ItemDataRole.ToolTipRole
    )
    assert (
        tip == "At 0 the studio tells you to click 上架 for the product in Taobao Live's console."
    )
    dialog.platform.setCurrentIndex(dialog.platform.findData("console:douyin"))
    save_show_settings(qtbot, dialog)
    line = window.link_platform
    assert line.whole_text() == "Live link-ups: Douyin Shop · not logged in"
    assert "Douyin Shop console (the studio clicks 讲解 for me)" in line.toolTip()
    assert "At 0 the studio clicks 讲解" in line.toolTip()

    studio_app.set_language("zh_CN")
    assert line.whole_text() == "直播时上链接：抖店 · 未登录"
    dialog = window.open_show_settings()
    qtbot.addWidget(dialog)
    assert item("assisted:taobao") == "淘宝直播（我自己在中控台点「上架」）"
    assert item("console:taobao") == "淘宝直播中控台（工作台帮我点「讲解」） · 未登录"
    assert item("assisted:kuaishou") == "快手（我自己在中控台点「上架」）"
    assert item("console:kuaishou") == "快手小店中控台（工作台帮我点「讲解」） · 未登录"
    dialog.reject()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert line.text() == line.whole_text()  # short enough to be read whole
