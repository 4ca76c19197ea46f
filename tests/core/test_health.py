"""The frames chip's judgement, by OBS's thresholds, on stream snapshots."""

from __future__ import annotations

from dataclasses import replace

import pytest

from studio.core.health import Level, frame_health
from studio.core.state import OutputStats, StreamStats

BASE = StreamStats(
    elapsed_s=10.0, encoder="libx264", canvas="720x1280", fps=30, fps_in=30, fps_out=30,
    frames_composed=300, frames_encoded=300, late_frames=0, lagged_ticks=0, audio_frames=470,
    video_kbps_target=2500, latency_ms_p50=0, latency_ms_p99=0, cpu_percent=50,
    cpu_seconds=5, audio_level_dbfs=-20, source_ok=True, source_message="",
    outputs=(OutputStats(name="ingest", kind="rtmp"),), frames_expected=300,
)  # fmt: skip


def _after(made: int, ticks: int, sent: int = 0, dropped: int = 0, render_ms: float = 5.0):
    """One second after BASE: `made` frames out of `ticks`, `dropped` of `sent + dropped`."""
    push = OutputStats(
        name="ingest", kind="rtmp", sent_video_frames=sent, dropped_video_frames=dropped
    )
    return replace(
        BASE,
        elapsed_s=11.0,
        frames_encoded=300 + made,
        frames_expected=300 + ticks,
        frames_missed=ticks - made,
        render_ms_p95=render_ms,
        outputs=(push,),
    )


@pytest.mark.parametrize(
    ("made", "level"), [(30, Level.OK), (29, Level.OK), (27, Level.WARN), (23, Level.BAD)]
)
def test_the_frame_rate_against_the_canvas(made: int, level: Level) -> None:
    health = frame_health(_after(made, 30, sent=made), BASE)
    assert health.level is level and health.fps == made
    assert health.missed == 30 - made


@pytest.mark.parametrize(
    ("dropped", "level"), [(0, Level.OK), (1, Level.OK), (3, Level.WARN), (10, Level.BAD)]
)
def test_frames_dropped_by_the_network(dropped: int, level: Level) -> None:
    health = frame_health(_after(30, 30, sent=100 - dropped, dropped=dropped), BASE)
    assert health.level is level and health.dropped == dropped


def test_a_frame_that_takes_most_of_its_time_to_draw_is_a_warning() -> None:
    assert frame_health(_after(30, 30, sent=30, render_ms=24.0), BASE).level is Level.OK
    slow = frame_health(_after(30, 30, sent=30, render_ms=26.0), BASE)
    assert slow.level is Level.WARN and slow.reasons == ("render",)


def test_the_first_seconds_are_not_judged_on_rate() -> None:
    starting = replace(_after(10, 30), elapsed_s=1.0)
    assert frame_health(starting).level is Level.OK
