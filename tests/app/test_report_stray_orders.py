"""An order for a product the show does not have is counted apart, not in the totals."""

from __future__ import annotations

from pathlib import Path

from studio.app.report import build_report, render_html
from studio.core.catalog import Product
from studio.storage.journal import Journal, OrderRecord


def test_an_order_for_a_product_not_in_the_sheet_is_counted_apart(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        show = journal.start_show("测试", 1000.0)
        journal.save_catalog(show, [Product("脐橙", 3990, 1990, stock=10, sku="K0")])
        journal.add_order(show, OrderRecord("s:1", "NOPE", "b1", 3, 2700, 1001.0, None), 1)
        journal.add_order(show, OrderRecord("s:2", "K0", "b2", 1, 1990, 1002.0, None), 2)
        journal.end_show(show, 1070.0)
        report = build_report(journal, show, "zh")
        zh = render_html(report, "zh")
        en = render_html(build_report(journal, show, "en"), "en")
    finally:
        journal.close()
    totals = report["totals"]
    # the totals are the sum of the products; the stray order is apart, and said
    assert (totals["orders"], totals["units"], totals["revenue"]) == (1, 1, 19.9)
    assert sum(p["orders"] for p in report["products"]) == totals["orders"]
    assert totals["not_in_catalog"]["orders"] == 1
    assert totals["not_in_catalog"]["product_ids"] == ["NOPE"]
    assert "平台报来 1 笔不在商品表里的订单" in zh and "NOPE" in zh
    assert "1 order(s) for products not in the product sheet" in en
