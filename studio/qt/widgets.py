"""Small pieces more than one screen uses: the quality picker and the device pickers."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QComboBox

from studio.app.studio import QUALITIES


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


def quality_combo() -> QComboBox:
    combo = QComboBox()
    for key in QUALITIES:
        combo.addItem(quality_label(key), key)
    return combo


def add_devices(camera: QComboBox, microphone: QComboBox, found: dict[str, list[str]]) -> None:
    """Add the cameras, screens and microphones found (as `--source`/`--audio` specs), once
    each."""
    for entry in found.get("cameras", []):
        spec, _, label = entry.partition("  ")
        if camera.findData(spec) < 0:
            camera.addItem(label or spec, spec)
    for entry in found.get("screens", []):
        spec, _, size = entry.partition("  ")
        if camera.findData(spec) < 0:
            number = spec.removeprefix("screen:")
            label = QCoreApplication.translate("devices", "Screen {n} ({size})")
            camera.addItem(label.format(n=number, size=size), spec)
    for entry in found.get("microphones", []):
        if microphone.findData(entry) < 0:
            microphone.addItem(entry.removeprefix("mic:"), entry)
