"""Typed values that cross the platform interface (money in fen, times in Unix seconds)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# Bounds on what a platform may say (the contract's own limits, and sanity past them).
MAX_TEXT = 500
MAX_QUANTITY = 1_000_000
MAX_FEN = 10**12  # ¥10 billion: no single order is more
MAX_STOCK = 10**9
MAX_VIEWERS = 10**10
EVENT_TYPES = frozenset(
    {"order", "comment", "viewers", "sold_out", "stock", "taken_down", "listed", "session_ended"}
)


def _int(data: dict[str, Any], key: str, low: int, high: int, default: int | None = 0) -> Any:
    """An integer field within [low, high]; ValueError naming the field otherwise."""
    value = data.get(key)
    if value is None:
        if default is None:
            return None
        return default
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key}={str(value)[:40]!r}")
    if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
        raise ValueError(f"{key}={value!r}")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{key}={number}")
    return number


def _time(data: dict[str, Any], key: str) -> float | None:
    """A Unix time in seconds, or None; ValueError for anything that is not one."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key}={str(value)[:40]!r}")
    seconds = float(value)
    if not (math.isfinite(seconds) and 0 <= seconds < 1e11):
        raise ValueError(f"{key}={value!r}")
    return seconds


def _time_or_none(data: dict[str, Any], key: str) -> float | None:
    try:
        return _time(data, key)
    except ValueError:
        return None


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    return str(value)[:MAX_TEXT]


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
    goods_id: str = ""  # the platform's own id, where it has one (WeChat's goodsId)

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
    # what the host is told of it (a Message): a console link-up clicked and confirmed, or
    # one the studio could not make and left to the host (status "assisted"), and why
    note: object = None

    @classmethod
    def from_json(cls, data: dict[str, Any], replayed: bool = False) -> Listing:
        """KeyError, TypeError or ValueError when the answer does not follow the contract."""
        return cls(
            product_id=str(data["product_id"])[:128],
            status=str(data["status"])[:32],
            stock=_int(data, "stock", 0, MAX_STOCK, None),
            sold=_int(data, "sold", 0, MAX_STOCK),
            link_up_id=_text(data, "link_up_id")[:128],
            # the listing stands even when its receipt time is nonsense: only the latency
            # estimate needed it
            received_at=_time_or_none(data, "received_at"),
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
    key: str = ""  # a comment feed's own message id (Bilibili, YouTube): duplicates dropped

    @classmethod
    def from_json(cls, event_id: int, data: dict[str, Any]) -> PlatformEvent:
        """The event, checked field by field; one that makes no sense comes back as an
        `invalid` event (its `text` says why, `user` names its type), never an exception:
        one bad event must not end the stream of them."""
        kind = str(data.get("type", ""))[:32]
        try:
            event = cls(
                event_id=event_id,
                type=kind,
                at=_time(data, "at") or 0.0,
                product_id=_text(data, "product_id")[:128],
                buyer_id=_text(data, "buyer_id")[:64],
                quantity=_int(data, "quantity", 0, MAX_QUANTITY),
                amount_fen=_int(data, "amount_fen", 0, MAX_FEN),
                stock=_int(data, "stock", 0, MAX_STOCK, None),
                text=_text(data, "text"),
                user=_text(data, "user")[:64],
                viewers=_int(data, "viewers", 0, MAX_VIEWERS),
            )
        except ValueError as exc:
            return cls.invalid(event_id, kind, str(exc))
        if kind == "order" and (event.quantity < 1 or not event.product_id):
            return cls.invalid(event_id, kind, "product_id/quantity")
        return event

    @classmethod
    def invalid(cls, event_id: int, kind: str, reason: str) -> PlatformEvent:
        return cls(event_id=event_id, type="invalid", at=0.0, user=kind[:32], text=reason[:200])


@dataclass(frozen=True)
class ProductProblem:
    """A product that cannot be linked up on this platform, found before the show."""

    product_id: str
    name: str
    why: object  # a Message: what is wrong and how to fix it
