"""The studio's own files, as the window asks for them."""

from __future__ import annotations

from pathlib import Path

from studio.resources import resources_dir

__all__ = ["resources_dir", "samples_dir"]


def samples_dir() -> Path:
    """The sample sheet's folder: where the file dialog opens the first time."""
    return resources_dir() / "samples"
