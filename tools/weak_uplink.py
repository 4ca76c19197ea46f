"""Benchmark: a minute of 720p at 2500 kbps into a 1 Mbit/s uplink (issue 11's field report).

    sudo uv run python tools/weak_uplink.py [--rate 1000] [--seconds 60]
    sudo uv run python tools/weak_uplink.py --pattern swing   # 3000 <-> 800 kbit/s every 20 s
    sudo uv run python tools/weak_uplink.py --pattern stall   # 3 s of dead link every 20 s

A camera-like clip (a moving texture with sensor noise, made here) is streamed by
`studio live --headless` inside a network namespace whose loopback is shaped with tc tbf, to
nginx-rtmp in the same namespace, which records what arrives. Prints what a viewer gets: the
frames the studio dropped, the frame rate arriving at the ingest over the last 30 s, the
longest hole in what arrived after the first 10 s, and where the video target settled.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import av

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.cli import studio_env  # noqa: E402
from tests.support.clips import camera_like_clip  # noqa: E402
from tests.support.netns import netns_command, shaped_loopback  # noqa: E402
from tests.support.servers import NginxRtmp  # noqa: E402


def arrived(recording: Path) -> list[float]:
    """Seconds (stream time) of each video frame the ingest recorded."""
    times = []
    with av.open(str(recording)) as container:
        video = container.streams.video[0]
        for packet in container.demux(video):
            if packet.pts is not None:
                times.append(float(packet.pts * video.time_base))
    return sorted(times)


def shape(ns: str, *qdisc: str) -> None:
    subprocess.run(
        netns_command(ns, "tc", "qdisc", "replace", "dev", "lo", "root", *qdisc),
        check=True,
        capture_output=True,
    )


def tbf(rate_kbit: int) -> tuple[str, ...]:
    return ("tbf", "rate", f"{rate_kbit}kbit", "burst", "16kb", "latency", "300ms")


def run_pattern(ns: str, pattern: str, rate: int, stop: threading.Event) -> None:
    """Change the link while the stream runs: `swing` between 3000 and 800 kbit/s every 20 s,
    `stall`: a dead link (blackhole qdisc) for 3 s every 20 s, `rate` otherwise."""
    if pattern == "swing":
        wide = True
        while not stop.wait(20):
            wide = not wide
            shape(ns, *tbf(3000 if wide else 800))
    elif pattern == "stall":
        while not stop.wait(17):
            shape(ns, "blackhole")
            stop.wait(3)
            shape(ns, *tbf(rate))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=1000, help="kbit/s of the shaped uplink")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--pattern", choices=("steady", "swing", "stall"), default="steady")
    parser.add_argument("--trace", type=Path, help="write the studio's debug log here")
    args = parser.parse_args()
    if args.pattern == "swing" or (args.pattern == "stall" and args.rate == 1000):
        args.rate = 3000
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        clip = work / "camera.mp4"
        camera_like_clip(clip)
        with shaped_loopback(args.rate) as ns:
            nginx = NginxRtmp(work / "nginx", netns=ns)
            nginx.start()
            stop = threading.Event()
            changer = threading.Thread(target=run_pattern, args=(ns, args.pattern, args.rate, stop))
            changer.start()
            try:
                stats = work / "stats.json"
                run = subprocess.run(
                    netns_command(
                        ns, sys.executable, "-m", "studio", *(["-v"] if args.trace else []),
                        "live", "--headless",
                        "--source", str(clip), "--audio", "tone", "--to", nginx.url("weak"),
                        "--canvas", "1280x720", "--bitrate", "2500", "--encoder", "libx264",
                        "--duration", str(args.seconds), "--stats-json", str(stats),
                    ),
                    capture_output=True,
                    timeout=args.seconds + 120,
                    env=studio_env(),
                )  # fmt: skip
                if args.trace:
                    args.trace.write_bytes(run.stdout + run.stderr)
                run.check_returncode()
            finally:
                stop.set()
                changer.join()
                nginx.stop()
            data = json.loads(stats.read_text())
            times = arrived(nginx.recordings()[-1])
    push = next(o for o in data["outputs"] if o["kind"] == "rtmp")
    end = times[-1]
    last30 = [t for t in times if t >= end - 30]
    after10 = [t for t in times if t >= times[0] + 10]
    gaps = [b - a for a, b in itertools.pairwise(after10)]
    hole = max(gaps, default=0.0)
    holes = [g for g in gaps if g > 0.5]
    encoded = data["frames_encoded"]
    print(
        f"uplink {args.pattern} {args.rate} kbit/s, {args.seconds} s of 720p at up to 2500 kbps:\n"
        f"  dropped by the studio: {push['dropped_video_frames']} of {encoded} frames "
        f"({100 * push['dropped_video_frames'] / max(1, encoded):.1f} %)\n"
        f"  arriving at the ingest, last 30 s: {len(last30) / 30:.2f} fps\n"
        f"  longest hole after the first 10 s: {hole:.2f} s "
        f"({len(holes)} over 0.5 s, {sum(holes):.1f} s in all)\n"
        f"  video target at the end: {push['target_kbps']:.0f} kbps "
        f"(+128 kbps of sound; reconnects {push['reconnects']}); "
        f"sending {data.get('encoded_size') or data['canvas']} of {data['canvas']}"
    )


if __name__ == "__main__":
    main()
