"""Dynamic bitrate and resolution steps: follow what the uplink delivers, probe up only while
nothing queues, and send a smaller picture when the link stays too thin for the canvas.

Pure logic, fed about once a second by an RTMP output with what it saw; the engine applies the
lowest target of all live pushes to the one shared encoder, and the ladder's size to it.

What is taken from the congestion controllers that hold up on real links:

- **The rate a full link delivers is its rate** (BBR's bottleneck-bandwidth estimate, Cardwell
  et al., "BBR: Congestion-Based Congestion Control", ACM Queue 2016): while media stands in a
  queue for the whole look, what the server acknowledged is what the link carries. A look
  that began with the queue empty is *app-limited* (BBR's term) and says nothing about the
  link: a keyframe's burst after a quiet second is not congestion. The median of one
  congestion's looks is the link's rate (one look may be a burst from the shaper's bucket).
  The video target is that rate times `share` (RTMP, FLV, TCP and IP framing and a margin),
  less the sound, which shares the link.
- **Drain before settling** (BBR's DRAIN phase): a standing queue only empties below the link
  rate, so after a cut the target is `drain_gain` of the fit until the queue is gone, then the
  fit itself; settling at the fit straight away left the queue standing and frames dropped.
- **A growing queue, not loss, is the signal** (the delay-based detector of Google Congestion
  Control, draft-ietf-rmcat-gcc-02, section 5): a queue that grew three looks in a row while
  the link carried less than we offered is overuse even while short; a queue that starts
  right after a probe takes the probe back at once, before frames have to be dropped, and the
  next probe waits twice as long (capped), as GCC holds its rate after an overuse.
- **Start low, double-quick** (GCC's start bitrate and BBR's STARTUP, gentler): a connection
  starts at `start_share` of the configured rate and goes up a quarter each clear look until
  the first queue; starting at the full rate filled seconds of queue on a thin link before
  the first look could see it.
- **A dead link is not a slow one** (SRT and BBR both keep their estimate through a gap): a
  look that delivered next to nothing against the known rate is an outage for a few looks; the
  rate is kept and the queue drained once the link is back, instead of collapsing to the floor.

Probing up happens only after the queue has stayed near empty for the hold time: 6 % a step
near the last known link rate; 25 % after 2 s when far below it (the link recovered).

The ladder (`ResolutionLadder`) steps the encoded size down a rung when the target stays
below what the size needs (about 900 kbps for 720p, 400 for 480p, by pixels) and back up when
it has long been well above what the size above needs.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


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
    start_share: float = 0.4  # of the configured rate, at each new connection
    huge_ms: float = 1000.0  # a queue this long is the link's doing, whatever came before
    drain_gain: float = 0.6  # of the link's fit while a standing queue drains
    outage_share: float = 0.15  # delivering less than this share of the link: a stall
    outage_looks: int = 5
    _prev_standing_ms: float = 0.0
    _growth_run: int = 0
    _offered_kbps: float = 0.0
    _settle_kbps: float = 0.0
    _draining: bool = False
    _outage_looks: int = 0
    _starting: bool = True
    _samples: list[float] = field(default_factory=list)  # delivered while full, this episode

    def __post_init__(self) -> None:
        self.reset()

    @property
    def start_kbps(self) -> float:
        """Where a new connection starts: a share of the configured rate, probed up from
        there while nothing queues (GCC's start bitrate and BBR's startup, simply). Starting
        at the full rate on a thin link fills a second of queue before the first look."""
        return max(
            self.min_kbps, min(self.configured_kbps, self.configured_kbps * self.start_share)
        )

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
        offered = self._offered_kbps
        self._offered_kbps = self.target_kbps + self.audio_kbps  # what the next look judges
        standing = queue_ms + backlog_ms
        previous = self._prev_standing_ms
        growing = standing > previous + 1.0
        self._prev_standing_ms = standing
        self._growth_run = self._growth_run + 1 if growing else 0
        if standing > self.clear_ms and self._outage(delivered):
            # the link went dead for a moment (a stall, a handover): what it carries now is
            # not its rate, and what we send meanwhile waits or is dropped whatever the
            # target; keep the link's rate and drain once it is back
            self._outage_looks += 1
            if self._probe_from is not None:
                self.target_kbps, self._probe_from = self._probe_from, None
            self._draining = True
            self._clear_s = 0.0
            return self.target_kbps
        self._outage_looks = 0
        # the link had media waiting for it the whole look (BBR's "not app-limited"): only
        # then is what it delivered its rate; a keyframe's burst queues for a moment while
        # the link idled before it, and taking that look's delivery for the link's rate
        # ratcheted the target down to the floor
        backlogged = min(standing, previous) >= 2 * self.clear_ms or standing >= self.huge_ms
        full = standing >= self.congested_ms and backlogged
        # GCC's trend detector, simply: a queue that grew three looks in a row while the link
        # carried less than we offered is overuse even while it is short (a rate just above the
        # link fills it slowly, but it fills); a keyframe's burst grows it too, but the link
        # carried everything then
        trend = self._growth_run >= 3 and standing > 20.0 and delivered < 0.95 * offered
        if self._starting and (standing >= self.congested_ms or self._growth_run >= 2):
            self._starting = False  # the first queue: startup is over, the link decides
        if self._probe_from is not None and (growing or standing >= self.congested_ms) and not full:
            # a queue growing right after a probe: take it back before anything is dropped
            self.target_kbps = self._probe_from
            self._probe_from = None
            self._hold = min(self.max_hold_s, self._hold * 2)
            self._clear_s = 0.0
        elif (full or trend) and delivered > 0:
            self._starting = False
            if not self._draining:
                self._samples.clear()
            self._samples.append(delivered)
            del self._samples[:-8]
            # a full link delivers its rate (BBR); the median of this congestion's looks, as
            # one look may be a burst (the shaper's bucket, acknowledgements bunched up) and
            # the last one before the queue empties is short of the link
            self.link_kbps = statistics.median(self._samples)
            fit = self.fit(self.link_kbps)
            if self._probe_from is not None:  # the probe overshot: back, and wait longer
                fit = min(fit, self._probe_from)
                self._hold = min(self.max_hold_s, self._hold * 2)
                self._probe_from = None
            self._settle_kbps = fit
            if not full:  # a slow overuse: a gentle step, no drain
                fit = max(fit, 0.85 * self.target_kbps)
            else:
                # BBR's drain: below the link until the standing queue is gone, or it stays
                # standing (a rate that just fits the link never empties it) and frames drop
                self._draining = True
                fit = max(self.min_kbps, fit * self.drain_gain)
            self.target_kbps = min(self.target_kbps, fit)
            self._clear_s = 0.0
        elif self._starting and not growing:
            # startup: nothing learned on this connection yet; up a quarter each clear look
            # until the configured rate or the first queue (BBR's startup, gentler)
            self._probe_from = None
            self.target_kbps = min(
                self.configured_kbps, self.target_kbps * (1 + self.fast_probe_step)
            )
            if self.target_kbps >= self.configured_kbps:
                self._starting = False
        elif standing <= self.clear_ms:
            self._clear_s += interval_s
            if self._draining:
                # drained: straight back to what the link carries, not a probe at a time
                self._draining = False
                if self._settle_kbps:
                    settle = min(self.configured_kbps, self._settle_kbps)
                    self.target_kbps = max(self.target_kbps, settle)
                self._clear_s = 0.0
            elif self._probe_from is not None:
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
                self._settle_kbps = 0.0
                self._clear_s = 0.0
        else:
            self._clear_s = 0.0
        return self.target_kbps

    def _outage(self, delivered: float) -> bool:
        """Next to nothing delivered against the link's known rate, for a few looks at most:
        after that it is the link's new rate, however low."""
        known = self.link_kbps or self.target_kbps + self.audio_kbps
        return delivered < self.outage_share * known and self._outage_looks < self.outage_looks

    def reset(self) -> None:
        self.target_kbps = self.start_kbps
        self.link_kbps = 0.0
        self._prev_standing_ms = 0.0
        self._growth_run = 0
        self._clear_s = 0.0
        self._hold = self.hold_s
        self._probe_from = None
        self._offered_kbps = self.target_kbps + self.audio_kbps
        self._settle_kbps = 0.0
        self._draining = False
        self._outage_looks = 0
        self._starting = self.target_kbps < self.configured_kbps
        self._samples.clear()


KBPS_PER_PIXEL = 900 / (1280 * 720)  # 720p needs about 900 kbps to look right, 480p about 400
RUNG_HEIGHTS = (720, 480)  # the rungs below the canvas (by its short side)


def rung_sizes(width: int, height: int) -> list[tuple[int, int]]:
    """The canvas and the smaller sizes it can step down to, same shape, even sides:
    1920x1080 → 1280x720 → 854x480; portrait 720x1280 → 480x854."""
    short = min(width, height)
    sizes = [(width, height)]
    for rung in RUNG_HEIGHTS:
        if rung < short * 0.9:
            scale = rung / short
            sizes.append((round(width * scale / 2) * 2, round(height * scale / 2) * 2))
    return sizes


def needs_kbps(size: tuple[int, int]) -> float:
    """The video rate a picture of `size` needs to look right (by its pixels)."""
    return size[0] * size[1] * KBPS_PER_PIXEL


@dataclass
class ResolutionLadder:
    """Steps the encoded size down a rung while the uplink carries less than the size needs,
    and back up once it has carried well more than the size above needs for a while.

    Fed once a second with the video target the bitrate controller settled on. Down is
    quick (`down_after_s` below the need: a picture starved of bits stutters and smears);
    up is slow and asks for a margin (`up_margin`), and waits twice as long after each step
    back down (capped), so a swinging link does not flip the size every few seconds.
    """

    sizes: list[tuple[int, int]]
    down_after_s: float = 6.0
    up_after_s: float = 20.0
    max_up_after_s: float = 120.0
    up_margin: float = 1.3
    index: int = 0
    _below_s: float = 0.0
    _above_s: float = 0.0
    _up_wait_s: float = 0.0
    _stepped_up: bool = False

    def __post_init__(self) -> None:
        self._up_wait_s = self.up_after_s

    @property
    def size(self) -> tuple[int, int]:
        return self.sizes[self.index]

    def update(self, target_kbps: float, interval_s: float) -> tuple[int, int]:
        if self.index < len(self.sizes) - 1 and target_kbps < needs_kbps(self.size):
            self._below_s += interval_s
        else:
            self._below_s = 0.0
        above = needs_kbps(self.sizes[self.index - 1]) * self.up_margin if self.index else 0.0
        if self.index > 0 and target_kbps >= above:
            self._above_s += interval_s
        else:
            self._above_s = 0.0
        if self._below_s >= self.down_after_s:
            self.index += 1
            if self._stepped_up:  # the last step up did not hold: wait longer next time
                self._up_wait_s = min(self.max_up_after_s, self._up_wait_s * 2)
            self._stepped_up = False
            self._below_s = self._above_s = 0.0
        elif self._above_s >= self._up_wait_s:
            self.index -= 1
            self._stepped_up = True
            self._below_s = self._above_s = 0.0
        return self.size
