"""`studio devices`: the cameras, microphones, screens and encoders that really open here."""

from __future__ import annotations

import argparse

from studio.app.logs import setup_logging
from studio.cli.terminal import Subcommands
from studio.core.messages import Message


def add_parser(sub: Subcommands[argparse.ArgumentParser]) -> None:
    command = sub.add_parser(
        "devices", help="list cameras, microphones and the encoders that really open here"
    )
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_logging(args.verbose)
    from studio.app.bench import machine_devices

    found = machine_devices()
    print(Message("cli.cameras"))
    for cam in found["cameras"] or [str(Message("cli.no_cameras"))]:
        print(f"  {cam}")
    print(Message("cli.microphones"))
    for mic in found["microphones"] or [str(Message("cli.no_microphones"))]:
        print(f"  {mic}")
    print(Message("cli.screens"))
    for screen in found["screens"] or [str(Message("cli.no_screens"))]:
        print(f"  {screen}")
    print(Message("cli.encoders"))
    for enc in found["encoders"]:
        print(f"  {enc}")
    return 0
