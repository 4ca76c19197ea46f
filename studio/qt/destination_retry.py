"""A destination refused for good, mid-show: say why, and one click tries it again.

OBS's output handler reconnects on its own; what it cannot fix (a wrong or expired stream
key, a room the platform closed) comes here. One box per destination, not modal: the
stream, the recording and the other destinations go on while it waits. "Enter a new stream
key…" retries with the pasted key and keeps it in the keyring for the next show.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QStatusBar,
    QWidget,
)

from studio.app.destinations import DestinationStore
from studio.app.errors import ConfigError
from studio.app.platforms import CredentialError
from studio.app.studio import Studio
from studio.core.state import OutputState, OutputStatus
from studio.qt.tasks import TaskRunner


class RetryBox(QMessageBox):
    """The question for one refused destination, with its two answers."""

    def __init__(self, new_key: str, retry: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setModal(False)
        self.new_key_button = self.addButton(new_key, QMessageBox.ButtonRole.ActionRole)
        self.retry_button = self.addButton(retry, QMessageBox.ButtonRole.AcceptRole)
        self.addButton(QMessageBox.StandardButton.Close)


class DestinationRetry(QObject):
    """The refused destinations of the running stream, each with its open question
    (`boxes`, by output name); `say(level, text)` is the window's message."""

    def __init__(
        self,
        studio: Studio,
        tasks: TaskRunner,
        destinations: DestinationStore,
        say: Callable[[str, str], None],
        status: QStatusBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.studio, self.tasks, self.destinations, self.say = studio, tasks, destinations, say
        self.status, self.window = status, parent
        self.boxes: dict[str, RetryBox] = {}

    def on_output_status(self, status: OutputStatus) -> None:
        if status.state is OutputState.FAILED and self._is_push(status.output):
            self._offer(status)
        elif status.state is OutputState.LIVE and status.output in self.boxes:
            self.boxes.pop(status.output).close()  # back on air: nothing to ask

    def _is_push(self, name: str) -> bool:
        session = self.studio.session
        pushed = session.config.destinations if session is not None else []
        return any(d.name == name or d.host == name for d in pushed)

    def _offer(self, status: OutputStatus) -> None:
        """Say why, and one click tries again (with a new key if the host pastes one)."""
        name = status.output
        box = self.boxes.get(name)
        if box is None:
            box = RetryBox(self.tr("Enter a new stream key…"), self.tr("Try again"), self.window)
            box.buttonClicked.connect(lambda button, n=name, b=box: self._on_clicked(n, b, button))
            self.boxes[name] = box
        box.setWindowTitle(self.tr("{name} is not receiving the stream").format(name=name))
        box.setText(
            self.tr("{name}: {why}\n\nThe stream and the recording go on.").format(
                name=name, why=status.reason
            )
        )
        box.show()

    def _on_clicked(self, name: str, box: RetryBox, button: QAbstractButton) -> None:
        key = ""
        if button is box.new_key_button:
            key, ok = QInputDialog.getText(
                self.window,
                self.tr("Stream key"),
                self.tr("New stream key for {name}:").format(name=name),
                QLineEdit.EchoMode.Password,
            )
            if not ok or not key.strip():
                box.show()
                return
            self._keep_new_key(name, key.strip())
        elif button is not box.retry_button:
            return  # closed: the host will decide later (the status bar keeps saying it)
        self.boxes.pop(name, None)
        studio = self.studio
        self.tasks.run(
            lambda: studio.retry_destination(name, key),
            on_error=lambda exc: self.say("error", str(exc)),
        )
        self.status.showMessage(self.tr("Trying {name} again…").format(name=name), 5000)

    def _keep_new_key(self, name: str, key: str) -> None:
        """The saved destination keeps the new key for the next show (in the keyring)."""
        saved = next((d for d in self.destinations.all() if d.name == name), None)
        if saved is None or saved.ask_key:
            return
        store = self.destinations

        def keep() -> None:  # a keyring may be slow (or ask for a password): not on this thread
            store.save(
                saved.name, saved.server_url, key, dest_id=saved.dest_id, enabled=saved.enabled
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ConfigError | CredentialError):
                self.say("warning", str(exc))
            else:
                self.say("error", type(exc).__name__)

        self.tasks.run(keep, on_error=failed)
