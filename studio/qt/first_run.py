"""The first run: language, a camera and microphone check, a machine check, then rehearse.

Everything slow (opening the camera, the machine check) runs in the background; a machine
with no camera goes through with the test pattern and can rehearse at once.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from studio.app.bench import BenchReport, recommend
from studio.app.checks import MicrophoneCheck, camera_snapshot
from studio.app.studio import Studio
from studio.qt.tasks import TaskRunner
from studio.qt.widgets import add_devices, quality_combo


class FirstRunWizard(QWizard):
    """Writes the choices to the settings; `accepted` means "ready to rehearse"."""

    def __init__(
        self,
        settings: QSettings,
        tasks: TaskRunner,
        bench_seconds: float = 3.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings, self.tasks = settings, tasks
        self.bench_seconds = bench_seconds
        self.setWindowTitle(self.tr("Welcome to Merchant Studio"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.addPage(self._language_page())
        self.addPage(self._devices_page())
        self.addPage(self._machine_page())
        self.addPage(self._ready_page())
        self._mic_check: MicrophoneCheck | None = None
        self._mic_timer = QTimer(self)
        self._mic_timer.setInterval(100)
        self._mic_timer.timeout.connect(self._poll_mic)
        self.report: BenchReport | None = None
        self.currentIdChanged.connect(self._on_page)
        self.finished.connect(lambda _r: self._stop_mic())
        self.resize(640, 480)

    # -- pages -----------------------------------------------------------------------------
    def _language_page(self) -> QWizardPage:
        page = QWizardPage()
        page.setTitle(self.tr("Language"))
        layout = QVBoxLayout(page)
        self.chinese = QRadioButton("简体中文")
        self.english = QRadioButton("English")
        current = str(self.settings.value("language", "zh_CN"))
        (self.english if current == "en" else self.chinese).setChecked(True)
        layout.addWidget(self.chinese)
        layout.addWidget(self.english)
        layout.addStretch(1)
        return page

    def _devices_page(self) -> QWizardPage:
        page = QWizardPage()
        page.setTitle(self.tr("Camera and microphone"))
        layout = QVBoxLayout(page)
        self.camera = QComboBox()
        self.camera.addItem(self.tr("Test pattern (no camera)"), "test")
        self.camera.currentIndexChanged.connect(self._check_camera)
        self.picture = QLabel(self.tr("Checking…"))
        self.picture.setMinimumHeight(180)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.microphone = QComboBox()
        self.microphone.addItem(self.tr("Test tone (no microphone)"), "tone")
        self.microphone.currentIndexChanged.connect(self._check_mic)
        self.level = QProgressBar()
        self.level.setRange(-60, 0)
        self.level.setTextVisible(False)
        self.mic_note = QLabel("")
        layout.addWidget(QLabel(self.tr("Camera")))
        layout.addWidget(self.camera)
        layout.addWidget(self.picture, 1)
        layout.addWidget(QLabel(self.tr("Microphone: say something, the bar should move")))
        layout.addWidget(self.microphone)
        layout.addWidget(self.level)
        layout.addWidget(self.mic_note)
        return page

    def _machine_page(self) -> QWizardPage:
        page = QWizardPage()
        page.setTitle(self.tr("Machine check"))
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(
                self.tr(
                    "The studio measures what this computer can stream and picks the picture quality."  # noqa: E501
                )
            )
        )
        self.bench_progress = QProgressBar()
        self.bench_progress.setRange(0, 0)
        self.bench_result = QLabel("")
        self.bench_result.setWordWrap(True)
        self.quality = quality_combo()
        self.quality.setCurrentIndex(1)
        self.portrait = QComboBox()
        self.portrait.addItem(self.tr("Portrait 9:16 (phones)"), True)
        self.portrait.addItem(self.tr("Landscape 16:9"), False)
        self.skip_bench = QPushButton(self.tr("Skip"))
        self.skip_bench.clicked.connect(self._bench_skipped)
        for w in (
            self.bench_progress,
            self.bench_result,
            self.quality,
            self.portrait,
            self.skip_bench,
        ):
            layout.addWidget(w)
        layout.addStretch(1)
        return page

    def _ready_page(self) -> QWizardPage:
        page = QWizardPage()
        page.setTitle(self.tr("Ready"))
        layout = QVBoxLayout(page)
        label = QLabel(
            self.tr(
                "All set. The studio opens in rehearsal mode: nothing is public until you "
                "untick “Rehearsal” and press “Go live”."
            )
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addStretch(1)
        return page

    # -- checks ----------------------------------------------------------------------------
    def _on_page(self, page_id: int) -> None:
        if page_id == 1:
            self.tasks.run(Studio.devices, on_done=self._on_devices)
            self._check_camera()
            self._check_mic()
        else:
            self._stop_mic()
        if page_id == 2 and self.report is None:
            self.bench_result.setText(self.tr("Measuring… (about half a minute)"))
            seconds = self.bench_seconds
            self.tasks.run(
                lambda: recommend(seconds),
                on_done=self._on_bench,
                on_error=lambda exc: self._bench_failed(str(exc)),
            )

    def _on_devices(self, found: dict[str, list[str]]) -> None:
        add_devices(self.camera, self.microphone, found)
        if self.camera.count() > 1:
            self.camera.setCurrentIndex(1)  # a real camera is what the merchant wants
        if self.microphone.count() > 1:
            self.microphone.setCurrentIndex(1)

    def _check_camera(self) -> None:
        spec = self.camera.currentData()
        self.picture.setText(self.tr("Checking…"))
        self.tasks.run(
            lambda: camera_snapshot(spec),
            on_done=self._show_picture,
            on_error=lambda exc: self.picture.setText(str(exc)),
        )

    def _show_picture(self, rgb: np.ndarray) -> None:
        h, w = rgb.shape[:2]
        self._picture_data = rgb
        image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
        self.picture.setPixmap(
            QPixmap.fromImage(image).scaled(
                320,
                180,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _check_mic(self) -> None:
        self._stop_mic()
        spec = self.microphone.currentData()
        self.mic_note.setText("")
        if not str(spec).startswith("mic"):
            self.level.setValue(-60)
            return
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

    def _on_bench(self, report: BenchReport) -> None:
        self.report = report
        self.bench_progress.setRange(0, 1)
        self.bench_progress.setValue(1)
        index = self.quality.findData(report.quality)
        if index >= 0:
            self.quality.setCurrentIndex(index)
        self.bench_result.setText(
            self.tr("This computer can stream: {quality}").format(
                quality=self.quality.currentText()
            )
        )

    def _bench_failed(self, why: str) -> None:
        self.bench_progress.setRange(0, 1)
        self.bench_result.setText(
            self.tr("The check did not finish ({why}); Standard 720p is a safe choice.").format(
                why=why
            )
        )

    def _bench_skipped(self) -> None:
        self.bench_progress.setRange(0, 1)
        self.bench_result.setText(self.tr("Skipped: Standard 720p is a safe choice."))

    # -- the end ---------------------------------------------------------------------------
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
        self._stop_mic()
        super().accept()
