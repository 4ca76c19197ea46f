"""The production panel: clean sound, beauty, green screen, the close-up, and the scenes.

Every choice is remembered (QSettings, never a secret among them) and, while live, applied at
once, off the GUI thread (a backdrop clip or a second camera takes a moment to open). A
slider's drag is applied when it rests, not at every step. The scene buttons (F1-F4 anywhere
in the window) switch what the stream shows with a short fade.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from studio.core.guard import KNOBS, parse_order
from studio.core.picture import BLUR, PictureTools
from studio.core.scenes import SCENES, SceneSources
from studio.qt.widgets import Retranslating, device_label

# the frame guard's orders the host picks from (studio.core.guard): what goes down first
GUARD_ORDERS = (
    "cutout,preset,resolution",
    "preset,cutout,resolution",
    "resolution,preset,cutout",
    "off",
)
MEDIA_FILTER = "*.mp4 *.mov *.mkv *.flv *.webm *.png *.jpg *.jpeg *.bmp *.webp"


def _pick_file(parent: QWidget, title: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", MEDIA_FILTER)
    return path


class _FileField(QWidget):
    """A chosen file's name with Choose… and Clear."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the name on a line of its own, the buttons under it: beside them in a narrow panel
        # it was cut to "无（用虚化…" (found by a first-time user)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.name = QLabel()
        self.name.setObjectName("muted")
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.name.setMinimumWidth(1)
        self.name.setWordWrap(True)
        self.choose = QPushButton()
        self.clear = QPushButton()
        column.addWidget(self.name)
        row = QHBoxLayout()
        row.addWidget(self.choose)
        row.addWidget(self.clear)
        row.addStretch(1)
        column.addLayout(row)
        self._words = ""
        self.path = ""
        self.title = ""
        self.none_text = ""
        self.choose.clicked.connect(self._choose)
        self.clear.clicked.connect(lambda: self.set_path("", emit=True))

    def _choose(self) -> None:
        path = _pick_file(self, self.title)
        if path:
            self.set_path(path, emit=True)

    def set_path(self, path: str, emit: bool = False) -> None:
        self.path = path
        self._words = Path(path).name if path else self.none_text
        self.name.setToolTip(path or self.none_text)
        self._fit()
        self.clear.setEnabled(bool(path))
        if emit:
            self.changed.emit(path)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def _fit(self) -> None:
        """The whole words, wrapped in the panel's width; the line is as tall as they need
        (a form in a scrolling dock does not ask a label's height for its width)."""
        self.name.setText(self._words)
        width = self.width() if self.isVisible() and self.width() >= 120 else 100_000
        box = self.name.fontMetrics().boundingRect(
            QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, self._words or " "
        )
        self.name.setFixedHeight(box.height() + 2)


class ProductionPanel(Retranslating, QWidget):
    tools_changed = Signal(object)  # PictureTools
    denoise_changed = Signal(bool)
    scene_requested = Signal(str)
    scenes_changed = Signal(object)  # SceneSources
    guard_changed = Signal(object)  # the frame guard's order, a tuple of knobs (() = off)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        layout = QVBoxLayout(self)

        self.sound_box = QGroupBox()
        sound = QVBoxLayout(self.sound_box)
        self.denoise = QCheckBox()
        sound.addWidget(self.denoise)
        layout.addWidget(self.sound_box)

        self.beauty_box = QGroupBox()
        beauty = QFormLayout(self.beauty_box)
        self.beauty = QSlider(Qt.Orientation.Horizontal)
        self.beauty.setRange(0, 100)
        self.beauty.setSingleStep(1)
        self.beauty.setPageStep(5)  # a click on the track nudges; a drag makes big changes
        self.beauty_value = QLabel("0")
        self.beauty_value.setMinimumWidth(28)
        row = QHBoxLayout()
        row.addWidget(self.beauty, 1)
        row.addWidget(self.beauty_value)
        self.beauty_label, self.look_label = QLabel(), QLabel()
        beauty.addRow(self.beauty_label, row)
        self.look = QComboBox()
        for code in ("natural", "warm", "fresh"):
            self.look.addItem("", code)
        beauty.addRow(self.look_label, self.look)
        layout.addWidget(self.beauty_box)

        self.key_box = QGroupBox()
        self.key_box.setCheckable(True)
        key = QFormLayout(self.key_box)
        self.key_colour = QComboBox()  # the method: the model, or a screen's colour
        self.key_colour.addItem("", "person")
        self.key_colour.addItem("", "green")
        self.key_colour.addItem("", "blue")
        self.key_colour.addItem("", "custom")
        self.custom_colour = "#00ff00"
        self.background = _FileField()
        self.key_colour_label, self.background_label = QLabel(), QLabel()
        key.addRow(self.key_colour_label, self.key_colour)
        key.addRow(self.background_label, self.background)
        self.blur = QCheckBox()  # the room itself, blurred (the cutout only)
        key.addRow("", self.blur)
        layout.addWidget(self.key_box)

        self.pip_box = QGroupBox()
        pip = QFormLayout(self.pip_box)
        self.closeup = QComboBox()
        self.closeup.addItem("", "")
        self.closeup.addItem("", "file")
        self.closeup_file = ""
        self.corner = QComboBox()
        for code in ("bottom-right", "bottom-left", "top-right", "top-left"):
            self.corner.addItem("", code)
        self.pip_size = QSlider(Qt.Orientation.Horizontal)
        self.pip_size.setRange(15, 50)
        self.closeup_label, self.corner_label, self.size_label = QLabel(), QLabel(), QLabel()
        pip.addRow(self.closeup_label, self.closeup)
        pip.addRow(self.corner_label, self.corner)
        pip.addRow(self.size_label, self.pip_size)
        self.product_video = _FileField()
        self.product_label = QLabel()
        pip.addRow(self.product_label, self.product_video)
        layout.addWidget(self.pip_box)

        # what the studio turns down first when this PC falls behind (the frame guard)
        self.guard_box = QGroupBox()
        guard = QVBoxLayout(self.guard_box)
        self.guard = QComboBox()
        for order in GUARD_ORDERS:
            self.guard.addItem("", order)
        guard.addWidget(self.guard)
        # what the viewers see change, in turn, with the order chosen
        self.guard_effect = QLabel()
        self.guard_effect.setWordWrap(True)
        guard.addWidget(self.guard_effect)
        self.guard.currentIndexChanged.connect(self._say_guard_effect)
        layout.addWidget(self.guard_box)

        # the scene buttons sit in the window's bottom bar (the host reaches for them mid-show)
        # (one row; two rows of two in a compact window, never cut: studio.qt.layout)
        self.scenes_box = QWidget()
        grid = QGridLayout(self.scenes_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.scenes_grid = grid
        self.scene_group = QButtonGroup(self)
        self.scene_group.setExclusive(True)
        self.scene_buttons: dict[str, QPushButton] = {}
        for i, name in enumerate(SCENES):
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("scene", name)
            # as wide as each other (Ignored), never narrower than the widest's words
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _c=False, n=name: self.scene_requested.emit(n))
            self.scene_group.addButton(button, i)
            grid.addWidget(button, 0, i)
            self.scene_buttons[name] = button
        self.scene_buttons["host"].setChecked(True)
        layout.addWidget(self.scenes_box)
        self.note = QLabel("")
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addStretch(1)

        self._apply_timer = QTimer(self)
        self._apply_timer.setSingleShot(True)
        self._apply_timer.setInterval(200)  # a drag settles before it is applied
        self._apply_timer.timeout.connect(lambda: self.tools_changed.emit(self.tools()))
        self._restore()
        self.denoise.toggled.connect(self._on_denoise)
        self.beauty.valueChanged.connect(self._on_beauty)
        self.look.activated.connect(lambda _i: self._changed())
        self.key_box.toggled.connect(lambda _on: self._changed())
        self.key_colour.activated.connect(self._on_key_colour)
        self.background.changed.connect(lambda _p: self._changed())
        self.blur.toggled.connect(lambda _on: self._on_method())
        self.closeup.activated.connect(self._on_closeup)
        self.corner.activated.connect(lambda _i: self._changed())
        self.pip_size.valueChanged.connect(lambda _v: self._changed())
        self.product_video.changed.connect(lambda _p: self._scenes_changed())
        self.guard.activated.connect(self._on_guard)
        self.retranslate()

    # -- what the panel says ---------------------------------------------------------------
    def tools(self) -> PictureTools:
        method = str(self.key_colour.currentData())
        on = self.key_box.isChecked()
        cutout = on and method == "person"
        # a click never blacks out a live picture: the cutout without a picture of its own
        # stands in front of the room blurred, and a coloured screen is keyed only once
        # there is something to put behind it
        picture = self.background.path if on else ""
        background = BLUR if cutout and (self.blur.isChecked() or not picture) else picture
        keyed = on and not cutout and bool(picture)
        key = (self.custom_colour if method == "custom" else method) if keyed else ""
        return PictureTools(
            beauty=self.beauty.value(),
            look=str(self.look.currentData()),
            key=key,
            cutout=cutout,
            background=background,
            pip=self.closeup_spec(),
            pip_corner=str(self.corner.currentData()),
            pip_size=self.pip_size.value() / 100,
        )

    def _guard_effect(self, order: str) -> str:
        """What the viewers see change when the PC falls behind, in that order, in plain words
        (no cutout on: its step is skipped)."""
        knobs = parse_order(order)
        if not knobs:
            return self.tr("Nothing is lowered: when the PC falls behind, the picture stutters.")
        seen = {
            "cutout": self.tr("the cutout's edge follows quick moves a little later"),
            "preset": self.tr("the picture gets a little softer"),
            "resolution": self.tr("the picture sent gets smaller (less sharp on big screens)"),
        }
        first, then, last = (seen[k] for k in knobs)
        return self.tr("Viewers see, in turn: first {first}; then {then}; last {last}.").format(
            first=first, then=then, last=last
        )

    def _say_guard_effect(self, _index: int = -1) -> None:
        self.guard_effect.setText(self._guard_effect(str(self.guard.currentData())))

    def guard_order(self) -> tuple[str, ...]:
        """The frame guard's knobs in the host's order; () when it is off."""
        return parse_order(str(self.guard.currentData()))

    def _on_guard(self, _index: int) -> None:
        self.settings.setValue("production/guard", self.guard.currentData())
        self.guard_changed.emit(self.guard_order())

    def tools_off(self) -> None:
        """Beauty, look, cutout or key and the close-up, off (as the engine has them after a
        tool failed); remembered so."""
        self.beauty.setValue(0)
        self.look.setCurrentIndex(self.look.findData("natural"))
        self.key_box.setChecked(False)
        self.closeup.setCurrentIndex(0)
        self._changed()
        self._scenes_changed()

    def closeup_spec(self) -> str:
        data = self.closeup.currentData()
        return self.closeup_file if data == "file" else str(data or "")

    def scene_sources(self) -> SceneSources:
        return SceneSources(closeup=self.closeup_spec(), product_video=self.product_video.path)

    def add_sources(self, found: dict[str, list[str]]) -> None:
        """The cameras and screens found, as close-up choices."""
        for entry in [*found.get("cameras", []), *found.get("screens", [])]:
            spec, label = device_label(entry)
            if self.closeup.findData(spec) < 0:
                self.closeup.insertItem(self.closeup.count() - 1, label, spec)
        saved = str(self.settings.value("production/closeup", ""))
        index = self.closeup.findData(saved)
        if index >= 0:
            self.closeup.setCurrentIndex(index)
        self._update_scene_buttons()

    def set_scene(self, scene: str) -> None:
        button = self.scene_buttons.get(scene)
        if button is not None:
            button.setChecked(True)

    # -- changes ---------------------------------------------------------------------------
    def _on_denoise(self, on: bool) -> None:
        self.settings.setValue("production/denoise", "true" if on else "false")
        self.denoise_changed.emit(on)

    def _on_beauty(self, value: int) -> None:
        self.beauty_value.setText(str(value))
        self._changed()

    def _on_key_colour(self, _index: int) -> None:
        if self.key_colour.currentData() == "custom":
            from PySide6.QtGui import QColor

            colour = QColorDialog.getColor(QColor(self.custom_colour), self, self.tr("Key colour"))
            if colour.isValid():
                self.custom_colour = colour.name()
        self._on_method()

    def _on_method(self) -> None:
        self._update_method()
        self._changed()

    def _update_method(self) -> None:
        """Blur is the cutout's alone; with it on, no picture is chosen."""
        person = self.key_colour.currentData() == "person"
        self.blur.setEnabled(person)
        self.background.setEnabled(not (person and self.blur.isChecked()))
        self.background.none_text = (
            self.tr("None (the room, blurred)")
            if person
            else self.tr("None (choose one to replace the screen)")
        )
        self.background.set_path(self.background.path)

    def _on_closeup(self, _index: int) -> None:
        if self.closeup.currentData() == "file":
            path = _pick_file(self, self.tr("Choose the close-up video or picture"))
            if path:
                self.closeup_file = path
            elif not self.closeup_file:
                self.closeup.setCurrentIndex(0)
        self._changed()
        self._scenes_changed()

    def _changed(self) -> None:
        self._save()
        self._apply_timer.start()

    def _scenes_changed(self) -> None:
        self._save()
        self._update_scene_buttons()
        self.scenes_changed.emit(self.scene_sources())

    def _update_scene_buttons(self) -> None:
        sources = self.scene_sources()
        for name, button in self.scene_buttons.items():
            problem = sources.missing(name)
            button.setEnabled(problem is None)
            button.setToolTip("" if problem is None else self._missing_text(name))

    def _missing_text(self, scene: str) -> str:
        if scene == "closeup":
            return self.tr("Choose a close-up source below first")
        return self.tr("Choose a product video below first")

    # -- remembered ------------------------------------------------------------------------
    def _save(self) -> None:
        s = self.settings
        t = self.tools()
        s.setValue("production/beauty", t.beauty)
        s.setValue("production/look", t.look)
        s.setValue("production/key_on", "true" if self.key_box.isChecked() else "false")
        s.setValue("production/key_colour", self.key_colour.currentData())
        s.setValue("production/custom_colour", self.custom_colour)
        s.setValue("production/background", self.background.path)
        s.setValue("production/blur", "true" if self.blur.isChecked() else "false")
        s.setValue("production/closeup", self.closeup.currentData() or "")
        s.setValue("production/closeup_file", self.closeup_file)
        s.setValue("production/corner", t.pip_corner)
        s.setValue("production/pip_size", self.pip_size.value())
        s.setValue("production/product_video", self.product_video.path)

    def _restore(self) -> None:
        s = self.settings

        def select(combo: QComboBox, value: object) -> None:
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)

        self.denoise.setChecked(str(s.value("production/denoise", "true")) == "true")
        try:
            beauty = int(str(s.value("production/beauty", 0)))
        except ValueError:
            beauty = 0
        self.beauty.setValue(max(0, min(100, beauty)))
        self.beauty_value.setText(str(self.beauty.value()))
        select(self.look, s.value("production/look", "natural"))
        self.key_box.setChecked(str(s.value("production/key_on", "false")) == "true")
        select(self.key_colour, s.value("production/key_colour", "person"))
        self.blur.setChecked(str(s.value("production/blur", "true")) == "true")  # never black
        self._update_method()
        self.custom_colour = str(s.value("production/custom_colour", "#00ff00"))
        self.background.set_path(_existing(s.value("production/background", "")))
        self.closeup_file = _existing(s.value("production/closeup_file", ""))
        select(self.closeup, s.value("production/closeup", ""))
        select(self.corner, s.value("production/corner", "bottom-right"))
        try:
            size = int(str(s.value("production/pip_size", 30)))
        except ValueError:
            size = 30
        self.pip_size.setValue(max(15, min(50, size)))
        self.product_video.set_path(_existing(s.value("production/product_video", "")))
        select(self.guard, s.value("production/guard", ",".join(KNOBS)))

    # -- words -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.sound_box.setTitle(self.tr("Sound"))
        self.denoise.setText(self.tr("Noise suppression"))
        self.denoise.setToolTip(
            self.tr("Takes fans, crowds and compressors out of your voice; adds 31 ms.")
        )
        self.beauty_box.setTitle(self.tr("Beauty"))
        self.beauty_label.setText(self.tr("Smoothing"))
        self.look_label.setText(self.tr("Look"))
        for code, text in (
            ("natural", self.tr("Natural")),
            ("warm", self.tr("Warm")),
            ("fresh", self.tr("Fresh")),
        ):
            self.look.setItemText(self.look.findData(code), text)
        self.key_box.setTitle(self.tr("Cut out and new background"))
        self.key_colour_label.setText(self.tr("How"))
        for code, text in (
            ("person", self.tr("Smart cutout (no green screen)")),
            ("green", self.tr("Green screen")),
            ("blue", self.tr("Blue screen")),
            ("custom", self.tr("A screen of another colour…")),
        ):
            self.key_colour.setItemText(self.key_colour.findData(code), text)
        self.key_colour.setToolTip(
            self.tr(
                "Smart cutout finds you in the picture by itself; a green or blue screen "
                "behind you gives the cleanest edge."
            )
        )
        self.background_label.setText(self.tr("Background"))
        self.blur.setText(self.tr("Blur the room instead"))
        self.pip_box.setTitle(self.tr("Close-up and product video"))
        self.closeup_label.setText(self.tr("Close-up"))
        self.closeup.setItemText(self.closeup.findData(""), self.tr("None"))
        self.closeup.setItemText(self.closeup.findData("file"), self.tr("A video or picture…"))
        self.corner_label.setText(self.tr("Corner"))
        for code, text in (
            ("bottom-right", self.tr("Bottom right")),
            ("bottom-left", self.tr("Bottom left")),
            ("top-right", self.tr("Top right")),
            ("top-left", self.tr("Top left")),
        ):
            self.corner.setItemText(self.corner.findData(code), text)
        self.size_label.setText(self.tr("Size"))
        self.guard_box.setTitle(self.tr("When the PC falls behind"))
        for order, text in (
            ("cutout,preset,resolution", self.tr("Cutout, sharpness, size")),
            ("preset,cutout,resolution", self.tr("Sharpness, cutout, size")),
            ("resolution,preset,cutout", self.tr("Size, sharpness, cutout")),
            ("off", self.tr("Nothing (frames drop)")),
        ):
            index = self.guard.findData(order)
            self.guard.setItemText(index, text)
            effect = self._guard_effect(order)
            self.guard.setItemData(index, effect, Qt.ItemDataRole.ToolTipRole)
        self.guard.setToolTip(
            self.tr(
                "Before frames are lost, the studio lowers these one step at a time, in this "
                "order, says so, and steps back up when there is room."
            )
        )
        self._say_guard_effect()
        self.product_label.setText(self.tr("Product video"))
        for field in (self.background, self.product_video):
            field.choose.setText(self.tr("Choose…"))
            field.clear.setText(self.tr("Clear"))
            field.none_text = self.tr("None")
            field.set_path(field.path)
        self._update_method()  # the background's "none" says what stands behind instead
        self.background.title = self.tr("Choose the background picture or video")
        self.product_video.title = self.tr("Choose the product video")
        self.scenes_box.setToolTip(self.tr("Scenes: F1-F4 switch them while live"))
        for key, (name, text) in zip(
            ("F1", "F2", "F3", "F4"),
            (
                # short: four of them share the width under the picture
                ("host", self.tr("Host", "scene")),
                ("closeup", self.tr("Close-up", "scene")),
                ("product", self.tr("Product", "scene")),
                ("brb", self.tr("Be back", "scene")),
            ),
            strict=True,
        ):
            self.scene_buttons[name].setText(f"{text}  {key}")
        widest = max(b.sizeHint().width() for b in self.scene_buttons.values())
        for button in self.scene_buttons.values():
            button.setMinimumWidth(widest)
        self._update_scene_buttons()

    def set_compact(self, on: bool) -> None:
        """A compact window (studio.qt.layout): the scene buttons in two rows of two."""
        for i, button in enumerate(self.scene_buttons.values()):
            self.scenes_grid.removeWidget(button)
            row, column = divmod(i, 2) if on else (0, i)
            self.scenes_grid.addWidget(button, row, column)


def _existing(value: object) -> str:
    """A remembered path, if the file is still there."""
    path = str(value or "")
    return path if path and Path(path).is_file() else ""
