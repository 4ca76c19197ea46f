"""The encoded size steps down a rung and back up mid-stream: a viewer plays through each step.

Real parts: nginx-rtmp as the ingest, FFmpeg's RTMP client and H.264 decoder (PyAV) as the
viewer, the recording decoded afterwards.
"""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import av

from studio.core.bitrate import ResolutionLadder, needs_kbps, rung_sizes
from studio.core.state import OutputState
from tests.support.servers import FfmpegIngest, NginxRtmp, wait_for
from tests.support.session import live, output, stream_config


class Viewer:
    """Plays the stream from the ingest, as a viewer's player does, noting each decoded
    picture's size; stops when asked or when the stream ends."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sizes: list[tuple[int, int]] = []
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            options = {"rtmp_live": "live", "rw_timeout": "10000000"}
            with av.open(self.url, options=options, timeout=10) as container:
                for frame in container.decode(video=0):
                    self.sizes.append((frame.width, frame.height))
                    if self._stop.is_set():
                        return
        except av.FFmpegError as exc:
            if not self._stop.is_set():
                self.error = exc

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(15)


def decoded_sizes(path: Path) -> list[tuple[int, int]]:
    with av.open(str(path)) as container:
        return [(f.width, f.height) for f in container.decode(video=0)]


def runs(sizes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sizes in the order they came, each once per run: [(1280, 720), (854, 480), ...]."""
    out: list[tuple[int, int]] = []
    for s in sizes:
        if not out or out[-1] != s:
            out.append(s)
    return out


def test_a_viewer_plays_through_a_step_down_and_back_up(nginx: NginxRtmp, tmp_path: Path) -> None:
    config = stream_config(
        nginx.url("steps"),
        width=1280,
        height=720,
        video_kbps=1500,
        record=tmp_path / "show.mkv",
        resolution_steps=False,  # the test steps by hand; the shaped-link test lets the ladder
    )
    viewer = Viewer(nginx.url("steps"))
    with live(config) as (session, _events):
        push = output(session)
        wait_for(lambda: push.state is OutputState.LIVE, 20, "live")
        viewer.start()
        wait_for(lambda: len(viewer.sizes) >= 30, 30, "the viewer plays the canvas size")
        encoder = session.engine.encoder
        engine = session.engine
        encoder.set_size(854, 480)  # what the ladder does when the uplink narrows
        stepped_at = engine.frames_encoded
        wait_for(lambda: (854, 480) in viewer.sizes[-5:], 30, "the viewer plays the rung below")
        wait_for(lambda: engine.frames_encoded >= stepped_at + 60, 30, "2 s of the smaller size")
        encoder.set_size(1280, 720)  # the uplink recovered
        wait_for(lambda: viewer.sizes[-1] == (1280, 720), 30, "the viewer plays the canvas again")
        at_720 = len(viewer.sizes)
        wait_for(lambda: len(viewer.sizes) >= at_720 + 30, 30, "a second more at 720p")
        stats = session.stats()
        assert stats.encoded_size == "1280x720"
        assert push.stats.reconnects == 0
        assert push.state is OutputState.LIVE
    viewer.stop()
    assert viewer.error is None
    assert runs(viewer.sizes) == [(1280, 720), (854, 480), (1280, 720)]
    # what the ingest recorded and what the studio recorded decode through both steps
    assert runs(decoded_sizes(nginx.recordings()[-1])) == [(1280, 720), (854, 480), (1280, 720)]
    recorded = decoded_sizes(session.recording.path)
    assert runs(recorded) == [(1280, 720), (854, 480), (1280, 720)]
    assert Counter(recorded)[(854, 480)] >= 55  # the recording keeps every frame


def test_rungs_keep_the_canvas_shape_and_stop_at_480p() -> None:
    assert rung_sizes(1920, 1080) == [(1920, 1080), (1280, 720), (854, 480)]
    assert rung_sizes(1280, 720) == [(1280, 720), (854, 480)]
    assert rung_sizes(1080, 1920) == [(1080, 1920), (720, 1280), (480, 854)]
    assert rung_sizes(854, 480) == [(854, 480)]
    assert 850 < needs_kbps((1280, 720)) < 950 and 380 < needs_kbps((854, 480)) < 460


def test_the_ladder_steps_down_quickly_and_up_slowly_and_waits_longer_after_a_failed_step() -> None:
    ladder = ResolutionLadder(rung_sizes(1280, 720))
    for _ in range(5):
        assert ladder.update(800, 1.0) == (1280, 720)  # below 720p's need, not for long yet
    assert ladder.update(800, 1.0) == (854, 480)
    for _ in range(30):
        assert ladder.update(1000, 1.0) == (854, 480)  # above 720p's need, but no margin
    for _ in range(19):
        assert ladder.update(1300, 1.0) == (854, 480)
    assert ladder.update(1300, 1.0) == (1280, 720)  # 20 s well above it: back up
    for _ in range(6):
        ladder.update(700, 1.0)
    assert ladder.size == (854, 480)  # the step up did not hold
    for _ in range(39):
        assert ladder.update(1300, 1.0) == (854, 480)  # the next try waits twice as long
    assert ladder.update(1300, 1.0) == (1280, 720)


def test_an_ingest_that_keeps_the_first_header_still_plays_the_smaller_size(
    ffmpeg_ingest: FfmpegIngest,
) -> None:
    """FFmpeg's listener remuxing to Matroska keeps the stream's first sequence header; the
    keyframes after a step carry their SPS/PPS in-band, so its file plays through."""
    config = stream_config(
        ffmpeg_ingest.url, width=1280, height=720, video_kbps=1500, resolution_steps=False
    )
    with live(config) as (session, _events):
        push, engine = output(session), session.engine
        wait_for(lambda: push.state is OutputState.LIVE, 20, "live")
        start = engine.frames_encoded
        wait_for(lambda: engine.frames_encoded >= start + 60, 20, "2 s at 720p")
        engine.encoder.set_size(854, 480)
        stepped = engine.frames_encoded
        wait_for(lambda: engine.frames_encoded >= stepped + 90, 20, "3 s at 480p")
    ffmpeg_ingest.wait_closed()
    sizes = decoded_sizes(ffmpeg_ingest.media())
    assert runs(sizes) == [(1280, 720), (854, 480)]
    assert Counter(sizes)[(854, 480)] >= 60


def test_a_size_step_draws_the_picture_at_the_rungs_size_not_big_and_shrunk() -> None:
    """The frames the engine draws into follow the size asked at once; frames drawn at the
    old size before the step (in the encode queue) are still encoded, shrunk."""
    from studio.media.encoder import Encoder, EncoderSettings

    encoder = Encoder(EncoderSettings(width=1080, height=1920, encoder="libx264"))
    try:
        before, planes = encoder.next_frame_slot()
        assert (before.width, before.height) == (1080, 1920) and planes[0].shape == (1920, 1080)
        encoder.set_size(720, 1280)
        frame, planes = encoder.next_frame_slot()
        assert (frame.width, frame.height) == (720, 1280)
        assert planes[0].shape == (1280, 720) and planes[1].shape == (640, 360)
        packets = [*encoder.encode_video(before, 0, 0), *encoder.encode_video(frame, 33, 0)]
        assert encoder.size == (720, 1280) and encoder.video_config.width == 720
        # a step asked and taken back before it was applied is no step at all
        encoder.set_size(480, 854)
        encoder.set_size(720, 1280)
        frame, _planes = encoder.next_frame_slot()
        assert (frame.width, frame.height) == (720, 1280)
        packets += encoder.encode_video(frame, 66, 0)
        assert encoder.size == (720, 1280)
        packets += encoder.flush()
        assert len(packets) == 3  # each encoded: the one drawn big was shrunk to the rung
    finally:
        encoder.close()
