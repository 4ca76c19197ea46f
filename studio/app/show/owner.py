"""The show: one owner for the queue, the link-ups and their timing.

Everything that changes the show (explain, advance, move, set terms, link up, cancel, take
down, add stock, pin a comment, a platform event, a destination's state) runs on the show's
own loop thread (`LoopThread`). Other threads call the public methods, which hand the work
to the loop and wait for its answer; nobody else touches the queue or the link-ups. Views get
frozen snapshots: `queue` and `link_ups` are copies made on the loop after each change, and
the events carry copies too.

The parts with one job each:
- the clock (`timing.Clock`): injected, so link-up timing runs in simulated time in tests;
- the latency estimate (`timing.LatencyEstimate`): how early to send so receipt lands on zero;
- the state (`state.ShowState`): the link-ups, their copies for the views, the show's id and
  viewers, and their journal writes, which the host's actions and the ingest act on;
- the gate (`gate.OutputGate`): holds link-ups while viewers' destinations reconnect;
- the event ingest (`ingest`): platform events checked one by one and applied;
- the presenter (`studio.media.overlays.OverlayPresenter`): renders cards off the loop;
- the journal writer (`studio.storage.writer.JournalWriter`): every write, none waited for,
  none lost; a write that fails reaches the host at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from studio.app.runner import LoopThread
from studio.app.show.gate import Change, OutputGate
from studio.app.show.ingest import DRAIN_IDLE_S, DRAIN_MAX_S, EventIngest, Pace
from studio.app.show.loop_state import ShowState, active_in, listed_in
from studio.app.show.settings import Notice, ShowSettings
from studio.app.show.timing import Clock, LatencyEstimate, SystemClock, wall_of
from studio.core.cards import CardSpec
from studio.core.catalog import ImportIssue, Product, format_yuan
from studio.core.events import Signal
from studio.core.messages import Message, advice, error_words, reason, render, said, stored
from studio.core.rundown import (
    ItemState,
    LinkUp,
    LinkUpError,
    LinkUpState,
    QueueItem,
    QueueSnapshot,
    ShowQueue,
)
from studio.core.state import OutputState, OutputStatus, StreamStats
from studio.platform_api.base import PlatformAdapter
from studio.platform_api.comments import CommentFeed
from studio.platform_api.errors import PlatformError, PlatformUnavailable
from studio.platform_api.models import LinkUpRequest, PlatformEvent, PlatformProduct
from studio.storage.journal import Journal, OrderRecord, ShowRecord
from studio.storage.writer import JournalWriter, WriteProblem

log = logging.getLogger(__name__)
T = TypeVar("T")

SYNC_WINDOW = 500  # products synced to the platform at a time: what the show needs next
CARD_REFRESH_S = 0.25  # stock left on the card, at most 4 times a second
SETTLE_S = 2.0  # a host's action waits at most this long for the journal to have it
# Opening the show with the platform (session, products synced and checked) each call has
# its own retry budget; the whole is bounded too, so a platform that keeps half-answering
# never leaves the host at "正在连接平台…" forever
OPEN_PLATFORM_S = 90.0
UNLINKABLE_SHOWN = 8  # products named in the warning before the show; the rest are counted


class Presenter(Protocol):
    """What the show asks of the on-stream graphics (`OverlayPresenter` in the media layer)."""

    def countdown(
        self, card: CardSpec, seconds: int, zero_label: str, banner_s: float = 3.0
    ) -> Future[int]: ...  # the start it planned (monotonic ns)

    def card(self, card: CardSpec) -> None: ...

    def banner(self, text: str, at_ns: int, seconds: float = 3.0, tone: str = "live") -> None: ...

    def comment(self, user: str, text: str, seconds: float = 8.0) -> None: ...

    def clear(self) -> None: ...


def with_orders(links: list[LinkUp], orders: Sequence[OrderRecord]) -> list[LinkUp]:
    """`links` as read from the journal, with their counts from its orders: a link-up's row is
    written when its state changes, each order as it comes, so after a crash the orders know
    more than the rows (the stock left loses what was sold since its row was written)."""
    units: dict[int, int] = {}
    count: dict[int, int] = {}
    revenue: dict[int, int] = {}
    for order in orders:
        if order.link_up_id is not None:
            key = order.link_up_id
            count[key] = count.get(key, 0) + 1
            units[key] = units.get(key, 0) + order.quantity
            revenue[key] = revenue.get(key, 0) + order.amount_fen
    for link in links:
        key = link.link_up_id
        if count.get(key, 0) > link.orders:
            unseen = units.get(key, 0) - link.units
            link.orders, link.units, link.revenue_fen = count[key], units[key], revenue[key]
            if link.stock_left is not None:
                link.stock_left = max(0, link.stock_left - max(0, unseen))
    return links


def in_flight(link: LinkUp, now: float) -> bool:
    """Sent, or past its planned send time: a link-up may have reached the platform even if
    the journal still says COUNTING (the studio died between the send and the write). What a
    resume repeats or asks about, and what the window asks the host about before it."""
    due = link.send_at is not None and link.send_at <= now
    return link.state is LinkUpState.SENDING or (link.state is LinkUpState.COUNTING and due)


class Show:
    """One show from start to end. Public methods may be called from any thread but the
    show's own loop (handlers of its events run there: they must not call back and wait)."""

    def __init__(
        self,
        journal: Journal,
        platform: PlatformAdapter,
        settings: ShowSettings | None = None,
        overlay: Presenter | None = None,
        stream_clock_t0_ns: int | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.journal = journal
        self.platform = platform
        self.settings = settings or ShowSettings()
        self.overlay = overlay
        self.stream_t0_ns = stream_clock_t0_ns
        self.clock: Clock = clock or SystemClock()
        self.products: list[Product] = []
        self.import_issues: list[ImportIssue] = []
        self.latency = LatencyEstimate()
        # events for the window and the CLI (emitted on the loop thread, with copies)
        self.queue_changed: Signal[QueueSnapshot] = Signal()
        self.link_up_changed: Signal[LinkUp] = Signal()
        self.notice: Signal[Notice] = Signal()
        self.platform_event: Signal[PlatformEvent] = Signal()
        # owned by the loop
        self._queue = ShowQueue()
        self._next_link_id = 1
        self._gate = OutputGate()
        self._ingest = EventIngest(self)
        self._synced: set[str] = set()
        self._unlinkable: dict[str, object] = {}  # product key → why it cannot be linked up
        self._journaled: dict[int, tuple[object, ...]] = {}
        self._task: asyncio.Task[None] | None = None
        self._events_task: asyncio.Task[None] | None = None
        self._pace = Pace()  # the platform's own event stream's
        self._health_task: asyncio.Task[None] | None = None
        self._feeds: list[tuple[CommentFeed, asyncio.Task[None]]] = []
        self._last_card_ns = 0
        self._refresh_pending = False
        # the link-up whose card is on stream: the one the host put there last (a link-up,
        # a take-down); orders and sold-outs of other products never take the card back
        self._card_link_id: int | None = None
        self._ended = False
        self._closed = False
        # the views' copies, replaced (never changed) on the loop
        self._queue_view = QueueSnapshot()
        self._loop = LoopThread()
        self._writer = JournalWriter(journal)
        # the link-ups, the show's id and viewers: what ingest and the link-up flow act on
        self.state = ShowState(self._writer, self.link_up_changed)
        self._writer.problem.connect(self._on_journal_problem)
        self._writer.recovered.connect(self._on_journal_recovered)
        self._queue.changed.connect(self._on_queue_changed)

    # -- what views read -----------------------------------------------------------------------
    @property
    def show_id(self) -> int:
        """The journal's id of this show (0 before it starts)."""
        return self.state.show_id

    @show_id.setter
    def show_id(self, value: int) -> None:
        self.state.show_id = value

    @property
    def viewers(self) -> int:
        return self.state.viewers

    @viewers.setter
    def viewers(self, value: int) -> None:
        self.state.viewers = value

    @property
    def queue(self) -> QueueSnapshot:
        """The queue as of the last change (a frozen copy)."""
        return self._queue_view

    @property
    def link_ups(self) -> tuple[LinkUp, ...]:
        """Every link-up of this show as of the last change (copies)."""
        return self.state.links_view

    @property
    def active_link_up(self) -> LinkUp | None:
        return active_in(self.state.links_view)

    def listed_link_up(self, product_key: str) -> LinkUp | None:
        return listed_in(self.state.links_view, product_key)

    def latest(self, link: LinkUp) -> LinkUp:
        """The latest copy of `link` (found by its idempotency key)."""
        for other in reversed(self.state.links_view):
            if other.idempotency_key == link.idempotency_key:
                return other
        return link

    @property
    def journal_failing(self) -> WriteProblem | None:
        return self._writer.failing

    # -- running on the loop ----------------------------------------------------------------
    def _call(self, fn: Callable[..., T], *args: Any, timeout_s: float = 30.0) -> T:
        """Run `fn(*args)` on the loop and return its result (or raise its exception)."""
        if self._loop.in_loop:
            return fn(*args)

        async def on_loop() -> T:
            return fn(*args)

        return self._loop.run(on_loop(), timeout_s)

    def _settled(self, value: T) -> T:
        """What a host's action returns once the journal has it (or is known to be failing:
        the host was told then). Waits on the caller's thread, never on the loop."""
        if not self._loop.in_loop:
            self._writer.flush(SETTLE_S)
        return value

    # -- lifecycle -----------------------------------------------------------------------------
    def start(
        self,
        products: Sequence[Product],
        issues: Sequence[ImportIssue] = (),
        catalog_path: str = "",
    ) -> int:
        """Open the platform session first (a platform that refuses leaves no show behind to
        resume), then journal the show and put every product in the queue."""
        self.products = list(products)
        self.import_issues = list(issues)
        self._call(self._queue.add_many, self.products)
        self._loop.run(self._open_platform_within(resume_session=""), timeout_s=None)
        settings = dict(self.settings.__dict__.items())
        show_id = self.journal.start_show(
            self.settings.title, self.clock.wall(), self.platform.name, settings, catalog_path
        )
        self._call(self._begin_journal, show_id)
        self.state.write(
            "catalog", lambda j: j.save_catalog(show_id, self.products, self.import_issues)
        )
        self.state.write(
            "platform session", lambda j: j.set_platform_session(show_id, self._session_id)
        )
        self._call(self._journal_queue, True)
        self._call(self._follow)
        return show_id

    def _begin_journal(self, show_id: int) -> None:
        self.show_id = show_id

    @property
    def _session_id(self) -> str:
        return self.platform.session_id

    def resume(self, record: ShowRecord, repeat: Callable[[LinkUp], bool] | None = None) -> None:
        """Carry on a show the studio was killed during: queue, current product and counts.

        A link-up that was in flight is sent again where the platform takes a repeat as one
        (`repeat_safe`); elsewhere `repeat(link)` decides (the window asks the host, on the
        calling thread, before the loop goes on); without it (headless) it is left, and
        said, since the platform may have listed it already."""
        self.show_id = record.id
        self.viewers = record.viewers
        self.products = self.journal.products(record.id)
        self.import_issues = self.journal.import_issues(record.id)
        items = self.journal.queue(record.id)
        links = with_orders(self.journal.link_ups(record.id), self.journal.orders(record.id))
        again = {ln.link_up_id for ln in links if self._in_flight(ln, self.clock.wall())}
        if again and not self.platform.repeat_safe:
            again = {
                ln.link_up_id
                for ln in links
                if ln.link_up_id in again and repeat and repeat(ln.snapshot())
            }
        self._call(self._restore, items, links)
        self._loop.run(self._open_platform_within(record.platform_session), timeout_s=None)
        self.state.write(
            "platform session", lambda j: j.set_platform_session(record.id, self._session_id)
        )
        self._call(self._follow)
        self._loop.run(self._resume_link_ups(again, asked=repeat is not None))
        self._say("info", "show.resumed", title=record.title)

    @staticmethod
    def _in_flight(link: LinkUp, now: float) -> bool:
        return in_flight(link, now)

    def _restore(self, items: list[QueueItem], links: list[LinkUp]) -> None:
        for item in items:
            self._queue.restore(item)
            self._journaled[item.item_id] = _row(len(self._journaled), item)
        self.state.links = links
        self._next_link_id = max((ln.link_up_id for ln in links), default=0) + 1
        # the card was the last link-up's (the newest the host put there)
        self._card_link_id = max((ln.link_up_id for ln in links), default=None)
        self._queue_view = self._queue.snapshot()
        self.state.publish_links()

    async def _resume_link_ups(self, again: set[int], asked: bool = False) -> None:
        """In-flight link-ups in `again` are sent again (same idempotency key); the others
        are marked, journaled and said: the platform may or may not have listed them.
        `asked`: the host decided for a platform that cannot take a repeat as one."""
        decided = asked and not self.platform.repeat_safe
        now = self.clock.wall()
        for link in self.state.links:
            if link.link_up_id in again and link.state in (
                LinkUpState.SENDING,
                LinkUpState.COUNTING,
            ):
                if link.state is LinkUpState.COUNTING:
                    link.to(LinkUpState.SENDING)
                link.after_crash = "repeated"
                link.error = stored(Message("linkup.repeated_after_crash_note"))
                code = "linkup.repeated_as_asked" if decided else "linkup.repeated_after_crash"
                self._say("info", code, name=link.product_name)
                self._task = asyncio.get_running_loop().create_task(self._send(link, True))
            elif self._in_flight(link, now):
                if link.state is LinkUpState.COUNTING:
                    link.to(LinkUpState.SENDING)
                link.after_crash = "not_repeated"
                why = Message("linkup.not_repeated_after_crash")
                link.to(LinkUpState.FAILED, now, stored(why))
                self.state.save_link(link)
                code = "linkup.not_repeated_as_asked" if decided else "linkup.not_repeated_said"
                self._say("warning", code, name=link.product_name)
            elif link.state in (LinkUpState.HELD, LinkUpState.COUNTING):
                link.to(LinkUpState.CANCELLED, now, stored(Message("linkup.interrupted")))
                self.state.save_link(link)
        self.state.publish_links()  # views see what became of each at once (marked, resent)

    async def _open_platform_within(self, resume_session: str) -> None:
        """`_open_platform`, cancelled after OPEN_PLATFORM_S and said as the platform's."""
        try:
            await asyncio.wait_for(self._open_platform(resume_session), OPEN_PLATFORM_S)
        except TimeoutError:
            words = Message("platform.open_slow", {"s": round(OPEN_PLATFORM_S)})
            raise PlatformUnavailable(words) from None

    async def _open_platform(self, resume_session: str) -> None:
        await self.platform.open()
        resumed = False
        if resume_session:
            try:
                await self.platform.resume_session(resume_session)
                resumed = True
            except PlatformError as exc:
                log.info("platform session not resumable (%s); starting anew", exc)
        if not resumed:
            await self.platform.start_session(self.settings.title)
        await self._sync_from(0)
        await self._check_products()
        for _ in range(3):  # warm the connection and learn the round trip
            rtt = await self.platform.round_trip_s()
            if rtt is not None:
                self.latency.observe_rtt(rtt)

    def _follow(self) -> None:
        """Take the platform's events from now on: only once the show is in the journal, so
        the first orders and comments (a platform that sends at once) are journaled with it
        and counted in its report."""
        self._events_task = asyncio.get_running_loop().create_task(self._follow_events())

    async def _sync_from(self, index: int) -> None:
        """Sync the products the show needs next (from the queue's `index`, and every product
        already listed): a sheet of thousands is never sent whole."""
        items = self._queue.items
        wanted = [i.product for i in items[index : index + SYNC_WINDOW]]
        keys = {p.key for p in wanted}
        listed = {ln.product_key for ln in self.state.links if ln.state is LinkUpState.LISTED}
        wanted += [i.product for i in items if i.product.key in listed - keys]
        await self.platform.sync_products([platform_product(p) for p in wanted])
        self._synced = {p.key for p in wanted}

    async def _check_products(self) -> None:
        """Ask the platform which products it could not link up (WeChat: no goods id, or not
        in the room), and tell the host now; those link-ups are refused before a countdown."""
        wanted = [platform_product(i.product) for i in self._queue.items]
        try:
            problems = await self.platform.check_products(wanted)
        except PlatformError as exc:
            self._say("warning", "show.check_failed", reason=said(exc))
            return
        self._unlinkable = {p.product_id: p.why for p in problems}
        if problems:
            self._say("warning", "show.unlinkable", count=len(problems))
            for p in problems[:UNLINKABLE_SHOWN]:
                self._say("warning", "show.unlinkable_one", name=p.name, why=p.why)
            if len(problems) > UNLINKABLE_SHOWN:
                self._say("warning", "show.and_more", count=len(problems) - UNLINKABLE_SHOWN)

    def end(self) -> None:
        """End the show: stop the talk timer, end the platform session, close the journal's show."""
        if self._ended:
            return
        self._ended = True
        try:
            self._loop.run(self._end_platform(), timeout_s=20)
        except Exception:  # the show ends in the journal whatever the platform says
            log.exception("ending the platform session failed")
        now = self.clock.wall()
        self._call(self._queue.finish, now)
        show_id = self.show_id
        self.state.write("end of show", lambda j: j.end_show(show_id, now))
        self.close()

    async def _end_platform(self) -> None:
        if self._task is not None and not self._task.done():
            link = active_in(self.state.links)
            if link is not None and link.state in (LinkUpState.HELD, LinkUpState.COUNTING):
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
                link.to(
                    LinkUpState.CANCELLED, self.clock.wall(), stored(Message("linkup.show_ended"))
                )
                self.state.save_link(link)
            else:  # a send under way: let it land (within its retry budget), then end
                with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                    await asyncio.wait_for(asyncio.shield(self._task), 10)
        if self._health_task is not None:
            self._health_task.cancel()
        for feed, task in self._feeds:
            await feed.close()
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(task, 5)  # a feed ends its platform session itself
        self._feeds = []
        try:
            await self.platform.end_session()
        except PlatformError as exc:
            self._say("warning", "platform.end_failed", reason=said(exc))
        if self._events_task is not None:
            await self._drain_events(self._events_task)
        self._ingest.say_counted()

    async def _drain_events(self, task: asyncio.Task[None]) -> None:
        """What the platform sent before it ended is taken (its stream ends after the
        session does) while it keeps coming; then the follow is cancelled, and a stream cut
        short is said: the report may miss what was left in it."""
        self._pace.bounded = False
        deadline = time.monotonic() + DRAIN_MAX_S
        cut = False
        while not task.done():
            before = self._ingest.applied
            left = deadline - time.monotonic()
            if left <= 0:
                cut = True
                break
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError, PlatformError):
                await asyncio.wait_for(asyncio.shield(task), min(DRAIN_IDLE_S, left))
            if self._ingest.applied == before:
                break  # nothing new: what is left is the stream's keep-alives
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, PlatformError):
                await task
        if cut:
            self._say("warning", "platform.events_cut", seconds=f"{DRAIN_MAX_S:.0f}")

    def close(self) -> int:
        """Stop the loop and the journal writer (the show stays resumable if not ended);
        returns how many journal writes could not be made."""
        if self._closed:
            return 0
        self._closed = True
        with contextlib.suppress(Exception):
            self._loop.run(self.platform.close(), timeout_s=5)
        self._loop.stop()
        lost = self._writer.close(timeout_s=10)
        if lost:
            problem = self._writer.failing
            why = reason(problem.reason) if problem else reason("other")
            self.notice.emit(
                Notice("error", Message("journal.not_saved_at_end", {"count": lost, "reason": why}))
            )
        return lost

    def report_journal(self) -> Journal:
        """After `close`: the journal to build the report from, with every write the disk
        refused at the end applied to a copy in memory (the report counts all the show did)."""
        return self._writer.with_unwritten()

    def flush(self, timeout_s: float = 30.0) -> bool:
        """Wait until the journal has everything so far (False while it cannot write)."""
        return self._writer.flush(timeout_s)

    # -- the queue -----------------------------------------------------------------------------
    def _on_queue_changed(self, queue: ShowQueue) -> None:
        before = self._queue_view.current
        self._queue_view = queue.snapshot()
        self._journal_queue()
        current = self._queue_view.current
        if current is not None and (before is None or before.item_id != current.item_id):
            self._journal_explain(current)
        self.queue_changed.emit(self._queue_view)

    def _journal_explain(self, item: QueueItem) -> None:
        """When a product's 讲解 starts, on the stream's own clock too: where its clip starts
        in the recording."""
        if not self.show_id:
            return
        now = self.clock.wall()
        detail: dict[str, Any] = {
            "item_id": item.item_id,
            "product_key": item.product.key,
            "name": item.product.name,
        }
        if self.stream_t0_ns is not None:
            detail["stream_s"] = round((self.clock.mono_ns() - self.stream_t0_ns) / 1e9, 3)
        show_id = self.show_id
        self.state.write(
            "stream event", lambda j: j.add_stream_event(show_id, now, "explain", detail)
        )

    def _journal_queue(self, whole: bool = False) -> None:
        """Write the items whose row changed (state, terms, position): a change costs what it
        touched. Compares with what was last written; O(n) in Python, one write of the diff."""
        if not self.show_id:
            return
        show_id = self.show_id
        if whole:
            items = list(self._queue.items)
            self._journaled = {it.item_id: _row(pos, it) for pos, it in enumerate(items)}
            copies = [replace(it) for it in items]
            self.state.write("queue", lambda j: j.save_queue(show_id, copies))
            return
        changed: list[tuple[int, QueueItem]] = []
        seen = set()
        for pos, item in enumerate(self._queue.items):
            seen.add(item.item_id)
            row = _row(pos, item)
            if self._journaled.get(item.item_id) != row:
                self._journaled[item.item_id] = row
                changed.append((pos, replace(item)))
        gone = [i for i in self._journaled if i not in seen]
        for item_id in gone:
            del self._journaled[item_id]
        if changed:
            self.state.write("queue items", lambda j: j.save_queue_items(show_id, changed))
        if gone:

            def remove(j: Journal) -> None:
                for i in gone:
                    j.remove_queue_item(show_id, i)

            self.state.write("queue items removed", remove)

    def explain(self, item_id: int) -> QueueItem:
        def explain() -> QueueItem:
            return self._queue.explain(item_id, self.clock.wall())

        return self._settled(replace(self._call(explain)))

    def advance(self) -> QueueItem:
        def advance() -> QueueItem:
            return self._queue.advance(self.clock.wall())

        return self._settled(replace(self._call(advance)))

    def move(self, item_id: int, index: int) -> None:
        self._settled(self._call(self._queue.move, item_id, index))

    def reorder(self, item_ids: list[int]) -> None:
        self._settled(self._call(self._queue.reorder, item_ids))

    def skip(self, item_id: int) -> None:
        self._settled(self._call(lambda: self._queue.skip(item_id, self.clock.wall())))

    def set_terms(
        self,
        item_id: int,
        live_price_fen: int | None = None,
        release_stock: int | None = None,
        limit_per_buyer: int | None = None,
    ) -> QueueItem:
        item = self._call(
            self._queue.set_terms, item_id, live_price_fen, release_stock, limit_per_buyer
        )
        return self._settled(replace(item))

    # -- link-ups ------------------------------------------------------------------------------
    def link_up(self, item_id: int | None = None, countdown_s: int | None = None) -> LinkUp:
        """Start "3, 2, 1, 上链接!" for the product being explained (or `item_id`)."""
        return self._settled(self._loop.run(self._start_link_up(item_id, countdown_s)))

    async def _start_link_up(self, item_id: int | None, countdown_s: int | None) -> LinkUp:
        if active_in(self.state.links) is not None:
            raise LinkUpError(Message("linkup.busy"))
        item = self._queue.item(item_id) if item_id is not None else self._queue.current
        if item is None:
            raise LinkUpError(Message("linkup.nothing_explained"))
        seconds = self.settings.countdown_s if countdown_s is None else countdown_s
        if not 0 <= seconds <= 10:
            raise LinkUpError(Message("linkup.bad_countdown"))
        unlinkable = self._unlinkable.get(item.product.key)
        if unlinkable is not None:
            raise LinkUpError(
                Message("linkup.unlinkable", {"name": item.product.name, "why": unlinkable})
            )
        if item.release_stock == 0:  # buyers would see "剩余 0 件 · 抢购中" and buy nothing
            raise LinkUpError(Message("linkup.no_stock", {"name": item.product.name}))
        if item.product.key not in self._synced:
            try:
                await self._sync_from(self._queue.items.index(item))
            except PlatformError as exc:
                raise LinkUpError(Message("linkup.not_synced", {"reason": said(exc)})) from None
        if item.state is not ItemState.EXPLAINING:
            self._queue.explain(item.item_id, self.clock.wall())
        link = LinkUp(
            item_id=item.item_id,
            product_key=item.product.key,
            product_name=item.product.name,
            live_price_fen=item.live_price_fen,
            stock=item.release_stock,
            limit_per_buyer=item.limit_per_buyer,
            countdown_s=float(seconds),
            requested_at=self.clock.wall(),
            assisted=self.platform.assisted,
            link_up_id=self._next_link_id,
        )
        self._next_link_id += 1
        held = self.settings.hold_when_reconnecting and not self._gate.is_all_live(
            self.clock.mono_ns()
        )
        if held:
            link.state = LinkUpState.HELD
        self.state.links.append(link)
        self.state.save_link(link)
        self._task = asyncio.get_running_loop().create_task(self._run(link, item))
        self._task.add_done_callback(self._task_done)
        if held:  # a destination that never went live yet is connecting, not reconnecting
            reconnecting = self._gate.reconnecting()
            self._say("warning", "linkup.held" if reconnecting else "linkup.held_connecting")
        return link.snapshot()

    def _task_done(self, task: asyncio.Task[None]) -> None:
        """No failure of a link-up goes unheard, even one nobody foresaw."""
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("link-up task failed", exc_info=exc)
            link = active_in(self.state.links)
            if link is not None and link.can_become(LinkUpState.FAILED):
                link.to(LinkUpState.FAILED, self.clock.wall(), stored(error_words(exc)))
                self.state.save_link(link)
            self.notice.emit(
                Notice(
                    "error",
                    Message(
                        "linkup.failed",
                        {"name": link.product_name if link else "", "reason": said(exc)},
                    ),
                )
            )

    async def _wait_for_stream(self, link: LinkUp) -> None:
        """HELD until every destination viewers watch is live (or the hold runs out)."""
        deadline = self.clock.mono_ns() + int(self.settings.max_hold_s * 1e9)
        while not self._gate.is_all_live(self.clock.mono_ns()):
            left_s = (deadline - self.clock.mono_ns()) / 1e9
            if left_s <= 0:
                self._say("warning", "linkup.gave_up_waiting", name=link.product_name)
                break
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._gate.all_live.wait(), min(1.0, left_s))
        link.to(LinkUpState.COUNTING)

    async def _run(self, link: LinkUp, item: QueueItem) -> None:
        labels = self.settings.labels()
        if link.state is LinkUpState.HELD:
            await self._wait_for_stream(link)
        seconds = int(link.countdown_s)
        if self.overlay is not None:
            self._card_link_id = link.link_up_id
            planned = self.overlay.countdown(
                self._card(item, link, labels["soon"], "notice"),
                seconds,
                labels["zero"],
                self.settings.banner_s,
            )
            start_ns: int = await asyncio.wrap_future(planned)  # rendered off the loop
        else:
            start_ns = self.clock.mono_ns()
        zero_ns = start_ns + seconds * 1_000_000_000
        link.countdown_at = wall_of(self.clock, start_ns)
        link.zero_at = wall_of(self.clock, zero_ns)
        if self.stream_t0_ns is not None:
            link.zero_stream_s = (zero_ns - self.stream_t0_ns) / 1e9
        link.lead_s = self.latency.lead_s
        target_ns = zero_ns - int(link.lead_s * 1e9)
        if self.settings.sync_to_viewers:
            target_ns += int(self.settings.viewer_delay_s * 1e9)
        link.send_at = wall_of(self.clock, target_ns)
        self.state.save_link(link)
        await self.clock.sleep_until(target_ns)
        link.viewers_at_zero = self.viewers
        link.to(LinkUpState.SENDING)
        link.attempts = 1
        self.state.save_link(link)  # journaled before the call goes out: see _resume_link_ups
        await self._send(link)

    async def _send(self, link: LinkUp, again: bool = False) -> None:
        """The call to the platform; `again`: once more after a crash (its attempts add up)."""
        labels = self.settings.labels()
        link.sent_at = self.clock.wall()
        request = LinkUpRequest(
            link.product_key, link.live_price_fen, link.stock, link.limit_per_buyer, link.zero_at
        )

        made = max(link.attempts, 1) if again else 0  # attempts before the crash

        def retrying(attempt: int, why: object) -> None:
            link.attempts = made + attempt + 1  # `attempt` failed; the next one goes out
            self._say("warning", "linkup.retrying", attempt=attempt, reason=why)

        link.attempts = made + 1
        if link.assisted:
            hint = getattr(self.platform, "hint", None)
            self.notice.emit(Notice("action", hint or Message("assisted.other")))
        try:
            listing = await self.platform.link_up(request, link.idempotency_key, retrying)
        except PlatformError as exc:
            self.show_card(link, labels["failed"], "notice", banner=labels["failed"])
            link.to(LinkUpState.FAILED, self.clock.wall(), stored(said(exc)))
            self.state.save_link(link)
            self._say("error", "linkup.failed", name=link.product_name, reason=said(exc))
            return
        if listing.status == "assisted" and not link.assisted:
            # the platform could not make it (a console that did not confirm in time, a page
            # that logged out): the host clicks now, told at once, and the report says so
            link.assisted = True
            note = listing.note
            self.notice.emit(
                Notice("action", note if isinstance(note, Message) else Message("assisted.other"))
            )
        elif isinstance(listing.note, Message):
            self.notice.emit(Notice("info", listing.note))
        link.acked_at = self.clock.wall()
        link.platform_received_at = listing.received_at
        link.platform_link_id = listing.link_up_id
        link.stock_left = listing.stock if listing.stock is not None else link.stock
        if listing.received_at is not None and not listing.replayed:
            self.latency.observe_receipt(link.sent_at, listing.received_at, link.acked_at)
        sold_out = listing.status == "sold_out"
        self.show_card(link, labels["sold_out"] if sold_out else labels["live"], "live")
        link.to(LinkUpState.SOLD_OUT if sold_out else LinkUpState.LISTED, link.acked_at)
        self.state.save_link(link)

    def cancel_link_up(self) -> LinkUp:
        return self._settled(self._loop.run(self._cancel()))

    async def _cancel(self) -> LinkUp:
        link = active_in(self.state.links)
        if link is None:
            raise LinkUpError(Message("linkup.none_running"))
        if link.state is LinkUpState.SENDING:
            raise LinkUpError(Message("linkup.too_late_to_cancel"))
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task  # it sleeps (HELD or counting): cancelled before any send
        link.to(LinkUpState.CANCELLED, self.clock.wall())
        self.state.save_link(link)
        if self.overlay is not None and self._card_link_id == link.link_up_id:
            self.overlay.clear()
            self._card_link_id = None
        return link.snapshot()

    def take_down(self, product_key: str | None = None) -> LinkUp:
        return self._settled(self._loop.run(self._take_down(product_key)))

    async def _take_down(self, product_key: str | None) -> LinkUp:
        link = self._listed(product_key)
        try:
            await self.platform.take_down(link.product_key)
        except PlatformError as exc:
            raise LinkUpError(Message("linkup.take_down_failed", {"reason": said(exc)})) from None
        if link.state is not LinkUpState.TAKEN_DOWN:  # the platform's event may come first
            link.to(LinkUpState.TAKEN_DOWN, self.clock.wall())
        self.state.save_link(link)
        if self.owns_card(link):  # taking down an older product leaves the new one's card
            self.show_card(link, self.settings.labels()["taken_down"], "notice")
        return link.snapshot()

    def add_stock(self, quantity: int, product_key: str | None = None) -> LinkUp:
        """补库存: `quantity` more for buyers of the listed product."""
        return self._settled(self._loop.run(self._add_stock(quantity, product_key)))

    async def _add_stock(self, quantity: int, product_key: str | None) -> LinkUp:
        if not 0 < quantity <= 100_000_000:
            raise LinkUpError(Message("linkup.bad_restock"))
        link = self._listed(product_key)
        try:
            listing = await self.platform.set_stock(
                link.product_key, (link.stock_left or 0) + quantity
            )
        except PlatformError as exc:
            raise LinkUpError(Message("linkup.restock_failed", {"reason": said(exc)})) from None
        link.stock_left = listing.stock
        if link.state is LinkUpState.SOLD_OUT and (listing.stock or 0) > 0:
            link.to(LinkUpState.LISTED)
        self.state.save_link(link)
        if self.owns_card(link):
            self.show_card(link, self.settings.labels()["live"], "live")
        return link.snapshot()

    def _listed(self, product_key: str | None) -> LinkUp:
        if product_key is None:
            current = self._queue.current
            product_key = current.product.key if current is not None else None
        link = listed_in(self.state.links, product_key) if product_key is not None else None
        if link is None or link.state is LinkUpState.SENDING:
            raise LinkUpError(Message("linkup.not_listed"))
        return link

    # -- platform events -----------------------------------------------------------------------
    async def _follow_events(self) -> None:
        pace = self._pace
        try:
            async for event in self.platform.events():
                self._ingest.apply(event)
                await pace.step()
        except PlatformError as exc:
            self._say("error", "platform.events_stopped", reason=said(exc))

    def follow_comments(self, feed: CommentFeed) -> None:
        """Comments of another platform (Bilibili, YouTube) into this show's feed, as its own
        events are: journaled, on the comment list, pinnable on stream. The feed reconnects
        by itself; its problems reach the host as notices."""

        async def follow() -> None:
            pace = Pace()
            try:
                async for event in feed.events():
                    self._ingest.apply(event)
                    await pace.step()
            except Exception as exc:  # one feed's failure never stops the show
                log.exception("comment feed %s failed", feed.name)
                name = Message(f"feed.{feed.name}")
                self._say("warning", "comments.stopped", feed=name, reason=said(exc))

        def begin() -> None:
            self._feeds.append((feed, asyncio.get_running_loop().create_task(follow())))

        self._loop.call_soon(begin)

    # -- the stream ----------------------------------------------------------------------------
    def watch_outputs(
        self,
        subscribe: Callable[[Callable[[OutputStatus], object]], object],
        rtmp_outputs: Sequence[str],
        state_of: Callable[[str], OutputState] | None = None,
    ) -> None:
        """Follow the live destinations (not the recording): hold and re-announce link-ups.

        A destination may have gone live before the show subscribed (the session starts
        first): `state_of` gives where each stands now, read on the loop after subscribing,
        so a change before the read is in it and one after it is an event that follows."""
        names = list(rtmp_outputs)
        self._call(self._gate.watch, names, self.clock.mono_ns())
        subscribe(lambda status: self._loop.call_soon(self._on_output_status, status))
        if state_of is not None:

            def seen() -> None:
                for name in names:
                    self._gate.seen(name, state_of(name), self.clock.mono_ns())

            self._call(seen)

    def _on_output_status(self, status: OutputStatus) -> None:
        change = self._gate.update(status, self.clock.mono_ns())
        now = self.clock.wall()
        if status.state.name in ("RECONNECTING", "FAILED"):
            detail = {
                "output": status.output,
                "attempt": status.attempt,
                "reason": render(status.reason),  # the journal keeps words, not objects
            }
            kind = status.state.name.lower()
            self.state.write(
                "stream event", lambda j: j.add_stream_event(self.show_id, now, kind, detail)
            )
        if change is Change.LOST:
            banner_s = self.settings.banner_s + self.settings.viewer_delay_s
            for link in self.state.links:
                recent = link.zero_at is not None and now - link.zero_at < banner_s
                if link.state in (LinkUpState.COUNTING, LinkUpState.SENDING) or (
                    recent and link.state is LinkUpState.LISTED
                ):
                    self._gate.missed.add(link.link_up_id)
        elif change is Change.BACK:
            detail = {"output": status.output}
            self.state.write(
                "stream event", lambda j: j.add_stream_event(self.show_id, now, "live", detail)
            )
            self._reannounce()

    def _reannounce(self) -> None:
        """Viewers of a destination that was reconnecting missed "上链接!": say it again."""
        for link in self.state.links:
            if link.link_up_id in self._gate.missed and link.state is LinkUpState.LISTED:
                self._gate.missed.discard(link.link_up_id)
                link.reannounced += 1
                self.state.save_link(link)
                if self.overlay is not None:
                    self.overlay.banner(
                        self.settings.labels()["relisted"],
                        self.clock.mono_ns() + 100_000_000,
                        self.settings.banner_s,
                    )
                self._say("info", "linkup.reannounced", name=link.product_name)

    def set_viewer_delay(self, seconds: float) -> None:
        """How late viewers see the picture, measured (`studio.app.latency`): the next
        link-ups synced to viewers fire that much after zero."""
        if not 0 <= seconds <= 60:
            raise LinkUpError(Message("linkup.bad_viewer_delay"))

        def update() -> None:
            self.settings.viewer_delay_s = round(seconds, 2)

        self._call(update)

    def pin_comment(self, user: str, text: str, seconds: float = 8.0) -> None:
        """Show a viewer's comment on stream for a while (the host picked it from the feed)."""
        if self.overlay is None:
            raise LinkUpError(Message("linkup.no_picture"))
        user, text = user[:40], text[:120]
        overlay = self.overlay

        def pin() -> None:
            overlay.comment(user, text, seconds)
            now = self.clock.wall()
            detail = {"user": user, "text": text}
            self.state.write(
                "comment shown",
                lambda j: j.add_stream_event(self.show_id, now, "comment_shown", detail),
            )

        self._call(pin)

    def sample_health(self, source: Callable[[], StreamStats], every_s: float) -> None:
        """Sample the stream's health for the report's timeline every `every_s`, on the
        show's own loop (the stats are gathered on a worker: the loop keeps time)."""

        async def sample() -> None:
            while True:
                await asyncio.sleep(every_s)
                try:
                    stats = await asyncio.to_thread(source)
                except Exception:  # a sample missed is a gap in a chart, not a stopped show
                    log.exception("sampling the stream's health failed")
                    continue
                self.record_stream_stats(health_sample(stats))

        def begin() -> None:
            task = asyncio.get_running_loop().create_task(sample())
            self._health_task = task

        self._loop.call_soon(begin)

    def record_stream_stats(self, stats: dict[str, Any]) -> None:
        """A sample of the stream's health for the report's timeline (any thread)."""
        if self.show_id and not self._ended:
            now = self.clock.wall()
            show_id = self.show_id
            self._writer.write(
                "stats",
                lambda j: j.add_stream_event(show_id, now, "stats", stats),
                droppable=True,
            )

    # -- the journal's health ------------------------------------------------------------------
    def _on_journal_problem(self, problem: WriteProblem) -> None:
        self.notice.emit(
            Notice(
                "error",
                Message(
                    "journal.write_failed",
                    {"reason": reason(problem.reason), "advice": advice(problem.reason)},
                ),
            )
        )

    def _on_journal_recovered(self, count: int) -> None:
        self.notice.emit(Notice("info", Message("journal.recovered", {"count": count})))

    # -- helpers -------------------------------------------------------------------------------
    def _say(self, level: str, code: str, **params: Any) -> None:
        self.notice.emit(Notice(level, Message(code, params)))

    def _card(self, item: QueueItem, link: LinkUp, badge: str, tone: str) -> CardSpec:
        labels = self.settings.labels()
        left = link.stock_left if link.stock_left is not None else link.stock
        price = item.product.price_fen
        return CardSpec(
            name=item.product.name,
            live_price=format_yuan(link.live_price_fen),
            price=format_yuan(price) if price > link.live_price_fen else "",
            stock_text=labels["unlimited"] if left is None else labels["stock"].format(n=left),
            badge=badge,
            tone=tone,
            picture_key=item.product.key,
            spec=item.product.spec,
        )

    def show_card(self, link: LinkUp, badge: str, tone: str, banner: str | None = None) -> None:
        """Put `link`'s card on stream (on the loop): it owns the card from now on."""
        if self.overlay is None:
            return
        item = next((i for i in self._queue.items if i.item_id == link.item_id), None)
        if item is None:  # removed from the queue meanwhile
            return
        self.overlay.card(self._card(item, link, badge, tone))
        self._card_link_id = link.link_up_id
        if banner is not None:
            self.overlay.banner(banner, self.clock.mono_ns(), self.settings.banner_s, "notice")
        self._last_card_ns = self.clock.mono_ns()

    def owns_card(self, link: LinkUp) -> bool:
        """Whether `link`'s card is the one on stream (or none is): only then may an order,
        a sold-out or a restock of it repaint the card (on the loop)."""
        return self._card_link_id is None or self._card_link_id == link.link_up_id

    def refresh_card(self, link: LinkUp) -> None:
        """Stock left on the card, at most 4 times a second (on the loop). Only the card's
        own product: an order for an older product still selling updates its counts, never
        the card viewers see (the host put the newer product there)."""
        if self._refresh_pending or self.overlay is None or not self.owns_card(link):
            return
        wait_s = CARD_REFRESH_S - (self.clock.mono_ns() - self._last_card_ns) / 1e9

        def refresh() -> None:
            self._refresh_pending = False
            # the card's link-up when it fires: the host may have put another there meanwhile
            card = next(
                (ln for ln in self.state.links if ln.link_up_id == self._card_link_id), link
            )
            if card.state is LinkUpState.LISTED and self.owns_card(card):
                self.show_card(card, self.settings.labels()["live"], "live")

        if wait_s <= 0:
            refresh()
        else:  # the last order of a burst still reaches the card
            self._refresh_pending = True
            asyncio.get_running_loop().call_later(wait_s, refresh)


def health_sample(stats: StreamStats) -> dict[str, Any]:
    """What the report's timeline keeps of the stream's stats (the journal's JSON names)."""
    return {
        "late_frames": stats.late_frames,
        "lagged_ticks": stats.lagged_ticks,
        "dropped_video_frames": stats.dropped_video_frames,
        "reconnects": stats.reconnects,  # successful ones; the attempts are the events
        "frames_missed": stats.frames_missed,
        "frames_expected": stats.frames_expected,
    }


def _row(pos: int, item: QueueItem) -> tuple[object, ...]:
    return (
        pos,
        item.live_price_fen,
        item.release_stock,
        item.limit_per_buyer,
        item.state,
        item.talk_s,
        item.talk_started_at,
    )


def platform_product(p: Product) -> PlatformProduct:
    return PlatformProduct(
        p.key,
        p.name,
        p.price_fen,
        p.live_price_fen,
        p.stock,
        p.limit_per_buyer,
        p.image,
        p.goods_id,
    )
