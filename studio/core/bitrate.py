"""Dynamic bitrate: follow what the uplink delivers, probe up only while nothing queues.

Pure logic, fed about once a second by an RTMP output with what it saw; the engine applies the
lowest target of all live pushes to the one shared encoder.

Two ideas from the congestion controllers that hold up on real links:

- **The rate a full link delivers is its rate** (BBR's bottleneck-bandwidth estimate, Cardwell
  et al. 2016): while media stands in a queue, what the server acknowledges per second is what
  the link carries. The video target is that, times `share` (RTMP, FLV, TCP and IP framing
  and a margin), less the sound, which shares the link.
- **A standing queue, not loss, is the signal** (Google Congestion Control's delay-based
  detector, draft-ietf-rmcat-gcc): queued media (ours and the socket's) growing past
  `congested_ms` means the link is full; a queue that starts to stand right after a probe
  takes that probe back at once, before frames have to be dropped, and the next probe waits
  twice as long (capped), as GCC holds its rate after an overuse.

Probing up happens only after the queue has stayed near empty for the hold time: 6 % a step
near the last known link rate; 25 % after 2 s when far below it (the link recovered).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class BitrateController:
    configured_kbps: float
    audio_kbps: float = 128.0
    min_kbps: float = 300.0
    congested_ms: float = 250.0  # media standing in the queues: the link is full
    clear_ms: float = 60.0  # near empty
    share: float = 0.92  # of the delivered rate, for video and sound together
    hold_s: float = 4.0  # clear this long before a probe
    max_hold_s: float = 32.0
    probe_step: float = 0.06
    fast_probe_step: float = 0.25
    fast_hold_s: float = 2.0
    accept_after_s: float = 2.0  # a probe that stayed clear this long is kept
    target_kbps: float = 0.0
    link_kbps: float = 0.0  # the last rate the link delivered while full (0: not seen yet)
    _clear_s: float = 0.0
    _hold: float = 0.0
    _probe_from: float | None = None
    _prev_standing_ms: float = 0.0
    _growth_run: int = 0

    def __post_init__(self) -> None:
        self.target_kbps = self.configured_kbps
        self._hold = self.hold_s

    def _far(self) -> bool:
        """Well below what the link last carried (or it is not known): probe boldly."""
        return not self.link_kbps or self.target_kbps < 0.7 * self.fit(self.link_kbps)

    def fit(self, delivered_kbps: float) -> float:
        """The video rate a link delivering `delivered_kbps` carries with the sound."""
        return max(self.min_kbps, delivered_kbps * self.share - self.audio_kbps)

    def update(
        self,
        queue_ms: float,
        sent_kbps: float,
        interval_s: float,
        delivered_kbps: float | None = None,
        backlog_ms: float = 0.0,
    ) -> float:
        """One look: media queued in the output (`queue_ms`) and in the socket (`backlog_ms`),
        what went out and what the server acknowledged over `interval_s`."""
        delivered = sent_kbps if delivered_kbps is None else delivered_kbps
        standing = queue_ms + backlog_ms
        growing = standing > self._prev_standing_ms + 1.0
        self._prev_standing_ms = standing
        self._growth_run = self._growth_run + 1 if growing else 0
        # GCC's trend detector, simply: a queue that grew three looks in a row is overuse even
        # while it is short (a rate just above the link fills it slowly, but it fills)
        overuse = standing >= self.congested_ms or (self._growth_run >= 3 and standing > 20.0)
        if self._probe_from is not None and growing:
            # a queue growing right after a probe: take it back before anything is dropped
            self.target_kbps = self._probe_from
            self._probe_from = None
            self._hold = min(self.max_hold_s, self._hold * 2)
            self._clear_s = 0.0
        elif overuse and delivered > 0:
            self.link_kbps = delivered
            fit = self.fit(delivered)
            if self._probe_from is not None:  # the probe overshot: back, and wait longer
                fit = min(fit, self._probe_from)
                self._hold = min(self.max_hold_s, self._hold * 2)
                self._probe_from = None
            self.target_kbps = min(self.target_kbps, fit)
            self._clear_s = 0.0
        elif standing <= self.clear_ms:
            self._clear_s += interval_s
            if self._probe_from is not None:
                if self._clear_s >= self.accept_after_s:
                    self._probe_from = None  # the link carries it: keep it
                    self._clear_s = 0.0
                    self._hold = self.hold_s
                    if self.link_kbps and self.target_kbps + self.audio_kbps > self.link_kbps:
                        self.link_kbps = 0.0  # it carries more than it did when full: it grew
            elif self.target_kbps < self.configured_kbps and self._clear_s >= (
                min(self._hold, self.fast_hold_s) if self._far() else self._hold
            ):
                step = self.fast_probe_step if self._far() else self.probe_step
                self._probe_from = self.target_kbps
                self.target_kbps = min(self.configured_kbps, self.target_kbps * (1 + step))
                self._clear_s = 0.0
        else:
            self._clear_s = 0.0
        return self.target_kbps

    def reset(self) -> None:
        self.target_kbps = self.configured_kbps
        self.link_kbps = 0.0
        self._prev_standing_ms = 0.0
        self._growth_run = 0
        self._clear_s = 0.0
        self._hold = self.hold_s
        self._probe_from = None
