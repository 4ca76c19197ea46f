"""The canvas: the camera scaled to cover or fit, then alpha layers (logo, product card, countdown).

All per-frame work is OpenCV/NumPy in C: one resize into the canvas, one blend per visible
layer over its own rectangle, one colour conversion into the encoder's frame. Layers are set,
moved and removed from any thread while live: the layer list is replaced, never mutated, so
the video thread reads a consistent snapshot without a lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import cv2
import numpy as np


class Fit(Enum):
    COVER = 1  # fill the canvas, crop what overflows (portrait canvas from a landscape camera)
    FIT = 2  # show everything, letterbox the rest


@dataclass(frozen=True)
class Layer:
    """A BGRA picture at (x, y) on the canvas; blend weights are computed once, here."""

    name: str
    bgra: np.ndarray
    x: int
    y: int
    z: int = 0
    bgr: np.ndarray = field(init=False, repr=False, compare=False)
    alpha: np.ndarray = field(init=False, repr=False, compare=False)
    inv_alpha: np.ndarray = field(init=False, repr=False, compare=False)
    opaque: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        bgra = np.ascontiguousarray(self.bgra)
        a = bgra[:, :, 3].astype(np.float32) / 255.0
        object.__setattr__(self, "bgr", np.ascontiguousarray(bgra[:, :, :3]))
        object.__setattr__(self, "alpha", a)
        object.__setattr__(self, "inv_alpha", 1.0 - a)
        object.__setattr__(self, "opaque", bool((bgra[:, :, 3] == 255).all()))

    def moved(self, x: int, y: int) -> Layer:
        return Layer(self.name, self.bgra, x, y, self.z)


class Compositor:
    def __init__(self, width: int, height: int, fit: Fit = Fit.COVER) -> None:
        self.width, self.height, self.fit = width, height, fit
        self.canvas = np.zeros((height, width, 3), np.uint8)
        self._i420 = np.zeros((height * 3 // 2, width), np.uint8)
        self._layers: tuple[Layer, ...] = ()
        self._geometry_key: tuple[int, int, Fit] | None = None
        self._geometry: tuple[tuple[slice, slice], tuple[slice, slice], np.ndarray | None] | None
        self._geometry = None

    # -- layers (any thread) ------------------------------------------------------------
    @property
    def layers(self) -> tuple[Layer, ...]:
        return self._layers

    def set_layer(self, layer: Layer) -> None:
        rest = [lay for lay in self._layers if lay.name != layer.name]
        self._layers = tuple(sorted([*rest, layer], key=lambda lay: lay.z))

    def move_layer(self, name: str, x: int, y: int) -> None:
        self._layers = tuple(lay.moved(x, y) if lay.name == name else lay for lay in self._layers)

    def remove_layer(self, name: str) -> None:
        self._layers = tuple(lay for lay in self._layers if lay.name != name)

    # -- per frame (video thread) -------------------------------------------------------
    def _fit_geometry(
        self, sh: int, sw: int
    ) -> tuple[tuple[slice, slice], tuple[slice, slice], np.ndarray | None]:
        key = (sh, sw, self.fit)
        if self._geometry_key != key or self._geometry is None:
            W, H = self.width, self.height
            if self.fit is Fit.COVER:
                scale = max(W / sw, H / sh)
                cw, ch = min(sw, round(W / scale)), min(sh, round(H / scale))
                x0, y0 = (sw - cw) // 2, (sh - ch) // 2
                src = (slice(y0, y0 + ch), slice(x0, x0 + cw))
                dst = (slice(0, H), slice(0, W))
                scratch = None
            else:
                scale = min(W / sw, H / sh)
                dw, dh = max(1, round(sw * scale)), max(1, round(sh * scale))
                x0, y0 = (W - dw) // 2, (H - dh) // 2
                src = (slice(0, sh), slice(0, sw))
                dst = (slice(y0, y0 + dh), slice(x0, x0 + dw))
                scratch = np.zeros((dh, dw, 3), np.uint8)
                self.canvas[:] = 0
            self._geometry_key, self._geometry = key, (src, dst, scratch)
        return self._geometry

    def compose(self, frame: np.ndarray | None) -> np.ndarray:
        canvas = self.canvas
        if frame is None:
            canvas[:] = 0
        else:
            src, dst, scratch = self._fit_geometry(frame.shape[0], frame.shape[1])
            region = frame[src]
            if scratch is None:  # cover: the destination is the whole (contiguous) canvas
                cv2.resize(
                    region, (self.width, self.height), dst=canvas, interpolation=cv2.INTER_LINEAR
                )
            else:
                cv2.resize(
                    region,
                    (scratch.shape[1], scratch.shape[0]),
                    dst=scratch,
                    interpolation=cv2.INTER_AREA,
                )
                self._clear_bars(dst)
                canvas[dst] = scratch
        for layer in self._layers:
            self._blend(layer)
        return canvas

    def _clear_bars(self, dst: tuple[slice, slice]) -> None:
        # Layers may have been drawn over the bars last frame.
        ys, xs = dst
        c = self.canvas
        c[: ys.start] = 0
        c[ys.stop :] = 0
        c[ys, : xs.start] = 0
        c[ys, xs.stop :] = 0

    def _blend(self, layer: Layer) -> None:
        h, w = layer.bgr.shape[:2]
        x0, y0 = max(0, layer.x), max(0, layer.y)
        x1, y1 = min(self.width, layer.x + w), min(self.height, layer.y + h)
        if x0 >= x1 or y0 >= y1:
            return
        lx, ly = x0 - layer.x, y0 - layer.y
        roi = self.canvas[y0:y1, x0:x1]
        src = layer.bgr[ly : ly + (y1 - y0), lx : lx + (x1 - x0)]
        if layer.opaque:
            roi[:] = src
            return
        a = layer.alpha[ly : ly + (y1 - y0), lx : lx + (x1 - x0)]
        ia = layer.inv_alpha[ly : ly + (y1 - y0), lx : lx + (x1 - x0)]
        roi[:] = cv2.blendLinear(src, np.ascontiguousarray(roi), a, ia)

    def to_i420(self, canvas: np.ndarray, planes: list[np.ndarray]) -> None:
        """Convert into the encoder frame's Y, U and V planes (views with their own strides)."""
        cv2.cvtColor(canvas, cv2.COLOR_BGR2YUV_I420, dst=self._i420)
        H, W = self.height, self.width
        q = H // 4
        np.copyto(planes[0], self._i420[:H])
        np.copyto(planes[1], self._i420[H : H + q].reshape(H // 2, W // 2))
        np.copyto(planes[2], self._i420[H + q : H + 2 * q].reshape(H // 2, W // 2))
