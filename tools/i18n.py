"""Translations: extract the window's strings into the .ts sources, and compile the .qm files.

    uv run python tools/i18n.py update    # pyside6-lupdate: new strings appear as unfinished
    uv run python tools/i18n.py release   # pyside6-lrelease: resources/i18n/*.qm

Translate in Qt Linguist (`uv run pyside6-linguist resources/i18n/studio_zh_CN.ts`) or by
editing the .ts. `tests/qt/test_translations.py` fails while a string is untranslated or a
.qm is older than its .ts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "studio" / "qt").rglob("*.py"))


def lupdate(ts: Path) -> None:
    """Bring `ts` up to date with the strings in the sources (new ones: unfinished)."""
    command = [tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none"]
    subprocess.run([*command, "-ts", str(ts)], check=True, cwd=ROOT, capture_output=True)


def update() -> None:
    for lang in LANGUAGES:
        lupdate(I18N / f"studio_{lang}.ts")


def release(out_dir: Path = I18N) -> list[Path]:
    out = []
    for lang in LANGUAGES:
        qm = out_dir / f"studio_{lang}.qm"
        subprocess.run(
            [tool("pyside6-lrelease"), "-silent", str(I18N / f"studio_{lang}.ts"), "-qm", str(qm)],
            check=True,
            cwd=ROOT,
        )
        out.append(qm)
    return out


if __name__ == "__main__":
    {"update": update, "release": release}[sys.argv[1]]()
