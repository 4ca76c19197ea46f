"""Talking to the rehearsal platform as a test: a session with products, over real HTTP."""

from __future__ import annotations

from typing import Any

import httpx


def open_session(client: httpx.Client, products: list[dict[str, Any]], title: str = "测试") -> str:
    """Start a session and sync `products`; returns the session id."""
    sid = str(client.post("/v1/sessions", json={"title": title}).json()["session_id"])
    response = client.put(f"/v1/sessions/{sid}/products", json={"products": products})
    assert response.status_code == 200, response.text
    return sid


def product(
    product_id: str, name: str, price_fen: int, live_fen: int, **extra: Any
) -> dict[str, Any]:
    return {
        "product_id": product_id,
        "name": name,
        "price_fen": price_fen,
        "live_price_fen": live_fen,
        **extra,
    }
