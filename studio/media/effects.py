"""Per-frame picture tools on the I420 canvas: beauty and chroma key.

Each works on the Y, U and V planes in place (views of the encoder's next frame), after the
camera is drawn and before the overlays, so a product card or a countdown is never smoothed
or keyed. Everything is OpenCV in C on planes at half or quarter resolution where the eye
does not see the difference; the bench prints each tool's cost per frame at 720p and 1080p.

Set from any thread: a tool's settings are a frozen snapshot swapped whole (as the
compositor's layers are), and the video thread reads the one it finds.
"""

from __future__ import annotations

from dataclasses import dataclass

# OpenCV takes a scalar operand (cv2.add(plane, 0.5)); its stubs type only arrays: those
# calls carry a type: ignore[call-overload]
import cv2
import numpy as np

from studio.media.compositor import Compositor, Fit, Planes

LOOKS = ("natural", "warm", "fresh")


def _box(x: np.ndarray, r: int) -> np.ndarray:
    return cv2.boxFilter(x, -1, (r, r), borderType=cv2.BORDER_REFLECT)


@dataclass(frozen=True)
class BeautySettings:
    strength: int = 0  # 0..100; 0 is off
    look: str = "natural"  # natural | warm | fresh

    def __post_init__(self) -> None:
        object.__setattr__(self, "strength", max(0, min(100, int(self.strength))))
        if self.look not in LOOKS:
            object.__setattr__(self, "look", "natural")

    @property
    def on(self) -> bool:
        return self.strength > 0 or self.look != "natural"


class Beauty:
    """Skin smoothing and brightening through a skin mask, edge-preserving, plus a look.

    - The skin mask comes from the chroma planes (half resolution): the YCbCr skin cluster
      (Cb 77-127, Cr 133-173, the classic range across skin tones), softened by a box blur.
    - Smoothing is a fast guided filter (He & Sun 2015) of the luma, itself as the guide: its
      coefficients on a quarter-resolution plane, applied at half resolution. Edges (eyes,
      lips, a product held up) keep their contrast; flat skin loses its blotches and pores.
    - Brightening lifts the skin's darker tones (a curve, never past white).
    - Only the difference goes back to full resolution, weighted by mask and strength, so
      nothing outside the skin changes and the picture is never blurred as a whole.
    - The look shifts the chroma a little: warm toward red-orange, fresh toward cyan-green.
    """

    RADIUS = 7  # quarter-resolution pixels (28 at full resolution)
    EPS = 14.0**2  # luma variance below this is skin texture (smoothed), above it an edge
    LIFT = 22.0  # the most the darkest skin tones are lifted, at full strength

    def __init__(self, settings: BeautySettings | None = None) -> None:
        self.settings = settings or BeautySettings()
        self._luts: dict[str, tuple[np.ndarray, np.ndarray] | None] = {}
        self._buf_key: tuple[tuple[int, int], tuple[int, int]] | None = None
        self._buf: dict[str, np.ndarray] = {}

    def _look_luts(self, look: str) -> tuple[np.ndarray, np.ndarray] | None:
        if look not in self._luts:
            x = np.arange(256, dtype=np.float32)
            du, dv = {"warm": (-5.0, 6.0), "fresh": (5.0, -3.0)}.get(look, (0.0, 0.0))
            if du == dv == 0.0:
                self._luts[look] = None
            else:
                # the shift fades toward the ends so saturated colours do not clip
                taper = 1.0 - np.abs(x - 128) / 128
                self._luts[look] = (
                    np.clip(x + du * taper, 0, 255).astype(np.uint8),
                    np.clip(x + dv * taper, 0, 255).astype(np.uint8),
                )
        return self._luts[look]

    def apply(self, planes: Planes) -> None:
        s = self.settings
        if not s.on:
            return
        y, u, v = planes
        if s.strength:
            self._smooth(y, u, v, s.strength / 100.0)
        luts = self._look_luts(s.look)
        if luts is not None:
            cv2.LUT(u, luts[0], dst=u)
            cv2.LUT(v, luts[1], dst=v)

    def _buffers(self, shape: tuple[int, int], half: tuple[int, int]) -> dict[str, np.ndarray]:
        """Every per-frame array, made once per picture size: fresh large arrays each frame
        cost more in page faults than the filtering itself (measured: 5 ms against 2)."""
        key = (shape, half)
        if self._buf_key != key:
            (hh, hw), (qh, qw) = half, (max(1, half[0] // 2), max(1, half[1] // 2))
            f32 = np.float32
            self._buf = {
                "half": np.empty((hh, hw), f32),
                "smooth": np.empty((hh, hw), f32),
                "a_up": np.empty((hh, hw), f32),
                "b_up": np.empty((hh, hw), f32),
                "skin": np.empty((hh, hw), np.uint8),
                "skin_v": np.empty((hh, hw), np.uint8),
                "half8": np.empty((hh, hw), np.uint8),
                "target": np.empty((hh, hw), np.uint8),
                "weight": np.empty((hh, hw), np.int16),
                "up": np.empty(shape, np.uint8),
                "w": np.empty(shape, np.int16),
                "diff": np.empty(shape, np.int16),
                **{n: np.empty((qh, qw), f32) for n in ("q", "qq", "mean", "var", "a", "b", "t")},
            }
            self._buf_key = key
        return self._buf

    def _smooth(self, y: np.ndarray, u: np.ndarray, v: np.ndarray, k: float) -> None:
        h, w = y.shape
        hh, hw = u.shape
        B = self._buffers((h, w), (hh, hw))
        # skin, in chroma: Cb (U) 77-127, Cr (V) 133-173; only its bounding box is worked on
        skin = B["skin"]
        cv2.inRange(u, 77, 127, dst=skin)
        cv2.inRange(v, 133, 173, dst=B["skin_v"])
        cv2.bitwise_and(skin, B["skin_v"], dst=skin)
        x0, y0, bw, bh = cv2.boundingRect(skin)
        if bw == 0 or bh == 0:
            return
        m = 4 * self.RADIUS  # the filter's reach, in half-resolution pixels
        x0, y0 = max(0, (x0 - m) & ~1), max(0, (y0 - m) & ~1)
        x1, y1 = min(hw, x0 + bw + 2 * m), min(hh, y0 + bh + 2 * m)
        x1, y1 = x0 + max(2, (x1 - x0) & ~1), y0 + max(2, (y1 - y0) & ~1)
        if x1 > hw or y1 > hh:
            x0, y0, x1, y1 = 0, 0, hw & ~1, hh & ~1
        rw, rh = x1 - x0, y1 - y0
        qw, qh = rw // 2, rh // 2

        def half_(name: str) -> np.ndarray:
            return B[name][:rh, :rw]

        def quarter_(name: str) -> np.ndarray:
            return B[name][:qh, :qw]

        half, q, r = half_("half"), quarter_("q"), (self.RADIUS, self.RADIUS)
        cv2.resize(
            y[2 * y0 : 2 * y1, 2 * x0 : 2 * x1],
            (rw, rh),
            dst=half_("half8"),
            interpolation=cv2.INTER_AREA,
        )
        np.copyto(half, half_("half8"))  # to float32
        # the fast guided filter: a and b on a quarter plane, applied on the half plane
        cv2.resize(half, (qw, qh), dst=q, interpolation=cv2.INTER_AREA)
        border = cv2.BORDER_REFLECT
        mean, var, t = quarter_("mean"), quarter_("var"), quarter_("t")
        a, b, qq = quarter_("a"), quarter_("b"), quarter_("qq")
        cv2.boxFilter(q, -1, r, dst=mean, borderType=border)
        cv2.multiply(q, q, dst=qq)
        cv2.boxFilter(qq, -1, r, dst=var, borderType=border)
        cv2.multiply(mean, mean, dst=t)
        cv2.subtract(var, t, dst=var)  # the luma's variance around each pixel
        cv2.add(var, self.EPS, dst=t)  # type: ignore[call-overload]
        cv2.divide(var, t, dst=a)  # a = var / (var + eps): 1 at an edge, 0 on flat skin
        cv2.multiply(a, mean, dst=t)
        cv2.subtract(mean, t, dst=b)  # b = mean - a * mean
        # the target: the smoothed skin with its darker tones lifted (up to +LIFT),
        # a*I + b + LIFT * (1 - I / 255) = (a - LIFT/255) * I + (b + LIFT): folded into the
        # coefficients on the quarter plane, so the half plane takes two passes
        a_up, b_up, smooth = half_("a_up"), half_("b_up"), half_("smooth")
        cv2.boxFilter(a, -1, r, dst=t, borderType=border)
        cv2.subtract(t, self.LIFT / 255.0, dst=t)  # type: ignore[call-overload]
        cv2.resize(t, (rw, rh), dst=a_up, interpolation=cv2.INTER_LINEAR)
        cv2.boxFilter(b, -1, r, dst=t, borderType=border)
        cv2.add(t, self.LIFT, dst=t)  # type: ignore[call-overload]
        cv2.resize(t, (rw, rh), dst=b_up, interpolation=cv2.INTER_LINEAR)
        cv2.multiply(a_up, half, dst=smooth)
        cv2.add(smooth, b_up, dst=smooth)
        target = half_("target")
        cv2.convertScaleAbs(smooth, dst=target)  # to uint8, saturated (it is never negative)
        # the skin mask, 0..255, softened
        weight_half = half_("weight")
        cv2.boxFilter(skin[y0:y1, x0:x1], cv2.CV_16S, (7, 7), dst=weight_half, normalize=True)
        # back at full resolution, in fixed point: Y += (target - Y) * mask * k
        fw, fh = 2 * rw, 2 * rh
        up, weight, diff = B["up"][:fh, :fw], B["w"][:fh, :fw], B["diff"][:fh, :fw]
        cv2.resize(target, (fw, fh), dst=up, interpolation=cv2.INTER_LINEAR)
        cv2.resize(weight_half, (fw, fh), dst=weight, interpolation=cv2.INTER_LINEAR)
        roi = y[2 * y0 : 2 * y1, 2 * x0 : 2 * x1]
        cv2.subtract(up, roi, dst=diff, dtype=cv2.CV_16S)
        cv2.multiply(diff, weight, dst=diff, scale=k / 255.0)
        cv2.add(roi, diff, dst=roi, dtype=cv2.CV_8U)


# -- chroma key ---------------------------------------------------------------------------

# RGB, as OBS keys them: pure green and blue. A real cloth (RGB 0,177,64) is 0.22 from pure
# green in chroma, well inside the similarity; skin tones are 0.5 away and more.
KEY_COLOURS = {"green": (0, 255, 0), "blue": (0, 0, 255)}


def parse_key_colour(spec: str) -> tuple[int, int, int] | None:
    """green | blue | #RRGGBB → RGB; None if it is none of these."""
    spec = spec.strip().lower()
    if spec in KEY_COLOURS:
        return KEY_COLOURS[spec]
    if len(spec) == 7 and spec[0] == "#":
        try:
            return (int(spec[1:3], 16), int(spec[3:5], 16), int(spec[5:7], 16))
        except ValueError:
            return None
    return None


def rgb_to_uv(rgb: tuple[int, int, int]) -> tuple[float, float]:
    """The key colour's U and V as the canvas has them (BT.601 limited, OpenCV's I420)."""
    px = np.array([[[rgb[2], rgb[1], rgb[0]]] * 2] * 2, np.uint8)
    i420 = cv2.cvtColor(px, cv2.COLOR_BGR2YUV_I420).reshape(-1)
    return float(i420[4]), float(i420[5])


@dataclass(frozen=True)
class KeySettings:
    colour: tuple[int, int, int] = KEY_COLOURS["green"]
    similarity: float = 0.40  # chroma distance (of 1.0) keyed out fully (OBS: 400/1000)
    smoothness: float = 0.08  # the soft edge beyond it (OBS: 80/1000)
    spill: float = 1.0  # 0..1, how much of the key colour's cast is taken off the subject


class Backdrop:
    """What shows where the key colour was: a picture or a looping clip (any VideoSource),
    covering the picture, as I420 planes. A clip's frame is scaled once per new frame, not
    once per canvas tick; a still once."""

    def __init__(self, source: object) -> None:
        self.source = source  # its `slot` holds the latest frame
        self._compositor: Compositor | None = None
        self._seq = -1

    def planes(self, shape: tuple[int, int]) -> Planes | None:
        """The backdrop at `shape` (h, w of the luma), or None before its first frame."""
        h, w = shape
        c = self._compositor
        if c is None or (c.height, c.width) != (h, w):
            c = self._compositor = Compositor(w, h, Fit.COVER)
            self._seq = -1
        with self.source.slot.read() as (frame, seq):  # type: ignore[attr-defined]
            if frame is None:
                return None
            if seq != self._seq:
                c.compose(frame)
                self._seq = seq
        return c.planes


class ChromaKey:
    """Replace the key colour by a background; the subject's edges soft, its spill removed.

    Works in chroma (U, V at half resolution), as OBS's chroma key does: a pixel's distance
    from the key colour in the UV plane, normalised so 1.0 spans the whole plane, gives its
    opacity (keyed out below `similarity`, fully kept beyond `similarity + smoothness`).
    Spill: the cast of the key colour that a green cloth throws on hair and shoulders is taken
    off by removing the chroma component that points toward the key colour. The background
    (a `Backdrop`: a still or a looping clip) shows through where the key colour was;
    without one, black.
    """

    def __init__(
        self, settings: KeySettings | None = None, backdrop: Backdrop | None = None
    ) -> None:
        self.settings = settings or KeySettings()
        self.backdrop = backdrop
        self._key = (-1.0, -1.0)
        self._buf: dict[str, np.ndarray] = {}
        self._buf_key: tuple[tuple[int, int], tuple[int, int]] | None = None

    def _buffers(self, shape: tuple[int, int], half: tuple[int, int]) -> dict[str, np.ndarray]:
        if self._buf_key != (shape, half):
            f32 = np.float32
            self._buf = {
                **{n: np.empty(half, f32) for n in ("du", "dv", "dist", "a", "inv", "t", "cu")},
                "a_full": np.empty(shape, f32),
                "inv_full": np.empty(shape, f32),
                "black_y": np.full(shape, 16, np.uint8),
                "grey": np.full(half, 128, np.uint8),
            }
            self._buf_key = (shape, half)
        return self._buf

    def alpha(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """The subject's opacity (0..1, float32) at chroma resolution (a view of a buffer
        the next frame reuses)."""
        s = self.settings
        B = self._buffers((u.shape[0] * 2, u.shape[1] * 2), u.shape)
        ku, kv = rgb_to_uv(s.colour)
        np.subtract(u, np.float32(ku), out=B["du"], dtype=np.float32)
        np.subtract(v, np.float32(kv), out=B["dv"], dtype=np.float32)
        cv2.magnitude(B["du"], B["dv"], B["dist"])
        # normalised so 1.0 spans the plane; keyed out below `similarity`, kept past the edge
        scale = 1.0 / (255.0 * max(1e-3, s.smoothness))
        offset = -s.similarity / max(1e-3, s.smoothness)
        a = B["a"]
        cv2.addWeighted(B["dist"], scale, B["dist"], 0.0, offset, dst=a)
        np.clip(a, 0.0, 1.0, out=a)
        return a

    def apply(self, planes: Planes) -> None:
        s = self.settings
        y, u, v = planes
        B = self._buffers(y.shape, u.shape)
        ku, kv = rgb_to_uv(s.colour)
        a = self.alpha(u, v)
        if s.spill > 0:
            # the spill: the part of each pixel's chroma that points toward the key colour
            # (toward = max(0, (c - grey) . k)) taken off, scaled by `spill`
            kx, ky = ku - 128.0, kv - 128.0
            norm = max(1e-3, float(np.hypot(kx, ky)))
            kx, ky = kx / norm, ky / norm
            t, cu = B["t"], B["cu"]
            np.subtract(u, np.float32(128.0), out=cu, dtype=np.float32)
            np.subtract(v, np.float32(128.0), out=B["du"], dtype=np.float32)
            cv2.addWeighted(cu, kx, B["du"], ky, 0.0, dst=t)
            cv2.max(t, 0.0, dst=t)  # type: ignore[call-overload]
            cv2.addWeighted(cu, 1.0, t, -kx * s.spill, 128.0, dst=cu)
            cv2.addWeighted(B["du"], 1.0, t, -ky * s.spill, 128.0, dst=B["du"])
            np.copyto(u, cv2.convertScaleAbs(cu))
            np.copyto(v, cv2.convertScaleAbs(B["du"]))
        bg = self.backdrop.planes(y.shape) if self.backdrop is not None else None
        blend_over(planes, a, bg, B)


def blend_over(planes: Planes, a: np.ndarray, bg: Planes | None, B: dict[str, np.ndarray]) -> None:
    """The picture at opacity `a` (0..1 at chroma resolution) over `bg` (black without
    one), in place. `B` holds the caller's buffers: a_full, inv, inv_full (float32, at
    full and chroma size), black_y and grey (the black picture)."""
    y, u, _v = planes
    h, w = y.shape
    a_full, inv, inv_full = B["a_full"], B["inv"], B["inv_full"]
    cv2.resize(a, (w, h), dst=a_full, interpolation=cv2.INTER_LINEAR)
    cv2.subtract(1.0, a, dst=inv)  # type: ignore[call-overload]
    cv2.subtract(1.0, a_full, dst=inv_full)  # type: ignore[call-overload]
    if bg is None or bg[1].shape != u.shape:
        bg = (B["black_y"], B["grey"], B["grey"])
    for plane, w_fg, w_bg, back in zip(
        planes, (a_full, a, a), (inv_full, inv, inv), bg, strict=True
    ):
        cv2.blendLinear(plane, back, w_fg, w_bg, dst=plane)
