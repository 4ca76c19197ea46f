"""Each console described as data: shipped files, a newer drop-in, the address override."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.console.spec import PLATFORMS, SpecError, load_spec, shipped_dir


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
    with pytest.raises(SpecError, match=r"kuaishou\.json: not JSON"):
        load_spec("kuaishou", tmp_path)
    (tmp_path / "kuaishou.json").write_text(json.dumps({"platform": "kuaishou"}), "utf-8")
    with pytest.raises(SpecError, match=r"kuaishou\.json"):
        load_spec("kuaishou", tmp_path)
