"""Answering the main window's questions as a host does, with clicks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def answer_uplink_question(qtbot: Any, window: Any, test: bool = False) -> None:
    """Going live to a destination whose uplink was never measured, the window asks first:
    "Test, then go live" (`test`) or "Go live without testing"."""
    qtbot.waitUntil(
        lambda: window.uplink_question is not None and window.uplink_question.isVisible(),
        timeout=10_000,
    )
    box = window.uplink_question
    button = box.test_button if test else box.now_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def stop_show(qtbot: Any, window: Any) -> None:
    """Click Stop as a host does: once the button is there to click (the show's panels can
    fill in before the go-live task has come back), then wait for the window to be ready to
    go live again."""
    qtbot.waitUntil(window.stop_button.isEnabled, timeout=30_000)
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.start_button.isEnabled, timeout=30_000)
