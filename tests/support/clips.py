"""Clips made on the spot with PyAV: a flash with a beep once a second, a camera-like scene."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def make_flash_beep_clip(
    path: Path,
    seconds: int = 6,
    fps: int = 30,
    width: int = 640,
    height: int = 360,
    first_s: float = 0.5,
) -> list[float]:
    """Dark frames with one white frame at each flash; a 1 kHz beep starts with each flash.

    Returns the flash times in seconds (on the clip).
    """
    flashes = [first_s + i for i in range(seconds) if first_s + i < seconds - 0.2]
    flash_frames = {round(t * fps) for t in flashes}
    with av.open(str(path), "w") as c:
        vs = c.add_stream(
            "libx264",
            rate=fps,
            width=width,
            height=height,
            pix_fmt="yuv420p",
            options={"preset": "ultrafast", "g": str(fps)},
        )
        aus = c.add_stream("aac", rate=48_000, layout="stereo")
        for i in range(seconds * fps):
            level = 235 if i in flash_frames else 16
            frame = av.VideoFrame.from_ndarray(
                np.full((height, width, 3), level, np.uint8), format="rgb24"
            )
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            for p in vs.encode(frame):
                c.mux(p)
        rate, n = 48_000, 1024
        total = seconds * rate
        t = np.arange(total) / rate
        signal = np.zeros(total, np.float32)
        for start in flashes:
            on = (t >= start) & (t < start + 0.06)
            signal[on] = 0.5 * np.sin(2 * np.pi * 1000 * t[on])
        for i in range(0, total - n + 1, n):
            chunk = np.stack([signal[i : i + n], signal[i : i + n]])
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
            frame.sample_rate = rate
            frame.pts = i
            frame.time_base = Fraction(1, rate)
            for p in aus.encode(frame):
                c.mux(p)
        for s in (vs, aus):
            for p in s.encode(None):
                c.mux(p)
    return flashes


def camera_like_clip(path: Path, seconds: int = 12, w: int = 1280, h: int = 720) -> None:
    """A textured scene panning slowly, with a little sensor noise: what a phone camera on a
    table of oranges gives an encoder (roughly 2–3 Mbit/s at 720p to look right)."""
    rng = np.random.default_rng(7)
    texture = rng.integers(40, 220, size=(h // 8, (w + 400) // 8, 3), dtype=np.uint8)
    texture = np.kron(texture, np.ones((8, 8, 1), dtype=np.uint8))
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.options = {"crf": "16", "preset": "veryfast"}
        for i in range(seconds * 30):
            x = (i * 2) % 400
            frame = texture[:, x : x + w].astype(np.int16)
            frame += rng.integers(-6, 7, size=frame.shape, dtype=np.int16)
            picture = np.clip(frame, 0, 255).astype(np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def solid_clip(path: Path, rgb: tuple[int, int, int], seconds: int = 2, fps: int = 30) -> None:
    """A clip of one colour (a backdrop, a close-up camera stand-in), without sound."""
    with av.open(str(path), "w") as c:
        vs = c.add_stream(
            "libx264",
            rate=fps,
            width=320,
            height=180,
            pix_fmt="yuv420p",
            options={"preset": "ultrafast"},
        )
        picture = np.zeros((180, 320, 3), np.uint8)
        picture[:] = rgb
        for i in range(seconds * fps):
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            for p in vs.encode(frame):
                c.mux(p)
        for p in vs.encode(None):
            c.mux(p)
