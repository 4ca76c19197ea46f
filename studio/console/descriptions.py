"""Each platform's live console described as data: resources/consoles/<platform>.json.

A description names the control page's address and, as CSS selectors and words, how to tell
the page is logged in and live, the goods list, a goods item, its id and title, its 讲解 /
取消讲解 button, the comment list and a comment's user and text, and the comment box. Every
entry carries its `source`: where the fact was learned (the public reference), or that it
is the studio's assumption to be confirmed on the real console.

Consoles change without notice. A newer description (a higher `version`) dropped in the data
folder's `consoles/` is used instead of the shipped one, with no new release, and
`STUDIO_CONSOLE_URL` overrides the control page address (external checks use it).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from studio.core.errors import StudioError
from studio.core.messages import Message, platform_text
from studio.resources import resources_dir

ENV_URL = "STUDIO_CONSOLE_URL"
PLATFORMS = ("douyin", "buyin", "kuaishou", "taobao", "channels")
MAX_FILE = 256 << 10
MAX_SELECTOR = 500
SELECTORS = (
    "logged_in",
    "account_name",
    "live",
    "goods_list",
    "goods_item",
    "goods_id",
    "goods_title",
    "explain_button",
    "comment_list",
    "comment_item",
    "comment_user",
    "comment_text",
    "comment_box",
)
# optional: "frame", the console's own frame (WeChat Channels): the others are read inside it


class SpecError(StudioError, ValueError):
    """A description file that cannot be used; `.message` says which file (or setting), which
    entry, and what to do. `about_file` is False when the trouble is not in a file (the
    STUDIO_CONSOLE_URL setting): it is then said as it is, not as a broken description."""

    def __init__(self, message: Message, about_file: bool = True) -> None:
        super().__init__(message)
        self.about_file = about_file


def _wrong(code: str, path: Path, **params: object) -> SpecError:
    return SpecError(Message(code, {"file": platform_text(path, 200), **params}))


@dataclass(frozen=True)
class Entry:
    """One fact about the console: a CSS selector (or words), and where it was learned."""

    selector: str
    source: str
    attribute: str = ""  # read this attribute instead of the text (goods id: `value`)
    pattern: str = ""  # a regular expression whose first group is the value ("ID[:：](\d+)")


@dataclass(frozen=True)
class ConsoleSpec:
    platform: str
    name_zh: str
    name_en: str
    version: str
    control_url: str
    login_url: str
    entries: dict[str, Entry]
    explain_words: tuple[str, ...]
    stop_words: tuple[str, ...]
    origin: Path  # the file it was read from

    def entry(self, key: str) -> Entry:
        return self.entries[key]

    def name(self, language: str = "zh") -> str:
        return self.name_zh if language == "zh" else self.name_en

    def to_page(self) -> dict[str, Any]:
        """What the page script needs (selectors and words; no sources)."""
        return {
            "sel": {k: e.selector for k, e in self.entries.items()},
            "attr": {k: e.attribute for k, e in self.entries.items()},
            "pattern": {k: e.pattern for k, e in self.entries.items()},
            "explain": list(self.explain_words),
            "stop": list(self.stop_words),
        }


def shipped_dir() -> Path:
    return resources_dir() / "consoles"


def _text(
    data: dict[str, Any], key: str, path: Path, most: int = MAX_SELECTOR, where: str = ""
) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > most:
        raise _wrong("spec.bad_text", path, where=f"{where}.{key}" if where else key, most=most)
    return value.strip()


def _entry(data: dict[str, Any], key: str, path: Path) -> Entry:
    raw = data.get(key)
    if not isinstance(raw, dict):
        raise _wrong("spec.missing_entry", path, key=key)
    source = _text(raw, "source", path, 1000, key)
    selector = _text(raw, "selector", path, MAX_SELECTOR, key)
    attribute = raw.get("attribute", "")
    pattern = raw.get("pattern", "")
    if not isinstance(attribute, str) or not isinstance(pattern, str) or len(pattern) > 200:
        raise _wrong("spec.bad_attribute", path, key=key)
    return Entry(selector, source, attribute, pattern)


def _words(data: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    raw = data.get(key)
    words = raw.get("words") if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or not isinstance(words, list) or not words:
        raise _wrong("spec.bad_words", path, key=key)
    _text(raw, "source", path, 1000, key)
    if not all(isinstance(w, str) and 0 < len(w.strip()) <= 20 for w in words):
        raise _wrong("spec.bad_words", path, key=key)
    return tuple(w.strip() for w in words[:10])


def version_key(version: str) -> tuple[int, ...]:
    """A description's `version` as numbers to compare: 2027-1-15 before 2027-03-01 (a
    date's parts, or a number's), never as text."""
    parts = re.split(r"[-./]", version.strip())
    if not parts or not all(p.isdigit() and len(p) <= 9 for p in parts):
        raise ValueError(version)
    return tuple(int(p) for p in parts)


def read_spec(path: Path) -> ConsoleSpec:
    """The description in `path`; SpecError naming what is wrong."""
    try:
        if path.stat().st_size > MAX_FILE:
            raise _wrong("spec.too_large", path, kb=MAX_FILE // 1024)
        raw = path.read_bytes()
    except OSError as exc:
        raise _wrong("spec.unreadable", path, why=platform_text(exc.strerror, 80)) from None
    try:
        text = raw.decode("utf-8-sig")  # Notepad saves UTF-8 with a BOM
    except UnicodeDecodeError:
        raise _wrong("spec.not_utf8", path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _wrong("spec.not_json", path, line=exc.lineno, column=exc.colno) from None
    except ValueError:  # too deep, or a number too long
        raise _wrong("spec.not_json", path, line=1, column=1) from None
    if not isinstance(data, dict):
        raise _wrong("spec.not_object", path)
    platform = _text(data, "platform", path, 20)
    name = data.get("name")
    if not isinstance(name, dict):
        raise _wrong("spec.bad_name", path)
    url = data.get("control_url")
    login = data.get("login_url")
    if not isinstance(url, dict) or not isinstance(login, dict):
        raise _wrong("spec.bad_urls", path)
    version = data.get("version")
    if isinstance(version, int | float) and not isinstance(version, bool):
        version = f"{version:g}" if isinstance(version, float) else str(version)
        data["version"] = version
    version = _text(data, "version", path, 40)
    try:
        version_key(version)
    except ValueError:
        raise _wrong("spec.bad_version", path) from None
    return ConsoleSpec(
        platform=platform,
        name_zh=_text(name, "zh", path, 40, "name"),
        name_en=_text(name, "en", path, 60, "name"),
        version=version,
        control_url=_url(_text(url, "value", path, 1000, "control_url"), path, "control_url"),
        login_url=_url(_text(login, "value", path, 1000, "login_url"), path, "login_url"),
        entries={k: _entry(data, k, path) for k in SELECTORS}
        | ({"frame": _entry(data, "frame", path)} if "frame" in data else {}),
        explain_words=_words(data, "explain_words", path),
        stop_words=_words(data, "stop_words", path),
        origin=path,
    )


def is_web_address(text: str) -> bool:
    """An http(s) address with a host (not `http://`, not `javascript:`)."""
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _url(text: str, path: Path, key: str) -> str:
    if not is_web_address(text):
        raise _wrong("spec.bad_url", path, key=key)
    return text


def load_spec(platform: str, override_dir: Path | None = None) -> ConsoleSpec:
    """The console description of `platform`: the shipped one, or a newer one (a higher
    `version`) in `override_dir`; the control page address from STUDIO_CONSOLE_URL if set.
    SpecError when neither can be used."""
    if platform not in PLATFORMS:
        raise SpecError(Message("spec.unknown_platform", {"name": platform_text(platform, 20)}))
    spec = read_spec(shipped_dir() / f"{platform}.json")
    if override_dir is not None:
        dropped = override_dir / f"{platform}.json"
        if dropped.is_file():
            newer = read_spec(dropped)  # a broken drop-in is said, not silently skipped
            newer_key, shipped_key = version_key(newer.version), version_key(spec.version)
            if newer.platform == platform and newer_key > shipped_key:
                spec = newer
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        if not is_web_address(url):
            words = Message("spec.bad_env_url", {"value": platform_text(url, 80)})
            raise SpecError(words, about_file=False)
        spec = ConsoleSpec(**{**spec.__dict__, "control_url": url})
    return spec
