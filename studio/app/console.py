"""`studio console login PLATFORM`: the merchant logs in to a live console once, in the studio's
own browser profile, with the platform's own QR code; the studio never sees a password.

The browser window is visible (headless only when STUDIO_BROWSER_HEADLESS=1, for tests and
external checks); the wait ends when the console shows a logged-in page, when the merchant
closes the window, or after `timeout_s`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from studio.app.errors import ConfigError
from studio.app.paths import data_dir
from studio.app.platforms.console import console_platform, profile
from studio.console.browser import BrowserError
from studio.console.cdp import CdpError
from studio.console.driver import ConsoleDriver
from studio.console.logins import Login, known_login, remember_login
from studio.console.platform import console_name
from studio.console.spec import SpecError, load_spec
from studio.core.messages import Message, platform_text

LOGIN_WAIT_S = 300.0


def console_login(
    platform: str, say: Callable[[Message], object] = print, timeout_s: float = LOGIN_WAIT_S
) -> bool:
    """Open `platform`'s console for the merchant to log in; True once logged in."""
    name = console_platform(f"console:{platform}")
    console = console_name(name)
    try:
        spec = load_spec(name, data_dir() / "consoles")
    except SpecError as exc:
        reason = platform_text(exc, 120)
        words = Message("console.spec_broken", {"console": console, "reason": reason})
        raise ConfigError(words) from None
    driver = ConsoleDriver(spec, profile())

    async def run() -> bool:
        try:
            await driver.open()
            minutes = round(timeout_s / 60)
            say(Message("console.login_open", {"console": console, "minutes": minutes}))
            state = await driver.wait_logged_in(timeout_s)
        finally:
            await driver.close()
        remember_login(driver.profile, name, state.account if state.logged_in else None)
        if state.logged_in:
            account = platform_text(state.account, 40) or "—"
            say(Message("console.logged_in", {"console": console, "account": account}))
            return True
        say(Message("console.login_timeout", {"console": console, "platform": name}))
        return False

    try:
        return asyncio.run(run())
    except BrowserError as exc:
        if exc.missing:
            raise ConfigError(Message("console.no_browser", {"console": console})) from None
        if exc.in_use:
            raise ConfigError(Message("console.profile_in_use", {"console": console})) from None
        reason = platform_text(exc, 120)
        raise ConfigError(
            Message("console.browser_failed", {"console": console, "reason": reason})
        ) from None
    except CdpError as exc:
        reason = platform_text(exc, 120)
        raise ConfigError(
            Message("console.browser_failed", {"console": console, "reason": reason})
        ) from None


def last_login(platform: str) -> Login | None:
    """The account `platform`'s console was last seen logged in as (no browser opened)."""
    return known_login(profile(), platform)
