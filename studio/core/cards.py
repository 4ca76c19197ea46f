"""What the on-stream product card says: words and a picture key, no pixels.

The show (app) decides what the card says; the presenter (media) draws it off the show's
loop. `tone` picks the badge colour: "live" (red: buyable now) or "notice" (orange).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CardSpec:
    name: str
    live_price: str
    price: str  # the original price, struck through; "" when there is no discount
    stock_text: str
    badge: str
    tone: str = "notice"
    picture_key: str = ""
    spec: str = ""  # 规格 ("5斤装"), beside the stock
