"""Each console described as data: shipped files, a newer drop-in, the address override."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.console.descriptions import MAX_FILE, PLATFORMS, SpecError, load_spec, shipped_dir
from studio.core.messages import render


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_fact_of_every_shipped_console_says_where_it_comes_from(platform: str) -> None:
    spec = load_spec(platform)
    assert spec.platform == platform
    assert spec.control_url.startswith("https://")
    for key, entry in spec.entries.items():
        assert entry.source, key
        assert (
            "oba-live-tool" in entry.source
            or "assumption" in entry.source
            or "public" in entry.source
        )
    assert spec.explain_words and spec.stop_words


def test_a_newer_description_in_the_data_folder_wins_an_older_one_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.loads((shipped_dir() / "douyin.json").read_text("utf-8"))
    data["goods_list"]["selector"] = "#goods-v2"
    data["version"] = "2999-01-01"
    (tmp_path / "douyin.json").write_text(json.dumps(data), "utf-8")
    assert load_spec("douyin", tmp_path).entry("goods_list").selector == "#goods-v2"
    data["version"] = "2000-01-01"
    (tmp_path / "douyin.json").write_text(json.dumps(data), "utf-8")
    assert load_spec("douyin", tmp_path).entry("goods_list").selector != "#goods-v2"
    monkeypatch.setenv("STUDIO_CONSOLE_URL", "http://127.0.0.1:9/douyin.html")
    assert load_spec("douyin", tmp_path).control_url == "http://127.0.0.1:9/douyin.html"


def test_a_broken_drop_in_says_what_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "kuaishou.json").write_text("{not json", "utf-8")
    with pytest.raises(SpecError, match=r"kuaishou\.json 不是有效的 JSON（第 1 行第 2 列"):
        load_spec("kuaishou", tmp_path)
    (tmp_path / "kuaishou.json").write_text(json.dumps({"platform": "kuaishou"}), "utf-8")
    with pytest.raises(SpecError, match=r"kuaishou\.json"):
        load_spec("kuaishou", tmp_path)


def _shipped(platform: str = "douyin") -> dict[str, object]:
    data = json.loads((shipped_dir() / f"{platform}.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def _refusal(tmp_path: Path, platform: str = "douyin") -> SpecError:
    with pytest.raises(SpecError) as caught:
        load_spec(platform, tmp_path)
    return caught.value


def test_a_drop_in_saved_by_notepad_with_a_bom_is_read(tmp_path: Path) -> None:
    data = _shipped() | {"version": "2999-01-01"}
    data["goods_list"] = {"selector": "#goods-v2", "source": "assumption"}
    (tmp_path / "douyin.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(data).encode())
    assert load_spec("douyin", tmp_path).entry("goods_list").selector == "#goods-v2"


def test_versions_are_compared_as_dates_not_as_text(tmp_path: Path) -> None:
    """2027-1-15 is older than 2027-03-01 (as text it would win); a number version works."""
    data = _shipped()
    data["goods_list"] = {"selector": "#goods-v2", "source": "assumption"}
    shipped = str(data["version"])
    year = int(shipped[:4])
    data["version"] = f"{year}-1-15" if shipped[5:7] != "01" else f"{year - 1}-12-9"
    (tmp_path / "douyin.json").write_text(json.dumps(data), "utf-8")
    assert load_spec("douyin", tmp_path).entry("goods_list").selector != "#goods-v2"
    data["version"] = f"{year + 1}-1-5"
    (tmp_path / "douyin.json").write_text(json.dumps(data), "utf-8")
    assert load_spec("douyin", tmp_path).entry("goods_list").selector == "#goods-v2"
    data["version"] = 99999999
    (tmp_path / "douyin.json").write_text(json.dumps(data), "utf-8")
    assert load_spec("douyin", tmp_path).entry("goods_list").selector == "#goods-v2"
    data["version"] = "new!"
    (tmp_path / "douyin.json").write_text(json.dumps(data), "utf-8")
    assert "version 要写成日期" in render(_refusal(tmp_path).message, "zh")


def test_every_broken_drop_in_is_said_in_words_naming_the_file_and_the_entry(
    tmp_path: Path,
) -> None:
    path = tmp_path / "douyin.json"
    path.write_text("x" * (MAX_FILE + 1), "utf-8")
    huge = _refusal(tmp_path)
    assert render(huge.message, "zh").count("douyin.json") == 1  # said once, not wrapped twice
    assert "太大（超过 256 KB）" in render(huge.message, "zh")
    assert "too large (over 256 KB)" in render(huge.message, "en")

    path.write_bytes(b'{"platform": "\xff"}')
    assert "不是 UTF-8 文本：请用 UTF-8 编码保存" in render(_refusal(tmp_path).message, "zh")

    path.write_text("[]", "utf-8")
    assert "应该是一个 {…} 对象" in render(_refusal(tmp_path).message, "zh")

    data = _shipped()
    data["goods_item"] = {"selector": 5, "source": "assumption"}
    path.write_text(json.dumps(data), "utf-8")
    wrong = _refusal(tmp_path)
    assert "goods_item.selector" in render(wrong.message, "zh")
    assert "goods_item.selector is missing" in render(wrong.message, "en")

    data = _shipped()
    data["control_url"] = {"value": "javascript:alert(1)", "source": "assumption"}
    path.write_text(json.dumps(data), "utf-8")
    assert "control_url 的网址不是 http:// 或 https:// 开头" in render(
        _refusal(tmp_path).message, "zh"
    )


def test_a_bad_console_address_setting_blames_the_setting_not_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIO_CONSOLE_URL", "ftp://127.0.0.1/x")
    refused = _refusal(tmp_path)
    assert not refused.about_file
    words = render(refused.message, "zh")
    assert "环境变量 STUDIO_CONSOLE_URL（ftp://127.0.0.1/x）不是" in words
    assert "说明文件" not in words and ".json" not in words
