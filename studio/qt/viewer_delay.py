"""How late viewers see the picture, measured from the stream's own time stamps.

The host pastes the playback URL viewers get; the studio plays it for about 10 s off the GUI
thread and reads the time in the picture (`studio.app.latency`). The delay is kept for
link-ups synced to viewers, and the running show takes it at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from studio.app.latency import LatencyResult, measure_viewer_delay

if TYPE_CHECKING:
    from studio.qt.main_window import MainWindow


class ViewerDelay(QObject):
    """The Streaming menu's "Measure the viewers' delay…"; `last` is the latest result."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last: LatencyResult | None = None

    def ask(self) -> None:
        """Ask for the playback URL, then measure (the stream must be on: said first)."""
        if not self.window.studio.live:
            self.window.show_message(
                "action", self.tr("Start the stream first: the delay is read from its picture.")
            )
            return
        url, ok = QInputDialog.getText(
            self.window,
            self.tr("Measure the viewers' delay"),
            self.tr(
                "While the stream is on, paste its playback URL as viewers get it (the "
                "platform's or CDN's RTMP, HTTP-FLV or .m3u8 address). The studio plays it "
                "for about 10 s and reads the time in the picture."
            ),
        )
        if ok and url.strip():
            self.measure(url.strip())

    def measure(self, url: str, seconds: float = 10.0) -> None:
        """Play `url`, read the studio's time stamps, and keep the delay for link-ups synced
        to viewers (the running show takes it at once)."""
        if not self.window.studio.live:
            self.window.show_message(
                "action", self.tr("Start the stream first: the delay is read from its picture.")
            )
            return
        self.window.delay_action.setEnabled(False)
        self.window.status.showMessage(self.tr("Measuring the viewers' delay… (about 10 s)"))
        studio = self.window.studio

        def done(result: LatencyResult) -> None:
            self.window.delay_action.setEnabled(True)
            delay = round(result.median_s, 2)
            self.window.settings.setValue("show/viewer_delay_s", delay)
            self.window.settings.sync()
            show = studio.show
            if show is not None:  # with the host's other show actions, never on this thread
                self.window.tasks.in_order(
                    lambda: show.set_viewer_delay(delay),
                    on_error=lambda exc: self.window.show_message("error", str(exc)),
                )
            self.last = result
            self.window.show_message(
                "info",
                self.tr(
                    "Viewers see the picture {delay} s late ({kind}); link-ups synced to "
                    "viewers now use it."
                ).format(delay=f"{delay:.1f}", kind=result.kind.upper()),
            )

        def failed(exc: BaseException) -> None:
            self.window.delay_action.setEnabled(True)
            self.window.show_message("error", exc)

        self.window.tasks.run(
            lambda: measure_viewer_delay(url, seconds), on_done=done, on_error=failed
        )
