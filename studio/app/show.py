"""The show use case: the queue, "3, 2, 1, 上链接!", the platform, the journal and the overlays.

Qt-free; the CLI's headless show and the window drive the same `Show`. Timers and platform
calls run on one asyncio loop thread (`LoopThread`); journal writes go to one database worker
so an order burst never delays a countdown; overlays are planned as timed compositor layers,
so the stream's "上链接!" frame is the frame of zero.

Time: the link-up timeline is in Unix seconds (`time.time()`), the one clock the platform's
receipt is stamped with too; timers run on `time.monotonic_ns()`, converted at the moment of
planning.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from studio.app.runner import LoopThread
from studio.core.catalog import ImportIssue, Product, format_yuan
from studio.core.events import Signal
from studio.core.show import ItemState, LinkUp, LinkUpError, LinkUpState, QueueItem, ShowQueue
from studio.core.state import OutputState, OutputStatus
from studio.media.overlays import ORANGE, CardInfo, ShowOverlay
from studio.media.sources.image import read_image
from studio.platform_api.base import PlatformAdapter
from studio.platform_api.errors import PlatformError
from studio.platform_api.models import LinkUpRequest, PlatformEvent, PlatformProduct
from studio.storage.journal import Journal, OrderRecord, ShowRecord

log = logging.getLogger(__name__)
__all__ = ["LatencyEstimate", "Notice", "PlatformEvent", "Show", "ShowSettings"]  # for the window

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "zero": "上链接!",
        "soon": "即将开抢",
        "live": "抢购中",
        "sold_out": "已售罄",
        "failed": "链接稍后上架",
        "taken_down": "已下架",
        "relisted": "链接已上架",
        "stock": "剩余 {n} 件",
        "unlimited": "库存充足",
        "limit": "每人限购 {n} 件",
    },
    "en": {
        "zero": "Link is live!",
        "soon": "Coming up",
        "live": "Buy now",
        "sold_out": "Sold out",
        "failed": "Link coming shortly",
        "taken_down": "Ended",
        "relisted": "The link is up",
        "stock": "{n} left",
        "unlimited": "In stock",
        "limit": "Limit {n} per buyer",
    },
}
SPIN_S = 0.002  # the last 2 ms before a send are spun, not slept: asyncio wakes ~1 ms late


@dataclass
class ShowSettings:
    """How the host runs link-ups (the window's settings page, the CLI's flags)."""

    title: str = "直播"
    countdown_s: int = 3
    sync_to_viewers: bool = False
    viewer_delay_s: float = 3.0  # what viewers lag behind the studio (CDN): 2-5 s
    hold_when_reconnecting: bool = True
    banner_s: float = 3.0
    language: str = "zh"

    def labels(self) -> dict[str, str]:
        return LABELS.get(self.language, LABELS["zh"])


@dataclass(frozen=True)
class Notice:
    """Something the host must see now ("link-up failed: …", "click 上架 now")."""

    level: str  # info | warning | error | action
    text: str
    at: float = field(default_factory=time.time)


def wall_of(monotonic_ns: int) -> float:
    """A monotonic instant as Unix seconds, converted now (one clock for the timeline)."""
    return time.time() - (time.monotonic_ns() - monotonic_ns) / 1e9


async def sleep_until(target_ns: int) -> None:
    """Sleep to a monotonic instant; the last `SPIN_S` is spun for a sub-millisecond wake-up."""
    while True:
        remaining = (target_ns - time.monotonic_ns()) / 1e9
        if remaining <= SPIN_S:
            break
        await asyncio.sleep(remaining - SPIN_S)
    while time.monotonic_ns() < target_ns:
        pass


class LatencyEstimate:
    """How long a link-up takes from our send to the platform's receipt.

    With a platform on the same clock (loopback, or NTP-synced and close) the receipts give
    it directly; otherwise half the round trip. Used to send early, so receipt lands on zero.
    """

    def __init__(self) -> None:
        self.one_way_s: float | None = None
        self.rtt_s: float | None = None

    def observe_rtt(self, rtt_s: float) -> None:
        self.rtt_s = rtt_s if self.rtt_s is None else 0.7 * self.rtt_s + 0.3 * rtt_s

    def observe_receipt(self, sent_at: float, received_at: float, acked_at: float) -> None:
        one_way = received_at - sent_at
        if 0.0 <= one_way <= max(0.0, acked_at - sent_at):  # consistent only on one clock
            self.one_way_s = (
                one_way if self.one_way_s is None else 0.7 * self.one_way_s + 0.3 * one_way
            )

    @property
    def lead_s(self) -> float:
        if self.one_way_s is not None:
            return self.one_way_s
        return (self.rtt_s or 0.0) / 2


class Show:
    """One show from start to end. Public methods may be called from any thread."""

    def __init__(
        self,
        journal: Journal,
        platform: PlatformAdapter,
        settings: ShowSettings | None = None,
        overlay: ShowOverlay | None = None,
        stream_clock_t0_ns: int | None = None,
        pictures: Mapping[str, Path] | None = None,
    ) -> None:
        self.journal = journal
        self.pictures = dict(pictures or {})  # product key -> local picture file
        self._decoded: dict[str, np.ndarray | None] = {}
        self.platform = platform
        self.settings = settings or ShowSettings()
        self.overlay = overlay
        self.stream_t0_ns = stream_clock_t0_ns
        self.queue = ShowQueue()
        self.products: list[Product] = []
        self.import_issues: list[ImportIssue] = []
        self.link_ups: list[LinkUp] = []
        self.show_id = 0
        self.viewers = 0
        self.latency = LatencyEstimate()
        # events for the window and the CLI (emitted on the loop thread)
        self.queue_changed: Signal[ShowQueue] = Signal()
        self.link_up_changed: Signal[LinkUp] = Signal()
        self.notice: Signal[Notice] = Signal()
        self.platform_event: Signal[PlatformEvent] = Signal()
        self._loop = LoopThread()
        self._db = ThreadPoolExecutor(1, thread_name_prefix="journal")
        self._task: asyncio.Task[None] | None = None
        self._events_task: asyncio.Task[None] | None = None
        self._outputs: dict[str, OutputState] = {}
        self._all_live: asyncio.Event | None = None
        self._missed: set[int] = set()  # link-ups some viewers missed while reconnecting
        self._last_card_ns = 0
        self._refresh_pending = False
        self._ended = False
        self.queue.changed.connect(self._on_queue_changed)

    # -- lifecycle -----------------------------------------------------------------------------
    def start(
        self,
        products: Sequence[Product],
        issues: Sequence[ImportIssue] = (),
        catalog_path: str = "",
    ) -> int:
        """Journal a new show, start the platform session and put every product in the queue."""
        self.products = list(products)
        self.import_issues = list(issues)
        settings = {k: v for k, v in self.settings.__dict__.items()}
        self.show_id = self.journal.start_show(
            self.settings.title, time.time(), self.platform.name, settings, catalog_path
        )
        self.journal.save_catalog(self.show_id, self.products, self.import_issues)
        for product in self.products:
            self.queue.add(product)
        self._loop.run(self._open_platform(resume_session=""))
        return self.show_id

    def resume(self, record: ShowRecord) -> None:
        """Carry on a show the studio was killed during: queue, current product and counts."""
        self.show_id = record.id
        self.viewers = record.viewers
        self.products = self.journal.products(record.id)
        self.import_issues = self.journal.import_issues(record.id)
        for item in self.journal.queue(record.id):
            self.queue.restore(item)
        self.link_ups = self.journal.link_ups(record.id)
        self._loop.run(self._open_platform(resume_session=record.platform_session))
        now = time.time()
        for link in self.link_ups:
            if link.state in (LinkUpState.HELD, LinkUpState.COUNTING):
                link.to(LinkUpState.CANCELLED, now, "工作台重启，倒计时中断")
                self._save_link(link)
            elif link.state is LinkUpState.SENDING:
                # unknown whether it landed: the same idempotency key makes re-sending safe
                self._loop.submit(self._send(link))
        self.notice.emit(Notice("info", f"已恢复直播「{record.title}」"))

    async def _open_platform(self, resume_session: str) -> None:
        self._all_live = asyncio.Event()
        self._update_all_live()
        await self.platform.open()
        resumed = False
        if resume_session:
            try:
                await self.platform.resume_session(resume_session)
                resumed = True
            except PlatformError as exc:
                log.info(
                    "platform session %s not resumable (%s); starting anew", resume_session, exc
                )
        if not resumed:
            await self.platform.start_session(self.settings.title)
        self._db.submit(self.journal.set_platform_session, self.show_id, self.platform.session_id)
        await self.platform.sync_products([self._platform_product(p) for p in self.products])
        for _ in range(3):  # warm the connection and learn the round trip
            rtt = await self.platform.round_trip_s()
            if rtt is not None:
                self.latency.observe_rtt(rtt)
        self._events_task = asyncio.get_running_loop().create_task(self._follow_events())

    def end(self) -> None:
        """End the show: stop the talk timer, end the platform session, close the journal's show."""
        if self._ended:
            return
        self._ended = True
        try:
            self._loop.run(self._end_platform(), timeout_s=15)
        except Exception:  # the show ends in the journal whatever the platform says
            log.exception("ending the platform session failed")
        self.queue.finish(time.time())
        self._flush()
        self.journal.end_show(self.show_id, time.time())
        self.close()

    async def _end_platform(self) -> None:
        if self._task is not None and not self._task.done():
            link = self.active_link_up
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            if link is not None and link.state in (LinkUpState.HELD, LinkUpState.COUNTING):
                link.to(LinkUpState.CANCELLED, time.time(), "直播结束")
                self._save_link(link)
        try:
            await self.platform.end_session()
        except PlatformError as exc:
            self.notice.emit(Notice("warning", f"结束平台场次失败：{exc}"))
        if self._events_task is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError, PlatformError):
                await asyncio.wait_for(self._events_task, 5)

    def close(self) -> None:
        """Stop the loop and the journal worker (the show stays resumable if not ended)."""
        with contextlib.suppress(Exception):
            self._loop.run(self.platform.close(), timeout_s=5)
        self._loop.stop()
        self._db.shutdown(wait=True)

    def _flush(self) -> None:
        self._db.submit(lambda: None).result(30)

    # -- the queue -----------------------------------------------------------------------------
    def _on_queue_changed(self, queue: ShowQueue) -> None:
        if self.show_id:
            items = [replace(it) for it in queue.items]  # a snapshot for the journal worker
            self._db.submit(self.journal.save_queue, self.show_id, items)
        self.queue_changed.emit(queue)

    def explain(self, item_id: int) -> QueueItem:
        return self.queue.explain(item_id, time.time())

    def advance(self) -> QueueItem:
        return self.queue.advance(time.time())

    # -- link-ups ------------------------------------------------------------------------------
    @property
    def active_link_up(self) -> LinkUp | None:
        for link in reversed(self.link_ups):
            if link.state in (LinkUpState.HELD, LinkUpState.COUNTING, LinkUpState.SENDING):
                return link
        return None

    def listed_link_up(self, product_key: str) -> LinkUp | None:
        for link in reversed(self.link_ups):
            if link.product_key == product_key and link.state in (
                LinkUpState.LISTED,
                LinkUpState.SOLD_OUT,
                LinkUpState.SENDING,
            ):
                return link
        return None

    def link_up(self, item_id: int | None = None, countdown_s: int | None = None) -> LinkUp:
        """Start "3, 2, 1, 上链接!" for the product being explained (or `item_id`)."""
        return self._loop.run(self._start_link_up(item_id, countdown_s))

    async def _start_link_up(self, item_id: int | None, countdown_s: int | None) -> LinkUp:
        if self.active_link_up is not None:
            raise LinkUpError("上一个上链接还没完成，请等它结束或先取消")
        item = self.queue.item(item_id) if item_id is not None else self.queue.current
        if item is None:
            raise LinkUpError("先选一个正在讲解的商品，再上链接")
        if item.state is not ItemState.EXPLAINING:
            self.queue.explain(item.item_id, time.time())
        seconds = self.settings.countdown_s if countdown_s is None else countdown_s
        if not 0 <= seconds <= 10:
            raise LinkUpError("倒计时请设在 0 到 10 秒之间")
        link = LinkUp(
            item_id=item.item_id,
            product_key=item.product.key,
            product_name=item.product.name,
            live_price_fen=item.live_price_fen,
            stock=item.release_stock,
            limit_per_buyer=item.limit_per_buyer,
            countdown_s=float(seconds),
            requested_at=time.time(),
            assisted=self.platform.assisted,
        )
        held = self.settings.hold_when_reconnecting and not self._is_all_live()
        if held:
            link.state = LinkUpState.HELD
        self.link_ups.append(link)
        self._save_link(link)
        self._task = asyncio.get_running_loop().create_task(self._run(link, item))
        if held:
            self.notice.emit(Notice("warning", "推流正在重连：上链接会在恢复后自动开始"))
        return link

    async def _run(self, link: LinkUp, item: QueueItem) -> None:
        labels = self.settings.labels()
        if link.state is LinkUpState.HELD:
            assert self._all_live is not None
            await self._all_live.wait()
            link.to(LinkUpState.COUNTING)
        seconds = int(link.countdown_s)
        if self.overlay is not None:
            start_ns = self.overlay.countdown(
                self._card(item, link, labels["soon"]),
                seconds,
                labels["zero"],
                self.settings.banner_s,
            )
        else:
            start_ns = time.monotonic_ns()
        zero_ns = start_ns + seconds * 1_000_000_000
        link.countdown_at = wall_of(start_ns)
        link.zero_at = wall_of(zero_ns)
        if self.stream_t0_ns is not None:
            link.zero_stream_s = (zero_ns - self.stream_t0_ns) / 1e9
        link.lead_s = self.latency.lead_s
        target_ns = zero_ns - int(link.lead_s * 1e9)
        if self.settings.sync_to_viewers:
            target_ns += int(self.settings.viewer_delay_s * 1e9)
        link.send_at = wall_of(target_ns)
        self._save_link(link)
        await sleep_until(target_ns)
        link.viewers_at_zero = self.viewers
        await self._send(link)

    async def _send(self, link: LinkUp) -> None:
        labels = self.settings.labels()
        if link.state is LinkUpState.COUNTING:
            link.to(LinkUpState.SENDING)
        link.sent_at = time.time()
        request = LinkUpRequest(
            link.product_key, link.live_price_fen, link.stock, link.limit_per_buyer, link.zero_at
        )

        def retrying(attempt: int, reason: str) -> None:
            link.attempts = attempt
            self.notice.emit(Notice("warning", f"上链接重试中（第 {attempt} 次：{reason}）"))

        link.attempts = 1
        if link.assisted:
            self.notice.emit(Notice("action", getattr(self.platform, "hint", "请现在上架")))
        try:
            listing = await self.platform.link_up(request, link.idempotency_key, retrying)
        except PlatformError as exc:
            self._show_card(link, labels["failed"], banner=labels["failed"])  # never "buy now"
            link.to(LinkUpState.FAILED, time.time(), str(exc))
            self._save_link(link)
            self.notice.emit(Notice("error", f"「{link.product_name}」上链接失败：{exc}"))
            return
        link.acked_at = time.time()
        link.platform_received_at = listing.received_at
        link.platform_link_id = listing.link_up_id
        link.stock_left = listing.stock if listing.stock is not None else link.stock
        if listing.received_at is not None and not listing.replayed:
            self.latency.observe_receipt(link.sent_at, listing.received_at, link.acked_at)
        sold_out = listing.status == "sold_out"
        self._show_card(link, labels["sold_out"] if sold_out else labels["live"])
        link.to(LinkUpState.SOLD_OUT if sold_out else LinkUpState.LISTED, link.acked_at)
        self._save_link(link)

    def cancel_link_up(self) -> LinkUp:
        return self._loop.run(self._cancel())

    async def _cancel(self) -> LinkUp:
        link = self.active_link_up
        if link is None:
            raise LinkUpError("现在没有进行中的上链接")
        if link.state is LinkUpState.SENDING:
            raise LinkUpError("已经在上链接了，来不及取消；可以上架后再下架")
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task  # it sleeps (HELD or counting): cancelled before any send
        link.to(LinkUpState.CANCELLED, time.time())
        self._save_link(link)
        if self.overlay is not None:
            self.overlay.clear()
        return link

    def take_down(self, product_key: str | None = None) -> LinkUp:
        return self._loop.run(self._take_down(product_key))

    async def _take_down(self, product_key: str | None) -> LinkUp:
        link = self._listed(product_key)
        try:
            await self.platform.take_down(link.product_key)
        except PlatformError as exc:
            raise LinkUpError(f"下架失败：{exc}") from None
        if link.state is not LinkUpState.TAKEN_DOWN:  # the platform's event may come first
            link.to(LinkUpState.TAKEN_DOWN, time.time())
        self._save_link(link)
        self._show_card(link, self.settings.labels()["taken_down"])
        return link

    def add_stock(self, quantity: int, product_key: str | None = None) -> LinkUp:
        """补库存: `quantity` more for buyers of the listed product."""
        return self._loop.run(self._add_stock(quantity, product_key))

    async def _add_stock(self, quantity: int, product_key: str | None) -> LinkUp:
        if quantity <= 0:
            raise LinkUpError("补库存的数量要大于 0")
        link = self._listed(product_key)
        try:
            listing = await self.platform.set_stock(
                link.product_key, (link.stock_left or 0) + quantity
            )
        except PlatformError as exc:
            raise LinkUpError(f"补库存失败：{exc}") from None
        link.stock_left = listing.stock
        if link.state is LinkUpState.SOLD_OUT and (listing.stock or 0) > 0:
            link.to(LinkUpState.LISTED)
        self._save_link(link)
        self._show_card(link, self.settings.labels()["live"])
        return link

    def _listed(self, product_key: str | None) -> LinkUp:
        if product_key is None:
            current = self.queue.current
            product_key = current.product.key if current is not None else None
        link = self.listed_link_up(product_key) if product_key is not None else None
        if link is None or link.state is LinkUpState.SENDING:
            raise LinkUpError("这个商品现在没有上架的链接")
        return link

    # -- platform events -----------------------------------------------------------------------
    async def _follow_events(self) -> None:
        try:
            async for event in self.platform.events():
                self._on_platform_event(event)
        except PlatformError as exc:
            self.notice.emit(Notice("error", f"平台事件中断：{exc}"))

    def _on_platform_event(self, event: PlatformEvent) -> None:
        key = f"{self.platform.session_id}:{event.event_id}"
        if event.type == "order":
            link = self.listed_link_up(event.product_id)
            record = OrderRecord(
                key,
                event.product_id,
                event.buyer_id,
                event.quantity,
                event.amount_fen,
                event.at,
                link.link_up_id if link else None,
            )
            self._db.submit(self.journal.add_order, self.show_id, record, event.event_id)
            if link is not None:
                link.orders += 1
                link.units += event.quantity
                link.revenue_fen += event.amount_fen
                if link.stock_left is not None:
                    link.stock_left = max(0, link.stock_left - event.quantity)
                self._refresh_card(link)
        elif event.type == "sold_out":
            link = self.listed_link_up(event.product_id)
            if link is not None and link.state is LinkUpState.LISTED:
                link.stock_left = 0
                link.to(LinkUpState.SOLD_OUT, time.time())
                self._save_link(link)
                self._show_card(link, self.settings.labels()["sold_out"])
        elif event.type == "stock":
            link = self.listed_link_up(event.product_id)
            if link is not None:
                link.stock_left = event.stock
                if link.state is LinkUpState.SOLD_OUT and (event.stock or 0) > 0:
                    link.to(LinkUpState.LISTED)
                self._save_link(link)
        elif event.type == "taken_down":
            link = self.listed_link_up(event.product_id)
            if link is not None and link.state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT):
                link.to(LinkUpState.TAKEN_DOWN, time.time())
                self._save_link(link)
        elif event.type == "viewers":
            self.viewers = event.viewers
            self._db.submit(self.journal.set_viewers, self.show_id, event.viewers, event.event_id)
        elif event.type == "comment":
            self._db.submit(
                self.journal.add_comment,
                self.show_id,
                key,
                event.event_id,
                event.user,
                event.text,
                event.at,
            )
        self.platform_event.emit(event)

    # -- the stream ----------------------------------------------------------------------------
    def watch_outputs(
        self,
        subscribe: Callable[[Callable[[OutputStatus], object]], object],
        rtmp_outputs: Sequence[str],
    ) -> None:
        """Follow the live destinations (not the recording): hold and re-announce link-ups."""
        for name in rtmp_outputs:
            self._outputs[name] = OutputState.CONNECTING
        subscribe(lambda status: self._loop.call_soon(self._on_output_status, status))

    def _is_all_live(self) -> bool:
        return all(
            s is OutputState.LIVE for s in self._outputs.values() if s is not OutputState.FAILED
        )

    def _update_all_live(self) -> None:
        if self._all_live is None:
            return
        if self._is_all_live():
            self._all_live.set()
        else:
            self._all_live.clear()

    def _on_output_status(self, status: OutputStatus) -> None:
        if status.output not in self._outputs:
            return
        was_live = self._is_all_live()
        self._outputs[status.output] = status.state
        self._update_all_live()
        if status.state in (OutputState.RECONNECTING, OutputState.FAILED):
            self._db.submit(
                self.journal.add_stream_event,
                self.show_id,
                time.time(),
                status.state.name.lower(),
                {"output": status.output, "attempt": status.attempt, "reason": status.reason},
            )
            banner_s = self.settings.banner_s + self.settings.viewer_delay_s
            for link in self.link_ups:
                recent = link.zero_at is not None and time.time() - link.zero_at < banner_s
                if link.state in (LinkUpState.COUNTING, LinkUpState.SENDING) or (
                    recent and link.state is LinkUpState.LISTED
                ):
                    self._missed.add(link.link_up_id)
        elif status.state is OutputState.LIVE and not was_live and self._is_all_live():
            self._db.submit(
                self.journal.add_stream_event,
                self.show_id,
                time.time(),
                "live",
                {"output": status.output},
            )
            self._reannounce()

    def _reannounce(self) -> None:
        """Viewers of a destination that was reconnecting missed "上链接!": say it again."""
        for link in self.link_ups:
            if link.link_up_id in self._missed and link.state is LinkUpState.LISTED:
                self._missed.discard(link.link_up_id)
                link.reannounced += 1
                self._save_link(link)
                if self.overlay is not None:
                    self.overlay.banner(
                        self.settings.labels()["relisted"],
                        time.monotonic_ns() + 100_000_000,
                        self.settings.banner_s,
                    )
                self.notice.emit(
                    Notice("info", f"推流恢复：已重新提示「{link.product_name}」的链接")
                )

    def pin_comment(self, user: str, text: str, seconds: float = 8.0) -> None:
        """Show a viewer's comment on stream for a while (the host picked it from the feed)."""
        if self.overlay is None:
            raise LinkUpError("现在没有推流画面，不能上屏评论")
        self.overlay.comment(user, text[:120], seconds)
        self._db.submit(
            self.journal.add_stream_event,
            self.show_id,
            time.time(),
            "comment_shown",
            {"user": user, "text": text[:120]},
        )

    def record_stream_stats(self, stats: dict[str, Any]) -> None:
        """A sample of the stream's health for the report's timeline (any thread)."""
        if self.show_id and not self._ended:
            self._db.submit(
                self.journal.add_stream_event, self.show_id, time.time(), "stats", stats
            )

    # -- helpers -------------------------------------------------------------------------------
    def _save_link(self, link: LinkUp) -> None:
        snapshot = link.snapshot()
        future = self._db.submit(self.journal.save_link_up, self.show_id, snapshot)
        if not link.link_up_id:
            link.link_up_id = future.result(10)  # the id is needed at once (orders refer to it)
        self.link_up_changed.emit(link)

    def _platform_product(self, p: Product) -> PlatformProduct:
        return PlatformProduct(
            p.key, p.name, p.price_fen, p.live_price_fen, p.stock, p.limit_per_buyer, p.image
        )

    def _card(self, item: QueueItem, link: LinkUp, badge: str) -> CardInfo:
        labels = self.settings.labels()
        left = link.stock_left if link.stock_left is not None else link.stock
        price = item.product.price_fen
        return CardInfo(
            name=item.product.name,
            live_price=format_yuan(link.live_price_fen),
            price=format_yuan(price) if price > link.live_price_fen else "",
            stock_text=labels["unlimited"] if left is None else labels["stock"].format(n=left),
            badge=badge,
            badge_color=(255, 149, 0) if badge != labels["live"] else (255, 45, 85),
            image_bgr=self._picture(item.product.key),
        )

    def _picture(self, key: str) -> np.ndarray | None:
        """The product's picture, decoded once and shrunk to card size (a photo may be 12 MP)."""
        if key not in self._decoded:
            picture = None
            path = self.pictures.get(key)
            if path is not None:
                try:
                    image = read_image(path)
                except (OSError, ValueError) as exc:
                    self.notice.emit(Notice("warning", f"商品图片用不了：{exc}"))
                else:
                    scale = 256 / max(image.shape[:2])
                    if scale < 1:
                        image = cv2.resize(
                            image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA
                        )
                    picture = np.ascontiguousarray(image)
            self._decoded[key] = picture
        return self._decoded[key]

    def _show_card(self, link: LinkUp, badge: str, banner: str | None = None) -> None:
        if self.overlay is None:
            return
        item = next((i for i in self.queue.items if i.item_id == link.item_id), None)
        if item is None:  # removed from the queue meanwhile
            return
        self.overlay.card(self._card(item, link, badge))
        if banner is not None:
            self.overlay.banner(banner, time.monotonic_ns(), self.settings.banner_s, ORANGE)
        self._last_card_ns = time.monotonic_ns()

    def _refresh_card(self, link: LinkUp) -> None:
        """Stock left on the card, at most 4 times a second (each is a QPainter render)."""
        if self._refresh_pending or self.overlay is None:
            return
        wait_s = 0.25 - (time.monotonic_ns() - self._last_card_ns) / 1e9

        def refresh() -> None:
            self._refresh_pending = False
            if link.state is LinkUpState.LISTED:
                self._show_card(link, self.settings.labels()["live"])

        if wait_s <= 0:
            refresh()
        else:  # the last order of a burst still reaches the card
            self._refresh_pending = True
            asyncio.get_running_loop().call_later(wait_s, refresh)
