"""The window's choice of a live console for link-ups names its login (已登录：某某农场), as
the studio last saw it, without opening a browser, and logs in from the settings. Real parts:
the window offscreen, the settings and data folder of the test, a real headless Chromium
against the console's double (tests/support/console_pages)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from studio.app.platforms.console_spec import profile
from studio.console.browser import find_browser
from studio.console.logins import remember_login
from studio.qt.show_settings import load_show_settings, platform_detail
from tests.support.console_pages import ConsoleDouble
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


def test_the_settings_log_in_to_a_console_with_its_qr_code(
    qtbot, studio_app, tmp_path, monkeypatch
) -> None:
    """登录这个中控台 opens the console in the studio's own browser (headless here, against
    the console's double); once the merchant has scanned, the choice says the account."""
    if find_browser() is None:
        pytest.fail("no Chromium-family browser: install the `chromium` package (.ci/run does)")
    double = ConsoleDouble().start()
    try:
        double.set(logged_in=False)
        monkeypatch.setenv("STUDIO_CONSOLE_URL", double.url("kuaishou"))
        monkeypatch.setenv("STUDIO_BROWSER_HEADLESS", "1")
        dialog = studio_app.window.open_show_settings()
        qtbot.addWidget(dialog)
        index = dialog.platform.findData("console:kuaishou")
        dialog.platform.setCurrentIndex(index)
        assert dialog.console_login.isVisibleTo(dialog)
        qtbot.mouseClick(dialog.console_login, Qt.MouseButton.LeftButton)
        assert not dialog.console_login.isEnabled()  # one login at a time
        qtbot.waitUntil(lambda: "kuaishou.html" in double.loads, timeout=30_000)
        double.set(logged_in=True)  # the merchant scanned the QR code
        double.reload()
        qtbot.waitUntil(lambda: not dialog.logging_in, timeout=60_000)
        assert dialog.platform.itemText(index).endswith("某某农场")
        assert dialog.console_login.isEnabled()
        dialog.platform.setCurrentIndex(dialog.platform.findData("wechat"))
        assert not dialog.console_login.isVisibleTo(dialog)
    finally:
        double.stop()
