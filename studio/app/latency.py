"""The viewers' delay, measured from a playback URL, for the CLI and the window.

`measure_viewer_delay` plays the URL (`studio.media.delay_probe`) and returns the median delay;
`follow_viewer_delay` does it beside a running show, once the stream is on, and hands the
figure to the show, so that link-ups synced to viewers use what was measured instead of a
guess.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from studio.app.show import Show
from studio.core.messages import Message, leveled
from studio.media.delay_probe import LatencyError, LatencyResult, measure

log = logging.getLogger(__name__)
__all__ = ["LatencyError", "LatencyResult", "follow_viewer_delay", "measure_viewer_delay"]


def measure_viewer_delay(
    url: str, seconds: float = 10.0, open_timeout_s: float = 10.0
) -> LatencyResult:
    """Blocking (seconds plus the player's start): not on a GUI thread. LatencyError says why
    a URL cannot be measured."""
    return measure(url, seconds=seconds, open_timeout_s=open_timeout_s)


def follow_viewer_delay(
    show: Show, url: str, say: Callable[[Message], None], seconds: float = 5.0
) -> threading.Thread:
    """Measure on a thread of its own and give the show the result; a failure is said, and
    the show keeps the delay it had."""

    def run() -> None:
        try:
            result = measure_viewer_delay(url, seconds)
        except LatencyError as exc:
            say(leveled("warning", Message("latency.not_measured", {"reason": exc.message})))
            return
        try:
            show.set_viewer_delay(result.median_s)
        except Exception:  # the show ended meanwhile
            log.info("the show ended before the delay was measured")
            return
        detail = {"delay": f"{result.median_s:.2f}", "kind": result.kind.upper()}
        say(leveled("info", Message("latency.used", detail)))

    thread = threading.Thread(target=run, name="viewer-delay", daemon=True)
    thread.start()
    return thread
