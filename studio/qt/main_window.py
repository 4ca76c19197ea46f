"""The studio window: the on-air bar, the preview, sources, products, host aids, start and stop.

A thin view over `studio.app.studio.Studio` (napari's habit: the model knows nothing of the
view). Slow calls go through the task runner; the preview is painted from the latest composed
frame by a timer at the stream's rate and never waits for the engine.

Every visible word is set in `retranslate()` (Qt Designer's `retranslateUi` habit), which runs
at construction and again on `LanguageChange`: switching the language keeps the window, the
imported products, the choices and a running show exactly as they were.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStatusBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from studio.app.bench import QUALITY_ORDER, UplinkAdvice, check_uplink, lower_quality
from studio.app.destinations import DestinationStore, SavedDestination, testable
from studio.app.errors import ConfigError
from studio.app.latency import LatencyResult, measure_viewer_delay
from studio.app.paths import data_dir
from studio.app.platforms import CredentialError
from studio.app.pushurls import is_generated
from studio.app.show import Show
from studio.app.studio import StreamChoice, Studio
from studio.core.health import Level, frame_health
from studio.core.messages import Message, render
from studio.core.picture import PictureTools
from studio.core.scenes import SCENES
from studio.core.state import OutputState, OutputStatus, StreamStats
from studio.qt.destinations_dialog import DestinationsDialog
from studio.qt.help import open_folder, show_about
from studio.qt.host_panel import HostPanel
from studio.qt.layout import DOCK_WIDTHS, FIRST_SIZE, WindowLayout, flip_box, restyle
from studio.qt.platform_question import ask_platform, guess_platform
from studio.qt.preview import PreviewWidget
from studio.qt.product_panel import ProductPanel
from studio.qt.production_panel import ProductionPanel
from studio.qt.recover import Recovery
from studio.qt.report_view import ReportPanel
from studio.qt.show_settings import (
    ShowSettingsDialog,
    chosen_platform,
    load_comment_feeds,
    load_generated_pushes,
    load_show_settings,
    platform_chosen,
    platform_label,
)
from studio.qt.tasks import TaskRunner
from studio.qt.theme import THEMES, set_icon, set_state
from studio.qt.widgets import (
    ElidedButton,
    Retranslating,
    SentIndicator,
    WheelGuard,
    add_devices,
    quality_combo,
    quality_label,
    retranslate_quality,
)

PREVIEW_FPS = 30
UPLINK_FRESH_S = 12 * 3600  # an uplink measured this recently stands for the go-live check
QUIT_WAIT_S, QUIT_GIVE_UP_S = 10, 60  # quitting while live: say it is slow; close anyway
CPU_WARN, CPU_BAD = 70.0, 90.0  # percent of the whole machine


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


class MainWindow(Retranslating, QMainWindow):
    """One window for the whole session. `language_requested` and `theme_requested` ask the
    application to switch; the window follows in place (`changeEvent`)."""

    language_requested = Signal(str)
    theme_requested = Signal(str)

    def __init__(self, studio: Studio, tasks: TaskRunner, settings: QSettings) -> None:
        super().__init__()
        self.studio, self.tasks, self.settings = studio, tasks, settings
        self.setObjectName("mainWindow")
        self._outputs: dict[str, OutputStatus] = {}
        self._busy = False
        self._stats: StreamStats | None = None
        self._stats_before: StreamStats | None = None  # the snapshot before: rates between
        self.last_report: Path | None = None
        self.force_close = False  # closing without asking (a logout, SIGTERM)
        self._quitting = False  # Quit while live: waiting for the stream to stop
        self.failed_boxes: dict[str, QMessageBox] = {}  # a refused destination: retry?
        self.uplink_question: QMessageBox | None = None  # the go-live check's question
        self.uplink_warning: QMessageBox | None = None  # too slow even for 480p
        self.last_uplink: UplinkAdvice | None = None
        self.last_viewer_delay: LatencyResult | None = None
        self._rehearsal_run = False
        self.destinations = DestinationStore()

        self._build_top_bar()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 8)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)
        self.preview = PreviewWidget()
        layout.addWidget(self.preview, 1)
        self.report_panel = ReportPanel()
        self.report_panel.setVisible(False)
        layout.addWidget(self.report_panel)
        # the production tools (a dock) and their scene buttons (in the bar under the
        # picture: the host reaches for them mid-show; F1-F4 anywhere)
        self.production = ProductionPanel(settings)
        layout.addWidget(self.production.scenes_box)
        # one row when wide; when compact, the modes above the start and stop buttons
        bar = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        modes = QVBoxLayout()
        self.rehearsal_box = QCheckBox()
        self.rehearsal_box.setChecked(True)
        self.rehearsal_box.toggled.connect(self._update_start_button)
        self.rehearsal_push = QCheckBox()
        modes.addWidget(self.rehearsal_box)
        modes.addWidget(self.rehearsal_push)
        # where a live show's link-ups go: the host's own choice, always in sight, one click
        # from changing it (never a platform the host did not pick)
        self.link_platform = ElidedButton()
        self.link_platform.setObjectName("linkPlatform")
        self.link_platform.setFlat(True)
        self.link_platform.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.link_platform.clicked.connect(self.open_show_settings)
        modes.addWidget(self.link_platform)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startButton")
        self.start_button.setIconSize(QSize(24, 24))
        self.start_button.clicked.connect(self.start_stream)
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("stopButton")
        set_icon(self.stop_button, "stop-circle-outline")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.confirm_stop)
        go = QHBoxLayout()
        go.addStretch(1)
        go.addWidget(self.start_button)
        go.addWidget(self.stop_button)
        bar.addLayout(modes, 1)  # the link-up platform's line takes the room there is
        bar.addLayout(go)
        layout.addLayout(bar)
        self.bottom_bar = bar
        self.setCentralWidget(central)

        self._build_sources_dock()
        self.host = HostPanel(tasks)
        self.host.message.connect(self.show_message)
        self.host_dock = QDockWidget(self)
        self.host_dock.setObjectName("host")
        self.host_dock.setWidget(self.host)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.host_dock)
        self.products = ProductPanel(studio, tasks, settings)
        self.products.message.connect(self.show_message)
        self.products.link_up_pressed.connect(self.preview.hide_cue)
        self.products_dock = QDockWidget(self)
        self.products_dock.setObjectName("products")
        self.products_dock.setWidget(self.products)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.products_dock)
        self.production.tools_changed.connect(self._apply_tools)
        self.production.denoise_changed.connect(self._apply_denoise)
        self.production.guard_changed.connect(self.studio.set_guard)  # a tuple swapped whole
        self.production.scene_requested.connect(self.request_scene)
        self.resizeDocks(
            [self.sources_dock, self.products_dock], list(DOCK_WIDTHS), Qt.Orientation.Horizontal
        )
        # wide or compact, from the window's size (a 1024x600 screen: tabs, two rows)
        self.window_layout = WindowLayout(
            self,
            (self.sources_dock, self.host_dock),
            self.products_dock,
            [
                self.products.set_compact,
                self.production.set_compact,
                self.preview.set_compact,
                flip_box(bar),
                restyle(self.on_air, self.uplink_chip, self.frames_chip, self.cpu_chip),
            ],
        )

        self.status = QStatusBar()
        self.setStatusBar(self.status)
        self.stream_stats = QLabel("")
        self.stream_stats.setObjectName("muted")
        self.status.addPermanentWidget(self.stream_stats)

        self._build_menu()
        QShortcut(
            QKeySequence(Qt.Key.Key_F9),
            self,
            self.products.link_up,
            context=Qt.ShortcutContext.WindowShortcut,
        )
        for key, scene in zip(
            (Qt.Key.Key_F1, Qt.Key.Key_F2, Qt.Key.Key_F3, Qt.Key.Key_F4), SCENES, strict=True
        ):
            QShortcut(
                QKeySequence(key),
                self,
                lambda s=scene: self.request_scene(s),
                context=Qt.ShortcutContext.WindowShortcut,
            )

        self._preview_timer = QTimer(self)
        self._preview_timer.setInterval(1000 // PREVIEW_FPS)
        self._preview_timer.timeout.connect(self._paint_preview)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(1000)
        self._status_timer.timeout.connect(self._update_status)

        studio.output_status.connect(tasks.to_gui(self._on_output_status))
        studio.picture_problem.connect(tasks.to_gui(self._on_picture_problem))
        studio.guard_changed.connect(tasks.to_gui(self._on_guard_changed))
        studio.show_ready.connect(tasks.to_gui(self.attach_show))
        self.retranslate()
        self._restore()
        self.window_layout.start()
        self._update_start_button()
        self.tasks.run(Studio.devices, on_done=self._on_devices)
        # the show the studio was killed during last time, offered back (studio.qt.recover)
        self.recovery = Recovery(self)
        self.recovery.check()
        # a microphone plugged in (or out) while the window is open: the list follows it
        self.media_devices = QMediaDevices(self)
        self.media_devices.audioInputsChanged.connect(self._on_inputs_changed)

    # -- layout ----------------------------------------------------------------------------
    def _build_top_bar(self) -> None:
        """Where the host looks: on air or not, for how long, and the stream's health."""
        bar = QToolBar(self)
        bar.setObjectName("topBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setVisible(False)
        self.on_air = QLabel()
        self.on_air.setObjectName("onAir")
        self.on_air.setProperty("state", "off")
        self.on_air.setMinimumWidth(170)
        self.on_air.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.on_air)
        self.uplink_chip, self.frames_chip, self.cpu_chip = QLabel(), QLabel(), QLabel()
        for chip in (self.uplink_chip, self.frames_chip, self.cpu_chip):
            chip.setProperty("chip", "true")
            chip.setProperty("level", "idle")
            bar.addWidget(chip)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.top_bar = bar

    def _build_sources_dock(self) -> None:
        panel = QWidget()
        form = QFormLayout(panel)
        self.camera = QComboBox()
        self.camera.addItem("", "test")
        self.microphone = QComboBox()
        self.microphone.addItem("", "tone")
        self.microphone.addItem("", "silence")
        self.quality = quality_combo()
        self.orientation = QComboBox()
        self.orientation.addItem("", True)
        self.orientation.addItem("", False)
        for combo in (self.camera, self.microphone, self.quality, self.orientation):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.level = QProgressBar()
        self.level.setRange(-60, 0)
        self.level.setValue(-60)
        self.level.setTextVisible(False)
        self.sent_level = SentIndicator()  # the meter is what the mic hears; this, what goes out
        self.camera.activated.connect(self._switch_camera)
        self.microphone.activated.connect(self._switch_microphone)
        self.mute = QCheckBox()
        self.mute.toggled.connect(self.studio.set_muted)
        self.source_labels = [QLabel() for _ in range(5)]
        fields = (self.camera, self.microphone, self.level, self.quality, self.orientation)
        for label, field in zip(self.source_labels, fields, strict=True):
            form.addRow(label, field)
            if field is self.level:
                form.addRow("", self.sent_level)
                form.addRow("", self.mute)
        # the production tools below the camera and sound, in one panel that scrolls: the
        # window must still fit a 1366x768 laptop with every panel open
        column = QWidget()
        stack = QVBoxLayout(column)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(panel)
        stack.addWidget(self.production)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(column)
        self.wheel_guard = WheelGuard(scroll)
        for combo in column.findChildren(QComboBox):  # a long device name is cut, not the panel
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
        for rows in column.findChildren(QFormLayout):  # a narrow panel: the field under its name
            rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.sources_dock = QDockWidget(self)
        self.sources_dock.setObjectName("sources")
        self.sources_dock.setWidget(scroll)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.sources_dock)

    def _fit_sources_dock(self) -> None:
        """画面与声音 as wide as its widest row, in this language: the panel scrolls up and
        down, never sideways, so nothing in it may be cut off at the right (found by using
        it: the Choose… buttons and the blur switch were)."""
        scroll = self.wheel_guard.scroll
        column = scroll.widget()
        column.adjustSize()
        need = column.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(need + 2 * scroll.frameWidth())

    def _build_menu(self) -> None:
        self.streaming_menu = self.menuBar().addMenu("")
        self.destinations_action = QAction(self)
        set_icon(self.destinations_action, "access-point-network")
        self.destinations_action.triggered.connect(self.open_destinations)
        self.streaming_menu.addAction(self.destinations_action)
        self.show_settings_action = QAction(self)
        set_icon(self.show_settings_action, "timer-outline")
        self.show_settings_action.triggered.connect(self.open_show_settings)
        self.streaming_menu.addAction(self.show_settings_action)
        self.uplink_action = QAction(self)
        self.uplink_action.triggered.connect(lambda: self.test_uplink())
        self.streaming_menu.addAction(self.uplink_action)
        self.delay_action = QAction(self)
        self.delay_action.triggered.connect(self.ask_viewer_delay)
        self.streaming_menu.addAction(self.delay_action)
        # a set-and-forget choice: on a weak uplink, 1080→720→480 and back (on by default)
        self.resolution_steps = QAction(self, checkable=True)
        self.streaming_menu.addAction(self.resolution_steps)
        self.streaming_menu.addSeparator()
        self.quit_action = QAction("", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # on every system, like OBS
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.triggered.connect(self.close)  # asks first while on air
        self.streaming_menu.addAction(self.quit_action)
        self.view_menu = self.menuBar().addMenu("")
        # every panel can be brought back after it was closed
        for dock in (self.sources_dock, self.host_dock, self.products_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        self.default_layout_action = QAction("", self)
        self.default_layout_action.triggered.connect(self.restore_default_layout)
        self.view_menu.addAction(self.default_layout_action)
        self.view_menu.addSeparator()
        self.language_menu = QMenu(self)
        self.view_menu.addMenu(self.language_menu)
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("zh_CN", "简体中文"), ("en", "English")):  # each in its own words
            action = QAction(name, self, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda _checked, c=code: self.language_requested.emit(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.theme_menu = QMenu(self)
        self.view_menu.addMenu(self.theme_menu)
        themes = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name in THEMES:
            action = QAction("", self, checkable=True)
            action.triggered.connect(lambda _checked, n=name: self.theme_requested.emit(n))
            themes.addAction(action)
            self.theme_menu.addAction(action)
            self.theme_actions[name] = action
        self.help_menu = self.menuBar().addMenu("")
        self.log_folder_action = QAction(self)
        self.log_folder_action.triggered.connect(lambda: open_folder(data_dir() / "logs"))
        self.help_menu.addAction(self.log_folder_action)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)  # macOS: in the app menu
        self.about_action.triggered.connect(lambda: show_about(self))
        self.help_menu.addAction(self.about_action)
        self.mark_choices()

    def mark_choices(self) -> None:
        """Tick the language and theme in use in the View menu."""
        language = str(self.settings.value("language", "zh_CN"))
        for code, action in self.language_actions.items():
            action.setChecked(code == language)
        theme = str(self.settings.value("theme", "dark"))
        for name, action in self.theme_actions.items():
            action.setChecked(name == theme)

    # -- words -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every word of the window in the current language; the state stays as it is."""
        self.setWindowTitle(self.tr("Merchant Studio"))
        if getattr(self, "_fit_timer", None) is None:  # goes with the window
            self._fit_timer = QTimer(self)
            self._fit_timer.setSingleShot(True)
            self._fit_timer.timeout.connect(self._fit_sources_dock)
        self._fit_timer.start(0)  # once the panels have their new words
        self.rehearsal_box.setText(self.tr("Rehearsal (not public)"))
        self.rehearsal_push.setText(self.tr("Also push to my destinations"))
        self.rehearsal_push.setToolTip(
            self.tr(
                "Push the rehearsal to my destinations too: for a test server or a private test room"  # noqa: E501
            )
        )
        self.stop_button.setText(self.tr("Stop"))
        self.camera.setItemText(self.camera.findData("test"), self.tr("Test pattern"))
        self.microphone.setItemText(self.microphone.findData("tone"), self.tr("Test tone"))
        self.microphone.setItemText(self.microphone.findData("silence"), self.tr("Silence"))
        retranslate_quality(self.quality)
        self.resolution_steps.setText(self.tr("Lower the resolution on a weak uplink"))
        self.resolution_steps.setStatusTip(
            self.tr(
                "When the uplink stays too thin for the picture size, send a smaller picture "
                "(1080p → 720p → 480p, the overlays scaled with it) and go back up once it "
                "recovers. Turn it off for a platform whose player cannot follow a size change."
            )
        )
        self.orientation.setItemText(0, self.tr("Portrait 9:16"))
        self.orientation.setItemText(1, self.tr("Landscape 16:9"))
        self.mute.setText(self.tr("Mute"))
        for label, text in zip(
            self.source_labels,
            (
                self.tr("Camera"),
                self.tr("Microphone"),
                self.tr("Level"),
                self.tr("Quality"),
                self.tr("Canvas"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.sources_dock.setWindowTitle(self.tr("Picture and sound"))
        self.host_dock.setWindowTitle(self.tr("Teleprompter and comments"))
        self.products_dock.setWindowTitle(self.tr("Products"))
        self.streaming_menu.setTitle(self.tr("Streaming"))
        self.destinations_action.setText(self.tr("Push destinations…"))
        self.show_settings_action.setText(self.tr("Link-up settings…"))
        self.uplink_action.setText(self.tr("Test the uplink…"))
        self.delay_action.setText(self.tr("Measure the viewers' delay…"))
        self.quit_action.setText(self.tr("Quit"))
        self.view_menu.setTitle(self.tr("View"))
        self.default_layout_action.setText(self.tr("Restore the default layout"))
        self.language_menu.setTitle(self.tr("Language"))
        self.theme_menu.setTitle(self.tr("Theme"))
        self.theme_actions["dark"].setText(self.tr("Dark"))
        self.theme_actions["light"].setText(self.tr("Light"))
        self.help_menu.setTitle(self.tr("Help"))
        self.log_folder_action.setText(self.tr("Open the log folder"))
        self.about_action.setText(self.tr("About Merchant Studio"))
        self._update_start_button()
        self._update_link_platform()
        self._update_banner()
        self._update_indicators()

    # -- panels ----------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if getattr(self, "window_layout", None) is not None:
            self.window_layout.resized(event.oldSize(), event.size())

    def restore_default_layout(self) -> None:
        """Every panel back where it was on a first start."""
        self.window_layout.restore(self._default_state)
        for dock in self.findChildren(QDockWidget):
            dock.setFloating(False)
            dock.show()

    def _switch_camera(self, _index: int) -> None:
        """While live, the new camera replaces the old one without stopping the stream."""
        if not self.studio.live:
            return
        spec = self.camera.currentData()
        switching = self.tr("Switching camera…")
        self.status.showMessage(switching, 30_000)

        def switched(_result: object) -> None:  # said only while it is true
            if self.status.currentMessage() == switching:
                self.status.showMessage(self.tr("Camera switched"), 3000)

        def failed(exc: BaseException) -> None:
            if self.status.currentMessage() == switching:
                self.status.clearMessage()
            self.show_message("error", str(exc))

        self.tasks.run(lambda: self.studio.switch_source(spec), on_done=switched, on_error=failed)

    def _switch_microphone(self, _index: int) -> None:
        if not self.studio.live:
            return
        spec = self.microphone.currentData()
        self.tasks.run(  # the microphone opens on its own thread: no need to block the window
            lambda: self.studio.switch_audio(spec),
            on_error=lambda exc: self.show_message("error", str(exc)),
        )

    # -- production tools and scenes -------------------------------------------------------
    def _apply_tools(self, tools: PictureTools) -> None:
        if not self.studio.live:
            return  # kept for the next go-live
        self.tasks.run(
            lambda: self.studio.set_tools(tools),
            on_error=lambda exc: self.show_message("error", str(exc)),
        )

    def _on_picture_problem(self, message: Message) -> None:
        """A picture tool failed and the engine turned the tools off: the panel says so too
        (it must not show beauty on when it is off), and the host is told."""
        self.production.tools_off()
        self.show_message("action", render(message, self._language()))

    def _on_guard_changed(self, message: Message) -> None:
        """The frame guard stepped the picture's cost down or back up: one line to say it."""
        self.show_message("info", render(message, self._language()))

    def _apply_denoise(self, on: bool) -> None:
        if self.studio.live:
            self.tasks.run(
                lambda: self.studio.set_denoise(on),
                on_error=lambda exc: self.show_message("error", str(exc)),
            )

    def request_scene(self, scene: str) -> None:
        """A scene button or F1-F4: switch while live; before, say when it works."""
        if not self.studio.live:
            self.production.set_scene("host")
            self.status.showMessage(self.tr("Scenes switch once you are live or rehearsing"), 4000)
            return
        sources = self.production.scene_sources()
        problem = sources.missing(scene)
        if problem is not None:
            self.production.set_scene(self.studio.scene)
            self.show_message("warning", render(problem, self._language()))
            return
        self.production.set_scene(scene)
        language = self._language()
        self.tasks.run(
            lambda: self.studio.switch_scene(scene, sources, language),
            on_error=self._on_scene_failed,
        )

    def _on_scene_failed(self, exc: BaseException) -> None:
        self.production.set_scene(self.studio.scene)
        self.show_message("error", str(exc))

    def _language(self) -> str:
        return "en" if self.settings.value("language") == "en" else "zh"

    def _on_inputs_changed(self) -> None:
        self.tasks.run(Studio.devices, on_done=self._on_devices_changed)

    def _on_devices_changed(self, found: dict[str, list[str]]) -> None:
        """The new microphones join the list; one unplugged leaves it unless it is chosen
        (a live stream on it says itself what became of it); the choice stays as it was."""
        present = set(found.get("microphones", []))
        for index in reversed(range(self.microphone.count())):
            spec = str(self.microphone.itemData(index))
            gone = spec.startswith("mic:") and spec not in present
            if gone and index != self.microphone.currentIndex():
                self.microphone.removeItem(index)
        add_devices(self.camera, self.microphone, found)

    def _on_devices(self, found: dict[str, list[str]]) -> None:
        add_devices(self.camera, self.microphone, found)
        self.production.add_sources(found)
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
        self.preview.placeholder = (  # the words of the button the host will press
            self.tr("Press “Start rehearsal” to see the stream here")
            if rehearsal
            else self.tr("Press “Go live” to see the stream here")
        )
        self.preview.update()
        if rehearsal:
            set_icon(self.start_button, "play-circle", "#1d1d1f")
        else:
            set_icon(self.start_button, "broadcast", "#ffffff")
        set_state(self.start_button, "mode", "rehearsal" if rehearsal else "live")

    def _update_link_platform(self) -> None:
        label = platform_label(chosen_platform(self.settings))
        text = self.tr("Live link-ups: {platform}").format(platform=label)
        self.link_platform.set_whole_text(text)
        self.link_platform.setToolTip(
            text
            + "\n"
            + self.tr("Where the product links go up when live; click to change (Link-up settings)")
        )

    def choice(self) -> StreamChoice:
        settings, platform = load_show_settings(self.settings)
        return StreamChoice(
            settings=settings,
            live_platform=platform,
            generated=load_generated_pushes(self.settings),
            comments=load_comment_feeds(self.settings),
            source=self.camera.currentData(),
            audio=self.microphone.currentData(),
            denoise=self.production.denoise.isChecked(),
            tools=self.production.tools(),
            scenes=self.production.scene_sources(),
            quality=self.quality.currentData(),
            portrait=bool(self.orientation.currentData()),
            resolution_steps=self.resolution_steps.isChecked(),
            guard=self.production.guard_order(),
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
        dialog = ShowSettingsDialog(self.settings, self.tasks, self)
        dialog.accepted.connect(self._update_link_platform)
        dialog.accepted.connect(
            lambda: self.status.showMessage(self.tr("Link-up settings saved."), 5000)
        )
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
        # asked once, before the first real go-live (with somewhere to go: else that is said)
        somewhere = any(d.enabled for d in self.destinations.all())
        # (a show carried on after a crash goes back to its own platform: nothing to ask)
        resumed = self.studio.resuming is not None
        if (
            not choice.rehearsal
            and not platform_chosen(self.settings)
            and somewhere
            and not resumed
        ):
            self._ask_platform()  # then here again
            return
        typed: dict[str, str] = {}
        pushing = not choice.rehearsal or choice.rehearsal_push
        if pushing:
            asked = self._typed_keys()
            if asked is None:
                return
            typed = asked
            first = next((d for d in self.destinations.all() if d.enabled and testable(d)), None)
            if first is not None and not self._uplink_known(first.dest_id):
                self._ask_uplink_test(first, typed)
                return
        self._go_live(typed, pushing)

    def _ask_platform(self) -> None:
        """Where live link-ups go, asked at the first real go-live (platform_question)."""
        enabled = [d.server_url for d in self.destinations.all() if d.enabled]

        def chosen() -> None:
            self._update_link_platform()
            self.start_stream()

        def cancelled() -> None:
            self.status.showMessage(self.tr("Not live: nothing was sent."), 5000)

        ask_platform(self, self.settings, self.tasks, guess_platform(enabled), chosen, cancelled)

    def _go_live(self, typed: dict[str, str], pushing: bool) -> None:
        choice = self.choice()  # read again: the uplink test may have lowered the quality
        self._set_busy(True)
        self.report_panel.setVisible(False)
        self.status.showMessage(self.tr("Starting…"))
        store = self.destinations

        def start() -> None:
            if pushing:
                enabled = [d for d in store.all() if d.enabled]
                choice.destinations = [
                    store.resolve(d, typed.get(d.dest_id, ""))
                    for d in enabled
                    if not is_generated(d.server_url)
                ]
                # push URLs made at go-live (signed or fetched): the broadcast makes them
                choice.generated += [d.server_url for d in enabled if is_generated(d.server_url)]
            self.studio.start(choice)

        self.tasks.run(start, on_done=lambda _r: self._on_started(), on_error=self._on_start_failed)

    # -- the uplink test -------------------------------------------------------------------
    def _uplink_known(self, dest_id: str) -> bool:
        """Measured to this destination recently enough to stand for the go-live check."""
        try:
            at = float(str(self.settings.value(f"uplink/{dest_id}/at", "0")))
        except ValueError:
            return False
        return 0 <= time.time() - at < UPLINK_FRESH_S

    def _ask_uplink_test(self, first: SavedDestination, typed: dict[str, str]) -> None:
        """The go-live check: the uplink is what fails most in the countryside."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Test the uplink first?"))
        box.setText(
            self.tr(
                "How fast this network pushes to {name} has not been measured yet. The test "
                "takes about 10 s and pushes a grey test picture to it (viewers may see it if "
                "the live room is already open); then the picture quality is set to what the "
                "uplink carries and the stream starts."
            ).format(name=first.name)
        )
        test = box.addButton(self.tr("Test, then go live"), QMessageBox.ButtonRole.AcceptRole)
        now = box.addButton(self.tr("Go live without testing"), QMessageBox.ButtonRole.NoRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(test)

        def answered() -> None:
            clicked = box.clickedButton()
            if clicked is test:
                self.test_uplink(first, typed, go_live=True)
            elif clicked is now:
                self._go_live(typed, True)

        box.finished.connect(lambda _r: answered())
        box.test_button, box.now_button = test, now  # type: ignore[attr-defined]
        self.uplink_question = box
        box.open()

    def test_uplink(
        self,
        first: SavedDestination | None = None,
        typed: dict[str, str] | None = None,
        go_live: bool = False,
    ) -> None:
        """Publish a test stream to the first destination at rising rates for about 10 s,
        then set the quality to the best the uplink carries (never above the chosen one)."""
        if self._busy or self.studio.live:
            return
        if first is None:
            first = next((d for d in self.destinations.all() if d.enabled and testable(d)), None)
            if first is None:
                self.show_message(
                    "action",
                    self.tr(
                        "Add a push destination first (Streaming → Push destinations…): "
                        "the uplink is measured to it."
                    ),
                )
                return
            asked = self._typed_keys() if typed is None else typed
            if asked is None:
                return
            typed = asked
        typed = typed or {}
        store, target = self.destinations, first
        self._set_busy(True)
        self.status.showMessage(
            self.tr("Testing the uplink to {name}… (about 10 s)").format(name=first.name)
        )

        def measure() -> UplinkAdvice:
            destination = store.resolve(target, typed.get(target.dest_id, ""))
            return check_uplink(destination)

        def done(advice: UplinkAdvice) -> None:
            self._set_busy(False)
            self._apply_uplink(target, advice, typed, go_live)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self._on_start_failed(exc)

        self.tasks.run(measure, on_done=done, on_error=failed)

    def ask_viewer_delay(self) -> None:
        """Ask for the playback URL, then measure (the stream must be on: said first)."""
        if not self.studio.live:
            self.show_message(
                "action", self.tr("Start the stream first: the delay is read from its picture.")
            )
            return
        url, ok = QInputDialog.getText(
            self,
            self.tr("Measure the viewers' delay"),
            self.tr(
                "While the stream is on, paste its playback URL as viewers get it (the "
                "platform's or CDN's RTMP, HTTP-FLV or .m3u8 address). The studio plays it "
                "for about 10 s and reads the time in the picture."
            ),
        )
        if ok and url.strip():
            self.measure_viewer_delay(url.strip())

    def measure_viewer_delay(self, url: str, seconds: float = 10.0) -> None:
        """Play `url`, read the studio's time stamps, and keep the delay for link-ups synced
        to viewers (the running show takes it at once)."""
        if not self.studio.live:
            self.show_message(
                "action", self.tr("Start the stream first: the delay is read from its picture.")
            )
            return
        self.delay_action.setEnabled(False)
        self.status.showMessage(self.tr("Measuring the viewers' delay… (about 10 s)"))
        studio = self.studio

        def done(result: LatencyResult) -> None:
            self.delay_action.setEnabled(True)
            delay = round(result.median_s, 2)
            self.settings.setValue("show/viewer_delay_s", delay)
            self.settings.sync()
            show = studio.show
            if show is not None:  # with the host's other show actions, never on this thread
                self.tasks.in_order(
                    lambda: show.set_viewer_delay(delay),
                    on_error=lambda exc: self.show_message("error", str(exc)),
                )
            self.last_viewer_delay = result
            self.show_message(
                "info",
                self.tr(
                    "Viewers see the picture {delay} s late ({kind}); link-ups synced to "
                    "viewers now use it."
                ).format(delay=f"{delay:.1f}", kind=result.kind.upper()),
            )

        def failed(exc: BaseException) -> None:
            self.delay_action.setEnabled(True)
            self.show_message("error", render(exc.args[0]) if exc.args else str(exc))

        self.tasks.run(lambda: measure_viewer_delay(url, seconds), on_done=done, on_error=failed)

    def _apply_uplink(
        self, target: SavedDestination, advice: UplinkAdvice, typed: dict[str, str], go_live: bool
    ) -> None:
        self.settings.setValue(f"uplink/{target.dest_id}/kbps", advice.uplink_kbps)
        self.settings.setValue(f"uplink/{target.dest_id}/at", str(time.time()))
        self.last_uplink = advice
        chosen = str(self.quality.currentData())
        fitting = lower_quality(chosen, advice.quality or QUALITY_ORDER[0])
        if fitting != chosen:
            self._select(self.quality, fitting)
        more = "+" if advice.capped else ""
        summary = self.tr("Uplink about {kbps} kbps: {quality}").format(
            kbps=f"{advice.uplink_kbps:,}{more}", quality=self.quality.currentText()
        )
        if fitting != chosen:
            summary += self.tr(" (lowered from {old})").format(old=quality_label(chosen))
        warning = advice.warning()
        if warning is None:
            self.show_message("info", summary)
            if go_live:
                self._go_live(typed, True)
            return
        self.show_message("error", render(warning))
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("The uplink is too slow"))
        box.setText(render(warning))
        anyway = None
        if go_live:
            anyway = box.addButton(self.tr("Go live anyway"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        box.finished.connect(
            lambda _r: (
                self._go_live(typed, True)
                if anyway is not None and box.clickedButton() is anyway
                else None
            )
        )
        self.uplink_warning = box
        box.open()

    def _on_started(self) -> None:
        self._set_busy(False)
        self._rehearsal_run = self.studio.rehearsal
        self._stats_before = None
        self.stop_button.setEnabled(True)
        self.start_button.setEnabled(False)
        self.rehearsal_box.setEnabled(False)
        self.rehearsal_push.setEnabled(False)
        self._preview_timer.start()
        self._status_timer.start()
        self._update_banner()
        self._update_indicators()
        self.status.showMessage(
            self.tr("Rehearsing") if self.studio.rehearsal else self.tr("Live"), 3000
        )
        self.recovery.after_start()  # a show carried on after a crash: what became of it

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
            set_state(self.banner, "kind", "public")  # not the private amber: seen outside
        else:
            self.banner.setText(self.tr("REHEARSAL — nothing you do here is public"))
            set_state(self.banner, "kind", "private")
        self.banner.setVisible(True)

    def _on_start_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status.clearMessage()
        text = (
            str(exc)
            if isinstance(exc, ConfigError | ValueError | OSError)
            else self.tr("Could not start: {what}").format(what=type(exc).__name__)
        )
        self.show_message("error", text)

    def attach_show(self, show: Show) -> None:
        self.products.attach(show)
        self.host.attach(show)
        self.host.set_sources(*self.studio.comment_sources)

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

    def _on_stopped(self, report: Path | None) -> None:
        self._set_busy(False)
        self._preview_timer.stop()
        self._status_timer.stop()
        self.preview.set_frame(None)
        self.preview.hide_cue()
        self.level.setValue(-60)
        self.sent_level.reset()
        self.banner.setVisible(False)
        self.start_button.setEnabled(True)
        self.rehearsal_box.setEnabled(True)
        self.rehearsal_push.setEnabled(True)
        self.products.detach()
        self.host.detach()
        self.production.set_scene("host")  # the next show starts on the host
        self._stats = None
        self._outputs.clear()
        self._update_indicators()  # off air: nothing may still read as live
        self.status.clearMessage()
        if report is not None:
            self.last_report = report
            self.report_panel.show_report(report)
            self.report_panel.cutting_clips()
            self.tasks.run(
                self.studio.make_clips,
                on_done=lambda clips: self.report_panel.show_clips([c.path for c in clips]),
                on_error=self._on_clips_failed,
            )
            if self._rehearsal_run:  # after a rehearsal the report opens by itself
                self.report_panel.open_report()

    def _on_clips_failed(self, exc: BaseException) -> None:
        self.report_panel.show_clips([])
        self.show_message("error", str(exc))

    def _on_stop_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.show_message("error", self.tr("Stopping failed: {what}").format(what=exc))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.start_button.setEnabled(not busy and not self.studio.live)

    # -- live updates ----------------------------------------------------------------------
    def _paint_preview(self) -> None:
        self.preview.set_frame(self.studio.preview_rgb())
        level, sent = self.studio.level_db(), self.studio.sent_level_db()
        if level is not None and sent is not None:
            self.level.setValue(max(-60, min(0, int(level))))
            self.sent_level.show_levels(level, sent, self.mute.isChecked())

    def _on_output_status(self, status: OutputStatus) -> None:
        self._outputs[status.output] = status
        if status.state is OutputState.FAILED and self._is_push(status.output):
            self._offer_retry(status)
        elif status.state is OutputState.LIVE and status.output in self.failed_boxes:
            self.failed_boxes.pop(status.output).close()  # back on air: nothing to ask

    def _is_push(self, name: str) -> bool:
        return any(d.name == name or d.host == name for d in self._pushed_destinations())

    def _pushed_destinations(self) -> list:  # type: ignore[type-arg]
        session = self.studio.session
        return list(session.config.destinations) if session is not None else []

    def _offer_retry(self, status: OutputStatus) -> None:
        """A destination refused for good: say why, and one click tries again (with a new
        key if the host pastes one). The stream, the recording and the others go on."""
        name = status.output
        box = self.failed_boxes.get(name)
        if box is None:
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setModal(False)
            box.new_key_button = box.addButton(  # type: ignore[attr-defined]
                self.tr("Enter a new stream key…"), QMessageBox.ButtonRole.ActionRole
            )
            box.retry_button = box.addButton(  # type: ignore[attr-defined]
                self.tr("Try again"), QMessageBox.ButtonRole.AcceptRole
            )
            box.addButton(QMessageBox.StandardButton.Close)
            box.buttonClicked.connect(
                lambda button, n=name, b=box: self._on_retry_clicked(n, b, button)
            )
            self.failed_boxes[name] = box
        box.setWindowTitle(self.tr("{name} is not receiving the stream").format(name=name))
        box.setText(
            self.tr("{name}: {why}\n\nThe stream and the recording go on.").format(
                name=name, why=status.reason
            )
        )
        box.show()

    def _on_retry_clicked(self, name: str, box: QMessageBox, button: object) -> None:
        key = ""
        if button is getattr(box, "new_key_button", None):
            key, ok = QInputDialog.getText(
                self,
                self.tr("Stream key"),
                self.tr("New stream key for {name}:").format(name=name),
                QLineEdit.EchoMode.Password,
            )
            if not ok or not key.strip():
                box.show()
                return
            self._keep_new_key(name, key.strip())
        elif button is not getattr(box, "retry_button", None):
            return  # closed: the host will decide later (the status bar keeps saying it)
        self.failed_boxes.pop(name, None)
        studio = self.studio
        self.tasks.run(
            lambda: studio.retry_destination(name, key),
            on_error=lambda exc: self.show_message("error", str(exc)),
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
                self.show_message("warning", str(exc))
            else:
                self.show_message("error", type(exc).__name__)

        self.tasks.run(keep, on_error=failed)

    def _update_status(self) -> None:
        stats = self.studio.stats()
        if stats is None:
            return
        self._stats_before, self._stats = self._stats, stats
        self._update_indicators()

    def _pushes_live(self) -> tuple[int, int]:
        """(destinations on air, destinations) for this stream."""
        stats = self._stats
        pushes = [o for o in stats.outputs if o.kind != "record"] if stats is not None else []
        live = sum(
            1
            for out in pushes
            if (s := self._outputs.get(out.name)) is not None and s.state is OutputState.LIVE
        )
        return live, len(pushes)

    def _update_indicators(self) -> None:
        """The big on-air label, the health chips and the details in the status bar."""
        stats = self._stats if self.studio.live else None
        if stats is None:
            self.on_air.setText(self.tr("Off air"))
            set_state(self.on_air, "state", "off")
            self.uplink_chip.setText(self.tr("Uplink —"))
            self.frames_chip.setText(self.tr("Frames —"))
            self.frames_chip.setToolTip("")
            self.cpu_chip.setText(self.tr("CPU —"))
            for chip in (self.uplink_chip, self.frames_chip, self.cpu_chip):
                set_state(chip, "level", "idle")
            self.stream_stats.setText("")
            return
        clock = _clock(stats.on_air_s)
        live, total = self._pushes_live()
        if self.studio.rehearsal:
            self.on_air.setText(self.tr("Rehearsing {time}").format(time=clock))
            set_state(self.on_air, "state", "rehearsal")
        elif live:
            self.on_air.setText(self.tr("LIVE {time}").format(time=clock))
            set_state(self.on_air, "state", "live")
        else:  # "live" only while a destination really has the stream
            self.on_air.setText(self.tr("Connecting {time}").format(time=clock))
            set_state(self.on_air, "state", "rehearsal")
        if total == 0:
            self.uplink_chip.setText(self.tr("Uplink: this computer only"))
            set_state(self.uplink_chip, "level", "idle")
        else:
            kbps = sum(o.bitrate_kbps for o in stats.outputs if o.kind != "record")
            self.uplink_chip.setText(
                self.tr("Uplink {live}/{total} · {kbps:.0f} kbps").format(
                    live=live, total=total, kbps=kbps
                )
            )
            failed = any(s.state is OutputState.FAILED for s in self._outputs.values())
            level = "ok" if live == total else ("bad" if failed or live == 0 else "warn")
            set_state(self.uplink_chip, "level", level)
        self._update_frames_chip(stats)
        cpu = stats.cpu_percent / (os.cpu_count() or 1)  # of the whole machine, as it feels
        self.cpu_chip.setText(self.tr("CPU {cpu:.0f}%").format(cpu=cpu))
        set_state(
            self.cpu_chip, "level", "bad" if cpu >= CPU_BAD else "warn" if cpu >= CPU_WARN else "ok"
        )
        parts = []
        for out in stats.outputs:
            if out.kind == "record":
                parts.append(self.tr("recording"))
                continue
            state = self._outputs.get(out.name)
            parts.append(f"{out.name}: {self._describe(state)} {out.bitrate_kbps:.0f} kbps")
        parts.append(self.tr("{fps:.0f} fps").format(fps=stats.fps_out))
        if stats.encoded_size and stats.encoded_size != stats.canvas:
            # stepped down on a weak uplink: say so, the host sees a softer picture
            parts.append(self.tr("sending {size} (weak uplink)").format(size=stats.encoded_size))
        self.stream_stats.setText("  |  ".join(parts))

    def _update_frames_chip(self, stats: StreamStats) -> None:
        """Frames made, missed and dropped, coloured by OBS's thresholds (studio.core.health)."""
        health = frame_health(stats, self._stats_before)
        self.frames_chip.setText(
            self.tr("{fps:.0f}/{target} fps · missed {missed} · dropped {dropped}").format(
                fps=health.fps,
                target=health.fps_target,
                missed=health.missed,
                dropped=health.dropped,
            )
        )
        self.frames_chip.setToolTip(
            self.tr(
                "Drawing a frame takes {render:.0f} ms of the {frame:.0f} ms it has.\n"
                "Missed: frames this computer did not make in time (turn off a picture tool "
                "or choose a lower quality).\nDropped: frames the uplink could not carry."
            ).format(render=health.render_ms, frame=health.frame_ms)
        )
        level = {Level.OK: "ok", Level.WARN: "warn", Level.BAD: "bad"}[health.level]
        set_state(self.frames_chip, "level", level)

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
        """A short message that says what to do; errors also stay in the status bar. A "cue"
        (the show's "click 讲解 in the console now", at each link-up's zero) is a notice over
        the preview: a box there took the focus and hid the picture mid-show."""
        self.status.showMessage(text, 0 if level == "error" else 8000)
        if level == "cue":
            self.preview.show_cue(text)
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
            self.resize(FIRST_SIZE)  # or the screen, if smaller (WindowLayout.start)
        self._select(self.quality, self.settings.value("quality", "720p"))
        portrait = str(self.settings.value("portrait", "true")).lower() == "true"
        self._select(self.orientation, portrait)
        # never remembered: every launch starts in rehearsal, going public is always a
        # deliberate untick (a live show's choice must not carry over to the next launch)
        self.rehearsal_box.setChecked(True)
        self.resolution_steps.setChecked(
            str(self.settings.value("resolution_steps", "true")).lower() == "true"
        )

    def save_settings(self) -> None:
        """Layout and last choices (never keys or tokens: those are in the keyring)."""
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.window_layout.saved_state())  # the wide one
        s.setValue("camera", self.camera.currentData())
        s.setValue("microphone", self.microphone.currentData())
        s.setValue("quality", self.quality.currentData())
        s.setValue("portrait", "true" if self.orientation.currentData() else "false")
        s.setValue("resolution_steps", "true" if self.resolution_steps.isChecked() else "false")
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._quitting:  # the stream is stopping: the window closes when it has
            event.ignore()
            return
        if self.studio.live:
            if not self.force_close:  # a logout or `kill` cannot be asked
                answer = QMessageBox.question(
                    self, self.tr("Quit"), self.tr("Stop the stream and quit?")
                )
                if answer != QMessageBox.StandardButton.Yes:
                    event.ignore()
                    return
                event.ignore()
                self._stop_then_close()
                return
            # the app is exiting now (SIGTERM): the stop runs on a worker, as Quit's does, and
            # the app's shutdown waits for it (the recording finished, the journal told)
            self.tasks.run(self.studio.stop)
        self.save_settings()
        event.accept()

    def _stop_then_close(self) -> None:
        """Quitting while live: the stream stops on a worker (the window keeps painting and
        answering meanwhile) and the window closes when it has. A stop slower than
        QUIT_WAIT_S is said; after QUIT_GIVE_UP_S the window closes anyway and the app's
        shutdown waits for the stop, so the recording and the report are still written."""
        self._quitting = True
        self._set_busy(True)
        self.stop_button.setEnabled(False)
        self.status.showMessage(self.tr("Stopping the stream, then quitting…"))

        def closed(_result: object = None) -> None:
            if self._quitting:
                self._quitting = False
                self.close()

        def slow() -> None:
            if self._quitting:
                self.show_message(
                    "warning",
                    self.tr(
                        "The stream is slow to stop: the studio quits as soon as it has "
                        "stopped (the recording and the report are kept)."
                    ),
                )

        self.tasks.run(self.studio.stop, on_done=closed, on_error=lambda _exc: closed())
        QTimer.singleShot(QUIT_WAIT_S * 1000, slow)
        QTimer.singleShot(QUIT_GIVE_UP_S * 1000, closed)
