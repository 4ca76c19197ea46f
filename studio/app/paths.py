"""Where the studio keeps its files: the user data directory (platformdirs), or $STUDIO_DATA_DIR."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from studio.app.errors import ConfigError
from studio.core.messages import Message, advice, reason
from studio.storage.journal import error_reason

APP_NAME = "MerchantStudio"


def _made(path: Path) -> Path:
    """`path` created if needed; ConfigError with advice when the folder cannot be made."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        code = error_reason(exc)
        if code == "io" and not path.parent.exists():
            code = "read_only"
        raise ConfigError(
            str(
                Message(
                    "journal.open_failed",
                    {"path": str(path), "reason": reason(code), "advice": advice(code)},
                )
            )
        ) from None
    return path


def data_dir() -> Path:
    override = os.environ.get("STUDIO_DATA_DIR")
    return _made(Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False)))


def cache_dir() -> Path:
    override = os.environ.get("STUDIO_DATA_DIR")
    return _made(
        Path(override) / "cache" if override else Path(platformdirs.user_cache_dir(APP_NAME, False))
    )


def journal_path() -> Path:
    return data_dir() / "journal.sqlite3"
