"""The product panel: import the sheet, order the show, and "3-2-1 上链接" with its controls.

Before the show it orders the imported catalog; once the show runs it drives the show's
queue. Everything slow (importing, platform calls) goes through the task runner; the show's
events come back through `to_gui`.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.app.show import Notice, Show
from studio.app.studio import Studio
from studio.core.catalog import CatalogFormatError, ImportResult, Product, format_yuan
from studio.core.show import ItemState, LinkUp, LinkUpError, LinkUpState, QueueError, QueueSnapshot
from studio.qt.tasks import TaskRunner

SHEET_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt", ".tsv")
KEY_ROLE = Qt.ItemDataRole.UserRole


class ImportReportDialog(QDialog):
    """The rows the import skipped, one per line: row, column, reason."""

    def __init__(self, result: ImportResult, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import report"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("{name}: {ok} products imported, {bad} rows skipped").format(
                    name=name, ok=len(result.products), bad=len(result.issues)
                )
            )
        )
        self.table = QTableWidget(len(result.issues), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("Reason")])
        for i, issue in enumerate(result.issues):
            for j, text in enumerate((str(issue.row), issue.column, issue.reason_text())):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(640, 360)


class ProductPanel(QWidget):
    """The queue and the link-up controls. `link_up_started` tells the window (countdown)."""

    link_up_started = Signal(object)
    message = Signal(str, str)  # (level, text) for the window's message bar

    def __init__(self, studio: Studio, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.studio, self.tasks = studio, tasks
        self.show: Show | None = None
        self.products: list[Product] = []
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import products…"))
        self.import_button.clicked.connect(self._choose_file)
        self.summary = QLabel(self.tr("Drop a product sheet (.xlsx or .csv) here"))
        self.summary.setWordWrap(True)
        self.report_button = QPushButton(self.tr("Skipped rows…"))
        self.report_button.setVisible(False)
        self.report_button.clicked.connect(self._show_import_report)
        top.addWidget(self.import_button)
        top.addWidget(self.report_button)
        layout.addLayout(top)
        layout.addWidget(self.summary)

        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.list.currentItemChanged.connect(self._on_selection)
        self.list.installEventFilter(self)
        layout.addWidget(self.list, 1)

        terms = QFormLayout()
        self.price = QDoubleSpinBox()
        self.price.setRange(0, 1_000_000)
        self.price.setDecimals(2)
        self.price.setPrefix("¥")
        self.stock = QSpinBox()
        self.stock.setRange(0, 10_000_000)
        self.stock.setSpecialValueText(self.tr("as in the sheet"))
        self.limit = QSpinBox()
        self.limit.setRange(0, 10_000)
        self.limit.setSpecialValueText(self.tr("no limit"))
        self.apply_terms = QPushButton(self.tr("Apply"))
        self.apply_terms.clicked.connect(self._apply_terms)
        terms.addRow(self.tr("Live price"), self.price)
        terms.addRow(self.tr("Stock released"), self.stock)
        terms.addRow(self.tr("Limit per buyer"), self.limit)
        terms.addRow("", self.apply_terms)
        layout.addLayout(terms)

        self.countdown_label = QLabel("")
        big = QFont()
        big.setPointSize(28)
        big.setBold(True)
        self.countdown_label.setFont(big)
        self.countdown_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for label in (self.countdown_label, self.summary):
            # long words wrap or are cut inside the panel; they never widen the window
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(1)
        layout.addWidget(self.countdown_label)

        self.link_button = QPushButton(self.tr("3-2-1 Link up!  (F9)"))
        self.link_button.setMinimumHeight(56)
        self.link_button.setStyleSheet(
            "QPushButton{background:#ff2d55;color:white;font-size:20px;font-weight:bold;"
            "border-radius:8px} QPushButton:disabled{background:#bbb}"
        )
        self.link_button.clicked.connect(self.link_up)
        layout.addWidget(self.link_button)
        row = QHBoxLayout()
        self.next_button = QPushButton(self.tr("Next product"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.take_down_button = QPushButton(self.tr("Take down"))
        self.add_stock_spin = QSpinBox()
        self.add_stock_spin.setRange(1, 100_000)
        self.add_stock_spin.setValue(10)
        self.add_stock_button = QPushButton(self.tr("Add stock"))
        for w in (
            self.next_button,
            self.cancel_button,
            self.take_down_button,
            self.add_stock_spin,
            self.add_stock_button,
        ):
            row.addWidget(w)
        self.next_button.clicked.connect(self._next)
        self.cancel_button.clicked.connect(self._cancel)
        self.take_down_button.clicked.connect(self._take_down)
        self.add_stock_button.clicked.connect(self._add_stock)
        layout.addLayout(row)

        self._countdown_timer = QTimer(self)
        self._countdown_timer.setInterval(50)
        self._countdown_timer.timeout.connect(self._update_countdown)
        self._talk_timer = QTimer(self)
        self._talk_timer.setInterval(1000)
        self._talk_timer.timeout.connect(self._refresh)
        self._talk_timer.start()
        # an order burst brings hundreds of events a second: one rebuild per 200 ms at most
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(200)
        self._soon.timeout.connect(self._refresh)
        self._last_current_id: int | None = None
        self._import_result: ImportResult | None = None
        self._import_name = ""
        self._update_buttons()

    # -- importing -------------------------------------------------------------------------
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import products"),
            "",
            self.tr("Product sheets (*.xlsx *.csv *.xlsm *.txt)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Import in the background; the panel fills when it is read."""
        self.summary.setText(self.tr("Reading {name}…").format(name=path.name))
        self.import_button.setEnabled(False)
        self.tasks.run(
            lambda: self.studio.import_catalog(path),
            on_done=lambda result: self._on_imported(path, result),
            on_error=self._on_import_failed,
        )

    def _on_imported(self, path: Path, result: ImportResult) -> None:
        self.import_button.setEnabled(True)
        self._import_result, self._import_name = result, path.name
        self.products = list(result.products)
        self.summary.setText(
            self.tr("{name}: {ok} products, {bad} rows skipped").format(
                name=path.name, ok=len(result.products), bad=len(result.issues)
            )
        )
        self.report_button.setVisible(bool(result.issues))
        self._refresh()

    def _on_import_failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        text = str(exc) if isinstance(exc, CatalogFormatError | OSError) else repr(exc)
        self.summary.setText(text)
        self.message.emit("error", text)

    def _show_import_report(self) -> None:
        if self._import_result is not None:
            ImportReportDialog(self._import_result, self._import_name, self).exec()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and Path(urls[0].toLocalFile()).suffix.lower() in SHEET_SUFFIXES:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls:
            self.import_file(Path(urls[0].toLocalFile()))
            event.acceptProposedAction()

    # -- the show --------------------------------------------------------------------------
    def attach(self, show: Show) -> None:
        """The show started: follow its queue, link-ups and platform events."""
        self.show = show
        show.queue_changed.connect(self.tasks.to_gui(lambda _q: self._refresh()))
        show.link_up_changed.connect(self.tasks.to_gui(self._on_link_up))
        show.platform_event.connect(self.tasks.to_gui(lambda _e: self._refresh_soon()))
        show.notice.connect(self.tasks.to_gui(self._on_notice))
        self._refresh()

    def detach(self) -> None:
        self.show = None
        self._countdown_timer.stop()
        self.countdown_label.setText("")
        self._refresh()

    def _on_notice(self, notice: Notice) -> None:
        self.message.emit(notice.level, notice.text)

    def _queue(self) -> QueueSnapshot | None:
        return self.show.queue if self.show is not None else None

    def _refresh(self) -> None:
        """Rebuild the rows (a few dozen products: cheap), keeping the selection."""
        selected = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        queue = self._queue()
        now = time.time()
        if queue is None:
            for product in self.products:
                item = QListWidgetItem(self._row_text(product, None, None))
                item.setData(KEY_ROLE, product.key)
                item.setSizeHint(self._row_size())
                self.list.addItem(item)
        else:
            for entry in queue.items:
                counts = self._counts(entry.product.key)
                text = self._row_text(entry.product, entry.live_price_fen, counts)
                if entry.state is ItemState.EXPLAINING:
                    minutes, seconds = divmod(int(entry.talk_time_s(now)), 60)
                    text = (
                        "▶ "
                        + text
                        + self.tr(" · explaining {m}:{s:02d}").format(m=minutes, s=seconds)
                    )
                elif entry.state is ItemState.SKIPPED:
                    text = "⤼ " + text
                elif entry.state is ItemState.DONE:
                    text = "✓ " + text
                item = QListWidgetItem(text)
                item.setData(KEY_ROLE, entry.item_id)
                item.setSizeHint(self._row_size())
                if entry.state is ItemState.EXPLAINING:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setBackground(Qt.GlobalColor.yellow)
                self.list.addItem(item)
        self.list.blockSignals(False)
        current = queue.current if queue is not None else None
        current_id = current.item_id if current is not None else None
        if current_id is not None and current_id != self._last_current_id:
            selected = queue.items.index(current)  # the selection follows "next product"
        self._last_current_id = current_id
        if 0 <= selected < self.list.count():
            self.list.setCurrentRow(selected)
        self._update_buttons()

    def _refresh_soon(self) -> None:
        if not self._soon.isActive():  # a throttle, not a debounce: a long burst still shows
            self._soon.start()

    def _row_size(self) -> QSize:
        """Two lines per product (name; price, stock and sales), whatever the wrap decides."""
        return QSize(0, self.list.fontMetrics().lineSpacing() * 2 + 10)

    def _counts(self, product_key: str) -> tuple[int, int, int | None] | None:
        """Orders, units sold and stock left (of the latest listing) for one product."""
        if self.show is None:
            return None
        links = [ln for ln in self.show.link_ups if ln.product_key == product_key]
        listed = [ln for ln in links if ln.acked_at is not None]
        left = listed[-1].stock_left if listed else None
        return sum(ln.orders for ln in links), sum(ln.units for ln in links), left

    def _row_text(
        self, p: Product, live_fen: int | None, counts: tuple[int, int, int | None] | None
    ) -> str:
        live = format_yuan(p.live_price_fen if live_fen is None else live_fen)
        left = counts[2] if counts is not None and counts[2] is not None else p.stock
        stock = self.tr("unlimited") if left is None else str(left)
        text = self.tr("{name}\n¥{live} (was ¥{price}) · stock {stock}").format(
            name=p.name, live=live, price=format_yuan(p.price_fen), stock=stock
        )
        if counts is not None and counts[0]:
            text += self.tr(" · {orders} orders, {units} sold").format(
                orders=counts[0], units=counts[1]
            )
        return text

    def _on_rows_moved(self, *_args: object) -> None:
        """Drag-to-reorder: apply the list's new order to the catalog or the queue."""
        keys = [self.list.item(i).data(KEY_ROLE) for i in range(self.list.count())]
        queue = self._queue()
        if queue is None:
            by_key = {p.key: p for p in self.products}
            self.products = [by_key[k] for k in keys if k in by_key]
            if self.studio.catalog is not None:
                self.studio.catalog.products = list(self.products)
        elif self.show is not None:
            show, order = self.show, [k for k in keys if isinstance(k, int)]
            self.tasks.run(lambda: show.reorder(order), on_error=self._on_error)

    def _selected_item_id(self) -> int | None:
        item = self.list.currentItem()
        if item is None or self._queue() is None:
            return None
        value = item.data(KEY_ROLE)
        return value if isinstance(value, int) else None

    def _on_selection(self, *_args: object) -> None:
        queue = self._queue()
        item_id = self._selected_item_id()
        if queue is None or item_id is None:
            return
        entry = queue.item(item_id)
        self.price.setValue(entry.live_price_fen / 100)
        self.stock.setValue(entry.release_stock or 0)
        self.limit.setValue(entry.limit_per_buyer or 0)
        self._update_buttons()

    def _apply_terms(self) -> None:
        show, item_id = self.show, self._selected_item_id()
        if show is None or item_id is None:
            return
        price, stock, limit = (
            round(self.price.value() * 100),
            self.stock.value() or None,
            self.limit.value() or None,
        )
        self.tasks.run(
            lambda: show.set_terms(
                item_id, live_price_fen=price, release_stock=stock, limit_per_buyer=limit
            ),
            on_error=self._on_error,
        )

    def _update_buttons(self) -> None:
        live = self.show is not None
        active = live and self.show is not None and self.show.active_link_up is not None
        self.next_button.setEnabled(live)
        chosen = live and self._selected_item_id() is not None
        for w in (self.apply_terms, self.price, self.stock, self.limit):
            w.setEnabled(chosen)
        self.link_button.setEnabled(live and not active)
        self.cancel_button.setEnabled(bool(active))
        listed = (
            live
            and self.show is not None
            and any(
                ln.state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT) for ln in self.show.link_ups
            )
        )
        self.take_down_button.setEnabled(listed)
        self.add_stock_button.setEnabled(listed)
        self.add_stock_spin.setEnabled(listed)

    # -- link-ups --------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space on the queue links up, as the button does (F9 works anywhere)."""
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
                self.link_up()
                return True
        return super().eventFilter(watched, event)

    def link_up(self) -> None:
        show = self.show
        if show is None:
            self.message.emit("warning", self.tr("Start a rehearsal or go live first"))
            return
        if show.active_link_up is not None:
            return
        item_id = self._selected_item_id()
        if item_id is None and show.queue.current is None:
            item_id = show.queue.next_up.item_id if show.queue.next_up else None
        self.link_button.setEnabled(False)
        self.tasks.run(
            lambda: show.link_up(item_id), on_done=self._on_started, on_error=self._on_error
        )

    def _on_started(self, link: LinkUp) -> None:
        self.link_up_started.emit(link)
        self._countdown_timer.start()
        self._refresh()

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, LinkUpError | QueueError):
            self.message.emit("error", str(exc))
        else:
            self.message.emit(
                "error", self.tr("Something went wrong: {what}").format(what=type(exc).__name__)
            )
        self._update_buttons()

    def _on_link_up(self, link: LinkUp) -> None:
        self._update_countdown()
        self._update_buttons()

    def _update_countdown(self) -> None:
        show = self.show
        link = show.link_ups[-1] if show is not None and show.link_ups else None
        if link is None:
            return
        if link.state is LinkUpState.HELD:
            self.countdown_label.setText(self.tr("Waiting for the stream…"))
        elif link.state is LinkUpState.COUNTING and link.zero_at is not None:
            self.countdown_label.setText(str(link.digit_at(time.time())))
        elif link.state is LinkUpState.SENDING:
            self.countdown_label.setText(self.tr("Link up!"))
        elif link.state is LinkUpState.LISTED:
            self.countdown_label.setText(self.tr("Listed ✓"))
            self._countdown_timer.stop()
        elif link.state is LinkUpState.FAILED:
            self.countdown_label.setText(self.tr("Not listed!"))
            self._countdown_timer.stop()
        else:
            self._countdown_timer.stop()
            self.countdown_label.setText("")

    def _next(self) -> None:
        show = self.show
        if show is not None:
            self.tasks.run(show.advance, on_error=self._on_error)

    def _cancel(self) -> None:
        show = self.show
        if show is not None:
            self.tasks.run(show.cancel_link_up, on_error=self._on_error)

    def _take_down(self) -> None:
        show = self.show
        if show is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Take down"), self.tr("Take the product off sale now?")
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.tasks.run(show.take_down, on_error=self._on_error)

    def _add_stock(self) -> None:
        show, quantity = self.show, self.add_stock_spin.value()
        if show is not None:
            self.tasks.run(lambda: show.add_stock(quantity), on_error=self._on_error)
