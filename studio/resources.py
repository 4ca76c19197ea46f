"""Where the studio's own files are (translations, icons, fonts, samples): beside the package
in a source tree, or where the frozen build unpacked them. Every layer may ask (Qt is
imported only to add the fonts, by the layers that draw)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data files here
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def bundled_fonts() -> list[Path]:
    """The CJK fonts the installer carries for a machine that has none (a source tree has
    none: it uses the system's)."""
    folder = resources_dir() / "fonts"
    return sorted(folder.glob("*.otf")) if folder.is_dir() else []


def has_cjk_font() -> bool:
    """Qt knows a font with Simplified Chinese glyphs (needs a QGuiApplication)."""
    from PySide6.QtGui import QFontDatabase

    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def add_bundled_fonts() -> int:
    """Where the system has no Chinese font (a bare Linux desktop), add the ones the installer
    carries; the count added. Needs a QGuiApplication; for the window and on-stream text."""
    from PySide6.QtGui import QFontDatabase

    if has_cjk_font():
        return 0
    return sum(QFontDatabase.addApplicationFont(str(p)) >= 0 for p in bundled_fonts())
