"""End-to-end pushes to FFmpeg's own RTMP listener; what arrives is decoded and checked."""

from __future__ import annotations

import pytest

from studio.app.live import LiveConfig
from studio.core.destination import Destination
from studio.core.state import OutputState
from tests.support.media import probe
from tests.support.servers import FfmpegIngest, wait_for
from tests.support.session import live, output


def _video_seconds(ingest: FfmpegIngest) -> float:
    v = [p["dts"] for p in ingest.packets() if p["kind"] == "video"]
    return (v[-1] - v[0]) / 1000 if len(v) > 1 else 0.0


@pytest.mark.parametrize("canvas", [(1280, 720), (720, 1280)], ids=["landscape", "portrait"])
def test_push_arrives_as_h264_aac_with_the_asked_size_rate_and_keyframes(
    ffmpeg_ingest: FfmpegIngest, canvas: tuple[int, int]
) -> None:
    w, h = canvas
    config = LiveConfig(
        source="test",
        audio="tone",
        width=w,
        height=h,
        fps=30,
        video_kbps=1500,
        destinations=[Destination.parse(ffmpeg_ingest.url + "?sign=abcdef123")],
    )
    with live(config) as (session, events):
        wait_for(lambda: _video_seconds(ffmpeg_ingest) >= 4.5, 30, "4.5 s of video at the ingest")
        assert output(session).state is OutputState.LIVE
    ffmpeg_ingest.wait_closed()

    got = probe(ffmpeg_ingest.media())
    assert (got.video_codec, got.audio_codec) == ("h264", "aac")
    assert (got.width, got.height) == (w, h)
    assert got.fps == pytest.approx(30, abs=1.5)
    assert got.keyframe_intervals_s, "at least two keyframes arrived"
    assert all(i == pytest.approx(2.0, abs=0.1) for i in got.keyframe_intervals_s)
    audio_s = (got.audio_pts_ms[-1] - got.audio_pts_ms[0]) / 1000
    assert audio_s >= 4.0, "audio arrives all along"
    assert [e.state for e in events][:2] == [OutputState.CONNECTING, OutputState.LIVE]
