"""The window application: QApplication, the language, the main window, and hand-over."""

from __future__ import annotations

import locale
import logging
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTimer,
    QTranslator,
)
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from studio import __version__
from studio.app.crash import CrashReporter
from studio.app.errors import ConfigError
from studio.app.logs import setup_logging
from studio.app.paths import data_dir
from studio.app.studio import Studio
from studio.core import messages
from studio.qt.help import CrashNotice, app_icon
from studio.qt.main_window import QUIT_GIVE_UP_S, MainWindow
from studio.qt.samples import resources_dir
from studio.qt.single import SingleInstance
from studio.qt.tasks import TaskRunner
from studio.qt.theme import apply_theme, refresh_icons
from studio.resources import add_bundled_fonts

log = logging.getLogger(__name__)
LANGUAGES = ("zh_CN", "en")
# Qt's own Chinese catalogue (qtbase_zh_CN) lacks these two labels of its file dialog since
# they gained a shortcut letter; ours fills the gap (pyside6-lupdate collects them)
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
ORG, APP = "MerchantStudio", "MerchantStudio"


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
    """The welcome wizard, once: language (the wizard speaks it at once), devices, machine
    check. Finish or Cancel stops every check before the studio's window opens."""
    from studio.qt.first_run import FirstRunWizard

    language = system_language()
    current: list[Translation] = []

    def switch(code: str) -> None:
        for translation in current:
            translation.remove()
        current[:] = [install_translator(app, code)]
        messages.set_language("zh" if code.startswith("zh") else "en")
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    switch(language)
    tasks = TaskRunner()
    wizard = FirstRunWizard(store, tasks, set_language=switch, language=language)
    wizard.exec()
    wizard.stop_checks()
    tasks.wait()
    for translation in current:
        translation.remove()


class StudioApp:
    """Owns the Studio, the task runner, the window, its language and its theme."""

    def __init__(self, app: QApplication, store: QSettings | None = None) -> None:
        self.app = app
        self.settings = store or settings()
        self.studio = Studio()
        self.tasks = TaskRunner()
        self.translator: Translation | None = None
        self.apply_language(str(self.settings.value("language", system_language())))
        self.set_theme(str(self.settings.value("theme", "dark")))
        self.window: MainWindow | None = MainWindow(self.studio, self.tasks, self.settings)
        self.window.language_requested.connect(self.set_language)
        self.window.theme_requested.connect(self.set_theme)
        self.window.show()

    def apply_language(self, code: str) -> str:
        """Install the translation; every widget retranslates itself on the LanguageChange
        this sends (nothing is rebuilt: products, choices and a running show stay)."""
        if code not in LANGUAGES:
            code = "en"
        messages.set_language("zh" if code.startswith("zh") else "en")  # notices, errors
        if self.translator is not None:
            self.translator.remove()
        self.translator = install_translator(self.app, code)
        self.settings.setValue("language", code)
        # deliver the LanguageChange now: when this returns, every window speaks `code`
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        return code

    def set_language(self, code: str) -> None:
        self.apply_language(code)
        if self.window is not None:
            self.window.mark_choices()

    def set_theme(self, name: str) -> None:
        name = apply_theme(self.app, name)
        self.settings.setValue("theme", name)
        if getattr(self, "window", None) is not None:
            assert self.window is not None
            self.window.mark_choices()
            refresh_icons(self.app)  # icons are painted in the theme's colour, not styled
            self.window.retranslate()

    def shutdown(self) -> None:
        # a stop that Quit or a signal started runs on a worker (the window never waits on
        # it): its end is waited for here, after the window's loop, before the process ends
        self.tasks.wait(QUIT_GIVE_UP_S * 1000)
        if self.studio.live:
            self.studio.stop()
        self.tasks.wait()
        if self.translator is not None:
            self.translator.remove()
            self.translator = None


def run() -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    try:
        folder = data_dir()
    except ConfigError as exc:  # the data folder cannot be made: said, and how to fix it
        print(exc, file=sys.stderr)
        QMessageBox.critical(None, "商家直播工作台 Merchant Studio", str(exc))
        return 2
    logs = folder / "logs"
    setup_logging(False, log_file=logs / "studio.log")
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("merchant-studio")  # Wayland and task bars match the .desktop entry
    single = SingleInstance(folder)
    if not single.acquire():  # one studio per user: the camera and the journal are one each
        print(messages.Message("app.already_open"), file=sys.stderr)  # the system's language
        return 0
    single.activated.connect(lambda: bring_forward(app))  # the wizard too, while it runs
    reporter = CrashReporter(logs).install()
    add_bundled_fonts()  # a machine with no Chinese font: the installer's
    _quit_on_signals(app)
    store = settings()
    apply_theme(app, str(store.value("theme", "dark")))  # the wizard wears it too
    if str(store.value("first_run_done", "false")) != "true":
        log.info("first-run wizard shown")
        first_run(app, store)
        if _quitting(app):  # SIGTERM or Ctrl+C while the wizard was open: no window after it
            log.info("quit during the first-run wizard (a signal)")
            reporter.close()
            single.release()
            return 0
    studio_app = StudioApp(app, store)
    window = studio_app.window
    assert window is not None
    notice = CrashNotice(window)
    reporter.on_error = notice.report
    if reporter.previous_crash:
        notice.previous_crash(reporter.crash_log)
    log.info("window shown (%s)", __version__)
    try:
        return app.exec()
    finally:
        studio_app.shutdown()
        reporter.close()
        single.release()


def bring_forward(app: QApplication) -> None:
    """Another launch asked for the studio: its window (or the first-run wizard, before there
    is one) comes to the front instead of a second studio opening."""
    shown = [w for w in app.topLevelWidgets() if w.isVisible() and w.isWindow()]
    main = next((w for w in shown if isinstance(w, MainWindow)), None)
    target = main or app.activeModalWidget() or (shown[0] if shown else None)
    if target is None:
        return
    if target.isMinimized():
        target.showNormal()
    target.raise_()
    target.activateWindow()
    log.info("window brought forward (another launch)")


QUITTING = "studio_quitting"  # the application's property: a signal asked it to quit


def _quitting(app: QApplication) -> bool:
    return bool(app.property(QUITTING))


def _quit_on_signals(app: QApplication) -> None:
    """SIGTERM and SIGINT (a logout, `kill`, Ctrl+C in a terminal) close every window and box
    and end the studio, a running show stopped as Ctrl+Q stops it (the recording finished,
    the journal told). Python runs signal handlers only between bytecodes, so a timer gives it
    the chance while Qt's loop waits. A box or the first-run wizard runs a loop of its own:
    each is rejected (its exec() returns), and `run` opens no window after a quit."""

    def close() -> None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()  # a question, a settings box, the wizard: as if cancelled
        for widget in app.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.force_close = True
                widget.close()  # stops a stream and keeps the layout, as Ctrl+Q does
            elif widget.isVisible():
                widget.close()
        app.exit(0)  # not quit(): that asks every window, and an open box may say no

    def on_signal(signum: int, _frame: object) -> None:
        log.info("%s: closing", signal.Signals(signum).name)
        app.setProperty(QUITTING, True)
        # from the loop, not here: a signal just before app.exec() starts would exit no loop
        QTimer.singleShot(0, close)

    hangup = (signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()  # the session ended
    for sig in (signal.SIGTERM, signal.SIGINT, *hangup):
        signal.signal(sig, on_signal)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)
