"""Push destinations: paste what the platform gives, keep the key in the keyring, test it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
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

from studio.app.destinations import (
    DestinationStore,
    SavedDestination,
    check_publish,
    keyring_available,
    platform_advice,
)
from studio.app.errors import ConfigError
from studio.app.platforms import CredentialError
from studio.app.pushurls import is_generated
from studio.core.destination import Destination, recognise_platform
from studio.core.messages import Message, current_language, render
from studio.qt.tasks import TaskRunner
from studio.qt.theme import icon_button
from studio.qt.widgets import Retranslating, ScreenBound, quality_label

ID_ROLE = Qt.ItemDataRole.UserRole


class DestinationsDialog(ScreenBound, Retranslating, QDialog):
    """Add, edit, remove and test the places the stream is pushed to."""

    use_recommended = Signal(str, bool)  # (quality, portrait) for the main window

    def __init__(
        self, store: DestinationStore, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        # The keyring is asked on a worker, never on this thread (a Secret Service may be slow
        # to answer or ask for its password): keys can be kept until it says otherwise.
        self.keyring_ok = True
        self.keyring_checked = False
        layout = QHBoxLayout(self)

        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setWordWrap(True)  # a long name wraps; the entry is never cut off
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setMinimumWidth(220)
        self.list.currentItemChanged.connect(self._load_selected)
        self.list.itemClicked.connect(self._load_selected)  # the selected one, clicked again
        self.list.itemChanged.connect(self._on_check)
        left.addWidget(self.list, 1)
        self.new_button = icon_button("plus")
        self.new_button.clicked.connect(self._new)
        left.addWidget(self.new_button)
        layout.addLayout(left, 1)

        right = QVBoxLayout()
        form = QFormLayout()
        self.name = QLineEdit()
        self.url = QLineEdit()
        self.url.textChanged.connect(self._on_url)
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.platform = QLabel("")
        self.platform.setWordWrap(True)
        self.form_labels = [QLabel() for _ in range(4)]
        for label, field in zip(
            self.form_labels, (self.name, self.url, self.key, self.platform), strict=True
        ):
            form.addRow(label, field)
        self.recommended_button = QPushButton()
        self.recommended_button.setEnabled(False)
        self.recommended_button.clicked.connect(self._use_recommended)
        form.addRow("", self.recommended_button)
        right.addLayout(form)
        self.ask_key = QCheckBox()
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setObjectName("warning")
        self.ask_key.setVisible(not self.keyring_ok)
        self.ask_key.setChecked(not self.keyring_ok)
        self.keyring_note.setVisible(not self.keyring_ok)
        right.addWidget(self.ask_key)
        right.addWidget(self.keyring_note)
        buttons = QHBoxLayout()
        self.save_button = icon_button("content-save-outline")
        self.save_button.clicked.connect(self.save)
        self.test_button = icon_button("lan-connect")
        self.test_button.clicked.connect(self.test)
        self.remove_button = icon_button("delete-outline")
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
        self.test_result = QLabel("")
        self.test_result.setWordWrap(True)
        right.addWidget(self.test_result)
        right.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        right.addWidget(close)
        layout.addLayout(right, 2)
        self._editing: str | None = None
        self.saving = False
        self.resize(800, 440)
        self.retranslate()
        self._reload()
        self.tasks.run(keyring_available, on_done=self._on_keyring_checked)

    def _on_keyring_checked(self, ok: bool) -> None:
        self.keyring_ok, self.keyring_checked = ok, True
        self.ask_key.setVisible(not ok)
        if not ok:
            self.ask_key.setChecked(True)
        self.keyring_note.setVisible(not ok)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)  # the words (Retranslating)
        if event.type() == QEvent.Type.LanguageChange:
            self._reload(select=self._editing)  # the entries name the platform in words

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Push destinations"))
        self.new_button.setText(self.tr("New"))
        self.url.setPlaceholderText(self.tr("rtmp://… as the platform's console shows it"))
        for label, text in zip(
            self.form_labels,
            (self.tr("Name"), self.tr("Push URL"), self.tr("Stream key"), self.tr("Platform")),
            strict=True,
        ):
            label.setText(text)
        self.recommended_button.setText(self.tr("Use the recommended picture settings"))
        self.ask_key.setText(self.tr("Type the key each time I go live"))
        self.keyring_note.setText(
            self.tr(
                "This computer has no system keyring, so keys cannot be saved. "
                "Tick the box above to type the key each time you go live."
            )
        )
        self.save_button.setText(self.tr("Save"))
        self.test_button.setText(self.tr("Test"))
        self.remove_button.setText(self.tr("Remove"))
        self._update_key_placeholder()
        self._on_url(self.url.text())

    def _reload(self, select: str | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for saved in self.store.all():
            platform = recognise_platform(saved.server_url)
            where = platform.name_zh if current_language() == "zh" else platform.name_en
            item = QListWidgetItem(f"{saved.name}\n{where}")
            item.setToolTip(f"{saved.name} — {where}")
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
        self.ask_key.setChecked(saved.ask_key)
        self._update_key_placeholder()
        self.test_result.clear()

    def _update_key_placeholder(self) -> None:
        saved = self._saved(self._editing)
        if saved is None:
            self.key.setPlaceholderText(self.tr("stream key (推流码), if given separately"))
            return
        self.key.setPlaceholderText(self.tr("stream key (推流码)"))
        store = self.store

        def said(has_key: bool) -> None:  # still the entry on the form, and no signing key
            if has_key and self._editing == saved.dest_id and not is_generated(self.url.text()):
                self.key.setPlaceholderText(
                    self.tr("saved in the system keyring (type to replace)")
                )

        self.tasks.run(lambda: store.has_key(saved), on_done=said)  # a keyring read

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
        self._update_key_placeholder()
        self.test_result.clear()
        self.name.setFocus()

    def _on_url(self, text: str) -> None:
        self.platform.setText(self._advice(text) if text.strip() else "")
        self.recommended_button.setEnabled(bool(text.strip()))
        if is_generated(text):  # tencent:/volc:DOMAIN/APP/STREAM: the key signs, it is no 推流码
            self.key.setPlaceholderText(
                self.tr("the push domain's authentication KEY (鉴权 KEY), kept in the keyring")
            )
        else:
            self._update_key_placeholder()

    def _advice(self, url: str) -> str:
        a = platform_advice(url)
        info = recognise_platform(url)
        name = info.name_zh if current_language() == "zh" else info.name_en
        quality = quality_label(a.quality)
        shape = self.tr("portrait") if a.portrait else self.tr("landscape")
        text = self.tr(
            "{platform}: {quality} {shape} {w}x{h}, up to {kbps} kbps, a keyframe every {k} s"
        ).format(
            platform=name,
            quality=quality,
            shape=shape,
            w=a.width,
            h=a.height,
            kbps=a.max_kbps,
            k=f"{a.keyframe_s:g}",
        )
        if not a.source:
            return text + " " + self.tr("(the platform publishes no figures: our defaults)")
        words = {
            "canvas": self.tr("picture size"),
            "bitrate": self.tr("bitrate"),
            "keyframe": self.tr("keyframe interval"),
        }
        text += " " + self.tr("(source: {page})").format(page=a.source)
        if a.unpublished:
            missing = ", ".join(words[f] for f in a.unpublished)
            text += " " + self.tr("Not published there: {figures}.").format(figures=missing)
        return text

    def _use_recommended(self) -> None:
        if self.url.text().strip():
            advice = platform_advice(self.url.text())
            self.use_recommended.emit(advice.quality, advice.portrait)
            self.test_result.setText(self.tr("The picture settings now follow the platform."))

    def save(self) -> None:
        """Saved on a worker (the key goes to the keyring); the form follows when it is."""
        store, name, url, key = self.store, self.name.text(), self.url.text(), self.key.text()
        dest_id, ask_key = self._editing, self.ask_key.isChecked()
        self._set_saving(True)
        self.test_result.setText(self.tr("Saving…"))

        def failed(exc: BaseException) -> None:
            self._set_saving(False)
            if isinstance(exc, ConfigError | CredentialError):
                self.test_result.setText(str(exc))
            else:
                self.test_result.setText(type(exc).__name__)

        self.tasks.run(
            lambda: store.save(name, url, key, dest_id=dest_id, ask_key=ask_key),
            on_done=self._on_saved,
            on_error=failed,
        )

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        for b in (self.save_button, self.remove_button, self.test_button):
            b.setEnabled(not saving)

    def _on_saved(self, saved: SavedDestination) -> None:
        self._set_saving(False)
        self._editing = saved.dest_id
        self._reload(select=saved.dest_id)
        self._load_selected()  # the form now shows what was saved (the key as "in the keyring")
        self.test_result.setText(
            self.tr("Saved. The key is kept in the system keyring.")
            if not saved.ask_key
            else self.tr("Saved without the key.")
        )

    def remove(self) -> None:
        if self._editing is not None:
            store, dest_id = self.store, self._editing
            self._set_saving(True)

            def removed(_result: object) -> None:
                self._set_saving(False)
                self._new()
                self._reload()

            def failed(exc: BaseException) -> None:
                self._set_saving(False)
                self.test_result.setText(str(exc))

            self.tasks.run(lambda: store.remove(dest_id), on_done=removed, on_error=failed)

    def test(self) -> None:
        """Publish once to what the form says, without saving it (Save saves)."""
        saved = self._saved(self._editing)
        typed = self.key.text().strip()
        unsaved = saved is None or self.url.text().strip() != saved.server_url or typed
        if is_generated(self.url.text()) and unsaved:
            self.test_result.setText(
                self.tr("Save it first: a push URL made at each go-live is tested as saved.")
            )
            return
        store, url, name = self.store, self.url.text(), self.name.text()

        def publish() -> Message:
            if saved is not None and not typed and url.strip() == saved.server_url:
                destination = store.resolve(saved)  # the saved one, its key from the keyring
            else:
                destination = Destination.parse(url, typed or None, name)
            return check_publish(destination)

        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Testing…"))
        self.tasks.run(publish, on_done=self._tested, on_error=self._test_failed)

    def _tested(self, message: Message) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText("✓ " + render(message))

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText("✗ " + str(exc))
