"""The platform's events applied to the show: orders, sold out, stock, take-downs, viewers,
comments. Each event is checked on its own (the platform layer turns one that makes no sense
into an `invalid` event, which is reported and skipped); nothing here stops the stream of
events. Runs on the show's loop.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from studio.app.show.settings import Notice
from studio.core.messages import Message
from studio.core.rundown import LinkUpState
from studio.platform_api.models import PlatformEvent
from studio.storage.journal import OrderRecord

if TYPE_CHECKING:
    from studio.app.show.owner import Show

# The first invalid event is said in full; those after it are counted and said as one line
# at most every SUMMARY_EVERY_S: a flood of garbage costs a count, not a line each.
SUMMARY_EVERY_S = 10.0
# Platform input may take at most this share of one core (the show's loop thread): a flood,
# valid or not, waits in the socket (the platform is slowed) instead of taking the GIL from
# the video loop. A real show's few hundred events a second use far less.
INPUT_SHARE = 0.1
PACE_EVERY = 16  # events between two looks at the clock
# At the end of the show the events the platform already sent are taken, unpaced (the video
# has stopped), as long as they keep coming: until the stream ends, or nothing new came for
# DRAIN_IDLE_S, or DRAIN_MAX_S in all (a platform that never stops). The report counts what
# the platform said, on a slow PC too; what was left is said.
DRAIN_IDLE_S = 1.0
DRAIN_MAX_S = 20.0


class Pace:
    """Bounds what following an event stream costs: after every PACE_EVERY events, if the
    loop thread spent more than INPUT_SHARE of the time since the last look working, it
    sleeps until the share is back under the bound. Costs one clock read per 64 events."""

    def __init__(self) -> None:
        self._n = 0
        self._cpu = time.thread_time()
        self._wall = time.monotonic()
        self.bounded = True  # False once the show ends: what is left is taken at once

    async def step(self) -> None:
        self._n += 1
        if self._n < PACE_EVERY or not self.bounded:
            return
        self._n = 0
        cpu, wall = time.thread_time(), time.monotonic()
        rest = (cpu - self._cpu) / INPUT_SHARE - (wall - self._wall)
        if rest > 0:
            await asyncio.sleep(min(rest, 1.0))
        self._cpu, self._wall = time.thread_time(), time.monotonic()


class EventIngest:
    """Applies platform events to one show (its loop only): the link-ups through the show's
    `state`, the card through the show's public card methods."""

    def __init__(self, show: Show) -> None:
        self.show = show
        self.applied = 0  # events taken, valid or not: the drain at the end watches it
        self.invalid = 0
        self._unsaid = 0  # invalid events counted since the last line about them
        self._summary: asyncio.TimerHandle | None = None

    def apply(self, event: PlatformEvent) -> None:
        show = self.show
        self.applied += 1
        handler = getattr(self, f"_on_{event.type}", None)
        if handler is not None:
            handler(event)
        if event.type != "invalid":  # said through notices, counted; views have no use for it
            show.platform_event.emit(event)

    def _key(self, event: PlatformEvent) -> str:
        if event.key:  # a comment feed's message id (feeds other than the platform's)
            return event.key
        return f"{self.show.platform.session_id}:{event.event_id}"

    def _on_invalid(self, event: PlatformEvent) -> None:
        self.invalid += 1
        if self.invalid == 1:
            detail = {"kind": event.user or "?", "reason": event.text}
            self.show.notice.emit(Notice("warning", Message("platform.bad_event", detail)))
            return
        self._unsaid += 1
        if self._summary is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # applied off a loop (a test): said at once
                self.say_counted()
                return
            self._summary = loop.call_later(SUMMARY_EVERY_S, self.say_counted)

    def say_counted(self) -> None:
        """One line for the invalid events counted since the last (on a timer, and when the
        event stream ends so that none go unsaid)."""
        if self._summary is not None:
            self._summary.cancel()
            self._summary = None
        if self._unsaid:
            words = Message(
                "platform.bad_events_counted",
                {"count": f"{self._unsaid:,}", "seconds": f"{SUMMARY_EVERY_S:.0f}"},
            )
            self._unsaid = 0
            self.show.notice.emit(Notice("warning", words))

    def _on_order(self, event: PlatformEvent) -> None:
        show = self.show
        link = show.state.listed(event.product_id)
        record = OrderRecord(
            self._key(event),
            event.product_id,
            event.buyer_id,
            event.quantity,
            event.amount_fen,
            event.at,
            link.link_up_id if link else None,
        )
        show_id = show.state.show_id
        show.state.write("order", lambda j: j.add_order(show_id, record, event.event_id))
        if link is not None:
            link.orders += 1
            link.units += event.quantity
            link.revenue_fen += event.amount_fen
            if link.stock_left is not None:
                link.stock_left = max(0, link.stock_left - event.quantity)
            show.state.publish_links()
            show.refresh_card(link)

    def _on_sold_out(self, event: PlatformEvent) -> None:
        show = self.show
        link = show.state.listed(event.product_id)
        if link is not None and link.state is LinkUpState.LISTED:
            link.stock_left = 0
            link.to(LinkUpState.SOLD_OUT, show.clock.wall())
            show.state.save_link(link)
            if show.owns_card(link):  # an older product's sold-out leaves the newer card
                show.show_card(link, show.settings.labels()["sold_out"], "notice")

    def _on_stock(self, event: PlatformEvent) -> None:
        show = self.show
        link = show.state.listed(event.product_id)
        if link is not None:
            link.stock_left = event.stock
            if link.state is LinkUpState.SOLD_OUT and (event.stock or 0) > 0:
                link.to(LinkUpState.LISTED)
            show.state.save_link(link)

    def _on_taken_down(self, event: PlatformEvent) -> None:
        show = self.show
        link = show.state.listed(event.product_id)
        if link is not None and link.state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT):
            link.to(LinkUpState.TAKEN_DOWN, show.clock.wall())
            show.state.save_link(link)

    def _on_viewers(self, event: PlatformEvent) -> None:
        show = self.show
        show.state.viewers = event.viewers
        show_id = show.state.show_id
        show.state.write(
            "viewers", lambda j: j.set_viewers(show_id, event.viewers, event.event_id), True
        )

    def _on_comment(self, event: PlatformEvent) -> None:
        show = self.show
        show_id, key = show.state.show_id, self._key(event)
        show.state.write(
            "comment",
            lambda j: j.add_comment(show_id, key, event.event_id, event.user, event.text, event.at),
        )
