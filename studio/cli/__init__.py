"""The command line: `studio live --headless`, `devices`, `bench`, `latency`, `platform`,
`catalog`, `console`, `token`, a module each (`cmd_<command>.py`: its flags in `add_parser`,
its work in `run`), dispatched through argparse's `set_defaults(func=...)`.

External acceptance checks call `studio live --headless ...` exactly as documented in the
README: keep the flags stable.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from studio.app.about import version_line
from studio.cli import (
    cmd_bench,
    cmd_catalog,
    cmd_console,
    cmd_devices,
    cmd_latency,
    cmd_live,
    cmd_platform,
    cmd_token,
)
from studio.core.messages import Message

# in the order `studio --help` lists them
COMMANDS = (
    cmd_live,
    cmd_devices,
    cmd_bench,
    cmd_latency,
    cmd_platform,
    cmd_catalog,
    cmd_console,
    cmd_token,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studio",
        description=str(Message("cli.description")),
        epilog="Run `studio` with no arguments for the window; `studio live --help` for streaming.",
        formatter_class=argparse.RawDescriptionHelpFormatter,  # --version on one line, unwrapped
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="more log detail")
    parser.add_argument("--version", action="version", version=version_line())
    sub = parser.add_subparsers(dest="command")

    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        print("\n" + str(Message("cli.no_arguments")))
        return 0
    run: Callable[[argparse.Namespace], int] = args.func
    return run(args)
