"""The report's JSON holds exactly the names its TypedDicts spell (external checks read them),
and the file written is the report built."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_type_hints

from studio.app.report import (
    LinkUpRow,
    NotInCatalog,
    ProductRow,
    ShowPart,
    ShowReport,
    StreamPart,
    Totals,
    build_report,
    write_report,
)
from studio.core.catalog import ImportIssue, Product
from studio.core.rundown import LinkUp, LinkUpState, ShowQueue
from studio.storage.journal import Journal, OrderRecord


def _names(typed: type) -> set[str]:
    return set(get_type_hints(typed))


def test_the_reports_names_are_the_ones_its_types_spell(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        show = journal.start_show("测试", 1000.0)
        products = [Product("脐橙", 3990, 1990, stock=10, sku="K0")]
        journal.save_catalog(show, products, [ImportIssue(3, "原价", "“abc”不是价格", 5)])
        queue = ShowQueue()
        queue.add(products[0])
        queue.advance(now=1001.0)
        journal.save_queue(show, queue.items)
        link = LinkUp(1, "K0", "脐橙", 1990, 10, None, 3.0, zero_at=1005.0, link_up_id=1)
        link.to(LinkUpState.SENDING)
        link.to(LinkUpState.LISTED, now=1005.2)
        journal.save_link_up(show, link)
        journal.add_order(show, OrderRecord("s:1", "K0", "b1", 2, 3980, 1010.0, 1), 1)
        journal.add_stream_event(show, 1002.0, "reconnecting", {"output": "push"})
        journal.end_show(show, 1070.0)
        report = build_report(journal, show, "en")
        (json_path, *_) = write_report(report, tmp_path / "report" / "report.json", "en")
    finally:
        journal.close()

    assert set(report) == _names(ShowReport)
    assert set(report["show"]) == _names(ShowPart)
    assert [set(p) for p in report["products"]] == [_names(ProductRow)]
    assert [set(link) for link in report["link_ups"]] == [_names(LinkUpRow)]
    assert set(report["totals"]) == _names(Totals)
    assert set(report["totals"]["not_in_catalog"]) == _names(NotInCatalog)
    assert set(report["stream"]) == _names(StreamPart)
    assert report["link_ups"][0]["status"] == "listed" and report["totals"]["units"] == 2
    assert report["import_errors"][0]["reason"] == "“abc”不是价格"
    assert json.loads(json_path.read_text(encoding="utf-8")) == report
