"""Encoded packets as plain immutable values, so many output threads can share one encode."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from fractions import Fraction


class Kind(Enum):
    VIDEO = 1
    AUDIO = 2


def ticks_to_ms(ticks: int, time_base: Fraction) -> int:
    """`ticks` of `time_base` in whole milliseconds, truncated toward zero (FLV's unit)."""
    return int(ticks * 1000 * time_base.numerator / time_base.denominator)


@dataclass(frozen=True, slots=True)
class VideoConfig:
    """The encoded picture's size and codec header (avcC) a video packet was made with: it
    changes mid-stream when the encoded size steps down a rung on a weak uplink."""

    width: int
    height: int
    extradata: bytes


@dataclass(frozen=True, slots=True)
class EncodedPacket:
    """One encoded access unit. `data` is immutable bytes; each output builds its own av.Packet.

    `capture_ns` is the monotonic time the frame was composed (video) or captured (audio),
    for the capture-to-send latency figure. `dts_ms` and `cts_ms` (pts − dts) are worked out
    once, by the encoder, in the integer milliseconds RTMP carries: the outputs read them for
    every packet, and a `Fraction` per read is measurable at 80 packets a second.
    """

    kind: Kind
    data: bytes
    pts: int
    dts: int
    time_base: Fraction
    is_keyframe: bool
    capture_ns: int
    dts_ms: int
    cts_ms: int
    config: VideoConfig | None = None  # video only: one shared object per encoded size


@dataclass(frozen=True)
class StreamInfo:
    """What an output needs to announce the stream (sizes, rates, codec headers)."""

    width: int
    height: int
    fps: float
    video_kbps: float
    audio_kbps: float
    audio_rate: int
    video_extradata: bytes
    audio_extradata: bytes
