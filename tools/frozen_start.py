"""How long the installed (frozen) studio takes from launch to its window, cold and warm.

    sudo uv run python tools/frozen_start.py [installers/build/dist/merchant-studio/studio]

Each run starts the program with a fresh data directory (the first-run wizard already done),
offscreen, and times the launch to the moment the window is shown (its "window shown" log
line, written right after `show()` and the first paint's request), then closes it with
SIGTERM. "Cold": the page cache is dropped first (root: /proc/sys/vm/drop_caches), as after a
reboot; "warm": the files are cached, as at a second launch. Prints the median of each.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "installers" / "build" / "dist" / "merchant-studio" / "studio"
RUNS = 5


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def one(program: Path, cold: bool) -> float:
    with tempfile.TemporaryDirectory() as home:
        data = Path(home) / "data"
        data.mkdir()
        (data / "settings.ini").write_text("[General]\nfirst_run_done=true\n")
        log = data / "logs" / "studio.log"
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": home,
            "LANG": "zh_CN.UTF-8",
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "STUDIO_DATA_DIR": str(data),
        }
        if "DISPLAY" in os.environ:
            env["DISPLAY"] = os.environ["DISPLAY"]
        if cold and not drop_caches():
            sys.exit("dropping the page cache needs root")
        start = time.monotonic()
        proc = subprocess.Popen(
            [str(program)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = start + 60
            while time.monotonic() < deadline:
                if log.exists() and "window shown" in log.read_text(encoding="utf-8"):
                    return time.monotonic() - start
                time.sleep(0.01)
            raise SystemExit("the window did not show within 60 s")
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)


def main() -> None:
    program = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    for cold in (True, False):
        times = [one(program, cold) for _ in range(RUNS)]
        label = "cold" if cold else "warm"
        spread = ", ".join(f"{t:.2f}" for t in times)
        print(f"{label}: median {statistics.median(times):.2f} s to the window ({spread})")


if __name__ == "__main__":
    main()
