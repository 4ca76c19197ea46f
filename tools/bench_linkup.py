"""Link-up precision: how close to zero the platform receives the call, and the stream shows it.

    uv run python tools/bench_linkup.py [--count 100] [--canvas 720x1280] [--countdown 1]

Streams a still picture to a recording (and to nginx-rtmp if it is installed) while the
show runs `--count` link-ups in a row against the built-in rehearsal platform with its
simulated audience (orders burst after each listing, as in a real flash sale). Prints
|platform receipt − zero| p50/p99/max, and, read back from the recording, the offset of the
first frame showing "上链接!" from zero (0 ≤ offset < one frame is exact).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import av
import cv2
import numpy as np

from studio.app.live import LiveConfig, LiveSession
from studio.app.show import Show, ShowSettings
from studio.core.catalog import Product
from studio.core.destination import Destination
from studio.core.rundown import LinkUpState
from studio.media.engine import percentile
from studio.media.overlays import OverlayPresenter, Placement
from studio.media.text import ensure_gui
from studio.platform_api.http import HttpPlatform
from studio.rehearsal.audience import AudienceSettings
from studio.rehearsal.server import RehearsalServer
from studio.storage.journal import Journal
from tests.support.servers import NginxRtmp, free_port, nginx_binary, nginx_rtmp_module


def banner_frames(path: Path, width: int, height: int) -> list[tuple[float, bool]]:
    """(pts, banner shown) per frame: the banner's left end is red, the grey picture is not."""
    bx, by, bw = Placement.for_canvas(width, height).banner
    bh = int(bw * 0.24)
    px, py = (bx + bh // 2 + 4) // 2, (by + bh // 2) // 2  # inside the rounded end, chroma plane
    out = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            v = frame.to_ndarray(format="yuv420p")[height + height // 4 :].reshape(
                height // 2, width // 2
            )
            out.append((float(frame.pts * stream.time_base), int(v[py, px]) > 170))
    return out


def run(count: int, width: int, height: int, countdown: int, work: Path) -> dict[str, object]:
    ensure_gui()
    picture = work / "grey.png"
    cv2.imwrite(str(picture), np.full((height, width, 3), 110, np.uint8))
    record = work / "linkups.mkv"
    nginx = None
    destinations = []
    if nginx_binary() and nginx_rtmp_module():
        nginx = NginxRtmp(workdir=work / "nginx", port=free_port())
        nginx.start()
        destinations.append(Destination.parse(f"rtmp://127.0.0.1:{nginx.port}/live/bench"))
    config = LiveConfig(
        source=str(picture),
        audio="tone",
        destinations=destinations,
        record=record,
        width=width,
        height=height,
    )
    session = LiveSession(config)
    server = RehearsalServer(audience=AudienceSettings(size=300, seed=1))
    server.start()
    journal = Journal(work / "journal.sqlite3")
    products = [
        Product(f"商品 {i + 1}", 3990, 1990, stock=500, sku=f"S{i + 1}") for i in range(count)
    ]
    session.start()
    show = Show(
        journal,
        HttpPlatform(server.url),
        ShowSettings(countdown_s=countdown),
        OverlayPresenter(session.engine.compositor),
        session.clock.t0_ns,
    )
    show.watch_outputs(
        session.output_status.connect, [o.name for o in session.outputs if o.stats.kind == "rtmp"]
    )
    links = []
    try:
        show.start(products)
        for _ in range(count):
            show.advance()
            link = show.link_up()
            while show.latest(link).state in (
                LinkUpState.HELD,
                LinkUpState.COUNTING,
                LinkUpState.SENDING,
            ):
                time.sleep(0.01)
            links.append(show.latest(link))
            time.sleep(countdown + 0.5)  # let the banner end before the next countdown
        show.end()
    finally:
        stats = session.stats()
        session.stop()
        server.stop()
        journal.close()
        if nginx is not None:
            nginx.stop()

    receipts = [
        abs(ln.platform_received_at - ln.zero_at) * 1000
        for ln in links
        if ln.platform_received_at is not None and ln.zero_at is not None
    ]
    signed = [
        (ln.platform_received_at - ln.zero_at) * 1000
        for ln in links
        if ln.platform_received_at is not None and ln.zero_at is not None
    ]
    frames = banner_frames(record, width, height)
    interval = 1 / config.fps
    offsets = []
    for ln in links:
        zero = ln.zero_stream_s
        assert zero is not None
        first = next((t for t, shown in frames if shown and t >= zero - 2 * interval), None)
        if first is not None:
            offsets.append((first - zero) * 1000)
    exact = sum(1 for o in offsets if -1.0 <= o < interval * 1000 + 1.0)
    return {
        "link_ups": len(links),
        "listed": sum(1 for ln in links if ln.state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT)),
        "receipt_minus_zero_ms_abs_p50": round(percentile(receipts, 50), 2),
        "receipt_minus_zero_ms_abs_p99": round(percentile(receipts, 99), 2),
        "receipt_minus_zero_ms_abs_max": round(max(receipts), 2),
        "receipt_minus_zero_ms_signed_p50": round(percentile(signed, 50), 2),
        "banner_first_frame_minus_zero_ms_min": round(min(offsets), 2),
        "banner_first_frame_minus_zero_ms_max": round(max(offsets), 2),
        "banner_within_one_frame": f"{exact}/{len(offsets)}",
        "stream_late_frames": stats.late_frames,
        "rtmp": bool(destinations),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--canvas", default="720x1280")
    parser.add_argument("--countdown", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    width, height = (int(x) for x in args.canvas.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("STUDIO_DATA_DIR", tmp)
        result = run(args.count, width, height, args.countdown, Path(tmp))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
