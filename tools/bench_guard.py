"""Does portrait 1080p hold 30 fps with every tool on? The frame guard on, and off, alternately.

    uv run python tools/bench_guard.py [--seconds 40] [--rounds 2] [--json FILE]

The real engine streams a host clip at 1080x1920@30 with every tool on (智能抠像 over a
looping clip, beauty 60 warm, a picture-in-picture clip, RNNoise on the sound), x264 at the
preset the studio picks for this machine, into a recording, for `--seconds`; once with the
frame guard on (its default order: cutout, preset, resolution), once with it off, alternating
for `--rounds`. For each run: the frames out per second over the whole run and after the first
10 s (the issue's figure: at least 29), the frames lost after 10 s, CPU seconds per second,
the guard's steps and when, and the load average before and after (the machine is shared: a
figure without its load says little).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.app.live import LiveConfig, LiveSession
from studio.core.guard import KNOBS
from studio.core.messages import render
from studio.core.picture import PictureTools
from studio.core.presets import bitrate_for
from studio.media.text import ensure_gui
from tests.support.clips import camera_like_clip, host_clip

SETTLE_S = 10.0  # the figure is after the first 10 s


def run(
    seconds: float, guard: tuple[str, ...], host: Path, backdrop: Path, close_up: Path, out: Path
) -> dict:
    width, height = 1080, 1920
    config = LiveConfig(
        source=str(host),
        audio="tone",
        denoise="on",
        width=width,
        height=height,
        fps=30,
        video_kbps=bitrate_for(width, height, 30),
        encoder="libx264",
        record=out,
        guard=guard,
        tools=PictureTools(
            beauty=60, look="warm", cutout=True, background=str(backdrop), pip=str(close_up)
        ),
    )
    load_before = os.getloadavg()
    session = LiveSession(config)
    engine = session.engine
    steps: list[tuple[float, str]] = []
    t0 = time.monotonic()
    engine.guard_changed.connect(
        lambda m: steps.append((round(time.monotonic() - t0, 1), render(m, "en")))
    )
    session.start()
    try:
        time.sleep(SETTLE_S)  # a benchmark's wait: the figure starts at 10 s
        frames0, lost0 = engine.frames_encoded, engine.late_frames + engine.lagged_ticks
        cpu0, t10 = engine._cpu_seconds(), time.monotonic()
        time.sleep(max(1.0, seconds - SETTLE_S))
        elapsed = time.monotonic() - t10
        frames = engine.frames_encoded - frames0
        lost = engine.late_frames + engine.lagged_ticks - lost0
        cpu = engine._cpu_seconds() - cpu0
        stats = session.stats()
        total_s = time.monotonic() - t0
    finally:
        session.stop()
    return {
        "guard": ",".join(guard) or "off",
        "preset_start": engine.encoder.base_preset,
        "fps_whole_run": round(engine.frames_encoded / total_s, 1),
        "fps_after_10s": round(frames / elapsed, 1),
        "lost_after_10s": lost,
        "cpu_s_per_s_after_10s": round(cpu / elapsed, 2),
        "render_ms_mean": stats.render_ms_mean,
        "encode_ms_mean": stats.encode_ms_mean,
        "encoded_size": stats.encoded_size,
        "preset_end": stats.x264_preset,
        "guard_end": stats.guard,
        "steps": steps,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    ensure_gui()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        host, backdrop, close_up = tmpdir / "host.mp4", tmpdir / "orchard.mp4", tmpdir / "close.mp4"
        host_clip(host, seconds=6)
        camera_like_clip(backdrop, seconds=4)
        camera_like_clip(close_up, seconds=4, w=640, h=360)
        for i in range(args.rounds):
            for guard in (KNOBS, ()):
                r = run(args.seconds, guard, host, backdrop, close_up, tmpdir / f"r{i}.mkv")
                results.append(r)
                print(
                    f"guard {r['guard']:26} fps {r['fps_whole_run']:5.1f} whole, "
                    f"{r['fps_after_10s']:5.1f} after 10 s (lost {r['lost_after_10s']}), "
                    f"CPU {r['cpu_s_per_s_after_10s']:.2f} s/s, drawing {r['render_ms_mean']} ms, "
                    f"encoding {r['encode_ms_mean']} ms, ends {r['encoded_size']} "
                    f"{r['preset_end']} [{r['guard_end']}], load {r['load_before'][0]}"
                    f"→{r['load_after'][0]}",
                    flush=True,
                )
                for at, said in r["steps"]:
                    print(f"    {at:5.1f} s  {said}", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"cores": os.cpu_count(), "runs": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
