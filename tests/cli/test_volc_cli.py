"""`studio live --headless --platform volc:ACTIVITY_ID`: a link-up explained on Volcengine
enterprise live at zero (against tests/support/volc.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import run_studio, studio_env
from tests.support.volc import VolcServer

pytestmark = pytest.mark.slow  # runs the studio as its own process: not in the fast tier


def test_a_show_explains_each_card_at_zero(tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("商品名称,goods_id,直播价\n红茶,4946,39\n核桃,,18\n", encoding="utf-8")
    report = tmp_path / "report.json"
    with VolcServer() as server:
        fake = server.fake
        env = studio_env(
            STUDIO_VOLC_AK=fake.access_key,
            STUDIO_VOLC_SK=fake.secret_key,
            STUDIO_VOLC_API=server.url,
        )
        result = run_studio(
            "live", "--headless", "--record", str(tmp_path / "r.mkv"), "--catalog", str(sheet),
            "--platform", f"volc:{fake.activity_id}", "--link-up-at", "1,3", "--countdown", "0",
            "--duration", "5", "--report", str(report), env=env,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "核桃：表格里没有它的商品卡片 ID" in result.stdout
    links = json.loads(report.read_text(encoding="utf-8"))["link_ups"]
    assert [(ln["product_name"], ln["status"]) for ln in links] == [("红茶", "listed")]
    assert fake.explaining == {4946: 1}
    assert fake.secret_key not in result.stdout + result.stderr
