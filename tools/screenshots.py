"""Screenshots of the window's main screens in both languages, for looking at the UI headless.

    xvfb-run -a uv run python tools/screenshots.py [--out screenshots/]

Runs the real window (under Xvfb when available, else Qt's offscreen platform) with the sample
catalog in a rehearsal, and saves: the idle studio, rehearsing with the queue, and the
countdown running, in Chinese and in English.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium (the report view) refuses root
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

import keyring  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from tests.support.memory_keyring import MemoryKeyring  # noqa: E402

# The screens include a saved destination: its key goes to the tests' in-memory keyring, never
# to this machine's (the tool is a developer's, like the tests; the studio registers none).
keyring.set_keyring(MemoryKeyring())

from studio.app.bench import UplinkAdvice  # noqa: E402
from studio.core.rundown import LinkUpState  # noqa: E402
from studio.qt.app import StudioApp  # noqa: E402
from studio.qt.first_run import FirstRunWizard  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "示例商品表.csv"


def pump(app: QApplication, seconds: float, until=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until is not None and until():
            return
        time.sleep(0.01)


def shoot(
    app: QApplication, studio_app: StudioApp, out: Path, lang: str, size: tuple[int, int]
) -> None:
    window = studio_app.window
    assert window is not None
    window.resize(*size)
    pump(app, 1.0)
    lang = f"{lang}-{size[0]}"
    window.grab().save(str(out / f"{lang}-1-idle.png"))
    window.products.import_file(SAMPLE)
    pump(app, 10, lambda: window.products.list.count() == 5)
    window.golive.start()
    pump(app, 30, lambda: studio_app.studio.show is not None and window.products.attached_show)
    pump(app, 2.0)
    window.grab().save(str(out / f"{lang}-2-rehearsing-queue.png"))
    window.products.list.setCurrentRow(0)
    window.products.link_up()
    show = studio_app.studio.show
    pump(app, 10, lambda: bool(show.link_ups) and show.link_ups[0].state is LinkUpState.COUNTING)
    pump(app, 1.3)
    window.grab().save(str(out / f"{lang}-3-countdown.png"))
    pump(app, 10, lambda: show.link_ups[0].state is LinkUpState.LISTED)
    pump(app, 2.5)
    window.grab().save(str(out / f"{lang}-4-listed-orders.png"))
    window.stop_stream()
    pump(app, 30, lambda: not studio_app.studio.live and window.start_button.isEnabled())
    pump(app, 1.0)
    window.grab().save(str(out / f"{lang}-4b-after-stop.png"))
    report = window.last_report
    if size[0] < 1900:
        return  # the dialogs once per language

    if not window.destinations.all():
        window.destinations.save(
            "抖音主号", "rtmp://push-rtmp-l1.douyincdn.com/third/stream-123?sign=x"
        )
    dialog = window.open_destinations()
    dialog.list.setCurrentRow(0)
    pump(app, 0.5)
    dialog.grab().save(str(out / f"{lang}-5-destinations.png"))
    dialog.close()
    settings_dialog = window.open_show_settings()
    pump(app, 0.5)
    settings_dialog.grab().save(str(out / f"{lang}-5b-link-up-settings.png"))
    settings_dialog.close()

    # the go-live check: the question, and the plain warning for a link too thin for 480p
    first = window.destinations.all()[0]
    window.golive._ask_uplink_test(first, {})
    pump(app, 0.5)
    window.golive.uplink_question.grab().save(str(out / f"{lang}-5c-uplink-question.png"))
    window.golive.uplink_question.close()
    window.golive._apply_uplink(first, UplinkAdvice(560, False, None, []), {}, go_live=True)
    pump(app, 0.5)
    window.golive.uplink_warning.grab().save(str(out / f"{lang}-5d-uplink-too-slow.png"))
    window.golive.uplink_warning.close()
    window.settings.remove(f"uplink/{first.dest_id}")

    wizard = FirstRunWizard(studio_app.settings, studio_app.tasks, bench_seconds=0.5)
    wizard.show()
    wizard.next()
    pump(app, 15, lambda: wizard.frames_shown > 15 and wizard.level.value() > -40)
    wizard.grab().save(str(out / f"{lang}-6-first-run-devices.png"))
    wizard.next()
    pump(app, 60, lambda: wizard.report is not None)
    wizard.grab().save(str(out / f"{lang}-7-first-run-machine.png"))
    wizard.reject()

    if report is not None:
        save_report(app, Path(str(report)), out / f"{lang}-8-report.png")


def save_report(app: QApplication, html: Path, png: Path) -> None:
    """The HTML report as a browser shows it (Qt WebEngine), if this machine can run it."""
    try:
        from PySide6.QtCore import QUrl
        from PySide6.QtWebEngineWidgets import QWebEngineView
    except ImportError:
        print("no Qt WebEngine here: the report screenshot is skipped")
        return
    view = QWebEngineView()
    loaded: list[bool] = []
    view.loadFinished.connect(loaded.append)
    view.resize(1100, 1400)
    view.load(QUrl.fromLocalFile(str(html)))
    view.show()
    pump(app, 20, lambda: bool(loaded))
    pump(app, 1.5)
    view.grab().save(str(png))
    view.close()
    import shiboken6

    shiboken6.delete(view)  # the page before its profile, or WebEngine warns and may crash
    pump(app, 0.5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["STUDIO_DATA_DIR"] = tmp
        app = QApplication(sys.argv[:1])
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl = staticmethod(lambda url: True)  # no browser popping up
        for lang in ("zh_CN", "en"):
            for size in ((1366, 768), (1920, 1080)):
                studio_app = StudioApp(app)
                studio_app.set_language(lang)
                shoot(app, studio_app, args.out, lang, size)
                studio_app.shutdown()
                studio_app.window.close()
        # the light theme, for those who ask for it
        studio_app = StudioApp(app)
        studio_app.set_language("zh_CN")
        studio_app.set_theme("light")
        window = studio_app.window
        window.resize(1366, 768)
        window.golive.start()
        pump(app, 30, lambda: window.products.attached_show is not None)
        pump(app, 2.0)
        window.grab().save(str(args.out / "zh_CN-1366-9-light-theme.png"))
        studio_app.shutdown()
        studio_app.set_theme("dark")
        window.close()
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
