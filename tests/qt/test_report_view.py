"""After Stop: the report in the studio's own window (no browser) and the saved paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.app.report import build_report, write_report
from studio.app.show import Show, ShowSettings
from studio.core.catalog import Product
from studio.core.rundown import LinkUpState
from studio.platform_api.http import HttpPlatform
from studio.qt.report_view import ReportWindow
from studio.rehearsal.audience import AudienceSettings
from studio.rehearsal.server import RehearsalServer
from studio.storage.journal import Journal
from tests.support.servers import wait_for

PRODUCTS = [
    Product("赣南脐橙 5斤装", 3990, 1990, stock=300, sku="A1"),
    Product("土鸡蛋 30枚", 4500, 2990, stock=300, sku="A2"),
]


@pytest.fixture
def report_folder(tmp_path: Path) -> Iterator[Path]:
    """A real rehearsal show with sales, its report written the way the studio writes it."""
    journal = Journal(tmp_path / "journal.sqlite")
    with RehearsalServer(audience=AudienceSettings(size=80, seed=1, tick_s=0.05)) as server:
        show = Show(
            journal,
            HttpPlatform(server.url, timeout_s=0.5, retry_budget_s=2.0, name="rehearsal"),
            ShowSettings(title="助农专场", countdown_s=0),
        )
        show.start(PRODUCTS)
        try:
            show.advance()
            link = show.link_up()
            wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
            wait_for(lambda: show.latest(link).orders >= 1)
        finally:
            show.end()
        report = build_report(journal, show.show_id)
    journal.close()
    folder = tmp_path / "彩排-报告"
    write_report(report, folder, "zh")
    yield folder


def test_the_studio_window_keeps_every_figure_apart_and_draws_the_charts(
    qtbot, report_folder: Path
) -> None:
    window = ReportWindow(report_folder / "report.html")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    text = window.browser.toPlainText()
    lines = [line.strip() for line in text.splitlines()]
    # each headline figure under its own word, not "成交额¥5728.7订单86件数108…"
    assert {"成交额", "订单", "件数"} <= set(lines)
    assert any(line.startswith("¥") for line in lines)
    assert not any(line.startswith("成交额¥") for line in lines)
    # the charts are pictures: no axis labels run together ("0:000:391:18每格 1 秒")
    assert "每格" not in text and "0:000:" not in text
    document = window.browser.document()
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    for name in ("chart-timeline.png", "chart-revenue.png"):
        picture = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert isinstance(picture, QImage) and not picture.isNull()
        # painted: blue bars (timeline) or red bars (revenue) on white
        colours = {
            picture.pixelColor(x, y).name()
            for x in range(0, picture.width(), 4)
            for y in range(0, picture.height(), 4)
        }
        assert {"#4a90d9", "#ff2d55"} & colours
    shot = window.grab().toImage()
    assert not shot.isNull()
    shot.save(str(report_folder / "window.png"))


def test_a_browser_page_keeps_its_svg_charts_and_the_figures_in_a_table(report_folder) -> None:
    page = (report_folder / "report.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 2 and "chart-timeline.png" not in page
    assert '<table class="kpis">' in page and "<td>成交额</td>" in page


def test_after_stop_the_saved_paths_are_one_readable_line_to_copy_and_open(
    qtbot, studio_app, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtCore import Qt, QUrl
    from PySide6.QtGui import QDesktopServices, QGuiApplication

    opened: list[str] = []

    def no_file_manager(url: QUrl) -> bool:  # this machine has none: the studio says where
        opened.append(url.toLocalFile())
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(no_file_manager))
    studio_app.set_language("zh_CN")
    window = studio_app.window
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    deep = tmp_path / ("很长的文件夹名字" * 6) / "彩排-2026-12-05 20-31-07"
    deep.mkdir(parents=True)
    page = deep / "report.html"
    page.write_text("<html></html>", encoding="utf-8")
    clips = deep / "clips"
    clips.mkdir()
    panel = window.report_panel
    panel.show_report(page)
    panel.cutting_clips()
    panel.show_clips([clips / "01-赣南脐橙 5斤装.mp4"])
    qtbot.waitUntil(lambda: panel.clips_label.isVisible(), timeout=5_000)

    for label, path, copy in (
        (panel.label, page, panel.copy_button),
        (panel.clips_label, clips, panel.clips_copy_button),
    ):
        line = label.fontMetrics().height()
        assert label.height() < 2 * line and "\n" not in label.text()  # one line
        assert label.width() > 200  # not squeezed into 80 px over 11 lines
        assert deep.name in label.text()  # readable: which show it was, whole
        assert "…" in label.text() and label.toolTip() == str(path)  # middle elided; whole on tip
        assert label.text().endswith(path.name)  # the end of the path stays: which show
        assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
        qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == str(path)
    assert panel.label.text().startswith("报告已保存：")
    assert panel.clips_label.text().startswith("商品短视频已保存：")

    qtbot.mouseClick(panel.clips_button, Qt.MouseButton.LeftButton)
    assert opened == [str(clips)]
    assert panel.clips_label.text().startswith("没有可以打开它的文件管理器；片段在 ")
    assert panel.clips_label.height() < 2 * panel.clips_label.fontMetrics().height()
    qtbot.mouseClick(panel.folder_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == str(deep) and panel.label.toolTip() == str(deep)
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == str(deep)
    window.grab().save(str(tmp_path / "after-stop.png"))


def test_open_report_shows_the_studios_window_even_when_a_browser_says_yes(
    qtbot, report_folder: Path, monkeypatch
) -> None:
    """Found by a first-time user: the system said it opened the page (openUrl → True), the
    browser crashed, and the merchant saw nothing. The report now opens in the studio's own
    window every time; the browser is a button inside it, and a refusal is said there."""
    from PySide6.QtCore import Qt, QUrl
    from PySide6.QtGui import QDesktopServices

    from studio.qt.report_view import ReportPanel

    answers = [True, False]  # a browser that "opens" (and dies unseen), then none at all
    opened: list[str] = []

    def system_open(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return answers.pop(0)

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(system_open))
    panel = ReportPanel()
    qtbot.addWidget(panel)
    page = report_folder / "report.html"
    panel.show_report(page)
    panel.show()
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    window = panel.window_shown
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    assert "赣南脐橙" in window.browser.toPlainText() and not opened
    qtbot.mouseClick(window.browser_button, Qt.MouseButton.LeftButton)
    assert opened == [str(page)] and not window.no_browser.isVisible()
    qtbot.mouseClick(window.browser_button, Qt.MouseButton.LeftButton)
    assert window.no_browser.isVisible() and str(page) in window.no_browser.text()
