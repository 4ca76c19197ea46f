"""Reconnect delays and the dynamic-bitrate controller."""

from __future__ import annotations

import random

from studio.core.backoff import Backoff
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


def test_congestion_follows_the_link_down_and_recovery_steps_back_up() -> None:
    c = BitrateController(configured_kbps=2500)
    assert c.update(queue_ms=50, sent_kbps=2500, interval_s=1) == 2500
    c.update(queue_ms=400, sent_kbps=900, interval_s=1)
    lowered = c.update(queue_ms=700, sent_kbps=800, interval_s=1)
    assert 300 <= lowered <= 800
    for _ in range(4):
        assert c.update(queue_ms=0, sent_kbps=lowered, interval_s=1) == lowered
    raised = c.update(queue_ms=0, sent_kbps=lowered, interval_s=1)
    assert raised > lowered
    for _ in range(200):
        raised = c.update(queue_ms=0, sent_kbps=raised, interval_s=1)
    assert raised == 2500


def test_never_below_the_floor() -> None:
    c = BitrateController(configured_kbps=2500, min_kbps=300)
    for q in (400, 800, 1600, 3200):
        c.update(queue_ms=q, sent_kbps=50, interval_s=1)
    assert c.target_kbps == 300


def test_presets_cover_portrait_and_weak_uplinks() -> None:
    keys = {p.key for p in CANVAS_PRESETS}
    assert {"480p", "720p-portrait", "1080p-portrait"} <= keys
    assert canvas_preset("720p-portrait").height == 1280
    assert all(p.b_frames == 0 and p.keyframe_s <= 2 for p in PLATFORM_PRESETS.values())
    assert bitrate_for(1280, 720, 30) == 2500
    assert bitrate_for(854, 480, 30) < bitrate_for(1920, 1080, 30) <= 8000
