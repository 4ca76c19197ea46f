"""智能抠像: the host cut out of the room without a green screen, over a picture, a clip or
the room itself blurred.

The person's mask comes from MediaPipe's selfie segmentation model (shipped in the studio's
resources, nothing downloaded), on a 256x144 copy of the picture (256x256 for a portrait
canvas). LiteRT runs it (TFLite with XNNPACK, the runtime MediaPipe itself uses): about 3 ms a
frame on one core, where OpenCV's own TFLite reader takes 12-18 ms for the same mask
(`tools/bench_cutout_runtime.py`). Where LiteRT cannot load (no wheel for the platform, a
broken install), OpenCV's reader runs the model instead, said once in the log: the cutout
keeps working, only dearer. Three steps make a small, soft mask into a clean edge at full size:

- **Steadiness:** where the model is unsure of a pixel (near 0.5) the mask leans on the last
  frame's, weighted by its uncertainty (MediaPipe's own smoothing: 1 - (1 - H(p))², H the
  binary entropy, times 0.9), so the edge does not flicker and a hand does not blink out.
- **Edges:** a guided filter (He & Sun) with the picture's luma as the guide carries the
  mask up to chroma resolution along the picture's own edges: hair and shoulders follow
  the outline the eye sees, not the model's 256-pixel blocks.
- **Blending:** the same as the chroma key's: the subject's opacity on Y, U and V.

The blurred room ("blur") is a normalised convolution of the picture without the host,
at an eighth of its size: the room's colours, soft, with no ghost of the host around them.

Like every tool here it works on the canvas planes in place, in the video thread; the
bench prints its cost per frame at 720p and 1080p.
"""

from __future__ import annotations

import hashlib
import logging
import os
import weakref
from pathlib import Path

import cv2
import numpy as np

from studio.core.errors import StudioError
from studio.core.messages import Message, os_reason
from studio.core.picture import BLUR  # the background that is the room itself, blurred
from studio.media.compositor import Planes, shrink
from studio.media.effects import Backdrop, blend_over
from studio.resources import resources_dir

log = logging.getLogger(__name__)

MODELS = {  # canvas shape → the model file, its input (w, h) and its sha256
    "landscape": (
        "selfie_segmentation_landscape.tflite",
        (256, 144),
        "a77d03f4659b9f6b6c1f5106947bf40e99d7655094b6527f214ea7d451106edd",
    ),
    "portrait": (
        "selfie_segmentation.tflite",
        (256, 256),
        "9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c",
    ),
}
MODEL_MAX_BYTES = 4 << 20
# LiteRT's own thread pool: one thread on a 2-core PC (the encoder needs the other core; a
# second XNNPACK thread saves under a millisecond and spins for it), two on more cores
MODEL_THREADS = 1 if (os.cpu_count() or 2) <= 2 else 2
RUNTIMES = ("litert", "opencv")
_fallback_told = False  # the fallback to OpenCV's reader is said once a process


class SegmenterError(StudioError, RuntimeError):
    """The model could not be read (a damaged install)."""


def model_path(kind: str) -> Path:
    return resources_dir() / "models" / MODELS[kind][0]


class LiteRTModel:
    """The model run by LiteRT (its TFLite interpreter with the XNNPACK delegate, on
    `threads` threads of its own): RGB uint8 in, the person's probability out."""

    runtime = "litert"

    def __init__(self, data: bytes, threads: int = MODEL_THREADS) -> None:
        # imported here: the studio starts without it, and a missing one is a fallback
        from ai_edge_litert.interpreter import Interpreter

        self._interpreter = Interpreter(model_content=data, num_threads=max(1, threads))
        self._interpreter.allocate_tensors()
        given, made = (
            self._interpreter.get_input_details()[0],
            self._interpreter.get_output_details()[0],
        )
        self._input, self._output = given["index"], made["index"]
        self._x = np.empty(tuple(given["shape"]), np.float32)  # (1, h, w, 3)

    def run(self, rgb: np.ndarray) -> np.ndarray:
        """(h, w) float32, a new array."""
        np.multiply(rgb, np.float32(1 / 255), out=self._x[0], dtype=np.float32)
        self._interpreter.set_tensor(self._input, self._x)
        self._interpreter.invoke()
        out: np.ndarray = self._interpreter.get_tensor(self._output)  # a copy: (1, h, w, 1)
        return out[0, :, :, 0]


class OpenCVModel:
    """The model run by OpenCV's own TFLite reader (on OpenCV's threads): slower, but in the
    studio whatever else is missing."""

    runtime = "opencv"

    def __init__(self, data: bytes) -> None:
        self._net = cv2.dnn.readNetFromTFLite(np.frombuffer(data, np.uint8))

    def run(self, rgb: np.ndarray) -> np.ndarray:
        """(h, w) float32, a new array."""
        self._net.setInput(cv2.dnn.blobFromImage(rgb, 1.0 / 255.0))
        out: np.ndarray = self._net.forward()
        mask: np.ndarray = out[0, 0]
        return mask


Model = LiteRTModel | OpenCVModel


def _fall_back(reason: str) -> None:
    global _fallback_told
    if not _fallback_told:
        _fallback_told = True
        log.warning(
            "the cutout's model runs on OpenCV's reader (several times the CPU): LiteRT %s",
            reason,
        )


class Segmenter:
    """The person's opacity, 0..1, for a picture given as I420 planes.

    One per stream: it keeps the last mask (for steadiness) and its two models, read on first
    use. Not thread-safe: the video thread alone calls it.

    `every`: the model runs on one frame in `every` (2 at 30 fps: a person's outline moves
    little in 33 ms, and the model is most of the cost); the frames between reuse its mask,
    still traced along their own luma by the guided filter, so an edge never lags the
    picture by more than a frame. As OBS's background-removal plugin does ("calculate the
    mask every N frames"). `slower` multiplies it: the frame guard raises it when the PC
    falls behind (studio.core.guard), from another thread (one int, read once a frame).
    """

    RATIO = 0.9  # how much an unsure pixel leans on the last frame (MediaPipe's default)
    RADIUS = 3  # the guided filter's window, in model pixels (about 15 at 720p)
    EPS = 0.004  # the luma variance (0..1 scale) below which the mask is smoothed, not traced

    def __init__(self, every: int = 1, runtime: str = "litert") -> None:
        """`runtime`: "litert" (with OpenCV's reader as the fallback) or "opencv" alone."""
        if runtime not in RUNTIMES:
            raise ValueError(f"runtime: one of {RUNTIMES}, not {runtime!r}")
        self.every = max(1, int(every))
        self.slower = 1
        self.runtime = runtime
        self._frame = 0
        self._nets: dict[str, Model] = {}
        self._prev: np.ndarray | None = None
        self._prev_key: tuple[str, tuple[int, int]] | None = None
        self._buf: dict[str, np.ndarray] = {}
        self._buf_key: tuple[tuple[int, int], tuple[int, int]] | None = None

    def _net(self, kind: str) -> Model:
        net = self._nets.get(kind)
        if net is None:
            path = model_path(kind)
            try:
                with path.open("rb") as f:
                    data = f.read(MODEL_MAX_BYTES + 1)
            except OSError as exc:
                reason = os_reason(exc)
                raise SegmenterError(
                    Message("cutout.model_unreadable", {"name": path.name, "reason": reason})
                ) from None
            if hashlib.sha256(data).hexdigest() != MODELS[kind][2]:
                raise SegmenterError(Message("cutout.model_damaged", {"name": path.name}))
            net = self._litert(data) if self.runtime == "litert" else None
            if net is None:
                try:
                    net = OpenCVModel(data)
                except cv2.error as exc:
                    log.warning("cutout model %s: %s", path.name, str(exc)[:200])
                    damaged = Message("cutout.model_damaged", {"name": path.name})
                    raise SegmenterError(damaged) from None
            self._nets[kind] = net
        return net

    def _litert(self, data: bytes) -> LiteRTModel | None:
        """The model on LiteRT, or None (said once) when LiteRT cannot load here."""
        try:
            return LiteRTModel(data)
        except ImportError as exc:
            _fall_back(f"is not installed ({exc})")
        except Exception as exc:  # its own errors are ValueError and RuntimeError, unlisted
            _fall_back(f"cannot load: {type(exc).__name__}: {str(exc)[:200]}")
        return None

    @property
    def runtimes(self) -> dict[str, str]:
        """What runs each model read so far: {"landscape": "litert", ...}."""
        return {kind: net.runtime for kind, net in self._nets.items()}

    def _infer(self, kind: str, rgb: np.ndarray) -> np.ndarray:
        net = self._net(kind)
        try:
            return net.run(rgb)
        except Exception as exc:
            if isinstance(net, OpenCVModel):
                raise
            # LiteRT failing on a frame (not seen): the stream keeps its cutout on OpenCV
            _fall_back(f"failed on a frame: {type(exc).__name__}: {str(exc)[:200]}")
            self.runtime = "opencv"
            self._nets.clear()
            return self._net(kind).run(rgb)

    def load(self, kinds: tuple[str, ...] = tuple(MODELS)) -> None:
        """Read the models now (the app does it when the tool is chosen, so a damaged install
        is told there and the video thread never reads a file)."""
        for kind in kinds:
            self._net(kind)

    def _buffers(self, model: tuple[int, int], half: tuple[int, int]) -> dict[str, np.ndarray]:
        key = (model, half)
        if self._buf_key != key:
            (mw, mh), f32 = model, np.float32
            self._buf = {
                **{
                    n: np.empty((mh, mw), f32) for n in ("i", "mi", "mp", "ip", "ii", "a", "b", "t")
                },
                "uq": np.empty((mh // 2, mw // 2), np.uint8),
                "vq": np.empty((mh // 2, mw // 2), np.uint8),
                "i420": np.empty((mh * 3 // 2, mw), np.uint8),
                "guide8": np.empty(half, np.uint8),
                "guide": np.empty(half, f32),
                "a_up": np.empty(half, f32),
                "alpha": np.empty(half, f32),
            }
            self._buf_key = key
        return self._buf

    def alpha(self, planes: Planes) -> np.ndarray:
        """The host's opacity at chroma resolution (float32, a buffer the next call reuses)."""
        y, u, v = planes
        kind = "portrait" if y.shape[0] > y.shape[1] else "landscape"
        _name, (mw, mh), _sha = MODELS[kind]
        B = self._buffers((mw, mh), u.shape)
        small = B["i420"]
        # the luma at chroma size (the guided filter's guide), then halved down to the
        # model's: OpenCV's area resize is fast only at whole factors (1080x1920 straight
        # to 256x256 took 9 ms a frame, this way under 1)
        cv2.resize(y, (u.shape[1], u.shape[0]), dst=B["guide8"], interpolation=cv2.INTER_AREA)
        shrink(B["guide8"], (mw, mh), small[:mh])
        key = (kind, (mw, mh))
        every = self.every * self.slower
        run = self._prev is None or self._prev_key != key or self._frame % every == 0
        self._frame += 1
        if run:
            # the model's input: the picture at 256x144, to RGB from a small I420 (cheap)
            quarter = (mw // 2, mh // 2)
            for plane, rows, q in (
                (u, slice(mh, mh + mh // 4), B["uq"]),
                (v, slice(mh + mh // 4, None), B["vq"]),
            ):
                cv2.resize(plane, quarter, dst=q, interpolation=cv2.INTER_AREA)
                small[rows].reshape(-1)[:] = q.reshape(-1)
            rgb = cv2.cvtColor(small, cv2.COLOR_YUV2RGB_I420)
            self._steady(self._infer(kind, rgb), key)
        assert self._prev is not None
        return self._guided(self._prev, small[:mh], y, B)

    def _steady(self, p: np.ndarray, key: tuple[str, tuple[int, int]]) -> None:
        """Where the model is unsure, lean on the last mask (in place in `p`)."""
        np.clip(p, 0.0, 1.0, out=p)
        prev = self._prev
        if prev is not None and self._prev_key == key:
            q = np.clip(p, 1e-6, 1 - 1e-6)
            entropy = -(q * np.log2(q) + (1 - q) * np.log2(1 - q))
            uncertainty = 1.0 - (1.0 - entropy) ** 2
            p += (prev - p) * (uncertainty * self.RATIO)
        self._prev, self._prev_key = p.copy(), key

    def _guided(
        self, p: np.ndarray, y_small: np.ndarray, y: np.ndarray, B: dict[str, np.ndarray]
    ) -> np.ndarray:
        """The mask carried up to chroma resolution along the luma's edges."""
        r, border = (2 * self.RADIUS + 1,) * 2, cv2.BORDER_REFLECT
        i, mi, mp, ip, ii, a, b, t = (B[n] for n in ("i", "mi", "mp", "ip", "ii", "a", "b", "t"))
        np.multiply(y_small, np.float32(1 / 255), out=i, dtype=np.float32)
        cv2.boxFilter(i, -1, r, dst=mi, borderType=border)
        cv2.boxFilter(p, -1, r, dst=mp, borderType=border)
        cv2.multiply(i, p, dst=t)
        cv2.boxFilter(t, -1, r, dst=ip, borderType=border)
        cv2.multiply(i, i, dst=t)
        cv2.boxFilter(t, -1, r, dst=ii, borderType=border)
        cv2.multiply(mi, mp, dst=t)
        cv2.subtract(ip, t, dst=ip)  # cov(I, p)
        cv2.multiply(mi, mi, dst=t)
        cv2.subtract(ii, t, dst=ii)  # var(I)
        cv2.add(ii, self.EPS, dst=ii)  # type: ignore[call-overload]  # a scalar: see effects
        cv2.divide(ip, ii, dst=a)
        cv2.multiply(a, mi, dst=t)
        cv2.subtract(mp, t, dst=b)
        cv2.boxFilter(a, -1, r, dst=a, borderType=border)
        cv2.boxFilter(b, -1, r, dst=b, borderType=border)
        hh, hw = B["alpha"].shape
        guide, alpha, a_up = B["guide"], B["alpha"], B["a_up"]
        np.multiply(B["guide8"], np.float32(1 / 255), out=guide, dtype=np.float32)
        cv2.resize(a, (hw, hh), dst=a_up, interpolation=cv2.INTER_LINEAR)
        cv2.resize(b, (hw, hh), dst=alpha, interpolation=cv2.INTER_LINEAR)
        cv2.multiply(a_up, guide, dst=a_up)
        cv2.add(alpha, a_up, dst=alpha)
        # a firmer edge: 0.25..0.75 spans the soft band
        cv2.addWeighted(alpha, 2.0, alpha, 0.0, -0.5, dst=alpha)
        np.clip(alpha, 0.0, 1.0, out=alpha)
        return alpha


class Cutout:
    """The host over a backdrop (a picture or clip), or over the room blurred.

    Two steps, so other tools can go between them: `look` (an effect of its own, first)
    finds the host on the camera's own picture, as the model was trained on it; `apply`
    blends, after the beauty, so the host is made up and the backdrop is neither smoothed
    nor tinted. Without `look` in the chain, `apply` does both.
    """

    def __init__(self, segmenter: Segmenter, backdrop: Backdrop | str | None = None) -> None:
        self.segmenter = segmenter
        self.backdrop = backdrop
        self.look = _Look(self)
        self._alpha: np.ndarray | None = None
        self._buf: dict[str, np.ndarray] = {}
        self._buf_key: tuple[int, int] | None = None

    def _buffers(self, shape: tuple[int, int]) -> dict[str, np.ndarray]:
        if self._buf_key != shape:
            h, w = shape
            half = (h // 2, w // 2)
            # an eighth of the picture for every plane (a quarter of the chroma): whole
            # factors, where OpenCV's area resize is fast (an even 134 rows for 1080 took
            # 12 ms a plane, 135 under 1)
            small = (max(1, h // 8), max(1, w // 8))
            f32 = np.float32
            self._buf = {
                "a_full": np.empty(shape, f32),
                "inv": np.empty(half, f32),
                "inv_full": np.empty(shape, f32),
                "black_y": np.full(shape, 16, np.uint8),
                "grey": np.full(half, 128, np.uint8),
                **{
                    f"blur_{n}": np.empty(s, np.uint8)
                    for n, s in (("y", shape), ("u", half), ("v", half))
                },
                "w_small": np.empty(small, f32),
            }
            self._buf_key = shape
        return self._buf

    def apply(self, planes: Planes) -> None:
        y = planes[0]
        B = self._buffers(y.shape)
        a, self._alpha = self._alpha, None
        if a is None or a.shape != planes[1].shape:
            a = self.segmenter.alpha(planes)
        if self.backdrop == BLUR:
            bg: Planes | None = self._blurred(planes, a, B)
        elif isinstance(self.backdrop, Backdrop):
            bg = self.backdrop.planes(y.shape)
        else:
            bg = None
        blend_over(planes, a, bg, B)

    def _blurred(self, planes: Planes, a: np.ndarray, B: dict[str, np.ndarray]) -> Planes:
        """The room without the host, blurred: box(picture × (1 - a)) / box(1 - a), small."""
        out = []
        w_small = B["w_small"]  # the room's weight: where the host is not
        sh, sw = w_small.shape
        cv2.resize(a, (sw, sh), dst=w_small, interpolation=cv2.INTER_AREA)
        cv2.subtract(1.0, w_small, dst=w_small)  # type: ignore[call-overload]
        r = (max(3, sw // 12) | 1,) * 2
        den = cv2.blur(w_small, r)
        cv2.max(den, 1e-3, dst=den)  # type: ignore[call-overload]
        for n, plane in zip("yuv", planes, strict=True):
            small = cv2.resize(plane, (sw, sh), interpolation=cv2.INTER_AREA).astype(np.float32)
            num = cv2.blur(small * w_small, r)
            soft = cv2.convertScaleAbs(cv2.blur(num / den, r))
            target = B[f"blur_{n}"]
            cv2.resize(
                soft, (plane.shape[1], plane.shape[0]), dst=target, interpolation=cv2.INTER_LINEAR
            )
            out.append(target)
        return (out[0], out[1], out[2])


class _Look:
    """The cutout's first step: the host's mask from the untouched picture.

    It holds its cutout weakly: a strong reference back would make a cycle, and a cutout
    replaced (a scene switch, a tool changed) would keep its full-size buffers (25 MB at
    1080x1920) until Python's cycle collector happened to run: the window grew by that much
    at every switch through a long show."""

    def __init__(self, cutout: Cutout) -> None:
        self._cutout = weakref.ref(cutout)

    @property
    def cutout(self) -> Cutout | None:
        return self._cutout()

    def apply(self, planes: Planes) -> None:
        cutout = self._cutout()
        if cutout is not None:  # in a chain, always: the chain holds the cutout too
            cutout._alpha = cutout.segmenter.alpha(planes)
