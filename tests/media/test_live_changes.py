"""Changes while live: overlays come and go, a camera arrives late; the stream never restarts."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from studio.app.live import LiveConfig
from studio.core.destination import Destination
from studio.core.messages import render
from studio.core.state import OutputState
from studio.media.compositor import Layer
from studio.media.text import render_text
from tests.support.clips import make_flash_beep_clip
from tests.support.servers import FfmpegIngest, wait_for
from tests.support.session import live, output, states, stream_config

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier


def _frames_at(path: Path, pick: list[float]) -> list[np.ndarray]:
    """Decoded BGR frames nearest to each time in `pick` (seconds from the first frame)."""
    frames: list[tuple[float, np.ndarray]] = []
    with av.open(str(path)) as c:
        for f in c.decode(video=0):
            frames.append((float(f.time), f.to_ndarray(format="bgr24")))
    t0 = frames[0][0]
    return [min(frames, key=lambda tf: abs(tf[0] - t0 - t))[1] for t in pick]


def test_overlays_are_put_moved_and_removed_while_live(
    ffmpeg_ingest: FfmpegIngest, qapp: object
) -> None:
    config = stream_config(ffmpeg_ingest.url, video_kbps=1500)
    green = np.zeros((80, 120, 4), np.uint8)
    green[:, :] = (0, 200, 0, 255)
    marks: dict[str, float] = {}
    with live(config) as (session, events):
        comp, out = session.engine.compositor, output(session)

        def at_least(frames: int) -> None:
            target = out.stats.sent_video_frames + frames
            wait_for(lambda: out.stats.sent_video_frames >= target, 20, f"{frames} more frames")

        at_least(30)
        marks["put"] = out.stats.sent_video_frames / 30
        comp.set_layer(Layer("card", green, 20, 260))
        comp.set_layer(
            Layer(
                "title", render_text("上链接!", 48, background=(0, 0, 0, 255), padding=4), 400, 20
            )
        )
        at_least(45)
        marks["moved"] = out.stats.sent_video_frames / 30
        comp.move_layer("card", 500, 260)
        at_least(45)
        marks["removed"] = out.stats.sent_video_frames / 30
        comp.remove_layer("card")
        comp.remove_layer("title")
        at_least(45)
        assert out.stats.reconnects == 0 and OutputState.RECONNECTING not in states(events)
    ffmpeg_ingest.wait_closed()
    before, placed, moved, removed = _frames_at(
        ffmpeg_ingest.media(),
        [marks["put"] - 0.5, marks["moved"] - 0.5, marks["removed"] - 0.5, marks["removed"] + 1.0],
    )

    def is_green(frame: np.ndarray, x: int) -> bool:
        b, g, r = frame[290:330, x : x + 60].reshape(-1, 3).mean(axis=0)
        return g > 150 and b < 60 and r < 60

    assert not is_green(before, 40)
    assert is_green(placed, 40) and not is_green(placed, 520)
    assert is_green(moved, 520) and not is_green(moved, 40)
    assert not is_green(removed, 40) and not is_green(removed, 520)
    title = placed[24:70, 404:520]
    assert (title.max(axis=2) > 200).mean() > 0.05, "the Chinese title is drawn on stream"


def test_a_camera_that_arrives_late_joins_the_running_stream(
    ffmpeg_ingest: FfmpegIngest, tmp_path: Path
) -> None:
    clip = tmp_path / "cam.mp4"
    make_flash_beep_clip(clip, seconds=3, width=320, height=180)
    device = tmp_path / "camera-device.mp4"  # not there yet: the camera is unplugged
    config = LiveConfig(
        source=f"camera:{device}",
        audio="tone",
        width=320,
        height=180,
        video_kbps=500,
        destinations=[Destination.parse(ffmpeg_ingest.url)],
    )
    with live(config) as (session, events):
        source = session.engine.video
        wait_for(lambda: output(session).stats.sent_video_frames > 30, 20, "live without a camera")
        assert not source.status.ok and "Camera lost" in render(source.status.message, "en")
        clip.rename(device)  # plugged in
        wait_for(
            lambda: source.status.ok and source.frames_captured > 30, 20, "the camera picked up"
        )
        sent = output(session).stats.sent_video_frames
        wait_for(lambda: output(session).stats.sent_video_frames > sent + 30, 20, "still streaming")
        assert output(session).stats.reconnects == 0
        assert states(events) == [OutputState.CONNECTING, OutputState.LIVE]


def test_the_picture_and_the_sound_change_while_live(tmp_path) -> None:
    """Another source replaces the first without a gap: every frame is encoded, the picture
    changes in the recording, and the sound too."""
    import cv2
    import numpy as np

    from studio.app.live import LiveSession
    from tests.support.media import decode_video_luma, probe
    from tests.support.servers import wait_for
    from tests.support.session import stream_config

    grey = tmp_path / "grey.png"
    cv2.imwrite(str(grey), np.full((360, 640, 3), 200, np.uint8))
    record = tmp_path / "switch.mkv"
    session = LiveSession(stream_config(record=record, destinations=[]))
    session.start()
    try:
        wait_for(lambda: session.engine.frames_encoded > 30, 20, "the test pattern")
        session.switch_source(str(grey))
        session.switch_audio("silence")
        switched = session.engine.frames_encoded
        wait_for(lambda: session.engine.frames_encoded > switched + 30, 20, "the picture")
    finally:
        session.stop()
    luma = [y for _, y in decode_video_luma(record)]
    assert abs(luma[-1] - 200) < 15 and abs(luma[5] - 200) > 15  # test pattern, then grey
    # one continuous stream: every encoded frame is in the recording, in order
    pts = probe(record).video_pts_ms
    assert len(pts) == session.engine.frames_encoded and pts == sorted(pts)
