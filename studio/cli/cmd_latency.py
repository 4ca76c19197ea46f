"""`studio latency URL`: how late viewers see the stream, read from its own time stamps."""

from __future__ import annotations

import argparse
import json

from studio.app.logs import setup_logging
from studio.cli.terminal import Subcommands, fail, printable, ranged, url_secrets
from studio.core.messages import Message, render


def add_parser(sub: Subcommands[argparse.ArgumentParser]) -> None:
    latency = sub.add_parser(
        "latency", help="measure how late viewers see the stream, from a playback URL"
    )
    latency.add_argument(
        "url", help="the playback URL: rtmp://…, HTTP-FLV http(s)://….flv or HLS .m3u8"
    )
    latency.add_argument(
        "--seconds", type=ranged(float, 2, 120, "--seconds"), default=10.0, help="how long to play"
    )
    latency.add_argument(
        "--timeout",
        type=ranged(float, 1, 120, "--timeout"),
        default=10.0,
        help="seconds to wait for the URL to open and for data (default 10)",
    )
    latency.add_argument("--json", action="store_true", help="print one JSON object")
    latency.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Play the URL and say how late viewers see the picture (the studio's SEI stamps)."""
    setup_logging(args.verbose, tuple(url_secrets(args.url)))
    from studio.app.latency import LatencyError, measure_viewer_delay

    try:
        result = measure_viewer_delay(args.url, args.seconds, args.timeout)
    except LatencyError as exc:
        fail(exc)
        if args.json:  # a script reads stdout: the failure as JSON too, its code and words
            code = exc.message.code if exc.message.code != "plain" else "latency.failed"
            words = printable(render(exc.message))
            print(json.dumps({"error": {"code": code, "message": words}}))
        return 3
    if args.json:
        print(json.dumps(result.to_json()))
        return 0
    data = result.to_json()
    print(
        Message(
            "latency.result",
            {
                "delay": f"{data['delay_s']:.2f}",
                "kind": data["kind"].upper(),
                "frames": data["frames"],
                "p10": f"{data['p10_s']:.2f}",
                "p90": f"{data['p90_s']:.2f}",
                "stalls": data["stalls"],
            },
        )
    )
    return 0
