"""The assisted adapter: for platforms without a public pin API (Douyin, Kuaishou, Taobao Live).

The countdown runs the same; at zero the host is told plainly to click 讲解 / 上架 in the
platform's own console, and the moment is journaled. No network traffic at all.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Sequence

from studio.core.messages import Message
from studio.platform_api.base import PlatformAdapter, RetryCallback
from studio.platform_api.models import (
    LinkUpRequest,
    Listing,
    PlatformEvent,
    PlatformProduct,
    SessionInfo,
)

CONSOLE_HINTS = {  # the words are in studio.core.messages: assisted.<platform>
    "douyin": Message("assisted.douyin"),
    "kuaishou": Message("assisted.kuaishou"),
    "taobao": Message("assisted.taobao"),
    "": Message("assisted.other"),
}


class AssistedPlatform(PlatformAdapter):
    """The host clicks; the studio keeps time and the journal."""

    assisted = True
    # Nothing is sent: "again" only shows the host the console hint once more, and the
    # host sees in the platform's own console whether the product is already explained.
    # (Kuaishou's open API, studio.platform_api.kuaishou, only gives push URLs; its
    # link-ups are these assisted ones.)
    repeat_safe = True

    def __init__(self, platform: str = "") -> None:
        self.name = f"assisted:{platform}" if platform else "assisted"
        self.hint = CONSOLE_HINTS.get(platform, CONSOLE_HINTS[""])
        self._session_id = ""
        self._ended = asyncio.Event()

    @property
    def session_id(self) -> str:
        return self._session_id

    async def start_session(self, title: str) -> SessionInfo:
        self._session_id = "assisted-" + uuid.uuid4().hex[:8]
        return SessionInfo(self._session_id, title, time.time())

    async def resume_session(self, session_id: str) -> None:
        self._session_id = session_id

    async def end_session(self) -> None:
        self._ended.set()

    async def sync_products(self, products: Sequence[PlatformProduct]) -> int:
        return len(products)

    async def link_up(
        self, request: LinkUpRequest, idempotency_key: str, on_retry: RetryCallback | None = None
    ) -> Listing:
        return Listing(request.product_id, "assisted", request.stock, received_at=None)

    async def take_down(self, product_id: str) -> Listing:
        return Listing(product_id, "taken_down", None)

    async def set_stock(self, product_id: str, stock: int) -> Listing:
        return Listing(product_id, "assisted", stock)

    async def events(self) -> AsyncIterator[PlatformEvent]:
        await self._ended.wait()  # orders stay in the platform's console
        return
        yield  # an async generator that yields nothing
