"""Zero → click → confirmed on each live console's double, in a real headless Chromium.

    uv run python tools/bench_console.py [--rounds 50]

For each console (tests/support/console_pages, served on 127.0.0.1), the product's 讲解 is
pressed `--rounds` times (and 取消讲解 between, not timed) through the studio's own
`ConsoleDriver.press`, as at a link-up's zero: from the moment the studio decides (zero)
to the mouse click dispatched, to the console showing 取消讲解 (the page's own clock, the time
journaled), and to the studio knowing it. Prints p50 / p99 in milliseconds.

The real consoles cannot be reached from here: these are the doubles' figures (the page
answers the click at once); a real console adds its own server round trip.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.console.descriptions import PLATFORMS, load_spec
from studio.console.driver import ConsoleDriver
from tests.support.console_pages import ConsoleDouble


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def bench(double: ConsoleDouble, platform: str, rounds: int, profile: Path) -> list[str]:
    os.environ["STUDIO_CONSOLE_URL"] = double.url(platform)
    driver = ConsoleDriver(load_spec(platform), profile, headless=True)
    clicked, confirmed, known = [], [], []
    try:
        await driver.open()
        for _ in range(rounds):
            zero = time.time()
            result = await driver.press("3601000002", "", "stop", 2.0)
            done = time.time()
            if result.outcome != "confirmed" or result.confirmed_at is None:
                raise SystemExit(f"{platform}: {result.outcome}")
            assert result.clicked_at is not None
            clicked.append((result.clicked_at - zero) * 1000)
            confirmed.append((result.confirmed_at - zero) * 1000)
            known.append((done - zero) * 1000)
            back = await driver.press("3601000002", "", "explain", 2.0)
            if back.outcome != "confirmed":
                raise SystemExit(f"{platform}: 取消讲解 {back.outcome}")
    finally:
        await driver.close()
    return [
        f"{platform:9s} {pct(clicked, 0.5):6.1f} {pct(clicked, 0.99):6.1f}   "
        f"{pct(confirmed, 0.5):6.1f} {pct(confirmed, 0.99):6.1f}   "
        f"{pct(known, 0.5):6.1f} {pct(known, 0.99):6.1f}   (mean {statistics.fmean(known):.1f})"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    double = ConsoleDouble().start()
    print(f"{args.rounds} rounds each; milliseconds from zero")
    print("console   click p50/p99   confirmed p50/p99   studio knows p50/p99")
    try:
        with tempfile.TemporaryDirectory() as folder:
            for platform in PLATFORMS:
                lines = asyncio.run(bench(double, platform, args.rounds, Path(folder) / platform))
                print("\n".join(lines), flush=True)
    finally:
        double.stop()


if __name__ == "__main__":
    main()
