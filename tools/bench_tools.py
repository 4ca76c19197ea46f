"""What each production tool costs, and whether the whole chain with all of them still holds.

    uv run python tools/bench_tools.py [--seconds 20] [--json FILE]

1. Per frame, on the video thread's own terms (one OpenCV thread, the canvas composed into a
   persistent frame as the engine does): beauty 60 (natural and warm), the chroma key over a
   still and over a clip, a picture-in-picture inset, at 720p and 1080p. The picture is a
   host before a green screen (tests/support/clips.py `host_frame`): the face, neck and
   shirt fill about a quarter of it, so the beauty's skin box is realistic. The cutout (智能
   抠像: the segmentation model, its smoothing, the guided filter and the blend) over a
   still, a clip and the room blurred: its cost does not depend on what the picture shows.
   Median and p90 of 300 frames.
2. The voice chain per 10 ms of sound (tools/voice_quality.py prints its quality).
3. Screen capture per grab at the display's size (with DISPLAY set: under Xvfb here).
4. The whole chain at 720p30 through the real engine (x264 veryfast, a recording): nothing
   on; beauty 60 alone; then everything at once (chroma key over a looping clip, beauty 60
   warm, a picture-in-picture clip, the microphone chain with RNNoise on a tone), and the
   same with the cutout in place of the chroma key (the two are one or the other), each for
   `--seconds`: late frames, frames out per second and CPU seconds per second, and the CPU
   with beauty 60 over the CPU without it (the issue's budget: at most 1.15).

`--fps-table` measures only the stream's frames out per second with each tool on alone, and
with all of them, at 720p (1280x720) and portrait 1080p (1080x1920), x264 veryfast, a
recording, for `--seconds` each: what a host gets on this machine with the tools she turns on.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.app.bench import measure
from studio.core.picture import BLUR, PictureTools
from studio.media.clock import MediaClock
from studio.media.compositor import Compositor, Inset, inset_rect
from studio.media.cutout import Cutout, Segmenter
from studio.media.effects import (
    Backdrop,
    Beauty,
    BeautySettings,
    ChromaKey,
    KeySettings,
)
from studio.media.sources import open_source
from studio.media.text import ensure_gui
from studio.media.voice import VoiceChain
from tests.support.clips import camera_like_clip, host_clip, host_frame


def per_frame(tools: list, picture: np.ndarray, frames: int = 300) -> tuple[float, float]:
    h, w = picture.shape[:2]
    c = Compositor(w, h)
    bgr = cv2.cvtColor(picture, cv2.COLOR_RGB2BGR)
    base = []
    for _ in range(frames):
        t = time.perf_counter()
        c.compose(bgr)
        base.append(time.perf_counter() - t)
    c.set_effects(tuple(t for t in tools if not isinstance(t, Inset)))
    c.set_insets(tuple(t for t in tools if isinstance(t, Inset)))
    timed = []
    for _ in range(frames):
        t = time.perf_counter()
        c.compose(bgr)
        timed.append(time.perf_counter() - t)
    extra = [a - statistics.median(base) for a in timed]
    return (
        statistics.median(extra) * 1000,
        sorted(extra)[int(0.9 * len(extra))] * 1000,
        statistics.mean(extra) * 1000,
    )


def loaded() -> Segmenter:
    segmenter = Segmenter(every=2)  # as the studio runs it at 30 fps
    segmenter.load()
    return segmenter


def fps_table(seconds: float, host: Path, backdrop: Path, close_up: Path) -> dict:
    """Frames out per second, late frames and CPU with each tool alone and all together."""
    cv2.setNumThreads(os.cpu_count() or 1)  # the studio's own setting (OpenCV's default)
    runs: dict[str, tuple[PictureTools, str]] = {
        "nothing on": (PictureTools(), "off"),
        "beauty 60": (PictureTools(beauty=60), "off"),
        "green screen over a clip": (PictureTools(key="green", background=str(backdrop)), "off"),
        "智能抠像 over a clip": (PictureTools(cutout=True, background=str(backdrop)), "off"),
        "智能抠像, room blurred": (PictureTools(cutout=True, background=BLUR), "off"),
        "picture-in-picture clip": (PictureTools(pip=str(close_up)), "off"),
        "denoise": (PictureTools(), "on"),
        "all (cutout, beauty, pip, denoise)": (
            PictureTools(
                beauty=60, look="warm", cutout=True, background=str(backdrop), pip=str(close_up)
            ),
            "on",
        ),
    }
    table: dict[str, dict[str, dict[str, float]]] = {}
    print(f"fps out with each tool, x264 veryfast, a recording, {seconds:.0f} s each:")
    print(f"  {'tool':36} {'720p (1280x720)':>22} {'1080p (1080x1920)':>22}")
    for name, (tools, denoise) in runs.items():
        row: dict[str, dict[str, float]] = {}
        cells = []
        for w, h in ((1280, 720), (1080, 1920)):
            r = measure(
                w, h, 30, "veryfast", seconds, source=str(host), tools=tools, denoise=denoise
            )
            row[f"{w}x{h}"] = {
                "fps_out": r.fps_out,
                "late_frames": r.late_frames,
                "cpu_s_per_s": r.cpu_s_per_s,
            }
            cells.append(f"{r.fps_out:5.1f} fps, CPU {r.cpu_s_per_s:.2f}")
        table[name] = row
        print(f"  {name:36} {cells[0]:>22} {cells[1]:>22}", flush=True)
    return {"cores": os.cpu_count(), "fps_table": table}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--fps-table", action="store_true", help="only the fps with each tool, 720p and 1080p"
    )
    args = parser.parse_args()
    cv2.setNumThreads(1)
    ensure_gui()
    figures: dict = {"cores": os.cpu_count(), "per_frame_ms": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        backdrop_png = tmpdir / "orchard.png"
        cv2.imwrite(
            str(backdrop_png), cv2.resize(host_frame(320, 180, seed=9)[:, ::-1], (1920, 1080))
        )
        backdrop_clip = tmpdir / "orchard.mp4"
        camera_like_clip(backdrop_clip, seconds=4)
        close_up = tmpdir / "close.mp4"
        camera_like_clip(close_up, seconds=4, w=640, h=360)
        host = tmpdir / "host.mp4"
        host_clip(host, seconds=6)
        if args.fps_table:
            figures = fps_table(args.seconds, host, backdrop_clip, close_up)
            if args.json:
                args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
            return 0
        clock = MediaClock()
        for w, h in ((1280, 720), (1920, 1080)):
            picture = host_frame(w, h)
            still = open_source(str(backdrop_png), clock)
            clip = open_source(str(backdrop_clip), clock)
            pip = open_source(str(close_up), clock)
            for s in (still, clip, pip):
                s.start()
            time.sleep(1.0)  # the clips' first frames
            cases = {
                "beauty 60": [Beauty(BeautySettings(60))],
                "beauty 60 warm": [Beauty(BeautySettings(60, "warm"))],
                "chroma key, picture backdrop": [ChromaKey(KeySettings(), Backdrop(still))],
                "chroma key, clip backdrop": [ChromaKey(KeySettings(), Backdrop(clip))],
                "cutout, picture backdrop": [Cutout(loaded(), Backdrop(still))],
                "cutout, clip backdrop": [Cutout(loaded(), Backdrop(clip))],
                "cutout, blurred room": [Cutout(loaded(), BLUR)],
                "picture-in-picture": [Inset(pip, inset_rect((w, h), "bottom-right", 0.3))],
            }
            for name, tools in cases.items():
                median, p90, mean = per_frame(tools, picture)
                figures["per_frame_ms"].setdefault(name, {})[f"{h}p"] = {
                    "median": round(median, 2),
                    "p90": round(p90, 2),
                    "mean": round(mean, 2),
                }
                print(f"{name:32} {h}p: {median:5.2f} ms a frame (p90 {p90:.2f}, mean {mean:.2f})")
            for s in (still, clip, pip):
                s.stop()
        chain = VoiceChain(True)
        x = np.zeros((2, 1024), np.float32)
        x[:] = np.random.default_rng(0).normal(0, 0.1, 1024)
        t0 = time.thread_time()  # this thread's CPU only: the audio thread's share
        for _ in range(2000):
            chain.process(x)
        # CPU seconds per second of sound, times 10 ms: milliseconds per 10 ms
        per_10ms = (time.thread_time() - t0) / (2000 * 1024 / 48_000) * 10
        figures["voice_chain_ms_per_10ms"] = round(per_10ms, 3)
        print(f"{'voice chain (RNNoise)':32}       {per_10ms:5.3f} ms per 10 ms of sound")
        if os.environ.get("DISPLAY"):
            import mss

            with mss.MSS() as grabber:
                mon = grabber.monitors[1]
                ts = []
                for _ in range(60):
                    t = time.perf_counter()
                    shot = grabber.grab(mon)
                    bgra = np.frombuffer(shot.raw, np.uint8).reshape(shot.height, shot.width, 4)
                    cv2.cvtColor(bgra, cv2.COLOR_BGRA2BGR)
                    ts.append(time.perf_counter() - t)
            grab = statistics.median(ts) * 1000
            size = f"{mon['width']}x{mon['height']}"
            figures["screen_grab_ms"] = {size: round(grab, 2)}
            print(f"{'screen capture ' + size:32}       {grab:5.2f} ms a grab (15 a second)")
        cv2.setNumThreads(os.cpu_count() or 1)  # the studio's own setting (OpenCV's default)
        print(f"\nthe whole chain at 720p30, x264 veryfast, {args.seconds:.0f} s each:")
        runs = {
            "nothing on": (PictureTools(), "off"),
            "beauty 60": (PictureTools(beauty=60), "off"),
            "everything": (
                PictureTools(
                    beauty=60,
                    look="warm",
                    key="green",
                    background=str(backdrop_clip),
                    pip=str(close_up),
                ),
                "on",
            ),
            "everything, cutout": (
                PictureTools(
                    beauty=60,
                    look="warm",
                    cutout=True,
                    background=str(backdrop_clip),
                    pip=str(close_up),
                ),
                "on",
            ),
        }
        chain_figures = {}
        for name, (tools, denoise) in runs.items():
            r = measure(
                1280,
                720,
                30,
                "veryfast",
                args.seconds,
                source=str(host),
                tools=tools,
                denoise=denoise,
            )
            chain_figures[name] = {
                "late_frames": r.late_frames,
                "fps_out": r.fps_out,
                "cpu_s_per_s": r.cpu_s_per_s,
                "lagged_ticks": r.lagged_ticks,
            }
            print(
                f"  {name:18} late {r.late_frames}, {r.fps_out:.1f} fps out, "
                f"CPU {r.cpu_s_per_s:.3f} s/s, lagged ticks {r.lagged_ticks}"
            )
        ratio = (
            chain_figures["beauty 60"]["cpu_s_per_s"] / chain_figures["nothing on"]["cpu_s_per_s"]
        )
        figures["chain_720p30"] = chain_figures
        figures["beauty60_cpu_ratio"] = round(ratio, 3)
        print(f"  CPU with beauty 60 / without: {ratio:.3f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
