"""The canvas: the camera scaled to cover or fit, its picture tools (chroma key, beauty), the
insets (a close-up camera as picture-in-picture), then alpha layers (logo, product card,
countdown), always on top.

The canvas is I420 (planar Y, U, V at half resolution), what the encoder takes: a clip's
decoded frames come in as the decoder's own planes (no colour conversion, no copy), a BGR
camera frame is converted once, and no frame is ever converted back. The engine composes
straight into the encoder's next frame, so a clip frame is copied once on its way to x264. All
per-frame work is OpenCV/NumPy in C: one copy or resize per plane, one blend per plane of each
visible layer over its own rectangle.

Layers are converted to planes and alpha once, when set. They are set, moved and removed from
any thread while live: the layer list is replaced, never mutated, so the video thread reads a
consistent snapshot without a lock.

Colour: BT.601 limited range as OpenCV's I420 conversions produce it (black is Y=16).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

import cv2
import numpy as np

BLACK_Y, NEUTRAL_UV = 16, 128


class Fit(Enum):
    COVER = 1  # fill the canvas, crop what overflows (portrait canvas from a landscape camera)
    FIT = 2  # show everything, letterbox the rest


@dataclass(frozen=True, slots=True)
class I420Planes:
    """An I420 picture as three plane views with their own row strides: a decoder's buffers as
    they are, so a clip frame reaches the canvas without a copy. `owner` (the decoded
    av.VideoFrame) keeps the buffers alive while anything holds the picture."""

    y: np.ndarray
    u: np.ndarray
    v: np.ndarray
    owner: object = None

    def packed(self) -> np.ndarray:
        out = np.empty((self.y.shape[0] * 3 // 2, self.y.shape[1]), np.uint8)
        for dst, src in zip(i420_planes(out), (self.y, self.u, self.v), strict=True):
            np.copyto(dst, src)
        return out


Picture = np.ndarray | I420Planes
"""What sources publish: BGR (h, w, 3), packed I420 (h * 3 / 2, w) as OpenCV lays it out, or
`I420Planes`."""


def is_i420(frame: Picture) -> bool:
    return isinstance(frame, I420Planes) or frame.ndim == 2


def i420_planes(packed: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Views of the Y, U and V planes of a packed I420 array."""
    h, w = packed.shape[0] * 2 // 3, packed.shape[1]
    flat = packed.reshape(-1)  # chroma rows need not align with packed rows (h % 4 == 2)
    n = h * w
    q = n // 4
    return (
        packed[:h],
        flat[n : n + q].reshape(h // 2, w // 2),
        flat[n + q : n + 2 * q].reshape(h // 2, w // 2),
    )


def to_rgb(picture: Picture) -> np.ndarray:
    """A new RGB array of any picture (a snapshot or a preview; not on the per-frame path)."""
    if isinstance(picture, I420Planes):
        picture = picture.packed()
    code = cv2.COLOR_YUV2RGB_I420 if picture.ndim == 2 else cv2.COLOR_BGR2RGB
    return np.ascontiguousarray(cv2.cvtColor(picture, code))


Planes = tuple[np.ndarray, np.ndarray, np.ndarray]


def shrink(picture: np.ndarray, size: tuple[int, int], dst: np.ndarray) -> None:
    """`picture` area-averaged down to `size` (w, h) into `dst`: halved at whole factors
    while it is twice as big, then one area resize of a small picture (the same average,
    several times cheaper than OpenCV's area resize at an odd factor on a big one)."""
    w, h = size
    while picture.shape[1] >= 2 * w and picture.shape[0] >= 2 * h:
        ph, pw = picture.shape[0] // 2, picture.shape[1] // 2
        picture = cv2.resize(picture[: 2 * ph, : 2 * pw], (pw, ph), interpolation=cv2.INTER_AREA)
    cv2.resize(picture, (w, h), dst=dst, interpolation=cv2.INTER_AREA)


class Effect(Protocol):
    """A picture tool: changes the Y, U and V planes of the main picture in place."""

    def apply(self, planes: Planes) -> None: ...


def _even(n: int) -> int:
    return n - (n % 2)


@dataclass(frozen=True)
class Layer:
    """A BGRA picture at (x, y) on the canvas; its planes and blend weights are made once, here.

    Positions snap to even pixels so the half-resolution chroma lines up.
    """

    name: str
    bgra: np.ndarray
    x: int
    y: int
    z: int = 0
    # shown only on frames ticked in [start_ns, end_ns) of time.monotonic_ns(): a countdown
    # digit changes on exactly the frame of its second, whatever thread set the layer
    start_ns: int | None = None
    end_ns: int | None = None
    planes: tuple[np.ndarray, ...] = field(init=False, repr=False, compare=False)
    alphas: tuple[np.ndarray, ...] = field(init=False, repr=False, compare=False)
    inv_alphas: tuple[np.ndarray, ...] = field(init=False, repr=False, compare=False)
    opaque: bool = field(init=False, repr=False, compare=False)
    # copies of this layer for a canvas drawn smaller (a rung below the canvas): made once
    # per scale, on the video thread
    _scaled: dict[float, Layer] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        bgra = self.bgra
        h, w = bgra.shape[:2]
        if h % 2 or w % 2:  # pad to even with transparent pixels
            bgra = cv2.copyMakeBorder(bgra, 0, h % 2, 0, w % 2, cv2.BORDER_CONSTANT, value=0)
            h, w = bgra.shape[:2]
        packed = cv2.cvtColor(np.ascontiguousarray(bgra[:, :, :3]), cv2.COLOR_BGR2YUV_I420)
        a = bgra[:, :, 3].astype(np.float32) / 255.0
        a_half = cv2.resize(a, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
        alphas = (a, a_half, a_half)
        planes = tuple(np.ascontiguousarray(p) for p in i420_planes(packed))
        object.__setattr__(self, "planes", planes)
        object.__setattr__(self, "alphas", alphas)
        object.__setattr__(self, "inv_alphas", tuple(1.0 - x for x in alphas))
        object.__setattr__(self, "opaque", bool((bgra[:, :, 3] == 255).all()))
        object.__setattr__(self, "x", _even(self.x))
        object.__setattr__(self, "y", _even(self.y))

    def at_scale(self, scale: float) -> Layer:
        """This layer for a canvas `scale` times the size (the picture shrunk, the place
        moved with it); itself at 1."""
        if scale == 1.0:
            return self
        got = self._scaled.get(scale)
        if got is None:
            h, w = self.bgra.shape[:2]
            size = (max(2, round(w * scale)), max(2, round(h * scale)))
            small = cv2.resize(self.bgra, size, interpolation=cv2.INTER_AREA)
            x, y = round(self.x * scale), round(self.y * scale)
            got = Layer(self.name, small, x, y, self.z, self.start_ns, self.end_ns)
            if len(self._scaled) >= 4:  # a size at a time, and the one before it
                self._scaled.clear()
            self._scaled[scale] = got
        return got

    def moved(self, x: int, y: int) -> Layer:
        return Layer(self.name, self.bgra, x, y, self.z, self.start_ns, self.end_ns)

    def shown_at(self, at_ns: int | None) -> bool:
        if self.start_ns is None and self.end_ns is None:
            return True
        if at_ns is None:
            return False
        return (self.start_ns is None or at_ns >= self.start_ns) and (
            self.end_ns is None or at_ns < self.end_ns
        )


Window = tuple[slice, slice]


@dataclass(frozen=True)
class _Geometry:
    """Where a source of one size goes on the canvas: for each of Y, U and V, the source crop
    and the destination window, worked out once per source size (not per frame)."""

    windows: tuple[tuple[Window, Window], ...]

    @classmethod
    def of(cls, src: tuple[int, int, int, int], dst: tuple[int, int, int, int]) -> _Geometry:
        """From luma rectangles (y0, y1, x0, x1), all even: the chroma planes use them halved."""

        def window(r: tuple[int, int, int, int], d: int) -> Window:
            return slice(r[0] // d, r[1] // d), slice(r[2] // d, r[3] // d)

        return cls(tuple((window(src, d), window(dst, d)) for d in (1, 2, 2)))


CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
BORDER_Y = 235  # white, in BT.601 limited range


def inset_rect(
    canvas: tuple[int, int], corner: str, size: float, aspect: float = 16 / 9, margin: float = 0.03
) -> tuple[int, int, int, int]:
    """Where an inset goes: (x, y, w, h), all even, `size` its width as a share of the
    canvas's (0.1 to 0.9), `aspect` its width over its height, `margin` the gap to the edges
    as a share of the canvas's shorter side."""
    cw, ch = canvas
    size = min(0.9, max(0.1, size))
    w = _even(round(cw * size))
    h = min(_even(round(w / aspect)), _even(ch - 8))
    m = _even(round(min(cw, ch) * margin)) + 2
    x = m if corner.endswith("left") else cw - w - m
    y = m if corner.startswith("top") else ch - h - m
    return _even(max(0, x)), _even(max(0, y)), w, h


class Inset:
    """A second picture (a close-up camera, a clip) in a corner: its source's latest frame,
    scaled to cover its rectangle, inside a thin white frame. Drawn after the main picture
    and its tools and before the layers, so a product card still covers it."""

    BORDER = 2

    def __init__(self, source: object, rect: tuple[int, int, int, int]) -> None:
        self.source = source  # a VideoSource: its `slot` is read each frame
        self.rect = rect
        self._compositor = Compositor(rect[2], rect[3], Fit.COVER)

    def draw(self, planes: Planes, scale: float = 1.0) -> None:
        """Into the canvas's planes; `scale`: the canvas drawn at that share of its size."""
        x, y, w, h = (
            self.rect if scale == 1.0 else tuple(_even(round(n * scale)) for n in self.rect)
        )
        if w < 2 or h < 2:
            return
        if (w, h) != (self._compositor.width, self._compositor.height):
            self._compositor = Compositor(w, h, Fit.COVER)
        b = self.BORDER
        cy, cu, cv_ = planes
        ch, cw = cy.shape
        x0, y0 = max(0, x - b), max(0, y - b)
        x1, y1 = min(cw, x + w + b), min(ch, y + h + b)
        cy[y0:y1, x0:x1] = BORDER_Y
        cu[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2] = NEUTRAL_UV
        cv_[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2] = NEUTRAL_UV
        window = (
            cy[y : y + h, x : x + w],
            cu[y // 2 : (y + h) // 2, x // 2 : (x + w) // 2],
            cv_[y // 2 : (y + h) // 2, x // 2 : (x + w) // 2],
        )
        with self.source.slot.read() as (frame, _seq):  # type: ignore[attr-defined]
            self._compositor.compose_into(window, frame)


class Compositor:
    def __init__(self, width: int, height: int, fit: Fit = Fit.COVER) -> None:
        if width % 2 or height % 2:
            raise ValueError("the canvas needs even width and height (I420)")
        self.width, self.height, self.fit = width, height, fit
        self.canvas = np.zeros((height * 3 // 2, width), np.uint8)
        self._planes = i420_planes(self.canvas)
        self._clear(self._planes)
        self._kept = self.canvas  # what the preview shows (`keep`)
        self._kept_small = np.zeros((0, 0), np.uint8)
        self._layers: tuple[Layer, ...] = ()
        # Writers copy, change and swap the tuple; the lock keeps two writers (the show's
        # presenter, the window) from losing each other's change. The video thread only
        # reads the tuple it finds, without the lock.
        self._write_lock = threading.Lock()
        self._geometry_key: tuple[int, int, Fit, int, int] | None = None
        self._geometry: _Geometry | None = None
        self._src_i420 = np.zeros((0, 0), np.uint8)
        # picture tools on the main picture (chroma key, beauty), then the insets: each a
        # tuple swapped whole, like the layers
        self._effects: tuple[Effect, ...] = ()
        self._insets: tuple[Inset, ...] = ()
        # a scene change fades from the last picture composed to the new one, under the
        # layers (a countdown never fades)
        self._last: Planes | None = None
        self._fade_ns = 0
        self._fade_requested = False
        self._fade_from: np.ndarray | None = None
        self._fade_start_ns: int | None = None
        self.last_fade_tick_ns: int | None = None  # the tick the last fade began on
        self.fade_began = threading.Event()

    # -- picture tools and insets (any thread) ------------------------------------------
    @property
    def effects(self) -> tuple[Effect, ...]:
        return self._effects

    def set_effects(self, effects: tuple[Effect, ...]) -> None:
        self._effects = tuple(effects)

    @property
    def insets(self) -> tuple[Inset, ...]:
        return self._insets

    def set_insets(self, insets: tuple[Inset, ...]) -> None:
        self._insets = tuple(insets)

    def begin_fade(self, seconds: float) -> None:
        """Fade from what the canvas shows now to whatever it shows from the next tick
        (a new scene), over `seconds`; any thread. `fade_began` is set on the tick it starts."""
        self.fade_began.clear()
        self._fade_ns = int(max(0.0, seconds) * 1e9)
        self._fade_requested = True

    def _fade(self, planes: Planes, at_ns: int | None) -> None:
        """On the video thread, after the picture and before the layers."""
        if self._fade_requested:
            self._fade_requested = False
            last = self._last
            if last is not None and self._fade_ns > 0 and last[0].shape == planes[0].shape:
                h, w = last[0].shape
                if self._fade_from is None or self._fade_from.shape != (h * 3 // 2, w):
                    self._fade_from = np.empty((h * 3 // 2, w), np.uint8)
                # the last picture composed (the encoder's previous frame: its ring keeps it)
                for dst, src in zip(i420_planes(self._fade_from), last, strict=True):
                    np.copyto(dst, src)
                self._fade_start_ns = at_ns
            self.last_fade_tick_ns = at_ns
            self.fade_began.set()
        start = self._fade_start_ns
        if start is None or self._fade_from is None:
            return
        h, w = planes[0].shape
        if (
            at_ns is None
            or at_ns - start >= self._fade_ns
            or self._fade_from.shape
            != (
                h * 3 // 2,
                w,
            )
        ):  # over, or the size stepped mid-fade (the new scene is shown as it is)
            self._fade_start_ns = None
            return
        # the first tick already shows some of the new scene: it lands on that frame
        k = min(1.0, 0.1 + (at_ns - start) / self._fade_ns)
        for dst, old in zip(planes, i420_planes(self._fade_from), strict=True):
            cv2.addWeighted(dst, k, old, 1.0 - k, 0.0, dst=dst)

    # -- layers (any thread) ------------------------------------------------------------
    @property
    def layers(self) -> tuple[Layer, ...]:
        return self._layers

    def set_layer(self, layer: Layer) -> None:
        with self._write_lock:
            rest = [lay for lay in self._layers if lay.name != layer.name]
            self._layers = tuple(sorted([*rest, layer], key=lambda lay: lay.z))

    def move_layer(self, name: str, x: int, y: int) -> None:
        with self._write_lock:
            self._layers = tuple(
                lay.moved(x, y) if lay.name == name else lay for lay in self._layers
            )

    def remove_layer(self, name: str) -> None:
        with self._write_lock:
            self._layers = tuple(lay for lay in self._layers if lay.name != name)

    def replace_group(self, prefix: str, layers: list[Layer]) -> None:
        """Swap every layer named `prefix…` for `layers` in one step (no frame sees half)."""
        with self._write_lock:
            rest = [lay for lay in self._layers if not lay.name.startswith(prefix)]
            self._layers = tuple(sorted([*rest, *layers], key=lambda lay: lay.z))

    # -- per frame (video thread) -------------------------------------------------------
    @staticmethod
    def _clear(planes: Planes) -> None:
        y, u, v = planes
        y.fill(BLACK_Y)
        u.fill(NEUTRAL_UV)
        v.fill(NEUTRAL_UV)

    def _fit_geometry(self, sh: int, sw: int, H: int, W: int) -> _Geometry:
        """In luma pixels, all even, so the chroma planes use the same numbers halved: a
        source of sh x sw onto a canvas drawn at H x W."""
        key = (sh, sw, self.fit, H, W)
        if self._geometry_key != key or self._geometry is None:
            if self.fit is Fit.COVER:
                scale = max(W / sw, H / sh)
                cw, ch = min(sw, _even(round(W / scale))), min(sh, _even(round(H / scale)))
                x0, y0 = _even((sw - cw) // 2), _even((sh - ch) // 2)
                geometry = _Geometry.of((y0, y0 + ch, x0, x0 + cw), (0, H, 0, W))
            else:
                scale = min(W / sw, H / sh)
                dw, dh = max(2, _even(round(sw * scale))), max(2, _even(round(sh * scale)))
                x0, y0 = _even((W - dw) // 2), _even((H - dh) // 2)
                geometry = _Geometry.of((0, sh, 0, sw), (y0, y0 + dh, x0, x0 + dw))
            self._geometry_key, self._geometry = key, geometry
        return self._geometry

    def _source_planes(self, frame: Picture) -> Planes:
        if isinstance(frame, I420Planes):
            return frame.y, frame.u, frame.v
        if frame.ndim == 2:
            return i420_planes(frame)
        if min(frame.shape[:2]) < 16:  # a picture a few pixels across: blown up, so every
            # crop of it keeps at least a pixel of chroma
            k = min(16 / min(frame.shape[:2]), 4096 / max(frame.shape[:2]))  # (bounded)
            size = (math.ceil(frame.shape[1] * k), math.ceil(frame.shape[0] * k))
            frame = cv2.resize(frame, size, interpolation=cv2.INTER_NEAREST)
        h, w = _even(frame.shape[0]), _even(frame.shape[1])
        if self._src_i420.shape != (h * 3 // 2, w):
            self._src_i420 = np.zeros((h * 3 // 2, w), np.uint8)
        cv2.cvtColor(frame[:h, :w], cv2.COLOR_BGR2YUV_I420, dst=self._src_i420)
        return i420_planes(self._src_i420)

    @property
    def planes(self) -> Planes:
        """The Y, U and V views of the compositor's own canvas."""
        return self._planes

    def compose(self, frame: Picture | None, at_ns: int | None = None) -> np.ndarray:
        """Draw into the compositor's own canvas; returns it (packed I420)."""
        self.compose_into(self._planes, frame, at_ns)
        return self.canvas

    def compose_into(self, planes: Planes, frame: Picture | None, at_ns: int | None = None) -> None:
        """Draw `frame` and the layers shown at `at_ns` (the frame's tick) into `planes`.

        `planes` are the Y, U and V views of a picture the canvas's size, or smaller in the
        same proportions (a rung below it: the picture, the insets and the layers drawn at
        that size, never drawn big and shrunk), with any row stride: the engine passes the
        encoder's next frame, so the picture is drawn where the encoder reads it and never
        copied afterwards. Without `at_ns`, timed layers are left out.
        """
        effects, insets = self._effects, self._insets
        H, W = planes[0].shape
        scale = 1.0 if self.width == W else W / self.width
        if frame is None:
            self._clear(planes)
        else:
            source = self._source_planes(frame)
            g = self._fit_geometry(source[0].shape[0], source[0].shape[1], H, W)
            if self.fit is Fit.FIT:
                self._clear(planes)  # bars, and whatever layers drew over them last frame
            for (src_window, dst_window), src_plane, dst_plane in zip(
                g.windows, source, planes, strict=True
            ):
                src, dst = src_plane[src_window], dst_plane[dst_window]
                if src.shape == dst.shape:
                    np.copyto(dst, src)
                else:  # OpenCV writes into a strided view in place
                    cv2.resize(
                        src, (dst.shape[1], dst.shape[0]), dst=dst, interpolation=cv2.INTER_LINEAR
                    )
            if effects:  # on the picture only: never on letterbox bars
                window = tuple(
                    plane[dst_window]
                    for (_src, dst_window), plane in zip(g.windows, planes, strict=True)
                )
                for effect in effects:
                    effect.apply(window)  # type: ignore[arg-type]
        for inset in insets:
            inset.draw(planes, scale)
        if self._fade_requested or self._fade_start_ns is not None:
            self._fade(planes, at_ns)
        self._last = planes
        for layer in self._layers:
            if layer.shown_at(at_ns):
                self._blend(layer.at_scale(scale), planes)

    def _blend(self, layer: Layer, planes: Planes) -> None:
        for i, (canvas_plane, plane) in enumerate(zip(planes, layer.planes, strict=True)):
            d = 1 if i == 0 else 2
            ch, cw = canvas_plane.shape
            h, w = plane.shape
            lx, ly = layer.x // d, layer.y // d
            x0, y0, x1, y1 = max(0, lx), max(0, ly), min(cw, lx + w), min(ch, ly + h)
            if x0 >= x1 or y0 >= y1:
                return
            sy, sx = slice(y0 - ly, y1 - ly), slice(x0 - lx, x1 - lx)
            roi = canvas_plane[y0:y1, x0:x1]
            if layer.opaque:
                roi[:] = plane[sy, sx]
            else:
                roi[:] = cv2.blendLinear(
                    np.ascontiguousarray(plane[sy, sx]),
                    np.ascontiguousarray(roi),
                    layer.alphas[i][sy, sx],
                    layer.inv_alphas[i][sy, sx],
                )

    def keep(self, planes: Planes) -> None:
        """Copy a picture composed elsewhere for the preview (`kept`): into the canvas, or
        a picture of its own size when it was drawn smaller."""
        h, w = planes[0].shape
        if (w, h) == (self.width, self.height):
            target = self.canvas
        else:
            if self._kept_small.shape != (h * 3 // 2, w):
                self._kept_small = np.zeros((h * 3 // 2, w), np.uint8)
            target = self._kept_small
        for dst, src in zip(i420_planes(target), planes, strict=True):
            np.copyto(dst, src)
        self._kept = target

    @property
    def kept(self) -> np.ndarray:
        """The picture `keep` copied last, packed I420 (the canvas until then)."""
        return self._kept

    def canvas_bgr(self) -> np.ndarray:
        """The canvas as BGR, for a preview or a screenshot (not on the per-frame path)."""
        return cv2.cvtColor(self.canvas, cv2.COLOR_YUV2BGR_I420)
