"""What the show's loop owns of a show in progress: its link-ups, their frozen copies for the
views, the show's id and viewers, and the journal writes that keep them.

One object that `Show` (the host's actions), `EventIngest` (the platform's events) and the
link-up flow act on through these methods, all on the show's loop; nobody else reaches into
the list. Views read `links_view`, a tuple of copies replaced (never changed) after each
change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from studio.core.events import Signal
from studio.core.rundown import LinkUp, LinkUpState
from studio.storage.journal import Journal
from studio.storage.writer import JournalWriter


class ShowState:
    """The loop-owned link-ups of one show, and how a change of one reaches the journal and
    the views."""

    def __init__(self, writer: JournalWriter, link_up_changed: Signal[LinkUp]) -> None:
        self.writer = writer
        self.link_up_changed = link_up_changed
        self.show_id = 0  # 0 until the journal has the show: nothing is written before
        self.viewers = 0
        self.links: list[LinkUp] = []
        self.links_view: tuple[LinkUp, ...] = ()

    def write(self, what: str, apply: Callable[[Journal], object], droppable: bool = False) -> None:
        """Hand a journal write to the writer (nothing waits for it; none is lost)."""
        if self.show_id:
            self.writer.write(what, apply, droppable=droppable)

    def publish_links(self) -> None:
        """The views' copies of the link-ups, made again after a change."""
        self.links_view = tuple(ln.snapshot() for ln in self.links)

    def save_link(self, link: LinkUp) -> None:
        """Journal the link-up (keyed by its idempotency key: nothing waits) and tell views."""
        snapshot = link.snapshot()
        show_id = self.show_id
        self.write("link-up", lambda j: j.save_link_up(show_id, snapshot))
        self.publish_links()
        self.link_up_changed.emit(snapshot)

    def active(self) -> LinkUp | None:
        """The link-up held, counting or being sent, if one is."""
        return active_in(self.links)

    def listed(self, product_key: str) -> LinkUp | None:
        """The product's link-up that is listed, sold out or being sent, if one is."""
        return listed_in(self.links, product_key)

    def by_id(self, link_up_id: int | None) -> LinkUp | None:
        return next((ln for ln in self.links if ln.link_up_id == link_up_id), None)


def active_in(links: Sequence[LinkUp]) -> LinkUp | None:
    for link in reversed(links):
        if link.state in (LinkUpState.HELD, LinkUpState.COUNTING, LinkUpState.SENDING):
            return link
    return None


def listed_in(links: Sequence[LinkUp], product_key: str) -> LinkUp | None:
    for link in reversed(links):
        if link.product_key == product_key and link.state in (
            LinkUpState.LISTED,
            LinkUpState.SOLD_OUT,
            LinkUpState.SENDING,
        ):
            return link
    return None
