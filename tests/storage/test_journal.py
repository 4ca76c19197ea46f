"""The show journal: migrations, WAL, round trips, replays and concurrent writers."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from studio.core.catalog import ImportIssue, Product
from studio.core.rundown import LinkUp, LinkUpState, ShowQueue
from studio.storage.journal import MIGRATIONS, Journal, JournalError, OrderRecord

PRODUCTS = [
    Product("脐橙", 3990, 1990, stock=10, sku="A", goods_id="101"),
    Product("鸡蛋", 4500, 2990),
]


def test_migrations_run_once_and_the_journal_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)
    assert journal.schema_version == len(MIGRATIONS)
    show = journal.start_show("第一场", 1000.0, "rehearsal", {"countdown_s": 3})
    journal.close()
    again = Journal(path)  # reopening applies nothing twice and keeps the data
    assert again.schema_version == len(MIGRATIONS)
    assert again.show(show).settings == {"countdown_s": 3}
    again.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_catalog_queue_and_link_ups_round_trip(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    show = journal.start_show("场次", 1.0)
    issue = ImportIssue(3, "原价", "“abc”不是价格", 5)
    journal.save_catalog(show, PRODUCTS, [issue])
    assert journal.products(show) == PRODUCTS
    assert journal.import_issues(show) == [issue]
    queue = ShowQueue()
    for p in PRODUCTS:
        queue.add(p)
    queue.advance(now=10.0)
    journal.save_queue(show, queue.items)
    restored = journal.queue(show)
    assert [(i.item_id, i.product, i.state, i.talk_started_at) for i in restored] == [
        (i.item_id, i.product, i.state, i.talk_started_at) for i in queue.items
    ]
    link = LinkUp(1, "A", "脐橙", 1990, 10, None, 3.0, zero_at=12.5, link_up_id=1)
    journal.save_link_up(show, link)  # keyed by its idempotency key
    link.to(LinkUpState.SENDING)
    link.to(LinkUpState.LISTED, now=13.0)
    journal.save_link_up(show, link)
    (back,) = journal.link_ups(show)
    assert back == link
    assert journal.unfinished_show().id == show
    journal.end_show(show, 99.0)
    assert journal.unfinished_show() is None
    journal.close()


def test_replayed_events_are_journaled_once_and_writers_may_be_many(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    show = journal.start_show("场次", 1.0)
    order = OrderRecord("s1:7", "A", "王**001", 1, 1990, 5.0, None)
    assert journal.add_order(show, order, 7)
    assert not journal.add_order(show, order, 7)  # the event stream replayed it
    assert journal.add_order(show, OrderRecord("s2:7", "A", "李**002", 2, 3980, 6.0, None), 7)

    def writer(n: int) -> None:
        for i in range(50):
            journal.add_order(show, OrderRecord(f"t{n}:{i}", "A", f"b{n}", 1, 1990, 7.0, None), i)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(journal.orders(show)) == 2 + 200
    journal.close()


def test_an_unusable_journal_says_where(tmp_path: Path) -> None:
    (tmp_path / "not-a-db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(JournalError, match="not-a-db"):
        Journal(tmp_path / "not-a-db")
