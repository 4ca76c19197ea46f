"""Benchmark: how close `studio latency URL` comes to the delay a viewer's path really adds.

    uv run python tools/latency_accuracy.py [--delays 0,1,2,4] [--seconds 10]

A 720x1280 test stream is pushed to nginx-rtmp (with HLS, 1 s and 2 s fragments). Then
`studio latency` plays it: straight from nginx (RTMP), through a proxy that holds the
server's bytes back by each configured delay (a CDN in between), and as HLS. Prints, for
each, the measured delay and how far the RTMP ones are from "direct + configured".
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.cli import studio_command, studio_env  # noqa: E402
from tests.support.servers import DelayProxy, HttpFlvRelay, NginxRtmp, wait_for  # noqa: E402


def measure(url: str, seconds: float) -> dict[str, float]:
    out = subprocess.run(
        studio_command("latency", url, "--seconds", str(seconds), "--timeout", "40", "--json"),
        capture_output=True,
        text=True,
        env=studio_env(),
        timeout=120,
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    data: dict[str, float] = json.loads(out.stdout)
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delays", default="0,1,2,4")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    delays = [float(d) for d in args.delays.split(",")]
    for fragment in (1.0, 2.0):
        with tempfile.TemporaryDirectory() as tmp:
            nginx = NginxRtmp(workdir=Path(tmp), hls_fragment_s=fragment)
            nginx.start()
            push = subprocess.Popen(
                studio_command(
                    "live", "--headless", "--canvas", "720x1280", "--to", nginx.url("show")
                ),
                env=studio_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                m3u8 = Path(tmp) / "hls" / "show.m3u8"
                wait_for(m3u8.exists, 60, "HLS")
                time.sleep(fragment * 5)  # a playlist of several segments, as on a CDN
                if fragment == 1.0:
                    direct = measure(nginx.url("show"), args.seconds)
                    print(
                        f"RTMP direct: {direct['delay_s']:.3f} s (p10 {direct['p10_s']:.3f}, "
                        f"p90 {direct['p90_s']:.3f}, {direct['frames']} frames)"
                    )
                    for delay in delays:
                        proxy = DelayProxy(nginx.port, delay)
                        try:
                            got = measure(f"rtmp://127.0.0.1:{proxy.port}/live/show", args.seconds)
                        finally:
                            proxy.stop()
                        added = got["delay_s"] - direct["delay_s"]
                        print(
                            f"RTMP + {delay:.1f} s: {got['delay_s']:.3f} s, adds {added:.3f} "
                            f"(error {added - delay:+.3f} s)"
                        )
                    relay = HttpFlvRelay(nginx.url("show"))
                    try:
                        flv = measure(relay.url("show"), args.seconds)
                    finally:
                        relay.stop()
                    print(f"HTTP-FLV (a relay of the RTMP stream): {flv['delay_s']:.3f} s")
                hls = measure(nginx.hls_url("show"), args.seconds)
                print(
                    f"HLS, {fragment:.0f} s fragments: {hls['delay_s']:.3f} s "
                    f"(p10 {hls['p10_s']:.3f}, p90 {hls['p90_s']:.3f}, stalls {hls['stalls']})"
                )
            finally:
                push.terminate()
                push.wait(20)
                nginx.stop()


if __name__ == "__main__":
    main()
