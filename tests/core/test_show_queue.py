"""The show queue and the link-up state machine (pure, explicit times)."""

from __future__ import annotations

import pytest

from studio.core.catalog import Product
from studio.core.rundown import (
    ItemState,
    LinkUp,
    LinkUpError,
    LinkUpState,
    QueueError,
    ShowQueue,
)

A = Product("脐橙", 3990, 1990, stock=100, limit_per_buyer=2, sku="A")
B = Product("鸡蛋", 4500, 2990, sku="B")
C = Product("蜂蜜", 6800, 4990, stock=5, sku="C")


def _queue() -> ShowQueue:
    queue = ShowQueue()
    for p in (A, B, C):
        queue.add(p)
    return queue


def test_explaining_moves_through_the_queue_with_talk_timers() -> None:
    queue = _queue()
    changes: list[int] = []
    queue.changed.connect(lambda q: changes.append(len(q.items)))
    first = queue.advance(now=100.0)
    assert first.product is A and first.state is ItemState.EXPLAINING
    assert queue.next_up.product is B
    assert first.talk_time_s(now=130.0) == 30.0
    second = queue.advance(now=160.0)
    assert second.product is B
    assert (first.state, first.talk_s) == (ItemState.DONE, 60.0)
    queue.explain(first.item_id, now=170.0)  # back to the first: its timer carries on
    assert first.talk_time_s(now=180.0) == 70.0 and second.talk_s == 10.0
    queue.finish(now=200.0)
    assert first.talk_s == 90.0 and queue.current is None
    assert changes  # the window hears of every change


def test_reorder_skip_remove_and_terms() -> None:
    queue = _queue()
    a, b, c = queue.items
    queue.move(c.item_id, 0)
    assert [i.product.sku for i in queue.items] == ["C", "A", "B"]
    queue.skip(c.item_id, now=0.0)
    assert queue.advance(now=1.0) is a  # skipped items are passed over
    queue.remove(a.item_id, now=5.0)
    assert queue.current is None and a not in queue.items
    assert queue.advance(now=6.0) is b
    with pytest.raises(QueueError, match="没有下一个"):
        queue.advance(now=7.0)
    queue.set_terms(b.item_id, live_price_fen=1990, release_stock=20, limit_per_buyer=1)
    assert (b.live_price_fen, b.release_stock, b.limit_per_buyer) == (1990, 20, 1)
    for bad in ({"live_price_fen": -1}, {"release_stock": -5}, {"limit_per_buyer": 0}):
        with pytest.raises(QueueError):
            queue.set_terms(b.item_id, **bad)
    with pytest.raises(QueueError, match="99"):
        queue.item(99)


def test_queue_items_take_the_catalog_terms_by_default() -> None:
    queue = ShowQueue()
    item = queue.add(A)
    assert (item.live_price_fen, item.release_stock, item.limit_per_buyer) == (1990, 100, 2)
    custom = queue.add(A, live_price_fen=990, release_stock=10, index=0)
    assert queue.items[0] is custom and custom.item_id != item.item_id


def _link() -> LinkUp:
    return LinkUp(1, "A", "脐橙", 1990, 100, 2, 3.0)


def test_link_up_states_follow_the_show() -> None:
    link = _link()
    assert len(link.idempotency_key) >= 16 and link.idempotency_key != _link().idempotency_key
    link.to(LinkUpState.SENDING)
    link.to(LinkUpState.LISTED, now=10.0)
    link.to(LinkUpState.SOLD_OUT, now=11.0)
    link.to(LinkUpState.LISTED)  # 补库存
    link.to(LinkUpState.TAKEN_DOWN, now=20.0)
    assert link.ended_at == 20.0 and link.state.finished


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        ([LinkUpState.SENDING], LinkUpState.CANCELLED),  # too late to cancel after zero
        ([], LinkUpState.LISTED),  # never listed without a send
        ([LinkUpState.CANCELLED], LinkUpState.COUNTING),
        ([LinkUpState.SENDING, LinkUpState.FAILED], LinkUpState.LISTED),
    ],
)
def test_impossible_link_up_steps_are_refused(path: list[LinkUpState], bad: LinkUpState) -> None:
    link = _link()
    for state in path:
        link.to(state, now=1.0)
    with pytest.raises(LinkUpError):
        link.to(bad)


def test_the_window_counts_the_digits_the_stream_shows_never_one_more() -> None:
    """The stream shows 3 in the countdown's first second, 2 in its second, 1 in its third;
    the host's big digit is the same one, also in the moment before the stream's countdown
    starts (never a 4 on a 3-second countdown) and exactly on a second's edge."""
    link = LinkUp(1, "A", "脐橙", 1990, 100, 2, 3.0)
    link.zero_at = 1000.0
    start = link.zero_at - 3
    assert link.digit_at(start - 0.05) == 3  # planned, its layers not yet on the canvas
    assert [link.digit_at(start + t) for t in (0.0, 0.5, 1.0, 1.5, 2.0, 2.9)] == [3, 3, 2, 2, 1, 1]
    assert link.digit_at(link.zero_at) == 0
    assert link.digit_at(link.zero_at + 5) == 0
