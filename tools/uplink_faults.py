"""Benchmark: an ingest edge whose backends restart for 12 s, as a CDN's does.

    uv run python tools/uplink_faults.py [--outage 12] [--json out.json]

nginx-rtmp behind a TCP edge (`tests/support/edge.py`) that accepts and then hangs up before,
during or after the RTMP handshake, plain and over TLS. For each: how many hang-ups the
studio took without giving up, and the seconds from the edge's return to publishing again.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.core.destination import Destination  # noqa: E402
from studio.core.state import OutputState, OutputStatus  # noqa: E402
from studio.media.outputs.rtmp import RtmpOutput  # noqa: E402
from tests.support.edge import FlakyEdge  # noqa: E402
from tests.support.servers import NginxRtmp, self_signed_tls, wait_for  # noqa: E402
from tests.support.session import pattern_engine  # noqa: E402


def one(nginx: NginxRtmp, workdir: Path, scheme: str, mode: str, outage_s: float) -> dict:
    server_tls, client_tls = self_signed_tls(workdir) if scheme == "rtmps" else (None, None)
    edge = FlakyEdge(nginx.port, tls=server_tls)
    engine = pattern_engine()
    out = RtmpOutput(
        Destination.parse(edge.url(f"bench-{scheme}-{mode}")),
        engine.encoder.stream_info,
        ssl_context=client_tls,
    )
    events: list[OutputStatus] = []
    out.status_changed.connect(events.append)
    engine.add_output(out)
    engine.start()
    try:
        wait_for(lambda: out.stats.sent_video_frames > 30, 20, "live")
        edge.mode = mode
        edge.drop()
        time.sleep(outage_s)  # the backends restart (a benchmark may wait; a test may not)
        hung_up = edge.hung_up
        edge.mode = "forward"
        back = time.monotonic()
        wait_for(lambda: out.state is OutputState.LIVE, 60, "publishing again")
        again_s = time.monotonic() - back
    finally:
        engine.stop()
        edge.close()
    return {
        "scheme": scheme,
        "mode": mode,
        "hang_ups": hung_up,
        "gave_up": any(e.state is OutputState.FAILED for e in events),
        "publish_again_s": round(again_s, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--outage", type=float, default=12.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        nginx = NginxRtmp(Path(tmp) / "nginx")
        nginx.start()
        try:
            for scheme in ("rtmp", "rtmps"):
                for mode in ("before_handshake", "mid_handshake", "after_handshake"):
                    row = one(nginx, Path(tmp), scheme, mode, args.outage)
                    rows.append(row)
                    print(
                        f"{scheme:6} {mode:17} hang-ups {row['hang_ups']:3}  "
                        f"gave up: {'yes' if row['gave_up'] else 'no ':3}  "
                        f"publishing again {row['publish_again_s']:.2f} s after the edge is back",
                        flush=True,
                    )
        finally:
            nginx.stop()
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
