"""Where the studio's own files are: beside the package, or unpacked by the installer."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data files here
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def samples_dir() -> Path:
    """The sample sheet's folder: where the file dialog opens the first time."""
    return resources_dir() / "samples"
