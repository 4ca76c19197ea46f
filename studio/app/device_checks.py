"""Device checks for the first-run wizard (the window calls these, off the GUI thread): a
camera's live picture and a microphone's level, from the media layer; failures as ConfigError."""

from __future__ import annotations

from typing import Any

from studio.app.errors import ConfigError
from studio.core.messages import said


class CameraPreview:
    """A camera opened for a live look (open it off the GUI thread): `latest()` is the newest
    frame as an RGB array or None, `problem()` what is wrong, `stop()` closes it."""

    def __init__(self, spec: str) -> None:
        from studio.media.checks import CameraPreview as Preview
        from studio.media.checks import DeviceCheckError

        try:
            self._preview = Preview(spec)
        except DeviceCheckError as exc:
            raise ConfigError(said(exc)) from None

    def latest(self) -> Any:
        return self._preview.latest()

    def problem(self) -> str:
        return str(self._preview.problem())

    def stop(self) -> None:
        self._preview.stop()


class MicrophoneCheck:
    """A microphone (or the test tone) opened for a level check: `level_dbfs()` while it is
    open, then `stop()`."""

    def __init__(self, spec: str) -> None:
        from studio.media.checks import DeviceCheckError
        from studio.media.checks import MicrophoneCheck as Check

        try:
            self._check = Check(spec)
        except DeviceCheckError as exc:
            raise ConfigError(said(exc)) from None

    def level_dbfs(self) -> float:
        return self._check.level_dbfs()

    def stop(self) -> None:
        self._check.stop()
