"""The studio window: the on-air bar, the preview, sources, products, host aids, start and stop.

A thin view over `studio.app.studio.Studio` (napari's habit: the model knows nothing of the
view). Slow calls go through the task runner; the preview is painted from the latest composed
frame by a timer at the stream's rate and never waits for the engine.

Every visible word is set in `retranslate()` (Qt Designer's `retranslateUi` habit), which runs
at construction and again on `LanguageChange`: switching the language keeps the window, the
imported products, the choices and a running show exactly as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    QLabel,
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

from studio.app.destinations import DestinationStore
from studio.app.paths import data_dir
from studio.app.show import Show
from studio.app.studio import StreamChoice, Studio
from studio.core.messages import Message, render, said
from studio.core.picture import PictureTools
from studio.core.scenes import SCENES
from studio.core.state import OutputStatus
from studio.qt.destination_retry import DestinationRetry
from studio.qt.destinations_dialog import DestinationsDialog
from studio.qt.go_live import GoLive
from studio.qt.health_chips import HealthChips
from studio.qt.help import open_folder, show_about
from studio.qt.host_panel import HostPanel
from studio.qt.layout import DOCK_WIDTHS, FIRST_SIZE, WindowLayout, flip_box, restyle
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
    platform_detail,
    platform_label,
    platform_short,
)
from studio.qt.tasks import TaskRunner
from studio.qt.theme import THEMES, set_icon, set_state
from studio.qt.viewer_delay import ViewerDelay
from studio.qt.widgets import (
    ElidedButton,
    Retranslating,
    SentIndicator,
    WheelGuard,
    add_devices,
    quality_combo,
    retranslate_quality,
    select,
)

PREVIEW_FPS = 30
QUIT_WAIT_S, QUIT_GIVE_UP_S = 10, 60  # quitting while live: say it is slow; close anyway


class MainWindow(Retranslating, QMainWindow):
    """One window for the whole session. `language_requested` and `theme_requested` ask the
    application to switch; the window follows in place (`changeEvent`)."""

    language_requested = Signal(str)
    theme_requested = Signal(str)
    # the error in the status bar as a Message and as worded, to word it again on a switch
    _status_said: tuple[Message, str] | None = None

    def __init__(self, studio: Studio, tasks: TaskRunner, settings: QSettings) -> None:
        super().__init__()
        self.studio, self.tasks, self.settings = studio, tasks, settings
        self.setObjectName("mainWindow")
        self.busy = False  # a start, a stop or an uplink test is under way
        self.last_report: Path | None = None
        self.force_close = False  # closing without asking (a logout, SIGTERM)
        self._quitting = False  # Quit while live: waiting for the stream to stop
        self._rehearsal_run = False
        self.destinations = DestinationStore()
        # the operations (Anki's habit): each owns its flow and its questions
        self.golive = GoLive(self)
        self.viewer_delay = ViewerDelay(self)
        self.health = HealthChips(studio, self)

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
        self.start_button.clicked.connect(self.golive.start)
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
        self.products.countdown_ticked.connect(self.host.follow_countdown)  # one clock
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
                self.report_panel.set_compact,
                flip_box(bar),
                restyle(self.on_air, *self.health.chips),
            ],
        )

        self.status = QStatusBar()
        self.setStatusBar(self.status)
        self.status.addPermanentWidget(self.stream_stats)
        self.retry = DestinationRetry(
            studio, tasks, self.destinations, self.show_message, self.status, self
        )

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
        self._spare_frame: Any = None  # the preview's last picture, drawn over by the next
        self._preview_timer.setInterval(1000 // PREVIEW_FPS)
        self._preview_timer.timeout.connect(self._paint_preview)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(1000)
        self._status_timer.timeout.connect(self.health.sample)

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
        self.health.add_to(bar)
        # the chips' widgets, as the layout and a look at the window want them
        self.on_air, self.stream_stats = self.health.on_air, self.health.stream_stats
        self.uplink_chip, self.frames_chip, self.cpu_chip = self.health.chips
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
        # the machine check's verdict is the quality's tooltip until the choice changes
        self.quality.currentIndexChanged.connect(lambda _i: self.quality.setToolTip(""))
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
        self.sources_scroll, self.sources_column = scroll, column
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
        scroll, column = self.sources_scroll, self.sources_column
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
        self.uplink_action.triggered.connect(lambda: self.golive.test_uplink())
        self.streaming_menu.addAction(self.uplink_action)
        # what this PC holds with the host's tools: measured before a new canvas or new tools
        # go out (on by default), and on demand
        self.machine_action = QAction(self)
        self.machine_action.triggered.connect(lambda: self.golive.check_machine())
        self.streaming_menu.addAction(self.machine_action)
        self.machine_check_first = QAction(self, checkable=True)
        self.machine_check_first.setChecked(
            str(self.settings.value("machine_check", "true")).lower() == "true"
        )
        self.machine_check_first.toggled.connect(
            lambda on: self.settings.setValue("machine_check", "true" if on else "false")
        )
        self.streaming_menu.addAction(self.machine_check_first)
        self.delay_action = QAction(self)
        self.delay_action.triggered.connect(self.viewer_delay.ask)
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
        said_last = self._status_said
        if said_last is not None and self.status.currentMessage() == said_last[1]:
            message = said_last[0]
            self._status_said = (message, render(message))  # the error still shown, reworded
            self.status.showMessage(self._status_said[1])
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
        self.machine_action.setText(self.tr("Check this computer with my tools…"))
        self.machine_check_first.setText(
            self.tr("Check this computer before a new quality or new tools go out")
        )
        self.machine_check_first.setStatusTip(
            self.tr(
                "A few seconds of a test picture with the tools you have on, drawn and encoded "
                "before the stream starts: the quality is lowered if this computer would drop "
                "frames. Measured once for each quality and set of tools."
            )
        )
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
        self.update_link_platform()
        self._update_banner()
        self.health.refresh()

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
            self.show_message("error", exc)

        self.tasks.run(lambda: self.studio.switch_source(spec), on_done=switched, on_error=failed)

    def _switch_microphone(self, _index: int) -> None:
        if not self.studio.live:
            return
        spec = self.microphone.currentData()
        self.tasks.run(  # the microphone opens on its own thread: no need to block the window
            lambda: self.studio.switch_audio(spec),
            on_error=lambda exc: self.show_message("error", exc),
        )

    # -- production tools and scenes -------------------------------------------------------
    def _apply_tools(self, tools: PictureTools) -> None:
        if not self.studio.live:
            return  # kept for the next go-live
        self.tasks.run(
            lambda: self.studio.set_tools(tools),
            on_error=lambda exc: self.show_message("error", exc),
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
                on_error=lambda exc: self.show_message("error", exc),
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
        self.show_message("error", exc)

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
        select(self.camera, self.settings.value("camera", "test"))
        select(self.microphone, self.settings.value("microphone", "tone"))

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

    def update_link_platform(self) -> None:
        # the name and the login state first (a narrow button cuts its end); the whole
        # choice and what it does in the tooltip
        spec = chosen_platform(self.settings)
        text = self.tr("Live link-ups: {platform}").format(platform=platform_short(spec))
        self.link_platform.set_whole_text(text)
        self.link_platform.setToolTip(
            self.tr("Live link-ups: {platform}").format(platform=platform_label(spec))
            + "\n"
            + platform_detail(spec)
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
        dialog.accepted.connect(self.update_link_platform)
        dialog.accepted.connect(
            lambda: self.status.showMessage(self.tr("Link-up settings saved."), 5000)
        )
        dialog.setModal(True)
        dialog.show()
        return dialog

    def _apply_recommended(self, quality: str, portrait: bool) -> None:
        select(self.quality, quality)
        select(self.orientation, portrait)

    def on_started(self) -> None:
        """On air (the go-live flow's end): the window turns to the running stream."""
        self.set_busy(False)
        self._rehearsal_run = self.studio.rehearsal
        self.health.started()
        self.stop_button.setEnabled(True)
        self.start_button.setEnabled(False)
        self.rehearsal_box.setEnabled(False)
        self.rehearsal_push.setEnabled(False)
        self._preview_timer.start()
        self._status_timer.start()
        self._update_banner()
        self.health.refresh()
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
        self.set_busy(True)
        self.stop_button.setEnabled(False)
        self.status.showMessage(self.tr("Stopping…"))
        self.tasks.run(self.studio.stop, on_done=self._on_stopped, on_error=self._on_stop_failed)

    def _on_stopped(self, report: Path | None) -> None:
        self.set_busy(False)
        self._preview_timer.stop()
        self._status_timer.stop()
        self.preview.set_frame(None)
        self._spare_frame = None  # nothing drawn until the next show
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
        self.health.reset()  # off air: nothing may still read as live
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
        self.show_message("error", exc)

    def _on_stop_failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.show_message("error", self.tr("Stopping failed: {what}").format(what=exc))

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.start_button.setEnabled(not busy and not self.studio.live)

    def _on_output_status(self, status: OutputStatus) -> None:
        self.health.on_output_status(status)
        self.retry.on_output_status(status)

    def _paint_preview(self) -> None:
        # the picture shown until now is drawn over for the next: no new array 30 times a second
        self._spare_frame = self.preview.set_frame(self.studio.preview_rgb(out=self._spare_frame))
        level, sent = self.studio.level_db(), self.studio.sent_level_db()
        if level is not None and sent is not None:
            self.level.setValue(max(-60, min(0, int(level))))
            self.sent_level.show_levels(level, sent, self.mute.isChecked())

    def show_message(self, level: str, text: str | Message | BaseException) -> None:
        """A short message that says what to do; errors also stay in the status bar. A "cue"
        (the show's "click 讲解 in the console now", at each link-up's zero) is a notice over
        the preview: a box there took the focus and hid the picture mid-show. An error (or a
        Message) is worded here, in the window's language, and worded again in the status bar
        when the language changes while it is still there."""
        if isinstance(text, BaseException):
            text = said(text)
        message = text if isinstance(text, Message) else None
        text = render(text)
        self._status_said = (message, text) if message is not None else None
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
        select(self.quality, self.settings.value("quality", "720p"))
        portrait = str(self.settings.value("portrait", "true")).lower() == "true"
        select(self.orientation, portrait)
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
        self.golive.cancel_check()  # a machine check measuring: it stops within a moment
        self.save_settings()
        event.accept()

    def _stop_then_close(self) -> None:
        """Quitting while live: the stream stops on a worker (the window keeps painting and
        answering meanwhile) and the window closes when it has. A stop slower than
        QUIT_WAIT_S is said; after QUIT_GIVE_UP_S the window closes anyway and the app's
        shutdown waits for the stop, so the recording and the report are still written."""
        self._quitting = True
        self.set_busy(True)
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
