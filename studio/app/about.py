"""Who the studio is: its name, its one version (pyproject's) and the parts a support question
needs. `studio --version`, the About box and the report all say it from here."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from studio import APP_NAME_EN, APP_NAME_ZH, __version__

__all__ = ["APP_NAME_EN", "APP_NAME_ZH", "__version__", "components", "version_line"]


def components() -> list[tuple[str, str]]:
    """(name, version) of the studio and what it stands on; a part whose metadata the build
    left out is named without a version rather than missing."""
    found = [("Merchant Studio", __version__), ("Python", platform.python_version())]
    for name, dist in (
        ("PySide6", "PySide6"),
        ("PyAV", "av"),
        ("OpenCV", "opencv-python-headless"),
    ):
        try:
            found.append((name, version(dist)))
        except PackageNotFoundError:
            continue
    return found


def version_line() -> str:
    """`studio --version`: ours, and the parts a support question needs (Qt, FFmpeg)."""
    return " · ".join(f"{name} {v}" for name, v in components())
