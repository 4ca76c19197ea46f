"""The studio window: preview, sources, the product panel, go live / rehearse, the status bar.

A thin view over `studio.app.studio.Studio` (napari's habit: the model knows nothing of the
view). Slow calls go through the task runner; the preview is painted from the latest composed
frame by a timer at the stream's rate and never waits for the engine.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from studio.app.destinations import DestinationStore
from studio.app.errors import ConfigError
from studio.app.show import Show
from studio.app.studio import StreamChoice, Studio
from studio.core.state import OutputState, OutputStatus
from studio.qt.destinations_dialog import DestinationsDialog
from studio.qt.host_panel import HostPanel
from studio.qt.preview import PreviewWidget
from studio.qt.product_panel import ProductPanel
from studio.qt.show_settings import ShowSettingsDialog, load_show_settings
from studio.qt.tasks import TaskRunner
from studio.qt.widgets import add_devices, quality_combo

PREVIEW_FPS = 30


class MainWindow(QMainWindow):
    """One window; `language_requested` asks the application to rebuild it in another language."""

    language_requested = Signal(str)

    def __init__(self, studio: Studio, tasks: TaskRunner, settings: QSettings) -> None:
        super().__init__()
        self.studio, self.tasks, self.settings = studio, tasks, settings
        self.setWindowTitle(self.tr("Merchant Studio"))
        self._outputs: dict[str, OutputStatus] = {}
        self._busy = False
        self.last_report: object = None
        self._rehearsal_run = False
        self.destinations = DestinationStore()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        self.banner = QLabel(self.tr("REHEARSAL — nothing you do here is public"))
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(
            "background:#ff9500;color:white;font-size:18px;font-weight:bold;padding:6px"
        )
        self.banner.setVisible(False)
        layout.addWidget(self.banner)
        self.preview = PreviewWidget()
        self.preview.placeholder = self.tr("Press “Start rehearsal” to see the stream here")
        layout.addWidget(self.preview, 1)
        bar = QHBoxLayout()
        self.rehearsal_box = QCheckBox(self.tr("Rehearsal (not public)"))
        self.rehearsal_box.setChecked(True)
        self.rehearsal_box.toggled.connect(self._update_start_button)
        self.rehearsal_push = QCheckBox(self.tr("Also push the rehearsal to my destinations"))
        self.rehearsal_push.setToolTip(self.tr("For a test server or a private test room"))
        self.start_button = QPushButton()
        self.start_button.setMinimumHeight(40)
        self.start_button.clicked.connect(self.start_stream)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setMinimumHeight(40)
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.confirm_stop)
        bar.addWidget(self.rehearsal_box)
        bar.addWidget(self.rehearsal_push)
        bar.addStretch(1)
        bar.addWidget(self.start_button)
        bar.addWidget(self.stop_button)
        layout.addLayout(bar)
        self.setCentralWidget(central)

        self._build_sources_dock()
        self.products = ProductPanel(studio, tasks)
        self.products.message.connect(self.show_message)
        dock = QDockWidget(self.tr("Products"), self)
        dock.setObjectName("products")
        dock.setWidget(self.products)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.host = HostPanel(tasks)
        self.host.message.connect(self.show_message)
        host_dock = QDockWidget(self.tr("Teleprompter and comments"), self)
        host_dock.setObjectName("host")
        host_dock.setWidget(self.host)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, host_dock)

        self.status = QStatusBar()
        self.setStatusBar(self.status)
        self.on_air = QLabel(self.tr("Off air"))
        self.stream_stats = QLabel("")
        self.status.addPermanentWidget(self.stream_stats)
        self.status.addPermanentWidget(self.on_air)

        self._build_menu()
        QShortcut(
            QKeySequence(Qt.Key.Key_F9),
            self,
            self.products.link_up,
            context=Qt.ShortcutContext.WindowShortcut,
        )

        self._preview_timer = QTimer(self)
        self._preview_timer.setInterval(1000 // PREVIEW_FPS)
        self._preview_timer.timeout.connect(self._paint_preview)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(1000)
        self._status_timer.timeout.connect(self._update_status)

        studio.output_status.connect(tasks.to_gui(self._on_output_status))
        studio.show_ready.connect(tasks.to_gui(self.attach_show))
        self._restore()
        self._update_start_button()
        self.tasks.run(Studio.devices, on_done=self._on_devices)

    # -- layout ----------------------------------------------------------------------------
    def _build_sources_dock(self) -> None:
        panel = QWidget()
        form = QFormLayout(panel)
        self.camera = QComboBox()
        self.camera.addItem(self.tr("Test pattern"), "test")
        self.microphone = QComboBox()
        self.microphone.addItem(self.tr("Test tone"), "tone")
        self.microphone.addItem(self.tr("Silence"), "silence")
        self.quality = quality_combo()
        self.orientation = QComboBox()
        self.orientation.addItem(self.tr("Portrait 9:16"), True)
        self.orientation.addItem(self.tr("Landscape 16:9"), False)
        self.level = QProgressBar()
        self.level.setRange(-60, 0)
        self.level.setValue(-60)
        self.level.setTextVisible(False)
        self.camera.activated.connect(self._switch_camera)
        self.microphone.activated.connect(self._switch_microphone)
        self.mute = QCheckBox(self.tr("Mute"))
        self.mute.toggled.connect(self.studio.set_muted)
        form.addRow(self.tr("Camera"), self.camera)
        form.addRow(self.tr("Microphone"), self.microphone)
        form.addRow(self.tr("Level"), self.level)
        form.addRow("", self.mute)
        form.addRow(self.tr("Quality"), self.quality)
        form.addRow(self.tr("Canvas"), self.orientation)
        dock = QDockWidget(self.tr("Camera and sound"), self)
        dock.setObjectName("sources")
        dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

    def _build_menu(self) -> None:
        streaming = self.menuBar().addMenu(self.tr("Streaming"))
        self.destinations_action = QAction(self.tr("Push destinations…"), self)
        self.destinations_action.triggered.connect(self.open_destinations)
        streaming.addAction(self.destinations_action)
        self.show_settings_action = QAction(self.tr("Link-up settings…"), self)
        self.show_settings_action.triggered.connect(self.open_show_settings)
        streaming.addAction(self.show_settings_action)
        streaming.addSeparator()
        self.quit_action = QAction(self.tr("Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # on every system, like OBS
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.triggered.connect(self.close)  # asks first while on air
        streaming.addAction(self.quit_action)
        menu = self.menuBar().addMenu(self.tr("View"))
        # every panel can be brought back after it was closed
        for dock in self.findChildren(QDockWidget):
            menu.addAction(dock.toggleViewAction())
        self.default_layout_action = QAction(self.tr("Restore the default layout"), self)
        self.default_layout_action.triggered.connect(self.restore_default_layout)
        menu.addAction(self.default_layout_action)
        menu.addSeparator()
        languages = menu.addMenu(self.tr("Language"))
        group = QActionGroup(self)
        current = self.settings.value("language", "zh_CN")
        for code, name in (("zh_CN", "简体中文"), ("en", "English")):
            action = QAction(name, self, checkable=True)
            action.setChecked(code == current)
            action.setData(code)
            action.triggered.connect(lambda _checked, c=code: self.language_requested.emit(c))
            group.addAction(action)
            languages.addAction(action)

    def restore_default_layout(self) -> None:
        """Every panel back where it was on a first start."""
        self.restoreState(self._default_state)
        for dock in self.findChildren(QDockWidget):
            dock.setFloating(False)
            dock.show()

    def _switch_camera(self, _index: int) -> None:
        """While live, the new camera replaces the old one without stopping the stream."""
        if not self.studio.live:
            return
        spec = self.camera.currentData()
        self.status.showMessage(self.tr("Switching camera…"), 3000)
        self.tasks.run(
            lambda: self.studio.switch_source(spec),
            on_error=lambda exc: self.show_message("error", str(exc)),
        )

    def _switch_microphone(self, _index: int) -> None:
        if not self.studio.live:
            return
        spec = self.microphone.currentData()
        self.tasks.run(  # the microphone opens on its own thread: no need to block the window
            lambda: self.studio.switch_audio(spec),
            on_error=lambda exc: self.show_message("error", str(exc)),
        )

    def _on_devices(self, found: dict[str, list[str]]) -> None:
        add_devices(self.camera, self.microphone, found)
        self._select(self.camera, self.settings.value("camera", "test"))
        self._select(self.microphone, self.settings.value("microphone", "tone"))

    @staticmethod
    def _select(combo: QComboBox, data: object) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    # -- streaming -------------------------------------------------------------------------
    def _update_start_button(self) -> None:
        rehearsal = self.rehearsal_box.isChecked()
        self.rehearsal_push.setVisible(rehearsal)
        self.start_button.setText(self.tr("Start rehearsal") if rehearsal else self.tr("Go live"))
        colour = "#ff9500" if rehearsal else "#ff2d55"
        self.start_button.setStyleSheet(
            f"QPushButton{{background:{colour};color:white;font-weight:bold;padding:0 18px}}"
            "QPushButton:disabled{background:#ccc;color:#888}"
        )

    def choice(self) -> StreamChoice:
        settings, platform = load_show_settings(self.settings)
        return StreamChoice(
            settings=settings,
            live_platform=platform,
            source=self.camera.currentData(),
            audio=self.microphone.currentData(),
            quality=self.quality.currentData(),
            portrait=bool(self.orientation.currentData()),
            rehearsal=self.rehearsal_box.isChecked(),
            rehearsal_push=self.rehearsal_push.isChecked(),
            report_language="en" if self.settings.value("language") == "en" else "zh",
        )

    def open_destinations(self) -> DestinationsDialog:
        dialog = DestinationsDialog(self.destinations, self.tasks, self)
        dialog.use_recommended.connect(self._apply_recommended)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def open_show_settings(self) -> ShowSettingsDialog:
        dialog = ShowSettingsDialog(self.settings, self)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def _apply_recommended(self, quality: str, portrait: bool) -> None:
        self._select(self.quality, quality)
        self._select(self.orientation, portrait)

    def _typed_keys(self) -> dict[str, str] | None:
        """Keys for destinations saved without one (no keyring): asked now; None = cancelled."""
        typed = {}
        for saved in self.destinations.all():
            if saved.enabled and saved.ask_key:
                key, ok = QInputDialog.getText(
                    self,
                    self.tr("Stream key"),
                    self.tr("Stream key for {name}:").format(name=saved.name),
                    QLineEdit.EchoMode.Password,
                )
                if not ok or not key.strip():
                    return None
                typed[saved.dest_id] = key
        return typed

    def start_stream(self) -> None:
        if self._busy or self.studio.live:
            return
        choice = self.choice()
        typed: dict[str, str] = {}
        pushing = not choice.rehearsal or choice.rehearsal_push
        if pushing:
            asked = self._typed_keys()
            if asked is None:
                return
            typed = asked
        self._set_busy(True)
        self.status.showMessage(self.tr("Starting…"))
        store = self.destinations

        def start() -> None:
            if pushing:
                choice.destinations = [
                    store.resolve(d, typed.get(d.dest_id, "")) for d in store.all() if d.enabled
                ]
            self.studio.start(choice)

        self.tasks.run(start, on_done=lambda _r: self._on_started(), on_error=self._on_start_failed)

    def _on_started(self) -> None:
        self._set_busy(False)
        self._rehearsal_run = self.studio.rehearsal
        self._update_banner()
        self.stop_button.setEnabled(True)
        self.start_button.setEnabled(False)
        self.rehearsal_box.setEnabled(False)
        self.rehearsal_push.setEnabled(False)
        self._preview_timer.start()
        self._status_timer.start()
        self.status.showMessage(
            self.tr("Rehearsing") if self.studio.rehearsal else self.tr("Live"), 3000
        )

    def _update_banner(self) -> None:
        """Say only what is true: "not public" only while nothing leaves the machine."""
        if not self.studio.live or not self.studio.rehearsal:
            self.banner.setVisible(False)
            return
        pushed = self.studio.pushed_to
        if pushed:
            self.banner.setText(
                self.tr("REHEARSAL — also pushed to: {names} (viewers may see it)").format(
                    names=", ".join(pushed)
                )
            )
            color = "#ff2d55"  # not the private orange: this one is seen outside
        else:
            self.banner.setText(self.tr("REHEARSAL — nothing you do here is public"))
            color = "#ff9500"
        self.banner.setStyleSheet(
            f"background:{color};color:white;font-size:18px;font-weight:bold;padding:6px"
        )
        self.banner.setVisible(True)

    def _on_start_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        text = (
            str(exc)
            if isinstance(exc, ConfigError | ValueError | OSError)
            else self.tr("Could not start: {what}").format(what=type(exc).__name__)
        )
        self.show_message("error", text)

    def attach_show(self, show: Show) -> None:
        self.products.attach(show)
        self.host.attach(show)

    def confirm_stop(self) -> None:
        if not self.studio.live:
            return
        question = (
            self.tr("Stop the rehearsal?")
            if self.studio.rehearsal
            else self.tr("Stop the live stream? Viewers will see the stream end.")
        )
        answer = QMessageBox.question(self, self.tr("Stop"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self.stop_stream()

    def stop_stream(self) -> None:
        self._set_busy(True)
        self.stop_button.setEnabled(False)
        self.status.showMessage(self.tr("Stopping…"))
        self.tasks.run(self.studio.stop, on_done=self._on_stopped, on_error=self._on_stop_failed)

    def _on_stopped(self, report: object) -> None:
        self._set_busy(False)
        self._preview_timer.stop()
        self._status_timer.stop()
        self.preview.set_frame(None)
        self.level.setValue(-60)
        self.banner.setVisible(False)
        self.start_button.setEnabled(True)
        self.rehearsal_box.setEnabled(True)
        self.rehearsal_push.setEnabled(True)
        self.products.detach()
        self.host.detach()
        self.on_air.setText(self.tr("Off air"))
        self.stream_stats.setText("")  # off air: nothing may still read as live
        self._outputs.clear()
        if report is not None:
            self.status.showMessage(self.tr("Report saved: {path}").format(path=report))
            self.last_report = report
            if self._rehearsal_run:  # after a rehearsal the report opens by itself
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(report)))

    def _on_stop_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.show_message("error", self.tr("Stopping failed: {what}").format(what=exc))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.start_button.setEnabled(not busy and not self.studio.live)

    # -- live updates ----------------------------------------------------------------------
    def _paint_preview(self) -> None:
        self.preview.set_frame(self.studio.preview_rgb())
        level = self.studio.level_db()
        if level is not None:
            self.level.setValue(max(-60, min(0, int(level))))

    def _on_output_status(self, status: OutputStatus) -> None:
        self._outputs[status.output] = status

    def _update_status(self) -> None:
        stats = self.studio.stats()
        if stats is None:
            return
        minutes, seconds = divmod(int(stats.on_air_s), 60)
        hours, minutes = divmod(minutes, 60)
        label = self.tr("Rehearsing") if self.studio.rehearsal else self.tr("LIVE")
        self.on_air.setText(f"{label} {hours}:{minutes:02d}:{seconds:02d}")
        parts = []
        for out in stats.outputs:
            if out.kind == "record":
                parts.append(self.tr("recording"))
                continue
            state = self._outputs.get(out.name)
            parts.append(f"{out.name}: {self._describe(state)} {out.bitrate_kbps:.0f} kbps")
        parts.append(
            self.tr("{fps:.0f} fps, {dropped} dropped, CPU {cpu:.0f}%").format(
                fps=stats.fps_out, dropped=stats.dropped_video_frames, cpu=stats.cpu_percent
            )
        )
        self.stream_stats.setText("  |  ".join(parts))

    def _describe(self, status: OutputStatus | None) -> str:
        if status is None or status.state is OutputState.CONNECTING:
            return self.tr("connecting")
        if status.state is OutputState.LIVE:
            return self.tr("live")
        if status.state is OutputState.RECONNECTING:
            return self.tr("reconnecting {n}").format(n=status.attempt)
        if status.state is OutputState.FAILED:
            return self.tr("failed: {why}").format(why=status.reason)
        return self.tr("stopped")

    def show_message(self, level: str, text: str) -> None:
        """A short message that says what to do; errors also stay in the status bar."""
        self.status.showMessage(text, 0 if level == "error" else 8000)
        if level in ("error", "action"):
            box = QMessageBox(
                QMessageBox.Icon.Warning if level == "error" else QMessageBox.Icon.Information,
                self.windowTitle(),
                text,
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setModal(False)
            box.show()

    # -- settings --------------------------------------------------------------------------
    def _restore(self) -> None:
        self._default_state = self.saveState()  # "restore the default layout" goes back here
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        else:
            self.resize(1280, 800)
        self._select(self.quality, self.settings.value("quality", "720p"))
        portrait = str(self.settings.value("portrait", "true")).lower() == "true"
        self._select(self.orientation, portrait)
        self.rehearsal_box.setChecked(
            str(self.settings.value("rehearsal", "true")).lower() == "true"
        )

    def save_settings(self) -> None:
        """Layout and last choices (never keys or tokens: those are in the keyring)."""
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("camera", self.camera.currentData())
        s.setValue("microphone", self.microphone.currentData())
        s.setValue("quality", self.quality.currentData())
        s.setValue("portrait", "true" if self.orientation.currentData() else "false")
        s.setValue("rehearsal", "true" if self.rehearsal_box.isChecked() else "false")
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.studio.live:
            answer = QMessageBox.question(
                self, self.tr("Quit"), self.tr("Stop the stream and quit?")
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.studio.stop()
        self.save_settings()
        event.accept()
