"""Text and card rendering for overlays, with Qt's QPainter on a QImage (QtGui, never widgets).

Rendered once when the text changes, never per frame. Qt finds CJK fonts through the system
(fontconfig on Linux: fonts-noto-cjk; Microsoft YaHei on Windows; PingFang on macOS); where
there is none, the installed app adds the Noto Sans SC subset it carries. QPainter on a QImage
is safe off the GUI thread, but a QGuiApplication must exist: the CLI creates an offscreen one
with `ensure_gui()`.
"""

from __future__ import annotations

import os
import threading

import numpy as np
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter

from studio.resources import add_bundled_fonts
from studio.resources import has_cjk_font as has_cjk_font  # the one check, re-exported

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
    "SimHei",
)
_lock = threading.Lock()
_family: str | None = None


def ensure_gui() -> QGuiApplication:
    """The process's QGuiApplication; a headless one (offscreen) if the app has none yet."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["studio"])
    return app  # type: ignore[return-value]


def cjk_family() -> str:
    """The first installed font family that has Simplified Chinese glyphs."""
    global _family
    with _lock:
        if _family is None:
            add_bundled_fonts()
            installed = set(QFontDatabase.families())
            _family = next((f for f in CJK_FAMILIES if f in installed), "")
            if not _family:
                chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
                _family = chinese[0] if chinese else QFont().family()
        return _family


def _to_bgra(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)  # BGRA in memory (little-endian)
    w, h = image.width(), image.height()
    arr = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    return arr.reshape(h, image.bytesPerLine())[:, : w * 4].reshape(h, w, 4).copy()


def render_text(
    text: str,
    px: int,
    color: tuple[int, int, int, int] = (255, 255, 255, 255),
    background: tuple[int, int, int, int] = (0, 0, 0, 0),
    padding: int = 0,
    bold: bool = True,
) -> np.ndarray:
    """Text as a BGRA array sized to fit it (multi-line allowed). Colours are RGBA."""
    font = QFont(cjk_family())
    font.setPixelSize(max(1, px))
    font.setBold(bold)
    probe = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    with QPainter(probe) as p:
        p.setFont(font)
        bounds = p.boundingRect(QRect(0, 0, 10_000, 10_000), Qt.AlignmentFlag.AlignLeft, text)
    w, h = bounds.width() + 2 * padding, bounds.height() + 2 * padding
    image = QImage(max(1, w), max(1, h), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(*background))
    with QPainter(image) as p:
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.setFont(font)
        p.setPen(QColor(*color))
        p.drawText(
            QRect(padding, padding, bounds.width(), bounds.height()),
            Qt.AlignmentFlag.AlignLeft,
            text,
        )
    return _to_bgra(image)


def render_panel(
    width: int,
    height: int,
    lines: list[tuple[str, int, tuple[int, int, int, int]]],
    background: tuple[int, int, int, int] = (0, 0, 0, 160),
) -> np.ndarray:
    """A filled panel with centred lines of (text, px, rgba): "camera lost" frames, cards."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(*background))
    total = sum(int(px * 1.4) for _, px, _ in lines)
    y = (height - total) // 2
    with QPainter(image) as p:
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for text, px, rgba in lines:
            font = QFont(cjk_family())
            font.setPixelSize(px)
            font.setBold(True)
            p.setFont(font)
            p.setPen(QColor(*rgba))
            line_h = int(px * 1.4)
            p.drawText(QRect(0, y, width, line_h), Qt.AlignmentFlag.AlignCenter, text)
            y += line_h
    return _to_bgra(image)
