"""Typed values that cross the platform interface (money in fen, times in Unix seconds)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SessionInfo:
    session_id: str
    title: str
    started_at: float


@dataclass(frozen=True)
class PlatformProduct:
    product_id: str
    name: str
    price_fen: int
    live_price_fen: int
    stock: int | None = None
    limit_per_buyer: int | None = None
    image_url: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "product_id": self.product_id,
            "name": self.name,
            "price_fen": self.price_fen,
            "live_price_fen": self.live_price_fen,
            "stock": self.stock,
            "limit_per_buyer": self.limit_per_buyer,
        }
        if self.image_url.startswith(("http://", "https://")):
            data["image_url"] = self.image_url
        return data


@dataclass(frozen=True)
class LinkUpRequest:
    product_id: str
    live_price_fen: int
    stock: int | None = None
    limit_per_buyer: int | None = None
    zero_at: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "product_id": self.product_id,
            "live_price_fen": self.live_price_fen,
            "stock": self.stock,
            "limit_per_buyer": self.limit_per_buyer,
            "zero_at": self.zero_at,
        }


@dataclass(frozen=True)
class Listing:
    """A product's state on the platform after a call."""

    product_id: str
    status: str  # not_listed | listed | sold_out | taken_down | assisted
    stock: int | None
    sold: int = 0
    link_up_id: str = ""
    received_at: float | None = None
    replayed: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any], replayed: bool = False) -> Listing:
        return cls(
            product_id=str(data["product_id"]),
            status=str(data["status"]),
            stock=data.get("stock"),
            sold=int(data.get("sold") or 0),
            link_up_id=str(data.get("link_up_id") or ""),
            received_at=data.get("received_at"),
            replayed=replayed,
        )


@dataclass(frozen=True)
class PlatformEvent:
    """One thing that happened on the platform: an order, a comment, the viewer count, …"""

    event_id: int
    type: str
    at: float
    product_id: str = ""
    buyer_id: str = ""
    quantity: int = 0
    amount_fen: int = 0
    stock: int | None = None
    text: str = ""
    user: str = ""
    viewers: int = 0

    @classmethod
    def from_json(cls, event_id: int, data: dict[str, Any]) -> PlatformEvent:
        return cls(
            event_id=event_id,
            type=str(data.get("type", "")),
            at=float(data.get("at") or 0.0),
            product_id=str(data.get("product_id") or ""),
            buyer_id=str(data.get("buyer_id") or ""),
            quantity=int(data.get("quantity") or 0),
            amount_fen=int(data.get("amount_fen") or 0),
            stock=data.get("stock"),
            text=str(data.get("text") or ""),
            user=str(data.get("user") or ""),
            viewers=int(data.get("viewers") or 0),
        )
