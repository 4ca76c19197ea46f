"""The host's scenes: what the canvas shows, switched with one click or F1-F4.

    主播全屏  host      the camera, with the beauty and green screen
    主播+特写  closeup   the camera, and the close-up source in a corner
    商品视频  product   the product's video full screen, the camera small in a corner
    稍后回来  brb       a "be right back" card (the sound goes on)

Each scene keeps its own content; the show's graphics (the countdown, the card, the
comments) stay on top in every one. A switch fades over `FADE_S`.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.messages import Message

SCENES = ("host", "closeup", "product", "brb")
FADE_S = 0.3


@dataclass(frozen=True)
class SceneSources:
    """What the scenes need beyond the camera: the close-up and the product video."""

    closeup: str = ""  # camera:N, screen:N, a clip or a picture
    product_video: str = ""  # a clip (looped) or a picture
    brb_text: str = ""  # "" → "稍后回来" / "Be right back" in the show's language

    def missing(self, scene: str) -> Message | None:
        """Why `scene` cannot be shown (None: it can)."""
        if scene not in SCENES:
            return Message("scene.unknown", {"name": scene[:20], "choices": ", ".join(SCENES)})
        if scene == "closeup" and not self.closeup:
            return Message("scene.no_closeup")
        if scene == "product" and not self.product_video:
            return Message("scene.no_product_video")
        return None
