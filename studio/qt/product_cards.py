"""The product queue drawn as cards: picture, name, live and list price, stock, sales, state.

The list's items keep their plain text (screen readers, copy, tests); `CARD_ROLE` carries a
`Card` and the delegate paints it. Pictures are read off the GUI thread, shrunk while
decoding (QImageReader.setScaledSize), and only from this computer (`local_picture`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from studio.qt.theme import colours

CARD_ROLE = Qt.ItemDataRole.UserRole + 1
THUMB = 64  # px, the picture's side on the card
MAX_PICTURE_PIXELS = 60_000_000  # a bigger "picture" is not one to decode for a thumbnail


@dataclass(frozen=True)
class Card:
    key: str  # the product's key: its picture
    name: str
    live_price: str  # "¥19.90"
    price: str  # "¥39.90", struck through
    stock: str  # "stock 50"
    sales: str = ""  # "12 orders, 30 sold"
    badge: str = ""  # "explaining 1:23", "listed", "done"
    state: str = "queued"  # queued | explaining | listed | done | skipped
    spec: str = ""  # 规格 ("5斤装"), before the stock


def load_thumbnail(path: Path) -> QImage | None:
    """A THUMB-sized picture (any thread); None when it is not a picture we can read."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > MAX_PICTURE_PIXELS:
        return None
    reader.setScaledSize(size.scaled(THUMB * 2, THUMB * 2, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


def card_height(font: QFont) -> int:
    """A card's height in the list: the picture, or three lines of text, with margins."""
    return max(THUMB + 20, QFontMetrics(font).lineSpacing() * 3 + 30)


class CardDelegate(QStyledItemDelegate):
    """Paints `Card`s; `thumbnails` maps a product key to its picture."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thumbnails: dict[str, QPixmap] = {}

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(200, card_height(option.font))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            super().paint(painter, option, index)
            return
        c = colours()
        rect: QRect = option.rect.adjusted(4, 3, -4, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(c.selection if selected else c.border))
        painter.setBrush(QColor(c.raised if card.state != "explaining" else c.panel))
        painter.drawRoundedRect(rect, 8, 8)
        if card.state == "explaining":  # the product on air: a red bar at the left edge
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c.live))
            painter.drawRoundedRect(QRect(rect.left(), rect.top(), 5, rect.height()), 2, 2)
        thumb = QRect(rect.left() + 10, rect.top() + (rect.height() - THUMB) // 2, THUMB, THUMB)
        self._paint_thumb(painter, thumb, card, c.border, c.muted)
        x = thumb.right() + 12
        width = rect.right() - x - 8
        muted = card.state in ("done", "skipped")
        base: QFont = option.font
        bold = QFont(base)
        bold.setBold(True)
        line = QFontMetrics(base).lineSpacing()
        top = rect.top() + 9
        # the badge, right-aligned on the first line
        badge_w = 0
        if card.badge:
            small = QFont(base)
            small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
            badge_w = QFontMetrics(small).horizontalAdvance(card.badge) + 14
            badge = QRect(rect.right() - badge_w - 8, top, badge_w, line)
            colour = {
                "explaining": c.live,
                "listed": c.ok,
                "done": c.muted,
                "skipped": c.muted,
            }.get(card.state, c.accent)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(badge, line / 2, line / 2)
            painter.setFont(small)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, card.badge)
        painter.setFont(bold)
        painter.setPen(QColor(c.muted if muted else c.text))
        name = QFontMetrics(bold).elidedText(
            card.name, Qt.TextElideMode.ElideRight, max(10, width - badge_w - 8)
        )
        painter.drawText(QRect(x, top, width, line), Qt.AlignmentFlag.AlignLeft, name)
        # the prices: live in the live colour, the list price struck through
        painter.setFont(bold)
        painter.setPen(QColor(c.muted if muted else c.live))
        live_w = QFontMetrics(bold).horizontalAdvance(card.live_price)
        painter.drawText(QRect(x, top + line + 4, live_w + 2, line), 0, card.live_price)
        struck = QFont(base)
        struck.setStrikeOut(True)
        painter.setFont(struck)
        painter.setPen(QColor(c.muted))
        painter.drawText(QRect(x + live_w + 10, top + line + 4, width, line), 0, card.price)
        painter.setFont(base)
        stock = f"{card.spec} · {card.stock}" if card.spec else card.stock
        details = f"{stock}   {card.sales}".rstrip()
        details = QFontMetrics(base).elidedText(details, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, top + 2 * line + 8, width, line), 0, details)
        painter.restore()

    def _paint_thumb(
        self, painter: QPainter, box: QRect, card: Card, border: str, muted: str
    ) -> None:
        picture = self.thumbnails.get(card.key)
        if picture is not None and not picture.isNull():
            scaled = picture.scaled(
                box.size(),
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
            source = QRect(
                (scaled.width() - box.width()) // 2,
                (scaled.height() - box.height()) // 2,
                box.width(),
                box.height(),
            )
            painter.drawPixmap(box, scaled, source)
            return
        # no picture: the first character on a tile, so every card still has a face
        painter.setPen(QColor(border))
        painter.setBrush(QColor(border))
        painter.drawRoundedRect(box, 6, 6)
        font = QFont(painter.font())
        font.setPointSize(20)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(muted))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, card.name[:1])
