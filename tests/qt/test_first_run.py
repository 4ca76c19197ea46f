"""The first-run wizard: on a machine with no camera it still ends ready to rehearse."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from studio.qt.first_run import FirstRunWizard
from studio.qt.tasks import TaskRunner


def test_the_wizard_checks_the_machine_and_saves_the_choices(qtbot, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    tasks = TaskRunner()
    wizard = FirstRunWizard(settings, tasks, bench_seconds=0.5)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.english.setChecked(True)
    wizard.next()  # devices: this machine has no camera, the test pattern shows
    qtbot.waitUntil(
        lambda: wizard.picture.pixmap() is not None and not wizard.picture.pixmap().isNull(),
        timeout=15_000,
    )
    assert wizard.camera.currentData() in ("test",) or wizard.camera.currentData().startswith(
        "camera:"
    )
    wizard.next()  # the machine check picks a quality
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=120_000)
    assert wizard.quality.currentData() == wizard.report.quality
    wizard.next()
    wizard.accept()
    tasks.wait()
    assert settings.value("first_run_done") == "true"
    assert settings.value("language") == "en"
    assert settings.value("quality") in ("480p", "720p", "1080p")
    assert settings.value("rehearsal") == "true"
