"""Push destinations: paste what the platform gives, keep the key in the keyring, test it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio import credentials
from studio.app.destinations import (
    DestinationStore,
    SavedDestination,
    check_publish,
    keyring_available,
    platform_advice,
)
from studio.app.errors import ConfigError
from studio.core.destination import Destination, DestinationError, recognise_platform
from studio.qt.tasks import TaskRunner
from studio.qt.widgets import quality_label

ID_ROLE = Qt.ItemDataRole.UserRole


class DestinationsDialog(QDialog):
    """Add, edit, remove and test the places the stream is pushed to."""

    use_recommended = Signal(str, bool)  # (quality, portrait) for the main window

    def __init__(
        self, store: DestinationStore, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.setWindowTitle(self.tr("Push destinations"))
        self.keyring_ok = keyring_available()
        layout = QHBoxLayout(self)

        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._load_selected)
        self.list.itemClicked.connect(self._load_selected)  # the selected one, clicked again
        self.list.itemChanged.connect(self._on_check)
        left.addWidget(self.list, 1)
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.clicked.connect(self._new)
        left.addWidget(self.new_button)
        layout.addLayout(left, 1)

        right = QVBoxLayout()
        form = QFormLayout()
        self.name = QLineEdit()
        self.url = QLineEdit()
        self.url.setPlaceholderText(self.tr("rtmp://… as the platform's console shows it"))
        self.url.textChanged.connect(self._on_url)
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("stream key (推流码), if given separately"))
        self.platform = QLabel("")
        self.platform.setWordWrap(True)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Push URL"), self.url)
        form.addRow(self.tr("Stream key"), self.key)
        form.addRow(self.tr("Platform"), self.platform)
        self.recommended_button = QPushButton(self.tr("Use the recommended picture settings"))
        self.recommended_button.setEnabled(False)
        self.recommended_button.clicked.connect(self._use_recommended)
        form.addRow("", self.recommended_button)
        right.addLayout(form)
        self.ask_key = QCheckBox(self.tr("Type the key each time I go live"))
        self.keyring_note = QLabel(
            self.tr(
                "This computer has no system keyring, so keys cannot be saved. "
                "Tick the box above to type the key each time you go live."
            )
        )
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setStyleSheet("color:#c00")
        self.ask_key.setVisible(not self.keyring_ok)
        self.ask_key.setChecked(not self.keyring_ok)
        self.keyring_note.setVisible(not self.keyring_ok)
        right.addWidget(self.ask_key)
        right.addWidget(self.keyring_note)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(self.tr("Test"))
        self.test_button.clicked.connect(self.test)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove)
        for b in (self.save_button, self.test_button, self.remove_button):
            buttons.addWidget(b)
        right.addLayout(buttons)
        # Enter saves what was typed; it never presses New (which would clear a pasted URL)
        for b in (self.new_button, self.test_button, self.remove_button, self.recommended_button):
            b.setAutoDefault(False)
            b.setDefault(False)
        self.save_button.setAutoDefault(True)
        self.save_button.setDefault(True)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        right.addWidget(self.result)
        right.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        right.addWidget(close)
        layout.addLayout(right, 2)
        self._editing: str | None = None
        self.resize(760, 420)
        self._reload()

    def _reload(self, select: str | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for saved in self.store.all():
            platform = recognise_platform(saved.server_url)
            item = QListWidgetItem(f"{saved.name} — {platform.name_zh} {platform.name_en}")
            item.setData(ID_ROLE, saved.dest_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if saved.enabled else Qt.CheckState.Unchecked)
            self.list.addItem(item)
            if saved.dest_id == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def _saved(self, dest_id: str | None) -> SavedDestination | None:
        return next((d for d in self.store.all() if d.dest_id == dest_id), None)

    def _load_selected(self, *_args: object) -> None:
        item = self.list.currentItem()
        saved = self._saved(item.data(ID_ROLE) if item else None)
        if saved is None:
            return
        self._editing = saved.dest_id
        self.name.setText(saved.name)
        self.url.setText(saved.server_url)
        self.key.clear()
        self.key.setPlaceholderText(
            self.tr("saved in the system keyring (type to replace)")
            if self.store.has_key(saved)
            else self.tr("stream key (推流码)")
        )
        self.ask_key.setChecked(saved.ask_key)
        self.result.clear()

    def _on_check(self, item: QListWidgetItem) -> None:
        saved = self._saved(item.data(ID_ROLE))
        if saved is not None:
            enabled = item.checkState() == Qt.CheckState.Checked
            self.store.save(
                saved.name,
                saved.server_url,
                dest_id=saved.dest_id,
                ask_key=saved.ask_key,
                enabled=enabled,
            )

    def _new(self) -> None:
        self._editing = None
        self.list.clearSelection()
        for field in (self.name, self.url, self.key):
            field.clear()
        self.key.setPlaceholderText(self.tr("stream key (推流码), if given separately"))
        self.result.clear()
        self.name.setFocus()

    def _on_url(self, text: str) -> None:
        self.platform.setText(self._advice(text) if text.strip() else "")
        self.recommended_button.setEnabled(bool(text.strip()))

    def _advice(self, url: str) -> str:
        a = platform_advice(url)
        quality = quality_label(a.quality)
        shape = self.tr("portrait") if a.portrait else self.tr("landscape")
        return self.tr(
            "{platform}: {quality} {shape} {w}x{h}, up to {kbps} kbps, a keyframe every {k} s"
        ).format(
            platform=a.name,
            quality=quality,
            shape=shape,
            w=a.width,
            h=a.height,
            kbps=a.max_kbps,
            k=f"{a.keyframe_s:g}",
        )

    def _use_recommended(self) -> None:
        if self.url.text().strip():
            advice = platform_advice(self.url.text())
            self.use_recommended.emit(advice.quality, advice.portrait)
            self.result.setText(self.tr("The picture settings now follow the platform."))

    def save(self) -> SavedDestination | None:
        try:
            saved = self.store.save(
                self.name.text(),
                self.url.text(),
                self.key.text(),
                dest_id=self._editing,
                ask_key=self.ask_key.isChecked(),
            )
        except (ConfigError, credentials.CredentialError) as exc:
            self.result.setText(str(exc))
            return None
        self._editing = saved.dest_id
        self._reload(select=saved.dest_id)
        self._load_selected()  # the form now shows what was saved (the key as "in the keyring")
        self.result.setText(
            self.tr("Saved. The key is kept in the system keyring.")
            if not saved.ask_key
            else self.tr("Saved without the key.")
        )
        return saved

    def remove(self) -> None:
        if self._editing is not None:
            self.store.remove(self._editing)
            self._new()
            self._reload()

    def test(self) -> None:
        """Publish once to what the form says, without saving it (Save saves)."""
        saved = self._saved(self._editing)
        typed = self.key.text().strip()
        try:
            if saved is not None and not typed and self.url.text().strip() == saved.server_url:
                destination = self.store.resolve(saved)  # the saved one, its key from the keyring
            else:
                destination = Destination.parse(self.url.text(), typed or None, self.name.text())
        except (ConfigError, DestinationError, credentials.CredentialError) as exc:
            self.result.setText(str(exc))
            return
        self.test_button.setEnabled(False)
        self.result.setText(self.tr("Testing…"))
        self.tasks.run(
            lambda: check_publish(destination), on_done=self._tested, on_error=self._test_failed
        )

    def _tested(self, message: str) -> None:
        self.test_button.setEnabled(True)
        self.result.setText("✓ " + message)

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.result.setText("✗ " + str(exc))
