"""Reconnect delays and the dynamic-bitrate controller."""

from __future__ import annotations

import random

from studio.core.backoff import Backoff, RetryBudget
from studio.core.bitrate import BitrateController
from studio.core.presets import CANVAS_PRESETS, PLATFORM_PRESETS, bitrate_for, canvas_preset


def test_backoff_first_retry_fast_then_grows_to_a_cap() -> None:
    b = Backoff(first_s=0.25, factor=1.5, cap_s=10.0, jitter=0.2, _rng=random.Random(1))
    delays = [b.next_delay_s() for _ in range(20)]
    assert delays[0] <= 0.3
    assert delays[5] > delays[0]
    assert max(delays) <= 12.0 and delays[-1] >= 8.0
    b.reset()
    assert b.next_delay_s() <= 0.3


class SimLink:
    """A link of `capacity_kbps` with a queue in front of it, one look a second: media beyond
    what the link carries waits; what the server acknowledges is at most the capacity."""

    def __init__(self, capacity_kbps: float, audio_kbps: float = 128.0) -> None:
        self.capacity_kbps, self.audio_kbps = capacity_kbps, audio_kbps
        self.queued_kbit = 0.0
        self.dropped_s = 0  # seconds in which the queue passed 0.8 s (frames would drop)

    def second(self, c: BitrateController) -> float:
        offered = c.target_kbps + self.audio_kbps
        carried = min(self.capacity_kbps, self.queued_kbit + offered)
        self.queued_kbit = max(0.0, self.queued_kbit + offered - carried)
        queue_ms = self.queued_kbit / offered * 1000
        if queue_ms > 800:
            self.dropped_s += 1
            self.queued_kbit = offered * 0.8  # the output drops down to its threshold
        return c.update(queue_ms, offered, 1.0, delivered_kbps=carried)


def test_a_narrowed_link_settles_below_what_it_carries_with_the_sound() -> None:
    """The field report: 2500 kbps into 1 Mbit/s settled at 921 kbps of video, which with
    128 kbps of sound is more than the link carries, and the picture kept stuttering."""
    c = BitrateController(configured_kbps=2500)
    link = SimLink(1000)
    for _ in range(10):
        link.second(c)
    dropped_early = link.dropped_s
    kept = []  # the rate between probes (a probe may pass the link for a moment: taken back)
    for _ in range(50):
        target = link.second(c)
        if c._probe_from is None:
            kept.append(target)
    assert link.dropped_s == dropped_early  # after the first 10 s: nothing dropped
    assert all(t + 128 <= 1000 for t in kept)  # video and sound fit the link
    assert min(kept[-20:]) >= 0.6 * (1000 - 128)  # and use most of it


def test_a_probe_that_starts_a_queue_is_taken_back_and_the_next_waits_longer() -> None:
    c = BitrateController(configured_kbps=2500, start_share=1.0)
    c.update(queue_ms=400, sent_kbps=1100, interval_s=1, delivered_kbps=800)
    assert c.target_kbps == 2500  # a burst the link had not had a look to carry yet
    c.update(queue_ms=400, sent_kbps=1100, interval_s=1, delivered_kbps=1000)
    assert c.target_kbps < 1000 * 0.92 - 128  # standing: below the link while it drains
    c.update(queue_ms=0, sent_kbps=700, interval_s=1, delivered_kbps=700)
    settled = c.target_kbps
    assert settled == 1000 * 0.92 - 128  # drained: straight back to what the link carries
    for _ in range(4):  # clear for the hold time: one probe up
        c.update(queue_ms=0, sent_kbps=1000, interval_s=1, delivered_kbps=1000)
    assert c.target_kbps > settled
    c.update(queue_ms=120, sent_kbps=1000, interval_s=1, delivered_kbps=1000)  # a queue starts
    assert c.target_kbps == settled  # taken back before anything was dropped
    for _ in range(7):  # the next probe waits twice as long
        c.update(queue_ms=0, sent_kbps=1000, interval_s=1, delivered_kbps=1000)
    assert c.target_kbps == settled
    c.update(queue_ms=0, sent_kbps=1000, interval_s=1, delivered_kbps=1000)
    assert c.target_kbps > settled


def test_a_link_that_comes_back_is_used_again_within_a_minute_or_so() -> None:
    c = BitrateController(configured_kbps=2500)
    narrow, wide = SimLink(1000), SimLink(4000)
    for _ in range(30):
        narrow.second(c)
    low = c.target_kbps
    seconds = 0
    while c.target_kbps < 2500 and seconds < 300:
        wide.second(c)
        seconds += 1
    assert c.target_kbps == 2500 and low < 1000
    assert wide.dropped_s == 0
    assert seconds <= 90


def test_never_below_the_floor() -> None:
    """A link that delivers next to nothing for longer than a stall is taken at its word."""
    c = BitrateController(configured_kbps=2500, min_kbps=300)
    for q in (400, 800, 1600, 3200, 6400, 12800, 25600):
        c.update(queue_ms=q, sent_kbps=50, interval_s=1)
    assert c.target_kbps == 300


def test_a_stall_keeps_the_rate_and_it_is_back_once_the_queue_drains() -> None:
    """A 3 s dead link used to drive the target to the floor (the link 'delivered' nothing),
    and it crept back up a probe at a time."""
    c = BitrateController(configured_kbps=2500)
    link = SimLink(3000)
    for _ in range(20):
        link.second(c)
    before = c.target_kbps
    assert before == 2500
    for q in (900, 1900, 2900):  # dead: nothing acknowledged, the queue stands
        c.update(queue_ms=q, sent_kbps=0, interval_s=1, delivered_kbps=0)
    assert c.target_kbps == before
    c.update(queue_ms=1200, sent_kbps=3000, interval_s=1, delivered_kbps=3000)  # back: draining
    assert c.target_kbps < before
    c.update(queue_ms=30, sent_kbps=3000, interval_s=1, delivered_kbps=3000)  # drained
    assert c.target_kbps == min(2500, 3000 * 0.92 - 128)


def test_a_keyframe_burst_the_link_carried_is_not_overuse() -> None:
    """The socket's backlog grows for a look or three after each keyframe; the link carried
    all we offered, so it is not full, and the target does not creep down."""
    c = BitrateController(configured_kbps=1500, start_share=1.0)
    for q in (30, 45, 60, 75, 90):
        c.update(queue_ms=0, backlog_ms=q, sent_kbps=1628, interval_s=1, delivered_kbps=1628)
    assert c.target_kbps == 1500


def test_presets_cover_portrait_and_weak_uplinks() -> None:
    keys = {p.key for p in CANVAS_PRESETS}
    assert {"480p", "720p-portrait", "1080p-portrait"} <= keys
    assert canvas_preset("720p-portrait").height == 1280
    assert all(p.b_frames == 0 and p.keyframe_s <= 2 for p in PLATFORM_PRESETS.values())
    assert bitrate_for(1280, 720, 30) == 2500
    assert bitrate_for(854, 480, 30) < bitrate_for(1920, 1080, 30) <= 8000


def test_a_new_connection_starts_low_and_is_at_the_full_rate_soon_on_a_wide_link() -> None:
    """Starting at the full rate on a thin link filled seconds of queue before the first look
    (frames dropped at every start); a wide link is at the full rate again soon."""
    c = BitrateController(configured_kbps=2500)
    assert c.target_kbps == 1000
    wide = SimLink(6000)
    seconds = 0
    while c.target_kbps < 2500 and seconds < 60:
        wide.second(c)
        seconds += 1
    assert c.target_kbps == 2500 and seconds <= 12 and wide.dropped_s == 0
    thin = SimLink(1000)
    c.reset()
    for _ in range(60):
        thin.second(c)
    assert thin.dropped_s == 0


def test_every_platform_row_names_its_source_or_says_it_has_none() -> None:
    from studio.core.destination import PLATFORMS

    for info in PLATFORMS:
        preset = PLATFORM_PRESETS[info.key]  # every platform the dialog knows has a row
        if preset.source:
            assert preset.source.startswith("https://") and preset.published
            assert set(preset.published) <= {"canvas", "bitrate", "keyframe"}
        else:
            assert not preset.official and not preset.is_published("bitrate")
    assert not PLATFORM_PRESETS["douyin"].official and PLATFORM_PRESETS["youtube"].official


class FakeClock:
    """Monotonic time that moves only when a test says (a unit test of the bookkeeping; the
    loops that use it are tested against real servers in tests/platform_api)."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_retry_budget_gives_waits_until_the_next_would_pass_its_deadline() -> None:
    clock = FakeClock()
    budget = RetryBudget(
        Backoff(first_s=1.0, factor=2.0, cap_s=10.0, jitter=0.0), 107.5, clock=clock
    )
    waits = []
    while (delay := budget.next_delay_s()) is not None:
        waits.append(delay)
        clock.now += delay
    # 100 + 1 + 2 = 103; the next wait (4 s) ends at 107 < 107.5: taken; then 8 s: not
    assert waits == [1.0, 2.0, 4.0]
    assert budget.attempts == 4  # three retried, the fourth failure ends it


def test_a_retry_budget_without_a_deadline_never_gives_up_and_resets() -> None:
    budget = RetryBudget(Backoff(first_s=0.2, factor=2.0, cap_s=5.0, jitter=0.0))
    waits = [budget.next_delay_s() for _ in range(8)]
    assert waits == [0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0, 5.0]
    assert not budget.spent() and budget.attempts == 8
    budget.reset()
    assert budget.attempts == 0 and budget.next_delay_s() == 0.2


def test_a_deadline_set_later_is_spent_once_its_time_has_come() -> None:
    clock = FakeClock()
    budget = RetryBudget(Backoff(first_s=1.0, factor=2.0, cap_s=5.0, jitter=0.0), clock=clock)
    budget.deadline = clock.now + 10.0
    assert not budget.spent()
    assert budget.wait_s() == 1.0  # the wait itself ignores the deadline: a close cuts it short
    clock.now += 10.0
    assert budget.spent()


def test_within_counts_the_budget_from_now() -> None:
    import time

    before = time.monotonic()
    budget = RetryBudget.within(3.0, Backoff())
    assert budget.deadline is not None and before + 3.0 <= budget.deadline <= time.monotonic() + 3.0
