"""A sheet's 规格 column in the window: on the product list and the teleprompter; the
columns the import did not use are named."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from studio.app.show import Show, ShowSettings
from studio.platform_api.http import HttpPlatform
from studio.rehearsal.server import RehearsalServer
from studio.storage.journal import Journal


def test_the_spec_is_on_the_list_and_the_teleprompter_and_unused_columns_are_named(
    qtbot, studio_app, tmp_path: Path
) -> None:
    studio_app.set_language("zh_CN")
    out = io.StringIO()
    csv.writer(out).writerows(
        [
            ["商品名称", "规格", "直播价", "产地", "备注"],
            ["赣南脐橙", "5斤装", "19.9", "江西赣州", "现摘"],
            ["土鸡蛋", "30枚", "29.9", "湖北", ""],
        ]
    )
    sheet = tmp_path / "商品表.csv"
    sheet.write_bytes(out.getvalue().encode("gb18030"))
    window = studio_app.window
    panel = window.products
    panel.import_file(sheet)
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=10_000)
    assert "5斤装 · " in panel.list.item(0).text()
    assert "未使用的列：产地、备注" in panel.summary.text()
    studio_app.set_language("en")
    assert "Columns not used: 产地、备注" in panel.summary.text()
    studio_app.set_language("zh_CN")

    journal = Journal(tmp_path / "journal.sqlite3")
    with RehearsalServer() as server:
        show = Show(journal, HttpPlatform(server.url), ShowSettings(countdown_s=0))
        show.start(panel.products)
        host = window.host
        host.attach(show)
        try:
            show.advance()
            qtbot.waitUntil(lambda: host.spec.text() == "规格：5斤装", timeout=10_000)
            assert host.product.text() == "赣南脐橙" and host.spec.isVisibleTo(host)
            show.advance()
            qtbot.waitUntil(lambda: host.spec.text() == "规格：30枚", timeout=10_000)
        finally:
            host.detach()
            show.end()
            journal.close()
