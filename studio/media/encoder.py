"""H.264 + AAC, encoded once per stream and shared by every output.

The codecs live in streams of a `null` container: after `start_encoding()` their codec
parameters (with the global headers, SPS/PPS and AudioSpecificConfig) are the templates each
output copies with `add_stream_from_template`, so outputs mux without encoding anything.

Frames are handed over without per-frame allocation: the compositor converts into a small
ring of reusable `av.VideoFrame`s (libx264 copies its input, so a ring of a few is safe even
with frame threads; hardware encoders reference frames, hence a ring rather than one).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import av
import numpy as np
from av.audio.codeccontext import AudioCodecContext
from av.codec.context import Flags
from av.video.codeccontext import VideoCodecContext

from studio.core.errors import StudioError
from studio.core.messages import Message
from studio.media import sei
from studio.media.heap import trim_heap
from studio.media.packets import EncodedPacket, Kind, StreamInfo, VideoConfig, ticks_to_ms

log = logging.getLogger(__name__)

# FFmpeg's native AAC, set from a measurement (tools/aac_check.py, README "Sound"): on high
# female speech (espeak-ng's Mandarin female voice at top pitch, flite's slt a third up) at
# 128 kbit/s, the two-loop coder with perceptual noise substitution scored wide-band PESQ
# 4.47 / 4.59 and the closest 4-14 kHz spectrum; PNS off scored 4.51 / 4.59 with a wider
# high-band distance, the fast coder a higher PESQ by cutting the highs (LSD +0.5 dB). Kept
# explicit so an FFmpeg default that moves does not move our sound with it.
AAC_OPTIONS = {"aac_coder": "twoloop", "aac_pns": "1"}

VIDEO_TIME_BASE = Fraction(1, 1000)  # FLV carries milliseconds; finer stamps buy nothing
AUDIO_RATE = 48_000
AUDIO_TIME_BASE = Fraction(1, AUDIO_RATE)
HARDWARE_ENCODERS = ("h264_nvenc", "h264_qsv", "h264_amf", "h264_videotoolbox", "h264_mf")


class EncoderError(StudioError, RuntimeError):
    """The encoder could not be opened with these settings; the message says what to change."""


@dataclass
class EncoderSettings:
    """One encode's canvas and rate control; the engine's and the show's settings extend it."""

    width: int = 1280
    height: int = 720
    fps: int = 30
    video_kbps: int = 2500
    keyframe_s: float = 2.0
    b_frames: int = 0
    encoder: str = "auto"
    x264_preset: str = ""
    audio_kbps: int = 128
    threads: int = 0
    extra: dict[str, str] = field(default_factory=dict)


def default_x264_preset(width: int, height: int, fps: int, cores: int | None = None) -> str:
    """A preset a cheap 2–4 core PC holds: the bench refines it per machine."""
    cores = cores or os.cpu_count() or 2
    pixel_rate = width * height * fps
    if pixel_rate <= 1280 * 720 * 30:
        return "veryfast" if cores >= 2 else "superfast"
    return "superfast" if cores <= 4 else "veryfast"


def _video_options(name: str, s: EncoderSettings) -> dict[str, str]:
    gop = max(1, round(s.fps * s.keyframe_s))
    kbps = s.video_kbps
    opts = {"g": str(gop), "bf": str(s.b_frames), "maxrate": f"{kbps}k", "bufsize": f"{kbps}k"}
    if name == "libx264":
        opts.update(
            {
                "preset": s.x264_preset or default_x264_preset(s.width, s.height, s.fps),
                "tune": "zerolatency",  # no lookahead queue: capture-to-send stays one frame
                "forced-idr": "1",
                "keyint_min": str(gop),
                "sc_threshold": "0",  # keyframes exactly every keyframe_s, as ingests ask
                "profile": "high" if s.b_frames else "main",
                # length-prefixed NAL units and an avcC header, as FLV and Matroska carry
                # them: no Annex B rewrite of every frame in Python
                "x264-params": "annexb=0",
            }
        )
    elif name == "h264_nvenc":
        opts.update({"preset": "p4", "tune": "ll", "rc": "cbr", "forced-idr": "1"})
    elif name == "h264_qsv":
        opts.update({"preset": "veryfast", "look_ahead": "0"})
    elif name == "h264_amf":
        opts.update({"usage": "lowlatency", "rc": "cbr"})
    elif name == "h264_videotoolbox":
        opts.update({"realtime": "1"})
    extra = dict(s.extra)
    if name == "libx264" and "x264-params" in extra:
        extra["x264-params"] = f"{opts['x264-params']}:{extra['x264-params']}"
    opts.update(extra)
    return opts


def auto_encoder() -> str:
    """The encoder "auto" opens here: the first hardware one that really encodes, else x264."""
    return next((name for name in HARDWARE_ENCODERS if probe_encoder(name)), "libx264")


def probe_encoder(name: str, timeout_s: float = 5.0) -> bool:
    """Really open `name` and encode a frame; listing a codec proves nothing on its own."""
    if name not in av.codecs_available:
        return False
    result: list[bool] = []

    def attempt() -> None:
        try:
            ctx = av.CodecContext.create(name, "w")
            assert isinstance(ctx, VideoCodecContext)  # only video encoders are probed
            ctx.width, ctx.height, ctx.pix_fmt = 256, 144, "yuv420p"
            ctx.time_base = Fraction(1, 30)
            ctx.framerate = Fraction(30)
            ctx.bit_rate = 500_000
            ctx.open()
            frame = av.VideoFrame(256, 144, "yuv420p")
            for plane in frame.planes:
                np.frombuffer(memoryview(plane), np.uint8)[:] = 128
            frame.pts = 0
            ctx.encode(frame)
            list(ctx.encode(None))
            result.append(True)
        except Exception as exc:  # any failure means "not here"
            log.debug("encoder %s unavailable: %s", name, exc)
            result.append(False)

    worker = threading.Thread(target=attempt, name=f"probe-{name}", daemon=True)
    worker.start()
    worker.join(timeout_s)  # a broken driver may hang; treat it as absent
    return bool(result and result[0])


def available_encoders() -> list[str]:
    found = [name for name in HARDWARE_ENCODERS if probe_encoder(name)]
    if probe_encoder("libx264"):
        found.append("libx264")
    return found


class Encoder:
    """Owns the video and audio encoders; `encode_video`/`encode_audio` return shared packets."""

    def __init__(self, settings: EncoderSettings, probed: bool = False) -> None:
        """`probed`: `settings.encoder` is known to open here (a rung's or a preset's new
        encode, made on the encoder thread mid-stream: no test encode of up to 5 s first)."""
        self.settings = settings
        self._keyframe_wanted = threading.Event()
        self._pending_kbps: int | None = None
        self._pending_size: tuple[int, int] | None = None
        self._pending_preset: str | None = None
        self._rung: Encoder | None = None  # the encode of a rung below the canvas, if any
        self.current_kbps = settings.video_kbps
        self.name = settings.encoder if probed else self._choose(settings.encoder)
        self._container = av.open(os.devnull, "w", format="null")
        try:
            self._open_streams()
        except av.FFmpegError as exc:
            self._container.close()
            raise EncoderError(
                Message("encoder.cannot_open", {"name": self.name, "reason": str(exc)})
            ) from exc
        w, h = settings.width, settings.height
        self.size = (w, h)  # what is encoded now: the canvas, or a rung below it
        # x264's preset now: the settings', or a cheaper one the frame guard stepped to
        self.base_preset = (
            settings.x264_preset or default_x264_preset(w, h, settings.fps)
            if self.name == "libx264"
            else ""
        )
        self.preset = self.base_preset
        self._base_vc = self._vc
        self._base_config = VideoConfig(w, h, bytes(self._vc.extradata or b""))
        self.video_config = self._base_config
        # the frames the picture is drawn into, a ring of 4 for each size drawn at: the
        # canvas's, and the rung's while one is encoded (drawn at that size, never drawn
        # big and shrunk); `draw_size` is the size asked last, read by the video thread
        self.draw_size = (w, h)
        self._rings: dict[tuple[int, int], tuple[list[Any], list[Any]]] = {}
        self._ring_size = self.draw_size
        self._ring_index = 0

    def _choose(self, wanted: str) -> str:
        if wanted != "auto":
            if not probe_encoder(wanted):
                raise EncoderError(Message("encoder.unavailable", {"name": wanted}))
            return wanted
        return auto_encoder()

    def _open_streams(self) -> None:
        s = self.settings
        vs = self._container.add_stream(self.name, rate=s.fps)
        vc = vs.codec_context
        assert isinstance(vc, VideoCodecContext)  # a video codec's, by its name
        vc.width, vc.height, vc.pix_fmt = s.width, s.height, "yuv420p"
        vc.time_base = VIDEO_TIME_BASE
        vs.time_base = VIDEO_TIME_BASE
        vc.bit_rate = s.video_kbps * 1000  # the VBV cap comes from options: maxrate/bufsize
        if s.threads:
            vc.thread_count = s.threads
        vc.options = _video_options(self.name, s)
        vc.flags |= Flags.global_header
        aus = self._container.add_stream("aac", rate=AUDIO_RATE)
        ac = aus.codec_context
        assert isinstance(ac, AudioCodecContext)
        ac.layout = "stereo"
        ac.format = "fltp"
        ac.bit_rate = s.audio_kbps * 1000
        ac.options = dict(AAC_OPTIONS)
        ac.flags |= Flags.global_header
        self._container.start_encoding()
        self.video_stream, self.audio_stream = vs, aus
        self._vc, self._ac = vc, ac
        self.audio_frame_size = ac.frame_size or 1024
        self._audio_time_base = ac.time_base or AUDIO_TIME_BASE

    @property
    def templates(self) -> dict[Kind, Any]:
        """Streams whose codec parameters a muxing output copies (the recording)."""
        return {Kind.VIDEO: self.video_stream, Kind.AUDIO: self.audio_stream}

    @property
    def stream_info(self) -> StreamInfo:
        """What an RTMP output needs to build FLV sequence headers."""
        s = self.settings
        return StreamInfo(
            width=s.width,
            height=s.height,
            fps=float(s.fps),
            video_kbps=float(s.video_kbps),
            audio_kbps=float(s.audio_kbps),
            audio_rate=AUDIO_RATE,
            video_extradata=bytes(self._vc.extradata or b""),
            audio_extradata=bytes(self._ac.extradata or b""),
        )

    @staticmethod
    def _plane_views(frame: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        views = []
        for i, plane in enumerate(frame.planes):
            h = frame.height if i == 0 else frame.height // 2
            w = frame.width if i == 0 else frame.width // 2
            arr = np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)[:h, :w]
            views.append(arr)
        y, u, v = views
        return y, u, v

    def next_frame_slot(self) -> tuple[Any, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """The next reusable frame, at the size the stream is encoded at (or was asked to
        be: `draw_size`), and writable views of its Y, U and V planes."""
        size = self.draw_size
        if size != self._ring_size:  # a step: the rings of other sizes go (a frame of
            # theirs still queued or being encoded is kept alive by the queue's reference)
            self._ring_size = size
            for other in [k for k in self._rings if k not in (size, self.size)]:
                del self._rings[other]
        ring = self._rings.get(size)
        if ring is None:
            frames = [av.VideoFrame(size[0], size[1], "yuv420p") for _ in range(4)]
            ring = self._rings[size] = (frames, [self._plane_views(f) for f in frames])
        i = self._ring_index
        self._ring_index = (i + 1) % 4
        return ring[0][i], ring[1][i]

    def request_keyframe(self, _: object = None) -> None:
        self._keyframe_wanted.set()

    def set_bitrate(self, kbps: float) -> None:
        """Thread-safe: applied before the next video frame (libx264 reconfigures in place)."""
        kbps_i = int(kbps)
        if kbps_i != self.current_kbps:
            self._pending_kbps = kbps_i

    def set_size(self, width: int, height: int) -> None:
        """Thread-safe: encode at this size from the next frame, starting with a keyframe
        and new sequence headers; the next frames are drawn at it (`next_frame_slot`), and
        any drawn at the old size before it are scaled to it."""
        # (back to the size encoded now before a change was applied: no change at all)
        self._pending_size = (width, height) if (width, height) != self.size else None
        self.draw_size = (width, height)

    def set_preset(self, preset: str) -> None:
        """Thread-safe: encode with this x264 preset from the next frame (a new encode, as
        for a new size: a keyframe and new sequence headers). Ignored by other encoders."""
        if self.name == "libx264" and preset != self.preset:
            self._pending_preset = preset

    def _reconfigure(self, size: tuple[int, int], preset: str) -> None:
        """A new encode at `size` with `preset` (or back to the canvas's own): its first
        frame is an IDR and its packets carry the new `VideoConfig`, so each output sends the
        new headers."""
        if size == (self.settings.width, self.settings.height) and preset == self.base_preset:
            self._vc, self.video_config = self._base_vc, self._base_config
            self._vc.bit_rate = self.current_kbps * 1000
            self._keyframe_wanted.set()
        else:
            # an encoder of its own, made as the canvas's is: a codec context opened on its
            # own (or in a container without the sound) never follows later bit_rate
            # changes; this one does, like the canvas's
            settings = replace(self.settings, width=size[0], height=size[1], encoder=self.name)
            if self.name == "libx264":
                settings.x264_preset = preset
            rung = Encoder(settings, probed=True)
            rung._vc.bit_rate = self.current_kbps * 1000
            self._close_rung()
            self._rung = rung
            self._vc = rung._vc
            self.video_config = VideoConfig(size[0], size[1], bytes(rung._vc.extradata or b""))
        if self._vc is self._base_vc:
            self._close_rung()
        self.size, self.preset = size, preset
        log.info("encoding at %dx%d%s", *size, f" ({preset})" if preset else "")

    def _close_rung(self) -> None:
        rung, self._rung = self._rung, None
        if rung is not None:
            rung.close()
            trim_heap()  # x264's frames of that encode: ~10-20 MB a step

    def encode_video(self, frame: Any, pts_ms: int, capture_ns: int) -> list[EncodedPacket]:
        pending = self._pending_kbps
        if pending is not None:
            self._pending_kbps = None
            # libx264 reconfigures ABR in place when bit_rate changes; the VBV cap (maxrate)
            # stays at the configured rate, which dynamic bitrate never exceeds.
            self._vc.bit_rate = pending * 1000
            self.current_kbps = pending
        size, preset = self._pending_size, self._pending_preset
        if size is not None or preset is not None:
            self._pending_size = self._pending_preset = None
            try:
                self._reconfigure(size or self.size, preset or self.preset)
            except (av.FFmpegError, EncoderError):
                self.draw_size = self.size
                log.warning(
                    "cannot encode at %dx%d (%s); staying at %dx%d (%s)",
                    *(size or self.size),
                    preset or self.preset,
                    *self.size,
                    self.preset,
                )
        if self.size != (frame.width, frame.height):
            frame = frame.reformat(self.size[0], self.size[1], interpolation="BILINEAR")
        frame.pts = pts_ms
        frame.time_base = VIDEO_TIME_BASE
        if self._keyframe_wanted.is_set():
            self._keyframe_wanted.clear()
            frame.pict_type = av.video.frame.PictureType.I
        else:
            frame.pict_type = av.video.frame.PictureType.NONE
        return self._packets(Kind.VIDEO, self._vc.encode(frame), capture_ns)

    def encode_audio(self, frame: Any, capture_ns: int) -> list[EncodedPacket]:
        return self._packets(Kind.AUDIO, self._ac.encode(frame), capture_ns)

    def _packets(self, kind: Kind, packets: Any, capture_ns: int) -> list[EncodedPacket]:
        # The codec's time base, not `p.time_base`: PyAV builds a new Fraction per access.
        tb = VIDEO_TIME_BASE if kind is Kind.VIDEO else self._audio_time_base
        config = self.video_config if kind is Kind.VIDEO else None
        out = []
        for p in packets:
            if p.size == 0:
                continue
            pts = p.pts
            dts = p.dts if p.dts is not None else pts
            dts_ms = ticks_to_ms(dts, tb)
            data = bytes(p)
            if config is not None and p.is_keyframe:
                # the composition's wall-clock time in the picture, for `studio latency`
                wall_us = (time.time_ns() - time.monotonic_ns() + capture_ns) // 1000
                data = sei.stamp(data, wall_us, sei.length_size(config.extradata))
            out.append(
                EncodedPacket(
                    kind,
                    data,
                    pts,
                    dts,
                    tb,
                    p.is_keyframe,
                    capture_ns,
                    dts_ms,
                    ticks_to_ms(pts, tb) - dts_ms,
                    config,
                )
            )
        return out

    def flush(self) -> list[EncodedPacket]:
        now = time.monotonic_ns()
        out = self._packets(Kind.VIDEO, self._vc.encode(None), now)
        out += self._packets(Kind.AUDIO, self._ac.encode(None), now)
        return out

    def close(self) -> None:
        self._close_rung()
        try:
            self._container.close()
        except Exception:
            log.debug("closing the encoder failed", exc_info=True)
