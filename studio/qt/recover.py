"""After a crash, in the window: the show the studio was killed during, offered back at the
next launch (as an editor offers to recover an unsaved document).

At launch (and from Streaming › Unfinished show…) the journal is read off the GUI thread; when
it holds a show that never ended, `RecoverDialog` says which (title, when it started, what it
recorded) and offers 继续这场直播 (its queue, sales and link-ups come back; it goes on when
the host presses Start, in its own mode: every launch still starts in rehearsal), 结束它 (ended
in the journal, its report made and shown) or 以后再说. A link-up that was in flight when the
studio died, on a platform that cannot take it twice, is asked about first (`RepeatQuestion`);
the answer is what the resumed show does. Nothing recorded is removed whatever the host picks.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.app.recovery import Unfinished
from studio.app.show import Show
from studio.app.studio import Studio
from studio.core.messages import Message, render
from studio.core.rundown import LinkUp
from studio.qt.show_settings import load_show_settings
from studio.qt.widgets import Retranslating, ScreenBound

if TYPE_CHECKING:
    from pathlib import Path

    from studio.qt.main_window import MainWindow

CARRY_ON, END, LATER = "carry_on", "end", "later"


class RecoverDialog(ScreenBound, Retranslating, QDialog):
    """The unfinished show in words, and the host's three choices; `choice` after it closes
    (LATER when it is closed any other way)."""

    def __init__(self, unfinished: Unfinished, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unfinished = unfinished
        self.choice = LATER
        self.setObjectName("recoverDialog")
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.body = QLabel()
        self.in_flight = QLabel()
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        for label in (self.heading, self.body, self.in_flight, self.hint):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self.in_flight.setVisible(bool(unfinished.in_flight))
        buttons = QHBoxLayout()
        self.carry_on_button = QPushButton()
        self.end_button = QPushButton()
        self.later_button = QPushButton()
        self.carry_on_button.setDefault(True)
        for button, choice in (
            (self.carry_on_button, CARRY_ON),
            (self.end_button, END),
            (self.later_button, LATER),
        ):
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
        buttons.addStretch(1)
        buttons.addWidget(self.carry_on_button)
        buttons.addWidget(self.end_button)
        buttons.addWidget(self.later_button)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.retranslate()

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def retranslate(self) -> None:
        u = self.unfinished
        record = u.record
        self.setWindowTitle(self.tr("The last show did not end"))
        kind = self.tr("rehearsal") if u.rehearsal else self.tr("live show")
        heading = self.tr("The {kind} “{title}” did not end").format(kind=kind, title=record.title)
        if record.title.lower().startswith(kind.lower()):  # "彩排 12-05 20:00": said once
            heading = self.tr("“{title}” did not end").format(title=record.title)
        self.heading.setText(heading)
        self.body.setText(
            self.tr(
                "It started at {when} and was still running when the studio stopped "
                "unexpectedly. The journal kept {products} products, {links} link-ups and "
                "{orders} orders ({units} sold)."
            ).format(
                when=time.strftime("%Y-%m-%d %H:%M", time.localtime(record.started_at)),
                products=len(u.products),
                links=len(u.link_ups),
                orders=u.orders,
                units=u.units,
            )
        )
        lines = []
        for link in u.to_repeat:
            lines.append(
                self.tr(
                    "“{name}” was being linked up at that moment: its platform takes a repeat "
                    "as one, so it is sent again when the show goes on."
                ).format(name=link.product_name)
            )
        for link in u.to_ask:
            lines.append(
                self.tr(
                    "“{name}” was being linked up at that moment, and the platform may have "
                    "listed it: if you carry on, you decide whether it goes up again."
                ).format(name=link.product_name)
            )
        self.in_flight.setText("\n".join(lines))
        start = self.tr("Start rehearsal") if u.rehearsal else self.tr("Go live")
        self.hint.setText(
            self.tr(
                "Carry on: its products, sales and link-ups come back, and it goes on when you "
                "press “{start}”. End it: it is closed in the journal and its report is made. "
                "Nothing recorded is lost either way."
            ).format(start=start)
        )
        self.carry_on_button.setText(self.tr("Carry on with this show"))
        self.end_button.setText(self.tr("End it"))
        self.later_button.setText(self.tr("Decide later"))


class RepeatQuestion(Retranslating, QMessageBox):
    """Send an in-flight link-up again on a platform that may list it twice? `again` after
    it closes; Esc or the title bar's × is the safe answer: not again."""

    def __init__(self, link: LinkUp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.setIcon(QMessageBox.Icon.Question)
        self.again_button = self.addButton("", QMessageBox.ButtonRole.AcceptRole)
        self.leave_button = self.addButton("", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.leave_button)
        self.setEscapeButton(self.leave_button)
        self.retranslate()

    @property
    def again(self) -> bool:
        return self.clickedButton() is self.again_button

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Link it up again?"))
        self.setText(
            self.tr(
                "The studio stopped unexpectedly while “{name}” was being linked up; the "
                "platform may have listed it already."
            ).format(name=self.link.product_name)
        )
        self.setInformativeText(
            self.tr("This platform lists a link-up sent again a second time for the viewers.")
        )
        self.again_button.setText(self.tr("Link it up again"))
        self.leave_button.setText(self.tr("Don't (I'll look in the platform's console)"))


class Recovery(QObject):
    """The window's side of a crash: looks for the unfinished show, asks, and does what the
    host chose through the studio (off the GUI thread)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.studio: Studio = window.studio
        self.dialog: RecoverDialog | None = None
        self.question: RepeatQuestion | None = None
        self._answers: dict[int, bool] = {}
        self._announce_for: int | None = None  # the show carried on: say what it repeated
        self._said = ""  # … once the window's start has come back
        self.action = QAction(window)
        self.action.triggered.connect(lambda: self.check(asked=True))
        menu = window.streaming_menu
        separator = next((a for a in menu.actions() if a.isSeparator()), None)
        if separator is None:
            menu.addAction(self.action)
        else:
            menu.insertAction(separator, self.action)
        self.studio.show_ready.connect(window.tasks.to_gui(self._on_show_ready))
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(self.tr("Unfinished show…"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    # -- looking -----------------------------------------------------------------------------
    def check(self, asked: bool = False) -> None:
        """Read the journal off the GUI thread; ask the host if a show never ended. `asked`:
        the host asked (the menu), so "none" is said too."""
        if self.studio.live:
            if asked:
                self.window.show_message(
                    "info", self.tr("Stop the stream first: an unfinished show is looked at then")
                )
            return
        _settings, live_platform = load_show_settings(self.window.settings)
        self.window.tasks.run(
            lambda: Studio.unfinished(live_platform),
            on_done=lambda found: self._on_found(found, asked),
            on_error=lambda exc: self.window.show_message("error", str(exc)),
        )

    def _on_found(self, unfinished: Unfinished | None, asked: bool) -> None:
        if unfinished is None:
            if asked:
                self.window.show_message("info", self.tr("No show was left unfinished."))
            return
        if self.studio.live or (self.dialog is not None and self.dialog.isVisible()):
            return  # started meanwhile: the unfinished show stays for the next look
        dialog = RecoverDialog(unfinished, self.window)
        dialog.finished.connect(lambda _result: self._on_chosen(dialog))
        self.dialog = dialog
        dialog.open()

    def _on_chosen(self, dialog: RecoverDialog) -> None:
        unfinished = dialog.unfinished
        if dialog.choice == CARRY_ON:
            self._answers = {}
            self._ask(unfinished, list(unfinished.to_ask))
        elif dialog.choice == END:
            self._end(unfinished)
        else:
            self.window.show_message(
                "info",
                self.tr(
                    "“{title}” stays unfinished, with everything it recorded: Streaming › "
                    "Unfinished show… when you decide."
                ).format(title=unfinished.record.title),
            )

    # -- carrying on -------------------------------------------------------------------------
    def _ask(self, unfinished: Unfinished, left: list[LinkUp]) -> None:
        """One question per in-flight link-up the platform cannot take twice, in turn."""
        if not left:
            self._carry_on(unfinished)
            return
        link = left.pop(0)
        box = RepeatQuestion(link, self.window)

        def answered() -> None:
            self._answers[link.link_up_id] = box.again
            self._ask(unfinished, left)

        box.finished.connect(lambda _result: answered())
        self.question = box
        box.open()

    def _carry_on(self, unfinished: Unfinished) -> None:
        self.studio.carry_on(unfinished, self._answers)
        self.window.products.show_resumed(unfinished)
        self._announce_for = unfinished.record.id
        self.window.show_message("info", self.window.products.summary.text())

    def _on_show_ready(self, show: Show) -> None:
        """The carried-on show runs: say what became of each link-up that was in flight."""
        if self._announce_for is None or show.show_id != self._announce_for:
            return
        self._announce_for = None
        safe = show.platform.repeat_safe
        lines = []
        for link in show.link_ups:
            if link.after_crash == "repeated":
                code = "linkup.repeated_after_crash" if safe else "linkup.repeated_as_asked"
            elif link.after_crash == "not_repeated":
                code = "linkup.not_repeated_as_asked"
            else:
                continue
            lines.append(render(Message(code, {"name": link.product_name})))
        resumed = render(Message("show.resumed", {"title": show.settings.title}))
        self._said = "\n".join([resumed, *lines])

    def after_start(self) -> None:
        """The window's start came back: say it now (the start's own word would cover it)."""
        if self._said:
            said, self._said = self._said, ""
            self.window.show_message("info", said)

    # -- ending ------------------------------------------------------------------------------
    def _end(self, unfinished: Unfinished) -> None:
        title, show_id = unfinished.record.title, unfinished.record.id
        self.window.status.showMessage(self.tr("Ending “{title}”…").format(title=title))

        def ended(page: Path) -> None:
            products = self.window.products
            if products.resumed is not None and products.resumed.record.id == show_id:
                products.clear_resumed()
            self.window.last_report = page
            self.window.report_panel.show_report(page)
            self.window.show_message(
                "info",
                self.tr("“{title}” is ended; its report is under the picture.").format(title=title),
            )

        language = "en" if self.window.settings.value("language") == "en" else "zh"
        self.window.tasks.run(
            lambda: self.studio.end_unfinished(show_id, language),
            on_done=ended,
            on_error=lambda exc: self.window.show_message("error", str(exc)),
        )
