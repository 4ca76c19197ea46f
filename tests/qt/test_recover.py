"""After a crash, in the window: the unfinished show in the journal is offered back at the next
launch (继续这场直播 / 结束它 / 以后再说), with a real journal (SQLite) in the studio's data
folder, the real rehearsal platform, and for a platform that cannot take a link-up twice, the
WeChat stand-in (tests/support/wechat.py) and nginx-rtmp."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from studio.app.paths import journal_path
from studio.app.show import Show, ShowSettings
from studio.core.catalog import Product
from studio.core.rundown import LinkUp, LinkUpState
from studio.platform_api.http import HttpPlatform
from studio.qt import app as window_app
from studio.qt.app import StudioApp
from studio.qt.product_cards import CARD_ROLE
from studio.qt.recover import RecoverDialog
from studio.rehearsal.audience import AudienceSettings
from studio.rehearsal.server import RehearsalServer
from studio.storage.journal import Journal
from tests.support.cli import studio_command, studio_env
from tests.support.servers import NginxRtmp, wait_for
from tests.support.wechat import FakeWeChat, Room, WeChatServer
from tests.support.window import stop_show

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier

PRODUCTS = [
    Product("赣南脐橙 5斤装", 3990, 1990, stock=30, sku="A1"),
    Product("土鸡蛋 30枚", 4500, 2990, stock=None, sku="A2"),
    Product("野生蜂蜜", 6800, 4990, stock=5, sku="A3"),
]
ROOM = 6474


def killed_rehearsal(in_flight: bool = False) -> int:
    """A rehearsal the studio died during, in the studio's own journal: the first product
    linked up and selling, the second being explained; with `in_flight`, the second's
    link-up was due to be sent when it died (the journal says COUNTING, past its send time).
    The show's id."""
    journal = Journal(journal_path())
    with RehearsalServer(audience=AudienceSettings(size=80, seed=1, tick_s=0.05)) as server:
        show = Show(
            journal,
            HttpPlatform(server.url, timeout_s=0.5, retry_budget_s=2.0, name="rehearsal"),
            ShowSettings(title="助农专场", countdown_s=0),
        )
        show.start(PRODUCTS)
        show.advance()
        link = show.link_up()
        wait_for(lambda: show.latest(link).orders >= 2, what="orders for the first product")
        show.advance()
        show.flush()
        if in_flight:
            item = show.queue.current
            now = time.time()
            journal.save_link_up(
                show.show_id,
                LinkUp(
                    item_id=item.item_id,
                    product_key=item.product.key,
                    product_name=item.product.name,
                    live_price_fen=item.live_price_fen,
                    stock=item.release_stock,
                    limit_per_buyer=None,
                    countdown_s=3.0,
                    state=LinkUpState.COUNTING,
                    requested_at=now - 4,
                    countdown_at=now - 3.5,
                    zero_at=now - 0.5,
                    send_at=now - 0.52,
                    link_up_id=2,
                ),
            )
        show.close()  # no end(): as if the studio were killed here
    show_id = show.show_id
    journal.close()
    return show_id


def read_journal(what: Callable[[Journal], object]) -> object:
    journal = Journal(journal_path())
    try:
        return what(journal)
    finally:
        journal.close()


@pytest.fixture
def launch(qapp, qtbot, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., StudioApp]]:
    """Start the window as the host does after the crash (in Chinese unless told)."""
    monkeypatch.setattr(  # "stop?" answered yes, as the host would
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    apps: list[StudioApp] = []

    def start(language: str = "zh_CN", **values: object) -> StudioApp:
        store = window_app.settings()
        store.setValue("language", language)
        store.setValue("machine_check", "false")  # unticked, as in tests/qt/conftest.py
        for key, value in values.items():
            store.setValue(key.replace("__", "/"), value)
        app = StudioApp(qapp, store)
        assert app.window is not None
        qtbot.addWidget(app.window)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.shutdown()
        if app.window is not None:
            app.window.close()


def the_dialog(qtbot, app: StudioApp) -> RecoverDialog:
    recovery = app.window.recovery
    qtbot.waitUntil(
        lambda: recovery.dialog is not None and recovery.dialog.isVisible(), timeout=10_000
    )
    return recovery.dialog


def test_without_an_unfinished_show_nothing_is_asked(qtbot, qapp, studio_app) -> None:
    window = studio_app.window
    assert studio_app.tasks.wait(10_000)
    qapp.processEvents()
    assert window.recovery.dialog is None
    window.recovery.action.trigger()  # Streaming › Unfinished show…: says there is none
    qtbot.waitUntil(
        lambda: window.status.currentMessage() == "No show was left unfinished.", timeout=10_000
    )
    assert window.recovery.dialog is None


def test_carrying_on_brings_the_queue_and_counts_back_and_the_show_goes_on_at_start(
    qtbot, launch
) -> None:
    show_id = killed_rehearsal(in_flight=True)
    orders = read_journal(lambda j: len(j.orders(show_id)))
    bought = read_journal(lambda j: [o.quantity for o in j.orders(show_id)])
    app = launch()
    window = app.window
    dialog = the_dialog(qtbot, app)
    assert dialog.windowTitle() == "上次的直播没有正常结束"
    assert dialog.heading.text() == "彩排「助农专场」没有正常结束"
    assert "工作台意外退出时还在进行" in dialog.body.text()
    assert f"3 个商品、2 次上链接、{orders} 笔订单" in dialog.body.text()
    said = "那时「土鸡蛋 30枚」正在上链接：这个平台把重复的上链接当作一次"
    assert said in dialog.in_flight.text()
    assert [b.text() for b in (dialog.carry_on_button, dialog.end_button, dialog.later_button)] == [
        "继续这场直播",
        "结束它",
        "以后再说",
    ]
    qtbot.mouseClick(dialog.carry_on_button, Qt.MouseButton.LeftButton)

    # back in the window before anything starts: the queue, the counts and what is on sale
    panel = window.products
    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=5_000)
    cards = [panel.list.item(i).data(CARD_ROLE) for i in range(3)]
    assert [c.name for c in cards] == [p.name for p in PRODUCTS]
    assert cards[0].badge == "在售" or cards[0].state == "listed"
    # every order the journal kept, also those after the link-up's own row was last written
    assert cards[0].sales == f"{len(bought)} 单，{sum(bought)} 件"
    assert cards[0].stock == f"库存 {30 - sum(bought)}"
    assert cards[1].state == "explaining"
    assert "接着上次的「助农专场」" in panel.summary.text()
    assert not app.studio.live and window.rehearsal_box.isChecked()  # nothing went on air
    assert not panel.link_button.isEnabled()  # nothing reaches a platform before Start

    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.attached_show is not None, timeout=30_000)
    show = panel.attached_show
    assert show.show_id == show_id  # the same show, carried on
    assert show.queue.current.product.sku == "A2"
    assert panel.summary.text() == "「助农专场」从中断的地方接着进行"
    qtbot.waitUntil(lambda: "现在重发一次" in window.status.currentMessage(), timeout=10_000)
    assert "「土鸡蛋 30枚」的上链接在工作台意外退出时正在发送" in window.status.currentMessage()
    again = next(ln for ln in show.link_ups if ln.link_up_id == 2)
    assert again.after_crash == "repeated"
    qtbot.waitUntil(
        lambda: show.latest(again).state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT),
        timeout=20_000,
    )
    stop_show(qtbot, window)
    report = json.loads(window.last_report.with_suffix(".json").read_text("utf-8"))
    assert report["show"]["title"] == "助农专场"
    assert [ln["after_crash"] for ln in report["link_ups"]] == ["", "repeated"]
    assert sum(p["orders"] for p in report["products"]) >= orders  # nothing recorded lost
    assert read_journal(lambda j: j.unfinished_show()) is None


def test_the_last_sheet_read_again_at_start_never_replaces_the_show_carried_on(
    qtbot, launch, tmp_path: Path
) -> None:
    """The window reads the last sheet again at start while the journal is searched for an
    unfinished show: whichever comes first, carrying on keeps the carried-on show's queue
    on the panel and as the show the next start continues."""
    show_id = killed_rehearsal()
    sheet = tmp_path / "明天的货.csv"
    rows = "".join(f"明天的苹果{n},9.9\n" for n in range(3_000))
    sheet.write_text("商品名称,直播价\n" + rows, encoding="utf-8")
    app = launch(products__last_sheet=str(sheet))
    dialog = the_dialog(qtbot, app)
    qtbot.mouseClick(dialog.carry_on_button, Qt.MouseButton.LeftButton)
    panel = app.window.products
    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=5_000)
    assert app.tasks.wait(10_000)  # the sheet's read is over, whenever it ended
    assert [p.name for p in panel.products] == [p.name for p in PRODUCTS]
    assert "接着上次的「助农专场」" in panel.summary.text()
    assert app.studio.resuming is not None and app.studio.resuming.record.id == show_id
    assert [p.name for p in app.studio.catalog.products] == [p.name for p in PRODUCTS]


def test_ending_it_ends_the_show_in_the_journal_and_offers_its_report(qtbot, launch) -> None:
    show_id = killed_rehearsal(in_flight=True)
    orders = read_journal(lambda j: len(j.orders(show_id)))
    app = launch()
    window = app.window
    dialog = the_dialog(qtbot, app)
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.report_panel.isVisible(), timeout=20_000)
    page = window.report_panel.page
    assert page is not None and page.is_file() and page == window.last_report
    assert "「助农专场」已结束，报告在画面下方。" in window.status.currentMessage()
    assert read_journal(lambda j: j.unfinished_show()) is None
    record = read_journal(lambda j: j.show(show_id))
    assert record.ended_at is not None and record.ended_at <= time.time()
    report = json.loads(page.with_suffix(".json").read_text("utf-8"))
    assert [(ln["status"], ln["after_crash"]) for ln in report["link_ups"]][1] == (
        "failed",
        "not_repeated",
    )
    assert sum(p["orders"] for p in report["products"]) == orders
    assert "发送时工作台意外退出，未重发" in page.read_text("utf-8")
    assert window.products.list.count() == 0 and app.studio.resuming is None


def test_deciding_later_keeps_the_show_and_the_menu_asks_again(qtbot, launch) -> None:
    killed_rehearsal()
    app = launch(language="en")
    window = app.window
    dialog = the_dialog(qtbot, app)
    assert dialog.heading.text() == "The rehearsal “助农专场” did not end"
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "stays unfinished" in window.status.currentMessage(), timeout=5_000)
    assert read_journal(lambda j: j.unfinished_show()) is not None
    assert window.products.list.count() == 0 and app.studio.resuming is None
    window.recovery.action.trigger()
    again = the_dialog(qtbot, app)
    assert again is not dialog and again.unfinished.record.title == "助农专场"
    again.reject()  # the title bar's ×: later, too
    assert read_journal(lambda j: j.unfinished_show()) is not None


def killed_wechat_push(tmp_path: Path, fake: FakeWeChat, server: WeChatServer) -> None:
    """A live show on WeChat killed (SIGKILL, by pid) just after its goods/push reached the
    platform, before the answer came back (as in tests/cli/test_wechat_cli.py)."""
    sheet = tmp_path / "货单.csv"
    sheet.write_text("编号,商品名称,商品ID,直播价,库存\nA2,雪花梨 3斤,102,15.9,30\n", "utf-8")
    fake.answer_pushes.clear()
    process = subprocess.Popen(
        studio_command(
            "live",
            "--headless",
            "--canvas",
            "360x640",
            "--platform",
            f"wechat:{ROOM}",
            "--record",
            str(tmp_path / "first.mkv"),
            "--catalog",
            str(sheet),
            "--link-up-at",
            "0.5",
            "--countdown",
            "1",
            "--title",
            "断电测试",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=studio_env(
            STUDIO_WECHAT_APPID=fake.appid,
            STUDIO_WECHAT_SECRET=fake.secret,
            STUDIO_WECHAT_API=server.url,
        ),
    )
    try:
        wait_for(lambda: fake.calls_to("goods/push"), 90, "the push reached WeChat")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=20)
    fake.answer_pushes.set()


@pytest.mark.nginx
@pytest.mark.parametrize("again", [False, True], ids=["not again", "again"])
def test_a_push_in_flight_on_wechat_is_asked_about_and_the_answer_is_obeyed(
    qtbot, launch, tmp_path, nginx: NginxRtmp, monkeypatch: pytest.MonkeyPatch, again: bool
) -> None:
    fake = FakeWeChat()
    fake.rooms[ROOM] = Room(ROOM, {102: True})
    fake.ingest = f"rtmp://127.0.0.1:{nginx.port}/live"
    with WeChatServer(fake) as server:
        killed_wechat_push(tmp_path, fake, server)
        assert len(fake.calls_to("goods/push")) == 1
        monkeypatch.setenv("STUDIO_WECHAT_APPID", fake.appid)
        monkeypatch.setenv("STUDIO_WECHAT_SECRET", fake.secret)
        monkeypatch.setenv("STUDIO_WECHAT_API", server.url)
        app = launch(show__platform="wechat", show__wechat_room=str(ROOM), show__wechat_push="true")
        window = app.window
        dialog = the_dialog(qtbot, app)
        assert dialog.heading.text() == "直播「断电测试」没有正常结束"
        assert "那时「雪花梨 3斤」正在上链接，平台可能已经上架了" in dialog.in_flight.text()
        qtbot.mouseClick(dialog.carry_on_button, Qt.MouseButton.LeftButton)

        recovery = window.recovery
        qtbot.waitUntil(
            lambda: recovery.question is not None and recovery.question.isVisible(),
            timeout=5_000,
        )
        question = recovery.question
        assert question.text() == "「雪花梨 3斤」上链接时工作台意外退出，平台可能已经上架了。"
        assert question.again_button.text() == "再上一次"
        assert question.leave_button.text() == "不再上（我去平台中控台看看）"
        answer = question.again_button if again else question.leave_button
        qtbot.mouseClick(answer, Qt.MouseButton.LeftButton)
        panel = window.products
        qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=5_000)
        assert "接着上次的直播「断电测试」" in panel.summary.text()
        assert len(fake.calls_to("goods/push")) == 1  # nothing sent before the host starts

        # every launch starts in rehearsal: a live show does not go on in one
        assert window.rehearsal_box.isChecked()
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "是一场直播" in window.status.currentMessage(), timeout=10_000)
        assert "取消勾选「彩排模式」再按「开始直播」" in window.status.currentMessage()
        assert not app.studio.live

        window.rehearsal_box.setChecked(False)
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.attached_show is not None, timeout=30_000)
        show = panel.attached_show
        (link,) = show.link_ups
        if again:
            qtbot.waitUntil(lambda: len(fake.calls_to("goods/push")) == 2, timeout=20_000)
            qtbot.waitUntil(lambda: show.latest(link).state is LinkUpState.LISTED, timeout=20_000)
            said = "按你的决定，现在再上一次"
        else:
            assert show.latest(link).state is LinkUpState.FAILED
            said = "按你的决定没有再上"
        qtbot.waitUntil(lambda: said in window.status.currentMessage(), timeout=10_000)
        stop_show(qtbot, window)
    assert len(fake.calls_to("goods/push")) == (2 if again else 1)
    report = json.loads(window.last_report.with_suffix(".json").read_text("utf-8"))
    (row,) = report["link_ups"]
    assert row["after_crash"] == ("repeated" if again else "not_repeated")
