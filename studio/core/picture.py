"""The host's picture tools, as plain data: beauty, green screen or cutout, picture-in-picture.

The CLI fills one from its flags, the window from its production panel; the app layer turns
it into the engine's effects and insets (and changes them while live).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.core.errors import StudioError
from studio.core.messages import Message

LOOKS = ("natural", "warm", "fresh")
CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
KEY_NAMES = ("green", "blue")
BLUR = "blur"  # the background that is the room itself, blurred (with a cutout)
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class PictureError(StudioError, ValueError):
    """A picture tool set wrong; the message says how to set it right."""


@dataclass(frozen=True)
class PictureTools:
    beauty: int = 0  # 0..100: skin smoothing and brightening
    look: str = "natural"  # natural | warm | fresh
    key: str = ""  # chroma key: "" (off) | green | blue | #RRGGBB
    cutout: bool = False  # the host cut out of the room by a model (no green screen)
    background: str = ""  # behind a key or cutout: a picture, a clip, "blur" (cutout), "" black
    pip: str = ""  # a second source in a corner: camera:N, a clip, a picture, screen:N
    pip_corner: str = "bottom-right"
    pip_size: float = 0.3  # its width, as a share of the canvas's

    def check(self) -> None:
        """PictureError for a value no control would give; paths are checked on opening."""
        if not 0 <= self.beauty <= 100:
            raise PictureError(Message("picture.bad_beauty", {"value": self.beauty}))
        if self.look not in LOOKS:
            raise PictureError(
                Message("picture.bad_look", {"value": self.look[:20], "choices": ", ".join(LOOKS)})
            )
        if self.key and self.key.lower() not in KEY_NAMES and not _HEX.match(self.key):
            raise PictureError(Message("picture.bad_key", {"value": self.key[:20]}))
        if self.key and self.cutout:
            raise PictureError(Message("picture.key_and_cutout"))
        if self.background and not (self.key or self.cutout):
            raise PictureError(Message("picture.background_without_key"))
        if self.background == BLUR and not self.cutout:
            raise PictureError(Message("picture.blur_needs_cutout"))
        if self.pip_corner not in CORNERS:
            raise PictureError(
                Message(
                    "picture.bad_corner",
                    {"value": self.pip_corner[:20], "choices": ", ".join(CORNERS)},
                )
            )
        if not 0.1 <= self.pip_size <= 0.6:
            raise PictureError(Message("picture.bad_pip_size", {"value": self.pip_size}))
