"""The first run: language, a live camera and microphone check, a machine check, then rehearse.

The language comes first and the rest of the wizard speaks it at once (the translation is
swapped and every page retranslates in place). Everything slow (opening the camera, the
machine check) runs in the background; Skip and Finish stop the machine check within a moment,
so the studio's window follows without a wait. A machine with no camera goes through with the
test pattern and can rehearse at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from studio.app.bench import (
    BenchCancelled,
    BenchReport,
    UplinkAdvice,
    check_uplink,
    lower_quality,
    recommend,
)
from studio.app.device_checks import CameraPreview, MicrophoneCheck
from studio.app.studio import Studio
from studio.core.destination import Destination, DestinationError
from studio.core.messages import render
from studio.qt.tasks import TaskRunner
from studio.qt.widgets import (
    Retranslating,
    ScreenBound,
    add_devices,
    is_camera,
    quality_combo,
    quality_label,
    retranslate_quality,
)

PICTURE_MIN, PICTURE_MAX = QSize(160, 90), QSize(360, 200)  # the camera test picture
PREVIEW_MS = 66  # about 15 pictures a second: live enough, light on a cheap PC
LANGUAGE_PAGE, DEVICES_PAGE, MACHINE_PAGE, READY_PAGE = range(4)


class FirstRunWizard(ScreenBound, Retranslating, QWizard):
    """Writes the choices to the settings; `accepted` means "ready to rehearse".

    `set_language(code)` swaps the application's translation ("zh_CN" or "en"); `language`
    is the one the wizard opens in (the radio button that starts ticked)."""

    def __init__(
        self,
        settings: QSettings,
        tasks: TaskRunner,
        bench_seconds: float = 3.0,
        parent: QWidget | None = None,
        set_language: Callable[[str], None] | None = None,
        language: str = "zh_CN",
    ) -> None:
        super().__init__(parent)
        self.settings, self.tasks = settings, tasks
        self.bench_seconds = bench_seconds
        self._set_language = set_language
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.pages = [
            self._language_page(language),
            self._devices_page(),
            self._machine_page(),
            self._ready_page(),
        ]
        for page in self.pages:
            self.addPage(page)
        self._mic_check: MicrophoneCheck | None = None
        self._mic_timer = QTimer(self)
        self._mic_timer.setInterval(100)
        self._mic_timer.timeout.connect(self._poll_mic)
        self._preview: CameraPreview | None = None
        self._preview_generation = 0  # a camera opened for an older choice is closed at once
        self._preview_timer = QTimer(self)
        self._preview_timer.setInterval(PREVIEW_MS)
        self._preview_timer.timeout.connect(self._poll_preview)
        self.frames_shown = 0
        self.report: BenchReport | None = None
        self.uplink: UplinkAdvice | None = None
        self._uplink_state = "idle"  # idle | running | done | failed
        self._uplink_why = ""
        self._uplink_cancel = threading.Event()
        self._bench_cancel = threading.Event()
        self._bench_state = "idle"  # idle | running | done | failed | skipped
        self._bench_why = ""
        self.currentIdChanged.connect(self._on_page)
        self.finished.connect(lambda _r: self.stop_checks())
        self.retranslate()
        self.resize(680, 520)

    # -- pages -----------------------------------------------------------------------------
    def _language_page(self, language: str) -> QWizardPage:
        page = QWizardPage()
        layout = QVBoxLayout(page)
        self.chinese = QRadioButton("简体中文")  # each language in its own words
        self.english = QRadioButton("English")
        (self.english if language == "en" else self.chinese).setChecked(True)
        self.chinese.toggled.connect(self._on_language)
        layout.addWidget(self.chinese)
        layout.addWidget(self.english)
        layout.addStretch(1)
        return page

    def _devices_page(self) -> QWizardPage:
        page = QWizardPage()
        layout = QVBoxLayout(page)
        self.camera = QComboBox()
        self.camera.addItem("", "test")
        self.camera.currentIndexChanged.connect(self._open_camera)
        self.camera_note = QLabel("")  # why the test picture, when no camera was found
        self.camera_note.setWordWrap(True)
        self.camera_note.setObjectName("muted")
        self.camera_note.setVisible(False)
        self.picture = QLabel()
        # the picture takes the room the page has (a 600 px screen gives it less) and is
        # scaled into it: a picture bigger than its label would be drawn under the words below
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(PICTURE_MIN)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.microphone = QComboBox()
        self.microphone.addItem("", "tone")
        self.microphone.currentIndexChanged.connect(self._check_mic)
        # a microphone plugged in while the wizard is open joins the list
        self.media_devices = QMediaDevices(self)
        self.media_devices.audioInputsChanged.connect(self._on_inputs_changed)
        self.level = QProgressBar()
        self.level.setRange(-60, 0)
        self.level.setValue(-60)
        self.level.setTextVisible(False)
        self.mic_note = QLabel("")
        self.mic_note.setWordWrap(True)
        self.camera_title, self.mic_title = QLabel(), QLabel()
        layout.addWidget(self.camera_title)
        layout.addWidget(self.camera)
        layout.addWidget(self.camera_note)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.mic_title)
        layout.addWidget(self.microphone)
        layout.addWidget(self.level)
        layout.addWidget(self.mic_note)
        return page

    def _machine_page(self) -> QWizardPage:
        page = QWizardPage()
        layout = QVBoxLayout(page)
        self.machine_intro = QLabel()
        self.machine_intro.setWordWrap(True)
        layout.addWidget(self.machine_intro)
        self.bench_progress = QProgressBar()
        self.bench_progress.setRange(0, 0)
        self.bench_progress.setTextVisible(False)
        self.bench_result = QLabel("")
        self.bench_result.setWordWrap(True)
        self.quality = quality_combo()
        self.quality.setCurrentIndex(1)
        self.portrait = QComboBox()
        self.portrait.addItem("", True)
        self.portrait.addItem("", False)
        self.skip_bench = QPushButton()
        self.skip_bench.clicked.connect(self._bench_skipped)
        # the uplink is measured to a destination: one pasted here (optional; kept nowhere),
        # or at the first go-live. Measuring to the built-in rehearsal platform would measure
        # this computer's loopback, not the uplink.
        self.uplink_note = QLabel()
        self.uplink_note.setWordWrap(True)
        self.uplink_url = QLineEdit()
        self.uplink_url.setEchoMode(QLineEdit.EchoMode.Password)  # the key is in it
        self.uplink_url.returnPressed.connect(self.test_uplink)
        self.uplink_button = QPushButton()
        self.uplink_button.clicked.connect(self.test_uplink)
        uplink_row = QHBoxLayout()
        uplink_row.addWidget(self.uplink_url, 1)
        uplink_row.addWidget(self.uplink_button)
        self.uplink_result = QLabel("")
        self.uplink_result.setWordWrap(True)
        for w in (
            self.bench_progress,
            self.bench_result,
            self.uplink_note,
            self.quality,
            self.portrait,
            self.skip_bench,
        ):
            layout.addWidget(w)
            if w is self.uplink_note:
                layout.addLayout(uplink_row)
                layout.addWidget(self.uplink_result)
        layout.addStretch(1)
        return page

    def _ready_page(self) -> QWizardPage:
        page = QWizardPage()
        layout = QVBoxLayout(page)
        self.ready_text = QLabel()
        self.ready_text.setWordWrap(True)
        layout.addWidget(self.ready_text)
        layout.addStretch(1)
        return page

    # -- words -----------------------------------------------------------------------------
    def _on_language(self, _checked: bool) -> None:
        """The language is chosen on the first page; the rest of the wizard speaks it, and
        the window after it, even if the wizard is closed there (found by using it: 简体中文
        picked, then Cancel, opened an English window)."""
        code = "zh_CN" if self.chinese.isChecked() else "en"
        self.settings.setValue("language", code)
        if self._set_language is not None:
            self._set_language(code)  # sends LanguageChange: retranslate() follows

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Welcome to Merchant Studio"))
        titles = (
            self.tr("Language"),
            self.tr("Camera and microphone"),
            self.tr("Machine check"),
            self.tr("Ready"),
        )
        for page, title in zip(self.pages, titles, strict=True):
            page.setTitle(title)
        buttons = QWizard.WizardButton
        self.setButtonText(buttons.NextButton, self.tr("Next"))
        self.setButtonText(buttons.BackButton, self.tr("Back"))
        self.setButtonText(buttons.FinishButton, self.tr("Finish"))
        self.setButtonText(buttons.CancelButton, self.tr("Cancel"))
        self.camera.setItemText(self.camera.findData("test"), self.tr("Test pattern (no camera)"))
        self.microphone.setItemText(
            self.microphone.findData("tone"), self.tr("Test tone (no microphone)")
        )
        self.camera_title.setText(self.tr("Camera"))
        self._update_camera_note()
        self.mic_title.setText(self.tr("Microphone: say something, the bar should move"))
        if self._preview is None and self.picture.pixmap().isNull():
            self.picture.setText(self.tr("Checking…"))
        self.machine_intro.setText(
            self.tr(
                "The studio measures what this computer can stream and picks the picture quality."
            )
        )
        retranslate_quality(self.quality)
        self.portrait.setItemText(0, self.tr("Portrait 9:16 (phones)"))
        self.portrait.setItemText(1, self.tr("Landscape 16:9"))
        self.skip_bench.setText(self.tr("Skip"))
        self.uplink_note.setText(
            self.tr(
                "The uplink (how fast this network sends) is measured before your first "
                "show, once a push destination is added: about 10 s, and the quality is "
                "lowered if the uplink cannot carry it. Have your push URL at hand? Paste "
                "it here to measure now (it is not saved)."
            )
        )
        self.uplink_url.setPlaceholderText(self.tr("Push URL (optional)"))
        self.uplink_button.setText(self.tr("Test the uplink"))
        self._update_uplink()
        self.ready_text.setText(
            self.tr(
                "All set. The studio opens in rehearsal mode: nothing is public until you "
                "untick “Rehearsal” and press “Go live”."
            )
        )
        self._update_bench()

    # -- the camera, live ------------------------------------------------------------------
    def _on_page(self, page_id: int) -> None:
        if page_id == DEVICES_PAGE:
            self.tasks.run(Studio.devices, on_done=self._on_devices)
            self._open_camera()
            self._check_mic()
        else:
            self._close_camera()
            self._stop_mic()
        if page_id == MACHINE_PAGE and self._bench_state == "idle":
            self._start_bench()

    def _on_inputs_changed(self) -> None:
        self.tasks.run(
            Studio.devices, on_done=lambda found: add_devices(self.camera, self.microphone, found)
        )

    def _on_devices(self, found: dict[str, list[str]]) -> None:
        add_devices(self.camera, self.microphone, found)
        # a real camera is what the merchant wants; a screen is never picked for them (it
        # would broadcast their desktop): with no camera, the test picture, and why
        camera = next(
            (i for i in range(self.camera.count()) if is_camera(str(self.camera.itemData(i)))),
            -1,
        )
        if camera >= 0:
            self.camera.setCurrentIndex(camera)
        self._no_camera = camera < 0
        self._update_camera_note()
        if self.microphone.count() > 1:
            self.microphone.setCurrentIndex(1)

    def _update_camera_note(self) -> None:
        no_camera = getattr(self, "_no_camera", False)
        self.camera_note.setVisible(no_camera)
        self.camera_note.setText(
            self.tr(
                "No camera was found, so the studio uses its test picture. Plug in a camera "
                "(it appears here), or pick a screen only if viewers may see your whole desktop."
            )
            if no_camera
            else ""
        )

    def _open_camera(self) -> None:
        """Open the chosen camera in the background; the picture follows it live."""
        if self.currentId() != DEVICES_PAGE:
            return
        self._close_camera()
        self._preview_generation += 1
        generation, spec = self._preview_generation, self.camera.currentData()
        self.picture.setText(self.tr("Checking…"))
        self.tasks.run(
            lambda: CameraPreview(spec),
            on_done=lambda preview: self._on_camera_open(generation, preview),
            on_error=lambda exc: self._on_camera_failed(generation, exc),
        )

    def _on_camera_open(self, generation: int, preview: CameraPreview) -> None:
        if generation != self._preview_generation or self.currentId() != DEVICES_PAGE:
            preview.stop()  # another camera was chosen meanwhile, or the page was left
            return
        self._preview = preview
        self._preview_timer.start()

    def _on_camera_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._preview_generation:
            self.picture.setText(str(exc))

    def _poll_preview(self) -> None:
        preview = self._preview
        if preview is None:
            return
        problem = preview.problem()
        if problem:
            self.picture.setText(problem)
            return
        rgb = preview.latest()
        if rgb is not None:
            self._show_picture(rgb)

    def _show_picture(self, rgb: Any) -> None:
        h, w = rgb.shape[:2]
        self._picture_data = rgb  # the QImage borrows this memory
        image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
        self.picture.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.picture.size().boundedTo(PICTURE_MAX),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.frames_shown += 1

    def _close_camera(self) -> None:
        self._preview_timer.stop()
        self._preview_generation += 1
        if self._preview is not None:
            self._preview.stop()
            self._preview = None

    # -- the microphone --------------------------------------------------------------------
    def _check_mic(self) -> None:
        """The level of the chosen microphone (or the test tone) moves the bar."""
        self._stop_mic()
        spec = str(self.microphone.currentData())
        self.mic_note.setText("")
        try:
            self._mic_check = MicrophoneCheck(spec)
        except ValueError as exc:
            self.mic_note.setText(str(exc))
            return
        self._mic_timer.start()

    def _poll_mic(self) -> None:
        if self._mic_check is not None:
            self.level.setValue(max(-60, min(0, int(self._mic_check.level_dbfs()))))

    def _stop_mic(self) -> None:
        self._mic_timer.stop()
        if self._mic_check is not None:
            self._mic_check.stop()
            self._mic_check = None
        self.level.setValue(-60)

    # -- the machine check -----------------------------------------------------------------
    def _start_bench(self) -> None:
        self._bench_state = "running"
        self._update_bench()
        seconds, cancel = self.bench_seconds, self._bench_cancel
        self.tasks.run(
            lambda: recommend(seconds, cancel=cancel),
            on_done=self._on_bench,
            on_error=self._bench_failed,
        )

    def _on_bench(self, report: BenchReport) -> None:
        if self._bench_state != "running":
            return
        self.report = report
        self._bench_state = "done"
        wanted = report.quality
        if self.uplink is not None:  # the lower of what the computer and the uplink carry
            wanted = lower_quality(wanted, self.uplink.quality or "480p")
        index = self.quality.findData(wanted)
        if index >= 0:
            self.quality.setCurrentIndex(index)
        self._update_bench()

    def _bench_failed(self, exc: BaseException) -> None:
        if isinstance(exc, BenchCancelled) or self._bench_state != "running":
            return
        self._bench_state, self._bench_why = "failed", str(exc)
        self._update_bench()

    def _bench_skipped(self) -> None:
        """Skip stops the check now (it would go on eating the CPU otherwise)."""
        self._bench_cancel.set()
        if self._bench_state in ("running", "idle"):
            self._bench_state = "skipped"
        self._update_bench()
        next_button = self.button(QWizard.WizardButton.NextButton)
        assert isinstance(next_button, QPushButton)  # a wizard's buttons are push buttons
        next_button.setFocus()  # Skip is gone: Enter goes on to the next page
        next_button.setDefault(True)

    def _update_bench(self) -> None:
        state = self._bench_state
        running = state == "running"
        self.bench_progress.setRange(0, 0 if running else 1)
        self.bench_progress.setValue(0 if running else 1)
        self.skip_bench.setVisible(state in ("idle", "running"))  # nothing to skip after
        if state == "running":
            text = self.tr("Measuring… (about half a minute)")
        elif state == "done":
            quality = self.report.quality if self.report else self.quality.currentData()
            # measured with the dearest tools a host commonly turns on (studio.app.bench)
            text = self.tr(
                "This computer can stream {quality} with beauty, the cutout and noise "
                "suppression on"
            ).format(quality=quality_label(str(quality)))
        elif state == "failed":
            text = self.tr(
                "The check did not finish ({why}); Standard 720p is a safe choice."
            ).format(why=self._bench_why)
        elif state == "skipped":
            text = self.tr("Skipped: Standard 720p is a safe choice.")
        else:
            text = ""
        self.bench_result.setText(text)

    # -- the uplink, to a pasted push URL ----------------------------------------------------
    def test_uplink(self) -> None:
        """About 10 s of a test stream to the pasted URL; the quality becomes the lower of what
        the computer and the uplink carry."""
        text = self.uplink_url.text().strip()
        if self._uplink_state == "running" or not text:
            return
        try:
            destination = Destination.parse(text)
        except DestinationError as exc:
            self._uplink_state, self._uplink_why = "failed", str(exc)
            self._update_uplink()
            return
        self._uplink_state = "running"
        self._update_uplink()
        cancel = self._uplink_cancel
        self.tasks.run(
            lambda: check_uplink(destination, cancel=cancel),
            on_done=self._on_uplink,
            on_error=self._uplink_failed,
        )

    def _on_uplink(self, advice: UplinkAdvice) -> None:
        self.uplink = advice
        self._uplink_state = "done"
        chosen = str(self.quality.currentData())
        index = self.quality.findData(lower_quality(chosen, advice.quality or "480p"))
        if index >= 0:
            self.quality.setCurrentIndex(index)
        self._update_uplink()
        self._update_bench()

    def _uplink_failed(self, exc: BaseException) -> None:
        self._uplink_state, self._uplink_why = "failed", str(exc)
        self._update_uplink()

    def _update_uplink(self) -> None:
        state = self._uplink_state
        self.uplink_button.setEnabled(state != "running")
        advice = self.uplink
        if state == "running":
            text = self.tr("Testing the uplink… (about 10 s)")
        elif state == "done" and advice is not None:
            warning = advice.warning()
            more = "+" if advice.capped else ""
            text = (
                render(warning)
                if warning is not None
                else self.tr("Uplink about {kbps} kbps: {quality}").format(
                    kbps=f"{advice.uplink_kbps:,}{more}", quality=self.quality.currentText()
                )
            )
        elif state == "failed":
            text = self._uplink_why
        else:
            text = ""
        self.uplink_result.setText(text)

    # -- the end ---------------------------------------------------------------------------
    def stop_checks(self) -> None:
        """The camera, the microphone and the machine check, all stopped."""
        self._bench_cancel.set()
        self._uplink_cancel.set()
        self._close_camera()
        self._stop_mic()

    def accept(self) -> None:
        s = self.settings
        s.setValue("language", "en" if self.english.isChecked() else "zh_CN")
        s.setValue("camera", self.camera.currentData())
        s.setValue("microphone", self.microphone.currentData())
        s.setValue("quality", self.quality.currentData())
        s.setValue("portrait", "true" if self.portrait.currentData() else "false")
        s.setValue("rehearsal", "true")
        s.setValue("first_run_done", "true")
        s.sync()
        self.stop_checks()
        super().accept()
