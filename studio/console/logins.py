"""Which account each console was last seen logged in as, kept beside the studio's browser
profile (owner-only, as the profile is): the window says "已登录 抖店：某某农场" without
opening a browser, and says when it was seen. Only the name the console shows is kept: no
cookie, no password."""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

FILE = "studio-logins.json"
MAX_FILE = 64 << 10


@dataclass(frozen=True)
class Login:
    platform: str
    account: str
    seen_at: float  # Unix seconds


def _read(profile: Path) -> dict[str, dict[str, object]]:
    try:
        path = profile / FILE
        if path.stat().st_size > MAX_FILE:
            return {}
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def known_login(profile: Path, platform: str) -> Login | None:
    """The account `platform`'s console showed last, or None (never seen, or logged out)."""
    entry = _read(profile).get(platform)
    if not isinstance(entry, dict):
        return None
    account, at = entry.get("account"), entry.get("seen_at")
    if not isinstance(account, str) or not account or not isinstance(at, int | float):
        return None
    return Login(platform, account[:40], float(at))


def remember_login(profile: Path, platform: str, account: str | None) -> None:
    """Keep the account seen (None: seen logged out, forgotten). Best effort: a disk that
    refuses only costs the window its line."""
    data = _read(profile)
    if account:
        data[platform] = {"account": account[:40], "seen_at": time.time()}
    else:
        data.pop(platform, None)
    with contextlib.suppress(OSError):
        profile.mkdir(parents=True, exist_ok=True)
        temporary = profile / (FILE + ".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        if os.name == "posix":
            temporary.chmod(0o600)
        temporary.replace(profile / FILE)
