"""The one interface the app uses to talk to a platform."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Sequence

from studio.platform_api.models import (
    LinkUpRequest,
    Listing,
    PlatformEvent,
    PlatformProduct,
    ProductProblem,
    SessionInfo,
)

RetryCallback = Callable[[int, object], None]  # (attempt, reason: a Message or text)


class PlatformAdapter(ABC):
    """A live-commerce platform as the show sees it. All methods run on one asyncio loop."""

    name: str = "platform"
    assisted: bool = False  # True: at zero the host clicks in the platform's own console
    # May a link-up that was in flight when the studio died be sent again on resume? Only
    # where the platform takes the same link-up twice as once (an idempotency key, or a call
    # that sets a state rather than adding an event). Each adapter says so and why; unknown
    # is not safe: resume then asks the host (window) or leaves it and says so (headless).
    repeat_safe: bool = False

    async def open(self) -> None:  # noqa: B027 - optional hook: most adapters need nothing
        """Connect (and warm the connection, so the first link-up is not slower)."""

    async def close(self) -> None:  # noqa: B027
        """Release connections; the session on the platform is left as it is."""

    @property
    @abstractmethod
    def session_id(self) -> str: ...

    @abstractmethod
    async def start_session(self, title: str) -> SessionInfo: ...

    @abstractmethod
    async def resume_session(self, session_id: str) -> None:
        """Carry on with a session started before a crash."""

    @abstractmethod
    async def end_session(self) -> None: ...

    @abstractmethod
    async def sync_products(self, products: Sequence[PlatformProduct]) -> int: ...

    async def check_products(self, products: Sequence[PlatformProduct]) -> list[ProductProblem]:
        """Products that could not be linked up here (asked before the show, so that the
        host hears it then and not at zero); none by default."""
        return []

    @abstractmethod
    async def link_up(
        self, request: LinkUpRequest, idempotency_key: str, on_retry: RetryCallback | None = None
    ) -> Listing: ...

    @abstractmethod
    async def take_down(self, product_id: str) -> Listing: ...

    @abstractmethod
    async def set_stock(self, product_id: str, stock: int) -> Listing: ...

    @abstractmethod
    def events(self) -> AsyncIterator[PlatformEvent]:
        """Orders, comments, viewer counts, sold-outs, until the session ends."""

    async def round_trip_s(self) -> float | None:
        """A cheap call's round trip, for latency compensation; None if unknown."""
        return None
