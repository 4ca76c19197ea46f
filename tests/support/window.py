"""Answering the main window's questions as a host does, with clicks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def answer_uplink_question(qtbot: Any, window: Any, test: bool = False) -> None:
    """Going live to a destination whose uplink was never measured, the window asks first:
    "Test, then go live" (`test`) or "Go live without testing"."""
    qtbot.waitUntil(
        lambda: (box := window.golive.uplink_question) is not None and box.isVisible(),
        timeout=10_000,
    )
    box = window.golive.uplink_question
    button = box.test_button if test else box.now_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def stop_show(qtbot: Any, window: Any) -> None:
    """Click Stop as a host does: once the button is there to click (the show's panels can
    fill in before the go-live task has come back), then wait for the window to be ready to
    go live again."""
    qtbot.waitUntil(window.stop_button.isEnabled, timeout=30_000)
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.start_button.isEnabled, timeout=30_000)


def platform_question(qtbot: Any, window: Any) -> Any:
    """The question the first real go-live asks (where the link-ups go), once it is open."""
    from studio.qt.platform_question import PlatformQuestion

    def visible() -> list[Any]:
        return [q for q in window.findChildren(PlatformQuestion) if q.isVisible()]

    qtbot.waitUntil(lambda: bool(visible()), timeout=10_000)
    return visible()[0]


def answer_platform_question(qtbot: Any, window: Any, spec: str = "assisted") -> None:
    """Going live for the first time, the window asks where the product links go up: tick
    `spec` (a choice of show_settings.platform_specs()) and press Go live, as a host does."""
    question = platform_question(qtbot, window)
    qtbot.mouseClick(question.choices[spec], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(question.go_button, Qt.MouseButton.LeftButton)


def save_show_settings(qtbot: Any, dialog: Any) -> None:
    """Press Save in the link-up settings once the keyring has been read, and wait for the
    keyring's answer to the write (both on a worker)."""
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10_000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.saving, timeout=10_000)
