"""The one question before the first real go-live: where do this show's product links go up?

Asked once, when the host first goes live (never for a rehearsal) and has not chosen yet: a
plain rtmp:// address says nothing of the platform that sells, and the studio must not guess
a console's words (巨量百应, 讲解) for a platform the host is not on. Each choice says in a
sentence what the studio does there: list the product itself at zero through the platform's
API, or count down and remind the host to click in the platform's own console. A push
address that plainly belongs to one platform (a Douyin or Kuaishou ingest host) preselects
it, and the host still confirms. The answer is remembered (the link-up settings' platform)
and shown on the window's "直播时上链接" line; cancelling cancels the go-live.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studio.app.platforms import link_up_choice, link_up_choices, push_platform
from studio.core.destination import recognise_platform
from studio.qt.show_settings import (
    ShowSettingsDialog,
    platform_detail,
    platform_label,
    platform_name,
    platform_specs,
)
from studio.qt.tasks import TaskRunner
from studio.qt.widgets import Retranslating


def guess_platform(push_urls: Iterable[str]) -> str | None:
    """The choice of `platform_specs()` the push addresses plainly point to (a Douyin ingest
    host, a WeChat room's fetched address); None when none does or they point to different
    ones."""
    by_ingest = {key: c.spec for c in link_up_choices() for key in c.ingest}
    guesses = set()
    for url in push_urls:
        text = url.strip().lower()
        maker = push_platform(text)
        if maker is not None:
            guess = (maker.push.choice if maker.push is not None else "") or None
        else:
            guess = by_ingest.get(recognise_platform(text).key)
        if guess is not None:
            guesses.add(guess)
    return guesses.pop() if len(guesses) == 1 else None


class PlatformQuestion(Retranslating, QDialog):
    """Where the product links go up when live: one choice of `platform_specs()`, each with
    what the studio does there. `chosen()` is the answer once accepted."""

    def __init__(self, guess: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("platformQuestion")
        self.specs = platform_specs()
        self.guess = guess if guess in self.specs else None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        self.details: dict[str, QLabel] = {}
        # the choices scroll when they are taller than the screen leaves room for (a 768-px
        # laptop): Go live and Cancel stay on screen
        self.choice_list = QWidget()
        choices = QVBoxLayout(self.choice_list)
        choices.setContentsMargins(0, 0, 0, 0)
        self.choice_scroll = QScrollArea()
        self.choice_scroll.setWidgetResizable(True)
        self.choice_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.choice_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.choice_scroll.setWidget(self.choice_list)
        layout.addWidget(self.choice_scroll)
        for spec in self.specs:
            button = QRadioButton()
            detail = QLabel()
            detail.setObjectName("muted")
            detail.setWordWrap(True)
            detail.setIndent(24)  # under its button's text, not under the circle
            detail.setBuddy(button)
            self.group.addButton(button)
            self.choices[spec], self.details[spec] = button, detail
            choices.addWidget(button)
            choices.addWidget(detail)
        self.guess_note = QLabel()
        self.guess_note.setWordWrap(True)
        self.guess_note.setVisible(self.guess is not None)
        layout.addWidget(self.guess_note)
        self.buttons = QDialogButtonBox()
        self.go_button = QPushButton()
        self.buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.guess is not None:
            self.choices[self.guess].setChecked(True)
            self.choices[self.guess].setFocus()
        self.group.buttonToggled.connect(lambda *_a: self._update())
        self.setMinimumWidth(520)
        self.retranslate()
        self._update()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # the wrapped sentences, once styled, may want more lines than the first size gave
        # them (a theme's font, Chinese): every line of every choice is shown, none cut off
        inner = self.choice_list.heightForWidth(self.choice_scroll.viewport().width())
        screen = self.screen().availableGeometry().height() if self.screen() else 10_000
        others = self.height() - self.choice_scroll.height()
        self.choice_scroll.setMinimumHeight(max(120, min(inner, int(screen * 0.9) - others)))
        height = max(self.heightForWidth(self.width()), self.minimumSizeHint().height())
        if height > self.height():
            self.resize(self.width(), height)

    def chosen(self) -> str | None:
        """The choice ticked, if any (nothing is ticked for the host)."""
        return next((spec for spec, b in self.choices.items() if b.isChecked()), None)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Where do the product links go up?"))
        self.heading.setText(
            self.tr(
                "Before your first live show: on which platform do your products go up for "
                "sale at 0? You are asked once; change it any time on the line “Live "
                "link-ups” under the picture."
            )
        )
        for spec in self.specs:
            self.choices[spec].setText(platform_label(spec))
            self.details[spec].setText(platform_detail(spec))
        if self.guess is not None:
            self.guess_note.setText(
                self.tr(
                    "Your push address looks like {platform}'s, so it is ticked: check it "
                    "before you go live."
                ).format(platform=platform_name(self.guess))
            )
        self._update()

    def _update(self) -> None:
        spec = self.chosen()
        self.go_button.setEnabled(spec is not None)  # never a platform the host did not pick
        self.go_button.setText(self.tr("Next…") if _needs_setup(spec) else self.tr("Go live"))


def ask_platform(
    parent: QWidget,
    store: QSettings,
    tasks: TaskRunner,
    guess: str | None,
    on_chosen: Callable[[], object],
    on_cancelled: Callable[[], object],
) -> PlatformQuestion:
    """Open the question (window-modal, not blocking). An answer is remembered, then
    `on_chosen()` runs; a choice that needs more (WeChat, a shop server) opens the link-up
    settings on it first and counts once they are saved. Cancelled anywhere: `on_cancelled()`,
    nothing remembered."""
    question = PlatformQuestion(guess, parent)

    def answered(result: int) -> None:
        spec = question.chosen()
        if result != QDialog.DialogCode.Accepted or spec is None:
            on_cancelled()
            return
        if _needs_setup(spec):
            settings = ShowSettingsDialog(store, tasks, parent, platform=spec)
            settings.accepted.connect(on_chosen)
            settings.rejected.connect(on_cancelled)
            settings.setModal(True)
            settings.show()
            return
        store.setValue("show/platform", spec)
        store.sync()
        on_chosen()

    question.finished.connect(answered)
    question.setModal(True)
    question.show()
    return question


def _needs_setup(spec: str | None) -> bool:
    """A choice that needs more than a click (a room and the mini-program's keys, a server
    and its token): the link-up settings open on it before the stream starts."""
    choice = link_up_choice(spec) if spec is not None else None
    return choice is not None and choice.needs_setup
