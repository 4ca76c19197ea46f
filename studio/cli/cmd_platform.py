"""`studio platform`: the built-in rehearsal platform alone, for an integrator or a second PC."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from studio.app.logs import setup_logging
from studio.cli.terminal import Subcommands, fail, printable, ranged
from studio.core.messages import Message, os_reason


def add_parser(sub: Subcommands[argparse.ArgumentParser]) -> None:
    platform = sub.add_parser("platform", help="run the built-in rehearsal platform alone")
    platform.add_argument(
        "--port",
        type=ranged(int, 0, 65535, "--port"),
        default=8765,
        help="loopback port (0: any free)",
    )
    platform.add_argument(
        "--audience", type=ranged(int, 0, 100_000, "--audience"), default=200, help="viewers"
    )
    platform.add_argument("--seed", type=ranged(int, 0, 2**31, "--seed"), default=0, help="seed")
    platform.add_argument(
        "--token-stdin", action="store_true", help="require the bearer token read from stdin"
    )
    platform.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """The rehearsal platform alone, until Ctrl-C or SIGTERM: for an integrator, or a second PC.

    Ctrl-C and SIGTERM stop it in every state (reading the token, binding, starting,
    serving): the handler raises, so no wait (a blocking read, the start-up poll) swallows
    the signal, and the server's own stop is bounded (uvicorn's graceful shutdown)."""

    def on_signal(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    setup_logging(args.verbose)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    server = None
    try:
        from studio.app.platforms.rehearsal_spec import rehearsal_server

        token = sys.stdin.readline().strip() if args.token_stdin else None
        if args.token_stdin and not token:
            fail(Message("cli.token_stdin_empty"))
            return 2
        try:
            server = rehearsal_server(args.port, token, args.audience, args.seed)
        except OSError as exc:
            fail(_port_unavailable(args.port, exc))
            return 2
        try:
            server.start()
        except RuntimeError:
            fail(Message("cli.platform_not_started", {"port": args.port}))
            return 1
        print(printable(str(Message("cli.platform_ready", {"url": server.url}))), flush=True)
        forever = threading.Event()
        while not forever.wait(3600):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        # the stop itself is bounded; a second Ctrl-C must not cut it short with a traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if server is not None:
            server.stop()
    return 0


def _port_unavailable(port: int, exc: OSError) -> Message:
    """Why a port cannot be had, in words, and what to do: another --port."""
    import errno

    if exc.errno == errno.EADDRINUSE:
        return Message("cli.port_in_use", {"port": port})
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Message("cli.port_not_allowed", {"port": port})
    return Message("cli.port_unavailable", {"port": port, "reason": os_reason(exc)})
