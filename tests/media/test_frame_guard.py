"""The frame guard on a real stream: a picture tool too heavy for the PC makes it step the
cost down in the host's order, the viewer keeps playing, and it steps back up once the tool
is gone.

Real parts: the engine, x264, nginx-rtmp as the ingest, FFmpeg's RTMP client and decoder
(PyAV) as the viewer, the recording decoded afterwards. The one double is the heavy tool.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np

from studio.core.messages import Message, render
from studio.core.state import OutputState
from studio.media.clock import MediaClock
from studio.media.compositor import Planes
from studio.media.engine import Engine, EngineConfig
from studio.media.sources import TestPatternSource
from tests.media.test_resolution_steps import Viewer, decoded_sizes, runs
from tests.support.servers import NginxRtmp, wait_for
from tests.support.session import live, output, stream_config


class HeavyTool:
    """A test double for a picture tool this PC cannot afford (a cutout at 1080p on a cheap
    2-core PC): it burns CPU on NumPy for `share` of the frame's time on every frame and
    leaves the picture as it is. Real tools' costs vary with the machine; this one's does not,
    so the guard's response can be tested on a busy machine."""

    def __init__(self, frame_s: float, share: float = 0.8) -> None:
        self.burn_s = frame_s * share
        self._work = np.ones(16_384, np.float64)

    def apply(self, planes: Planes) -> None:
        end = time.perf_counter() + self.burn_s
        while time.perf_counter() < end:
            np.sqrt(self._work, out=self._work)


def test_a_tool_too_heavy_steps_the_stream_down_in_order_and_it_keeps_playing(
    nginx: NginxRtmp, tmp_path: Path
) -> None:
    config = stream_config(
        nginx.url("guard"),
        width=1280,
        height=720,
        video_kbps=1500,
        record=tmp_path / "show.mkv",
        x264_preset="veryfast",
        dynamic_bitrate=False,  # the uplink is loopback: only the guard changes the size
        guard=("cutout", "preset", "resolution"),
    )
    said: list[Message] = []
    lock = threading.Lock()

    def heard(message: Message) -> None:
        with lock:
            said.append(message)

    def codes() -> list[str]:
        with lock:
            return [m.code for m in said]

    viewer = Viewer(nginx.url("guard"))
    with live(config) as (session, _events):
        engine, push = session.engine, output(session)
        engine.guard_changed.connect(heard)
        # the test's patience, not the studio's (a busy machine loses frames of its own)
        engine.guard.up_after_s = engine.guard.max_up_after_s = 2.0
        wait_for(lambda: push.state is OutputState.LIVE, 20, "live")
        viewer.start()
        wait_for(lambda: len(viewer.sizes) >= 30, 30, "the viewer plays the canvas")
        engine.set_tools((HeavyTool(1 / config.fps),))
        # no cutout on: the guard skips it and steps x264 down twice, then the size
        down = ["guard.preset_down", "guard.preset_down", "guard.resolution_down"]
        wait_for(lambda: codes()[:3] == down, 60, "the guard steps down")
        assert engine.stats().guard == "preset:2,resolution:1"
        wait_for(lambda: engine.encoder.preset == "ultrafast", 10, "x264 at ultrafast")
        wait_for(lambda: (854, 480) in viewer.sizes[-5:], 30, "the viewer plays the rung below")
        at_480 = len(viewer.sizes)
        wait_for(lambda: len(viewer.sizes) >= at_480 + 30, 30, "it keeps playing at 480p")
        engine.set_tools(())  # the host turns the tool off: room again
        up = ["guard.resolution_up", "guard.preset_up", "guard.preset_up"]
        wait_for(lambda: codes()[3:6] == up, 120, "the guard steps back up, last step first")
        wait_for(lambda: viewer.sizes[-1] == (1280, 720), 30, "the viewer plays the canvas again")
        wait_for(lambda: engine.encoder.preset == "veryfast", 10, "x264 back at veryfast")
        assert engine.stats().guard == ""
        assert push.stats.reconnects == 0
        assert push.state is OutputState.LIVE
    viewer.stop()
    assert viewer.error is None
    assert runs(viewer.sizes) == [(1280, 720), (854, 480), (1280, 720)]
    assert runs(decoded_sizes(session.recording.path)) == [(1280, 720), (854, 480), (1280, 720)]
    # what the host reads, in the window's language: what the picture does (x264's preset
    # name is only in the log)
    assert render(said[0], "zh") == (
        "电脑忙不过来：编码改用更省电脑的设置，画面会稍糊一点，保证不掉帧"
    )
    assert "superfast" not in render(said[0], "en")
    assert render(said[2], "en") == (
        "The computer is falling behind: the stream is sent at 854x480, a smaller, softer "
        "picture for viewers, so no frame is lost"
    )


def test_without_resolution_steps_only_the_cutouts_rate_is_stepped() -> None:
    """A platform that refuses new sequence headers mid-stream (resolution steps off): a new
    preset would be a new encode with new headers too, so the guard leaves x264 and the size."""
    clock = MediaClock()
    for steps, room in ((True, {"preset": 2, "resolution": 1}), (False, {})):
        config = EngineConfig(
            width=1280,
            height=720,
            x264_preset="veryfast",
            encoder="libx264",
            resolution_steps=steps,
        )
        engine = Engine(config, TestPatternSource(clock, width=1280, height=720), clock=clock)
        try:
            assert engine._guard_room() == {"cutout": 0, "preset": 0, "resolution": 0, **room}
        finally:
            engine.encoder.close()
