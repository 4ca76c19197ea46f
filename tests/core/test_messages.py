"""One way to speak: every message code is in the catalog, in both languages, with the same
placeholders; what the window shows follows its language."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from studio.core import messages
from studio.core.messages import CATALOG, Message, render
from studio.core.rundown import LinkUpError

ROOT = Path(__file__).resolve().parents[2] / "studio"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# English texts that name the Chinese headers a sheet should have, on purpose
QUOTES_CHINESE = {
    "catalog.no_header",  # the headers a sheet should have
    "assisted.douyin",  # the buttons in the platforms' own (Chinese) consoles
    "assisted.kuaishou",
    "assisted.taobao",
    "assisted.other",
    "console.part.explain_button",  # the live consoles' own 讲解 / 取消讲解 buttons
    "console.not_live",
    "console.unconfirmed",
    "console.by_hand",
    "console.take_down_by_hand",
    "report.console_counts",
    "platforms.assisted.douyin.label",  # the window's choices name those buttons too
    "platforms.assisted.douyin.detail",
    "platforms.assisted.kuaishou.label",
    "platforms.assisted.kuaishou.detail",
    "platforms.assisted.taobao.label",
    "platforms.assisted.taobao.detail",
    "platforms.assisted.detail",
    "platforms.assisted.douyin.comments_closed",  # where to read them: 抖音直播伴侣
    "platforms.assisted.kuaishou.comments_closed",
    "platforms.console.label",
    "platforms.console.detail",
    "console.name.buyin",  # Douyin Buyin (巨量百应): the console is found by its own name
    "report.platform_buyin",
}


@pytest.fixture(autouse=True)
def _platform_words() -> None:
    """Each platform brings its own words (studio.app.platforms): part of the catalog."""
    from studio.app.platforms import platforms

    platforms()


def test_every_code_has_both_languages_with_the_same_placeholders() -> None:
    for code, (zh, en) in CATALOG.items():
        assert zh and en, code
        assert _fields(zh) == _fields(en), code
        if code not in QUOTES_CHINESE:
            assert not re.search(r"[\u4e00-\u9fff]", en), f"{code}: Chinese in the English text"


def test_every_code_the_studio_uses_is_in_the_catalog() -> None:
    used = set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'Message\(\s*"([a-z_.]+)"', text))
        used |= set(re.findall(r'_say\(\s*"\w+",\s*"([a-z_.]+)"', text))
    assert used, "the scan found no codes"
    missing = sorted(c for c in used if c not in CATALOG)
    assert not missing


def test_an_error_speaks_the_readers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    error = LinkUpError(Message("linkup.busy"))
    messages.set_language("en")
    try:
        assert str(error).startswith("The last link-up")
        messages.set_language("zh")
        assert str(error).startswith("上一个上链接")
    finally:
        messages._language = None
    nested = Message("journal.write_failed", {"reason": messages.reason("disk_full"), "advice": ""})
    assert "磁盘已满" in render(nested, "zh") and "disk is full" in render(nested, "en")


@pytest.mark.parametrize(
    ("env", "expected"),
    [("zh_CN.UTF-8", "zh"), ("en_US.UTF-8", "en"), ("de_DE.UTF-8", "en"), ("C", "zh"), ("", "zh")],
)
def test_the_cli_speaks_the_systems_language(
    monkeypatch: pytest.MonkeyPatch, env: str, expected: str
) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", env)
    if not env:
        monkeypatch.delenv("LANG")
        monkeypatch.setattr(messages.locale, "getlocale", lambda: (None, None))
    assert messages.system_language() == expected


def test_the_imports_counts_read_right_for_one_as_for_many() -> None:
    """The CLI's import line: "1 products, 1 rows" was wrong English; the counts follow a
    colon, right for any number."""
    for products, skipped in ((1, 1), (3, 2)):
        line = render(Message("show.imported", {"products": products, "skipped": skipped}), "en")
        assert line == f"Products imported: {products}; rows skipped: {skipped}"
    assert render(Message("show.imported", {"products": 1, "skipped": 1}), "zh") == (
        "导入 1 个商品，跳过 1 行"
    )
