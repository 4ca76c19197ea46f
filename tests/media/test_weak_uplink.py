"""A stream over a really thin uplink: what a viewer at the ingest gets (issue 11, point 2).

The studio (`studio live --headless`) and nginx-rtmp run in a network namespace whose
loopback is shaped with tc tbf to 700 kbit/s; a camera-like 720p clip is pushed at up to
2500 kbps. The ingest's own recording is what a viewer gets. The figures (dropped frames,
fps arriving, where the target settles) belong to `tools/weak_uplink.py`; this test asserts
what the viewer sees: the stream keeps arriving without a reconnect, the picture steps down
to 480p (the link cannot carry 720p), and the rate settles below what the link carries.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import av
import pytest

from tests.support.cli import studio_env
from tests.support.clips import camera_like_clip
from tests.support.netns import can_shape, netns_command, shaped_loopback
from tests.support.servers import NginxRtmp

pytestmark = [
    pytest.mark.nginx,
    pytest.mark.skipif(not can_shape(), reason="shaping a link needs root, ip and tc"),
]
LINK_KBIT = 700
SECONDS = 30


def test_a_thin_uplink_steps_the_picture_down_and_the_viewer_keeps_getting_it(
    tmp_path: Path,
) -> None:
    clip = tmp_path / "camera.mp4"
    camera_like_clip(clip, seconds=6)
    stats_path = tmp_path / "stats.json"
    with shaped_loopback(LINK_KBIT) as ns:
        nginx = NginxRtmp(tmp_path / "nginx", netns=ns)
        nginx.start()
        try:
            run = subprocess.run(
                netns_command(
                    ns, sys.executable, "-m", "studio", "live", "--headless",
                    "--source", str(clip), "--audio", "tone", "--to", nginx.url("thin"),
                    "--canvas", "1280x720", "--bitrate", "2500", "--encoder", "libx264",
                    "--duration", str(SECONDS), "--stats-json", str(stats_path),
                ),
                capture_output=True,
                text=True,
                timeout=SECONDS + 120,
                env=studio_env(),
            )  # fmt: skip
        finally:
            nginx.stop()
    assert run.returncode == 0, run.stderr[-2000:]
    stats = json.loads(stats_path.read_text())
    push = next(o for o in stats["outputs"] if o["kind"] == "rtmp")
    assert push["reconnects"] == 0
    assert stats["encoded_size"] == "854x480"  # stepped down: 720p needs more than the link
    # settled below what the link carries with the sound
    assert push["target_kbps"] + 128 < LINK_KBIT
    with av.open(str(nginx.recordings()[-1])) as container:
        sizes = [(f.width, f.height) for f in container.decode(video=0)]
    seen = Counter(sizes)
    # the viewer got the stream at 720p first, then 480p, and it kept coming after the step
    assert sizes[0] == (1280, 720) and sizes[-1] == (854, 480)
    assert seen[(854, 480)] >= 10 * 30
    assert len(sizes) >= stats["frames_encoded"] - push["dropped_video_frames"] - 60
