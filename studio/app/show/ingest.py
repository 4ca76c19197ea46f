"""The platform's events applied to the show: orders, sold out, stock, take-downs, viewers,
comments. Each event is checked on its own (the platform layer turns one that makes no sense
into an `invalid` event, which is reported and skipped); nothing here stops the stream of
events. Runs on the show's loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.app.show.settings import Notice
from studio.core.messages import Message
from studio.core.show import LinkUpState
from studio.platform_api.models import PlatformEvent
from studio.storage.journal import OrderRecord

if TYPE_CHECKING:
    from studio.app.show.show import Show

REPORT_EVERY = 100  # an invalid event is reported the first time, then every 100th


class EventIngest:
    """Applies platform events to one show (its loop only)."""

    def __init__(self, show: Show) -> None:
        self.show = show
        self.invalid = 0

    def apply(self, event: PlatformEvent) -> None:
        show = self.show
        handler = getattr(self, f"_on_{event.type}", None)
        if handler is not None:
            handler(event)
        show.platform_event.emit(event)

    def _key(self, event: PlatformEvent) -> str:
        if event.key:  # a comment feed's message id (feeds other than the platform's)
            return event.key
        return f"{self.show.platform.session_id}:{event.event_id}"

    def _on_invalid(self, event: PlatformEvent) -> None:
        self.invalid += 1
        if self.invalid == 1 or self.invalid % REPORT_EVERY == 0:
            detail = {"kind": event.user or "?", "reason": event.text}
            self.show.notice.emit(Notice("warning", Message("platform.bad_event", detail)))

    def _on_order(self, event: PlatformEvent) -> None:
        show = self.show
        link = show._listed_link(event.product_id)
        record = OrderRecord(
            self._key(event),
            event.product_id,
            event.buyer_id,
            event.quantity,
            event.amount_fen,
            event.at,
            link.link_up_id if link else None,
        )
        show_id = show.show_id
        show._write("order", lambda j: j.add_order(show_id, record, event.event_id))
        if link is not None:
            link.orders += 1
            link.units += event.quantity
            link.revenue_fen += event.amount_fen
            if link.stock_left is not None:
                link.stock_left = max(0, link.stock_left - event.quantity)
            show._publish_links()
            show.refresh_card(link)

    def _on_sold_out(self, event: PlatformEvent) -> None:
        show = self.show
        link = show._listed_link(event.product_id)
        if link is not None and link.state is LinkUpState.LISTED:
            link.stock_left = 0
            link.to(LinkUpState.SOLD_OUT, show.clock.wall())
            show._save_link(link)
            if show.owns_card(link):  # an older product's sold-out leaves the newer card
                show._show_card(link, show.settings.labels()["sold_out"], "notice")

    def _on_stock(self, event: PlatformEvent) -> None:
        show = self.show
        link = show._listed_link(event.product_id)
        if link is not None:
            link.stock_left = event.stock
            if link.state is LinkUpState.SOLD_OUT and (event.stock or 0) > 0:
                link.to(LinkUpState.LISTED)
            show._save_link(link)

    def _on_taken_down(self, event: PlatformEvent) -> None:
        show = self.show
        link = show._listed_link(event.product_id)
        if link is not None and link.state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT):
            link.to(LinkUpState.TAKEN_DOWN, show.clock.wall())
            show._save_link(link)

    def _on_viewers(self, event: PlatformEvent) -> None:
        show = self.show
        show.viewers = event.viewers
        show_id = show.show_id
        show._write(
            "viewers", lambda j: j.set_viewers(show_id, event.viewers, event.event_id), True
        )

    def _on_comment(self, event: PlatformEvent) -> None:
        show = self.show
        show_id, key = show.show_id, self._key(event)
        show._write(
            "comment",
            lambda j: j.add_comment(show_id, key, event.event_id, event.user, event.text, event.at),
        )
