"""The live preview: the composed canvas, letterboxed into whatever space the window gives it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class PreviewWidget(QWidget):
    """Paints the latest frame it was given; never waits for one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(240, 240))
        self.compact = False
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._image: QImage | None = None
        self._frame: np.ndarray | None = None  # keeps the QImage's memory alive
        self.frames_shown = 0
        self.placeholder = ""

    def set_compact(self, on: bool) -> None:
        """On a small screen the preview gives up room first (it keeps its aspect)."""
        self.compact = on
        self.setMinimumSize(QSize(160, 120) if on else QSize(240, 240))

    def set_frame(self, rgb: np.ndarray | None) -> None:
        if rgb is None:
            self._image, self._frame = None, None
        else:
            h, w = rgb.shape[:2]
            self._frame = rgb
            self._image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
            self.frames_shown += 1
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as p:
            p.fillRect(self.rect(), QColor(24, 24, 24))
            if self._image is None:
                p.setPen(QColor(180, 180, 180))
                p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
                return
            iw, ih = self._image.width(), self._image.height()
            scale = min(self.width() / iw, self.height() / ih)
            w, h = iw * scale, ih * scale
            target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(target, self._image)
