"""Where the studio keeps its files: the user data directory (platformdirs), or $STUDIO_DATA_DIR."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "MerchantStudio"


def data_dir() -> Path:
    override = os.environ.get("STUDIO_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    override = os.environ.get("STUDIO_DATA_DIR")
    base = (
        Path(override) / "cache" if override else Path(platformdirs.user_cache_dir(APP_NAME, False))
    )
    base.mkdir(parents=True, exist_ok=True)
    return base


def journal_path() -> Path:
    return data_dir() / "journal.sqlite3"
