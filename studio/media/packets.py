"""Encoded packets as plain immutable values, so many output threads can share one encode."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from fractions import Fraction


class Kind(Enum):
    VIDEO = 1
    AUDIO = 2


@dataclass(frozen=True, slots=True)
class EncodedPacket:
    """One encoded access unit. `data` is immutable bytes; each output builds its own av.Packet.

    `capture_ns` is the monotonic time the frame was composed (video) or captured (audio),
    for the capture-to-send latency figure.
    """

    kind: Kind
    data: bytes
    pts: int
    dts: int
    time_base: Fraction
    is_keyframe: bool
    capture_ns: int

    @property
    def dts_ms(self) -> float:
        return float(self.dts * self.time_base * 1000)
