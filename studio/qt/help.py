"""The Help menu's boxes: About (name, version, where the data is) and the notice of an
unexpected error, which says where its log is."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from studio.app.about import components
from studio.app.paths import data_dir
from studio.qt.samples import resources_dir


def app_icon() -> QIcon:
    """The studio's icon in every size it is drawn at (the window, the task bar, Alt+Tab)."""
    icon = QIcon()
    for px in (16, 24, 32, 48, 64, 128, 256, 512):
        path = resources_dir() / "icons" / f"studio-{px}.png"
        if path.exists():
            icon.addFile(str(path))
    return icon


def open_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def about_text() -> str:
    parts = components()
    version = parts[0][1]
    others = " · ".join(f"{n} {v}" for n, v in parts[1:])
    title = QCoreApplication.translate("About", "Merchant Studio")
    what = QCoreApplication.translate("About", "A broadcasting studio for live-stream commerce.")
    kept = QCoreApplication.translate("About", "Your shows, settings and logs are kept in:")
    credits = QCoreApplication.translate(
        "About",
        "Icons: Material Design Icons (Apache 2.0). Font: Noto Sans CJK (SIL OFL 1.1). "
        "FFmpeg and x264 (GPL), Qt (LGPL).",
    )
    return (
        f"<h3>{title} {html.escape(version)}</h3><p>{what}</p><p>{html.escape(others)}</p>"
        f"<p>{kept}<br><code>{html.escape(str(data_dir()))}</code></p><p>{credits}</p>"
    )


def show_about(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("About", "About Merchant Studio"))
    box.setIconPixmap(app_icon().pixmap(96, 96))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text())
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


class CrashNotice(QObject):
    """Tells the host, on the GUI thread, that something failed unexpectedly and where its
    log is. `report()` may be called from any thread (the crash hooks run on the failing one)."""

    _reported = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.box: QMessageBox | None = None
        self._reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report(self, log_path: Path) -> None:
        self._reported.emit(str(log_path))

    def previous_crash(self, log_path: Path) -> None:
        """The last run ended without a clean exit (a native crash, a power cut)."""
        self._open_box(
            self.tr(
                "Merchant Studio closed unexpectedly last time. What it wrote down is in:\n"
                "{path}\n\nYour products and the show's journal are kept."
            ).format(path=log_path),
            log_path,
        )

    def _show(self, log_path: str) -> None:
        if self.box is not None and self.box.isVisible():
            return  # one notice at a time: a failing timer must not pile up boxes
        self._open_box(
            self.tr(
                "Merchant Studio ran into an unexpected error. If you are on air, the stream "
                "goes on.\n\nWhat happened is written to:\n{path}\n\n"
                "Send that file to support: it helps find the cause."
            ).format(path=log_path),
            Path(log_path),
        )

    def _open_box(self, text: str, log_path: Path) -> None:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Something went wrong"))
        box.setText(text)
        folder = box.addButton(self.tr("Open the log folder"), QMessageBox.ButtonRole.ActionRole)
        ok = box.addButton(QMessageBox.StandardButton.Ok)
        box.setEscapeButton(ok)  # Esc and the title bar's × close it (with two buttons, Qt
        # would find none and refuse every close, an app's quit included)
        folder.clicked.connect(lambda: open_folder(log_path.parent))
        self.box = box
        box.open()
