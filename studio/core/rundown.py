"""The show's rundown: the products in the host's order, and each link-up ("3, 2, 1, 上链接!").

Pure state machines with explicit times (Unix seconds from one wall clock, passed in), so
the same code runs live, in rehearsal, in a resumed show and in tests. The use case in
`studio.app.show` drives them from its timers and the platform's answers.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from studio.core.catalog import Product
from studio.core.errors import StudioError
from studio.core.events import Signal
from studio.core.messages import Message


class ItemState(Enum):
    """A queued product's place in the show."""

    WAITING = 1
    EXPLAINING = 2  # 讲解中
    DONE = 3
    SKIPPED = 4


@dataclass
class QueueItem:
    """A product in this show, with the terms for this show's link-ups."""

    item_id: int
    product: Product
    live_price_fen: int
    release_stock: int | None  # 放库存: the stock released to buyers at the link-up
    limit_per_buyer: int | None
    state: ItemState = ItemState.WAITING
    talk_s: float = 0.0  # finished talk time, not counting a running stretch
    talk_started_at: float | None = None

    def talk_time_s(self, now: float) -> float:
        running = now - self.talk_started_at if self.talk_started_at is not None else 0.0
        return self.talk_s + max(0.0, running)


class QueueError(StudioError, ValueError):
    """An operation the queue cannot do (unknown item, nothing left to explain, …)."""


class _QueueReading:
    """What the queue and its snapshots both answer: the product being explained, the next
    one, an item by id."""

    items: Sequence[QueueItem]

    @property
    def current(self) -> QueueItem | None:
        return next((i for i in self.items if i.state is ItemState.EXPLAINING), None)

    @property
    def next_up(self) -> QueueItem | None:
        current = self.current
        start = self.items.index(current) + 1 if current is not None else 0
        return next((i for i in self.items[start:] if i.state is ItemState.WAITING), None)

    def item(self, item_id: int) -> QueueItem:
        for item in self.items:
            if item.item_id == item_id:
                return item
        raise QueueError(Message("queue.no_item", {"item_id": item_id}))


@dataclass(frozen=True)
class QueueSnapshot(_QueueReading):
    """The queue as it was at one moment: copies, safe to read from any thread."""

    items: tuple[QueueItem, ...] = ()


class ShowQueue(_QueueReading):
    """The products of one show, in order, with the one being explained.

    Not thread-safe: it has one owner (the show's loop); others read `snapshot()`s.
    """

    def __init__(self) -> None:
        self.items: list[QueueItem] = []
        self.changed: Signal[ShowQueue] = Signal()
        self._next_id = 1

    # -- building the queue ---------------------------------------------------------------
    def add(
        self,
        product: Product,
        live_price_fen: int | None = None,
        release_stock: int | None = None,
        limit_per_buyer: int | None = None,
        index: int | None = None,
    ) -> QueueItem:
        item = QueueItem(
            item_id=self._next_id,
            product=product,
            live_price_fen=product.live_price_fen if live_price_fen is None else live_price_fen,
            release_stock=product.stock if release_stock is None else release_stock,
            limit_per_buyer=product.limit_per_buyer if limit_per_buyer is None else limit_per_buyer,
        )
        self._next_id += 1
        self.items.insert(len(self.items) if index is None else index, item)
        self.changed.emit(self)
        return item

    def add_many(self, products: list[Product]) -> list[QueueItem]:
        """Every product of a sheet at once: one change, not one per product."""
        added = []
        for product in products:
            added.append(
                QueueItem(
                    item_id=self._next_id,
                    product=product,
                    live_price_fen=product.live_price_fen,
                    release_stock=product.stock,
                    limit_per_buyer=product.limit_per_buyer,
                )
            )
            self._next_id += 1
        self.items.extend(added)
        self.changed.emit(self)
        return added

    def snapshot(self) -> QueueSnapshot:
        return QueueSnapshot(tuple(replace(i) for i in self.items))

    def restore(self, item: QueueItem) -> None:
        """Put back an item read from the journal (resume), keeping its id and counters."""
        self.items.append(item)
        self._next_id = max(self._next_id, item.item_id + 1)

    def remove(self, item_id: int, now: float) -> None:
        item = self.item(item_id)
        if item.state is ItemState.EXPLAINING:
            self._stop_talk(item, now, ItemState.DONE)
        self.items.remove(item)
        self.changed.emit(self)

    def move(self, item_id: int, index: int) -> None:
        item = self.item(item_id)
        self.items.remove(item)
        self.items.insert(max(0, min(index, len(self.items))), item)
        self.changed.emit(self)

    def reorder(self, item_ids: list[int]) -> None:
        """Put the queue in this order (the window's drag and drop); ids not given keep
        their place at the end, unknown ids are ignored."""
        by_id = {i.item_id: i for i in self.items}
        ordered = [by_id.pop(i) for i in item_ids if i in by_id]
        self.items = ordered + [i for i in self.items if i.item_id in by_id]
        self.changed.emit(self)

    def set_terms(
        self,
        item_id: int,
        live_price_fen: int | None = None,
        release_stock: int | None = None,
        limit_per_buyer: int | None = None,
    ) -> QueueItem:
        item = self.item(item_id)
        if live_price_fen is not None:
            if live_price_fen < 0:
                raise QueueError(Message("queue.negative_price"))
            item.live_price_fen = live_price_fen
        if release_stock is not None:
            if release_stock < 0:
                raise QueueError(Message("queue.negative_stock"))
            item.release_stock = release_stock
        if limit_per_buyer is not None:
            if limit_per_buyer < 1:
                raise QueueError(Message("queue.limit_too_low"))
            item.limit_per_buyer = limit_per_buyer
        self.changed.emit(self)
        return item

    # -- during the show -------------------------------------------------------------------
    def explain(self, item_id: int, now: float) -> QueueItem:
        """Make `item_id` the product being explained (the previous one is done)."""
        item = self.item(item_id)
        current = self.current
        if current is item:
            return item
        if current is not None:
            self._stop_talk(current, now, ItemState.DONE)
        item.state = ItemState.EXPLAINING
        item.talk_started_at = now
        self.changed.emit(self)
        return item

    def advance(self, now: float) -> QueueItem:
        """Move to the next waiting product."""
        following = self.next_up
        if following is None:
            raise QueueError(Message("queue.no_next"))
        return self.explain(following.item_id, now)

    def skip(self, item_id: int, now: float) -> None:
        item = self.item(item_id)
        if item.state is ItemState.EXPLAINING:
            self._stop_talk(item, now, ItemState.SKIPPED)
        else:
            item.state = ItemState.SKIPPED
        self.changed.emit(self)

    def finish(self, now: float) -> None:
        """The show ended: stop the running talk timer."""
        current = self.current
        if current is not None:
            self._stop_talk(current, now, ItemState.DONE)
            self.changed.emit(self)

    @staticmethod
    def _stop_talk(item: QueueItem, now: float, state: ItemState) -> None:
        item.talk_s = item.talk_time_s(now)
        item.talk_started_at = None
        item.state = state


# --- link-ups -------------------------------------------------------------------------------


class LinkUpState(Enum):
    """A link-up's life. HELD waits for reconnecting destinations; SENDING is past zero."""

    HELD = 1
    COUNTING = 2
    SENDING = 3
    LISTED = 4  # the platform acknowledged: buyers can buy
    FAILED = 5
    CANCELLED = 6
    TAKEN_DOWN = 7  # 下架
    SOLD_OUT = 8

    @property
    def finished(self) -> bool:
        return self in (
            LinkUpState.FAILED,
            LinkUpState.CANCELLED,
            LinkUpState.TAKEN_DOWN,
            LinkUpState.SOLD_OUT,
        )


_ALLOWED: dict[LinkUpState, frozenset[LinkUpState]] = {
    LinkUpState.HELD: frozenset({LinkUpState.COUNTING, LinkUpState.CANCELLED}),
    LinkUpState.COUNTING: frozenset(
        {LinkUpState.SENDING, LinkUpState.CANCELLED, LinkUpState.FAILED}
    ),
    LinkUpState.SENDING: frozenset({LinkUpState.LISTED, LinkUpState.FAILED}),
    LinkUpState.LISTED: frozenset({LinkUpState.TAKEN_DOWN, LinkUpState.SOLD_OUT}),
    LinkUpState.SOLD_OUT: frozenset({LinkUpState.LISTED, LinkUpState.TAKEN_DOWN}),  # 补库存
    LinkUpState.FAILED: frozenset(),
    LinkUpState.CANCELLED: frozenset(),
    LinkUpState.TAKEN_DOWN: frozenset(),
}


class LinkUpError(StudioError, RuntimeError):
    """A link-up step that cannot be done now: out of order (cancel after zero, take down
    before listing, …) or refused by the platform; the message is for the host."""


@dataclass
class LinkUp:
    """One "3, 2, 1, 上链接!" for one queue item, with its timeline (Unix seconds, one clock)."""

    item_id: int
    product_key: str
    product_name: str
    live_price_fen: int
    stock: int | None
    limit_per_buyer: int | None
    countdown_s: float
    state: LinkUpState = LinkUpState.COUNTING
    idempotency_key: str = field(default_factory=lambda: uuid.uuid4().hex)
    link_up_id: int = 0  # the journal's row id
    platform_link_id: str = ""
    requested_at: float | None = None
    countdown_at: float | None = None
    zero_at: float | None = None
    send_at: float | None = None  # planned send time (zero, or viewer-synced, less the lead)
    lead_s: float = 0.0  # sent this much early: the platform's measured latency
    sent_at: float | None = None
    acked_at: float | None = None
    platform_received_at: float | None = None
    ended_at: float | None = None
    attempts: int = 0
    error: str = ""
    orders: int = 0
    units: int = 0
    revenue_fen: int = 0
    stock_left: int | None = None
    viewers_at_zero: int = 0
    buyers: int = 0
    reannounced: int = 0
    assisted: bool = False  # the host clicks in the platform's console at zero
    zero_stream_s: float | None = None  # zero on the stream's own clock (pts), for the recording
    # in flight when the studio died: "repeated" (sent again on resume) or "not_repeated"
    # (the platform cannot take it twice and nobody said to: it may or may not be listed)
    after_crash: str = ""

    def can_become(self, state: LinkUpState) -> bool:
        return state in _ALLOWED[self.state]

    def to(self, state: LinkUpState, now: float | None = None, error: str = "") -> None:
        if state not in _ALLOWED[self.state]:
            raise LinkUpError(
                Message("linkup.bad_transition", {"old": self.state.name, "new": state.name})
            )
        self.state = state
        if error:
            self.error = error
        if state.finished and now is not None:
            self.ended_at = now

    def digit_at(self, now: float) -> int:
        """The countdown digit shown at `now` (3, 2, 1), or 0 from zero on.

        The same digit the stream shows: `seconds - i` in the i-th second of the countdown,
        which is the seconds left rounded up. The stream's countdown starts a moment after
        it is planned (its layers are put in place first), so just before that the digit is
        the first one, never one more than the countdown has.
        """
        left = (self.zero_at or now) - now
        if left <= 0:
            return 0
        return min(math.ceil(left), max(1, math.ceil(self.countdown_s)))

    def snapshot(self) -> LinkUp:
        return replace(self)
