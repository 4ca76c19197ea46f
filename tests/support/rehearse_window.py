"""`python -m tests.support.rehearse_window`: the studio's window (studio.qt.app.run, as
`studio` runs it) that starts a rehearsal by itself once it is shown, as a host's click on
Start does (with the product sheet in $REHEARSE_CATALOG loaded, so a show is journalled),
and prints "LIVE" when the show is on (with $REHEARSE_MODULES set, then a line "MODULES"
and the top-level modules the process has imported). For tests that need a process with a
running show to send signals to (a subprocess cannot be clicked from outside), or to look at
what a show loads in a fresh process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from studio.qt import app as window_app
from studio.qt.main_window import MainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    state = {"started": False}

    def step() -> None:
        window = next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)
        if window is not None and not state["started"] and window.start_button.isEnabled():
            catalog = os.environ.get("REHEARSE_CATALOG")
            if catalog:
                window.studio.import_catalog(Path(catalog))
            window.rehearsal_box.setChecked(True)
            # unticked, as in tests/qt/conftest.py: what a busy machine holds is not this
            # helper's business (tests/qt/test_machine_check.py)
            window.machine_check_first.setChecked(False)
            window.start_button.click()
            state["started"] = True
        elif window is not None and state["started"] and window.stop_button.isEnabled():
            print("LIVE", flush=True)
            if os.environ.get("REHEARSE_MODULES"):
                names = sorted({name.partition(".")[0] for name in list(sys.modules)})
                print("MODULES", *names, flush=True)
            return
        QTimer.singleShot(100, step)

    QTimer.singleShot(100, step)
    return window_app.run()


if __name__ == "__main__":
    sys.exit(main())
