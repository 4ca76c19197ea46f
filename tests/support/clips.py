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


def host_frame(w: int = 1280, h: int = 720, t: float = 0.0, seed: int = 5) -> np.ndarray:
    """A host in front of a green screen, as RGB: a cloth with folds and sensor noise, a
    face and neck in a blotchy skin tone with eyes and a mouth, a dark shirt; the head sways
    with `t` (seconds). What the beauty and the chroma key are measured on."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    folds = 12 * np.sin(xx / w * 9 + np.sin(yy / h * 3)) + rng.normal(0, 4, (h, w))
    rgb = np.empty((h, w, 3), np.float32)
    rgb[..., 0], rgb[..., 1], rgb[..., 2] = 20 + folds / 3, 170 + folds, 60 + folds / 2
    cx = w / 2 + 0.04 * w * np.sin(2 * np.pi * 0.2 * t)
    cy, rx, ry = h * 0.42, w * 0.11, h * 0.26
    face = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2 <= 1
    neck = (np.abs(xx - cx) < rx * 0.45) & (yy > cy) & (yy < cy + ry * 1.5)
    shirt = (((xx - cx) / (w * 0.3)) ** 2 + ((yy - h * 1.05) / (h * 0.4)) ** 2) <= 1
    import cv2

    blotch = rng.normal(0, 1, (h // 16 + 1, w // 16 + 1)).astype(np.float32)
    blotch = cv2.resize(blotch, (w, h), interpolation=cv2.INTER_CUBIC) * 7
    blotch += rng.normal(0, 5, (h, w)).astype(np.float32)
    skin = np.array((214, 160, 130), np.float32)
    for m in (face | neck,):
        rgb[m] = skin + blotch[m, None]
    for ex in (-0.4, 0.4):  # eyes and a mouth: edges the smoothing must keep
        eye = ((xx - cx - ex * rx) / (rx * 0.16)) ** 2 + (
            (yy - cy + 0.2 * ry) / (ry * 0.06)
        ) ** 2 <= 1
        rgb[eye] = (40, 30, 30)
    mouth = ((xx - cx) / (rx * 0.35)) ** 2 + ((yy - cy - 0.45 * ry) / (ry * 0.05)) ** 2 <= 1
    rgb[mouth] = (150, 50, 60)
    rgb[shirt] = np.array((30, 40, 70), np.float32) + rng.normal(0, 3, (int(shirt.sum()), 1))
    return np.clip(rgb, 0, 255).astype(np.uint8)


def host_clip(path: Path, seconds: int = 6, w: int = 1280, h: int = 720, fps: int = 30) -> None:
    """`host_frame` swaying for `seconds`: a green-screen camera stand-in."""
    base = host_frame(w, h, 0.0)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.options = {"crf": "18", "preset": "veryfast"}
        for i in range(seconds * fps):
            shift = int(0.04 * w * np.sin(2 * np.pi * 0.2 * i / fps))
            picture = np.roll(base, shift, axis=1)
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
