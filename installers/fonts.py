"""The CJK font the frozen app carries for machines that have none (a bare Linux desktop).

    uv run python installers/fonts.py installers/build/fonts

Noto Sans CJK SC (SIL Open Font License 1.1, from Debian's fonts-noto-cjk), Regular and
Bold, cut down to what a merchant's sheet and the window write: every character GB 2312
encodes (6,763 hanzi with the punctuation and full-width forms), Latin and the general
punctuation. The two subsets are about 6 MB against the collections' 40 MB; a name in a rarer
character still shows wherever the system has a font for it (Qt falls back per character).
The licence goes beside the fonts, as the OFL asks.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

NOTO = Path("/usr/share/fonts/opentype/noto")
SC_INDEX = 2  # the collection's order: JP, KR, SC, TC, HK, then the Mono ones
FACES = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
LICENSE_FILE = Path("/usr/share/doc/fonts-noto-cjk/copyright")


def characters() -> str:
    """Latin-1, general punctuation and symbols, and everything GB 2312 encodes."""
    chars = {chr(c) for c in range(0x20, 0x250)}
    chars |= {chr(c) for c in range(0x2000, 0x2070)}  # general punctuation
    chars |= {chr(c) for c in range(0x2100, 0x2200)}  # ℃, №, arrows' neighbours
    chars |= {chr(c) for c in range(0x2460, 0x24FF)}  # ① ② …
    chars |= {chr(c) for c in range(0x25A0, 0x2700)}  # ■ ● ★ ✓
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
    chars.add("￥")
    return "".join(sorted(chars))


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    text = characters()
    made = []
    for face, collection in FACES.items():
        source = NOTO / collection
        if not source.exists():
            sys.exit(f"{source} is missing: apt-get install fonts-noto-cjk")
        font = TTCollection(str(source)).fonts[SC_INDEX]
        options = subset.Options()
        options.layout_features = ["*"]  # vertical forms, half-width punctuation
        options.name_languages = ["*"]
        options.hinting = False  # CFF outlines: hinting adds size, Qt renders unhinted
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        path = out / f"NotoSansSC-{face}-subset.otf"
        font.save(str(path))
        made.append(path)
        print(f"  font: {path.name} {path.stat().st_size / 1e6:.1f} MB")
    if LICENSE_FILE.exists():
        (out / "LICENSE-NotoSansCJK.txt").write_text(
            LICENSE_FILE.read_text(encoding="utf-8"), encoding="utf-8"
        )
    return made


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "installers/build/fonts"))
