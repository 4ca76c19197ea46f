"""Small pieces more than one screen uses: the quality picker and the device pickers."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from studio.app.studio import QUALITIES
from studio.qt.theme import set_state


def fit_to_screen(window: QWidget) -> None:
    """A window the studio opens, within the screen's free area (a 1024x600 netbook, the
    taskbar left out): never taller or wider than it, moved inside it. Its content scrolls
    (a page, a table, a list), so its buttons stay in sight."""
    screen = window.screen()
    if screen is None:
        return
    room = screen.availableGeometry()
    frame = window.frameGeometry()  # the title bar and borders, once the system drew them
    extra = QSize(frame.width() - window.width(), frame.height() - window.height())
    most = (room.size() - extra).expandedTo(window.minimumSize())
    size = window.size().boundedTo(most)
    if size != window.size():
        window.resize(size)
    outer = QRect(frame.topLeft(), size + extra)
    x = max(room.left(), min(outer.left(), room.right() + 1 - outer.width()))
    y = max(room.top(), min(outer.top(), room.bottom() + 1 - outer.height()))
    if (x, y) != (outer.left(), outer.top()):
        window.move(x, y)


class ScreenBound:
    """Mixin for the studio's dialogs: each time it shows, it fits the screen
    (`fit_to_screen`). Put it first: `class Dialog(ScreenBound, Retranslating, QDialog)`."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]
        fit_to_screen(self)  # type: ignore[arg-type]


class Retranslating:
    """Mixin for the windows, panels and dialogs: every word is set in `retranslate()`, which
    runs again when the language changes (Qt sends LanguageChange to every widget); the state
    stays as it is. Put it before the Qt class: `class Panel(Retranslating, QWidget)`."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


def quality_label(key: str) -> str:
    """流畅 / 标清 / 高清 in the window's language."""
    labels = {
        "480p": QCoreApplication.translate("Quality", "Smooth 480p"),
        "720p": QCoreApplication.translate("Quality", "Standard 720p"),
        "1080p": QCoreApplication.translate("Quality", "HD 1080p"),
    }
    return labels.get(key, key)


def retranslate_quality(combo: QComboBox) -> None:
    for index in range(combo.count()):
        combo.setItemText(index, quality_label(str(combo.itemData(index))))


def select(combo: QComboBox, data: object) -> None:
    """Choose the item whose data is `data`; nothing changes when there is none."""
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


def quality_combo() -> QComboBox:
    combo = QComboBox()
    for key in QUALITIES:
        combo.addItem(quality_label(key), key)
    return combo


def is_camera(spec: str) -> bool:
    """A camera's spec (`camera:N`), not a screen, a file or the test picture."""
    return spec.startswith("camera:")


def device_label(entry: str) -> tuple[str, str]:
    """(spec, what the host reads) for a `list_inputs` entry: a screen is named as one,
    屏幕 1（1366×768）, never a bare size."""
    spec, _, label = entry.partition("  ")
    if spec.startswith("screen:"):
        size = label.replace("x", "×")
        text = QCoreApplication.translate("devices", "Screen {n} ({size})")
        return spec, text.format(n=spec.removeprefix("screen:"), size=size)
    return spec, label or spec


def add_devices(camera: QComboBox, microphone: QComboBox, found: dict[str, list[str]]) -> None:
    """Add the cameras, screens and microphones found (as `--source`/`--audio` specs), once
    each."""
    for entry in [*found.get("cameras", []), *found.get("screens", [])]:
        spec, label = device_label(entry)
        if camera.findData(spec) < 0:
            camera.addItem(label, spec)
    for entry in found.get("microphones", []):
        if microphone.findData(entry) < 0:
            microphone.addItem(entry.removeprefix("mic:"), entry)


class SentIndicator(Retranslating, QLabel):
    """Whether sound goes out to the viewers, beside the meter of what the microphone hears.

    Noise suppression takes a steady sound (a fan, a whine, a test tone) out entirely: the
    meter then moves while nothing is sent, and this says so, instead of the host finding a
    silent stream afterwards. Sound counts as going out for a moment after the last loud
    frame, so the gaps between words do not make it flicker.
    """

    SOUND_DBFS = -50.0  # quieter than this is silence for a viewer
    HOLD_S = 1.5

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("sentLevel")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # wraps within the panel, never widens it; one height for every state, the longest
        # one's (found: the row grew and shrank as the words changed, and was cut off)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(1)
        self.state = "idle"  # idle, sound, silent, suppressed, muted
        self._sound_at = -1e9
        self.retranslate()

    def show_levels(self, heard_db: float, sent_db: float, muted: bool) -> None:
        now = time.monotonic()
        if sent_db > self.SOUND_DBFS:
            self._sound_at = now
        if muted:
            state = "muted"
        elif now - self._sound_at <= self.HOLD_S:
            state = "sound"
        elif heard_db > self.SOUND_DBFS:
            state = "suppressed"
        else:
            state = "silent"
        if state != self.state:
            self.state = state
            self.retranslate()

    def reset(self) -> None:
        self._sound_at = -1e9
        self.state = "idle"
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """The height the longest state's words need at this width (the width stays)."""
        if not self.isVisible() or self.width() < 120:  # not laid out yet
            return
        width = (
            self.width()
            - 2 * self.margin()
            - self.contentsMargins().left()
            - self.contentsMargins().right()
        )
        metrics = self.fontMetrics()
        flags = Qt.TextFlag.TextWordWrap
        tallest = max(
            metrics.boundingRect(QRect(0, 0, width, 10_000), flags, text).height()
            for text in self._texts().values()
        )
        margins = self.contentsMargins()
        needed = tallest + 2 * self.margin() + margins.top() + margins.bottom()
        self.setFixedHeight(needed)

    def _texts(self) -> dict[str, str]:
        return {
            "idle": QCoreApplication.translate("Sound", "Sent to viewers: —"),
            "sound": QCoreApplication.translate("Sound", "Sent to viewers: sound ✓"),
            "silent": QCoreApplication.translate("Sound", "Sent to viewers: silence"),
            "suppressed": QCoreApplication.translate(
                "Sound",
                "Sent to viewers: silence — noise suppression takes out a steady sound; "
                "speak to check",
            ),
            "muted": QCoreApplication.translate("Sound", "Sent to viewers: muted"),
        }

    def retranslate(self) -> None:
        texts = self._texts()
        self.setText(texts[self.state])
        self._fit_height()
        set_state(self, "level", {"sound": "ok", "suppressed": "warn"}.get(self.state, "idle"))


class WheelGuard(QObject):
    """Scrolling a panel never changes a choice in it: over a list, a slider or a number box
    that has not been clicked, the wheel scrolls the panel instead (found by using it: the
    wheel, passing over 画面方向, turned a portrait show landscape)."""

    def __init__(self, scroll: QAbstractScrollArea) -> None:
        super().__init__(scroll)
        self.scroll = scroll
        for kind in (QComboBox, QAbstractSlider, QAbstractSpinBox):
            for widget in scroll.findChildren(kind):
                if widget is scroll.verticalScrollBar() or widget is scroll.horizontalScrollBar():
                    continue
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel gives no focus
                widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            QCoreApplication.sendEvent(self.scroll.verticalScrollBar(), event)
            return True
        return False


class ElidedButton(QPushButton):
    """A button whose words, when the room is short, end in "…" and are whole in its tooltip:
    a button's own text is centred and, squeezed, loses both its ends (the 直播时上链接 line read
    "：其他平台：我在平" at 1366x768). It asks for its whole text's width and takes less."""

    def __init__(self) -> None:
        super().__init__()
        self._whole = ""

    def set_whole_text(self, text: str) -> None:
        self._whole = text
        self.setToolTip(text)
        self.updateGeometry()
        self._elide()

    def whole_text(self) -> str:
        return self._whole

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        extra = hint.width() - self.fontMetrics().horizontalAdvance(self.text())
        return QSize(self.fontMetrics().horizontalAdvance(self._whole) + extra, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("……") * 2, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.width() - (
            super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self.text())
        )
        shown = self.fontMetrics().elidedText(
            self._whole, Qt.TextElideMode.ElideRight, max(0, room)
        )
        if shown != self.text():
            self.setText(shown)
