"""The window application: QApplication, the language, the main window, and hand-over."""

from __future__ import annotations

import locale
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from studio.app.logs import setup_logging
from studio.app.paths import data_dir
from studio.app.studio import Studio
from studio.core import messages
from studio.qt.main_window import MainWindow
from studio.qt.tasks import TaskRunner

LANGUAGES = ("zh_CN", "en")
ORG, APP = "MerchantStudio", "MerchantStudio"


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data files here
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def system_language() -> str:
    name = QLocale.system().name() or (locale.getlocale()[0] or "")
    return "zh_CN" if name.lower().startswith("zh") else "en"


def settings() -> QSettings:
    """Per-user settings; $STUDIO_DATA_DIR keeps tests and portable installs to themselves."""
    override = os.environ.get("STUDIO_DATA_DIR")
    if override:
        return QSettings(str(Path(override) / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(ORG, APP)


class Translation:
    """Our strings and Qt's own (dialog buttons, wizard navigation) for one language."""

    def __init__(self, app: QApplication, code: str) -> None:
        self.app = app
        self.translators: list[QTranslator] = []
        if code == "en":  # English is the source language
            return
        ours = QTranslator(app)
        if ours.load(str(resources_dir() / "i18n" / f"studio_{code}.qm")):
            self.translators.append(ours)
        qt_own = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{code}", qt_dir):
            self.translators.append(qt_own)
        for translator in self.translators:
            app.installTranslator(translator)

    def remove(self) -> None:
        for translator in self.translators:
            self.app.removeTranslator(translator)
        self.translators = []


def install_translator(app: QApplication, code: str) -> Translation:
    return Translation(app, code)


def first_run(app: QApplication, store: QSettings) -> None:
    """The welcome wizard, once: language, devices, machine check."""
    from studio.qt.first_run import FirstRunWizard

    translation = install_translator(app, system_language())
    tasks = TaskRunner()
    wizard = FirstRunWizard(store, tasks)
    wizard.exec()
    tasks.wait()
    translation.remove()


class StudioApp:
    """Owns the Studio, the task runner and the (re)built window."""

    def __init__(self, app: QApplication, store: QSettings | None = None) -> None:
        self.app = app
        self.settings = store or settings()
        self.studio = Studio()
        self.tasks = TaskRunner()
        self.translator: Translation | None = None
        self.window: MainWindow | None = None
        self.set_language(str(self.settings.value("language", system_language())))

    def set_language(self, code: str) -> None:
        """Install the translation and rebuild the window in it (keeping the stream going)."""
        if code not in LANGUAGES:
            code = "en"
        if self.translator is not None:
            self.translator.remove()
        self.translator = install_translator(self.app, code)
        messages.set_language("zh" if code.startswith("zh") else "en")  # notices, errors
        self.settings.setValue("language", code)
        old = self.window
        if old is not None:
            old.save_settings()
        self.window = MainWindow(self.studio, self.tasks, self.settings)
        self.window.language_requested.connect(self.set_language)
        if old is not None:
            old.hide()
            old.deleteLater()
        self.window.show()
        if self.studio.live and self.studio.show is not None:
            self.window._on_started()  # a rebuilt window picks up the running stream
            self.window.attach_show(self.studio.show)

    def shutdown(self) -> None:
        if self.studio.live:
            self.studio.stop()
        self.tasks.wait()
        if self.translator is not None:
            self.translator.remove()
            self.translator = None


def run() -> int:
    setup_logging(False, log_file=data_dir() / "logs" / "studio.log")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    store = settings()
    if str(store.value("first_run_done", "false")) != "true":
        first_run(app, store)  # type: ignore[arg-type]
    studio_app = StudioApp(app, store)  # type: ignore[arg-type]
    try:
        return app.exec()
    finally:
        studio_app.shutdown()
