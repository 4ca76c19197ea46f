"""What a first-time user hit in the window (issue 10): the language switch, the on-air
indicator, the report after Stop, the open dialog, the look at a small laptop's size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QLabel, QPushButton

from studio.core.rundown import LinkUpState
from studio.qt.app import StudioApp
from studio.qt.widgets import select
from tests.qt.test_main_window import _catalog, _import, _start, _stop

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier


def _link_up_and_wait_listed(qtbot, app: StudioApp) -> None:
    panel = app.window.products
    qtbot.waitUntil(lambda: panel.link_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    show = app.studio.show
    qtbot.waitUntil(
        lambda: bool(show.link_ups) and show.link_ups[-1].state is LinkUpState.LISTED,
        timeout=20_000,
    )


def test_switching_the_language_before_during_and_after_a_show_keeps_everything(
    qtbot, studio_app, tmp_path, monkeypatch
) -> None:
    window = studio_app.window
    studio_app.set_language("zh_CN")
    _import(qtbot, studio_app, _catalog(tmp_path), monkeypatch)
    panel = window.products
    window.rehearsal_push.setChecked(True)
    select(window.quality, "480p")

    # before the show: the same window, in English, with the sheet and the choices kept
    studio_app.set_language("en")
    assert studio_app.window is window
    assert window.start_button.text() == "Start rehearsal"
    assert panel.list.count() == 3 and "赣南脐橙" in panel.list.item(0).text()
    assert "3 products, 1 row skipped" in panel.summary.text()
    assert window.rehearsal_push.isChecked() and window.quality.currentText() == "Smooth 480p"
    assert panel.report_button.isVisible() and panel.report_button.text() == "Skipped rows…"
    window.rehearsal_push.setChecked(False)

    # during the show: the banner, the on-air label and the queue follow; the show goes on
    _start(qtbot, studio_app)
    qtbot.waitUntil(lambda: panel.attached_show is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.on_air.text().startswith("Rehearsing"), timeout=5_000)
    studio_app.set_language("zh_CN")
    assert window.banner.text().startswith("彩排中")
    qtbot.waitUntil(lambda: window.on_air.text().startswith("彩排中"), timeout=5_000)
    assert window.stop_button.text() == "停止" and studio_app.studio.live
    for _ in range(3):  # the switch's new words laid out (Chinese lines are taller)
        QApplication.processEvents()
    where = panel.link_button.mapTo(window, panel.link_button.rect().topLeft())
    _link_up_and_wait_listed(qtbot, studio_app)
    qtbot.waitUntil(lambda: "已上架" in panel.countdown_label.text(), timeout=5_000)
    # the big button stays where the host's hand is: the countdown words do not push it
    assert panel.link_button.mapTo(window, panel.link_button.rect().topLeft()) == where
    studio_app.set_language("en")
    assert panel.countdown_label.text() == "Listed ✓"
    qtbot.waitUntil(
        lambda: any(
            "on sale" in panel.list.item(i).text() or "explaining" in panel.list.item(i).text()
            for i in range(panel.list.count())
        ),
        timeout=5_000,
    )
    frames = window.preview.frames_shown
    qtbot.waitUntil(lambda: window.preview.frames_shown > frames + 5, timeout=10_000)

    # after the show: the report's buttons follow too
    _stop(qtbot, studio_app)
    report_panel = window.report_panel
    assert report_panel.isVisible() and report_panel.open_button.text() == "Open report"
    # the show started in English: its files and title are English, not "彩排 …"
    assert window.last_report.parent.name.startswith("Rehearsal-")
    page = window.last_report.read_text(encoding="utf-8")
    assert "<title>Rehearsal " in page and "彩排" not in page
    studio_app.set_language("zh_CN")
    assert window.report_panel.open_button.text() == "打开报告"
    assert window.on_air.text() == "未开播"
    assert panel.list.count() == 3  # the sheet is still there for the next show

    # and quitting closes cleanly
    window.quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


SWITCH_AND_QUIT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from studio.qt import app as window_app
from studio.qt.main_window import MainWindow

QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
app = QApplication(sys.argv[:1])
window_app.settings().setValue("first_run_done", "true")  # the wizard ran before
steps = []

def step():
    n = len(steps)
    steps.append(n)
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    studio = window.studio
    language = window.language_actions
    if n == 0:
        window.golive.start()
    elif not studio.live and n < 40:
        pass  # waiting for the rehearsal to start
    elif n < 46:
        language["en" if n % 2 else "zh_CN"].trigger()  # View › Language, as the host does
    else:
        print("switched while live:", studio.live, window.on_air.text(), flush=True)
        window.quit_action.trigger()  # asks, stops the rehearsal, closes: the app ends
        return
    QTimer.singleShot(250, step)

QTimer.singleShot(500, step)
code = window_app.run()  # what `studio` runs, to the end of the process
print("exit", code, flush=True)
sys.exit(code)
"""


def test_switching_languages_while_live_then_quitting_ends_cleanly(tmp_path) -> None:
    """The whole app in its own process: a rehearsal, six switches, Ctrl+Q. It used to end
    in hundreds of "already deleted" tracebacks and once in a fatal error."""
    from tests.support.cli import studio_env

    result = subprocess.run(
        [sys.executable, "-c", SWITCH_AND_QUIT],
        capture_output=True,
        text=True,
        timeout=180,
        env=studio_env(),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "switched while live: True" in result.stdout
    assert "exit 0" in result.stdout
    assert "Traceback" not in result.stderr and "Fatal" not in result.stderr
    assert "already deleted" not in result.stderr


def test_the_on_air_indicator_is_large_and_says_only_what_is_true(qtbot, studio_app) -> None:
    window = studio_app.window
    studio_app.set_language("zh_CN")
    on_air = window.on_air
    assert on_air.text() == "未开播" and on_air.property("state") == "off"
    # where the host looks: the top bar, in big letters, not the status bar's small print
    assert window.top_bar.isAncestorOf(on_air)
    window.resize(1366, 768)  # a laptop's screen (the offscreen one is small: compact there)
    qtbot.waitUntil(lambda: not window.window_layout.compact, timeout=5_000)
    assert on_air.fontInfo().pixelSize() >= 18
    assert on_air.height() >= 32
    _start(qtbot, studio_app)
    qtbot.waitUntil(lambda: on_air.text().startswith("彩排中 0:00:0"), timeout=5_000)
    assert on_air.property("state") == "rehearsal"
    assert window.uplink_chip.text() == "上行：仅本机"  # a rehearsal leaves nothing
    qtbot.waitUntil(lambda: window.cpu_chip.text().startswith("CPU 占用 "), timeout=5_000)
    assert window.cpu_chip.property("level") in ("ok", "warn", "bad")
    _stop(qtbot, studio_app)
    assert on_air.text() == "未开播" and on_air.property("state") == "off"
    assert window.uplink_chip.text() == "上行 —" and window.cpu_chip.property("level") == "idle"
    assert window.stream_stats.text() == "" and window.status.currentMessage() == ""


def test_after_stop_the_report_is_one_click_away_even_without_a_browser(
    qtbot, studio_app, tmp_path, monkeypatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []

    def no_browser(url) -> bool:  # a computer with nothing to open an .html with
        opened.append(url.toLocalFile())
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(no_browser))
    studio_app.set_language("zh_CN")
    window = studio_app.window
    _import(qtbot, studio_app, _catalog(tmp_path), monkeypatch)
    _start(qtbot, studio_app)
    qtbot.waitUntil(lambda: window.products.attached_show is not None, timeout=10_000)
    _link_up_and_wait_listed(qtbot, studio_app)
    _stop(qtbot, studio_app)
    panel = window.report_panel
    assert panel.isVisible() and "报告已保存" in panel.label.text()
    # the report opened by itself after the rehearsal: in the studio's own window
    report_window = panel.window_shown
    assert report_window is not None and report_window.isVisible()
    text = report_window.browser.toPlainText()
    assert "直播报告" in text and "赣南脐橙" in text and "内置彩排平台" in text
    # readable in the dark theme: the page keeps its own white paper
    page = report_window.browser.viewport().grab().toImage()
    grid = [
        page.pixelColor(page.width() * i // 12, page.height() * j // 12).lightness()
        for i in range(1, 12)
        for j in range(1, 12)
    ]  # the paper, around whatever bars and tables lie on it
    assert sum(light > 200 for light in grid) > len(grid) // 2
    report_window.close()
    opened.clear()
    qtbot.mouseClick(panel.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(window.last_report.parent)]
    assert panel.label.path == window.last_report.parent  # said where, as no app opened
    assert panel.label.toolTip() == str(window.last_report.parent)
    # the report speaks the window's language: its files and its title
    assert window.last_report.parent.name.startswith("彩排-")
    links = (window.last_report.parent / "report-link-ups.csv").read_text(encoding="utf-8-sig")
    assert links.startswith("商品,结果,开始倒计时") and "已上架" in links


def test_the_open_dialog_speaks_chinese_and_opens_where_the_sheets_are(
    qtbot, qapp, studio_app, tmp_path, monkeypatch
) -> None:
    studio_app.set_language("zh_CN")
    panel = studio_app.window.products
    dialog = panel.file_dialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own, as on Linux
    qtbot.addWidget(dialog)
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.text()]
    assert any("查找范围" in t for t in labels) and any("文件类型" in t for t in labels)
    assert not any(t in ("Look in:", "Files of type:") for t in labels)
    # the first time: the sample sheet's folder
    assert Path(dialog.directory().absolutePath()).name == "samples"
    assert dialog.width() >= 800
    sheet = _catalog(tmp_path)
    _import(qtbot, studio_app, sheet, monkeypatch)
    # next time: the folder of the last sheet
    assert Path(panel.file_dialog().directory().absolutePath()) == tmp_path.resolve()

    # the host drags the honey to the top and closes the window; meanwhile the sheet gets
    # a new product in Excel
    model = panel.list.model()
    assert model.moveRow(model.index(-1, 0).parent(), 2, model.index(-1, 0).parent(), 0)
    order = [p.name for p in panel.products]
    assert order[0] == "野生蜂蜜"
    sheet.write_bytes(sheet.read_bytes() + "新到的木耳,30,19,10,\r\n".encode("gb18030"))

    # the next start reads the sheet again by itself, in the order the host left it
    again = StudioApp(qapp, studio_app.settings)
    qtbot.addWidget(again.window)
    try:
        other = again.window.products
        qtbot.waitUntil(lambda: other.list.count() == 4, timeout=10_000)
        assert [p.name for p in other.products] == [*order, "新到的木耳"]
        assert [p.name for p in again.studio.catalog.products] == [*order, "新到的木耳"]
        assert "按你上次排好的顺序" in other.summary.text() and sheet.name in other.summary.text()
        assert not other.reopen_button.isVisible()
    finally:
        again.shutdown()
        again.window.close()


def test_the_window_is_usable_on_a_1366x768_laptop_in_both_languages(qtbot, studio_app) -> None:
    window = studio_app.window
    for language, (width, height) in (
        ("zh_CN", (1366, 728)),  # a cheap laptop's screen, less a taskbar
        ("en", (1366, 728)),
        ("zh_CN", (1920, 1040)),
    ):
        studio_app.set_language(language)
        window.resize(width, height)
        qtbot.waitUntil(lambda: window.width() <= width, timeout=5_000)  # noqa: B023
        QApplication.processEvents()
        assert window.minimumSizeHint().width() <= width
        assert window.minimumSizeHint().height() <= height
        # every button the host needs in a hurry is on screen and big enough to hit
        for button in (
            window.start_button,
            window.stop_button,
            window.products.link_button,
            window.products.next_button,
            window.products.import_button,
        ):
            top_left = button.mapTo(window, button.rect().topLeft())
            assert button.isVisible()
            assert top_left.x() >= 0 and top_left.x() + button.width() <= window.width()
            assert top_left.y() >= 0 and top_left.y() + button.height() <= window.height()
            assert button.height() >= 30, button.text()
        assert window.products.link_button.height() >= 56
        for dock in window.findChildren(QDockWidget):  # shown, or a tab behind one shown
            tabs = [dock, *window.tabifiedDockWidgets(dock)]
            assert any(d.isVisible() for d in tabs), dock.objectName()


def test_the_studio_is_dark_by_default_and_light_on_request(qtbot, qapp, studio_app) -> None:
    window = studio_app.window
    background = window.palette().color(window.backgroundRole())
    assert background.lightness() < 60  # dark
    studio_app.window.theme_actions["light"].trigger()
    assert studio_app.settings.value("theme") == "light"
    qtbot.waitUntil(
        lambda: qapp.palette().color(window.backgroundRole()).lightness() > 200, timeout=5_000
    )
    assert window.theme_actions["light"].isChecked()
    # the icons follow: dark glyphs on the light buttons (white ones would vanish)
    assert _icon_lightness(window.products.import_button) < 100
    # the start button keeps its own colour in either theme: amber for the rehearsal
    assert window.start_button.property("mode") == "rehearsal"
    buttons = [b for b in window.findChildren(QPushButton) if b.isVisible()]
    assert all(b.height() >= 30 for b in buttons if b.text()), [
        b.text() for b in buttons if b.height() < 30
    ]
    studio_app.window.theme_actions["dark"].trigger()
    assert qapp.palette().color(window.backgroundRole()).lightness() < 60
    assert _icon_lightness(window.products.import_button) > 150


def _icon_lightness(button) -> int:
    """The mean lightness of the icon's drawn (opaque) pixels."""
    image = button.icon().pixmap(32, 32).toImage()
    drawn = [
        image.pixelColor(x, y).lightness()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert drawn, "no icon"
    return sum(drawn) // len(drawn)


def test_the_queue_shows_cards_with_the_products_own_pictures(qtbot, studio_app, tmp_path) -> None:
    """Pictures beside the sheet show on the cards; one that is not a picture, or a "picture"
    of 100,000 x 100,000 pixels, leaves the card with its letter tile and breaks nothing."""
    import numpy as np
    from PySide6.QtGui import QImage

    from studio.qt.product_cards import CARD_ROLE

    orange = QImage(300, 200, QImage.Format.Format_RGB32)
    orange.fill(0xFF8C00)
    assert orange.save(str(tmp_path / "orange.png"))
    (tmp_path / "fake.jpg").write_bytes(b"not a picture at all")
    # a PNG header that claims 100000 x 100000 pixels (a decompression bomb's shape)
    bomb = bytearray(Path(tmp_path / "orange.png").read_bytes()[:33])
    bomb[16:24] = np.array([100_000, 100_000], ">u4").tobytes()
    (tmp_path / "bomb.png").write_bytes(bytes(bomb))
    sheet = tmp_path / "货单.csv"
    sheet.write_text(
        "商品名称,直播价,图片\n脐橙,19.9,orange.png\n鸡蛋,29.9,fake.jpg\n蜂蜜,49.9,bomb.png\n",
        encoding="utf-8",
    )
    panel = studio_app.window.products
    panel.import_file(sheet)
    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=10_000)
    qtbot.waitUntil(lambda: "脐橙" in panel.cards.thumbnails, timeout=10_000)
    picture = panel.cards.thumbnails["脐橙"].toImage()
    assert picture.pixelColor(picture.width() // 2, picture.height() // 2).name() == "#ff8c00"
    assert "鸡蛋" not in panel.cards.thumbnails and "蜂蜜" not in panel.cards.thumbnails
    card = panel.list.item(0).data(CARD_ROLE)
    assert card.name == "脐橙" and card.live_price == "¥19.9"
    # what the merchant sees: the card painted with the picture at its left
    shot = panel.list.viewport().grab().toImage()
    rect = panel.list.visualItemRect(panel.list.item(0))
    colour = shot.pixelColor(rect.left() + 14 + 32, rect.center().y())
    assert colour.name() == "#ff8c00"


THEMES_AFTER_THE_WIZARD = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from studio.qt import app as window_app
from studio.qt.first_run import FirstRunWizard

app = QApplication(sys.argv[:1])
window_app.apply_theme(app, "dark")

def finish_wizard():
    wizard = next(w for w in app.topLevelWidgets() if isinstance(w, FirstRunWizard))
    wizard.next()
    QTimer.singleShot(1500, wizard.reject)  # the devices page ran, then the host closes it

QTimer.singleShot(300, finish_wizard)
window_app.first_run(app, window_app.settings())
studio = window_app.StudioApp(app)
window = studio.window
for name in ("light", "dark", "light", "dark"):  # View › Theme, back and forth
    window.theme_actions[name].trigger()
    app.processEvents()
print("themes switched:", window.theme_actions["dark"].isChecked(), flush=True)
studio.shutdown()
window.close()
"""


def test_the_theme_switches_back_and_forth_after_the_first_run_wizard() -> None:
    """It crashed at the second switch (the style replaced while a wizard had lived)."""
    from tests.support.cli import studio_env

    result = subprocess.run(
        [sys.executable, "-c", THEMES_AFTER_THE_WIZARD],
        capture_output=True,
        text=True,
        timeout=120,
        env=studio_env(),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "themes switched: True" in result.stdout


def test_every_launch_starts_in_rehearsal_even_after_a_live_one(qtbot, qapp, studio_app) -> None:
    """A live show's untick is not carried to the next launch: going public is always a
    deliberate act. The preview names the button the host will press."""
    window = studio_app.window
    window.rehearsal_box.setChecked(False)  # the host went live last time
    assert window.start_button.text() == "Go live"
    assert window.preview.placeholder == "Press “Go live” to see the stream here"
    window.save_settings()
    again = StudioApp(qapp, studio_app.settings)
    qtbot.addWidget(again.window)
    try:
        assert again.window.rehearsal_box.isChecked()
        assert again.window.start_button.text() == "Start rehearsal"
        assert again.window.start_button.property("mode") == "rehearsal"
        assert again.window.preview.placeholder == "Press “Start rehearsal” to see the stream here"
    finally:
        again.shutdown()
        again.window.close()


def test_before_the_show_ctrl_down_and_the_menu_reorder_and_the_order_is_kept(
    qtbot, qapp, studio_app, tmp_path, monkeypatch
) -> None:
    """The newcomer found the order changed by drag only: Ctrl+↓ and the right-click menu
    move the selected product too, it stays selected, the list says how, and the next
    start keeps the order."""
    studio_app.set_language("zh_CN")
    panel = studio_app.window.products
    _import(qtbot, studio_app, _catalog(tmp_path), monkeypatch)
    names = [p.name for p in panel.products]
    assert "Ctrl+↑" in panel.list.toolTip() and "拖动" in panel.list.toolTip()
    assert "Ctrl+↓" in panel.list.item(0).toolTip()
    panel.list.setFocus()
    panel.list.setCurrentRow(0)
    qtbot.keyClick(panel.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    moved = [names[1], names[0], names[2]]
    assert [p.name for p in panel.products] == moved
    assert [p.name for p in studio_app.studio.catalog.products] == moved
    assert panel.list.currentRow() == 1  # the moved product stays selected
    assert panel.list.currentItem().text().startswith(names[0])
    # the menu: 上移 / 下移 / 移到最前, the last product to the top
    panel.list.setCurrentRow(2)
    menu = panel._order_menu()
    actions = {a.text(): a for a in menu.actions()}
    assert set(actions) == {"上移", "下移", "移到最前"}
    assert not actions["下移"].isEnabled()  # the last one cannot go further down
    actions["移到最前"].trigger()
    order = [names[2], names[1], names[0]]
    assert [p.name for p in panel.products] == order
    assert panel.list.currentRow() == 0

    again = StudioApp(qapp, studio_app.settings)
    qtbot.addWidget(again.window)
    try:
        other = again.window.products
        qtbot.waitUntil(lambda: other.list.count() == 3, timeout=10_000)
        assert [p.name for p in other.products] == order
    finally:
        again.shutdown()
        again.window.close()


def test_before_the_show_the_terms_show_the_sheet_greyed_with_when_they_change(
    qtbot, studio_app, tmp_path, monkeypatch
) -> None:
    """Before: 直播价 ¥0.00, 放库存 按表格, and 应用 did nothing. Now the boxes show the
    selected product's terms from the sheet, greyed, with a line saying when they change."""
    studio_app.set_language("zh_CN")
    panel = studio_app.window.products
    _import(qtbot, studio_app, _catalog(tmp_path), monkeypatch)
    names = [p.name for p in panel.products]
    panel.list.setCurrentRow(names.index("赣南脐橙 5斤装"))
    assert panel.price.text() == "¥19.90"
    assert panel.stock.value() == 50 and panel.limit.value() == 2
    for box in (panel.price, panel.stock, panel.limit, panel.apply_terms):
        assert not box.isEnabled()
    assert panel.terms_note.isVisibleTo(panel) and "彩排或开播后" in panel.terms_note.text()
    panel.list.setCurrentRow(names.index("野生蜂蜜"))
    assert panel.price.text() == "¥49.90"
    assert panel.stock.value() == 5 and panel.limit.value() == 1
    # once the rehearsal runs the boxes are the show's, enabled, and the line is gone
    _start(qtbot, studio_app)
    qtbot.waitUntil(lambda: panel.attached_show is not None, timeout=10_000)
    panel.list.setCurrentRow(0)
    qtbot.waitUntil(panel.apply_terms.isEnabled, timeout=5_000)
    assert panel.price.isEnabled() and not panel.terms_note.isVisibleTo(panel)
    _stop(qtbot, studio_app)
