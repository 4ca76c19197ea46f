"""How the host runs link-ups, the words on stream, and what the show tells the host."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from studio.core.messages import Message, Words, render

# The words on stream, in the show's language (not the window's: a Chinese host may sell in
# English), from the one catalog.
LABEL_KEYS = (
    "zero",
    "soon",
    "live",
    "sold_out",
    "failed",
    "taken_down",
    "relisted",
    "stock",
    "unlimited",
    "limit",
)


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

    def labels(self) -> Words:
        return Words("stream", self.language)


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
