"""The video tick follows the source's frame phase; pts never go backwards."""

from __future__ import annotations

import itertools

from studio.media.engine import PhaseLock

INTERVAL = 33_333_333


def _ticks(lock: PhaseLock, arrivals: list[int], ticks: int) -> list[int]:
    out, n, it = [], 0, iter(arrivals)
    for _ in range(ticks):
        out.append(lock.offset_ns + n * INTERVAL)
        lock.observe(next(it))
        n += lock.retune(n)
    return out


def test_ticks_move_to_just_after_the_arrivals_and_stay_increasing() -> None:
    for phase in (1_000_000, 16_000_000, 32_000_000):
        lock = PhaseLock(INTERVAL, margin_ns=3_000_000, window=10)
        arrivals = [phase + k * INTERVAL for k in range(100)]
        ticks = _ticks(lock, arrivals, 60)
        assert all(b - a >= INTERVAL // 2 for a, b in itertools.pairwise(ticks))
        want = (phase + 3_000_000) % INTERVAL
        off = (lock.offset_ns - want) % INTERVAL
        assert min(off, INTERVAL - off) <= INTERVAL // 10, "ticks land just after the frames arrive"
        assert len({(t - lock.offset_ns) % INTERVAL for t in ticks[-10:]}) == 1, "a steady phase"


def test_a_source_at_another_rate_is_not_followed() -> None:
    lock = PhaseLock(INTERVAL, window=10)
    _ticks(lock, [k * 40_000_000 for k in range(100)], 60)  # 25 fps camera, 30 fps canvas
    assert lock.offset_ns == 0


def test_ticks_clear_the_late_arrivals_not_just_the_typical_one() -> None:
    """A camera whose frames now and then come 7 ms late (a busy driver, the GIL): ticking
    3 ms after the typical arrival would show each of those a whole interval late."""
    lock = PhaseLock(INTERVAL, margin_ns=3_000_000, window=30)
    phase = 10_000_000
    arrivals = [phase + k * INTERVAL + (7_000_000 if k % 20 == 7 else 0) for k in range(400)]
    ticks = _ticks(lock, arrivals, 300)
    assert all(b - a >= INTERVAL // 2 for a, b in itertools.pairwise(ticks))
    tick_phase = lock.offset_ns % INTERVAL
    assert phase + 7_000_000 < tick_phase <= phase + 7_000_000 + INTERVAL // 10
    assert len({(t - lock.offset_ns) % INTERVAL for t in ticks[-30:]}) == 1, "a steady phase"
