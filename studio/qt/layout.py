"""Wide or compact: the window's layout follows its size, as OBS's docks do on a small screen.

A window at most COMPACT_WIDTH wide or COMPACT_HEIGHT high (a 1024x600 netbook, a 1366x768
laptop with the window halved) is compact: 画面与声音 and 提词与评论 share one column as tabs,
the bottom bar takes two rows, the product panel is narrower, and the preview shrinks (it
keeps its aspect, letterboxed). Every control the host needs stays in sight. When the window
grows again the wide layout comes back as it was, and the layout saved at quit is always the
wide one, so a restart with a big window opens wide (never 视图 › 恢复默认布局 to get it back).

The compact layout is a mode, not a saved state: it is taken from the window's size at each
resize. A part of the window that changes with it has `set_compact(on)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QDockWidget, QMainWindow, QTabWidget, QWidget

from studio.qt.theme import set_state

COMPACT_WIDTH, COMPACT_HEIGHT = 1100, 650  # at or under either: compact
# ...or within this of what the wide layout needs in this language (English needs more than
# 1100): the window turns compact before its edge stops at the wide layout's minimum
ROOM = 24
DOCK_WIDTHS = (290, 420)  # 画面与声音 and 商品 on a first start (wide)
COMPACT_DOCK_WIDTHS = (240, 300)  # the same two, compact
FIRST_SIZE = QSize(1280, 760)  # a first start, when the screen has room for it


def restyle(*widgets: QWidget) -> Callable[[bool], None]:
    """Widgets the theme draws smaller when compact (their `compact` property: the on-air
    label and the health chips, so the top bar leaves the panels more height)."""

    def mark(on: bool) -> None:
        for widget in widgets:
            set_state(widget, "compact", "true" if on else "false")

    return mark


def flip_box(box: QBoxLayout) -> Callable[[bool], None]:
    """A row that becomes a column when compact (the bottom bar: the modes above the
    start and stop buttons)."""

    def flip(on: bool) -> None:
        box.setDirection(
            QBoxLayout.Direction.TopToBottom if on else QBoxLayout.Direction.LeftToRight
        )

    return flip


class WindowLayout(QObject):
    """Switches `window` between its wide and compact layouts as its size changes.

    `left` are the two panels that share the left column (tabs when compact), `right` the
    product panel; each of `parts` is called with True when the window turns compact and
    False when it turns wide.
    """

    def __init__(
        self,
        window: QMainWindow,
        left: tuple[QDockWidget, QDockWidget],
        right: QDockWidget,
        parts: Sequence[Callable[[bool], None]],
    ) -> None:
        super().__init__(window)
        self.window, self.left, self.right, self.parts = window, left, right, list(parts)
        self.compact = False
        self._wide_state: QByteArray | None = None  # the wide layout, kept while compact
        self._wide_min = QSize(0, 0)  # what the wide layout needed when last measured
        self._switching = False
        # the panels follow the window: when it grows, a panel squeezed by a smaller window
        # (now, or in the layout saved last time) gets its room back, without 恢复默认布局
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(0)
        self._follow_timer.timeout.connect(self._follow_window)
        # the compact widths once the panels' new minimums are laid out (the next turn of the
        # event loop): set at once, the product panel's wide minimum would still hold it
        self._narrow_timer = QTimer(self)
        self._narrow_timer.setSingleShot(True)
        self._narrow_timer.setInterval(0)
        self._narrow_timer.timeout.connect(
            lambda: self._resize_docks(COMPACT_DOCK_WIDTHS, exact=True) if self.compact else None
        )
        self._squeeze_timer = QTimer(self)
        self._squeeze_timer.setSingleShot(True)
        self._squeeze_timer.setInterval(0)
        self._squeeze_timer.timeout.connect(self._squeeze)

    # -- the window's hooks ------------------------------------------------------------------
    def start(self) -> None:
        """After the saved layout is restored, before the window shows: fit the screen and
        take the layout its size calls for; and again once it shows (showing lays the
        panels out, which may widen a window sized before)."""
        self._fit_screen()
        QTimer.singleShot(0, self._fit_screen)

    def _fit_screen(self) -> None:
        screen = self.window.screen()
        if screen is not None:
            room = screen.availableGeometry().size()
            size = self.window.size()
            fitted = size.boundedTo(room)
            if fitted != size:  # a first start, or a layout saved on a bigger screen
                self.window.resize(fitted)
                self.update()
                self.window.resize(fitted)  # the wide layout's minimum may have held it
        self.update()

    def resized(self, old: QSize, new: QSize) -> None:
        """From the window's resizeEvent."""
        self.update()
        if new.width() > old.width() or new.height() > old.height():
            self._follow_timer.start()
        elif self.compact and new.width() < old.width():
            self._squeeze_timer.start()

    def saved_state(self) -> QByteArray:
        """The layout to keep for the next start: the wide one, even while compact."""
        if self.compact and self._wide_state is not None:
            return self._wide_state
        return self.window.saveState()

    def restore(self, state: QByteArray) -> None:
        """视图 › 恢复默认布局 (or any wide layout) in whichever mode the window is in."""
        if self.compact:
            self._wide_state = QByteArray(state)
            self.window.restoreState(state)
            self._arrange_compact()
        else:
            self.window.restoreState(state)
            self._follow_window()

    # -- the switch --------------------------------------------------------------------------
    def wants_compact(self, size: QSize) -> bool:
        if not self.compact:
            self._wide_min = self.window.minimumSizeHint()
        width = max(COMPACT_WIDTH, self._wide_min.width() + ROOM)
        height = max(COMPACT_HEIGHT, self._wide_min.height() + ROOM)
        return size.width() <= width or size.height() <= height

    def update(self) -> None:
        """Take the layout the window's size calls for (nothing when it has it already)."""
        if self._switching:
            return
        self._switching = True
        try:
            size = self.window.size()
            if self.wants_compact(size) and not self.compact:
                self._go_compact()
            elif not self.wants_compact(size) and self.compact:
                self._go_wide()
                if not self._fits():  # this language's wide layout needs more room: stay
                    self._go_compact()
        finally:
            self._switching = False

    def _fits(self) -> bool:
        layout = self.window.layout()
        if layout is not None:
            layout.activate()
        self._wide_min = self.window.minimumSizeHint()
        return not self.wants_compact(self.window.size())

    def _go_compact(self) -> None:
        self._wide_state = self.window.saveState()
        self.compact = True
        for part in self.parts:
            part(True)
        self._arrange_compact()

    def _go_wide(self) -> None:
        self.compact = False
        for part in self.parts:
            part(False)
        if self._wide_state is not None:
            self.window.restoreState(self._wide_state)
            self._wide_state = None
        self._follow_window()

    def _arrange_compact(self) -> None:
        """The two left panels as tabs of one column (when both are docked on one side),
        and the panels at their compact widths."""
        first, second = self.left
        area = self.window.dockWidgetArea
        docked = not first.isFloating() and not second.isFloating()
        if docked and area(first) == area(second) and not self.window.tabifiedDockWidgets(first):
            self.window.setTabPosition(area(first), QTabWidget.TabPosition.North)
            self.window.tabifyDockWidget(first, second)
            first.raise_()
        self._resize_docks(COMPACT_DOCK_WIDTHS, exact=True)
        self._narrow_timer.start()

    def _follow_window(self) -> None:
        """Give a squeezed panel its width back, as far as the window allows; a panel the
        host made wider stays as wide."""
        self._resize_docks(COMPACT_DOCK_WIDTHS if self.compact else DOCK_WIDTHS, exact=False)

    def _squeeze(self) -> None:
        """A compact window that shrinks takes the room from the panels first, down to
        their compact widths, so the preview is not the only one to give."""
        if self.compact:
            self._resize_docks(COMPACT_DOCK_WIDTHS, exact=False, grow=False)

    def _resize_docks(self, widths: tuple[int, int], exact: bool, grow: bool = True) -> None:
        docks = [self.left[0], self.right]
        if any(d.isFloating() or d.isHidden() for d in docks):
            return
        if not exact:
            keep = max if grow else min
            widths = (keep(docks[0].width(), widths[0]), keep(docks[1].width(), widths[1]))
        if list(widths) != [d.width() for d in docks]:
            self.window.resizeDocks(docks, list(widths), Qt.Orientation.Horizontal)
