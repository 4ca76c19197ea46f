"""The built-in platform's rules: sessions, listings, stock, orders, idempotency and events.

Everything here runs on the server's one asyncio loop, and no method awaits between checking
stock and taking it, so concurrent orders can never oversell. The HTTP layer
(`studio.rehearsal.server`) only translates requests into these calls.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studio.rehearsal.audience import Audience


class PlatformRuleError(Exception):
    """A refused request: `code` is the contract's error code, `status` the HTTP one."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class Listing:
    product_id: str
    name: str
    price_fen: int
    live_price_fen: int
    stock: int | None
    limit_per_buyer: int | None
    image_url: str = ""
    status: str = "not_listed"
    sold: int = 0
    link_up_id: str | None = None
    received_at: float | None = None
    bought: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "link_up_id": self.link_up_id,
            "product_id": self.product_id,
            "name": self.name,
            "status": self.status,
            "live_price_fen": self.live_price_fen,
            "stock": self.stock,
            "sold": self.sold,
            "limit_per_buyer": self.limit_per_buyer,
            "received_at": self.received_at,
        }


@dataclass
class Faults:
    """Trouble a test or a rehearsal asks for: stalled or failing link-ups."""

    stall_link_ups_s: float = 0.0
    stall_count: int = 0
    fail_link_ups: int = 0  # answer this many link-ups with 503


@dataclass
class Session:
    session_id: str
    title: str
    started_at: float
    ended_at: float | None = None
    viewers: int = 0
    listings: dict[str, Listing] = field(default_factory=dict)
    events: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    subscribers: set[asyncio.Queue[tuple[int, str, dict[str, Any]] | None]] = field(
        default_factory=set
    )
    idempotent: dict[str, asyncio.Future[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    calls: list[dict[str, Any]] = field(default_factory=list)
    orders: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "title": self.title,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
        }


class RehearsalPlatform:
    """The platform's state. Call only from the server's event loop."""

    def __init__(self) -> None:
        self.sessions: dict[str, Session] = {}
        self.faults = Faults()
        self._event_ids = itertools.count(1)
        self._order_ids = itertools.count(1)
        self.on_session_started: list[Callable[[Session], None]] = []
        self.on_listed: list[Callable[[Session, Listing], None]] = []
        self.audiences: dict[str, Audience] = {}  # session id -> its simulated viewers

    # -- sessions -------------------------------------------------------------------------
    def start_session(self, title: str) -> Session:
        session = Session(uuid.uuid4().hex[:16], title, time.time())
        self.sessions[session.session_id] = session
        for callback in self.on_session_started:
            callback(session)
        return session

    def session(self, session_id: str) -> Session:
        session = self.sessions.get(session_id)
        if session is None:
            raise PlatformRuleError(404, "not_found", f"no live session {session_id}")
        return session

    def _open_session(self, session_id: str) -> Session:
        session = self.session(session_id)
        if session.ended_at is not None:
            raise PlatformRuleError(409, "session_ended", "the live session has ended")
        return session

    def end_session(self, session_id: str) -> Session:
        session = self.session(session_id)
        if session.ended_at is None:
            for listing in session.listings.values():
                if listing.status in ("listed", "sold_out"):
                    listing.status = "taken_down"
            session.ended_at = time.time()
            self.publish(session, "session_ended", {})
            for queue in list(session.subscribers):
                queue.put_nowait(None)
        return session

    # -- products ---------------------------------------------------------------------------
    def sync_products(self, session_id: str, products: list[dict[str, Any]]) -> int:
        session = self._open_session(session_id)
        ids = [p["product_id"] for p in products]
        if len(set(ids)) != len(ids):
            raise PlatformRuleError(409, "conflict", "product_id appears twice in the list")
        kept: dict[str, Listing] = {}
        for p in products:
            old = session.listings.get(p["product_id"])
            if old is not None and old.status in ("listed", "sold_out"):
                kept[old.product_id] = old  # a live listing keeps its stock and sales
                continue
            kept[p["product_id"]] = Listing(
                product_id=p["product_id"],
                name=p["name"],
                price_fen=p["price_fen"],
                live_price_fen=p["live_price_fen"],
                stock=p.get("stock"),
                limit_per_buyer=p.get("limit_per_buyer"),
                image_url=p.get("image_url", ""),
                sold=old.sold if old else 0,
                bought=old.bought if old else {},
            )
        session.listings = kept
        return len(kept)

    def listing(self, session: Session, product_id: str) -> Listing:
        listing = session.listings.get(product_id)
        if listing is None:
            raise PlatformRuleError(404, "not_found", f"product {product_id} was not synced")
        return listing

    async def link_up(
        self,
        session_id: str,
        key: str,
        body: dict[str, Any],
        received_at: float,
    ) -> tuple[int, dict[str, Any], bool]:
        """List a product once per key; a repeat (even one in flight) gets the first answer."""
        session = self._open_session(session_id)
        existing = session.idempotent.get(key)
        if existing is not None:
            status, answer = await asyncio.shield(existing)
            return status, answer, True
        future: asyncio.Future[tuple[int, dict[str, Any]]] = (
            asyncio.get_running_loop().create_future()
        )
        session.idempotent[key] = future
        try:
            status, answer = await self._do_link_up(session, body, received_at)
        except PlatformRuleError as exc:
            # refusals are not stored: the host may fix the cause and retry with the same key
            del session.idempotent[key]
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody waits
            raise
        future.set_result((status, answer))
        return status, answer, False

    async def _do_link_up(
        self, session: Session, body: dict[str, Any], received_at: float
    ) -> tuple[int, dict[str, Any]]:
        faults = self.faults
        if faults.fail_link_ups > 0:
            faults.fail_link_ups -= 1
            raise PlatformRuleError(503, "conflict", "rehearsal fault: platform unavailable")
        if faults.stall_count > 0:
            faults.stall_count -= 1
            await asyncio.sleep(faults.stall_link_ups_s)  # a stall after receipt: the worst case
        listing = self.listing(session, body["product_id"])
        listing.live_price_fen = body["live_price_fen"]
        if body.get("stock") is not None:
            listing.stock = body["stock"]
        if body.get("limit_per_buyer") is not None:
            listing.limit_per_buyer = body["limit_per_buyer"]
        listing.status = "sold_out" if listing.stock == 0 else "listed"
        listing.link_up_id = uuid.uuid4().hex[:12]
        listing.received_at = received_at
        self.publish(session, "listed", {"product_id": listing.product_id, "stock": listing.stock})
        for callback in self.on_listed:
            callback(session, listing)
        return 201, listing.to_json()

    def take_down(self, session_id: str, product_id: str) -> Listing:
        session = self.session(session_id)
        listing = self.listing(session, product_id)
        if listing.status in ("listed", "sold_out"):
            listing.status = "taken_down"
            self.publish(session, "taken_down", {"product_id": product_id})
        return listing

    def set_stock(self, session_id: str, product_id: str, stock: int) -> Listing:
        session = self._open_session(session_id)
        listing = self.listing(session, product_id)
        listing.stock = stock
        if listing.status == "sold_out" and stock > 0:
            listing.status = "listed"
        elif listing.status == "listed" and stock == 0:
            listing.status = "sold_out"
        self.publish(session, "stock", {"product_id": product_id, "stock": stock})
        return listing

    # -- buyers ----------------------------------------------------------------------------
    def place_order(
        self, session_id: str, buyer_id: str, product_id: str, quantity: int
    ) -> dict[str, Any]:
        """Atomic: no await between the stock check and the sale."""
        session = self._open_session(session_id)
        listing = self.listing(session, product_id)
        if listing.status == "sold_out":
            raise PlatformRuleError(409, "sold_out", "sold out")
        if listing.status != "listed":
            raise PlatformRuleError(409, "not_listed", "the product is not listed")
        already = listing.bought.get(buyer_id, 0)
        if listing.limit_per_buyer is not None and already + quantity > listing.limit_per_buyer:
            raise PlatformRuleError(
                409, "limit_exceeded", f"limit {listing.limit_per_buyer} per buyer"
            )
        if listing.stock is not None and quantity > listing.stock:
            raise PlatformRuleError(409, "sold_out", f"only {listing.stock} left")
        if listing.stock is not None:
            listing.stock -= quantity
        listing.sold += quantity
        listing.bought[buyer_id] = already + quantity
        session.orders += 1
        now = time.time()
        order = {
            "order_id": f"o{next(self._order_ids)}",
            "buyer_id": buyer_id,
            "product_id": product_id,
            "quantity": quantity,
            "amount_fen": quantity * listing.live_price_fen,
            "at": now,
        }
        self.publish(
            session,
            "order",
            {k: order[k] for k in ("product_id", "buyer_id", "quantity", "amount_fen")},
        )
        if listing.stock == 0:
            listing.status = "sold_out"
            self.publish(session, "sold_out", {"product_id": product_id, "stock": 0})
        return order

    def comment(self, session: Session, user: str, text: str) -> None:
        self.publish(session, "comment", {"user": user, "text": text})

    def set_viewers(self, session: Session, viewers: int) -> None:
        session.viewers = viewers
        self.publish(session, "viewers", {"viewers": viewers})

    # -- events ----------------------------------------------------------------------------
    def publish(self, session: Session, kind: str, data: dict[str, Any]) -> None:
        event = (next(self._event_ids), kind, {"type": kind, "at": time.time(), **data})
        session.events.append(event)
        for queue in list(session.subscribers):
            queue.put_nowait(event)

    def record_call(self, session_id: str, call: dict[str, Any]) -> None:
        session = self.sessions.get(session_id)
        if session is not None:
            session.calls.append(call)
