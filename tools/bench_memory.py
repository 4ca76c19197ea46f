"""Memory through a long show in the window, and after Stop (issue 23, point 13).

    uv run python tools/bench_memory.py [--minutes 30] [--canvas 1080p|720p] [--landscape]

The real window (Qt offscreen), a rehearsal with the tools a busy host turns on: the smart
cutout over the room blurred, beauty 60 and a picture-in-picture clip, the test pattern as
the camera, the rehearsal platform's simulated audience commenting. The resident memory
(RSS) is printed every 10 s, then for 30 s after Stop, then a summary: at the start (the
first sample once live), the peak, the end of the show and after Stop. Memory that is flat
through the show and comes back after Stop is what the README promises.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SAMPLE_S = 10.0
AFTER_STOP_S = 30.0


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--canvas", choices=["1080p", "720p"], default="1080p")
    parser.add_argument("--landscape", action="store_true", help="16:9 (default: 9:16)")
    parser.add_argument(
        "--switch-every",
        type=float,
        default=60.0,
        help="seconds between switching host and close-up scenes (0: the close-up throughout)",
    )
    parser.add_argument(
        "--no-tools", action="store_true", help="no cutout, beauty or close-up: the bare stream"
    )
    parser.add_argument("--json", type=Path, help="also write the samples and summary here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["STUDIO_DATA_DIR"] = str(work / "data")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "tests.support.memory_keyring.MemoryKeyring")
    (work / "data").mkdir()
    closeup = work / "closeup.mp4"
    if not args.no_tools:
        # made by a process of its own: its frames and its encoder are not the studio's memory
        make = (
            "import sys; from pathlib import Path; from tests.support.clips import "
            "camera_like_clip; camera_like_clip(Path(sys.argv[1]), seconds=8)"
        )
        root = Path(__file__).resolve().parents[1]
        subprocess.run([sys.executable, "-c", make, str(closeup)], check=True, cwd=root)
    settings = {
        "first_run_done": "true",
        "language": "en",
        "quality": args.canvas,
        "portrait": "false" if args.landscape else "true",
        "camera": "test",
        "microphone": "tone",
        "machine_check": "false",  # the same canvas whatever this machine holds
    }
    if not args.no_tools:
        settings.update(
            {
                "production/beauty": "60",
                "production/key_on": "true",
                "production/key_colour": "person",
                "production/blur": "true",
                "production/closeup": "file",
                "production/closeup_file": str(closeup),
            }
        )
    (work / "data" / "settings.ini").write_text(
        "[General]\n" + "".join(f"{k}={v}\n" for k, v in settings.items()), encoding="utf-8"
    )

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    import studio.qt.report_view
    from studio.qt.app import StudioApp
    from studio.qt.app import settings as studio_settings

    # the report opens in the studio's own window, not a browser on this machine
    studio.qt.report_view.open_with_system = lambda _path: False  # type: ignore[assignment]

    app = QApplication(sys.argv[:1])
    studio_app = StudioApp(app, studio_settings())
    window = studio_app.window
    assert window is not None
    samples: list[tuple[float, str, float]] = []
    started = time.monotonic()

    def wait_until(condition: object, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        loop = QEventLoop()
        while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
            QTimer.singleShot(100, loop.quit)
            loop.exec()
        if not condition():  # type: ignore[operator]
            raise SystemExit(f"timed out after {timeout_s:.0f} s")

    def run_for(seconds: float, phase: str, switch_every: float = 0.0) -> None:
        """Keep the window's loop running, a sample every SAMPLE_S; while the show runs, the
        host's scene and the close-up's (the picture-in-picture) take turns."""
        end = time.monotonic() + seconds
        switched = time.monotonic()
        loop = QEventLoop()
        while time.monotonic() < end:
            QTimer.singleShot(200, loop.quit)
            loop.exec()
            if time.monotonic() >= next_sample():
                sample(phase)
            if switch_every > 0 and time.monotonic() - switched >= switch_every:
                switched = time.monotonic()
                checked = window.production.scene_buttons["closeup"].isChecked()
                window.production.scene_buttons["host" if checked else "closeup"].click()

    def next_sample() -> float:
        return started + SAMPLE_S * len(samples)

    def sample(phase: str) -> None:
        t = time.monotonic() - started
        mb = rss_mb()
        samples.append((t, phase, mb))
        print(f"{t:7.0f} s  {phase:<6} RSS {mb:7.1f} MB", flush=True)

    window.rehearsal_box.setChecked(True)
    window.start_button.click()
    wait_until(window.stop_button.isEnabled, 60)
    session = studio_app.studio.session
    engine = session.engine if session is not None else None
    if engine is not None:
        c = engine.compositor
        print(
            f"live: {c.width}x{c.height}, tools {[type(e).__name__ for e in c.effects]}, "
            f"close-up {window.production.closeup_spec()}",
            flush=True,
        )
    if not args.no_tools:
        window.production.scene_buttons["closeup"].click()  # the picture-in-picture on
    sample("show")
    run_for(args.minutes * 60, "show", 0.0 if args.no_tools else args.switch_every)
    window.stop_stream()  # what Stop does once its question is answered yes
    wait_until(window.start_button.isEnabled, 60)
    sample("after")
    run_for(AFTER_STOP_S, "after")
    show = [mb for _, phase, mb in samples if phase == "show"]
    after = [mb for _, phase, mb in samples if phase == "after"]
    summary = {
        "canvas": args.canvas,
        "tools": not args.no_tools,
        "portrait": not args.landscape,
        "minutes": args.minutes,
        "start_mb": round(show[1] if len(show) > 1 else show[0], 1),  # 10 s in: warmed up
        "peak_mb": round(max(show), 1),
        "end_mb": round(show[-1], 1),
        "after_stop_mb": round(after[-1], 1),
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(
            json.dumps({"summary": summary, "samples": samples}, indent=2), encoding="utf-8"
        )
    studio_app.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
