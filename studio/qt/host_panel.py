"""Host aids, on the host's screen only: the teleprompter, the countdown, the comments feed."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.app.platforms import find, link_up_choice
from studio.app.show import PlatformEvent, Show
from studio.core.rundown import LinkUp, LinkUpState
from studio.qt.tasks import TaskRunner
from studio.qt.theme import icon_button, set_state
from studio.qt.widgets import Retranslating

MAX_COMMENTS = 300
USER_ROLE = Qt.ItemDataRole.UserRole


class HostPanel(Retranslating, QWidget):
    """What the host reads while talking; nothing here goes on stream unless pinned."""

    message = Signal(str, str)

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.attached_show: Show | None = None
        layout = QVBoxLayout(self)
        self.product = QLabel()
        self.product.setObjectName("hostProduct")
        self.product.setWordWrap(True)
        self.spec = QLabel("")  # 规格 ("5斤装"): what one unit is, said with the price
        self.spec.setObjectName("pitch")
        self.spec.setWordWrap(True)
        self.spec.setVisible(False)
        self.pitch = QLabel("")
        self.pitch.setObjectName("pitch")
        self.pitch.setWordWrap(True)
        self.pitch.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.countdown = QLabel("")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setObjectName("bigCountdown")
        self.countdown.setWordWrap(True)
        self.countdown.setFixedHeight(96)  # the list below keeps its place while counting
        for label in (self.product, self.spec, self.pitch, self.countdown):
            # long words wrap or are cut inside the panel; they never widen the window
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(1)
        layout.addWidget(self.product)
        layout.addWidget(self.spec)
        layout.addWidget(self.pitch, 1)
        layout.addWidget(self.countdown)
        self.comments_title = QLabel()
        self.comments_title.setObjectName("muted")
        layout.addWidget(self.comments_title)
        self.comments_note = QLabel("")
        self.comments_note.setObjectName("muted")
        self.comments_note.setWordWrap(True)
        self.comments_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.comments_note)
        self.comments = QListWidget()
        self.comments.setWordWrap(True)
        layout.addWidget(self.comments, 1)
        self._sources: tuple[str, list[str]] = ("", [])
        self.pin_button = icon_button("pin-outline")
        self.pin_button.clicked.connect(self.pin_selected)
        layout.addWidget(self.pin_button)
        self._pending: list[tuple[str, str]] = []  # comments waiting while the list is held
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.retranslate()

    def set_sources(self, platform: str, feeds: list[str]) -> None:
        """Say where the comments come from, and where none can come from (Douyin's and
        Kuaishou's comment APIs are only for approved interactive apps)."""
        self._sources = (platform, list(feeds))
        self._update_note()

    def _update_note(self) -> None:
        platform, feeds = self._sources
        shown = [_feed_name(f) for f in feeds]
        choice = link_up_choice(platform)
        parts = []
        if shown:
            parts.append(self.tr("Comments from: {names}").format(names=", ".join(shown)))
        if choice is not None and choice.comments_closed is not None:
            parts.append(str(choice.comments_closed))
        self.comments_note.setText(" ".join(parts))
        self.comments_note.setVisible(bool(parts))

    def retranslate(self) -> None:
        self.comments_title.setText(self.tr("Comments"))
        self._update_note()
        self.pin_button.setText(self.tr("Show on stream"))
        self.pin_button.setToolTip(self.tr("Show the selected comment on stream"))
        self._update_product()

    def attach(self, show: Show) -> None:
        self.attached_show = show
        show.queue_changed.connect(self.tasks.to_gui(lambda _q: self._update_product()))
        show.platform_event.connect(self.tasks.to_gui(self._on_event))
        self.comments.clear()
        self._pending.clear()
        self._update_product()

    def detach(self) -> None:
        self.attached_show = None
        self.countdown.setText("")

    def _update_product(self) -> None:
        show = self.attached_show
        current = show.queue.current if show is not None else None
        if current is None:
            self.product.setText(self.tr("No product yet"))
            self.spec.setVisible(False)
            self.pitch.setText("")
            return
        self.product.setText(current.product.name)
        spec = current.product.spec
        self.spec.setText(self.tr("Spec: {spec}").format(spec=spec) if spec else "")
        self.spec.setVisible(bool(spec))
        self.pitch.setText(current.product.pitch or self.tr("(no selling points in the sheet)"))

    def _on_event(self, event: PlatformEvent) -> None:
        if event.type != "comment":
            return
        self._pending.append((event.user, event.text))
        if not self._held():
            self._flush_comments()

    def _held(self) -> bool:
        """The host is choosing a comment (one is selected, or the pointer is on the list):
        the list must not move under the cursor, so new comments wait."""
        return self.comments.currentRow() >= 0 or self.comments.underMouse()

    def _flush_comments(self) -> None:
        if not self._pending:
            return
        for user, text in self._pending:
            item = QListWidgetItem(f"{user}：{text}")
            item.setData(USER_ROLE, (user, text))
            self.comments.addItem(item)
        self._pending.clear()
        while self.comments.count() > MAX_COMMENTS:
            self.comments.takeItem(0)
        self.comments.scrollToBottom()

    def pin_selected(self) -> None:
        item, show = self.comments.currentItem(), self.attached_show
        if item is None or show is None:
            self.message.emit("warning", self.tr("Pick a comment first"))
            return
        user, text = item.data(USER_ROLE)  # exactly the one the host picked
        self.tasks.in_order(
            lambda: show.pin_comment(user, text),
            on_error=lambda exc: self.message.emit("error", str(exc)),
        )
        self.comments.setCurrentRow(-1)  # done choosing: the feed moves on
        self.comments.clearSelection()

    def _tick(self) -> None:
        if self._pending and not self._held():
            self._flush_comments()
        show = self.attached_show
        link = show.link_ups[-1] if show is not None and show.link_ups else None
        if link is not None and link.state is LinkUpState.COUNTING:
            return  # the digit ticks with the F9 area's countdown: see follow_countdown
        self.follow_countdown(link, time.time())

    def follow_countdown(self, link: LinkUp | None, now: float) -> None:
        """The big countdown for `link` at `now`. While counting it is drawn only on the
        product panel's tick (`countdown_ticked`), with the link and moment that panel's
        digit is drawn from: the two never show different digits, even for a moment."""
        if link is None:
            self.countdown.setText("")
        elif link.state is LinkUpState.COUNTING and link.zero_at is not None:
            digit = link.digit_at(now)
            self.countdown.setText(str(digit) if digit else self.tr("Link up!"))
        elif link.state is LinkUpState.SENDING or (
            link.acked_at is not None
            and now - link.acked_at < 3
            and link.state is LinkUpState.LISTED
        ):
            self.countdown.setText(self.tr("Link up!"))
        else:
            self.countdown.setText("")
        text = self.countdown.text()
        set_state(self.countdown, "kind", "digit" if text.isdigit() else "word")


def _feed_name(spec: str) -> str:
    """A comment feed by its platform's name, in the window's language."""
    platform = find(spec)
    return str(platform.title) if platform is not None else spec
