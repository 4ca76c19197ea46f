"""Benchmark: how close `studio bench --uplink` comes to a link's real rate.

    sudo uv run python tools/uplink_accuracy.py [--rates 800,1500,3000,6000]

For each rate: a network namespace whose loopback is shaped with tc tbf to that rate, nginx-rtmp
in it, and `studio bench --uplink … --json` run in it. Prints the shaped rate, what a plain
TCP sender gets through the same link (the ceiling: acknowledgements share the link), what
the studio measured, and the preset it picked.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.cli import studio_env  # noqa: E402
from tests.support.netns import netns_command, shaped_loopback  # noqa: E402
from tests.support.servers import NginxRtmp  # noqa: E402

TCP_CEILING = r"""
import socket, threading, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
got = [0]
def sink():
    c, _ = s.accept()
    while (d := c.recv(65536)):
        got[0] += len(d)
threading.Thread(target=sink, daemon=True).start()
c = socket.create_connection(s.getsockname()); c.settimeout(10)
t = time.monotonic(); buf = b"x" * 16384
while time.monotonic() - t < 6:
    c.send(buf)
print(int(got[0] * 8 / 1000 / (time.monotonic() - t)))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", default="800,1500,3000,6000")
    args = parser.parse_args()
    print(f"{'shaped':>8} {'TCP gets':>9} {'studio':>8} {'ratio':>6}  uplink / recommended")
    for rate in (int(r) for r in args.rates.split(",")):
        with tempfile.TemporaryDirectory() as tmp, shaped_loopback(rate) as ns:
            ceiling = int(
                subprocess.run(
                    netns_command(ns, sys.executable, "-c", TCP_CEILING),
                    capture_output=True,
                    text=True,
                    timeout=60,
                ).stdout.strip()
                or 0
            )
            nginx = NginxRtmp(Path(tmp) / "nginx", netns=ns)
            nginx.start()
            try:
                result = subprocess.run(
                    netns_command(
                        ns, sys.executable, "-m", "studio", "bench", "--uplink",
                        nginx.url("accuracy"), "--json", "--seconds", "1", "--canvas", "640x360",
                    ),
                    capture_output=True,
                    text=True,
                    timeout=300,
                    env=studio_env(),
                )  # fmt: skip
            finally:
                nginx.stop()
        data = json.loads(result.stdout)
        measured = data["uplink_kbps"]
        print(
            f"{rate:>8} {ceiling:>9} {measured:>8} {measured / rate:>6.2f}  "
            f"{data['uplink_preset'] or 'none'} / {data['recommended_preset']}",
            [round(s["sent_kbps"]) for s in data["uplink_steps"]],
            flush=True,
        )


if __name__ == "__main__":
    main()
