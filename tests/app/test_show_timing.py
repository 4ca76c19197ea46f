"""Link-up timing in simulated time: the countdown, the send planned early by the measured
latency, sync to viewers, a hold while a destination reconnects, and what is journaled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.app.show import Show, ShowSettings
from studio.core.catalog import Product
from studio.core.events import Signal
from studio.core.rundown import LinkUpState
from studio.core.state import OutputState, OutputStatus
from studio.platform_api.assisted import AssistedPlatform
from studio.storage.journal import Journal
from tests.support.clock import SimClock
from tests.support.servers import wait_for

PRODUCTS = [Product("赣南脐橙", 3990, 1990, stock=30, sku="A1"), Product("土鸡蛋", 4500, 2990)]


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite3")
    yield j
    j.close()


def _show(journal: Journal, clock: SimClock, **settings: object) -> Show:
    show = Show(journal, AssistedPlatform("douyin"), ShowSettings(**settings), clock=clock)
    show.start(PRODUCTS)
    return show


def test_the_send_is_planned_at_zero_less_the_latency(journal: Journal) -> None:
    clock = SimClock()
    show = _show(journal, clock, countdown_s=3)
    try:
        show.latency.observe_rtt(0.080)  # one way: 40 ms
        show.advance()
        requested = clock.wall()
        link = show.link_up()
        wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
        done = show.latest(link)
        assert done.countdown_at == pytest.approx(requested, abs=1e-6)
        assert done.zero_at - done.countdown_at == pytest.approx(3.0, abs=1e-6)
        assert done.lead_s == pytest.approx(0.040, abs=1e-9)
        assert done.send_at == pytest.approx(done.zero_at - 0.040, abs=1e-6)
        assert done.sent_at == pytest.approx(done.send_at, abs=1e-6)  # woke exactly then
    finally:
        show.end()
    (saved,) = journal.link_ups(show.show_id)
    assert saved.state is LinkUpState.LISTED and saved.send_at == pytest.approx(done.send_at)


def test_sync_to_viewers_adds_their_delay(journal: Journal) -> None:
    clock = SimClock()
    show = _show(journal, clock, countdown_s=2, sync_to_viewers=True, viewer_delay_s=2.5)
    try:
        show.latency.observe_rtt(0.020)
        show.advance()
        link = show.link_up()
        wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
        done = show.latest(link)
        assert done.send_at - done.zero_at == pytest.approx(2.5 - 0.010, abs=1e-6)
    finally:
        show.end()


def test_a_nonsense_latency_cannot_move_a_send_by_more_than_a_second(journal: Journal) -> None:
    clock = SimClock()
    show = _show(journal, clock, countdown_s=3)
    try:
        show.latency.observe_receipt(sent_at=100.0, received_at=190.0, acked_at=200.0)
        show.advance()
        link = show.link_up()
        wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
        done = show.latest(link)
        assert done.lead_s == 1.0 and done.zero_at - done.send_at == pytest.approx(1.0)
    finally:
        show.end()


def test_held_while_a_live_destination_reconnects_and_not_for_one_never_live(
    journal: Journal,
) -> None:
    clock = SimClock()
    show = _show(journal, clock, countdown_s=1)
    status: Signal[OutputStatus] = Signal()
    show.watch_outputs(status.connect, ["douyin", "dead"])
    try:
        status.emit(OutputStatus("douyin", OutputState.LIVE))
        clock.advance(11)  # past the start-up grace: "dead" never connected, holds nothing
        show.advance()
        first = show.link_up()
        assert first.state is LinkUpState.COUNTING
        wait_for(lambda: show.latest(first).state is LinkUpState.LISTED)
        status.emit(OutputStatus("douyin", OutputState.RECONNECTING, attempt=1))
        wait_for(lambda: not show._gate.is_all_live(clock.mono_ns()))
        show.advance()
        second = show.link_up()
        assert second.state is LinkUpState.HELD
        status.emit(OutputStatus("douyin", OutputState.LIVE))
        wait_for(lambda: show.latest(second).state is LinkUpState.LISTED)
    finally:
        show.end()


def test_every_action_is_journaled_before_it_returns(journal: Journal) -> None:
    clock = SimClock()
    show = _show(journal, clock, countdown_s=5)
    try:
        show.advance()
        queue = journal.queue(show.show_id)
        assert [i.state.name for i in queue] == ["EXPLAINING", "WAITING"]
        link = show.link_up()
        saved = journal.link_ups(show.show_id)
        assert [(s.idempotency_key, s.link_up_id) for s in saved] == [(link.idempotency_key, 1)]
    finally:
        show.end()


def test_an_invalid_platform_event_is_told_once_and_the_show_goes_on(journal: Journal) -> None:
    from studio.app.show import Notice
    from studio.platform_api.models import PlatformEvent

    clock = SimClock()
    show = _show(journal, clock, countdown_s=0)
    notices: list[Notice] = []
    show.notice.connect(notices.append)
    try:
        show.advance()
        link = show.link_up()
        wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
        bad = PlatformEvent.from_json(7, {"type": "viewers", "viewers": "many"})
        order = PlatformEvent.from_json(
            8, {"type": "order", "product_id": "A1", "quantity": 2, "amount_fen": 3980, "at": 1.0}
        )
        for event in (bad, bad, order):
            show._loop.call_soon(show._ingest.apply, event)
        wait_for(lambda: show.latest(link).orders == 1)
        told = [n for n in notices if n.code == "platform.bad_event"]
        assert len(told) == 1 and "viewers" in told[0].render("en")
        assert show.latest(link).units == 2 and show.latest(link).revenue_fen == 3980
    finally:
        show.end()
    assert [o.quantity for o in journal.orders(show.show_id)] == [2]
