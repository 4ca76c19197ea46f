"""How healthy the picture is, judged as OBS judges it, from two snapshots of the stream.

OBS's status bar counts three kinds of lost frames apart: frames the video loop never made
("missed due to rendering lag"), frames the encoder could not take ("skipped due to encoding
lag") and frames an output threw away on a slow network ("dropped"). A chip that counts only
the last says 0 while the stream runs at half its rate; this one counts all three, and
colours itself by OBS's thresholds:

- dropped over 1 % of the frames sent is a warning, over 5 % an error;
- a frame rate under 95 % of the canvas's is a warning, under 80 % an error;
- a frame that takes more than 75 % of its interval to draw is a warning (the next tool
  added will make it late).

The rates are measured between two snapshots (what is happening now, so the chip recovers
when the picture does); the counts shown are the totals since the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from studio.core.state import StreamStats

DROPPED_WARN, DROPPED_BAD = 0.01, 0.05
FPS_WARN, FPS_BAD = 0.95, 0.80
RENDER_WARN = 0.75
SETTLE_S = 3.0  # the first seconds (encoder opening, sources starting) are not judged on rate


class Level(Enum):
    """A chip's colour. No valid zero."""

    OK = 1
    WARN = 2
    BAD = 3


@dataclass(frozen=True)
class FrameHealth:
    """What the frames chip says: the level, the reasons for it, and the figures."""

    level: Level
    fps: float  # frames produced per second, over the last interval
    fps_target: int
    missed: int  # since the start: never produced (render lag) or not encoded in time
    dropped: int  # since the start: thrown away by the outputs (network)
    dropped_ratio: float  # of the frames offered to the outputs, over the last interval
    render_ms: float  # the slow end (95th percentile) of drawing one frame, recently
    frame_ms: float  # the time one frame has
    reasons: tuple[str, ...] = ()  # "fps", "dropped", "render": what set the level


def frame_health(now: StreamStats, before: StreamStats | None = None) -> FrameHealth:
    """The frames' health at `now`, rates measured since `before` (or since the start)."""
    expected = now.frames_expected - (before.frames_expected if before else 0)
    produced = now.frames_encoded - (before.frames_encoded if before else 0)
    dropped_now = now.dropped_video_frames - (before.dropped_video_frames if before else 0)
    sent_now = sum(o.sent_video_frames for o in now.outputs) - (
        sum(o.sent_video_frames for o in before.outputs) if before else 0
    )
    seconds = now.elapsed_s - (before.elapsed_s if before else 0.0)
    fps = produced / seconds if seconds > 0 else 0.0
    fps_ratio = produced / expected if expected > 0 else 1.0
    offered = dropped_now + sent_now
    dropped_ratio = dropped_now / offered if offered > 0 else 0.0
    frame_ms = 1000.0 / now.fps if now.fps else 0.0
    levels = [Level.OK]
    reasons = []
    if now.elapsed_s >= SETTLE_S and expected > 0:
        if fps_ratio < FPS_BAD:
            levels.append(Level.BAD)
        elif fps_ratio < FPS_WARN:
            levels.append(Level.WARN)
        if fps_ratio < FPS_WARN:
            reasons.append("fps")
    if dropped_ratio > DROPPED_BAD:
        levels.append(Level.BAD)
    elif dropped_ratio > DROPPED_WARN:
        levels.append(Level.WARN)
    if dropped_ratio > DROPPED_WARN:
        reasons.append("dropped")
    if frame_ms and now.render_ms_p95 > RENDER_WARN * frame_ms:
        levels.append(Level.WARN)
        reasons.append("render")
    return FrameHealth(
        level=max(levels, key=lambda level: level.value),
        fps=round(fps, 1),
        fps_target=now.fps,
        missed=now.frames_missed,
        dropped=now.dropped_video_frames,
        dropped_ratio=dropped_ratio,
        render_ms=now.render_ms_p95,
        frame_ms=frame_ms,
        reasons=tuple(reasons),
    )
