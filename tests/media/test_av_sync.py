"""Picture and sound stay together: a clip that flashes and beeps at once, received and decoded."""

from __future__ import annotations

from pathlib import Path

from studio.app.live import LiveConfig
from studio.core.destination import Destination
from studio.core.state import OutputState
from tests.support.clips import make_flash_beep_clip
from tests.support.media import decode_audio_envelope, decode_video_luma, onsets
from tests.support.servers import FfmpegIngest, wait_for
from tests.support.session import live, output, states

FRAME_MS = 1000 / 30


def _offsets(media: Path) -> list[float]:
    flashes = onsets(decode_video_luma(media), threshold=128)
    beeps = onsets(decode_audio_envelope(media, window_ms=1.0), threshold=0.1)
    assert len(flashes) >= 3 and len(beeps) >= 3, (flashes, beeps)
    return [min(beeps, key=lambda b: abs(b - f)) - f for f in flashes]


def test_clip_audio_and_video_stay_within_one_frame_also_after_a_reconnect(
    ffmpeg_ingest: FfmpegIngest, tmp_path: Path
) -> None:
    clip = tmp_path / "flash_beep.mp4"
    make_flash_beep_clip(clip, seconds=4)
    config = LiveConfig(
        source=str(clip),
        audio="file",
        width=640,
        height=360,
        fps=30,
        video_kbps=800,
        destinations=[Destination.parse(ffmpeg_ingest.url)],
    )
    with live(config) as (session, events):
        wait_for(
            lambda: sum(p["kind"] == "video" for p in ffmpeg_ingest.packets()) > 200,
            30,
            "7 s of the clip (it loops) at the ingest",
        )
        ffmpeg_ingest.restart()  # a forced reconnect
        wait_for(
            lambda: states(events)[-1] is OutputState.LIVE and output(session).stats.reconnects,
            30,
            "live again",
        )
        wait_for(
            lambda: sum(p["kind"] == "video" for p in ffmpeg_ingest.packets()) > 200,
            30,
            "7 s more after the reconnect",
        )
        assert session.engine.video.loops >= 2, "the clip loops"
    for media in (ffmpeg_ingest.media(0), ffmpeg_ingest.media(1)):
        offsets = _offsets(media)
        print(f"A/V offsets (audio - video, ms): {[round(o, 1) for o in offsets]}")
        assert all(abs(o) <= FRAME_MS for o in offsets), offsets
