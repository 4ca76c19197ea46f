"""The window under pytest-qt, offscreen, with its own settings file and data directory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from studio.qt.app import StudioApp


@pytest.fixture
def studio_app(qapp, qtbot, monkeypatch: pytest.MonkeyPatch) -> Iterator[StudioApp]:
    # a confirmation answered "yes", as the host would
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    app = StudioApp(qapp)
    assert app.window is not None
    # the host has unticked 推流 › 开播前检查这台电脑: a few seconds of measuring before each
    # new canvas and tools, which the tests of it (test_machine_check) turn back on
    app.window.machine_check_first.setChecked(False)
    qtbot.addWidget(app.window)
    try:
        yield app
    finally:
        app.shutdown()
        if app.window is not None:
            app.window.close()
