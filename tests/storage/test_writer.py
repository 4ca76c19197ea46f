"""The journal's writer: order kept, a full or read-only disk reported at once, nothing lost."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from studio.storage.journal import Journal, JournalError, OrderRecord
from studio.storage.writer import JournalWriter, WriteProblem
from tests.support.disk import fill, remount, small_disk
from tests.support.servers import wait_for


def _order(n: int) -> OrderRecord:
    return OrderRecord(f"s:{n}", "A", f"买家{n:05d}" + "x" * 200, 1, 1990, float(n), None)


def test_writes_land_in_order_without_the_caller_waiting(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    show = journal.start_show("场次", 1.0)
    writer = JournalWriter(journal)
    for n in range(2000):
        writer.write("order", lambda j, n=n: j.add_order(show, _order(n), n))
    assert writer.flush(30)
    assert [o.at for o in journal.orders(show)] == [float(n) for n in range(2000)]
    assert writer.close() == 0
    journal.close()


def test_a_write_that_is_wrong_in_itself_is_set_aside_and_the_rest_go_on(
    tmp_path: Path,
) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    show = journal.start_show("场次", 1.0)
    writer = JournalWriter(journal)
    problems: list[WriteProblem] = []
    writer.problem.connect(problems.append)

    def broken(j: Journal) -> None:
        raise ValueError("a bug in a write")

    writer.write("order 1", lambda j: j.add_order(show, _order(1), 1))
    writer.write("broken", broken)
    writer.write("order 2", lambda j: j.add_order(show, _order(2), 2))
    assert writer.flush(10)
    assert len(journal.orders(show)) == 2
    assert writer.set_aside == ["broken"] and problems and problems[0].reason == "other"
    writer.close()
    journal.close()


def _full_disk_journal(where: Path | None, tmp_path: Path) -> tuple[Journal, Path | None]:
    """A journal on a disk that is about to fill up: tmpfs if allowed, else SQLite's cap."""
    if where is None:
        journal = Journal(tmp_path / "j.sqlite3")
        pages = journal._db.execute("PRAGMA page_count").fetchone()[0]
        with journal._lock:
            journal._db.execute(f"PRAGMA max_page_count = {pages + 8}")
        return journal, None
    journal = Journal(where / "j.sqlite3")
    return journal, fill(where, leave_bytes=24 * 1024)


def test_a_disk_that_fills_up_is_reported_at_once_and_nothing_is_lost(tmp_path: Path) -> None:
    with small_disk(2048) as where:
        journal, filler = _full_disk_journal(where, tmp_path)
        show = journal.start_show("场次", 1.0)
        writer = JournalWriter(journal)
        problems: list[WriteProblem] = []
        recovered: list[int] = []
        writer.problem.connect(problems.append)
        writer.recovered.connect(recovered.append)
        for n in range(3000):  # ~1 MB of orders: far more than the disk has left
            writer.write(f"order {n}", lambda j, n=n: j.add_order(show, _order(n), n))
        writer.write("sample", lambda j: None, droppable=True)
        wait_for(lambda: writer.failing is not None, timeout_s=30)
        assert problems[0].reason == "disk_full"
        assert not writer.flush(0.5)  # it says it could not, instead of pretending
        assert writer.kept > 0
        written_so_far = len(journal.orders(show))
        assert written_so_far < 3000
        # the host frees space (or, without a real disk here, the cap is lifted)
        if filler is not None:
            filler.unlink()
        else:
            with journal._lock:
                journal._db.execute("PRAGMA max_page_count = 1073741823")
        wait_for(lambda: writer.failing is None and writer.kept == 0, timeout_s=30)
        assert recovered and len(problems) == 1
        assert [o.at for o in journal.orders(show)] == [float(n) for n in range(3000)]
        assert writer.close() == 0
        journal.close()


def test_a_journal_that_turns_read_only_keeps_writes_until_it_is_writable(
    tmp_path: Path,
) -> None:
    """A filesystem with the journal open cannot be remounted read-only (it is busy), so the
    refusal comes from SQLite on the real file, as SQLite reports a read-only database."""
    journal = Journal(tmp_path / "j.sqlite3")
    show = journal.start_show("场次", 1.0)
    writer = JournalWriter(journal)
    problems: list[WriteProblem] = []
    writer.problem.connect(problems.append)
    writer.write("order 1", lambda j: j.add_order(show, _order(1), 1))
    assert writer.flush(10)
    with journal._lock:
        journal._db.execute("PRAGMA query_only = 1")
    for n in range(2, 50):
        writer.write(f"order {n}", lambda j, n=n: j.add_order(show, _order(n), n))
    wait_for(lambda: writer.failing is not None, timeout_s=30)
    assert problems[0].reason == "read_only"
    with journal._lock:
        journal._db.execute("PRAGMA query_only = 0")
    wait_for(lambda: writer.failing is None and writer.kept == 0, timeout_s=30)
    assert len(journal.orders(show)) == 49
    writer.close()
    journal.close()


def test_opening_a_read_only_or_damaged_journal_says_why(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    good = Journal(damaged)
    good.start_show("场次", 1.0)
    good.close()
    data = bytearray(damaged.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page overwritten
    damaged.write_bytes(bytes(data))
    with pytest.raises(JournalError) as info:
        Journal(damaged)
    assert info.value.reason == "not_a_database"
    with small_disk(512) as where:
        if where is None:
            pytest.skip("mounting a read-only filesystem needs root")
        remount(where, "ro")
        with pytest.raises(JournalError) as info:
            Journal(where / "sub" / "j.sqlite3")
        assert info.value.reason == "read_only"


def test_many_threads_may_write_through_one_writer(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    show = journal.start_show("场次", 1.0)
    writer = JournalWriter(journal)

    def producer(k: int) -> None:
        for i in range(100):
            n = k * 1000 + i
            writer.write("order", lambda j, n=n: j.add_order(show, _order(n), n))

    threads = [threading.Thread(target=producer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert writer.flush(30)
    assert len(journal.orders(show)) == 400
    writer.close()
    journal.close()
    with sqlite3.connect(tmp_path / "j.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
