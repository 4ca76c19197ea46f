"""Cutting a product's clip out of the show's recording, for a short video.

Two ways, chosen by the recording:

- a portrait recording (9:16, the card already on it from the countdown on) is cut without
  re-encoding: from the keyframe at or before the start to the end, every packet copied and
  its timestamps moved to zero. A clip of a minute takes a fraction of a second.
- a landscape recording is made portrait: the picture fitted across the middle over a blurred,
  zoomed copy of itself (the usual way a landscape shot becomes a vertical video), with the
  product's card, re-encoded at 720x1280 (x264 veryfast, AAC 128 kbit/s).

Both write MP4 with the index at the front (`+faststart`), what the short-video apps take.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from studio.core.errors import StudioError

log = logging.getLogger(__name__)

PORTRAIT = (720, 1280)


@dataclass(frozen=True)
class CutResult:
    path: Path
    start_s: float  # where the clip starts in the recording (a keyframe when copied)
    duration_s: float
    copied: bool  # True: packets copied, no re-encode
    seconds_taken: float


class UnreadableRecording(StudioError, ValueError):
    """The recording's video says nothing of its timing (no time base): it cannot be cut."""


def _time_base(stream: av.stream.Stream) -> Fraction:
    if stream.time_base is None:
        raise UnreadableRecording("the recording's video has no time base")
    return stream.time_base


def recording_size(recording: Path) -> tuple[int, int]:
    with av.open(str(recording)) as c:
        cc = c.streams.video[0].codec_context
        return cc.width, cc.height


def recording_duration(recording: Path) -> float:
    """The recording's length in seconds, from its last video packet (a file still being
    written or cut short by a crash has no duration in its header)."""
    with av.open(str(recording)) as c:
        vs = c.streams.video[0]
        if c.duration:
            return float(c.duration / av.time_base)
        last, tb = 0.0, _time_base(vs)
        for packet in c.demux(vs):
            if packet.pts is not None:
                last = max(last, float(packet.pts * tb))
        return last


def _out(path: Path) -> av.container.OutputContainer:
    return av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"})


def cut_copy(recording: Path, start_s: float, end_s: float, out_path: Path) -> CutResult:
    """Packets from the keyframe at or before `start_s` to `end_s`, copied."""
    t0 = time.perf_counter()
    with av.open(str(recording)) as src, _out(out_path) as out:
        vs = src.streams.video[0]
        streams = [vs, *src.streams.audio[:1]]
        mapping = {s.index: out.add_stream_from_template(s) for s in streams}
        src.seek(int(max(0.0, start_s) / _time_base(vs)), stream=vs, backward=True)
        base_s: float | None = None
        last_s = 0.0
        for packet in src.demux(streams):
            if packet.pts is None or packet.dts is None or packet.time_base is None:
                continue
            at = float(packet.pts * packet.time_base)
            if base_s is None:
                if packet.stream.type != "video" or not packet.is_keyframe:
                    continue  # the cut starts on the video's keyframe
                base_s = at
            if at < base_s - 0.05:
                continue  # audio from before the keyframe
            if at >= end_s:
                if packet.stream.type == "video":
                    break
                continue
            shift = round(base_s / packet.time_base)
            packet.pts -= shift
            packet.dts -= shift
            if packet.dts < 0:
                continue
            packet.stream = mapping[packet.stream.index]
            out.mux(packet)
            last_s = max(last_s, at)
    start = base_s if base_s is not None else start_s
    return CutResult(out_path, start, max(0.0, last_s - start), True, time.perf_counter() - t0)


def portrait_frame(bgr: np.ndarray, size: tuple[int, int] = PORTRAIT) -> np.ndarray:
    """A landscape picture as a portrait one: fitted across the middle over a blurred, zoomed
    copy of itself."""
    w, h = size
    sh, sw = bgr.shape[:2]
    scale = max(w / sw, h / sh)  # the backdrop: covering, small, blurred
    small = cv2.resize(bgr, (max(2, int(sw * scale / 8)), max(2, int(sh * scale / 8))))
    small = cv2.GaussianBlur(small, (0, 0), 3)
    # only the part that shows is scaled up (cropped small, not after)
    sx0, sy0 = (small.shape[1] - w / 8) / 2, (small.shape[0] - h / 8) / 2
    crop = small[
        max(0, int(sy0)) : max(0, int(sy0)) + max(1, -(-h // 8)),
        max(0, int(sx0)) : max(0, int(sx0)) + max(1, -(-w // 8)),
    ]
    back = cv2.resize(crop, (w, h), interpolation=cv2.INTER_LINEAR)
    canvas = cv2.convertScaleAbs(back, alpha=0.6)  # dimmed
    fit = min(w / sw, h / sh)
    fw, fh = int(sw * fit) // 2 * 2, int(sh * fit) // 2 * 2
    top = (h - fh) // 3  # a little above the middle: the card goes below
    canvas[top : top + fh, (w - fw) // 2 : (w - fw) // 2 + fw] = cv2.resize(
        bgr, (fw, fh), interpolation=cv2.INTER_AREA
    )
    return canvas


class _Card:
    """The product card (BGRA) at (x, y), its weights made once: blended on every frame."""

    def __init__(self, bgra: np.ndarray, x: int, y: int, size: tuple[int, int]) -> None:
        w, h = size
        ch, cw = min(bgra.shape[0], h - y), min(bgra.shape[1], w - x)
        self.x, self.y = x, y
        self.bgr = np.ascontiguousarray(bgra[: max(0, ch), : max(0, cw), :3])
        self.a = bgra[: max(0, ch), : max(0, cw), 3].astype(np.float32) / 255.0
        self.inv = 1.0 - self.a

    def draw(self, canvas: np.ndarray) -> None:
        h, w = self.a.shape
        if h <= 0 or w <= 0:
            return
        roi = canvas[self.y : self.y + h, self.x : self.x + w]
        cv2.blendLinear(self.bgr, roi, self.a, self.inv, dst=roi)


def cut_portrait(
    recording: Path,
    start_s: float,
    end_s: float,
    out_path: Path,
    card: tuple[np.ndarray, int, int] | None = None,
    size: tuple[int, int] = PORTRAIT,
) -> CutResult:
    """[start_s, end_s) re-encoded as a portrait clip with `card` (BGRA, x, y) on it."""
    t0 = time.perf_counter()
    w, h = size
    with av.open(str(recording)) as src, _out(out_path) as out:
        vs = src.streams.video[0]
        vs.thread_type = "AUTO"  # the decoder on both cores too
        audio = src.streams.audio[0] if src.streams.audio else None
        drawn_card = _Card(*card, size) if card is not None else None
        fps = 30
        ov = out.add_stream("libx264", rate=fps, width=w, height=h, pix_fmt="yuv420p")
        ov.codec_context.options = {"preset": "veryfast", "crf": "23", "g": str(2 * fps)}
        oa = None
        if audio is not None:
            oa = out.add_stream("aac", rate=48_000, layout="stereo")
            oa.codec_context.bit_rate = 128_000
        fifo = av.AudioFifo()
        src.seek(int(max(0.0, start_s - 2.0) / _time_base(vs)), stream=vs, backward=True)
        streams = [vs] + ([audio] if audio is not None else [])
        n_video = 0
        last_pts = -1
        samples = 0
        last = start_s
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48_000)
        done = False
        for packet in src.demux(streams):
            for frame in packet.decode():
                if not isinstance(frame, av.VideoFrame | av.AudioFrame):
                    continue  # a subtitle: not in a clip
                if frame.pts is None or frame.time_base is None:
                    continue
                at = float(frame.pts * frame.time_base)
                if at < start_s:
                    continue
                if at >= end_s:
                    if packet.stream.type == "video":
                        done = True
                    continue
                if isinstance(frame, av.VideoFrame):
                    picture = portrait_frame(frame.to_ndarray(format="bgr24"), size)
                    if drawn_card is not None:
                        drawn_card.draw(picture)
                    yuv = cv2.cvtColor(picture, cv2.COLOR_BGR2YUV_I420)  # what x264 takes
                    vf = av.VideoFrame.from_ndarray(yuv.astype(np.uint8, copy=False), "yuv420p")
                    vf.pts = round((at - start_s) * fps)
                    vf.time_base = Fraction(1, fps)
                    if vf.pts <= last_pts:
                        continue
                    last_pts = vf.pts
                    for p in ov.encode(vf):
                        out.mux(p)
                    n_video += 1
                    last = at
                elif oa is not None:
                    for rf in resampler.resample(frame):
                        rf.pts = None
                        fifo.write(rf)
                    while fifo.samples >= 1024:
                        chunk = fifo.read(1024)
                        if chunk is None:
                            break
                        chunk.pts = samples
                        chunk.time_base = Fraction(1, 48_000)
                        samples += 1024
                        for p in oa.encode(chunk):
                            out.mux(p)
            if done:
                break
        for p in ov.encode(None):
            out.mux(p)
        if oa is not None:
            for p in oa.encode(None):
                out.mux(p)
    return CutResult(out_path, start_s, max(0.0, last - start_s), False, time.perf_counter() - t0)
