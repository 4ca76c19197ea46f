"""The product panel: import the sheet, order the show, and "3-2-1 上链接" with its controls.

Before the show it orders the imported catalog; once the show runs it drives the show's
queue. Everything slow (importing, platform calls) goes through the task runner; the show's
events come back through `to_gui`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.app.images import local_picture
from studio.app.paths import cache_dir
from studio.app.recovery import Unfinished
from studio.app.show import Notice, Show
from studio.app.studio import Studio
from studio.core.catalog import CatalogFormatError, ImportResult, Product, format_yuan
from studio.core.rundown import (
    ItemState,
    LinkUp,
    LinkUpError,
    LinkUpState,
    QueueError,
    QueueSnapshot,
)
from studio.qt.product_cards import CARD_ROLE, Card, CardDelegate, card_height, load_thumbnail
from studio.qt.samples import samples_dir
from studio.qt.tasks import TaskRunner
from studio.qt.theme import icon_button, set_icon, set_state
from studio.qt.widgets import Retranslating, ScreenBound

SHEET_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".txt", ".tsv")
KEY_ROLE = Qt.ItemDataRole.UserRole
MAX_THUMBNAILS = 300  # pictures read for the first products of the sheet; the rest keep a tile


def import_counts(ok: int, bad: int) -> dict[str, str]:
    """The import's counts in words, one product / 2 products (Qt's tr picks no plural
    without a translation, and English is the source): `products` and `skipped`."""
    if ok == 1:
        products = QCoreApplication.translate("ProductPanel", "{n} product")
    else:
        products = QCoreApplication.translate("ProductPanel", "{n} products")
    if bad == 1:
        skipped = QCoreApplication.translate("ProductPanel", "{n} row skipped")
    else:
        skipped = QCoreApplication.translate("ProductPanel", "{n} rows skipped")
    return {"products": products.format(n=ok), "skipped": skipped.format(n=bad)}


class ImportReportDialog(ScreenBound, QDialog):
    """The rows the import skipped, one per line: the row as Excel or WPS numbers it, the
    product's name when the row has one, the column and the whole reason (wrapped, never cut:
    it says how to fix the row). As wide as the reasons want, within the screen."""

    def __init__(self, result: ImportResult, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import report"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("{name}: {products} imported, {skipped}").format(
                    name=name, **import_counts(len(result.products), len(result.issues))
                )
            )
        )
        self.table = QTableWidget(len(result.issues), 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Sheet row"), self.tr("Product"), self.tr("Column"), self.tr("Reason")]
        )
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setVisible(False)  # its 1, 2, 3 are not the sheet's rows
        for i, issue in enumerate(result.issues):
            cells = (str(issue.sheet_row or issue.row), issue.name, issue.column)
            for j, text in enumerate((*cells, issue.reason_text())):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_a: self.table.resizeRowsToContents())
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.table.resizeRowsToContents()  # the reasons wrap to the new width


class ProductPanel(Retranslating, QWidget):
    """The queue and the link-up controls. `link_up_started` tells the window (countdown)."""

    link_up_started = Signal(object)
    # (link, now) at every tick of the F9 area's countdown: the host panel's big digit is
    # drawn from the very same moment, so the two never show different digits
    countdown_ticked = Signal(object, float)
    link_up_pressed = Signal()  # the host's next link-up: the last one's cue is done with
    message = Signal(str, str)  # (level, text) for the window's message bar

    def __init__(
        self,
        studio: Studio,
        tasks: TaskRunner,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.studio, self.tasks = studio, tasks
        self.settings = settings
        self.attached_show: Show | None = None
        # the show the studio was killed during, as the journal has it: shown until it
        # carries on (the stream starts) or a new sheet is imported
        self.resumed: Unfinished | None = None
        self.products: list[Product] = []
        self.sheet: Path | None = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.import_button = icon_button("file-table-outline")
        self.import_button.clicked.connect(self._choose_file)
        self.reopen_button = icon_button("history")
        self.reopen_button.clicked.connect(self._reopen)
        self.reopen_button.setVisible(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.report_button = QPushButton()
        self.report_button.setVisible(False)
        self.report_button.clicked.connect(self._show_import_report)
        top.addWidget(self.import_button)
        top.addWidget(self.reopen_button)
        top.addWidget(self.report_button)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.summary)

        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.cards = CardDelegate(self.list)
        self.list.setItemDelegate(self.cards)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.list.currentItemChanged.connect(self._on_selection)
        self.list.installEventFilter(self)
        # the drag has a keyboard (Ctrl+↑/↓) and a menu too: see _move_selected
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_order_menu)
        layout.addWidget(self.list, 1)

        terms = QGridLayout()  # two compact rows: the list keeps the height
        self.price = QDoubleSpinBox()
        self.price.setRange(0, 1_000_000)
        self.price.setDecimals(2)
        self.price.setPrefix("¥")
        self.stock = QSpinBox()
        self.stock.setRange(0, 10_000_000)
        self.limit = QSpinBox()
        self.limit.setRange(0, 10_000)
        self.apply_terms = QPushButton()
        self.apply_terms.clicked.connect(self._apply_terms)
        self.term_labels = [QLabel() for _ in range(3)]
        # the words above the boxes, the boxes narrow: the panel stays narrow in any language
        for column, (label, field) in enumerate(
            zip(self.term_labels, (self.price, self.stock, self.limit), strict=True)
        ):
            label.setObjectName("muted")
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            field.setMinimumWidth(72)
            terms.addWidget(label, 0, column)
            terms.addWidget(field, 1, column)
            terms.setColumnStretch(column, 1)
        terms.addWidget(self.apply_terms, 1, 3)
        # before the show the boxes show the sheet's terms, greyed: this line says when
        # they can be changed (nothing looks clickable and does nothing)
        self.terms_note = QLabel("")
        self.terms_note.setObjectName("muted")
        self.terms_note.setWordWrap(True)
        self.terms_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.terms_note.setMinimumWidth(1)
        layout.addLayout(terms)
        layout.addWidget(self.terms_note)  # under the terms, also when compact moves them
        self.terms = terms

        self.countdown_label = QLabel("")
        self.countdown_label.setObjectName("countdown")
        self.countdown_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for label in (self.countdown_label, self.summary):
            # long words wrap or are cut inside the panel; they never widen the window
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(1)
        # one height whatever it says (empty, "2", "已上架 ✓"): the big button never moves
        self.countdown_label.setFixedHeight(56)
        layout.addWidget(self.countdown_label)

        self.link_button = QPushButton()
        self.link_button.setObjectName("linkButton")
        set_icon(self.link_button, "cart-arrow-right", "#ffffff")
        self.link_button.setIconSize(QSize(28, 28))
        self.link_button.clicked.connect(self.link_up)
        layout.addWidget(self.link_button)
        row = QGridLayout()
        self.next_button = icon_button("skip-next")
        self.cancel_button = icon_button("cancel")
        self.take_down_button = icon_button("cart-off")
        self.add_stock_spin = QSpinBox()
        self.add_stock_spin.setRange(1, 100_000)
        self.add_stock_spin.setValue(10)
        self.add_stock_spin.setMinimumWidth(72)
        self.add_stock_button = icon_button("plus-box-multiple-outline")
        row.addWidget(self.next_button, 0, 0)
        row.addWidget(self.cancel_button, 0, 1)
        row.addWidget(self.take_down_button, 0, 2)
        row.addWidget(self.add_stock_spin, 1, 0)
        row.addWidget(self.add_stock_button, 1, 1, 1, 2)
        self.action_grid = row
        self.next_button.clicked.connect(self._next)
        self.cancel_button.clicked.connect(self._cancel)
        self.take_down_button.clicked.connect(self._take_down)
        self.add_stock_button.clicked.connect(self._add_stock)
        layout.addLayout(row)

        self.compact = False  # a small window: see set_compact
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
        self._summary_state: tuple[str, dict[str, object]] = ("empty", {})
        self.retranslate()
        self._offer_last_sheet()
        self._update_buttons()
        # the last session's sheet, read again once the window is up (an unfinished show
        # offered back at launch comes first: see _on_imported)
        QTimer.singleShot(0, self._reopen_at_start)

    # -- words -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._update_import_words()
        self.report_button.setText(self.tr("Skipped rows…"))
        self.stock.setSpecialValueText(self.tr("from sheet"))
        self.limit.setSpecialValueText(self.tr("no limit"))
        for box in (self.stock, self.limit):  # the words whole (found: "rom sheet")
            words = box.fontMetrics().horizontalAdvance(box.specialValueText())
            box.setMinimumWidth(words + 44)  # the frame, the padding and the arrows
        self.apply_terms.setText(self.tr("Apply"))
        self.terms_note.setText(
            self.tr("Prices and stock can be changed once the rehearsal or show has started")
        )
        self.list.setToolTip(self._order_hint())
        for label, text in zip(
            self.term_labels,
            (self.tr("Live price"), self.tr("Stock released"), self.tr("Limit per buyer")),
            strict=True,
        ):
            label.setText(text)
        self.link_button.setText(self.tr("3-2-1 Link up!  (F9)"))
        self.next_button.setText(self.tr("Next product"))
        # compact: the two least-used buttons show their icon only, the words as a tip
        for button, text in (
            (self.cancel_button, self.tr("Cancel")),
            (self.take_down_button, self.tr("Take down")),
        ):
            button.setText("" if self.compact else text)
            button.setToolTip(text if self.compact else "")
        self.list.setMinimumHeight(card_height(self.list.font()) + 2 * self.list.frameWidth())
        self.add_stock_button.setText(self.tr("Add stock"))
        last = self._last_sheet()
        if last is not None:
            # a long file name is cut short (the whole path is the tip): it never widens
            # the panel, nor the window on a small screen
            name = self.reopen_button.fontMetrics().elidedText(
                last.name, Qt.TextElideMode.ElideMiddle, 120
            )
            self.reopen_button.setText(self.tr("Reopen {name}").format(name=name))
            self.reopen_button.setToolTip(str(last))
        self._update_summary()
        self._refresh()
        self._update_countdown()

    def set_compact(self, on: bool) -> None:
        """A small window (studio.qt.layout): a narrower, lower panel, every control still
        in it. Apply and Add stock share a row under the terms, Cancel and Take down show
        their icons (the words as a tip), the countdown and the link-up button are lower;
        the list still shows the current card."""
        self.compact = on
        moved: tuple[QWidget, ...] = (self.apply_terms, self.add_stock_spin, self.add_stock_button)
        for moving in moved:
            self.terms.removeWidget(moving)
            self.action_grid.removeWidget(moving)
        if on:
            for column, moving in enumerate(moved):
                self.terms.addWidget(moving, 2, column)
        else:
            self.terms.addWidget(self.apply_terms, 1, 3)
            self.action_grid.addWidget(self.add_stock_spin, 1, 0)
            self.action_grid.addWidget(self.add_stock_button, 1, 1, 1, 2)
        spacing = 4 if on else -1  # -1: the style's
        outer = self.layout()
        assert outer is not None  # set in __init__
        for box in (outer, self.terms, self.action_grid):
            box.setSpacing(spacing)
        margin = 6 if on else 9
        outer.setContentsMargins(margin, margin, margin, margin)
        self.countdown_label.setFixedHeight(40 if on else 56)
        for widget in (self.link_button, self.countdown_label):
            set_state(widget, "compact", "true" if on else "false")
        self.retranslate()

    def _update_import_words(self) -> None:
        """Compact, with Reopen beside it: the import button shows its icon only (the
        words as a tip), so the two fit the narrow panel in any language."""
        words = self.tr("Import products…")
        crowded = self.compact and not self.reopen_button.isHidden()
        self.import_button.setText("" if crowded else words)
        self.import_button.setToolTip(words if crowded else "")

    def _update_summary(self) -> None:
        """The line under the buttons, worded from what happened (so it follows the language)."""
        kind, params = self._summary_state
        if kind == "empty":
            text = self.tr("Drop a product sheet (.xlsx or .csv) here")
        elif kind == "reading":
            text = self.tr("Reading {name}…").format(**params)
        elif kind == "resumed":
            title = params["title"]
            text = (
                self.tr(
                    "Carrying on “{title}”: its products, sales and link-ups are back. Press "
                    "“Start rehearsal” to go on with it."
                ).format(title=title)
                if params["rehearsal"]
                else self.tr(
                    "Carrying on the live show “{title}”: its products, sales and link-ups are "
                    "back. It goes on air when you untick “Rehearsal (not public)” and press "
                    "“Go live”."
                ).format(title=title)
            )
        elif kind == "carried_on":
            text = self.tr("“{title}” goes on where it stopped").format(**params)
        elif kind in ("imported", "reopened"):
            text = (
                self.tr("{name}: {products}, {skipped}")
                if kind == "imported"
                else self.tr("{name} read again, in the order you left it: {products}, {skipped}")
            ).format(
                name=params["name"],
                **import_counts(int(str(params["ok"])), int(str(params["bad"]))),
            )
            result = self._import_result
            if result is not None:  # what the sheet holds that was not imported, by name
                text += "".join("\n" + str(note) for note in result.notes)
        else:
            text = str(params.get("text", ""))
        self.summary.setText(text)

    # -- importing -------------------------------------------------------------------------
    def _last_sheet(self) -> Path | None:
        if self.settings is None:
            return None
        value = str(self.settings.value("products/last_sheet", "") or "")
        return Path(value) if value else None

    def _offer_last_sheet(self) -> None:
        """The sheet of the last session, one click away (when it is still there)."""
        last = self._last_sheet()
        self.reopen_button.setVisible(
            last is not None and last.is_file() and not self.products and self.sheet is None
        )
        self._update_import_words()

    def _reopen(self) -> None:
        last = self._last_sheet()
        if last is not None:
            self.import_file(last, reopened=True)

    def _reopen_at_start(self) -> None:
        """A merchant who arranged tonight's show and closed the window finds it as it was:
        the last sheet is read again (any edits made to it in Excel meanwhile come with it)
        in the order the products were dragged to."""
        last = self._last_sheet()
        if last is None or not last.is_file():
            return
        if self.products or self.sheet is not None or self.resumed is not None:
            return
        self.import_file(last, reopened=True)

    def _saved_order(self) -> list[str]:
        if self.settings is None:
            return []
        try:
            keys = json.loads(str(self.settings.value("products/last_order", "") or "[]"))
        except ValueError:
            return []
        return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []

    def _save_order(self, keys: list[str] | None) -> None:
        """The order dragged to before the show (None: the sheet's own)."""
        if self.settings is not None:
            self.settings.setValue("products/last_order", json.dumps(keys or []))

    def file_dialog(self) -> QFileDialog:
        """The open dialog, where the merchant keeps sheets: the last folder used, or the
        sample sheet's the first time. Qt's own dialog is translated (qtbase_zh_CN); Windows
        and macOS show theirs."""
        start = samples_dir()
        if self.settings is not None:
            last = Path(str(self.settings.value("products/last_folder", "") or ""))
            if str(last) not in ("", ".") and last.is_dir():
                start = last
        dialog = QFileDialog(
            self,
            self.tr("Import products"),
            str(start),
            self.tr("Product sheets (*.xlsx *.xls *.csv *.xlsm *.txt)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.resize(860, 520)  # room for the name, size and date columns
        return dialog

    def _choose_file(self) -> None:
        dialog = self.file_dialog()
        if dialog.exec() and dialog.selectedFiles():
            self.import_file(Path(dialog.selectedFiles()[0]))

    def import_file(self, path: Path, reopened: bool = False) -> None:
        """Import in the background; the panel fills when it is read. `reopened`: the last
        session's sheet, put back in the order it was left in."""
        self._summary_state = ("reading", {"name": path.name})
        self._update_summary()
        self.import_button.setEnabled(False)
        self.reopen_button.setVisible(False)
        self._update_import_words()
        self.tasks.run(
            lambda: self.studio.read_catalog(path),  # used on this thread, once checked
            on_done=lambda result: self._on_imported(path, result, reopened),
            on_error=self._on_import_failed,
        )

    def _on_imported(self, path: Path, result: ImportResult, reopened: bool = False) -> None:
        self.import_button.setEnabled(True)
        if reopened and (self.resumed is not None or self.attached_show is not None):
            # an unfinished show came back (or a show started) while the sheet was read:
            # that show's queue is the one on the panel, and the one the next start uses
            self._offer_last_sheet()
            return
        self.studio.use_catalog(path, result)
        if self.resumed is not None:  # a new sheet is a new show: the old one stays
            self.message.emit(
                "info",
                self.tr(
                    "“{title}” stays unfinished in the journal: it is offered again at the "
                    "next start (Streaming › Unfinished show…)"
                ).format(title=self.resumed.record.title),
            )
            self.resumed = None
        self._import_result, self._import_name = result, path.name
        self.products = list(result.products)
        if reopened:
            order = {key: n for n, key in enumerate(self._saved_order())}
            last = len(order)  # products new to the sheet keep their place after the rest
            self.products.sort(key=lambda p: order.get(p.key, last))
            if self.studio.catalog is not None:
                self.studio.catalog.products = list(self.products)
        else:
            self._save_order(None)
        self.sheet = path
        if self.settings is not None:  # read again at the next start
            self.settings.setValue("products/last_sheet", str(path.resolve()))
            self.settings.setValue("products/last_folder", str(path.resolve().parent))
        self._summary_state = (
            "reopened" if reopened else "imported",
            {"name": path.name, "ok": len(result.products), "bad": len(result.issues)},
        )
        self._update_summary()
        self.report_button.setVisible(bool(result.issues))
        self._load_thumbnails(path.parent, self.products[:MAX_THUMBNAILS])
        self._refresh()

    def _load_thumbnails(self, base: Path, products: list[Product]) -> None:
        """The pictures on this computer, read and shrunk off the GUI thread."""
        wanted = [(p.key, p.image) for p in products if p.image]
        if not wanted:
            return
        cache = cache_dir() / "images"

        def read() -> dict[str, QImage]:
            found = {}
            for key, ref in wanted:
                path = local_picture(ref, base, cache)
                image = load_thumbnail(path) if path is not None else None
                if image is not None:
                    found[key] = image
            return found

        self.tasks.run(read, on_done=self._on_thumbnails)

    def _on_thumbnails(self, images: dict[str, QImage]) -> None:
        for key, image in images.items():
            self.cards.thumbnails[key] = QPixmap.fromImage(image)
        self.list.viewport().update()

    def _on_import_failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        self._offer_last_sheet()
        text = (
            str(exc)
            if isinstance(exc, CatalogFormatError | OSError)
            else self.tr(
                "The sheet could not be read ({what}); save it again from Excel or WPS and import it"  # noqa: E501
            ).format(what=type(exc).__name__)
        )
        self._summary_state = ("error", {"text": text})
        self._update_summary()
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
    def show_resumed(self, unfinished: Unfinished) -> None:
        """The unfinished show's queue, counts and link-ups, back before it carries on; the
        controls wait for the start (nothing reaches a platform before the host starts)."""
        self.resumed = unfinished
        self.products = list(unfinished.products)
        record = unfinished.record
        self._summary_state = (
            "resumed",
            {"title": record.title, "rehearsal": unfinished.rehearsal},
        )
        self._update_summary()
        self.reopen_button.setVisible(False)
        self.report_button.setVisible(False)
        if record.catalog_path:
            self._load_thumbnails(Path(record.catalog_path).parent, self.products[:MAX_THUMBNAILS])
        self._refresh()

    def clear_resumed(self) -> None:
        """The unfinished show was ended instead: its products leave the panel."""
        self.resumed = None
        self.products = []
        self._summary_state = ("empty", {})
        self._update_summary()
        self._offer_last_sheet()
        self._refresh()

    def attach(self, show: Show) -> None:
        """The show started: follow its queue, link-ups and platform events."""
        self.attached_show = show
        if self.resumed is not None:  # carried on: the line no longer says to press Start
            title = self.resumed.record.title
            self._summary_state = ("carried_on", {"title": title})
            self._update_summary()
        self.resumed = None
        show.queue_changed.connect(self.tasks.to_gui(lambda _q: self._refresh()))
        show.link_up_changed.connect(self.tasks.to_gui(self._on_link_up))
        show.platform_event.connect(self.tasks.to_gui(lambda _e: self._refresh_soon()))
        show.notice.connect(self.tasks.to_gui(self._on_notice))
        self._refresh()

    def detach(self) -> None:
        self.attached_show = None
        if self._summary_state[0] == "carried_on":  # ended: the words would say it goes on
            self._summary_state = ("text", {"text": ""})
            self._update_summary()
        self._countdown_timer.stop()
        self.countdown_label.setText("")
        self._refresh()

    def _on_notice(self, notice: Notice) -> None:
        # the show's one "action" is the console hint at an assisted link-up's zero: a cue
        # over the preview, not a box the host must close mid-show
        level = "cue" if notice.level == "action" else notice.level
        self.message.emit(level, notice.text)

    def _queue(self) -> QueueSnapshot | None:
        if self.attached_show is not None:
            return self.attached_show.queue
        return self.resumed.queue if self.resumed is not None else None

    def _link_ups(self) -> list[LinkUp]:
        if self.attached_show is not None:
            return list(self.attached_show.link_ups)
        return self.resumed.link_ups if self.resumed is not None else []

    def _refresh(self) -> None:
        """Rebuild the cards (the show keeps a window of products: cheap), keeping the
        selection."""
        selected = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        queue = self._queue()
        now = time.time()
        if queue is None:
            for product in self.products:
                self._add_card(product.key, product, None, None, "queued", "")
        else:
            listed = self._listed_keys()
            by_hand = {  # assisted: handed to the host's console, not known to be on sale
                ln.product_key for ln in self._link_ups() if ln.assisted
            } & listed
            for entry in queue.items:
                counts = self._counts(entry.product.key)
                state, badge = "queued", ""
                if entry.state is ItemState.EXPLAINING:
                    minutes, seconds = divmod(int(entry.talk_time_s(now)), 60)
                    state = "explaining"
                    badge = self.tr("explaining {m}:{s:02d}").format(m=minutes, s=seconds)
                elif entry.product.key in by_hand:
                    state, badge = "listed", self.tr("in the console")
                elif entry.product.key in listed:
                    state, badge = "listed", self.tr("on sale")
                elif entry.state is ItemState.SKIPPED:
                    state, badge = "skipped", self.tr("skipped")
                elif entry.state is ItemState.DONE:
                    state, badge = "done", self.tr("done")
                self._add_card(
                    entry.item_id, entry.product, entry.live_price_fen, counts, state, badge
                )
        self.list.blockSignals(False)
        current = queue.current if queue is not None else None
        current_id = current.item_id if current is not None else None
        if current_id is not None and current_id != self._last_current_id and queue is not None:
            selected = queue.items.index(current)  # the selection follows "next product"
        self._last_current_id = current_id
        if 0 <= selected < self.list.count():
            self.list.setCurrentRow(selected)
        self._update_buttons()

    def _add_card(
        self,
        key: object,
        p: Product,
        live_fen: int | None,
        counts: tuple[int, int, int | None] | None,
        state: str,
        badge: str,
    ) -> None:
        live = format_yuan(p.live_price_fen if live_fen is None else live_fen)
        left = counts[2] if counts is not None and counts[2] is not None else p.stock
        stock = self.tr("unlimited") if left is None else str(left)
        sales = ""
        if counts is not None and counts[0]:
            sales = self.tr("{orders} orders, {units} sold").format(
                orders=counts[0], units=counts[1]
            )
        card = Card(
            key=p.key,
            name=p.name,
            live_price=f"¥{live}",
            price=f"¥{format_yuan(p.price_fen)}",
            stock=self.tr("stock {stock}").format(stock=stock),
            sales=sales,
            badge=badge,
            state=state,
            spec=p.spec,
        )
        stock = f"{card.spec} · {card.stock}" if card.spec else card.stock
        text = f"{card.name}\n{card.live_price} ({card.price}) · {stock}"
        if sales:
            text += " · " + sales
        if badge:
            text = f"{badge} · {text}"
        item = QListWidgetItem(text)
        # the card cuts a long name short: the whole of it here, and how to move it
        item.setToolTip(f"{text}\n\n{self._order_hint()}")
        item.setData(KEY_ROLE, key)
        item.setData(CARD_ROLE, card)
        self.list.addItem(item)

    def _listed_keys(self) -> set[str]:
        return {
            ln.product_key
            for ln in self._link_ups()
            if ln.state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT)
        }

    def _refresh_soon(self) -> None:
        if not self._soon.isActive():  # a throttle, not a debounce: a long burst still shows
            self._soon.start()

    def _counts(self, product_key: str) -> tuple[int, int, int | None] | None:
        """Orders, units sold and stock left (of the latest listing) for one product."""
        if self.attached_show is None and self.resumed is None:
            return None
        links = [ln for ln in self._link_ups() if ln.product_key == product_key]
        listed = [ln for ln in links if ln.acked_at is not None]
        left = listed[-1].stock_left if listed else None
        return sum(ln.orders for ln in links), sum(ln.units for ln in links), left

    def _on_rows_moved(self, *_args: object) -> None:
        """Drag-to-reorder: apply the list's new order to the catalog or the queue."""
        keys = [self.list.item(i).data(KEY_ROLE) for i in range(self.list.count())]
        queue = self._queue()
        if queue is None:
            by_key = {p.key: p for p in self.products}
            self.products = [by_key[k] for k in keys if k in by_key]
            if self.studio.catalog is not None:
                self.studio.catalog.products = list(self.products)
            self._save_order([p.key for p in self.products])
        elif self.attached_show is not None:
            show, order = self.attached_show, [k for k in keys if isinstance(k, int)]
            self.tasks.in_order(lambda: show.reorder(order), on_error=self._on_error)

    def _order_hint(self) -> str:
        return self.tr("Drag a product, or press Ctrl+↑ / Ctrl+↓, to change the order")

    def _move_selected(self, to: int) -> None:
        """Move the selected product to row `to` (Ctrl+↑/↓, the menu): as a drag does, the
        catalog's order before the show, the show's queue during it. It stays selected."""
        row, count = self.list.currentRow(), self.list.count()
        if row < 0 or to == row or not 0 <= to < count:
            return
        item = self.list.takeItem(row)
        self.list.insertItem(to, item)
        self.list.setCurrentRow(to)
        self._on_rows_moved()

    def _order_menu(self) -> QMenu:
        """上移 / 下移 / 移到最前 for the selected product (the right-click menu)."""
        menu = QMenu(self.list)
        row, last = self.list.currentRow(), self.list.count() - 1
        for text, to in (
            (self.tr("Move up"), row - 1),
            (self.tr("Move down"), row + 1),
            (self.tr("Move to the top"), 0),
        ):
            action = menu.addAction(text)
            action.setEnabled(row >= 0 and to != row and 0 <= to <= last)
            action.triggered.connect(lambda _checked=False, to=to: self._move_selected(to))
        return menu

    def _show_order_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        self.list.setCurrentItem(item)
        self._order_menu().exec(self.list.viewport().mapToGlobal(pos))

    def _selected_item_id(self) -> int | None:
        item = self.list.currentItem()
        if item is None or self._queue() is None:
            return None
        value = item.data(KEY_ROLE)
        return value if isinstance(value, int) else None

    def _on_selection(self, *_args: object) -> None:
        queue = self._queue()
        item_id = self._selected_item_id()
        if queue is None:  # before the show: the sheet's own terms, shown (not changed)
            item = self.list.currentItem()
            by_key = {p.key: p for p in self.products}
            product = by_key.get(item.data(KEY_ROLE)) if item is not None else None
            if product is not None:
                self.price.setValue(product.live_price_fen / 100)
                self.stock.setValue(product.stock or 0)
                self.limit.setValue(product.limit_per_buyer or 0)
            self._update_buttons()
            return
        if item_id is None:
            return
        entry = queue.item(item_id)
        self.price.setValue(entry.live_price_fen / 100)
        self.stock.setValue(entry.release_stock or 0)
        self.limit.setValue(entry.limit_per_buyer or 0)
        self._update_buttons()

    def _apply_terms(self) -> None:
        show, item_id = self.attached_show, self._selected_item_id()
        if show is None or item_id is None:
            return
        price, stock, limit = (
            round(self.price.value() * 100),
            self.stock.value() or None,
            self.limit.value() or None,
        )
        self.tasks.in_order(
            lambda: show.set_terms(
                item_id, live_price_fen=price, release_stock=stock, limit_per_buyer=limit
            ),
            on_error=self._on_error,
        )

    def _update_buttons(self) -> None:
        live = self.attached_show is not None
        active = (
            live
            and self.attached_show is not None
            and self.attached_show.active_link_up is not None
        )
        self.next_button.setEnabled(live)
        chosen = live and self._selected_item_id() is not None
        for w in (self.apply_terms, self.price, self.stock, self.limit):
            w.setEnabled(chosen)
        self.terms_note.setVisible(not live and self.list.currentItem() is not None)
        self.link_button.setEnabled(live and not active)
        self.cancel_button.setEnabled(bool(active))
        listed = live and bool(self._listed_keys())
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
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                self._move_selected(self.list.currentRow() + step)
                return True
        return super().eventFilter(watched, event)

    def link_up(self) -> None:
        self.link_up_pressed.emit()
        show = self.attached_show
        if show is None:
            self.message.emit("warning", self.tr("Start a rehearsal or go live first"))
            return
        if show.active_link_up is not None:
            return
        item_id, current = self._selected_item_id(), show.queue.current
        if current is not None and item_id == current.item_id:
            # the row only follows the product being explained: link up the one explained
            # when this reaches the show (a "next" pressed just before goes first)
            item_id = None
        elif item_id is None and current is None:
            item_id = show.queue.next_up.item_id if show.queue.next_up else None
        self.link_button.setEnabled(False)
        self.tasks.in_order(
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
        if link.state in (LinkUpState.HELD, LinkUpState.COUNTING, LinkUpState.SENDING):
            self._countdown_timer.start()  # the host panel's digit ticks with this one too
        self._update_countdown()
        self._update_buttons()

    def _update_countdown(self, now: float | None = None) -> None:
        """The F9 area's countdown at `now` (the timer's tick: the clock), told on to the
        host panel with the same link and moment (`countdown_ticked`)."""
        show = self.attached_show
        link = show.link_ups[-1] if show is not None and show.link_ups else None
        if link is None:
            return
        now = time.time() if now is None else now
        self.countdown_ticked.emit(link, now)
        level = ""
        if link.state is LinkUpState.HELD:
            text, level = self.tr("Waiting for the stream…"), "wait"
        elif link.state is LinkUpState.COUNTING and link.zero_at is not None:
            digit = link.digit_at(now)
            text = str(digit) if digit else self.tr("Link up!")
        elif link.state is LinkUpState.SENDING:
            text = self.tr("Link up!")
        elif link.state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT) and link.assisted:
            # the studio clicked nothing on the platform: it cannot say 已上架
            text, level = self.tr("Click 讲解 in the console (the studio cannot confirm)"), "wait"
            self._countdown_timer.stop()
        elif link.state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT):
            # listed, and perhaps sold out in the first second (the card on stream says so)
            text, level = self.tr("Listed ✓"), "ok"
            self._countdown_timer.stop()
        elif link.state is LinkUpState.FAILED:
            text = self.tr("Not listed!")
            self._countdown_timer.stop()
        else:
            text = ""
            self._countdown_timer.stop()
        self.countdown_label.setText(text)
        set_state(self.countdown_label, "level", level)

    def _next(self) -> None:
        show = self.attached_show
        if show is not None:
            self.tasks.in_order(show.advance, on_error=self._on_error)

    def _cancel(self) -> None:
        show = self.attached_show
        if show is not None:
            self.tasks.in_order(show.cancel_link_up, on_error=self._on_error)

    def _take_down(self) -> None:
        show = self.attached_show
        if show is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Take down"), self.tr("Take the product off sale now?")
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.tasks.in_order(show.take_down, on_error=self._on_error)

    def _add_stock(self) -> None:
        show, quantity = self.attached_show, self.add_stock_spin.value()
        if show is not None:
            self.tasks.in_order(lambda: show.add_stock(quantity), on_error=self._on_error)
