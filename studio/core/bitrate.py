"""Dynamic bitrate: follow the measured uplink down under congestion, step back up as it recovers.

Pure logic, fed once a second by an RTMP output with what it saw; the engine applies the
lowest target of all live pushes to the one shared encoder.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class BitrateController:
    """Targets a bitrate from queue growth and send throughput (OBS's dynamic bitrate, simplified).

    Congested: queued media grew past `congested_ms` and keeps growing, so the link carries less
    than we produce; drop to what actually went out (×`headroom`), never below `min_kbps`.
    Recovered: the queue stayed near empty for `recover_after_s`; step up by `step_up` of the
    configured rate, never above it.
    """

    configured_kbps: float
    min_kbps: float = 300.0
    congested_ms: float = 300.0
    clear_ms: float = 100.0
    headroom: float = 0.85
    step_up: float = 0.1
    recover_after_s: float = 5.0
    target_kbps: float = 0.0
    _prev_queue_ms: float = 0.0
    _clear_s: float = 0.0

    def __post_init__(self) -> None:
        self.target_kbps = self.configured_kbps

    def update(self, queue_ms: float, sent_kbps: float, interval_s: float) -> float:
        growing = queue_ms > self._prev_queue_ms
        self._prev_queue_ms = queue_ms
        if queue_ms >= self.congested_ms and growing and sent_kbps > 0:
            lowered = max(self.min_kbps, min(self.target_kbps, sent_kbps) * self.headroom)
            self.target_kbps = min(self.target_kbps, lowered)
            self._clear_s = 0.0
        elif queue_ms <= self.clear_ms:
            self._clear_s += interval_s
            if self._clear_s >= self.recover_after_s and self.target_kbps < self.configured_kbps:
                step = self.configured_kbps * self.step_up
                self.target_kbps = min(self.configured_kbps, self.target_kbps + step)
                self._clear_s = 0.0
        else:
            self._clear_s = 0.0
        return self.target_kbps

    def reset(self) -> None:
        self.target_kbps = self.configured_kbps
        self._prev_queue_ms = 0.0
        self._clear_s = 0.0
