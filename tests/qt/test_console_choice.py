"""The window's choice of a live console for link-ups names its login (已登录 抖店：某某农场),
as the studio last saw it, without opening a browser. Real parts: the window offscreen, the
settings and the studio's data folder of the test."""

from __future__ import annotations

from studio.app.platforms.console import profile
from studio.console.logins import remember_login
from studio.qt.show_settings import load_show_settings, platform_detail
from tests.support.window import save_show_settings


def test_the_console_choice_says_its_login_and_the_show_goes_there(qtbot, studio_app) -> None:
    remember_login(profile(), "douyin", "某某农场")  # as `studio console login douyin` does
    window = studio_app.window
    dialog = window.open_show_settings()
    qtbot.addWidget(dialog)
    douyin = dialog.platform.findData("console:douyin")
    assert douyin >= 0
    assert dialog.platform.itemText(douyin).endswith("某某农场")
    channels = dialog.platform.itemText(dialog.platform.findData("console:channels"))
    assert channels.endswith(" · not logged in")
    assert "studio console login channels" in platform_detail("console:channels")  # how
    assert "studio console login" not in platform_detail("console:douyin")
    dialog.platform.setCurrentIndex(douyin)
    save_show_settings(qtbot, dialog)
    assert load_show_settings(window.settings)[1] == "console:douyin"
    assert "某某农场" in window.link_platform.whole_text()
