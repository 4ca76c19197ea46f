"""An error the window shows is worded in the window's language, and worded again when the
host switches language while it is still in the status bar: the error keeps its Message."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from studio.app.errors import ConfigError
from studio.core.messages import Message


def test_an_error_in_the_status_bar_follows_a_language_switch(qtbot, studio_app) -> None:
    studio_app.set_language("zh_CN")
    window = studio_app.window
    window.show_message("error", ConfigError(Message("live.no_destinations")))
    assert window.status.currentMessage() == "还没有推流地址：先在「推流设置」里添加，或用彩排模式"
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert any("还没有推流地址" in b.text() for b in boxes)
    studio_app.set_language("en")
    assert window.status.currentMessage().startswith("No push destination yet")
    studio_app.set_language("zh_CN")
    assert window.status.currentMessage().startswith("还没有推流地址")
    for box in boxes:
        box.close()


def test_a_later_message_is_not_replaced_by_an_older_error(qtbot, studio_app) -> None:
    studio_app.set_language("en")
    window = studio_app.window
    window.show_message("error", ConfigError(Message("live.no_destinations")))
    window.status.showMessage("Camera switched")  # something else took the bar since
    studio_app.set_language("zh_CN")
    assert window.status.currentMessage() == "Camera switched"
    for box in window.findChildren(QMessageBox):
        box.close()
