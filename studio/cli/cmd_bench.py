"""`studio bench`: measure what this machine can stream (and the uplink), and pick a preset."""

from __future__ import annotations

import argparse
from pathlib import Path

from studio.app.logs import setup_logging
from studio.cli.terminal import Subcommands, canvas, ranged


def add_parser(sub: Subcommands[argparse.ArgumentParser]) -> None:
    bench = sub.add_parser("bench", help="measure what this machine can stream, and pick a preset")
    bench.add_argument(
        "--seconds",
        type=ranged(float, 0.1, 3600, "--seconds"),
        default=10.0,
        help="seconds per canvas",
    )
    bench.add_argument(
        "--canvas",
        action="append",
        type=canvas,
        help="canvases to measure (default: 720p, 720x1280, 1080p)",
    )
    bench.add_argument(
        "--json",
        type=Path,
        nargs="?",
        const=Path("-"),
        help="write the figures as JSON to this file; alone, print one JSON object on stdout",
    )
    bench.add_argument(
        "--uplink",
        metavar="URL",
        help="also measure the uplink by publishing a test stream to this push URL (~10 s)",
    )
    bench.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_logging(args.verbose)
    from studio.app.bench import run_bench

    return run_bench(args.seconds, args.canvas, args.json, uplink=args.uplink)
