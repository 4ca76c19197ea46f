"""Canvas and platform presets: what a merchant picks instead of numbers.

Bitrates are per canvas, with a VBV cap (maxrate = bitrate, buffer = 1 s) so a weak uplink
sees a steady rate rather than bursts.

Each platform row says where its figures come from (`source`, and which of them the page
gives in `published`); a figure a platform does not publish is our default, and the
destinations dialog says "not published" beside it instead of passing it off as the
platform's:

- YouTube: support.google.com/youtube/answer/2853702 (1080p30: 3-8 Mbps; keyframe every
  2 s, at most 4).
- Twitch: help.twitch.tv/s/article/broadcasting-guidelines (up to 6000 kbps; keyframe 2 s,
  also a requirement in its Broadcast Requirements).
- Tencent Cloud (云直播): its push SDK's encoder table, tencentcloud.com/zh/document/product/
  1071/41861 (1280x720: 1000-1800 kbps; 1920x1080: 2500-3000 kbps). Keyframe interval and
  B-frames: not published there.
- Douyin, Kuaishou, Taobao Live, WeChat Channels, WeChat mini-program live, Bilibili: no
  figures published for third-party push that we could find; the defaults are 720x1280,
  at most 4000 kbps (6000 on Bilibili), a keyframe every 2 s.

Whatever a platform says of B-frames, the studio sends none (low latency, and Tencent's
LEB and several players handle them poorly): `b_frames` is what we send.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Orientation(Enum):
    LANDSCAPE = 1
    PORTRAIT = 2


@dataclass(frozen=True)
class CanvasPreset:
    key: str
    label_zh: str
    label_en: str
    width: int
    height: int
    fps: int
    video_kbps: int

    @property
    def orientation(self) -> Orientation:
        return Orientation.PORTRAIT if self.height > self.width else Orientation.LANDSCAPE


CANVAS_PRESETS: tuple[CanvasPreset, ...] = (
    CanvasPreset("480p", "流畅 横屏", "Smooth 480p", 854, 480, 30, 1000),
    CanvasPreset("480p-portrait", "流畅 竖屏", "Smooth 480p portrait", 480, 854, 30, 1000),
    CanvasPreset("720p", "标清 横屏", "Standard 720p", 1280, 720, 30, 2500),
    CanvasPreset("720p-portrait", "标清 竖屏", "Standard 720p portrait", 720, 1280, 30, 2500),
    CanvasPreset("1080p", "高清 横屏", "HD 1080p", 1920, 1080, 30, 4500),
    CanvasPreset("1080p-portrait", "高清 竖屏", "HD 1080p portrait", 1080, 1920, 30, 4500),
)


def canvas_preset(key: str) -> CanvasPreset:
    for p in CANVAS_PRESETS:
        if p.key == key:
            return p
    raise KeyError(key)


def bitrate_for(width: int, height: int, fps: int) -> int:
    """A sensible video bitrate (kbps) for any canvas: scale the 720p30 figure by pixel rate."""
    pixels = width * height * fps
    base = 1280 * 720 * 30
    kbps = 2500 * (pixels / base) ** 0.75  # bits per pixel fall as resolution grows
    return int(max(400, min(8000, round(kbps / 100) * 100)))


@dataclass(frozen=True)
class PlatformPreset:
    """What a platform asks of a third-party push, and where that is written."""

    platform: str
    max_video_kbps: int
    keyframe_s: float
    b_frames: int
    recommended_canvas: str
    audio_kbps: int = 128
    source: str = ""  # the page the published figures come from; "" when none is
    published: tuple[str, ...] = ()  # which of canvas / bitrate / keyframe the page gives

    @property
    def official(self) -> bool:
        return bool(self.source and self.published)

    def is_published(self, figure: str) -> bool:
        return bool(self.source) and figure in self.published


YOUTUBE = "https://support.google.com/youtube/answer/2853702"
TWITCH = "https://help.twitch.tv/s/article/broadcasting-guidelines"
TENCENT = "https://www.tencentcloud.com/zh/document/product/1071/41861"

PLATFORM_PRESETS: dict[str, PlatformPreset] = {
    "douyin": PlatformPreset("douyin", 4000, 2.0, 0, "720p-portrait"),
    "kuaishou": PlatformPreset("kuaishou", 4000, 2.0, 0, "720p-portrait"),
    "taobao": PlatformPreset("taobao", 4000, 2.0, 0, "720p-portrait"),
    "wechat": PlatformPreset("wechat", 4000, 2.0, 0, "720p-portrait"),
    "wechat_mini": PlatformPreset("wechat_mini", 4000, 2.0, 0, "720p-portrait"),
    "tencent": PlatformPreset(
        "tencent", 1800, 2.0, 0, "720p-portrait", source=TENCENT, published=("canvas", "bitrate")
    ),
    "bilibili": PlatformPreset("bilibili", 6000, 2.0, 0, "1080p"),
    "youtube": PlatformPreset(
        "youtube",
        8000,
        2.0,
        0,
        "1080p",
        source=YOUTUBE,
        published=("canvas", "bitrate", "keyframe"),
    ),
    "twitch": PlatformPreset(
        "twitch", 6000, 2.0, 0, "1080p", source=TWITCH, published=("bitrate", "keyframe")
    ),
    "custom": PlatformPreset("custom", 6000, 2.0, 0, "720p"),
}
