"""Every string of the window is translated, and the shipped .qm files match their .ts sources."""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tools.i18n import I18N, LANGUAGES, lupdate, release

PLACEHOLDER = re.compile(r"\{[^}]*\}")


def test_no_string_is_left_untranslated(tmp_path: Path) -> None:
    for lang in LANGUAGES:
        ts = tmp_path / f"studio_{lang}.ts"
        shutil.copy(I18N / ts.name, ts)
        lupdate(ts)
        problems = []
        for message in ET.parse(ts).iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") == "unfinished" or not (translation.text or "").strip():
                problems.append(f"untranslated: {source!r}")
            elif sorted(PLACEHOLDER.findall(source)) != sorted(
                PLACEHOLDER.findall(translation.text or "")
            ):
                problems.append(f"placeholders differ: {source!r}")
        assert not problems, (
            f"{lang}: run `uv run python tools/i18n.py update`, translate, then `release`:\n"
            + "\n".join(problems)
        )


def test_the_compiled_translations_are_up_to_date(tmp_path: Path) -> None:
    for fresh in release(tmp_path):
        shipped = I18N / fresh.name
        assert shipped.read_bytes() == fresh.read_bytes(), (
            f"{shipped.name} is stale: run `uv run python tools/i18n.py release`"
        )
