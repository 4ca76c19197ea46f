"""Draw the app's icon at every size, and pack the Windows .ico and the macOS .icns.

    uv run python tools/make_icons.py        # writes resources/icons/

The icon: an orange rounded square (the go-live button's colour) holding a white shopping
bag with a play triangle in it, and a red "on air" dot. Sizes of 24 px and below are drawn,
not scaled: a bag's handle and a triangle inside it turn to mud at 16 px, so they get a bold
white play triangle and the dot only, on whole pixels. The .ico holds PNGs (Windows Vista
and later read them); the .icns holds PNG entries (macOS 10.7 and later).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

ORANGE_TOP, ORANGE_BOTTOM = QColor("#FFA21F"), QColor("#F26A00")
RED = QColor("#E5262B")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    small = size <= 24
    margin = 0 if small else size * 0.06
    box = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    gradient = QLinearGradient(box.topLeft(), box.bottomLeft())
    gradient.setColorAt(0, ORANGE_TOP)
    gradient.setColorAt(1, ORANGE_BOTTOM)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(gradient)
    p.drawRoundedRect(box, box.width() * 0.22, box.width() * 0.22)
    u = box.width() / 16  # one "pixel" of the 16 px design
    x0, y0 = box.left(), box.top()
    if small:
        # a bold play triangle, on whole pixels at 16 px
        tri = QPolygonF(
            [QPointF(x0 + 5 * u, y0 + 3.5 * u), QPointF(x0 + 5 * u, y0 + 12.5 * u),
             QPointF(x0 + 12 * u, y0 + 8 * u)]
        )  # fmt: skip
        p.setBrush(QColor("white"))
        p.drawPolygon(tri)
        p.setBrush(RED)
        p.drawEllipse(QRectF(x0 + 11 * u, y0 + 1 * u, 4 * u, 4 * u))
    else:
        # the bag: a body a little wider at the bottom, a handle above it
        body = QPainterPath()
        body.moveTo(x0 + 3.6 * u, y0 + 5.6 * u)
        body.lineTo(x0 + 12.4 * u, y0 + 5.6 * u)
        body.lineTo(x0 + 13.1 * u, y0 + 13.4 * u)
        body.lineTo(x0 + 2.9 * u, y0 + 13.4 * u)
        body.closeSubpath()
        p.setBrush(QColor("white"))
        p.drawPath(body)
        pen = QPen(QColor("white"), 1.1 * u)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        handle = QRectF(x0 + 5.6 * u, y0 + 2.6 * u, 4.8 * u, 6 * u)
        p.drawArc(handle, 0, 180 * 16)
        p.setPen(Qt.PenStyle.NoPen)
        tri = QPolygonF(
            [QPointF(x0 + 6.6 * u, y0 + 7.6 * u), QPointF(x0 + 6.6 * u, y0 + 12 * u),
             QPointF(x0 + 10.3 * u, y0 + 9.8 * u)]
        )  # fmt: skip
        p.setBrush(ORANGE_BOTTOM)
        p.drawPolygon(tri)
        p.setBrush(RED)
        p.setPen(QPen(QColor("white"), 0.5 * u))
        p.drawEllipse(QRectF(x0 + 11.3 * u, y0 + 0.9 * u, 3.8 * u, 3.8 * u))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR + ICONDIRENTRY per size, PNG payloads (256 is written as 0)."""
    sizes = [s for s in (16, 24, 32, 48, 64, 128, 256) if s in pngs]
    head = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, payload = b"", b""
    for s in sizes:
        data = pngs[s]
        entries += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        payload += data
    return head + entries + payload


def icns(pngs: dict[int, bytes]) -> bytes:
    """PNG entries by OSType (icp4 16, icp5 32, icp6 64, ic07 128, ic08 256, ic09 512,
    ic10 1024 = 512@2x, ic11 32 = 16@2x, ic12 64 = 32@2x, ic13 256 = 128@2x, ic14 512 = 256@2x)."""
    types = [
        ("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
        ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512),
    ]  # fmt: skip
    body = b"".join(
        kind.encode() + struct.pack(">I", 8 + len(pngs[s])) + pngs[s] for kind, s in types
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    OUT.mkdir(parents=True, exist_ok=True)
    pngs = {s: png_bytes(draw(s)) for s in SIZES}
    for s in SIZES:
        if s <= 512:
            (OUT / f"studio-{s}.png").write_bytes(pngs[s])
    (OUT / "studio.ico").write_bytes(ico(pngs))
    (OUT / "studio.icns").write_bytes(icns(pngs))
    print(f"icons in {OUT}: " + ", ".join(f"{s}" for s in SIZES if s <= 512) + " px, .ico, .icns")


if __name__ == "__main__":
    main()
