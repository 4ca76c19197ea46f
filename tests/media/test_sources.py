"""Video sources: the test pattern, clips at real-time pace, pictures, a camera lost and found."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from studio.core.messages import render
from studio.media.clock import AudioTimeline, MediaClock
from studio.media.sources import SourceError, open_source
from studio.media.sources.camera import CameraSource
from studio.media.sources.image import StillImageSource
from tests.support.clips import make_flash_beep_clip
from tests.support.servers import wait_for


def test_test_pattern_moves(qapp: object) -> None:
    src = open_source("test", MediaClock())
    src.start()
    try:
        wait_for(lambda: src.frames_captured >= 2, 5, "two frames")
        with src.slot.read() as (a, seq_a):
            first = a.copy()
        wait_for(lambda: src.slot.seq > seq_a + 3, 5, "more frames")
        with src.slot.read() as (b, _):
            assert not np.array_equal(first, b), "the clock and the block move"
    finally:
        src.stop()


@pytest.mark.slow
def test_clip_loops_at_real_time_pace_and_brings_its_audio(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    make_flash_beep_clip(clip, seconds=2, width=320, height=180)
    clock = MediaClock()
    timeline = AudioTimeline()
    src = open_source(str(clip), clock, audio=timeline)
    src.start()
    started = time.monotonic()
    try:
        wait_for(lambda: src.loops >= 2, 15, "two loops of a 2 s clip")
        elapsed = time.monotonic() - started
        # Real-time pace, not as fast as it decodes: two loops of 2 s take about 4 s.
        assert elapsed >= 3.5
        out = np.zeros((2, 48_000), np.float32)
        timeline.read(clock.sample_at_now() - 48_000 - 1024, out)
        assert np.abs(out).max() > 0.1, "the clip's beeps are on the audio timeline"
    finally:
        src.stop()


def test_picture_with_a_chinese_file_name(tmp_path: Path) -> None:
    import cv2

    path = tmp_path / "商品主图.png"
    _ok, data = cv2.imencode(".png", np.full((90, 160, 3), (0, 128, 255), np.uint8))
    path.write_bytes(data.tobytes())
    src = open_source(str(path), MediaClock())
    assert isinstance(src, StillImageSource)
    src.start()
    with src.slot.read() as (frame, _):
        assert frame is not None and frame.shape == (90, 160, 3)
        assert tuple(frame[0, 0]) == (0, 128, 255)


def test_a_file_that_is_not_a_picture_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"not a png")
    src = StillImageSource(path)
    src.start()
    assert not src.status.ok and "PNG" in str(src.status.message)


def test_unknown_source_says_what_to_use(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="camera:0"):
        open_source(str(tmp_path / "missing.mp4"), MediaClock())


def test_camera_lost_shows_a_lost_frame_and_is_picked_up_again(tmp_path: Path) -> None:
    """A file path drives the OpenCV camera code as if it were a device that comes and goes."""
    clip = tmp_path / "cam.mp4"
    make_flash_beep_clip(clip, seconds=1, width=320, height=180)
    away = tmp_path / "unplugged.mp4"
    clip.rename(away)  # not plugged in at start
    cam = CameraSource(str(clip), width=320, height=180, retry_s=0.1)
    statuses = []
    cam.status_changed.connect(statuses.append)
    cam.start()
    try:
        wait_for(lambda: not cam.status.ok, 5, "reported lost")
        assert "Camera lost" in render(cam.status.message, "en")
        with cam.slot.read() as (frame, _):
            assert frame is not None and frame.shape == (180, 320, 3), "a lost frame is shown"
        away.rename(clip)  # plugged in
        wait_for(lambda: cam.status.ok and cam.frames_captured > 5, 10, "picked up again")
        clip.rename(away)  # unplugged mid-stream: the file ends and cannot be reopened
        wait_for(lambda: not cam.status.ok, 10, "lost again")
        away.rename(clip)
        wait_for(lambda: cam.status.ok, 10, "back again")
        assert cam.reconnects >= 1
    finally:
        cam.stop()
    assert [s.ok for s in statuses][:2] == [False, True]


def test_a_clip_frame_held_by_the_compositor_is_not_overwritten_by_the_decoder(
    tmp_path: Path,
) -> None:
    """Clip frames are the decoder's own buffers, passed by reference (no copy): one that is
    still being read must keep its picture while the decoder goes on."""
    from fractions import Fraction

    import av

    from studio.media.compositor import I420Planes

    clip = tmp_path / "ramp.mp4"
    with av.open(str(clip), "w") as c:
        vs = c.add_stream("libx264", rate=30, width=160, height=96, pix_fmt="yuv420p")
        vs.options = {"preset": "ultrafast", "qp": "0"}
        for i in range(90):  # every frame a different grey
            frame = av.VideoFrame.from_ndarray(
                np.full((96, 160, 3), 20 + i * 2, np.uint8), format="rgb24"
            )
            frame.pts, frame.time_base = i, Fraction(1, 30)
            for p in vs.encode(frame):
                c.mux(p)
        for p in vs.encode(None):
            c.mux(p)
    src = open_source(str(clip), MediaClock())
    src.start()
    try:
        wait_for(lambda: src.frames_captured >= 3, 5, "frames")
        with src.slot.read() as (held, seq):
            assert isinstance(held, I420Planes)
            before = held.packed()
            wait_for(lambda: src.slot.seq >= seq + 15, 5, "15 more frames")
            assert np.array_equal(held.packed(), before)
        with src.slot.read() as (latest, _):
            assert latest is not None and not np.array_equal(latest.packed(), before)
    finally:
        src.stop()


def test_a_clip_stopped_while_it_plays_is_never_said_to_have_no_frames(tmp_path: Path) -> None:
    """Stopping the show interrupts the clip's read: that is not "视频 X 没有画面"."""
    clip = tmp_path / "clip.mp4"
    make_flash_beep_clip(clip, seconds=2, width=320, height=180)
    said: list[object] = []
    for _ in range(5):  # stopped at once, and after its first frame
        for first_frame in (False, True):
            src = open_source(str(clip), MediaClock())
            src.status_changed.connect(lambda status: said.append(status))
            src.start()
            if first_frame:
                wait_for(lambda src=src: src.frames_captured >= 1, 10, "the first frame")
            src.stop()
    assert [render(s.message, "zh") for s in said if not s.ok] == []  # type: ignore[attr-defined]
