"""`studio bench`: what this machine can stream, and the preset the first-run wizard picks.

For each canvas it streams the test pattern through the real engine (compose, convert, encode,
record to a temporary file) with x264 presets from better to cheaper, and keeps the first one
the machine holds: no late frames and CPU headroom left for the rest.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from studio.app.live import LiveConfig, LiveSession
from studio.core.presets import bitrate_for

PRESETS = ("veryfast", "superfast", "ultrafast")
DEFAULT_CANVASES = ((1280, 720), (720, 1280), (1920, 1080))


@dataclass
class BenchResult:
    canvas: str
    preset: str
    seconds: float
    fps_out: float
    late_frames: int
    lagged_ticks: int
    cpu_s_per_s: float
    latency_ms_p50: float
    latency_ms_p99: float
    holds: bool


class BenchCancelled(Exception):
    """The host skipped the check (or closed the wizard): it stopped within a moment."""


def measure(
    width: int,
    height: int,
    fps: int,
    preset: str,
    seconds: float,
    source: str = "test",
    cancel: threading.Event | None = None,
) -> BenchResult:
    """One canvas and preset for `seconds` (after a 1 s warm-up); `cancel` ends it at once
    with BenchCancelled, the test stream stopped."""
    cancel = cancel or threading.Event()
    with tempfile.TemporaryDirectory() as tmp:
        config = LiveConfig(
            source=source,
            audio="tone",
            width=width,
            height=height,
            fps=fps,
            video_kbps=bitrate_for(width, height, fps),
            encoder="libx264",
            x264_preset=preset,
            record=Path(tmp) / "bench.mkv",
        )
        session = LiveSession(config)
        session.start()
        try:
            # warm-up: encoder start and first keyframe are not steady state
            if cancel.wait(1.0):
                raise BenchCancelled
            engine = session.engine
            start_frames, start_late, start_lag = (
                engine.frames_encoded,
                engine.late_frames,
                engine.lagged_ticks,
            )
            start_cpu, t0 = engine._cpu_seconds(), time.monotonic()
            if cancel.wait(seconds):
                raise BenchCancelled
            elapsed = time.monotonic() - t0
            cpu = engine._cpu_seconds() - start_cpu
            stats = session.stats()
            frames = engine.frames_encoded - start_frames
            late = engine.late_frames - start_late
            lagged = engine.lagged_ticks - start_lag
        finally:
            session.stop()
    cores = os.cpu_count() or 2
    cpu_per_s = cpu / elapsed
    # Lagged ticks are scheduler hiccups (reported); late frames mean the encoder fell behind.
    holds = late == 0 and cpu_per_s < 0.75 * cores
    return BenchResult(
        f"{width}x{height}@{fps}",
        preset,
        round(elapsed, 1),
        round(frames / elapsed, 2),
        late,
        lagged,
        round(cpu_per_s, 3),
        stats.latency_ms_p50,
        stats.latency_ms_p99,
        holds,
    )


@dataclass
class BenchReport:
    """What the first-run wizard needs: every measurement, the x264 preset each canvas holds,
    and the quality preset (流畅/标清/高清 = 480p/720p/1080p) to offer."""

    results: list[BenchResult]
    presets: dict[str, str]
    quality: str


def recommend(
    seconds: float,
    canvases: list[tuple[int, int]] | None = None,
    fps: int = 30,
    on_result: Callable[[BenchResult], None] | None = None,
    cancel: threading.Event | None = None,
) -> BenchReport:
    """Measure each canvas with cheaper x264 presets until one holds. Takes about
    `seconds` + 1 s per measurement; run it off the GUI thread. Setting `cancel` ends it
    within a moment (BenchCancelled)."""
    results: list[BenchResult] = []
    chosen: dict[str, str] = {}
    for width, height in canvases or list(DEFAULT_CANVASES):
        for preset in PRESETS:
            if cancel is not None and cancel.is_set():
                raise BenchCancelled
            r = measure(width, height, fps, preset, seconds, cancel=cancel)
            results.append(r)
            if on_result is not None:
                on_result(r)
            if r.holds:
                chosen[r.canvas] = preset
                break
    best = next((c for c in (f"1920x1080@{fps}", f"1280x720@{fps}") if c in chosen), None)
    quality = {f"1920x1080@{fps}": "1080p", f"1280x720@{fps}": "720p"}.get(best or "", "480p")
    return BenchReport(results, chosen, quality)


def run_bench(
    seconds: float, canvases: list[tuple[int, int]] | None, json_path: Path | None, fps: int = 30
) -> int:
    """`studio bench`: print the table and the recommendation; optionally save it as JSON."""
    from studio.media.text import ensure_gui

    ensure_gui()
    print(
        f"{'canvas':>16} {'preset':>10} {'fps':>6} {'late':>5} {'lag':>5} "
        f"{'cpu s/s':>8} {'p50 ms':>7} {'p99 ms':>7}  holds"
    )

    def show(r: BenchResult) -> None:
        print(
            f"{r.canvas:>16} {r.preset:>10} {r.fps_out:>6.2f} {r.late_frames:>5} "
            f"{r.lagged_ticks:>5} {r.cpu_s_per_s:>8.3f} {r.latency_ms_p50:>7.1f} "
            f"{r.latency_ms_p99:>7.1f}  {'yes' if r.holds else 'no'}",
            flush=True,
        )

    report = recommend(seconds, canvases, fps, on_result=show)
    print(
        f"推荐画质 / recommended quality preset: {report.quality}; x264 presets: {report.presets}"
    )
    if json_path:
        json_path.write_text(json.dumps(asdict(report), indent=2))
    return 0
