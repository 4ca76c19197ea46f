"""`studio console login PLATFORM`: the merchant logs in to a live console once, in the studio's
own browser profile, with the platform's own QR code; the studio never sees a password.

The browser window is visible (headless only when STUDIO_BROWSER_HEADLESS=1, for tests and
external checks); the wait ends when the console shows a logged-in page, when the merchant
closes the window, or after `timeout_s`.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable

from studio.app.errors import ConfigError
from studio.app.paths import data_dir
from studio.app.platforms.console_spec import console_platform, profile
from studio.console.adapter import console_name
from studio.console.browser import BrowserError
from studio.console.cdp import CdpError
from studio.console.descriptions import SpecError, load_spec
from studio.console.driver import ConsoleDriver, ConsoleState
from studio.console.logins import Login, known_login, remember_login
from studio.core.errors import StudioError
from studio.core.messages import Message, platform_text

LOGIN_WAIT_S = 300.0


class LoginCancelled(StudioError):
    """The merchant stopped the login (Ctrl+C, SIGTERM, SIGHUP): the browser is closed.
    `.signal` is the signal's number (the exit status is 128 + it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(Message("console.login_cancelled"))
        self.signal = signum


def wait_words(timeout_s: float) -> Message:
    """最多等 5 分钟 / 20 秒: whole minutes when it is some, else seconds."""
    if timeout_s >= 60 and timeout_s % 60 == 0:
        return Message("console.wait_minutes", {"n": int(timeout_s // 60)})
    return Message("console.wait_seconds", {"n": f"{timeout_s:g}"})


def console_login(
    platform: str,
    say: Callable[[Message], object] = print,
    timeout_s: float = LOGIN_WAIT_S,
    again: Message | None = None,
) -> bool:
    """Open `platform`'s console for the merchant to log in; True once logged in.
    ConfigError saying what to do when it cannot open; LoginCancelled on Ctrl+C, SIGTERM or
    SIGHUP (the browser closed first: nothing of the studio's is left running). `again` says
    how to try again where it is asked (the CLI's command by default, the window's button)."""
    name = console_platform(f"console:{platform}")
    console = console_name(name)
    again = again or Message("console.again_cli", {"platform": name})  # what to do then
    where = {"console": console, "platform": name, "again": again}
    try:
        spec = load_spec(name, data_dir() / "consoles")
    except SpecError as exc:
        code = "console.login_spec_broken" if exc.about_file else "console.login_setting_broken"
        raise ConfigError(Message(code, where | {"reason": exc.message})) from None
    driver = ConsoleDriver(spec, profile())
    stopped_by: list[int] = []

    async def login() -> ConsoleState:
        await driver.open()
        say(Message("console.login_open", {"console": console, "wait": wait_words(timeout_s)}))
        return await driver.wait_logged_in(timeout_s)

    async def run() -> bool:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig_name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, sig_name, None)
            if number is None:
                continue

            def stopped(number: int = number) -> None:
                stopped_by.append(number)
                stop.set()

            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(number, stopped)
        work = asyncio.create_task(login())
        asked = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({work, asked}, return_when=asyncio.FIRST_COMPLETED)
        finally:  # Ctrl+C (this task cancelled) or a signal: the login ends, its browser too
            asked.cancel()
            while not work.done():  # a cancel a busy wait swallowed is sent again
                work.cancel()
                await asyncio.wait({work}, timeout=1.0)
            await driver.close()
        if stop.is_set() and stopped_by:
            raise LoginCancelled(stopped_by[0])
        state = work.result()
        remember_login(driver.profile, name, state.account if state.logged_in else None)
        if state.logged_in:
            account = platform_text(state.account, 40) or "—"
            say(Message("console.logged_in", {"console": console, "account": account}))
            return True
        say(Message("console.login_timeout", where))
        return False

    try:
        return asyncio.run(run())
    except KeyboardInterrupt:
        raise LoginCancelled(signal.SIGINT) from None
    except BrowserError as exc:
        if exc.missing:
            raise ConfigError(Message("console.login_no_browser", where)) from None
        if exc.in_use:
            raise ConfigError(Message("console.login_profile_in_use", where)) from None
        words = Message("console.login_failed", where | {"reason": exc.message})
        raise ConfigError(words) from None
    except SpecError as exc:  # a selector or pattern the page refused
        words = Message("console.login_spec_broken", where | {"reason": exc.message})
        raise ConfigError(words) from None
    except CdpError as exc:
        words = Message("console.login_failed", where | {"reason": exc.message})
        raise ConfigError(words) from None


def last_login(platform: str) -> Login | None:
    """The account `platform`'s console was last seen logged in as (no browser opened)."""
    return known_login(profile(), platform)
