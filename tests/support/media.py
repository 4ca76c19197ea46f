"""Read back what arrived: streams, sizes, frame rate, keyframe interval, flashes and beeps."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np


@dataclass
class Probe:
    video_codec: str = ""
    audio_codec: str = ""
    width: int = 0
    height: int = 0
    video_pts_ms: list[float] = field(default_factory=list)
    key_pts_ms: list[float] = field(default_factory=list)
    audio_pts_ms: list[float] = field(default_factory=list)

    @property
    def fps(self) -> float:
        p = self.video_pts_ms
        return (len(p) - 1) / ((p[-1] - p[0]) / 1000) if len(p) > 1 else 0.0

    @property
    def keyframe_intervals_s(self) -> list[float]:
        k = self.key_pts_ms
        return [(b - a) / 1000 for a, b in itertools.pairwise(k)]


def probe(path: Path) -> Probe:
    out = Probe()
    with av.open(str(path)) as c:
        for s in c.streams:
            if s.type == "video":
                out.video_codec, out.width, out.height = (
                    s.codec_context.name,
                    s.codec_context.width,
                    s.codec_context.height,
                )
            elif s.type == "audio":
                out.audio_codec = s.codec_context.name
        for p in c.demux():
            if p.pts is None:
                continue
            ms = float(p.pts * p.time_base * 1000)
            if p.stream.type == "video":
                out.video_pts_ms.append(ms)
                if p.is_keyframe:
                    out.key_pts_ms.append(ms)
            elif p.stream.type == "audio":
                out.audio_pts_ms.append(ms)
    out.video_pts_ms.sort()
    return out


def decode_video_luma(path: Path) -> list[tuple[float, float]]:
    """(time in ms, mean luma) of every decoded frame."""
    rows = []
    with av.open(str(path)) as c:
        for frame in c.decode(video=0):
            y = frame.to_ndarray(format="gray")
            rows.append((float(frame.time * 1000), float(y.mean())))
    return rows


def decode_audio_envelope(path: Path, window_ms: float = 5.0) -> list[tuple[float, float]]:
    """(time in ms, peak level) per `window_ms`, over the decoded audio."""
    chunks, starts = [], []
    with av.open(str(path)) as c:
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=48_000)
        for frame in c.decode(audio=0):
            for f in resampler.resample(frame):
                chunks.append(f.to_ndarray()[0])
                starts.append(float(f.time * 1000))
    rows = []
    step = int(48 * window_ms)
    for start, data in zip(starts, chunks, strict=True):
        for i in range(0, len(data), step):
            rows.append((start + i / 48.0, float(np.abs(data[i : i + step]).max())))
    return rows


def onsets(rows: list[tuple[float, float]], threshold: float) -> list[float]:
    """Times where the value crosses `threshold` upwards."""
    out, above = [], False
    for t, v in rows:
        if v >= threshold and not above:
            out.append(t)
        above = v >= threshold
    return out


def last_frame_rgb(path: Path) -> np.ndarray:
    """The recording's last decoded frame as RGB (h, w, 3)."""
    last = None
    with av.open(str(path)) as c:
        for frame in c.decode(video=0):
            last = frame
    assert last is not None, f"{path.name} has no video frames"
    return last.to_ndarray(format="rgb24")


def card_pictures(path: Path) -> list[str]:
    """Whose picture is on the show's card in each decoded frame, in order: "red", "blue" or
    "other". The card's picture sits square at its left (`Placement`); give the products
    pure red and pure blue pictures and the frames say which product viewers see."""
    from studio.media.overlays import Placement

    seen = []
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            x, y, width = Placement.for_canvas(frame.width, frame.height).card
            side = int(width * 0.34)
            cy, cx = y + side // 2, x + side // 2
            patch = frame.to_ndarray(format="rgb24")[cy - 3 : cy + 3, cx - 3 : cx + 3]
            r, _, b = (float(v) for v in patch.reshape(-1, 3).mean(axis=0))
            seen.append("red" if r > 150 > b else "blue" if b > 150 > r else "other")
    return seen
