"""Video sources and how a `--source` string names one."""

from __future__ import annotations

from pathlib import Path

from studio.core.errors import StudioError
from studio.core.messages import Message, said
from studio.media.clock import AudioTimeline, MediaClock
from studio.media.sources.base import FrameSlot, SourceStatus, VideoSource
from studio.media.sources.camera import CameraSource
from studio.media.sources.clip import ClipSource, clip_has_video
from studio.media.sources.image import PanelSource, StillImageSource
from studio.media.sources.screen import SCREEN_FPS, ScreenError, ScreenSource
from studio.media.sources.test_pattern import TestPatternSource

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp"}


class SourceError(StudioError, ValueError):
    """A --source the studio cannot use; the message says how to fix it."""


def open_source(
    spec: str, clock: MediaClock, *, fps: int = 30, audio: AudioTimeline | None = None
) -> VideoSource:
    """`test`, `camera:N` (or `camera:NAME`), `screen:N`, a clip path, or an image path."""
    if spec == "test":
        return TestPatternSource(clock, fps=fps)
    if spec.startswith("camera:"):
        return CameraSource(spec.removeprefix("camera:"), fps=fps)
    if spec.startswith("screen:"):
        index = spec.removeprefix("screen:").strip()
        if not index.isdigit():
            raise SourceError(Message("source.bad_screen", {"spec": spec[:40]}))
        try:
            return ScreenSource(int(index), fps=min(fps, SCREEN_FPS))
        except ScreenError as exc:
            raise SourceError(said(exc)) from None
    path = Path(spec)
    if not path.exists():
        raise SourceError(Message("source.no_such_file", {"spec": spec[:200]}))
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return StillImageSource(path)
    # refused now, in words: a sound-only file (an .m4a, a voice memo) would otherwise play
    # no frame and be reported later as a video source that stopped
    video = clip_has_video(path)
    if video is None:
        raise SourceError(Message("source.not_a_clip", {"name": path.name[:80]}))
    if not video:
        raise SourceError(Message("source.no_picture", {"name": path.name[:80]}))
    return ClipSource(path, clock, audio=audio)


__all__ = [
    "CameraSource",
    "ClipSource",
    "FrameSlot",
    "PanelSource",
    "ScreenSource",
    "SourceError",
    "SourceStatus",
    "StillImageSource",
    "TestPatternSource",
    "VideoSource",
    "open_source",
]
