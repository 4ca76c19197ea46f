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

from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from studio.core.show import LinkUpState  # noqa: E402
from studio.qt.app import StudioApp  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "示例商品表.csv"


def pump(app: QApplication, seconds: float, until=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until is not None and until():
            return
        time.sleep(0.01)


def shoot(app: QApplication, studio_app: StudioApp, out: Path, lang: str) -> None:
    window = studio_app.window
    assert window is not None
    window.resize(1440, 900)
    pump(app, 1.0)
    window.grab().save(str(out / f"{lang}-1-idle.png"))
    window.products.import_file(SAMPLE)
    pump(app, 10, lambda: window.products.list.count() == 5)
    window.start_stream()
    pump(app, 30, lambda: studio_app.studio.show is not None and window.products.show is not None)
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
    studio_app.studio.stop()
    window.products.detach()
    pump(app, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["STUDIO_DATA_DIR"] = tmp
        app = QApplication(sys.argv[:1])
        for lang in ("zh_CN", "en"):
            studio_app = StudioApp(app)
            studio_app.set_language(lang)
            shoot(app, studio_app, args.out, lang)
            studio_app.shutdown()
            studio_app.window.close()
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
