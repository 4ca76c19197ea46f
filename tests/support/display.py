"""A private X display (Xvfb) for screen capture, and a window painted on it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.cli import studio_env
from tests.support.servers import stop_process, wait_for

PAINTER = """
import sys
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
w = QLabel()
p = w.palette(); p.setColor(QPalette.ColorRole.Window, QColor(sys.argv[1])); w.setPalette(p)
w.setAutoFillBackground(True)
w.setGeometry(0, 0, int(sys.argv[2]), int(sys.argv[3]))
w.showFullScreen()
app.exec()
"""


@dataclass
class XvfbDisplay:
    width: int = 640
    height: int = 360
    number: int = 0
    _procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f":{self.number}"

    def env(self, **extra: str) -> dict[str, str]:
        return studio_env(DISPLAY=self.name, **extra)

    def start(self) -> None:
        for n in range(90, 200):
            if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
                self.number = n
                break
        proc = subprocess.Popen(
            [
                "Xvfb",
                self.name,
                "-screen",
                "0",
                f"{self.width}x{self.height}x24",
                "-nolisten",
                "tcp",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._procs.append(proc)
        socket = Path(f"/tmp/.X11-unix/X{self.number}")
        wait_for(lambda: socket.exists() or proc.poll() is not None, what="Xvfb's socket")
        if proc.poll() is not None:
            raise RuntimeError("Xvfb did not start")

    def paint(self, colour: str, rgb: tuple[int, int, int], timeout_s: float = 60) -> None:
        """A full-screen window of `colour` (#RRGGBB) on the display until stop(), waited for
        until the screen shows `rgb`. A painter that could not reach the display (a fresh
        Xvfb under load) is started again; one that never shows says why."""
        env = {**os.environ, "DISPLAY": self.name, "QT_QPA_PLATFORM": "xcb"}
        said: list[bytes] = []

        logs: list[Any] = []
        files = contextlib.ExitStack()

        def start() -> subprocess.Popen[bytes]:
            # its words to a file, not a pipe: a full pipe would stall it
            logs.append(files.enter_context(tempfile.TemporaryFile()))  # noqa: SIM115 (closed by files)
            proc = subprocess.Popen(
                [sys.executable, "-c", PAINTER, colour, str(self.width), str(self.height)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=logs[-1],
            )
            self._procs.append(proc)
            return proc

        painter = [start()]

        def shown() -> bool:
            if painter[0].poll() is not None:  # it gave up: what it said, and once more
                logs[-1].seek(0)
                said.append(logs[-1].read()[-500:])
                painter[0] = start()
                return False
            return self.grab_centre() == rgb

        try:
            wait_for(shown, timeout_s=timeout_s, what="the painted window")
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the painter said: {said[-3:]!r}") from None
        finally:
            files.close()

    def grab_centre(self) -> tuple[int, int, int]:
        """The centre pixel of the screen (RGB), as mss sees it."""
        import mss

        before = os.environ.get("DISPLAY")
        os.environ["DISPLAY"] = self.name
        try:
            with mss.MSS() as grabber:
                shot = grabber.grab(grabber.monitors[1])
                return shot.pixel(self.width // 2, self.height // 2)
        finally:
            if before is None:
                os.environ.pop("DISPLAY", None)
            else:
                os.environ["DISPLAY"] = before

    def stop(self) -> None:
        for proc in reversed(self._procs):
            stop_process(proc)
        self._procs.clear()
