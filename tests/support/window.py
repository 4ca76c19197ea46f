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
