"""The merchant's own Chromium-family browser, started by the studio with a profile of its own.

No browser is bundled. `find_browser` looks for one already on the PC: `STUDIO_BROWSER=PATH`
first, then Edge (on every Windows 10/11) and Chrome on Windows, and on Linux the Chromium
family on PATH and at the known places of Chrome, Edge and the browsers of UOS and Kylin.

`Browser.launch` starts it with `--remote-debugging-port=0` (the browser picks a free port
and writes it to `DevToolsActivePort` in the profile) and a profile folder the studio owns
(created owner-only, 0700), in its own process group, so that `stop` ends exactly this
browser and the processes it started, by its pid and group, and nothing else of that name.
The merchant logs in once there (the platform's own QR code, in a visible window) and stays
logged in across shows: the studio never sees a password.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from studio.console.cdp import Cdp, CdpError
from studio.core.messages import Message, platform_text

log = logging.getLogger(__name__)

ENV_BROWSER = "STUDIO_BROWSER"
ENV_HEADLESS = "STUDIO_BROWSER_HEADLESS"  # tests and external checks only: "1"
START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 5.0
PORT_FILE = "DevToolsActivePort"
MAX_PORT_FILE = 4096

LINUX_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
)
LINUX_PATHS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/opt/google/chrome/chrome",
    "/opt/microsoft/msedge/msedge",
    # UOS / Deepin: the system browser (Chromium-based)
    "/usr/bin/browser",
    "/opt/apps/org.deepin.browser/files/browser",
    "/usr/bin/uos-browser",
    # Kylin: the bundled Chromium-based browsers
    "/usr/bin/kylin-browser",
    "/opt/qaxbrowser/qaxbrowser-safe",
)
MAC_PATHS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)


class BrowserError(CdpError):
    """The browser could not be found, started or reached; `.missing` when none is there,
    `.in_use` when the studio's profile is open in a browser the studio did not start now
    (a login window left open, a second studio)."""

    def __init__(self, words: Message, missing: bool = False, in_use: bool = False) -> None:
        super().__init__(words)
        self.missing = missing
        self.in_use = in_use


def _windows_paths(env: dict[str, str] | os._Environ[str]) -> list[Path]:
    roots = [env.get(k, "") for k in ("PROGRAMFILES(X86)", "PROGRAMFILES", "LOCALAPPDATA")]
    tails = (
        r"Microsoft\Edge\Application\msedge.exe",
        r"Google\Chrome\Application\chrome.exe",
        r"Chromium\Application\chrome.exe",
    )
    return [Path(root) / tail for tail in tails for root in roots if root]


def find_browser(env: dict[str, str] | os._Environ[str] | None = None) -> Path | None:
    """The browser to drive, or None when there is none."""
    env = os.environ if env is None else env
    chosen = env.get(ENV_BROWSER, "").strip()
    if chosen:
        path = Path(chosen)
        return path if path.is_file() else None
    if sys.platform == "win32":
        candidates = _windows_paths(env)
    elif sys.platform == "darwin":
        candidates = [Path(p) for p in MAC_PATHS]
    else:
        candidates = [Path(w) for n in LINUX_NAMES if (w := shutil.which(n))]
        candidates += [Path(p) for p in LINUX_PATHS]
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    return None


def owner_only(folder: Path) -> Path:
    """`folder` made (and kept) readable by its owner only: the merchant's logged-in cookies."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        folder.chmod(0o700)
    return folder


def headless_wanted() -> bool:
    return os.environ.get(ENV_HEADLESS, "").strip() in ("1", "true", "yes")


class Browser:
    """One browser process the studio started, and its DevTools connection."""

    def __init__(self, process: asyncio.subprocess.Process | None, cdp: Cdp, profile: Path) -> None:
        self.process = process  # None: adopted, started by a studio before a crash
        self.cdp = cdp
        self.profile = profile

    @classmethod
    async def launch(
        cls,
        profile: Path,
        headless: bool | None = None,
        executable: Path | None = None,
        timeout_s: float = START_TIMEOUT_S,
    ) -> Browser:
        path = executable or find_browser()
        if path is None:
            raise BrowserError(Message("browser.none"), missing=True)
        owner_only(profile)
        port_file = profile / PORT_FILE
        adopted = await _adopt(profile)
        if adopted is not None:
            return adopted
        with contextlib.suppress(FileNotFoundError):
            port_file.unlink()  # a stale one names a port some other program may hold now
        args = [
            str(path),
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-features=Translate,MediaRouter",
            "about:blank",
        ]
        shown_headless = headless if headless is not None else headless_wanted()
        if shown_headless:
            args[1:1] = ["--headless=new", "--disable-gpu", "--window-size=1280,900"]
        if os.name == "posix" and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses root without it (containers)
        kwargs: dict[str, object] = {}
        if os.name == "posix":
            kwargs["start_new_session"] = True  # its own process group: stopped by its pgid
        else:
            kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200)
        try:
            process = await asyncio.create_subprocess_exec(
                *args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                **kwargs,  # type: ignore[arg-type]
            )
        except OSError as exc:
            why = _start_failure(exc)
            raise BrowserError(
                Message("browser.cannot_start", {"path": platform_text(path, 200), "why": why})
            ) from None
        log.debug("browser %s started (pid %d)", path.name, process.pid)
        try:
            url = await _devtools_url(process, port_file, timeout_s, shown_headless)
            cdp = await Cdp.connect(url)
        except BaseException:
            await _stop_process(process)
            raise
        return cls(process, cdp, profile)

    @property
    def running(self) -> bool:
        alive = self.process is None or self.process.returncode is None
        return alive and not self.cdp.closed.is_set()

    async def stop(self) -> None:
        """Close the browser (its own way first, so the profile's cookies are written)."""
        asked = False
        with contextlib.suppress(CdpError):
            await self.cdp.call("Browser.close", timeout_s=2.0)
            asked = True
        if self.process is None:  # adopted: its own Browser.close is the only way to end it
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.cdp.closed.wait(), STOP_TIMEOUT_S)
        await self.cdp.close()
        if self.process is not None:
            await _stop_process(self.process, STOP_TIMEOUT_S if asked else 0.0)


async def _adopt(profile: Path) -> Browser | None:
    """The browser a studio started on `profile` before it crashed, still running: connected
    again (a second one on the same profile would only hand over to it and exit)."""
    try:
        text = (profile / PORT_FILE).read_text("utf-8", errors="replace")[:MAX_PORT_FILE]
    except OSError:
        return None
    url = _port_file_url(text)
    if url is None:
        return None
    try:
        cdp = await Cdp.connect(url, timeout_s=2.0)
    except CdpError:
        return None  # stale: that browser is gone
    log.debug("browser on %s adopted (left running by an earlier studio)", profile.name)
    return Browser(None, cdp, profile)


def _port_file_url(text: str) -> str | None:
    lines = text.splitlines()
    if len(lines) >= 2 and lines[0].strip().isdigit() and lines[1].startswith("/devtools/"):
        port = int(lines[0])
        if 0 < port < 65536:
            return f"ws://127.0.0.1:{port}{lines[1].strip()}"
    return None


def _locked_by_another(profile: Path, own_pid: int) -> bool:
    """Whether Chromium's SingletonLock (`host-pid`) names a running browser other than the
    one just started: a browser that exits by itself leaves its own lock behind."""
    try:
        pid = int(os.readlink(profile / "SingletonLock").rpartition("-")[2])
    except (OSError, ValueError):
        return False
    if pid == own_pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, someone else's
    return True


def _no_display(headless: bool) -> bool:
    """A windowed browser on Linux with no desktop to show it on (a bare terminal, SSH)."""
    if headless or sys.platform in ("win32", "darwin"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


async def _devtools_url(
    process: asyncio.subprocess.Process, port_file: Path, timeout_s: float, headless: bool
) -> str:
    """The browser's DevTools WebSocket address, from the port file it writes once listening."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.returncode is not None:
            # Chromium hands a profile that is open elsewhere to that browser and exits
            locked = _locked_by_another(port_file.parent, process.pid)
            if not locked and process.returncode != 21 and _no_display(headless):
                raise BrowserError(Message("browser.no_display"))
            raise BrowserError(
                Message("browser.exited", {"code": process.returncode}),
                in_use=locked or process.returncode == 21,
            )
        try:
            text = port_file.read_text("utf-8", errors="replace")[:MAX_PORT_FILE]
        except FileNotFoundError:
            text = ""
        url = _port_file_url(text)
        if url is not None:
            return url
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), 0.05)
    raise BrowserError(Message("browser.no_port", {"s": f"{timeout_s:.0f}"}))


def _start_failure(exc: OSError) -> Message:
    """Why the system would not start the browser, in words."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Message("browser.why.denied")
    if exc.errno == errno.ENOENT:
        return Message("browser.why.missing")
    if exc.errno == errno.ENOEXEC:
        return Message("browser.why.not_program")
    return Message("browser.why.other", {"errno": exc.errno})


async def _stop_process(process: asyncio.subprocess.Process, grace_s: float = 0.0) -> None:
    """End this browser and its children: its process group (POSIX) or tree (Windows),
    after `grace_s` for it to end by itself."""
    if process.returncode is None and grace_s > 0:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), grace_s)
    _signal_group(process.pid, signal.SIGTERM)
    if process.returncode is None:
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT_S)
        except TimeoutError:
            _signal_group(process.pid, signal.SIGKILL if os.name == "posix" else signal.SIGTERM)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT_S)


def _signal_group(pid: int, sig: int) -> None:
    """The browser's helpers (renderers, GPU) share its group: they go with it."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, sig)
    else:
        with contextlib.suppress(OSError):
            subprocess.run(
                ["taskkill", "/T", "/F", "/PID", str(pid)],
                capture_output=True,
                timeout=STOP_TIMEOUT_S,
                check=False,
            )
