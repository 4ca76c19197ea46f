"""The live preview: the composed canvas, letterboxed into whatever space the window gives it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

CUE_MS = 20_000  # long enough to read and click in the console, then it goes by itself


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
        # what to do now (click 讲解 in the platform's console): a notice over the top of the
        # picture, not a box: it takes no focus and needs no click (F9, Space keep working)
        self.cue = QLabel(self)
        self.cue.setObjectName("cue")
        self.cue.setWordWrap(True)
        self.cue.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cue.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cue.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.cue.setVisible(False)
        self._cue_timer = QTimer(self, singleShot=True, interval=CUE_MS)
        self._cue_timer.timeout.connect(self.hide_cue)

    def set_compact(self, on: bool) -> None:
        """On a small screen the preview gives up room first (it keeps its aspect)."""
        self.compact = on
        self.setMinimumSize(QSize(160, 120) if on else QSize(240, 240))

    def show_cue(self, text: str) -> None:
        self.cue.setText(text)
        self._place_cue()
        self.cue.setVisible(True)
        self.cue.raise_()
        self._cue_timer.start()

    def hide_cue(self) -> None:
        self._cue_timer.stop()
        self.cue.setVisible(False)

    def _place_cue(self) -> None:
        margin = 8
        width = max(self.width() - 2 * margin, 1)
        self.cue.setFixedWidth(width)
        height = self.cue.heightForWidth(width)  # -1 with no words yet
        self.cue.setFixedHeight(max(height, self.cue.sizeHint().height(), 1))
        self.cue.move(margin, margin)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_cue()

    def set_frame(self, rgb: np.ndarray | None) -> np.ndarray | None:
        """Show `rgb` from the next paint; returns the picture shown until now, which
        nothing here holds any more (the window draws the next one into it)."""
        previous = self._frame
        if rgb is None:
            self._image, self._frame = None, None
        else:
            h, w = rgb.shape[:2]
            self._frame = rgb
            self._image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
            self.frames_shown += 1
        self.update()
        return previous if previous is not rgb else None

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
