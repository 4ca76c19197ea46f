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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core.errors import StudioError
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
    """A description file that cannot be used; the text says which file and what is wrong."""


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


def _text(data: dict[str, Any], key: str, path: Path, most: int = MAX_SELECTOR) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > most:
        raise SpecError(f"{path.name}: “{key}” is missing or not a short text")
    return value.strip()


def _entry(data: dict[str, Any], key: str, path: Path) -> Entry:
    raw = data.get(key)
    if not isinstance(raw, dict):
        raise SpecError(f"{path.name}: “{key}” is missing")
    source = _text(raw, "source", path, 1000)
    selector = _text(raw, "selector", path)
    attribute = raw.get("attribute", "")
    pattern = raw.get("pattern", "")
    if not isinstance(attribute, str) or not isinstance(pattern, str) or len(pattern) > 200:
        raise SpecError(f"{path.name}: “{key}” has a bad attribute or pattern")
    return Entry(selector, source, attribute, pattern)


def _words(data: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    raw = data.get(key)
    words = raw.get("words") if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or not isinstance(words, list) or not words:
        raise SpecError(f"{path.name}: “{key}” needs a list of words and a source")
    _text(raw, "source", path, 1000)
    if not all(isinstance(w, str) and 0 < len(w.strip()) <= 20 for w in words):
        raise SpecError(f"{path.name}: “{key}” has words that are not short texts")
    return tuple(w.strip() for w in words[:10])


def read_spec(path: Path) -> ConsoleSpec:
    """The description in `path`; SpecError naming what is wrong."""
    try:
        if path.stat().st_size > MAX_FILE:
            raise SpecError(f"{path.name}: larger than {MAX_FILE // 1024} KB")
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise SpecError(f"{path.name}: cannot be read ({exc.strerror})") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise SpecError(f"{path.name}: not JSON ({str(exc)[:80]})") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path.name}: not a JSON object")
    platform = _text(data, "platform", path, 20)
    name = data.get("name")
    if not isinstance(name, dict):
        raise SpecError(f"{path.name}: “name” needs zh and en")
    url = data.get("control_url")
    login = data.get("login_url")
    if not isinstance(url, dict) or not isinstance(login, dict):
        raise SpecError(f"{path.name}: “control_url” and “login_url” need a value and a source")
    return ConsoleSpec(
        platform=platform,
        name_zh=_text(name, "zh", path, 40),
        name_en=_text(name, "en", path, 60),
        version=_text(data, "version", path, 40),
        control_url=_url(_text(url, "value", path, 1000), path),
        login_url=_url(_text(login, "value", path, 1000), path),
        entries={k: _entry(data, k, path) for k in SELECTORS}
        | ({"frame": _entry(data, "frame", path)} if "frame" in data else {}),
        explain_words=_words(data, "explain_words", path),
        stop_words=_words(data, "stop_words", path),
        origin=path,
    )


def _url(text: str, path: Path) -> str:
    if not text.startswith(("https://", "http://")):
        raise SpecError(f"{path.name}: the control page address is not http(s)")
    return text


def load_spec(platform: str, override_dir: Path | None = None) -> ConsoleSpec:
    """The console description of `platform`: the shipped one, or a newer one (a higher
    `version`) in `override_dir`; the control page address from STUDIO_CONSOLE_URL if set.
    SpecError when neither can be used."""
    if platform not in PLATFORMS:
        raise SpecError(f"no console description for “{platform[:20]}”")
    spec = read_spec(shipped_dir() / f"{platform}.json")
    if override_dir is not None:
        dropped = override_dir / f"{platform}.json"
        if dropped.is_file():
            newer = read_spec(dropped)  # a broken drop-in is said, not silently skipped
            if newer.platform == platform and newer.version > spec.version:
                spec = newer
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        spec = ConsoleSpec(**{**spec.__dict__, "control_url": _url(url, Path(ENV_URL))})
    return spec
