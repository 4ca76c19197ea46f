"""`studio console login PLATFORM`: open a platform's live console in the studio's own
browser profile, to log in once (the platform's own QR code); `--platform console:…` then
drives it."""

from __future__ import annotations

import argparse
import sys

from studio.cli.terminal import Subcommands, fail, printable, ranged
from studio.core.messages import render


def add_parser(sub: Subcommands[argparse.ArgumentParser]) -> None:
    console = sub.add_parser("console", help="the platforms' live consoles in your browser")
    console_sub = console.add_subparsers(dest="console_action", required=True)
    login = console_sub.add_parser(
        "login", help="open a live console to log in once (the platform's own QR code)"
    )
    login.add_argument(
        "console_platform", metavar="PLATFORM", help="douyin | buyin | kuaishou | taobao | channels"
    )
    login.add_argument(
        "--wait",
        type=ranged(float, 1, 3600, "--wait"),
        default=300.0,
        metavar="SECONDS",
        help="how long to wait for the login (default 300)",
    )
    console.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from studio.app.console import LoginCancelled, console_login
    from studio.app.errors import ConfigError

    try:
        say = lambda words: print(printable(render(words)), flush=True)  # noqa: E731
        return 0 if console_login(args.console_platform, say, args.wait) else 1
    except ConfigError as exc:
        fail(exc)
        return 2
    except LoginCancelled as exc:  # Ctrl+C, SIGTERM, SIGHUP: one line, the browser closed
        print(printable(render(exc.message)), file=sys.stderr, flush=True)
        return 128 + exc.signal
