"""How the host runs link-ups, the words on stream, and what the show tells the host."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from studio.core.messages import Message, render

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "zero": "上链接!",
        "soon": "即将开抢",
        "live": "抢购中",
        "sold_out": "已售罄",
        "failed": "链接稍后上架",
        "taken_down": "已下架",
        "relisted": "链接已上架",
        "stock": "剩余 {n} 件",
        "unlimited": "库存充足",
        "limit": "每人限购 {n} 件",
    },
    "en": {
        "zero": "Link is live!",
        "soon": "Coming up",
        "live": "Buy now",
        "sold_out": "Sold out",
        "failed": "Link coming shortly",
        "taken_down": "Ended",
        "relisted": "The link is up",
        "stock": "{n} left",
        "unlimited": "In stock",
        "limit": "Limit {n} per buyer",
    },
}


@dataclass
class ShowSettings:
    """How the host runs link-ups (the window's settings page, the CLI's flags)."""

    title: str = "直播"
    countdown_s: int = 3
    sync_to_viewers: bool = False
    viewer_delay_s: float = 3.0  # what viewers lag behind the studio (CDN): 2-5 s
    hold_when_reconnecting: bool = True
    banner_s: float = 3.0
    language: str = "zh"
    # a link-up held for a reconnecting destination is given up after this long
    max_hold_s: float = 60.0

    def labels(self) -> dict[str, str]:
        return LABELS.get(self.language, LABELS["zh"])


@dataclass(frozen=True)
class Notice:
    """Something the host must see now ("link-up failed: …", "click 上架 now").

    `message` is a code with parameters, worded in the reader's language by `text` (or
    `render(language)`); a plain string is taken as it is.
    """

    level: str  # info | warning | error | action
    message: Message | str
    at: float = field(default_factory=time.time)

    @property
    def text(self) -> str:
        return self.render()

    def render(self, language: str | None = None) -> str:
        if isinstance(self.message, Message):
            return render(self.message, language)
        return self.message

    @property
    def code(self) -> str:
        return self.message.code if isinstance(self.message, Message) else ""
