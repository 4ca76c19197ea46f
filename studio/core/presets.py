"""Canvas and platform presets: what a merchant picks instead of numbers.

Bitrates are per canvas, with a VBV cap (maxrate = bitrate, buffer = 1 s) so a weak uplink
sees a steady rate rather than bursts. Sources for the platform rows, and how sure we are:

- Tencent Cloud CSS (云直播) push guidance: keyframe interval 1–2 s; its LEB low-latency
  playback has to transcode streams that carry B-frames, so we send none. Bitrate ladder from
  its console's transcoding templates (流畅/标清/高清/超清 ≈ 500/1000/1800/3500 kbps).
- Douyin (抖音直播伴侣 / OBS push): community guides agree on 720x1280 or 1080x1920 at 25–30 fps,
  1500–4000 kbps, and report pushes above about 6000 kbps being throttled. Not an official doc.
- Kuaishou, Taobao Live, WeChat Channels: their consoles hand out an RTMP URL and key and
  suggest ≤ 4000 kbps at 1080p, 2 s GOP, no B-frames; community guidance, not an official doc.
- YouTube / Twitch publish official figures (Twitch: ≤ 6000 kbps, keyframe 2 s).
A later revision replaces each "community guidance" row as soon as an official figure is found.
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
    """What a platform asks of a third-party push."""

    platform: str
    max_video_kbps: int
    keyframe_s: float
    b_frames: int
    recommended_canvas: str
    audio_kbps: int = 128
    official: bool = False


PLATFORM_PRESETS: dict[str, PlatformPreset] = {
    "douyin": PlatformPreset("douyin", 4000, 2.0, 0, "720p-portrait"),
    "kuaishou": PlatformPreset("kuaishou", 4000, 2.0, 0, "720p-portrait"),
    "taobao": PlatformPreset("taobao", 4000, 2.0, 0, "720p-portrait"),
    "wechat": PlatformPreset("wechat", 4000, 2.0, 0, "720p-portrait"),
    "tencent": PlatformPreset("tencent", 3500, 2.0, 0, "720p-portrait", official=True),
    "bilibili": PlatformPreset("bilibili", 6000, 2.0, 0, "1080p"),
    "youtube": PlatformPreset("youtube", 6000, 2.0, 0, "1080p", official=True),
    "twitch": PlatformPreset("twitch", 6000, 2.0, 0, "1080p", official=True),
    "custom": PlatformPreset("custom", 6000, 2.0, 0, "720p"),
}
