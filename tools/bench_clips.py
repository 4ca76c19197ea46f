"""How long a product clip takes to cut, portrait (copied) and landscape (re-encoded).

    uv run python tools/bench_clips.py [--seconds 40]

Makes a 90 s recording of the camera-like scene (tests/support/clips.py) in each orientation,
with a tone, and a show's report in which one product is explained from 10 s and linked up at
`--seconds` - 10 (so the clip is `--seconds` long with the 20 s after the link-up), then cuts
it with the studio's own `make_clips` and prints the time per clip.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.app.clips import make_clips
from studio.media.text import ensure_gui


def recording(path: Path, w: int, h: int, seconds: int = 90) -> None:
    rng = np.random.default_rng(7)
    texture = rng.integers(40, 220, size=(h // 8, (w + 400) // 8, 3), dtype=np.uint8)
    texture = np.kron(texture, np.ones((8, 8, 1), dtype=np.uint8))
    with av.open(str(path), "w", format="matroska") as out:
        vs = out.add_stream("libx264", rate=30, options={"preset": "veryfast", "g": "60"})
        vs.width, vs.height, vs.pix_fmt = w, h, "yuv420p"
        aus = out.add_stream("aac", rate=48_000, layout="stereo")
        samples = 0  # audio written so far, kept level with the video
        for i in range(seconds * 30):
            x = (i * 2) % 400
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(texture[:, x : x + w]), "rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 30)
            for p in vs.encode(frame):
                out.mux(p)
            while samples < (i + 1) * 1600:
                t = (np.arange(1024) + samples) / 48_000
                tone = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
                af = av.AudioFrame.from_ndarray(np.vstack([tone, tone]), "fltp", "stereo")
                af.sample_rate, af.pts, af.time_base = 48_000, samples, Fraction(1, 48_000)
                for p in aus.encode(af):
                    out.mux(p)
                samples += 1024
        for s in (vs, aus):
            for p in s.encode(None):
                out.mux(p)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40.0)
    args = parser.parse_args()
    ensure_gui()
    report = {
        "stream": {
            "events": [
                {"kind": "explain", "stream_s": 10.0, "product_key": "k", "name": "赣南脐橙"}
            ]
        },
        "link_ups": [
            {"product_key": "k", "status": "listed", "zero_stream_s": 10.0 + args.seconds - 20}
        ],
        "products": [{"key": "k", "live_price": 19.9, "price": 39.9}],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, (w, h) in (
            ("portrait 720x1280", (720, 1280)),
            ("landscape 1280x720", (1280, 720)),
        ):
            rec = Path(tmp) / f"{w}x{h}.mkv"
            recording(rec, w, h)
            t0 = time.perf_counter()
            (clip,) = make_clips(report, rec, Path(tmp) / f"clips-{w}")
            took = time.perf_counter() - t0
            how = "copied" if clip.copied else "re-encoded"
            print(f"{name}: a {clip.duration_s:.1f} s clip, {how}, in {took:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
