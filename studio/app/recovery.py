"""After a crash: the show the studio was killed during, found at the next start, then carried
on or ended (the window's 继续这场直播 / 结束它, like an editor's "recover unsaved document").

The journal is the truth: `find_unfinished` reads what it holds of the last show that never
ended (the queue, the link-ups and their counts, which link-ups were in flight when the
studio died and whether their platform takes a repeat as one); `end_unfinished` ends it in
the journal, as of the last thing it recorded, and writes its report. Nothing recorded is
removed. Carrying it on is `Studio.start` with a `ShowPlan(resume=True, repeat=…)`: the host's
answers about in-flight link-ups are asked before, on the window's thread, never while the
show waits. Slow (SQLite, files): off the GUI thread.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from studio.app.errors import ConfigError
from studio.app.journal_open import describe_journal_error, open_journal
from studio.app.paths import data_dir, journal_path
from studio.app.platforms import repeat_safe
from studio.app.platforms.rehearsal_spec import KIND as REHEARSAL
from studio.app.platforms.shop_spec import platform_origin
from studio.app.report import build_report, write_report
from studio.app.show.owner import in_flight, with_orders
from studio.core.catalog import Product
from studio.core.messages import Message, render, stored
from studio.core.rundown import LinkUp, LinkUpState, QueueSnapshot, ShowQueue
from studio.storage.journal import Journal, JournalError, ShowRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Unfinished:
    """What the journal holds of a show that never ended, as the host is told of it."""

    record: ShowRecord
    products: list[Product]
    queue: QueueSnapshot
    link_ups: list[LinkUp]
    orders: int
    units: int
    in_flight: list[LinkUp]  # being sent (or due) when the studio died
    platform: str  # the platform spec it carries on with: its own, whatever is chosen now
    repeat_safe: bool  # that platform takes an in-flight link-up sent again as one

    @property
    def rehearsal(self) -> bool:
        return self.record.platform == REHEARSAL

    @property
    def to_ask(self) -> list[LinkUp]:
        """In-flight link-ups the host decides about: sent again, they may list twice."""
        return [] if self.repeat_safe else list(self.in_flight)

    @property
    def to_repeat(self) -> list[LinkUp]:
        """In-flight link-ups sent again on resume without asking (the platform dedupes)."""
        return list(self.in_flight) if self.repeat_safe else []


def resume_platform(record: ShowRecord, live_platform: str = "") -> str:
    """The spec a resumed show talks to: the one it was journaled with (a shop server's
    origin, made whole again from the host's setting when that names the same server)."""
    if record.platform.startswith(("http://", "https://")) and live_platform:
        try:
            if platform_origin(live_platform) == record.platform:
                return live_platform
        except ValueError:
            pass
    return record.platform or REHEARSAL


def find_unfinished(live_platform: str = "") -> Unfinished | None:
    """The last show that never ended, or None (none, no journal yet, or one that cannot be
    read: the next show's start says why, this only looks)."""
    path = journal_path()
    if not path.is_file():
        return None
    try:
        journal = Journal(path)
    except JournalError as exc:
        log.warning("unfinished show not looked for: %s", exc.reason)
        return None
    try:
        record = journal.unfinished_show()
        if record is None:
            return None
        orders = journal.orders(record.id)
        links = with_orders(journal.link_ups(record.id), orders)
        platform = resume_platform(record, live_platform)
        now = time.time()
        return Unfinished(
            record=record,
            products=journal.products(record.id),
            queue=QueueSnapshot(tuple(journal.queue(record.id))),
            link_ups=links,
            orders=len(orders),
            units=sum(o.quantity for o in orders),
            in_flight=[ln for ln in links if in_flight(ln, now)],
            platform=platform,
            repeat_safe=repeat_safe(platform),
        )
    finally:
        journal.close()


def last_recorded(journal: Journal, show_id: int) -> float:
    """When the show last recorded anything: about when the studio died."""
    record = journal.show(show_id)
    times = [record.started_at]
    for link in journal.link_ups(show_id):
        times += [
            t
            for t in (link.requested_at, link.zero_at, link.sent_at, link.acked_at, link.ended_at)
            if t is not None
        ]
    times += [o.at for o in journal.orders(show_id)]
    times += [at for at, _kind, _detail in journal.stream_events(show_id)]
    return max(times)


def end_unfinished(show_id: int, language: str = "zh") -> Path:
    """End the show in the journal as of its last record (an in-flight link-up marked: not
    repeated, the platform may have listed it), write its report; the report's page.
    ConfigError (with advice) when the journal cannot be opened."""
    journal = open_journal(
        journal_path(), for_resume=True, say=lambda message: log.info("%s", message)
    )
    try:
        record = journal.show(show_id)
        if record.ended_at is None:
            _end(journal, record)
        report = build_report(journal, show_id, language)
    except JournalError as exc:
        raise ConfigError(describe_journal_error(exc)) from None
    finally:
        journal.close()
    kind = render(
        Message(f"live.kind_{'rehearsal' if record.platform == REHEARSAL else 'live'}"), language
    )
    stamp = time.strftime("%Y%m%d-%H%M", time.localtime(record.started_at))
    folder = data_dir() / "reports" / f"{kind}-{stamp}"
    return write_report(report, folder / "report.json", language)[-1]


def _end(journal: Journal, record: ShowRecord) -> None:
    now = time.time()
    at = last_recorded(journal, record.id)
    for link in journal.link_ups(record.id):
        if in_flight(link, now):
            if link.state is LinkUpState.COUNTING:
                link.to(LinkUpState.SENDING)
            link.after_crash = "not_repeated"
            link.to(LinkUpState.FAILED, at, stored(Message("linkup.not_repeated_after_crash")))
        elif link.state in (LinkUpState.HELD, LinkUpState.COUNTING):
            link.to(LinkUpState.CANCELLED, at, stored(Message("linkup.interrupted")))
        else:
            continue
        journal.save_link_up(record.id, link)
    queue = ShowQueue()
    for item in journal.queue(record.id):
        queue.restore(item)
    queue.finish(at)
    journal.save_queue(record.id, queue.items)
    journal.end_show(record.id, at)
