"""A still picture (a product photo, a "be right back" card): decoded once."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from studio.core.errors import StudioError
from studio.core.messages import Message, error_words
from studio.media.sources.base import VideoSource

MAX_PICTURE_BYTES = 64 * 1024 * 1024
MAX_SIDE = 8192


MAX_ASPECT = 32  # longest side over shortest: a banner is 8, a 1x1 dot is fine


class PictureUnreadable(StudioError, ValueError):
    """A picture file that cannot be shown (too big, not a picture, a line); the message
    names it and says why."""


def read_image(path: Path, flags: int = cv2.IMREAD_COLOR) -> np.ndarray:
    """cv2.imread cannot open non-ASCII paths on Windows (商品图.png): decode from bytes.
    Bounded: a file over 64 MB, or a picture over 40 megapixels, is refused; one over 8192
    pixels on a side is scaled down."""
    if path.stat().st_size > MAX_PICTURE_BYTES:
        raise PictureUnreadable(Message("source.picture_too_big", {"name": path.name}))
    data = np.fromfile(str(path), np.uint8)
    try:
        image = cv2.imdecode(data, flags)
    except cv2.error:
        raise PictureUnreadable(Message("source.picture_too_big", {"name": path.name})) from None
    if image is not None and max(image.shape[:2]) > MAX_SIDE:
        scale = MAX_SIDE / max(image.shape[:2])
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if image is None:
        raise PictureUnreadable(Message("source.not_a_picture", {"name": path.name}))
    h, w = image.shape[:2]
    if max(h, w) > MAX_ASPECT * min(h, w):  # a line, not a picture: nothing to show
        raise PictureUnreadable(
            Message("source.picture_shape", {"name": path.name, "w": w, "h": h})
        )
    return image


class StillImageSource(VideoSource):
    def __init__(self, path: Path) -> None:
        super().__init__(path.name)
        self.path = path

    def start(self) -> None:  # nothing to capture: publish once
        try:
            self._publish(np.ascontiguousarray(read_image(self.path)))
        except (OSError, ValueError) as exc:
            self._set_status(False, error_words(exc))

    def stop(self, timeout_s: float = 0.0) -> None:
        pass


class PanelSource(VideoSource):
    """A picture made in memory (a "be right back" card), published once."""

    def __init__(self, name: str, bgr: np.ndarray) -> None:
        super().__init__(name)
        self._bgr = np.ascontiguousarray(bgr)

    def start(self) -> None:
        self._publish(self._bgr)

    def stop(self, timeout_s: float = 0.0) -> None:
        pass
