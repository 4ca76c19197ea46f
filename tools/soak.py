"""A long stream, as a merchant's show runs: late frames, latency and A/V drift after minutes.

    uv run python tools/soak.py [--seconds 300] [--canvas 1280x720 ...]

Pushes the test pattern and a tone to nginx-rtmp on loopback and records beside it, then
reads the recording back: the last audio and video timestamps must still agree (audio and
video are stamped from one clock, so they cannot drift apart).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.cli import studio_command
from tests.support.media import probe
from tests.support.servers import NginxRtmp


def soak(width: int, height: int, seconds: float, work: Path) -> dict[str, object]:
    nginx = NginxRtmp(workdir=work / f"nginx_{width}x{height}")
    nginx.start()
    rec, stats_path = work / f"soak_{width}x{height}.mkv", work / "stats.json"
    try:
        result = subprocess.run(
            [
                *studio_command(),
                "live",
                "--headless",
                "--source",
                "test",
                "--audio",
                "tone",
                "--to",
                nginx.url("soak"),
                "--record",
                str(rec),
                "--canvas",
                f"{width}x{height}",
                "--duration",
                str(seconds),
                "--stats-json",
                str(stats_path),
            ],
            capture_output=True,
            text=True,
        )
    finally:
        nginx.stop()
    stats = json.loads(stats_path.read_text())
    got = probe(rec)
    drift_ms = got.audio_pts_ms[-1] - got.video_pts_ms[-1]
    rtmp = next(o for o in stats["outputs"] if o["kind"] == "rtmp")
    return {
        "canvas": f"{width}x{height}@30",
        "seconds": stats["elapsed_s"],
        "exit": result.returncode,
        "encoder": stats["encoder"],
        "frames_encoded": stats["frames_encoded"],
        "late_frames": stats["late_frames"],
        "lagged_ticks": stats["lagged_ticks"],
        "latency_ms_p50": stats["latency_ms_p50"],
        "latency_ms_p99": stats["latency_ms_p99"],
        "cpu_s_per_s": round(stats["cpu_seconds"] / stats["elapsed_s"], 3),
        "dropped_video_frames": rtmp["dropped_video_frames"],
        "reconnects": rtmp["reconnects"],
        "end_audio_minus_video_ms": round(drift_ms, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--canvas", action="append", default=[])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    canvases = [tuple(int(x) for x in c.split("x")) for c in args.canvas] or [
        (1280, 720),
        (720, 1280),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for w, h in canvases:
            rows.append(soak(w, h, args.seconds, Path(tmp)))
            print(json.dumps(rows[-1]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
