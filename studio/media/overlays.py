"""The show's on-stream graphics: the product card, the "3, 2, 1" countdown and "上链接!".

Everything is rendered once with QPainter (QtGui) when a link-up is planned, then handed to
the compositor as timed layers: each digit is shown on exactly the frames of its second,
and the banner from the frame at zero, whichever thread planned them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen

from studio.core.cards import CardSpec
from studio.core.events import Signal
from studio.core.messages import Message, error_words
from studio.media.compositor import Compositor, Layer
from studio.media.text import _to_bgra, cjk_family

RED = QColor(255, 45, 85)
ORANGE = QColor(255, 149, 0)
GREY = QColor(150, 150, 150)
WHITE = QColor(255, 255, 255)
log = logging.getLogger(__name__)
GROUP = "show:"  # every layer this module puts on the canvas starts with this


@dataclass(frozen=True)
class CardInfo:
    """What the product card says. Prices are already formatted ("19.9")."""

    name: str
    live_price: str
    price: str  # the original price, struck through; "" when there is no discount
    stock_text: str  # "剩余 200 件"
    badge: str  # "即将开抢", "抢购中", "已售罄", "链接稍后上架"
    badge_color: tuple[int, int, int] = (255, 149, 0)
    image_bgr: np.ndarray | None = None
    spec: str = ""  # 规格 ("5斤装"): what one buys, said before the stock


def _font(px: int, bold: bool = True) -> QFont:
    font = QFont(cjk_family())
    font.setPixelSize(max(1, px))
    font.setBold(bold)
    return font


def _image(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0, 0))
    return image


def _smooth(p: QPainter) -> None:
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)


def _rounded_fill(p: QPainter, width: int, height: int, radius: float, color: QColor) -> None:
    """The rounded background every card, banner and bubble is drawn on."""
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, width, height), radius, radius)
    p.fillPath(path, QBrush(color))


def render_card(info: CardInfo, width: int) -> np.ndarray:
    """The product card: picture, name, live price against the struck-through price, stock."""
    height = int(width * 0.34)
    pad = int(height * 0.08)
    image = _image(width, height)
    with QPainter(image) as p:
        _smooth(p)
        _rounded_fill(p, width, height, pad, QColor(255, 255, 255, 235))
        x = pad
        pic = height - 2 * pad
        if info.image_bgr is not None:
            h, w = info.image_bgr.shape[:2]
            rgb = np.ascontiguousarray(info.image_bgr[:, :, ::-1])
            q = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
            p.drawImage(QRectF(x, pad, pic, pic), q)
            x += pic + pad
        text_w = width - x - pad
        # name, two lines at most
        p.setPen(QColor(30, 30, 30))
        p.setFont(_font(int(height * 0.15)))
        p.drawText(
            QRectF(x, pad, text_w, height * 0.36),
            int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
            info.name,
        )
        # live price, big and red
        price_y = pad + height * 0.36
        p.setPen(RED)
        p.setFont(_font(int(height * 0.26)))
        live = f"¥{info.live_price}"
        p.drawText(
            QRectF(x, price_y, text_w, height * 0.32),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            live,
        )
        live_w = p.fontMetrics().horizontalAdvance(live)
        if info.price:
            p.setPen(GREY)
            font = _font(int(height * 0.13), bold=False)
            font.setStrikeOut(True)
            p.setFont(font)
            p.drawText(
                QRectF(x + live_w + pad // 2, price_y, text_w, height * 0.32),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"¥{info.price}",
            )
        # spec and stock ("5斤装 · 剩余 200 件"), and the badge at the right
        row_y = price_y + height * 0.32
        badge_w = 0
        if info.badge:
            p.setFont(_font(int(height * 0.12)))
            badge_w = p.fontMetrics().horizontalAdvance(info.badge) + pad
        p.setPen(QColor(90, 90, 90))
        p.setFont(_font(int(height * 0.11), bold=False))
        row = " · ".join(t for t in (info.spec, info.stock_text) if t)
        room = max(0, int(width - pad - badge_w - pad // 2 - x))  # never under the badge
        p.drawText(
            QRectF(x, row_y, room, height - row_y - pad // 2),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            p.fontMetrics().elidedText(row, Qt.TextElideMode.ElideRight, room),
        )
        if info.badge:
            p.setFont(_font(int(height * 0.12)))
            badge = QRectF(width - pad - badge_w, row_y + 2, badge_w, height - row_y - pad)
            shape = QPainterPath()
            shape.addRoundedRect(badge, pad / 2, pad / 2)
            p.fillPath(shape, QBrush(QColor(*info.badge_color)))
            p.setPen(WHITE)
            p.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), info.badge)
    return _to_bgra(image)


def render_digit(text: str, size: int) -> np.ndarray:
    """A countdown digit in a red disc."""
    image = _image(size, size)
    with QPainter(image) as p:
        _smooth(p)
        p.setPen(QPen(WHITE, max(2, size // 30)))
        p.setBrush(QBrush(QColor(RED.red(), RED.green(), RED.blue(), 230)))
        m = size // 30 + 1
        p.drawEllipse(QRectF(m, m, size - 2 * m, size - 2 * m))
        p.setFont(_font(int(size * 0.62)))
        p.drawText(QRectF(0, 0, size, size), int(Qt.AlignmentFlag.AlignCenter), text)
    return _to_bgra(image)


def render_banner(text: str, width: int, color: QColor = RED) -> np.ndarray:
    """A wide rounded banner ("上链接!", "链接稍后上架")."""
    height = int(width * 0.24)
    image = _image(width, height)
    with QPainter(image) as p:
        _smooth(p)
        fill = QColor(color)
        fill.setAlpha(240)
        _rounded_fill(p, width, height, height / 2, fill)
        p.setPen(WHITE)
        font = _font(int(height * 0.6))
        p.setFont(font)
        while p.fontMetrics().horizontalAdvance(text) > width * 0.9 and font.pixelSize() > 8:
            font.setPixelSize(font.pixelSize() - 2)
            p.setFont(font)
        p.drawText(QRectF(0, 0, width, height), int(Qt.AlignmentFlag.AlignCenter), text)
    return _to_bgra(image)


def render_comment(user: str, text: str, width: int) -> np.ndarray:
    """A viewer's comment the host chose to show: "name: text" in a dark bubble."""
    pad = max(6, width // 40)
    px = max(12, width // 22)
    probe = _image(1, 1)
    with QPainter(probe) as p:
        p.setFont(_font(px, bold=False))
        bounds = p.boundingRect(
            QRectF(0, 0, width - 2 * pad, 10_000), int(Qt.TextFlag.TextWordWrap), f"{user}：{text}"
        )
    height = int(bounds.height()) + 2 * pad
    image = _image(width, height)
    with QPainter(image) as p:
        _smooth(p)
        _rounded_fill(p, width, height, pad, QColor(0, 0, 0, 170))
        p.setFont(_font(px, bold=False))
        p.setPen(QColor(255, 214, 102))
        p.drawText(
            QRectF(pad, pad, width - 2 * pad, height - 2 * pad),
            int(Qt.TextFlag.TextWordWrap),
            f"{user}：",
        )
        name_w = p.fontMetrics().horizontalAdvance(f"{user}：")
        p.setPen(WHITE)
        p.drawText(
            QRectF(pad + name_w, pad, width - 2 * pad - name_w, height - 2 * pad),
            int(Qt.TextFlag.TextWordWrap),
            text,
        )
    return _to_bgra(image)


@dataclass(frozen=True)
class Placement:
    """Where the show graphics go on a canvas of this size (portrait or landscape)."""

    card: tuple[int, int, int]  # x, y, width
    digit: tuple[int, int, int]  # x, y, size
    banner: tuple[int, int, int]  # x, y, width

    @classmethod
    def for_canvas(cls, width: int, height: int) -> Placement:
        short = min(width, height)
        portrait = height > width
        card_w = int(width * 0.9) if portrait else int(width * 0.42)
        card_h = int(card_w * 0.34)
        margin = int(short * 0.04)
        card_y = height - card_h - (int(height * 0.18) if portrait else margin)
        digit = int(short * 0.34)
        banner_w = int(width * 0.8) if portrait else int(width * 0.5)
        top = int(height * 0.22) if portrait else int(height * 0.12)
        return cls(
            card=(margin, card_y, card_w),
            digit=((width - digit) // 2, top, digit),
            banner=((width - banner_w) // 2, top + (digit - int(banner_w * 0.24)) // 2, banner_w),
        )


class ShowOverlay:
    """Puts the show's graphics on the compositor, on the frames they belong to."""

    def __init__(self, compositor: Compositor) -> None:
        self.compositor = compositor
        self.place = Placement.for_canvas(compositor.width, compositor.height)

    def countdown(
        self,
        card: CardInfo,
        seconds: int,
        zero_label: str,
        banner_s: float = 3.0,
        lead_ns: int = 50_000_000,
        clock: Callable[[], int] = time.monotonic_ns,
    ) -> int:
        """Digits seconds..1, then the banner from zero; the card from the start.

        Renders first, then starts the countdown `lead_ns` later (so the layers are in place
        before their first frame) and returns that start (monotonic ns); zero is
        `start + seconds`.
        """
        dx, dy, size = self.place.digit
        bx, by, bw = self.place.banner
        cx, cy, cw = self.place.card
        card_img = render_card(card, cw)
        digits = [(n, render_digit(str(n), size)) for n in range(seconds, 0, -1)]
        banner = render_banner(zero_label, bw)
        second = 1_000_000_000
        start_ns = clock() + lead_ns
        zero_ns = start_ns + seconds * second
        layers = [Layer(GROUP + "card", card_img, cx, cy, z=50, start_ns=start_ns)]
        for i, (n, image) in enumerate(digits):
            layers.append(
                Layer(
                    f"{GROUP}digit{n}",
                    image,
                    dx,
                    dy,
                    z=60,
                    start_ns=start_ns + i * second,
                    end_ns=start_ns + (i + 1) * second,
                )
            )
        layers.append(
            Layer(
                GROUP + "banner",
                banner,
                bx,
                by,
                z=60,
                start_ns=zero_ns,
                end_ns=zero_ns + int(banner_s * second),
            )
        )
        self.compositor.replace_group(GROUP, layers)
        return start_ns

    def card(self, card: CardInfo) -> None:
        """Replace the card (listed, sold out, failed …); a running banner stays."""
        cx, cy, cw = self.place.card
        self.compositor.replace_group(
            GROUP + "card", [Layer(GROUP + "card", render_card(card, cw), cx, cy, z=50)]
        )

    def banner(self, text: str, at_ns: int, seconds: float = 3.0, color: QColor = RED) -> None:
        """Show a banner from `at_ns` for a while ("链接已上架" again after a reconnect, …)."""
        bx, by, bw = self.place.banner
        layer = Layer(
            GROUP + "banner",
            render_banner(text, bw, color),
            bx,
            by,
            z=60,
            start_ns=at_ns,
            end_ns=at_ns + int(seconds * 1e9),
        )
        self.compositor.replace_group(GROUP + "banner", [layer])

    def comment(self, user: str, text: str, seconds: float = 8.0) -> None:
        """Show a viewer's comment above the card for a while."""
        cx, cy, cw = self.place.card
        image = render_comment(user, text, cw)
        now = time.monotonic_ns()
        y = max(0, cy - image.shape[0] - max(8, cw // 40))
        layer = Layer(
            GROUP + "comment", image, cx, y, z=55, start_ns=now, end_ns=now + int(seconds * 1e9)
        )
        self.compositor.replace_group(GROUP + "comment", [layer])

    def clear(self) -> None:
        self.compositor.replace_group(GROUP, [])


TONES = {"live": RED, "notice": ORANGE, "info": GREY}
CARD_PICTURE_PX = 256


class OverlayPresenter:
    """Renders the show's graphics on its own thread and puts them on the canvas.

    The show's loop keeps time; this does the QPainter work and the picture decoding (a
    12 MP photo takes tens of ms), so neither delays a countdown. Requests run in the order
    given; a countdown's future gives the start it planned (monotonic ns). A picture that
    cannot be used is reported once through `problem` (product key, reason) and the card is
    drawn without it.
    """

    def __init__(self, compositor: Compositor, pictures: dict[str, Path] | None = None) -> None:
        self.overlay = ShowOverlay(compositor)
        self.pictures = dict(pictures or {})
        self.problem: Signal[tuple[str, Message | str]] = Signal()
        self._decoded: dict[str, np.ndarray | None] = {}
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="overlay")

    def _info(self, spec: CardSpec) -> CardInfo:
        color = TONES.get(spec.tone, ORANGE)
        return CardInfo(
            name=spec.name,
            live_price=spec.live_price,
            price=spec.price,
            stock_text=spec.stock_text,
            badge=spec.badge,
            badge_color=(color.red(), color.green(), color.blue()),
            image_bgr=self._picture(spec.picture_key),
            spec=spec.spec,
        )

    def _picture(self, key: str) -> np.ndarray | None:
        """Decoded once and shrunk to card size."""
        if key not in self._decoded:
            picture = None
            path = self.pictures.get(key)
            if path is not None:
                import cv2

                from studio.media.sources.image import read_image

                try:
                    image = read_image(path)
                except (OSError, ValueError) as exc:
                    self.problem.emit((key, error_words(exc)))
                else:
                    scale = CARD_PICTURE_PX / max(image.shape[:2])
                    if scale < 1:
                        image = cv2.resize(
                            image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA
                        )
                    picture = np.ascontiguousarray(image)
            self._decoded[key] = picture
        return self._decoded[key]

    def _later(self, fn: Callable[[], object]) -> Future[object]:
        future = self._pool.submit(fn)
        future.add_done_callback(_log_failure)
        return future

    def countdown(
        self, card: CardSpec, seconds: int, zero_label: str, banner_s: float = 3.0
    ) -> Future[int]:
        """Plan the countdown; the future gives its start (monotonic ns)."""
        return self._pool.submit(
            lambda: self.overlay.countdown(self._info(card), seconds, zero_label, banner_s)
        )

    def card(self, card: CardSpec) -> None:
        self._later(lambda: self.overlay.card(self._info(card)))

    def banner(self, text: str, at_ns: int, seconds: float = 3.0, tone: str = "live") -> None:
        color = TONES.get(tone, RED)
        self._later(lambda: self.overlay.banner(text, at_ns, seconds, color))

    def comment(self, user: str, text: str, seconds: float = 8.0) -> None:
        self._later(lambda: self.overlay.comment(user, text, seconds))

    def clear(self) -> None:
        self._later(self.overlay.clear)

    def flush(self, timeout_s: float = 5.0) -> None:
        """Wait for what was asked so far to be on the canvas (tests, the end of a show)."""
        self._pool.submit(lambda: None).result(timeout_s)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)


def _log_failure(future: Future[object]) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("rendering an overlay failed", exc_info=exc)
