"""After Stop: the report, one click away ("open report", "open folder"), in a window of the
studio's own (the system's browser is one button inside it)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import cast

from PySide6.QtCore import QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QPen,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from studio.app.report import (
    Bar,
    Chart,
    Label,
    Rule,
    ShowReport,
    chart_image_name,
    render_html,
    report_charts,
)
from studio.qt.theme import icon_button
from studio.qt.widgets import Retranslating, ScreenBound

MAX_PAGE_BYTES = 8 * 1024 * 1024  # our own page; a bigger file is not one we wrote


def open_with_system(path: Path) -> bool:
    """Open a file or folder with the system's program; False when there is none."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


CHART_WIDTH = 780  # px on the page: within the window's 900 without a sideways scroll bar


def paint_chart(chart: Chart, width: int, scale: float = 1.0) -> QImage:
    """A chart's shapes painted into a picture `width` px wide (times `scale` for a sharp
    high-DPI screen): the same chart the browser draws from the page's SVG."""
    ratio = width / chart.width
    height = round(chart.height * ratio)
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(ratio, ratio)
    for shape in chart.shapes:
        if isinstance(shape, Bar):
            painter.fillRect(
                QRectF(shape.x, shape.y, shape.width, shape.height), QColor(shape.fill)
            )
        elif isinstance(shape, Rule):
            pen = QPen(QColor(shape.stroke), shape.width)
            if shape.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(shape.x1, shape.y1), QPointF(shape.x2, shape.y2))
        elif isinstance(shape, Label):
            font = QFont(painter.font())
            font.setPixelSize(shape.size)
            painter.setFont(font)
            painter.setPen(QColor("#222222"))
            advance = QFontMetricsF(font).horizontalAdvance(shape.text)
            shift = {"start": 0.0, "middle": advance / 2, "end": advance}[shape.anchor]
            painter.drawText(QPointF(shape.x - shift, shape.y), shape.text)
    painter.end()
    return image


def _language_of(page_text: str) -> str:
    match = re.search(r'<html lang="([a-zA-Z]+)', page_text[:2000])
    return "en" if match is not None and match.group(1).lower() == "en" else "zh"


def _report_beside(page: Path) -> ShowReport | None:
    """The report's JSON saved beside the page (report.json by report.html), if readable
    (this studio wrote it: taken as the report it is)."""
    try:
        path = page.with_suffix(".json")
        if path.stat().st_size > MAX_PAGE_BYTES * 4:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cast(ShowReport, data) if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


class ReportWindow(ScreenBound, QDialog):
    """The report page shown by the studio itself when the computer has no browser. Qt's rich
    text lays out tables and words but draws no SVG: the page is made again from the report's
    JSON with the charts as pictures painted here."""

    def __init__(self, page: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        # the report is a light page (it prints): dark words on white in either theme
        self.browser.setStyleSheet("QTextBrowser { background: #ffffff; color: #222222; }")
        layout.addWidget(self.browser, 1)
        self.no_browser = QLabel()  # said when the system has nothing to open a page with
        self.no_browser.setWordWrap(True)
        self.no_browser.setVisible(False)
        layout.addWidget(self.no_browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.browser_button = buttons.addButton(
            self.tr("Open in the browser"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.browser_button.clicked.connect(self.open_in_browser)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        try:
            if page.stat().st_size > MAX_PAGE_BYTES:
                raise OSError("too big")
            text = page.read_text(encoding="utf-8", errors="replace")
            report = _report_beside(page)
            if report is not None:
                text = self._with_pictures(report, _language_of(text)) or text
            self.browser.setHtml(text)
        except OSError:
            self.browser.setPlainText(
                self.tr("The report could not be read: {path}").format(path=page)
            )
        self.setWindowTitle(self.tr("Show report"))
        self.resize(900, 640)

    def open_in_browser(self) -> None:
        if not open_with_system(self.page):
            self.no_browser.setText(
                self.tr("No browser to open it with; the page is {path}").format(path=self.page)
            )
            self.no_browser.setVisible(True)

    def _with_pictures(self, report: ShowReport, language: str) -> str | None:
        """The page with its charts painted; None when the JSON is not one this studio wrote."""
        try:
            page = render_html(report, language, pictures=True, width=CHART_WIDTH)
            charts = report_charts(report, language)
        except (KeyError, TypeError, ValueError):
            return None
        document = self.browser.document()
        for chart in charts:
            image = paint_chart(chart, CHART_WIDTH, self.devicePixelRatioF())
            document.addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(chart_image_name(chart)), image
            )
        return page


class PathLabel(QLabel):
    """A saved file's place on one line: the words, then the path elided in the middle when
    the line is short. Selectable; the whole path on the tooltip (Copy puts it on the
    clipboard). `template` holds "{path}"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = "{path}"
        self.path: Path | None = None
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWordWrap(False)
        # the buttons keep their room; the path gives way (elided), never the other way round
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(1)

    def set_path(self, template: str, path: Path) -> None:
        self.template, self.path = template, path
        self.setToolTip(str(path))
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.path is None:
            return
        metrics = self.fontMetrics()
        words = metrics.horizontalAdvance(self.template.format(path=""))
        room = max(60, self.width() - words - 6)
        whole = str(self.path)
        # the end names the show ("…/彩排-2026-12-05 20-31-07/report.html"): it stays whole
        # while it fits, and the start of the path gives way
        tail = str(Path(*self.path.parts[-2:])) if len(self.path.parts) > 2 else whole
        tail_width = metrics.horizontalAdvance("…" + tail)
        if metrics.horizontalAdvance(whole) <= room or tail_width > room:
            shown = metrics.elidedText(whole, Qt.TextElideMode.ElideMiddle, room)
        else:
            head = whole[: len(whole) - len(tail)]
            shown = (
                metrics.elidedText(
                    head,
                    Qt.TextElideMode.ElideMiddle,
                    room - tail_width + metrics.horizontalAdvance("…"),
                )
                + tail
            )
        self.setText(self.template.format(path=shown))


class ReportPanel(Retranslating, QFrame):
    """Under the preview after a show: where the report and the clips were saved (one line
    each, selectable, with Copy), and the buttons to open them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page: Path | None = None
        self.window_shown: ReportWindow | None = None
        self.no_file_manager = False  # an Open found nothing to open with: say where instead
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        # each path on a line of its own, the whole width (a show's folder name is long), with
        # a small Copy beside it; the buttons that open them on the line below
        self.label = PathLabel()
        self.copy_button = icon_button("content-copy")
        self.copy_button.setFlat(True)
        self.copy_button.clicked.connect(self.copy_report_path)
        report_row = QHBoxLayout()
        report_row.addWidget(self.label, 1)
        report_row.addWidget(self.copy_button)
        layout.addLayout(report_row)
        # the product clips, cut after the show (a moment for a landscape show)
        self.clips: list[Path] = []
        self.clips_busy = False
        self.clips_no_file_manager = False
        self.compact = False  # a small screen: the clips' line goes into their button's tip
        self.clips_row = QWidget()
        clips_row = QHBoxLayout(self.clips_row)
        clips_row.setContentsMargins(0, 0, 0, 0)
        self.clips_label = PathLabel()
        self.clips_copy_button = icon_button("content-copy")
        self.clips_copy_button.setFlat(True)
        self.clips_copy_button.clicked.connect(self.copy_clips_path)
        clips_row.addWidget(self.clips_label, 1)
        clips_row.addWidget(self.clips_copy_button)
        self.clips_row.setVisible(False)
        layout.addWidget(self.clips_row)
        buttons = QHBoxLayout()
        self.open_button = icon_button("file-chart-outline")
        self.open_button.clicked.connect(self.open_report)
        self.folder_button = icon_button("folder-open-outline")
        self.folder_button.clicked.connect(self.open_folder)
        self.clips_button = icon_button("movie-open-outline")
        self.clips_button.clicked.connect(self.open_clips)
        self.clips_button.setVisible(False)
        self.close_button = icon_button("close")
        self.close_button.setFlat(True)
        self.close_button.clicked.connect(self.hide)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.clips_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.open_button.setText(self.tr("Open report"))
        self.folder_button.setText(self.tr("Open folder"))
        self.close_button.setToolTip(self.tr("Hide"))
        for button in (self.copy_button, self.clips_copy_button):  # an icon: the path has the room
            button.setToolTip(self.tr("Copy the whole path"))
            button.setAccessibleName(self.tr("Copy"))
        if self.page is not None:
            if self.no_file_manager:
                template = self.tr("No file manager to open it with; the report is in {path}")
                self.label.set_path(template, self.page.parent)
            else:
                self.label.set_path(self.tr("Report saved: {path}"), self.page)
        if self.clips:
            if self.clips_no_file_manager:
                template = self.tr("No file manager to open it with; the clips are in {path}")
            else:
                template = self.tr("Product clips saved: {path}")
            self.clips_label.set_path(template, self.clips[0].parent)
        self.clips_copy_button.setVisible(bool(self.clips))
        if self.clips_busy:
            self.clips_button.setText(self.tr("Cutting product clips…"))
        else:
            self.clips_button.setText(self.tr("Product clips ({n})").format(n=len(self.clips)))
        tip = self.tr("A short portrait video of every product explained, to post")
        if self.clips:  # where they are, also when their line is left out (compact)
            tip += "\n" + str(self.clips[0].parent)
        self.clips_button.setToolTip(tip)

    def set_compact(self, on: bool) -> None:
        """On a small screen the bar takes two lines, not three: the clips' folder is in
        their button's tip (the button opens it), so the bar does not push the window past
        the screen's bottom or take the preview's room."""
        self.compact = on
        self.clips_row.setVisible(bool(self.clips) and not on)

    def show_report(self, page: Path) -> None:
        self.page = page
        self.no_file_manager = self.clips_no_file_manager = False
        self.clips, self.clips_busy = [], False
        self.clips_row.setVisible(False)
        self.clips_button.setVisible(False)
        self.clips_label.clear()
        self.clips_label.path = None
        self.retranslate()
        self.setVisible(True)

    def cutting_clips(self) -> None:
        self.clips_busy = True
        self.clips_button.setEnabled(False)
        self.clips_button.setVisible(True)
        self.retranslate()

    def show_clips(self, clips: list[Path]) -> None:
        """The clips made (none: their line goes)."""
        self.clips, self.clips_busy = list(clips), False
        self.clips_button.setEnabled(True)
        self.clips_button.setVisible(bool(self.clips))
        self.clips_row.setVisible(bool(self.clips) and not self.compact)
        self.retranslate()

    def copy_report_path(self) -> None:
        if self.page is not None:
            where = self.page.parent if self.no_file_manager else self.page
            QGuiApplication.clipboard().setText(str(where))

    def copy_clips_path(self) -> None:
        if self.clips:
            QGuiApplication.clipboard().setText(str(self.clips[0].parent))

    def open_clips(self) -> None:
        if self.clips and not open_with_system(self.clips[0].parent):
            self.clips_no_file_manager = True
            self.retranslate()

    def open_report(self) -> None:
        """In a window of the studio's own, always: a system browser that says yes and then
        crashes (common) showed the merchant nothing. The browser is one button inside."""
        if self.page is None:
            return
        if self.window_shown is not None:
            self.window_shown.close()
        self.window_shown = ReportWindow(self.page, self.window())
        self.window_shown.show()
        self.window_shown.raise_()
        self.window_shown.activateWindow()

    def open_folder(self) -> None:
        if self.page is not None and not open_with_system(self.page.parent):
            self.no_file_manager = True
            self.retranslate()
