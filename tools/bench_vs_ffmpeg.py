"""Merchant Studio against the ffmpeg command line: same clip, same x264 settings, same ingest.

    uv run python tools/bench_vs_ffmpeg.py [--seconds 40] [--rounds 6] [--canvas 1280x720 ...]

For each canvas: make a clip with moving content and a tone (ffmpeg's testsrc2), start
nginx-rtmp on a free loopback port, then push the clip for N seconds with

- `studio live --headless --source CLIP --audio file --encoder libx264 --preset P`, and
- `ffmpeg -re -stream_loop -1 -i CLIP ... -c:v libx264 -preset P -tune zerolatency ...`,

alternating for several rounds, and read each process's CPU time from /proc after a warm-up.
Prints CPU-seconds per streamed second for both, the median ratio, and the studio's own
stats (fps, late frames, capture-to-send latency).
Needs the ffmpeg CLI (Debian: ffmpeg) besides nginx.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.core.presets import bitrate_for
from studio.media.encoder import default_x264_preset
from tests.support.cli import studio_command
from tests.support.servers import NginxRtmp


def make_clip(
    path: Path, width: int, height: int, fps: int, seconds: int = 20, static: bool = False
) -> None:
    """A camera-like clip (testsrc2 moving), or with `static` one frame of it held still (a
    still picture: what a product close-up or a "back soon" card costs)."""
    picture = f"testsrc2=size={width}x{height}:rate={fps}"
    if static:
        picture += f",trim=end_frame=1,loop=loop=-1:size=1:start=0,setpts=N/{fps}/TB"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            picture,
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000",
            "-t",
            str(seconds),
            "-c:v",
            "libx264",
            "-preset",
            "medium",
            "-crf",
            "18",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-ac",
            "2",
            str(path),
        ],
        check=True,
    )


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a running process, from /proc (threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_measured(cmd: list[str], seconds: float, warmup_s: float = 5.0) -> tuple[float, float, int]:
    """Run `cmd`; return (steady-state CPU seconds, the window's seconds, exit code).

    CPU is read at `warmup_s` and again just before the end, so start-up (Python importing
    Qt, NumPy and FFmpeg; ffmpeg's own probing) counts for neither side.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    time.sleep(warmup_s)
    cpu0, t0 = _cpu_s(proc.pid), time.monotonic()
    time.sleep(max(1.0, seconds - warmup_s - 1.0))
    cpu1, t1 = _cpu_s(proc.pid), time.monotonic()
    rc = proc.wait()
    return cpu1 - cpu0, t1 - t0, rc


def bench_canvas(
    width: int, height: int, fps: int, seconds: float, work: Path, rounds: int, static: bool = False
) -> dict[str, object]:
    clip = work / f"clip_{width}x{height}{'_static' if static else ''}.mp4"
    make_clip(clip, width, height, fps, static=static)
    kbps = bitrate_for(width, height, fps)
    preset = default_x264_preset(width, height, fps)
    gop = fps * 2
    nginx = NginxRtmp(workdir=work / f"nginx_{width}x{height}")
    nginx.start()
    stats = work / "stats.json"
    ratios, studio_rates, ff_rates, codes = [], [], [], []
    try:
        # Alternate the two, several rounds: this VM's neighbours make single runs noisy.
        for r in range(rounds):
            studio_cpu, studio_win, rc1 = run_measured(
                [
                    *studio_command(),
                    "live",
                    "--headless",
                    "--source",
                    str(clip),
                    "--audio",
                    "file",
                    "--to",
                    nginx.url(f"studio{r}"),
                    "--canvas",
                    f"{width}x{height}",
                    "--fps",
                    str(fps),
                    "--bitrate",
                    str(kbps),
                    "--encoder",
                    "libx264",
                    "--preset",
                    preset,
                    "--no-dynamic-bitrate",
                    "--guard",
                    "off",  # the same x264 settings as ffmpeg's all the way, even when busy
                    "--duration",
                    str(seconds),
                    "--stats-json",
                    str(stats),
                ],
                seconds,
            )
            ff_cpu, ff_win, rc2 = run_measured(
                [
                    "ffmpeg",
                    "-v",
                    "error",
                    "-re",
                    "-stream_loop",
                    "-1",
                    "-i",
                    str(clip),
                    "-t",
                    str(seconds),
                    "-c:v",
                    "libx264",
                    "-preset",
                    preset,
                    "-tune",
                    "zerolatency",
                    "-b:v",
                    f"{kbps}k",
                    "-maxrate",
                    f"{kbps}k",
                    "-bufsize",
                    f"{kbps}k",
                    "-g",
                    str(gop),
                    "-keyint_min",
                    str(gop),
                    "-sc_threshold",
                    "0",
                    "-bf",
                    "0",
                    "-forced-idr",
                    "1",
                    "-profile:v",
                    "main",
                    "-pix_fmt",
                    "yuv420p",
                    "-c:a",
                    "aac",
                    "-b:a",
                    "128k",
                    "-ar",
                    "48000",
                    "-ac",
                    "2",
                    "-f",
                    "flv",
                    nginx.url(f"ffmpeg{r}"),
                ],
                seconds,
            )
            studio_rates.append(studio_cpu / studio_win)
            ff_rates.append(ff_cpu / ff_win)
            ratios.append(studio_rates[-1] / ff_rates[-1])
            codes.append(f"{rc1}/{rc2}")
    finally:
        nginx.stop()
    s = json.loads(stats.read_text())
    return {
        "canvas": f"{width}x{height}@{fps}",
        "picture": "static" if static else "moving",
        "preset": preset,
        "kbps": kbps,
        "studio_cpu_s_per_s": round(statistics.median(studio_rates), 3),
        "ffmpeg_cpu_s_per_s": round(statistics.median(ff_rates), 3),
        "cpu_ratio_median": round(statistics.median(ratios), 3),
        "cpu_ratios": [round(x, 3) for x in ratios],
        "studio_fps_out": round(s["frames_encoded"] / s["elapsed_s"], 2),
        "studio_late_frames": s["late_frames"],
        "studio_lagged_ticks": s["lagged_ticks"],
        "studio_latency_ms_p50": s["latency_ms_p50"],
        "studio_latency_ms_p99": s["latency_ms_p99"],
        "exit_codes": codes,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--canvas", action="append", default=[])
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=6, help="alternating studio/ffmpeg pairs")
    parser.add_argument("--static", action="store_true", help="a still picture, not a moving one")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not shutil.which("ffmpeg"):
        print("needs the ffmpeg command line (apt-get install ffmpeg)", file=sys.stderr)
        return 2
    canvases = [tuple(int(x) for x in c.split("x")) for c in args.canvas] or [
        (1280, 720),
        (720, 1280),
        (1920, 1080),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for w, h in canvases:
            row = bench_canvas(w, h, args.fps, args.seconds, Path(tmp), args.rounds, args.static)
            rows.append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
