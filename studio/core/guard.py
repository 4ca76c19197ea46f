"""The frame guard: steps the picture's cost down before frames are lost, and back up.

OBS warns when drawing a frame takes more than 75 % of its interval; it does nothing about
it, and on a cheap 2-core PC with the cutout on the stream then runs at 15-25 fps. The guard
acts at that same mark. Once a second it is told how long drawing a frame and encoding one
took (the mean of the last second: each runs on its own thread, so the slower of the two
sets the pace) and how many frames were lost. When either stays past `warn_share` of the
frame's time (or frames are lost, two or more a second) for `down_after_s`, it steps down
the first knob in the host's `order` that can still go down:

- ``cutout``: the cutout's model runs on one frame in 4, then in 6 (2 normally): the model
  is its dearest part, and the guided filter keeps tracing the outline on the frames between;
- ``preset``: x264's preset one cheaper (veryfast → superfast → ultrafast): a little more
  bitrate for the same picture, much less CPU;
- ``resolution``: the encoded size one rung down (1080 → 720 → 480 on the short side), as
  the bitrate ladder does on a weak uplink.

Back up is slow and asks for room (the `ResolutionLadder`'s hysteresis): the last step taken
is undone first, once the load has stayed under `up_share` for the wait; a step up that had
to be taken back soon doubles the next wait (capped), so a load at the edge does not flip a
knob every few seconds.

Pure policy: it changes nothing itself; the engine applies each `GuardStep` it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KNOBS = ("cutout", "preset", "resolution")  # what the guard may turn, cheapest loss first
# x264's presets, dearest first; the guard steps down to veryfast, superfast, ultrafast
X264_PRESETS = (
    "placebo",
    "veryslow",
    "slower",
    "slow",
    "medium",
    "fast",
    "faster",
    "veryfast",
    "superfast",
    "ultrafast",
)
X264_STEPS = ("veryfast", "superfast", "ultrafast")
CUTOUT_SLOWER = (1, 2, 3)  # the model on one frame in `every` × this, by level


def cheaper_presets(preset: str) -> tuple[str, ...]:
    """The guard's steps below `preset`, in order: "veryfast" → ("superfast", "ultrafast");
    an unknown preset (or none: a hardware encoder) has none."""
    if preset not in X264_PRESETS:
        return ()
    rank = X264_PRESETS.index(preset)
    return tuple(p for p in X264_STEPS if X264_PRESETS.index(p) > rank)


def parse_order(text: str) -> tuple[str, ...]:
    """ "cutout,preset,resolution" (any order, any subset; "" or "off": no guard) → the
    knobs; ValueError names the one it does not know."""
    text = text.strip().lower()
    if text in ("", "off", "none"):
        return ()
    order: list[str] = []
    for part in text.replace("，", ",").split(","):
        name = part.strip()
        if name not in KNOBS:
            raise ValueError(name)
        if name not in order:
            order.append(name)
    return tuple(order)


@dataclass(frozen=True)
class GuardStep:
    """One knob moved: `level` is how far below normal it now is (0: back to normal)."""

    knob: str
    level: int
    down: bool


@dataclass
class FrameGuard:
    """Fed once a second (`update`); returns the step to take, or None.

    `room` says how many levels each knob can go down on this stream (0: it does not apply:
    no cutout on, a hardware encoder, the smallest rung already); the engine refreshes it
    each look, as tools come and go.
    """

    frame_ms: float
    order: tuple[str, ...] = KNOBS
    warn_share: float = 0.75  # OBS's mark: past it, the next tool makes frames late
    up_share: float = 0.5  # room to spare before a step back up
    lost_frames: int = 2  # lost in one look: a trend (one is a scheduler's hiccup)
    down_after_s: float = 2.0
    up_after_s: float = 15.0
    max_up_after_s: float = 120.0
    relapse_s: float = 30.0  # a step down this soon after a step up: that step up was wrong
    levels: dict[str, int] = field(default_factory=dict)
    _taken: list[str] = field(default_factory=list)  # the steps down, last on top
    _hot_s: float = 0.0
    _cool_s: float = 0.0
    _relapses: int = 0  # step ups taken back soon: each doubles the wait before the next
    _since_up_s: float | None = None  # seconds since the last step up (None: none yet)

    def __post_init__(self) -> None:
        for knob in KNOBS:
            self.levels.setdefault(knob, 0)

    def share(self, render_ms: float, encode_ms: float) -> float:
        """The slower thread's time over the frame's."""
        return max(render_ms, encode_ms) / self.frame_ms if self.frame_ms > 0 else 0.0

    def update(
        self,
        render_ms: float,
        encode_ms: float,
        lost: int,
        interval_s: float,
        room: dict[str, int],
    ) -> GuardStep | None:
        """One look: the mean drawing and encoding times over the last `interval_s`, the
        frames lost in it, and how far each knob can still go down."""
        share = self.share(render_ms, encode_ms)
        if self._since_up_s is not None:
            self._since_up_s += interval_s
        if share >= self.warn_share or lost >= self.lost_frames:
            self._hot_s += interval_s
            self._cool_s = 0.0
        elif share < self.up_share:
            self._cool_s += interval_s
            self._hot_s = 0.0
        else:  # between the marks: hold
            self._hot_s = self._cool_s = 0.0
        if self._hot_s >= self.down_after_s:
            knob = next((k for k in self.order if self.levels[k] < room.get(k, 0)), None)
            if knob is None:
                return None  # nothing left to give: the frames chip says the rest
            self._hot_s = 0.0
            if self._since_up_s is not None and self._since_up_s < self.relapse_s:
                self._relapses += 1
            self._since_up_s = None
            self.levels[knob] += 1
            self._taken.append(knob)
            return GuardStep(knob, self.levels[knob], down=True)
        up_wait_s = min(self.max_up_after_s, self.up_after_s * 2 ** min(self._relapses, 16))
        if self._taken and self._cool_s >= up_wait_s:
            knob = self._taken.pop()
            self._cool_s = 0.0
            self._since_up_s = 0.0
            self.levels[knob] = max(0, self.levels[knob] - 1)
            return GuardStep(knob, self.levels[knob], down=False)
        return None

    def release(self) -> list[GuardStep]:
        """Every step taken, undone at once, last first (the host turned the guard off)."""
        steps = []
        while self._taken:
            knob = self._taken.pop()
            self.levels[knob] = max(0, self.levels[knob] - 1)
            steps.append(GuardStep(knob, self.levels[knob], down=False))
        self._hot_s = self._cool_s = 0.0
        return steps

    @property
    def stepped_down(self) -> bool:
        return bool(self._taken)
